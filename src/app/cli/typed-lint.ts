/**
 * Whether `lint` and `check` use type information: `--types`/`--no-types`, else the configuration's `types`, else
 * this default. Kept apart from the ESLint runner so the command line can name the default without loading ESLint.
 */
export const TYPED_LINT_DEFAULT = false;

export function typedLintEnabled(flag: boolean | undefined, configured: boolean | undefined): boolean {
  return flag ?? configured ?? TYPED_LINT_DEFAULT;
}
