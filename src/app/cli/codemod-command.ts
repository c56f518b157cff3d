/** `otel-codemod <codemod> <paths...>`: one codemod over files, with the shared flags. */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Options } from 'jscodeshift';
import type { CodemodModule, ProjectVerdict } from '../../codemod/types.js';
import type { LoadedConfig } from '../config/index.js';
import { findNearestPackageJson } from '../package-json.js';
import {
  changedTexts,
  CodemodRunner,
  findDirtyWorkTrees,
  type CodemodRunReport,
  type FailedFileReport,
  type FileReport,
} from '../runner/index.js';
import { UserError } from '../user-error.js';
import { packageInfo } from '../../util/package-info.js';
import { TOOL_NAME, type CliIo } from './io.js';
import { collectNamedPaths, displayPath, toPosix } from './paths.js';
import { progressBarFor } from './progress.js';

export interface CodemodFlags {
  dry?: boolean;
  diff?: boolean;
  check?: boolean;
  json?: boolean;
  jobs?: number;
  /** `--ignore` patterns; false for `--no-ignore`. */
  ignore?: string[] | false;
  force?: boolean;
  config?: string;
}

export interface CodemodInvocation {
  codemod: CodemodModule;
  paths: string[];
  flags: CodemodFlags;
  options: Options;
  config: LoadedConfig;
  registryUrl: URL | string;
}

type Mode = 'write' | 'dry' | 'check';

/** Returns the exit code: 2 when a file failed, 1 when --check found pending changes, else 0. */
export async function runCodemodCommand(invocation: CodemodInvocation, io: CliIo): Promise<number> {
  const started = performance.now();
  const { codemod, paths, flags, options, config } = invocation;
  const name = codemod.meta.name;
  const mode: Mode = flags.check ? 'check' : flags.dry || flags.diff ? 'dry' : 'write';

  // A codemod that rewrites package.json gets those files too (the runner hands them to its hook).
  const collected = collectNamedPaths(paths, flags.ignore, config, io, codemod.meta.packageJson ? ['package.json'] : []);

  if (mode === 'write' && !flags.force) {
    const dirty = findDirtyWorkTrees(paths, io.cwd);
    if (dirty.length > 0) {
      const where = dirty.map((tree) => tree.root).join(', ');
      throw new UserError(
        `the git work tree ${where} has uncommitted changes under the given paths; commit or stash them first, or rerun with --force`,
      );
    }
  }

  const project = findNearestPackageJson(paths.length > 0 ? resolve(io.cwd, paths[0]) : io.cwd);
  const scope = { namedPaths: paths.map((path) => resolve(io.cwd, path)), files: collected.files };
  const verdict: ProjectVerdict | undefined = codemod.meta.checkProject?.(project?.packageJson ?? null, options, scope);
  const runOptions = { ...options, ...verdict?.options };

  let report: CodemodRunReport;
  let hint: string | undefined;
  if (verdict?.skip) {
    report = { codemod: name, files: [], notCandidates: collected.files, durationMs: 0, workers: 0, packages: [], stats: {} };
  } else {
    const runner = new CodemodRunner({ registryUrl: invocation.registryUrl, jobs: flags.jobs });
    const progress = progressBarFor(io, name);
    try {
      report = await runner.run({
        codemod: name,
        options: runOptions,
        files: collected.files,
        write: mode === 'write',
        keepTexts: flags.diff === true,
        onProgress: (done, total) => {
          progress.update(done, total);
        },
      });
      if (report.files.length === 0 && collected.files.length > 0) hint = await noCandidatesHint(codemod, runner, runOptions, collected.files);
    } finally {
      progress.finish();
      await runner.close();
    }
  }

  // The diff library is loaded only for --diff: most runs print no patch.
  const diff = flags.diff ? await import('./diff.js') : undefined;
  const diffOf: PatchOf | undefined = diff && ((path, { before, after }) => diff.unifiedDiff(path, before, after));
  const counts = countFiles(report, collected.ignored.length);
  // The whole command's time, walking and the git check included, as a user would time it.
  const durationMs = performance.now() - started;
  const exitCode = counts.failed > 0 ? 2 : mode === 'check' && counts.changed > 0 ? 1 : 0;

  if (flags.json) {
    const json = {
      tool: { name: packageInfo.name, version: packageInfo.version },
      codemod: name,
      mode,
      options,
      project: {
        packageJson: project ? toPosix(displayPath(project.path, io.cwd)) : null,
        skipped: verdict?.skip ?? false,
        note: verdict?.note ?? null,
      },
      hint: hint ?? null,
      stats: { counts: report.stats, summary: codemod.meta.summarizeStats?.(report.stats) ?? null },
      packages: report.packages.map((entry) => ({
        ...entry,
        packageJson: toPosix(displayPath(entry.packageJson, io.cwd)),
        files: entry.files.map((path) => toPosix(displayPath(path, io.cwd))),
      })),
      files: report.files
        .filter((file) => file.status !== 'unchanged' || file.notes.length > 0)
        .map((file) => jsonFile(file, io.cwd, diffOf)),
      summary: { ...counts, durationMs: Math.round(durationMs) },
      exitCode,
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return exitCode;
  }

  // stdout carries the report; with --diff the report is the patch, so everything else moves to stderr.
  const out = flags.diff ? io.stderr : io.stdout;
  const changed = report.files.filter((file) => file.status === 'changed');
  if (diffOf) {
    for (const file of changed) {
      io.stdout.write(diffOf(toPosix(displayPath(file.path, io.cwd)), changedTexts(file)));
    }
  } else {
    for (const file of changed) {
      out.write(`${file.written ? 'changed' : 'would change'} ${displayPath(file.path, io.cwd)}\n`);
    }
  }
  for (const file of report.files) {
    for (const note of file.notes) out.write(`note ${displayPath(file.path, io.cwd)}: ${note}\n`);
  }
  for (const file of report.files) {
    if (file.status === 'failed') io.stderr.write(`${failureLine(file, io.cwd)}\n`);
  }
  for (const entry of report.packages) out.write(`${name}: ${displayPath(entry.packageJson, io.cwd)}: ${entry.message}\n`);
  const statsLine = codemod.meta.summarizeStats?.(report.stats);
  if (statsLine) out.write(`${name}: ${statsLine}\n`);
  // A first run that selected nothing needs the hint, not run details.
  if (hint) out.write(`${name}: ${hint}\n`);
  else if (verdict?.note) out.write(`${name}: ${verdict.note}\n`);
  out.write(`${summaryLine(name, counts, durationMs, mode)}\n`);
  return exitCode;
}

/**
 * Files a first-run probe looks at, at most: on the benchmark's real repositories the probe over every file took
 * 0.3–0.6× as long as jscodeshift's parse-only run, for one line of guidance.
 */
const PROBE_FILES = 500;

/** When no file was a candidate, a dry probe run (if the codemod asks for one) turned into one line of guidance. */
async function noCandidatesHint(
  codemod: CodemodModule,
  runner: CodemodRunner,
  options: Options,
  files: string[],
): Promise<string | undefined> {
  const guide = codemod.meta.noCandidates;
  if (!guide) return undefined;
  const probeOptions = guide.probeOptions(options);
  if (!probeOptions) return guide.hint(options, [], { probed: 0, files: files.length });
  // A hint is worth a fraction of a second: a large run's probe looks at an even sample of its files.
  const sample = evenSample(files, PROBE_FILES);
  const probe = await runner.run({ codemod: codemod.meta.name, options: probeOptions, files: sample, write: false });
  const changes = probe.files
    .filter((file) => file.status === 'changed')
    .map((file) => changedTexts(file));
  return guide.hint(options, changes, { probed: sample.length, files: files.length });
}

/** `count` items spread evenly over the list (every one when it is no longer). */
function evenSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

interface FileCounts {
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

function countFiles(report: CodemodRunReport, ignored: number): FileCounts {
  const count = (status: FileReport['status']) => report.files.filter((file) => file.status === status).length;
  return {
    changed: count('changed'),
    unchanged: count('unchanged'),
    skipped: report.notCandidates.length + ignored + count('skipped'),
    failed: count('failed'),
  };
}

function summaryLine(name: string, counts: FileCounts, durationMs: number, mode: Mode): string {
  const seconds = (durationMs / 1000).toFixed(2);
  const line =
    `${name}: ${String(counts.changed)} changed, ${String(counts.unchanged)} unchanged, ` +
    `${String(counts.skipped)} skipped, ${String(counts.failed)} failed in ${seconds}s`;
  if (mode === 'check') {
    const needs = `${String(counts.changed)} ${counts.changed === 1 ? 'file needs' : 'files need'}`;
    return counts.changed > 0 ? `${line} (check: ${needs} ${TOOL_NAME} ${name})` : `${line} (check: nothing to change)`;
  }
  return mode === 'dry' ? `${line} (dry run: nothing written)` : line;
}

/** `path:line:column message`, the shape editors and terminals turn into links. */
export function failureLine(file: Pick<FailedFileReport, 'path' | 'error'>, cwd: string): string {
  const { error } = file;
  const column = error.column === undefined ? '' : `:${String(error.column)}`;
  const at = error.line === undefined ? '' : `:${String(error.line)}${column}`;
  return `${displayPath(file.path, cwd)}${at} ${error.message}`;
}

type PatchOf = (path: string, texts: { before: string; after: string }) => string;

function jsonFile(file: FileReport, cwd: string, diffOf: PatchOf | undefined) {
  const path = toPosix(displayPath(file.path, cwd));
  return {
    path,
    status: file.status,
    written: file.written,
    notes: file.notes,
    ...(file.status === 'failed' ? { error: file.error } : {}),
    ...(file.status === 'skipped' ? { reason: file.reason } : {}),
    ...(diffOf && file.status === 'changed' ? { diff: diffOf(path, changedTexts(file)) } : {}),
  };
}
