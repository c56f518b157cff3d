/**
 * .pre-commit-hooks.yaml, run the way the pre-commit framework runs a hook: the entry split into words, the staged
 * files matching the hook's `files` pattern appended, in the repository root, with the package's bin on PATH. (This
 * test plays the framework's part, quickly and everywhere; test/hooks/pre-commit-framework.test.ts runs the real one
 * where it is installed.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from '../e2e/helpers/cli.js';
import { ENDED_SPAN, TRACED_UNWRAPPED, UNENDED_SPAN } from './helpers/samples.js';
import { createTempRepo, type CommandResult, type TempRepo } from './helpers/temp-repo.js';

interface ManifestHook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  types_or?: string[];
  require_serial?: boolean;
  pass_filenames?: boolean;
}

/** Every extension the CLI walks. */
const CLI_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

const manifest = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as ManifestHook[];
const hook = (id: string): ManifestHook => {
  const found = manifest.find((entry) => entry.id === id);
  if (!found) throw new Error(`.pre-commit-hooks.yaml has no hook ${id}`);
  return found;
};

/** Runs `hook` over the repo's staged files as pre-commit would; undefined when no staged file matches its pattern. */
function runHook(repo: TempRepo, { entry, files: pattern = '' }: ManifestHook): CommandResult | undefined {
  const staged = repo.git('diff', '--cached', '--name-only', '--diff-filter=ACMR').output.split('\n').filter(Boolean);
  // pre-commit applies `files` with Python's re.search; this pattern means the same in JavaScript.
  const files = staged.filter((file) => new RegExp(pattern).test(file));
  if (files.length === 0) return undefined;
  const [command, ...args] = entry.split(/\s+/);
  return repo.run(command!, [...args, ...files]);
}

describe('.pre-commit-hooks.yaml', () => {
  beforeAll(() => assertBuilt());

  it('defines the check and wrap-spans hooks as node hooks over every JS/TS file the CLI handles', () => {
    expect(manifest.map((entry) => entry.id)).toEqual(['otel-codemod-check', 'otel-codemod-wrap-spans']);
    for (const entry of manifest) {
      expect(entry.language).toBe('node');
      expect(entry.name).toBeTruthy();
      // pre-commit splits the entry with shlex; plain words keep that split obvious.
      expect(entry.entry).toMatch(/^otel-codemod [\w -]+$/);
      // A file-name pattern, not `types_or`: Debian 12's identify (under pre-commit 3.0.4) tags no .mts/.cts file.
      expect(entry.types_or).toBeUndefined();
      const matches = (file: string) => new RegExp(entry.files ?? '(?!)').test(file);
      for (const extension of CLI_EXTENSIONS) expect(matches(`src/deep/name${extension}`), extension).toBe(true);
      for (const other of ['README.md', 'package.json', 'src/app.ts.orig', 'src/app.tsx.snap', 'style.css', 'jsx'])
        expect(matches(other), other).toBe(false);
      // The staged files are the CLI's arguments, all of them in one invocation (one report, one summary).
      expect(entry.pass_filenames ?? true).toBe(true);
      expect(entry.require_serial).toBe(true);
    }
    expect(hook('otel-codemod-check').entry).toBe('otel-codemod check');
  });

  // Each hook run starts the CLI: allow for a loaded CI machine.
  describe('run on staged files', { timeout: 120_000 }, () => {
    let repo: TempRepo;
    beforeAll(() => {
      repo = createTempRepo('pre-commit', []);
      repo.write('.gitignore', 'node_modules\n');
      repo.write('README.md', '# demo\n');
      // wrap-spans names the tracer after the package.
      repo.write('package.json', `${JSON.stringify({ name: 'hook-demo', private: true }, null, 2)}\n`);
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', 'initial');
    });
    afterAll(() => repo?.remove());
    afterEach(() => {
      repo.git('reset', '-q', '--hard');
      repo.git('clean', '-qfd');
    });

    it('otel-codemod-check fails on an unended span and prints the finding', () => {
      repo.write('src/charge.js', UNENDED_SPAN);
      repo.write('notes.txt', 'not JavaScript\n');
      repo.git('add', '-A');
      const result = runHook(repo, hook('otel-codemod-check'));
      expect(result?.status).toBe(1);
      expect(result?.output).toContain('otel/end-span-in-finally');
      expect(result?.output).toContain('charge.js');
    });

    it('otel-codemod-check passes a clean file', () => {
      const typed = ENDED_SPAN.replace('(order)', '(order: { card?: string; total: number })')
        .replace('recordException(error)', 'recordException(error as Error)')
        .replace('message: error.message', 'message: (error as Error).message');
      repo.write('src/charge.ts', typed);
      repo.git('add', '-A');
      const result = runHook(repo, hook('otel-codemod-check'));
      expect(result?.status, result?.output).toBe(0);
    });

    it('otel-codemod-wrap-spans rewrites a newly tagged function despite the staged changes, once', () => {
      repo.write('src/orders.mjs', TRACED_UNWRAPPED);
      repo.git('add', '-A');
      const first = runHook(repo, hook('otel-codemod-wrap-spans'));
      expect(first?.status, first?.output).toBe(0);
      const rewritten = readFileSync(join(repo.dir, 'src/orders.mjs'), 'utf8');
      expect(rewritten).toContain('startActiveSpan');
      expect(rewritten).toContain('span.end()');
      // pre-commit fails a hook that modified files; the user re-stages and commits again, and then it passes.
      expect(repo.git('diff', '--name-only').output.trim()).toBe('src/orders.mjs');
      repo.git('add', '-A');
      const second = runHook(repo, hook('otel-codemod-wrap-spans'));
      expect(second?.status, second?.output).toBe(0);
      expect(readFileSync(join(repo.dir, 'src/orders.mjs'), 'utf8')).toBe(rewritten);
    });
  });
});
