/**
 * The common shape of what `lint` and `check` found (rule findings, pending codemod changes, files that failed),
 * built from ESLint results and codemod run reports, and printed as stylish text, JSON or SARIF.
 */
import type { ESLint, Linter } from 'eslint';
import { changedTexts, type CodemodRunReport } from '../runner/index.js';
import { packageInfo } from '../../util/package-info.js';
import { changedRegions } from './diff.js';
import { displayPath, toPosix } from './paths.js';
import { TOOL_NAME } from './io.js';

export const CODEMOD_RULE_PREFIX = 'codemod';
/** The finding id of an `eslint-disable otel/…` comment that suppresses nothing (ESLint gives these no rule id). */
const UNUSED_DIRECTIVE_ID = 'unused-disable-directive';

export interface Finding {
  path: string;
  /** `otel/<rule>` for lint findings, `codemod/<name>` for pending codemod changes, or UNUSED_DIRECTIVE_ID. */
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Failure {
  path: string;
  message: string;
  line?: number;
  column?: number;
  /** `lint` or the codemod's name. */
  source: string;
}

export interface Note {
  path?: string;
  source: string;
  message: string;
}

export interface CodemodStatus {
  name: string;
  ran: boolean;
  /** Why it did not run, or the project check's remark. */
  note?: string;
  pendingFiles: number;
}

export interface FindingsReport {
  command: 'lint' | 'check';
  /** Every file looked at (absolute). */
  files: string[];
  findings: Finding[];
  failures: Failure[];
  notes: Note[];
  /** Only for `check`. */
  codemods: CodemodStatus[];
  durationMs: number;
}

export function emptyReport(command: FindingsReport['command'], files: string[]): FindingsReport {
  return { command, files, findings: [], failures: [], notes: [], codemods: [], durationMs: 0 };
}

/** ESLint's results: rule messages become findings; fatal ones (parse errors) become failures. */
export function addLintResults(report: FindingsReport, results: readonly ESLint.LintResult[]): void {
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) {
        addFailure(report, {
          path: result.filePath,
          message: message.message,
          line: message.line,
          column: message.column,
          source: 'lint',
        });
      } else {
        // The only rule-less messages left by the lint run are unused otel/* directives, when asked for.
        report.findings.push({
          path: result.filePath,
          ruleId: message.ruleId ?? UNUSED_DIRECTIVE_ID,
          severity: message.severity === 1 ? 1 : 2,
          message: message.message,
          line: message.line,
          column: message.column,
          endLine: message.endLine,
          endColumn: message.endColumn,
        });
      }
    }
  }
}

/**
 * A codemod's check-mode run: each file it would change is one finding, located at the first changed region, its
 * message listing every changed stretch (one finding per region buries lint findings under import-line edits).
 */
export function addCodemodReport(report: FindingsReport, run: CodemodRunReport): number {
  let pendingFiles = 0;
  for (const entry of run.packages) report.notes.push({ path: entry.packageJson, source: run.codemod, message: entry.message });
  for (const file of run.files) {
    for (const note of file.notes) report.notes.push({ path: file.path, source: run.codemod, message: note });
    if (file.status === 'failed') {
      addFailure(report, { path: file.path, ...file.error, source: run.codemod });
    } else if (file.status === 'changed') {
      pendingFiles++;
      const { before, after } = changedTexts(file);
      const regions = changedRegions(before, after);
      const first = regions[0] ?? { startLine: 1, endLine: 1, endLineLength: 0, added: 0, removed: 0 };
      const stretches = regions.map((region) =>
        region.startLine === region.endLine
          ? String(region.startLine)
          : `${String(region.startLine)}-${String(region.endLine)}`,
      );
      const added = regions.reduce((sum, region) => sum + region.added, 0);
      const removed = regions.reduce((sum, region) => sum + region.removed, 0);
      report.findings.push({
        path: file.path,
        ruleId: `${CODEMOD_RULE_PREFIX}/${run.codemod}`,
        severity: 2,
        message:
          `${run.codemod} would change line${stretches.length === 1 && first.startLine === first.endLine ? '' : 's'} ` +
          `${stretches.join(', ')} (+${String(added)} -${String(removed)}); run "${TOOL_NAME} ${run.codemod}" to apply`,
        line: first.startLine,
        column: 1,
        endLine: first.endLine,
        endColumn: first.endLineLength + 1,
      });
    }
  }
  return pendingFiles;
}

/** One failure per file: an unparseable file fails lint and every codemod alike, and once is enough to say so. */
function addFailure(report: FindingsReport, failure: Failure): void {
  if (!report.failures.some((existing) => existing.path === failure.path)) report.failures.push(failure);
}

export function exitCodeOf(report: FindingsReport): number {
  if (report.failures.length > 0) return 2;
  return report.findings.some((finding) => finding.severity === 2) ? 1 : 0;
}

/** ESLint-shaped results grouped by file and sorted by position, for ESLint's own formatters. */
export function toLintResults(report: FindingsReport): ESLint.LintResult[] {
  const byFile = new Map<string, Linter.LintMessage[]>();
  const messagesOf = (path: string) => {
    let messages = byFile.get(path);
    if (!messages) byFile.set(path, (messages = []));
    return messages;
  };
  for (const failure of report.failures) {
    messagesOf(failure.path).push({
      ruleId: null,
      fatal: true,
      severity: 2,
      message: failure.source === 'lint' ? failure.message : `${failure.source}: ${failure.message}`,
      line: failure.line ?? 1,
      column: failure.column ?? 1,
    });
  }
  for (const finding of report.findings) {
    messagesOf(finding.path).push({
      ruleId: finding.ruleId === UNUSED_DIRECTIVE_ID ? null : finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    });
  }
  const byPath = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byFile].sort(byPath).map(([filePath, messages]) => {
    messages.sort((a, b) => a.line - b.line || a.column - b.column);
    const errorCount = messages.filter((message) => message.severity === 2).length;
    return {
      filePath,
      messages,
      suppressedMessages: [],
      errorCount,
      fatalErrorCount: messages.filter((message) => message.fatal).length,
      warningCount: messages.length - errorCount,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
}

/** The `--format json` document. Paths are relative to the working directory, with forward slashes. */
export function toJson(report: FindingsReport, cwd: string): object {
  const rel = (path: string) => toPosix(displayPath(path, cwd));
  return {
    tool: { name: packageInfo.name, version: packageInfo.version },
    command: report.command,
    files: toLintResults(report)
      .filter((result) => result.messages.some((message) => !message.fatal))
      .map((result) => ({
      path: rel(result.filePath),
      findings: result.messages
        .filter((message) => !message.fatal)
        .map((message) => ({
          ruleId: message.ruleId,
          severity: message.severity === 2 ? 'error' : 'warning',
          message: message.message,
          line: message.line,
          column: message.column,
          endLine: message.endLine,
          endColumn: message.endColumn,
        })),
    })),
    failures: report.failures.map((failure) => ({ ...failure, path: rel(failure.path) })),
    notes: report.notes.map((note) => ({ ...note, ...(note.path ? { path: rel(note.path) } : {}) })),
    ...(report.command === 'check' ? { codemods: report.codemods } : {}),
    summary: summaryCounts(report),
    exitCode: exitCodeOf(report),
  };
}

function summaryCounts(report: FindingsReport) {
  const lint = report.findings.filter((finding) => !finding.ruleId.startsWith(`${CODEMOD_RULE_PREFIX}/`));
  return {
    files: report.files.length,
    lintFindings: lint.length,
    errors: lint.filter((finding) => finding.severity === 2).length,
    warnings: lint.filter((finding) => finding.severity === 1).length,
    pendingChanges: report.findings.length - lint.length,
    filesWithPendingChanges: new Set(report.findings.filter((f) => !lint.includes(f)).map((f) => f.path)).size,
    failed: report.failures.length,
    durationMs: Math.round(report.durationMs),
  };
}

/** The lines printed after the stylish table: notes, then one summary line. */
export function summaryText(report: FindingsReport, cwd: string): string {
  const lines: string[] = [];
  for (const note of report.notes) {
    const where = note.path ? `note ${displayPath(note.path, cwd)} (${note.source})` : note.source;
    lines.push(`${where}: ${note.message}`);
  }
  const counts = summaryCounts(report);
  const seconds = (report.durationMs / 1000).toFixed(2);
  const plural = (n: number, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
  const severities = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
  const lint = `${plural(counts.lintFindings, 'finding')} (${severities})`;
  if (report.command === 'lint') {
    const failed = `${String(counts.failed)} failed in ${seconds}s`;
    lines.push(`${TOOL_NAME} lint: ${plural(counts.files, 'file')}, ${lint}, ${failed}`);
  } else {
    const codemods = report.codemods
      .map((codemod) =>
        !codemod.ran
          ? `${codemod.name} skipped`
          : codemod.pendingFiles > 0
            ? `${codemod.name} would change ${plural(codemod.pendingFiles, 'file')}`
            : `${codemod.name} nothing to change`,
      )
      .join(', ');
    lines.push(
      `${TOOL_NAME} check: ${plural(counts.files, 'file')}; lint: ${lint}; codemods: ${codemods || 'none'}; ` +
        `${String(counts.failed)} failed in ${seconds}s`,
    );
  }
  return `${lines.join('\n')}\n`;
}
