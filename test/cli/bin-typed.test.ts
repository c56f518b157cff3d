/**
 * Typed linting through the built bin (`--types`, `--no-types`, the configuration's `"types"`) on a copy of
 * fixtures/cli/typed: `src/service.ts` leaks a span of a tracer it imports from `./setup.js` and never imports
 * @opentelemetry itself, so only the checker can tell the tracer is OpenTelemetry's; `scripts/seed.mjs` is outside the
 * tsconfig.json and must still be linted (untyped), never failed.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, expectStatus, REPO_ROOT, runBin, type TempDir } from './helpers.js';

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});

/** The fixture in a temp folder, its `@opentelemetry/api` resolved through a link to this repository's node_modules. */
function fixture(): TempDir {
  const temp = copyFixture('typed');
  temps.push(temp);
  symlinkSync(join(REPO_ROOT, 'node_modules'), temp.path('node_modules'), 'junction');
  return temp;
}
function configure(temp: TempDir, config: object): void {
  const pkg = JSON.parse(temp.read('package.json'));
  temp.write('package.json', JSON.stringify({ ...pkg, 'otel-codemod': config }, null, 2));
}

interface JsonReport {
  files: { path: string; findings: { ruleId: string; line: number; column: number }[] }[];
  failures: unknown[];
  notes: { source: string; message: string }[];
  summary: { files: number; failed: number };
}
function findingsIn(report: JsonReport, path: string): string[] {
  const file = report.files.find((candidate) => candidate.path === path);
  return (file?.findings ?? []).map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`);
}

const SERVICE_LEAK = '6:16 otel/end-span-in-finally';

describe('typed linting', { timeout: 120_000 }, () => {
  it('is off by default: a span of a tracer imported from a project module goes unseen', async () => {
    const temp = fixture();
    const result = expectStatus(await runBin(['lint', '--format', 'json', '.'], temp.dir), 1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(findingsIn(report, 'src/service.ts')).toEqual([]);
    expect(findingsIn(report, 'scripts/seed.mjs')).toContain('4:14 otel/end-span-in-finally');
    expect(report.notes).toEqual([]);
  });

  it('--types reports it, and lints the file no tsconfig.json covers without types instead of failing it', async () => {
    const temp = fixture();
    const result = expectStatus(await runBin(['lint', '--types', '--format', 'json', '.'], temp.dir), 1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(findingsIn(report, 'src/service.ts')).toContain(SERVICE_LEAK);
    expect(findingsIn(report, 'src/setup.ts')).toEqual([]);
    expect(findingsIn(report, 'scripts/seed.mjs')).toContain('4:14 otel/end-span-in-finally');
    expect(report.failures).toEqual([]);
    expect(report.summary).toMatchObject({ files: 3, failed: 0 });
    expect(report.notes).toEqual([
      { source: 'types', message: '1 file is in no tsconfig.json, linted without type information (scripts/seed.mjs)' },
    ]);
  });

  it('prints the finding and the note in stylish output', async () => {
    const temp = fixture();
    const result = expectStatus(await runBin(['lint', '--types', 'src', 'scripts'], temp.dir), 1);
    expect(result.stdout).toMatch(new RegExp(`${temp.path('src/service.ts')}\\n  6:16\\s+error\\s+.*otel/end-span-in-finally\\n`));
    expect(result.stdout).toContain('types: 1 file is in no tsconfig.json, linted without type information (scripts/seed.mjs)\n');
  });

  it('follows the configuration\'s "types", and --no-types overrides it', async () => {
    const temp = fixture();
    configure(temp, { types: true });
    const on = JSON.parse((await runBin(['lint', '--format', 'json', 'src'], temp.dir)).stdout) as JsonReport;
    expect(findingsIn(on, 'src/service.ts')).toContain(SERVICE_LEAK);

    const off = expectStatus(await runBin(['lint', '--no-types', '--format', 'json', 'src'], temp.dir), 0);
    expect(findingsIn(JSON.parse(off.stdout) as JsonReport, 'src/service.ts')).toEqual([]);
  });

  it('works for check too', async () => {
    const temp = fixture();
    const typed = JSON.parse((await runBin(['check', '--types', '--format', 'json', 'src'], temp.dir)).stdout) as JsonReport;
    expect(findingsIn(typed, 'src/service.ts')).toContain(SERVICE_LEAK);
    const untyped = JSON.parse((await runBin(['check', '--format', 'json', 'src'], temp.dir)).stdout) as JsonReport;
    expect(findingsIn(untyped, 'src/service.ts')).not.toContain(SERVICE_LEAK);
  });

  it('fails a file that does not parse once, and survives a tsconfig.json that does not', async () => {
    const temp = fixture();
    temp.write('src/broken.ts', 'export const x = (;\n');
    const broken = expectStatus(await runBin(['lint', '--types', '--format', 'json', 'src'], temp.dir), 2);
    const report = JSON.parse(broken.stdout) as JsonReport;
    expect(report.failures).toEqual([expect.objectContaining({ path: 'src/broken.ts', line: 1, source: 'lint' })]);
    expect(findingsIn(report, 'src/service.ts')).toContain(SERVICE_LEAK);

    temp.write('src/broken.ts', 'export const x = 1;\n');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true, ');
    const badTsconfig = expectStatus(await runBin(['lint', '--types', '--format', 'json', 'src'], temp.dir), 1);
    expect(badTsconfig.stderr).toBe('');
    expect((JSON.parse(badTsconfig.stdout) as JsonReport).failures).toEqual([]);
  });

  it('rejects a "types" value that is not a boolean in one line, exit 2', async () => {
    const temp = fixture();
    configure(temp, { types: 'yes' });
    const result = expectStatus(await runBin(['lint', 'src'], temp.dir), 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('otel-codemod: package.json "otel-codemod": "types" must be true or false\n');
  });
});
