/**
 * `otel-codemod wrap-spans` through the built bin on copies of fixtures/cli/project: the shared flags (--dry, --check,
 * --diff, --json, --force), failures, what is walked, and what writes preserve. The assertions are about the CLI;
 * what the wrapped function looks like is wrap-spans' own test's business (here: it gains startActiveSpan).
 */
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll, copyFixture, expectStatus, git, runBin, tempDir, type TempDir } from './helpers.js';

const ORDERS = 'src/orders.ts';
const UNTOUCHED = ['src/db.ts', 'src/format.js', 'src/generated/client.ts', 'package.json', '.gitignore'];

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});
function project(): TempDir {
  const temp = copyFixture('project');
  temps.push(temp);
  return temp;
}
const snapshot = (temp: TempDir, files: readonly string[]) => Object.fromEntries(files.map((file) => [file, temp.read(file)]));

// Each test starts the bin several times; generous timeouts keep a loaded CI machine from failing them.
describe('wrap-spans through the bin', { timeout: 120_000 }, () => {
  it('rewrites the @traced function, leaves every other file byte-identical, and a second run changes nothing', async () => {
    const temp = project();
    const before = snapshot(temp, [ORDERS, ...UNTOUCHED]);

    const first = await runBin(['wrap-spans', 'src'], temp.dir);
    expect(first.stderr).toBe('');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`changed ${ORDERS}\n`);
    expect(first.stdout).toMatch(/^wrap-spans: 1 changed, \d+ unchanged, \d+ skipped, 0 failed in \d+\.\d\ds$/m);
    const after = temp.read(ORDERS);
    expect(after).toContain('startActiveSpan');
    // Code outside the wrapped function is kept as it was.
    expect(after).toContain('export function formatTotal(order: Order): string {\n  return `${order.total.toFixed(2)} EUR`;\n}\n');
    expect(snapshot(temp, UNTOUCHED)).toEqual(Object.fromEntries(UNTOUCHED.map((file) => [file, before[file]])));

    const second = await runBin(['wrap-spans', 'src'], temp.dir);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^wrap-spans: 0 changed, /m);
    expect(temp.read(ORDERS)).toBe(after);
  });

  it('--dry reports what would change and writes nothing', async () => {
    const temp = project();
    const before = temp.read(ORDERS);
    const mtime = statSync(temp.path(ORDERS)).mtimeMs;
    const result = await runBin(['wrap-spans', '--dry', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`would change ${ORDERS}\n`);
    expect(result.stdout).toMatch(/^wrap-spans: 1 changed, .*\(dry run: nothing written\)$/m);
    expect(temp.read(ORDERS)).toBe(before);
    expect(statSync(temp.path(ORDERS)).mtimeMs).toBe(mtime);
  });

  it('--check exits 1 while a file would change, writes nothing, and exits 0 once applied', async () => {
    const temp = project();
    const before = temp.read(ORDERS);
    const pending = await runBin(['wrap-spans', '--check', 'src'], temp.dir);
    expect(pending.status, pending.stderr).toBe(1);
    expect(pending.stdout).toMatch(/\(check: 1 file needs otel-codemod wrap-spans\)$/m);
    expect(temp.read(ORDERS)).toBe(before);

    expectStatus(await runBin(['wrap-spans', 'src'], temp.dir), 0);
    const clean = await runBin(['wrap-spans', '--check', 'src'], temp.dir);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/\(check: nothing to change\)$/m);
  });

  it('--diff prints a git-style patch on stdout that applies to give exactly what a real run writes', async () => {
    const temp = project();
    const before = temp.read(ORDERS);
    const diff = await runBin(['wrap-spans', '--diff', 'src'], temp.dir);
    expect(diff.status, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/^--- a\/src\/orders\.ts\n\+\+\+ b\/src\/orders\.ts\n@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(diff.stdout).toMatch(/^\+.*startActiveSpan/m);
    // The summary goes to stderr so that stdout is a clean patch.
    expect(diff.stdout).not.toContain('wrap-spans:');
    expect(diff.stderr).toMatch(/^wrap-spans: 1 changed, .*\(dry run: nothing written\)$/m);
    expect(temp.read(ORDERS)).toBe(before);

    temp.write('change.patch', diff.stdout);
    git(temp.dir, 'apply', 'change.patch');
    const patched = temp.read(ORDERS);
    expect(patched).not.toBe(before);

    const reference = project();
    await runBin(['wrap-spans', 'src'], reference.dir);
    expect(patched).toBe(reference.read(ORDERS));
  });

  it('--json prints one machine-readable report', async () => {
    const temp = project();
    const result = await runBin(['wrap-spans', '--json', '--dry', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      tool: { name: 'otel-codemod', version: expect.any(String) },
      codemod: 'wrap-spans',
      mode: 'dry',
      options: expect.any(Object),
      project: { packageJson: 'package.json', skipped: false },
      files: [{ path: ORDERS, status: 'changed', written: false, notes: expect.any(Array) }],
      summary: { changed: 1, failed: 0, durationMs: expect.any(Number) },
      exitCode: 0,
    });
    // db.ts and format.js are looked at: unchanged or ruled out by the prefilter. generated/ is never walked.
    expect(report.summary.unchanged + report.summary.skipped).toBe(2);
  });

  it('reports a file that does not parse as path:line:column message, leaves it untouched, processes the rest, exits 2', async () => {
    const temp = project();
    const broken = '/** @traced */\nexport function broken() {\n  return (;\n}\n';
    temp.write('src/broken.ts', broken);
    const result = await runBin(['wrap-spans', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^src\/broken\.ts:3:\d+ \S.*\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stdout).toMatch(/^wrap-spans: 1 changed, \d+ unchanged, \d+ skipped, 1 failed/m);
    expect(temp.read('src/broken.ts')).toBe(broken);
    expect(temp.read(ORDERS)).toContain('startActiveSpan');

    const json = JSON.parse((await runBin(['wrap-spans', '--json', '--dry', 'src/broken.ts'], temp.dir)).stdout);
    expect(json.files).toEqual([
      { path: 'src/broken.ts', status: 'failed', written: false, notes: [], error: { message: expect.any(String), line: 3, column: expect.any(Number) } },
    ]);
    expect(json.exitCode).toBe(2);
  });

  it('keeps CRLF line endings, a BOM and the file mode', async () => {
    const temp = project();
    const text = '/** @traced */\nexport async function crlf(): Promise<number> {\n  return 1;\n}\n'.replaceAll('\n', '\r\n');
    const file = temp.write('src/crlf.ts', `\uFEFF${text}`);
    chmodSync(file, 0o755);
    const result = await runBin(['wrap-spans', 'src/crlf.ts'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('startActiveSpan');
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.slice(1)).not.toContain('\uFEFF');
    expect(after.split('\n').length).toBeGreaterThan(4);
    expect(after.replaceAll('\r\n', '')).not.toContain('\n');
    expect(after.replaceAll('\r\n', '')).not.toContain('\r');
    expect(statSync(file).mode & 0o777).toBe(0o755);
    expect(readdirSync(temp.path('src')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('--diff of a CRLF file with a BOM applies with git apply to exactly what a real run writes', async () => {
    const temp = project();
    const text = '/** @traced */\nexport function crlf(): number {\n  return 1;\n}\n'.replaceAll('\n', '\r\n');
    temp.write('src/crlf.ts', `\uFEFF${text}`);
    const diff = expectStatus(await runBin(['wrap-spans', '--diff', 'src/crlf.ts'], temp.dir), 0);
    temp.write('crlf.patch', diff.stdout);
    git(temp.dir, 'apply', 'crlf.patch');
    const patched = readFileSync(temp.path('src/crlf.ts'), 'utf8');

    const reference = project();
    reference.write('src/crlf.ts', `\uFEFF${text}`);
    expectStatus(await runBin(['wrap-spans', 'src/crlf.ts'], reference.dir), 0);
    expect(patched).toBe(readFileSync(reference.path('src/crlf.ts'), 'utf8'));
    expect(patched).toContain('startActiveSpan');
  });

  it('honours .gitignore and node_modules when walking, but processes a file named explicitly', async () => {
    const temp = project();
    temp.write('node_modules/dep/index.ts', '/** @traced */\nexport function dep() {\n  return 1;\n}\n');
    const depBefore = temp.read('node_modules/dep/index.ts');
    const generatedBefore = temp.read('src/generated/client.ts');

    expectStatus(await runBin(['wrap-spans', '.'], temp.dir), 0);
    expect(temp.read('src/generated/client.ts')).toBe(generatedBefore);
    expect(temp.read('node_modules/dep/index.ts')).toBe(depBefore);
    expect(temp.read(ORDERS)).toContain('startActiveSpan');

    expectStatus(await runBin(['wrap-spans', 'src/generated/client.ts'], temp.dir), 0);
    expect(temp.read('src/generated/client.ts')).toContain('startActiveSpan');
  });

  it('--ignore and the configuration ignore leave matching files alone, explicit ones included', async () => {
    const temp = project();
    const before = temp.read(ORDERS);
    const flag = await runBin(['wrap-spans', '--ignore', 'src/orders.ts', 'src', 'src/orders.ts'], temp.dir);
    expect(flag.status, flag.stderr).toBe(0);
    expect(temp.read(ORDERS)).toBe(before);

    const pkg = JSON.parse(temp.read('package.json'));
    temp.write('package.json', JSON.stringify({ ...pkg, 'otel-codemod': { ignore: ['orders.ts'] } }, null, 2));
    expectStatus(await runBin(['wrap-spans', 'src'], temp.dir), 0);
    expect(temp.read(ORDERS)).toBe(before);
  });

  it('refuses to write into a git work tree with uncommitted changes unless --force, in one line', async () => {
    const temp = project();
    commitAll(temp.dir);
    temp.write('src/db.ts', `${temp.read('src/db.ts')}// local edit\n`);
    const before = temp.read(ORDERS);

    const refused = await runBin(['wrap-spans', 'src'], temp.dir);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/^otel-codemod: the git work tree .* has uncommitted changes under the given paths; .*--force\n$/);
    expect(temp.read(ORDERS)).toBe(before);

    // Nothing is written by these, so they need no clean tree.
    for (const flag of ['--dry', '--check', '--diff']) {
      const result = await runBin(['wrap-spans', flag, 'src'], temp.dir);
      expect(result.status, flag).not.toBe(2);
    }

    const forced = await runBin(['wrap-spans', '--force', 'src'], temp.dir);
    expect(forced.status, forced.stderr).toBe(0);
    expect(temp.read(ORDERS)).toContain('startActiveSpan');
  });

  it('runs in a clean work tree without --force, and changes outside the given paths do not count', async () => {
    const temp = project();
    commitAll(temp.dir);
    temp.write('notes.txt', 'untracked, outside src/\n');
    const result = await runBin(['wrap-spans', 'src'], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.status, result.stderr).toBe(0);
    expect(temp.read(ORDERS)).toContain('startActiveSpan');
  });

  it('draws no progress bar when stderr is not a terminal, even on a long run', async () => {
    const temp = tempDir('many');
    temps.push(temp);
    temp.write('package.json', '{"name":"many","dependencies":{"@opentelemetry/api":"^1.9.0"}}');
    for (let i = 0; i < 260; i++) temp.write(`src/f${i}.ts`, `export const value${i} = ${i};\n`);
    const result = await runBin(['wrap-spans', '--dry', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/[\r\x1b]/);
    expect(result.stdout).toMatch(/^wrap-spans: 0 changed, 0 unchanged, 260 skipped, 0 failed/m);
  });
});
