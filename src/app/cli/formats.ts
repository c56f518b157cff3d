/** Output formats of `lint` and `check`: its own module so the command line can list them without loading ESLint. */
export const REPORT_FORMATS = ['stylish', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
