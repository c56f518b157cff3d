/**
 * `otel-codemod lint` and `otel-codemod check` through the built bin on copies of fixtures/cli: stylish, JSON and
 * SARIF output, exit codes, and rule settings from configuration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { codemods } from '../../transforms/index.js';
import { rules } from '../../rules/index.js';
import { copyFixture, runBin, type TempDir } from './helpers.js';

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});
function fixture(name: 'lint' | 'project'): TempDir {
  const temp = copyFixture(name);
  temps.push(temp);
  return temp;
}
function configure(temp: TempDir, config: object): void {
  const pkg = JSON.parse(temp.read('package.json'));
  temp.write('package.json', JSON.stringify({ ...pkg, 'otel-codemod': config }, null, 2));
}

describe('lint', { timeout: 120_000 }, () => {
  it('prints a leaked span in stylish format and exits 1', async () => {
    const temp = fixture('lint');
    const result = await runBin(['lint', 'src'], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${temp.path('src/leaked-span.ts')}\\n  6:16\\s+error\\s+`));
    expect(result.stdout).toMatch(/otel\/end-span-in-finally\n/);
    expect(result.stdout).not.toContain('clean.ts');
    expect(result.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, 0 warnings\)/);
    expect(result.stdout).toMatch(/^otel-codemod lint: 2 files, \d+ findings? \(\d+ errors?, 0 warnings\), 0 failed in \d+\.\d\ds$/m);
  });

  it('exits 0 on clean code', async () => {
    const temp = fixture('lint');
    const result = await runBin(['lint', 'src/clean.ts'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^otel-codemod lint: 1 file, 0 findings/m);
  });

  it("leaves directives for other plugins' rules alone: no \"Definition for rule … was not found\"", async () => {
    const temp = fixture('lint');
    temp.write(
      'src/directives.ts',
      [
        '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
        'export const x: any = 1;',
        '/* eslint-disable-next-line no-console, @typescript-eslint/no-unused-vars */',
        'export function f(unused: number): void {}',
        '',
      ].join('\n'),
    );
    const result = await runBin(['lint', '--format', 'json', 'src/directives.ts', 'src/clean.ts'], temp.dir);
    expect(result.status, result.stdout).toBe(0);
    expect(JSON.parse(result.stdout).files).toEqual([]);
  });

  it('applies rule settings from the configuration: off silences, warn reports without failing', async () => {
    const temp = fixture('lint');
    configure(temp, { rules: { 'end-span-in-finally': 'off' } });
    const off = await runBin(['lint', 'src/leaked-span.ts'], temp.dir);
    expect(off.stdout).not.toContain('end-span-in-finally');

    configure(temp, { rules: { 'otel/end-span-in-finally': 'warn' } });
    const warn = await runBin(['lint', 'src/leaked-span.ts'], temp.dir);
    expect(warn.stdout).toMatch(/6:16\s+warning\s+.*otel\/end-span-in-finally/);
    expect(warn.stdout).not.toMatch(/\s+error\s+.*otel\/end-span-in-finally/);
  });

  it('does not lint ignored folders, and counts a file that does not parse as a failure (exit 2)', async () => {
    const temp = fixture('lint');
    temp.write('node_modules/dep/index.ts', temp.read('src/leaked-span.ts'));
    temp.write('dist/leaked.js', "import { trace } from '@opentelemetry/api';\ntrace.getTracer('x').startSpan('y');\n");
    temp.write('src/broken.ts', 'export const x = (;\n');
    const result = await runBin(['lint', '.'], temp.dir);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).not.toContain('node_modules');
    expect(result.stdout).not.toContain('dist');
    expect(result.stdout).toContain(temp.path('src/broken.ts'));
    expect(result.stdout).toMatch(/Parsing error/);
  });

  it('--format json lists findings by file with relative paths', async () => {
    const temp = fixture('lint');
    const result = await runBin(['lint', '--format', 'json', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.command).toBe('lint');
    expect(report.files).toContainEqual({
      path: 'src/leaked-span.ts',
      findings: expect.arrayContaining([
        expect.objectContaining({ ruleId: 'otel/end-span-in-finally', severity: 'error', line: 6, column: 16 }),
      ]),
    });
    expect(report.files.map((file: { path: string }) => file.path)).not.toContain('src/clean.ts');
    expect(report.summary).toMatchObject({ files: 2, failed: 0, pendingChanges: 0 });
    expect(report.exitCode).toBe(1);
    expect(report).not.toHaveProperty('codemods');
  });
});

describe('check', { timeout: 120_000 }, () => {
  it('prints lint findings and pending codemod changes grouped by file, then a summary, and exits 1', async () => {
    const temp = fixture('project');
    temp.write('src/leaked-span.ts', fixture('lint').read('src/leaked-span.ts'));
    const before = temp.read('src/orders.ts');
    const result = await runBin(['check', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(1);
    const orders = result.stdout.indexOf(temp.path('src/orders.ts'));
    const leaked = result.stdout.indexOf(temp.path('src/leaked-span.ts'));
    expect(leaked).toBeGreaterThanOrEqual(0);
    expect(orders).toBeGreaterThan(leaked);
    expect(result.stdout.slice(orders)).toMatch(/^ {2}\d+:1\s+error\s+wrap-spans would change lines? [\d, -]+ .*codemod\/wrap-spans$/m);
    expect(result.stdout).toMatch(/^otel-codemod check: \d+ files; lint: \d+ findings? .*; codemods: wrap-spans would change 1 file, .*; 0 failed in /m);
    // check writes nothing.
    expect(temp.read('src/orders.ts')).toBe(before);
  });

  it('skips codemods the configuration lists under "skip"', async () => {
    const temp = fixture('project');
    configure(temp, { skip: ['wrap-spans'] });
    const result = await runBin(['check', '--format', 'json', 'src'], temp.dir);
    const report = JSON.parse(result.stdout);
    expect(report.codemods).toContainEqual({ name: 'wrap-spans', ran: false, note: 'skipped by package.json "otel-codemod"', pendingFiles: 0 });
    expect(report.files.flatMap((file: { findings: { ruleId: string }[] }) => file.findings.map((f) => f.ruleId))).not.toContain('codemod/wrap-spans');
  });

  it('writes SARIF 2.1.0 with rules, results for lint findings and pending changes, and failures as notifications', async () => {
    const temp = fixture('project');
    temp.write('src/leaked-span.ts', fixture('lint').read('src/leaked-span.ts'));
    temp.write('src/broken.ts', 'export const x = (;\n');
    const result = await runBin(['check', '--format', 'sarif', 'src'], temp.dir);
    expect(result.status, result.stderr).toBe(2);
    const sarif = JSON.parse(result.stdout);
    expectValidSarif(sarif);

    const run = sarif.runs[0];
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toEqual([...Object.keys(rules).map((name) => `otel/${name}`), ...codemods.map((c) => `codemod/${c.meta.name}`)]);
    expect(run.results).toContainEqual(
      expect.objectContaining({
        ruleId: 'otel/end-span-in-finally',
        level: 'error',
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/leaked-span.ts', uriBaseId: '%SRCROOT%' },
              region: expect.objectContaining({ startLine: 6, startColumn: 16 }),
            },
          },
        ],
      }),
    );
    const pending = run.results.filter((r: { ruleId: string }) => r.ruleId === 'codemod/wrap-spans');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/orders.ts');
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({
        level: 'error',
        locations: [{ physicalLocation: expect.objectContaining({ artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%' } }) }],
      }),
    ]);
  });

  it('lint --format sarif on clean code has no results and a successful invocation', async () => {
    const temp = fixture('lint');
    const result = await runBin(['lint', '--format', 'sarif', 'src/clean.ts'], temp.dir);
    expect(result.status, result.stderr).toBe(0);
    const sarif = JSON.parse(result.stdout);
    expectValidSarif(sarif);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
  });
});

/** Structural checks against the SARIF 2.1.0 specification's required and constrained properties. */
function expectValidSarif(sarif: any): void {
  expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.runs).toHaveLength(1);
  const [run] = sarif.runs;
  const driver = run.tool.driver;
  expect(driver.name).toBe('otel-codemod');
  expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(driver.informationUri).toMatch(/^https:\/\//);
  const ids = new Set<string>();
  for (const rule of driver.rules) {
    expect(typeof rule.id).toBe('string');
    expect(ids.has(rule.id)).toBe(false);
    ids.add(rule.id);
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(() => new URL(rule.helpUri)).not.toThrow();
  }
  expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  for (const result of run.results) {
    expect(ids.has(result.ruleId)).toBe(true);
    expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(['none', 'note', 'warning', 'error']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    expect(result.locations.length).toBeGreaterThan(0);
    for (const location of result.locations) {
      const { artifactLocation, region } = location.physicalLocation;
      // Relative, forward slashes, no leading slash: what code scanning resolves against the checkout.
      expect(artifactLocation.uri).not.toMatch(/^\/|\\|^[a-z]+:/i);
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      if (region.endLine !== undefined) expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
      if (region.endColumn !== undefined) expect(region.endColumn).toBeGreaterThanOrEqual(1);
      if (region.endLine === region.startLine && region.endColumn !== undefined) {
        expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn);
      }
    }
  }
  for (const notification of run.invocations[0].toolExecutionNotifications) {
    expect(notification.message.text.length).toBeGreaterThan(0);
  }
  expect(typeof run.invocations[0].executionSuccessful).toBe('boolean');
}
