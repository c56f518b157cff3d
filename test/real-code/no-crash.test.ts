/**
 * The recommended config must never crash on real code. Lints a fixed, deterministic sample of ~300 files
 * shipped in node_modules — OpenTelemetry's own compiled JS (which calls startSpan/startActiveSpan and the
 * baggage API, so the rules do their full analysis), rxjs's TypeScript sources, other TS/TSX/JSX/MJS sources and
 * ESLint's CommonJS rules — and fails with the file path when a rule throws. ESLint reports a rule crash by
 * throwing from `verify`; parse errors are returned as fatal messages and are not crashes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import plugin from '../../src/app/plugin.js';

const nodeModules = join(import.meta.dirname, '..', '..', 'node_modules');
/** Bundles above this size are minified or generated: slow to lint and no new syntax. */
const MAX_BYTES = 150_000;
const SPAN_OR_BAGGAGE_API = /\b(startSpan|startActiveSpan|createBaggage|setEntry|recordException)\b/;

/** Files under `dir` (recursively, sorted) whose name passes `keep`; skips nested `.bin` and test fixtures folders. */
function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.bin' && entry.name !== '__fixtures__' && entry.name !== '__testfixtures__') walk(full);
      } else if (entry.isFile() && keep(entry.name) && statSync(full).size <= MAX_BYTES) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

/** Every `stride`-th file, starting at the first: deterministic and spread over the whole list. */
const everyNth = (files: string[], count: number): string[] => {
  if (files.length <= count) return files;
  const stride = files.length / count;
  return Array.from({ length: count }, (_, i) => files[Math.floor(i * stride)]!);
};

const isSource = (exts: string[]) => (name: string) => !/\.d\.[cm]?ts$/.test(name) && exts.some((ext) => name.endsWith(ext));

function sample(): string[] {
  const otelBuilds = listFiles(join(nodeModules, '@opentelemetry'), isSource(['.js']));
  // The CommonJS, ESM and esnext builds of every file that calls the span or baggage API; a spread of the rest.
  const otelUsingApis = otelBuilds.filter((f) => SPAN_OR_BAGGAGE_API.test(readFileSync(f, 'utf8')));
  const otelCjs = otelBuilds.filter((f) => f.includes(`${sep}build${sep}src${sep}`) && !otelUsingApis.includes(f));
  const otelOthers = everyNth(otelCjs, 130 - otelUsingApis.length);
  const vitestTraces = listFiles(join(nodeModules, 'vitest', 'dist', 'chunks'), (name) => name.startsWith('traces.'));
  const rxjs = everyNth(listFiles(join(nodeModules, 'rxjs', 'src'), isSource(['.ts'])), 80);
  const otherTs = ['@babel/core', '@jridgewell', 'tiny-invariant', 'data-uri-to-buffer', 'jscodeshift'].flatMap((pkg) =>
    listFiles(join(nodeModules, pkg), isSource(['.ts', '.tsx', '.mts', '.cts', '.jsx'])).filter((f) => f.includes(`${sep}src${sep}`)),
  );
  const mjs = ['pino', 'import-in-the-middle', 'thread-stream', 'pathe', 'web-streams-polyfill'].flatMap((pkg) =>
    everyNth(listFiles(join(nodeModules, pkg), isSource(['.mjs'])), 6),
  );
  const eslintRules = everyNth(listFiles(join(nodeModules, 'eslint', 'lib', 'rules'), isSource(['.js'])), 40);
  return [...new Set([...otelUsingApis, ...otelOthers, ...vitestTraces, ...rxjs, ...otherTs, ...mjs, ...eslintRules])];
}

describe('strict config (every rule) on real node_modules code', () => {
  const files = sample();
  const linter = new Linter({ cwd: nodeModules });
  const config = [plugin.configs.strict as Linter.Config, { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } } as Linter.Config];

  it('samples ~300 files of every kind, including OpenTelemetry code that exercises the rules', () => {
    expect(Object.keys(plugin.configs.strict.rules ?? {})).toHaveLength(Object.keys(rules).length);
    expect(files.length).toBeGreaterThanOrEqual(280);
    const exercising = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text.includes('@opentelemetry/') && SPAN_OR_BAGGAGE_API.test(text);
    });
    expect(exercising.length).toBeGreaterThanOrEqual(20);
    for (const ext of ['.js', '.ts', '.mjs']) expect(files.some((f) => f.endsWith(ext))).toBe(true);
  });

  it('no rule throws on any sampled file', () => {
    const crashes: string[] = [];
    let parsed = 0;
    for (const file of files) {
      // A path relative to node_modules: the config's `files` globs match it and the default node_modules ignore does not.
      const filename = relative(nodeModules, file);
      try {
        const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename });
        if (!messages.some((m) => m.fatal)) parsed++;
      } catch (error) {
        crashes.push(`${file}: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    expect(crashes).toEqual([]);
    // Parse failures would hide crashes: nearly every sampled file must actually reach the rules.
    expect(parsed).toBeGreaterThanOrEqual(Math.floor(files.length * 0.95));
  }, 60_000);
});
