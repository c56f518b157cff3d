/**
 * `otel-codemod lint <paths...>`: the recommended rules alone.
 * `otel-codemod check <paths...>`: the rules plus every codemod in check mode (nothing is written).
 * Both print findings grouped by file (stylish, json or sarif) and exit 0 clean, 1 findings, 2 failures.
 */
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ESLint } from 'eslint';
import { rules } from '../../../rules/index.js';
import type { CodemodModule } from '../../codemod/types.js';
import type { LoadedConfig } from '../config/index.js';
import { findNearestPackageJson } from '../package-json.js';
import { CodemodRunner, type CollectedFiles } from '../runner/index.js';
import { mergeCodemodOptions } from './codemod-options.js';
import { createLinter, lintFiles } from './eslint-runner.js';
import {
  addCodemodReport,
  addLintResults,
  emptyReport,
  exitCodeOf,
  summaryText,
  toJson,
  toLintResults,
  type FindingsReport,
} from './findings.js';
import type { ReportFormat } from './formats.js';
import type { CliIo } from './io.js';
import { collectNamedPaths, displayPath } from './paths.js';
import { progressBarFor } from './progress.js';
import { ruleDescriptors, toSarif } from './sarif.js';
import { typedLintEnabled } from './typed-lint.js';


export interface LintFlags {
  format: ReportFormat;
  /** `--ignore` patterns; false for `--no-ignore`. */
  ignore?: string[] | false;
  config?: string;
  jobs?: number;
  /** `--types` (true) or `--no-types` (false); undefined when neither was given. */
  types?: boolean;
  /** `--report-unused-disable-directives`; undefined when not given. */
  reportUnusedDisableDirectives?: boolean;
}

export interface LintInvocation {
  paths: string[];
  flags: LintFlags;
  config: LoadedConfig;
  codemods: readonly CodemodModule[];
  registryUrl: URL | string;
}

export async function runLintCommand(invocation: LintInvocation, io: CliIo): Promise<number> {
  const started = performance.now();
  const collected = collect(invocation, io);
  const report = emptyReport('lint', collected.files);
  await lint(report, invocation, collected, io);
  report.durationMs = performance.now() - started;
  return print(report, invocation, collected, io);
}

export async function runCheckCommand(invocation: LintInvocation, io: CliIo): Promise<number> {
  const started = performance.now();
  const { config, paths } = invocation;
  // A codemod that rewrites package.json (migrate-sdk-2) is checked on those files too, as its own --check does.
  const manifests = invocation.codemods.some((codemod) => codemod.meta.packageJson) ? [PACKAGE_JSON] : [];
  const withManifests = collectNamedPaths(invocation.paths, invocation.flags.ignore, invocation.config, io, manifests);
  const collected = { ...withManifests, files: withManifests.files.filter((file) => basename(file) !== PACKAGE_JSON) };
  const report = emptyReport('check', collected.files);
  await lint(report, invocation, collected, io);

  const project = findNearestPackageJson(paths.length > 0 ? resolve(io.cwd, paths[0]) : io.cwd);
  const runner = new CodemodRunner({ registryUrl: invocation.registryUrl, jobs: invocation.flags.jobs });
  try {
    for (const codemod of invocation.codemods) {
      const name = codemod.meta.name;
      if (config.config.skip.includes(name)) {
        const note = `skipped by ${config.source ?? 'the configuration'}`;
        report.codemods.push({ name, ran: false, note, pendingFiles: 0 });
        continue;
      }
      const configured = mergeCodemodOptions(codemod.meta.options, config.config.codemods[name], {});
      const scope = { namedPaths: paths.map((path) => resolve(io.cwd, path)), files: collected.files };
      const verdict = codemod.meta.checkProject?.(project?.packageJson ?? null, configured, scope);
      const options = { ...configured, ...verdict?.options };
      if (verdict?.note) report.notes.push({ source: name, message: verdict.note });
      if (verdict?.skip) {
        report.codemods.push({ name, ran: false, note: verdict.note, pendingFiles: 0 });
        continue;
      }
      const progress = progressBarFor(io, name);
      try {
        const run = await runner.run({
          codemod: name,
          options,
          files: codemod.meta.packageJson ? withManifests.files : collected.files,
          write: false,
          onProgress: (done, total) => {
            progress.update(done, total);
          },
        });
        report.codemods.push({ name, ran: true, pendingFiles: addCodemodReport(report, run) });
      } finally {
        progress.finish();
      }
    }
  } finally {
    await runner.close();
  }
  report.durationMs = performance.now() - started;
  return print(report, invocation, collected, io);
}

const PACKAGE_JSON = 'package.json';

function collect(invocation: LintInvocation, io: CliIo): CollectedFiles {
  return collectNamedPaths(invocation.paths, invocation.flags.ignore, invocation.config, io);
}

async function lint(
  report: FindingsReport,
  invocation: LintInvocation,
  collected: CollectedFiles,
  io: CliIo,
): Promise<void> {
  const { results, untypedFiles } = await lintFiles({
    files: collected.files,
    cwd: io.cwd,
    rules: invocation.config.config.rules,
    configSource: invocation.config.source,
    types: typedLintEnabled(invocation.flags.types, invocation.config.config.types),
    reportUnusedDisableDirectives:
      invocation.flags.reportUnusedDisableDirectives ?? invocation.config.config.reportUnusedDisableDirectives ?? false,
  });
  addLintResults(report, results);
  if (untypedFiles.length > 0) {
    const count = untypedFiles.length === 1 ? '1 file is' : `${String(untypedFiles.length)} files are`;
    const named = `${displayPath(untypedFiles[0], io.cwd)}${untypedFiles.length > 1 ? ', …' : ''}`;
    report.notes.push({ source: 'types', message: `${count} in no tsconfig.json, linted without type information (${named})` });
  }
}

async function print(
  report: FindingsReport,
  invocation: LintInvocation,
  collected: CollectedFiles,
  io: CliIo,
): Promise<number> {
  const exitCode = exitCodeOf(report);
  switch (invocation.flags.format) {
    case 'json':
      io.stdout.write(`${JSON.stringify(toJson(report, io.cwd), null, 2)}\n`);
      break;
    case 'sarif':
      const sarif = toSarif(report, ruleDescriptors(rules, invocation.codemods), io.cwd);
      io.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
      break;
    case 'stylish': {
      const linter = createLinter({ files: collected.files, cwd: io.cwd, rules: {}, configSource: null });
      const formatter = await linter.loadFormatter('stylish');
      const text = await formatter.format(toLintResults(report), {
        cwd: io.cwd,
        rulesMeta: {},
        color: io.stdout.isTTY === true && !process.env.NO_COLOR,
      } as unknown as ESLint.ResultsMeta);
      if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      io.stdout.write(summaryText(report, io.cwd));
      break;
    }
  }
  return exitCode;
}
