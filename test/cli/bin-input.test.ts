/**
 * The built bin on bad input: one clear line on stderr, exit 2, never a stack trace. And help derived from the
 * registries: every codemod is a command, with its own options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codemods } from '../../transforms/index.js';
import { runBin, tempDir, type TempDir } from './helpers.js';

let temp: TempDir;
beforeAll(() => {
  temp = tempDir('input');
  temp.write('src/app.ts', 'export const a = 1;\n');
});
afterAll(() => temp.remove());

/** One line, prefixed with the tool name, no stack frames. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^otel-codemod: /);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const codemodName = codemods[0]!.meta.name;

describe('bad input', { timeout: 120_000 }, () => {
  it.each([
    [['frobnicate', 'src'], /unknown command 'frobnicate'/],
    [[codemodName, '--dyr', 'src'], /unknown option '--dyr' \(Did you mean --dry\?\)/],
    [[codemodName], /missing required argument 'paths'/],
    [[codemodName, 'missing-folder'], /^otel-codemod: path not found: missing-folder$/m],
    [[codemodName, '--jobs', 'abc', 'src'], /option '--jobs <n>' argument 'abc' is invalid/],
    [[codemodName, '--jobs', '0', 'src'], /option '--jobs <n>' argument '0' is invalid/],
    [['check', '--jobs', '1.5', 'src'], /option '--jobs <n>' argument '1.5' is invalid/],
    [['lint', 'src/missing.ts'], /path not found: src\/missing.ts/],
    [['lint', '--format', 'xml', 'src'], /argument 'xml' is invalid. Allowed choices are stylish, json, sarif/],
    [['check', '--config', 'nope.json', 'src'], /configuration file not found: .*nope\.json/],
  ])('%j', async (args, pattern) => {
    const result = await runBin(args, temp.dir);
    expect(result.status, result.stderr).toBe(2);
    expectOneLine(result.stderr, pattern);
    expect(result.stdout).toBe('');
  });

  it('prints usage and exits 2 with no command', async () => {
    const result = await runBin([], temp.dir);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^Usage: otel-codemod/);
  });

  it('names the file and the key of a configuration mistake', async () => {
    const project = tempDir('input-config');
    try {
      project.write('src/a.ts', '');
      project.write('package.json', JSON.stringify({ name: 'p', 'otel-codemod': { codemods: { [codemodName]: { noSuchOption: 1 } } } }));
      const result = await runBin([codemodName, '--dry', 'src'], project.dir);
      expect(result.status, result.stderr).toBe(2);
      expectOneLine(result.stderr, new RegExp(`^otel-codemod: package.json "otel-codemod": unknown option "noSuchOption" for codemod "${codemodName}"`));

      project.write('package.json', JSON.stringify({ name: 'p', 'otel-codemod': { rules: { 'end-span-in-finaly': 'error' } } }));
      const rules = await runBin(['lint', 'src'], project.dir);
      expect(rules.status, rules.stderr).toBe(2);
      expectOneLine(rules.stderr, /package.json "otel-codemod": unknown rule "end-span-in-finaly" in "rules"/);

      project.write('package.json', JSON.stringify({ name: 'p', 'otel-codemod': { rules: { 'end-span-in-finally': ['error', { noSuchOption: true }] } } }));
      const options = await runBin(['lint', 'src'], project.dir);
      expect(options.status, options.stderr).toBe(2);
      expectOneLine(options.stderr, /package.json "otel-codemod": .*otel\/end-span-in-finally/);
    } finally {
      project.remove();
    }
  });
});

describe('help derived from the registry', { timeout: 120_000 }, () => {
  it('lists every codemod with its description, plus lint and check', async () => {
    const result = await runBin(['--help'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    for (const { meta } of codemods) {
      expect(result.stdout).toMatch(new RegExp(`^  ${meta.name} \\[options\\] <paths\\.\\.\\.>\\s+${escape(meta.description.slice(0, 20))}`, 'm'));
    }
    expect(result.stdout).toMatch(/^ {2}lint \[options\] <paths\.\.\.>/m);
    expect(result.stdout).toMatch(/^ {2}check \[options\] <paths\.\.\.>/m);
    expect(result.stdout).toContain('Exit codes:');
  });

  it.each(codemods.map((codemod) => [codemod.meta.name, codemod]))("'%s --help' shows the codemod's own options and the shared flags", async (_name, codemod) => {
    const result = await runBin([codemod.meta.name, '--help'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    for (const spec of codemod.meta.options) expect(result.stdout).toContain(spec.flags);
    for (const flag of ['--dry', '--diff', '--check', '--json', '--jobs <n>', '--ignore <glob>', '--force', '--config <file>']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('prints the version', async () => {
    const result = await runBin(['--version'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
