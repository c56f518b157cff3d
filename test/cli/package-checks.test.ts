/**
 * Decisions per package of a monorepo, not per run: a package whose fetch calls are auto-instrumented already (found
 * on formbricks, where only apps/web lists the auto-instrumentations) is left alone; a change that makes a file
 * import @opentelemetry/api in a package whose package.json files (from the file's folder up) do not list it is
 * dropped by inject-propagation and pino-mixin when the package has no OpenTelemetry at all (found on prisma's
 * @internal/cli-telemetry), and every codemod says once per package what it lacks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addsApiImport, PackageChains } from '../../dist/src/app/runner/package-checks.js';
import { expectStatus, runBin, tempDir, type TempDir } from './helpers.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.remove();
  temp = undefined;
});

const packageJson = (name: string, dependencies: Record<string, string> = {}) =>
  `${JSON.stringify({ name, version: '1.0.0', dependencies }, null, 2)}\n`;

// A telemetry sender in the shape of prisma's: the endpoint is only known at run time.
const SENDER = `export async function send(endpoint: string, event: object): Promise<void> {
  await fetch(endpoint, { method: 'POST', body: JSON.stringify(event) });
}
`;
const LOGGER = `import pino from 'pino';

export const logger = pino({ level: 'info' });
`;

/** A workspace: a root without OpenTelemetry, a package without it, one with the API, one with only the SDK. */
function workspace(): TempDir {
  const dir = tempDir('api-dependency');
  dir.write('package.json', `${JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  dir.write('packages/telemetry/package.json', packageJson('@shop/telemetry'));
  dir.write('packages/telemetry/src/sender.ts', SENDER);
  dir.write('packages/telemetry/src/logger.ts', LOGGER);
  dir.write('packages/orders/package.json', packageJson('@shop/orders', { '@opentelemetry/api': '^1.9.0' }));
  dir.write('packages/orders/src/sender.ts', SENDER);
  dir.write('packages/orders/src/logger.ts', LOGGER);
  dir.write('packages/billing/package.json', packageJson('@shop/billing', { '@opentelemetry/sdk-node': '^0.203.0' }));
  dir.write('packages/billing/src/sender.ts', SENDER);
  dir.write('packages/billing/src/nested/sender.ts', SENDER);
  return dir;
}

interface JsonFile {
  path: string;
  status: string;
  notes: string[];
}

describe('a change that adds the API import, by what the package lists', { timeout: 120_000 }, () => {
  it('inject-propagation skips a package without OpenTelemetry, changes the others, and names the one without the API once', async () => {
    temp = workspace();
    const before = temp.read('packages/telemetry/src/sender.ts');
    const result = expectStatus(await runBin(['inject-propagation', 'packages'], temp.dir), 0);

    expect(temp.read('packages/telemetry/src/sender.ts')).toBe(before);
    const packageLines = result.stdout.split('\n').filter((line) => line.includes('package.json'));
    expect(packageLines).toEqual([
      'inject-propagation: packages/billing/package.json: 2 changed files import @opentelemetry/api, and no package.json ' +
        'from here up lists it; add it to the dependencies',
      'inject-propagation: packages/telemetry/package.json: 1 file left unchanged: no package.json from here up lists any ' +
        "OpenTelemetry package, and the codemod's changes import @opentelemetry/api; add it to the dependencies if the package " +
        'should use OpenTelemetry, then run again',
    ]);
    expect(temp.read('packages/orders/src/sender.ts')).toContain('propagation.inject(');
    expect(temp.read('packages/billing/src/sender.ts')).toContain('propagation.inject(');
    expect(temp.read('packages/billing/src/nested/sender.ts')).toContain('propagation.inject(');
    // Skipped files count as skipped, not as unchanged.
    expect(result.stdout).toMatch(/^inject-propagation: 3 changed, 0 unchanged, 3 skipped, 0 failed/m);
  });

  it('reports the same in --json: a skipped status and the package list', async () => {
    temp = workspace();
    const result = expectStatus(await runBin(['inject-propagation', '--dry', '--json', 'packages'], temp.dir), 0);
    const report = JSON.parse(result.stdout) as {
      files: (JsonFile & { reason?: string })[];
      packages: { packageJson: string; skipped: boolean; message: string; files: string[] }[];
      summary: { skipped: number };
    };
    expect(report.files.map((file) => [file.path, file.status])).toEqual([
      ['packages/billing/src/nested/sender.ts', 'changed'],
      ['packages/billing/src/sender.ts', 'changed'],
      ['packages/orders/src/sender.ts', 'changed'],
      ['packages/telemetry/src/sender.ts', 'skipped'],
    ]);
    expect(report.files[3].reason).toBe(
      "the codemod's changes import @opentelemetry/api, and no package.json from the file's folder up lists any OpenTelemetry package",
    );
    expect(report.packages.map(({ message, ...entry }) => ({ ...entry, message: message.split(':')[0] }))).toEqual([
      {
        packageJson: 'packages/billing/package.json',
        skipped: false,
        message: '2 changed files import @opentelemetry/api, and no package.json from here up lists it; add it to the dependencies',
        files: ['packages/billing/src/nested/sender.ts', 'packages/billing/src/sender.ts'],
      },
      { packageJson: 'packages/telemetry/package.json', skipped: true, message: '1 file left unchanged', files: ['packages/telemetry/src/sender.ts'] },
    ]);
    expect(report.summary.skipped).toBe(3);
  });

  it('pino-mixin leaves the logger of a package without OpenTelemetry alone', async () => {
    temp = workspace();
    const before = temp.read('packages/telemetry/src/logger.ts');
    const result = expectStatus(await runBin(['pino-mixin', '--json', 'packages'], temp.dir), 0);
    const report = JSON.parse(result.stdout) as { files: JsonFile[] };
    expect(report.files.map((file) => [file.path, file.status])).toEqual([
      ['packages/orders/src/logger.ts', 'changed'],
      ['packages/telemetry/src/logger.ts', 'skipped'],
    ]);
    expect(temp.read('packages/telemetry/src/logger.ts')).toBe(before);
  });

  it('a package without OpenTelemetry is not even parsed, unless the file already imports the API', async () => {
    temp = workspace();
    // Unparseable: skipped before any parse, so not a failure.
    temp.write('packages/telemetry/src/broken.ts', `import pino from 'pino';\nexport const logger = pino({ level: 'info' ;\n`);
    // Already imports the API: its change adds no import, so it goes through.
    temp.write(
      'packages/telemetry/src/traced.ts',
      `import { trace } from '@opentelemetry/api';\nimport pino from 'pino';\n\nexport const tracer = trace.getTracer('t');\nexport const logger = pino({ level: 'info' });\n`,
    );
    const result = expectStatus(await runBin(['pino-mixin', '--dry', '--json', 'packages/telemetry'], temp.dir), 0);
    const report = JSON.parse(result.stdout) as { files: JsonFile[] };
    expect(report.files.map((file) => [file.path, file.status])).toEqual([
      ['packages/telemetry/src/broken.ts', 'skipped'],
      ['packages/telemetry/src/logger.ts', 'skipped'],
      ['packages/telemetry/src/traced.ts', 'changed'],
    ]);
  });

  it('a workspace root that lists the API covers its packages (they resolve it from the root)', async () => {
    temp = workspace();
    temp.write('package.json', packageJson('shop', { '@opentelemetry/api': '^1.9.0' }));
    const result = expectStatus(await runBin(['inject-propagation', 'packages'], temp.dir), 0);
    expect(temp.read('packages/telemetry/src/sender.ts')).toContain('propagation.inject(');
    expect(result.stdout).not.toContain('package.json');
    expect(result.stdout).toMatch(/^inject-propagation: 4 changed, 0 unchanged, 2 skipped, 0 failed/m);
  });

  it('inject-propagation leaves a package with fetch auto-instrumentation alone, and --force-inject runs it with a note', async () => {
    temp = workspace();
    temp.write('packages/orders/package.json', packageJson('@shop/orders', { '@opentelemetry/api': '^1.9.0', '@opentelemetry/auto-instrumentations-node': '^0.60.0' }));
    const before = temp.read('packages/orders/src/sender.ts');
    const result = expectStatus(await runBin(['inject-propagation', 'packages'], temp.dir), 0);
    expect(temp.read('packages/orders/src/sender.ts')).toBe(before);
    expect(temp.read('packages/billing/src/sender.ts')).toContain('propagation.inject(');
    expect(result.stdout).toContain(
      'inject-propagation: packages/orders/package.json: 1 file not transformed: @opentelemetry/auto-instrumentations-node ' +
        '(in dependencies) already injects trace context into fetch calls (use --force-inject to run anyway)\n',
    );

    const forced = expectStatus(await runBin(['inject-propagation', '--force-inject', 'packages'], temp.dir), 0);
    expect(temp.read('packages/orders/src/sender.ts')).toContain('propagation.inject(');
    expect(forced.stdout).toContain(
      'inject-propagation: packages/orders/package.json: @opentelemetry/auto-instrumentations-node (in dependencies) already ' +
        'injects trace context into fetch calls; injecting anyway (double injection can conflict) (--force-inject)\n',
    );
  });

  it('a root that lists the pino instrumentation covers the loggers of every package', async () => {
    temp = workspace();
    temp.write('package.json', packageJson('shop', { '@opentelemetry/instrumentation-pino': '^0.50.0' }));
    const result = expectStatus(await runBin(['pino-mixin', '--json', 'packages'], temp.dir), 0);
    const report = JSON.parse(result.stdout) as { files: JsonFile[]; packages: { packageJson: string; skipped: boolean }[] };
    expect(report.files.map((file) => file.status)).toEqual(['skipped', 'skipped']);
    expect(report.packages.map((entry) => [entry.packageJson, entry.skipped])).toEqual([
      ['packages/orders/package.json', true],
      ['packages/telemetry/package.json', true],
    ]);
  });

  it('wrap-spans wraps what the user chose and says once per package that the API is missing', async () => {
    temp = tempDir('api-dependency-wrap');
    temp.write('package.json', packageJson('orders'));
    for (const name of ['a', 'b']) {
      temp.write(`src/${name}.ts`, `/** @traced */\nexport function ${name}(x: number): number {\n  return x + 1;\n}\n`);
    }
    const result = expectStatus(await runBin(['wrap-spans', 'src'], temp.dir), 0);
    expect(temp.read('src/a.ts')).toContain('startActiveSpan');
    expect(temp.read('src/b.ts')).toContain('startActiveSpan');
    expect(result.stdout.split('\n').filter((line) => line.includes('package.json'))).toEqual([
      'wrap-spans: package.json: 2 changed files import @opentelemetry/api, and no package.json from here up lists it; ' +
        'add it to the dependencies',
    ]);

    // A second run imports nothing new, so it has nothing to say.
    const second = expectStatus(await runBin(['wrap-spans', 'src'], temp.dir), 0);
    expect(second.stdout).not.toContain('package.json');
  });

  it('check names the package in its notes and does not count a skipped file as pending', async () => {
    temp = workspace();
    temp.write('packages/orders/package.json', packageJson('@shop/orders'));
    temp.write('packages/billing/package.json', packageJson('@shop/billing'));
    const result = expectStatus(await runBin(['check', '--format', 'json', 'packages'], temp.dir), 0);
    const report = JSON.parse(result.stdout) as {
      files: unknown[];
      codemods: { pendingFiles: number }[];
      notes: { path?: string; source: string; message: string }[];
    };
    expect(report.files).toEqual([]);
    expect(report.codemods.map((codemod) => codemod.pendingFiles)).toEqual([0, 0, 0, 0, 0]);
    // One note per package and codemod, not one per file.
    expect(report.notes.map((note) => [note.path, note.source, note.message.split(':')[0]])).toEqual([
      ['packages/billing/package.json', 'inject-propagation', '2 files left unchanged'],
      ['packages/orders/package.json', 'inject-propagation', '1 file left unchanged'],
      ['packages/telemetry/package.json', 'inject-propagation', '1 file left unchanged'],
      ['packages/orders/package.json', 'pino-mixin', '1 file left unchanged'],
      ['packages/telemetry/package.json', 'pino-mixin', '1 file left unchanged'],
    ]);
  });
});

describe('PackageChains', () => {
  it('merges the dependencies of every package.json up, ignores one that is not JSON, and knows nothing without any', () => {
    temp = tempDir('package-chains');
    temp.write('a/package.json', packageJson('a', { '@opentelemetry/api': '1.9.0', pino: '^8.0.0' }));
    temp.write('a/b/package.json', '{ not json');
    temp.write('a/c/package.json', packageJson('c', { pino: '^9.0.0' }));
    temp.write('c/package.json', packageJson('c', { '@opentelemetry/instrumentation-http': '0.203.0' }));
    temp.write('d/package.json', packageJson('d', { 'opentelemetry-like': '1.0.0' }));
    const chains = new PackageChains();
    const deep = chains.of(temp.path('a/b/deep/file.ts'));
    expect(deep.nearest).toBe(temp.path('a/package.json'));
    expect(chains.apiDependency(deep)).toBe('listed');
    expect(chains.of(temp.path('a/c/file.ts')).dependencies).toEqual({ dependencies: { '@opentelemetry/api': '1.9.0', pino: '^9.0.0' } });
    expect(chains.apiDependency(chains.of(temp.path('c/src/file.ts')))).toBe('unlisted');
    expect(chains.apiDependency(chains.of(temp.path('d/file.ts')))).toBe('no-otel');
  });

  it('counts only a first import of the API as added', () => {
    expect(addsApiImport('fetch(url)', "import { context } from '@opentelemetry/api';\nfetch(url)")).toBe(true);
    expect(addsApiImport('const api = require("@opentelemetry/api");', 'const api = require("@opentelemetry/api");\n')).toBe(false);
    expect(addsApiImport('x', "import '@opentelemetry/api-logs';")).toBe(false);
  });
});
