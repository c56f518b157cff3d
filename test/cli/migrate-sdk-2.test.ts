/**
 * `otel-codemod migrate-sdk-2` through the built bin on a small SDK 1.x project: sources and package.json rewritten,
 * the report (path: line: advice), the TODO comment and --no-todo, --json, and a second run that changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempDir, type TempDir } from './helpers.js';

const PACKAGE_JSON = `{
  "name": "svc",
  "dependencies": {
    "@opentelemetry/api": "^1.9.0",
    "@opentelemetry/sdk-trace-node": "^1.30.1",
    "@opentelemetry/resources": "^1.30.1",
    "@opentelemetry/core": "^1.30.1"
  }
}
`;

const TELEMETRY = `import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SimpleSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { hexToBase64 } from '@opentelemetry/core';

export const provider = new NodeTracerProvider({ resource: new Resource({ 'service.name': 'svc' }) });
provider.addSpanProcessor(new SimpleSpanProcessor(new ConsoleSpanExporter()));

export const id = hexToBase64('00');
`;

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});
function project(): TempDir {
  const temp = tempDir('migrate-sdk-2');
  temps.push(temp);
  temp.write('package.json', PACKAGE_JSON);
  temp.write('src/telemetry.ts', TELEMETRY);
  temp.write('src/plain.ts', 'export const x = 1;\n');
  return temp;
}

describe('migrate-sdk-2 through the bin', { timeout: 120_000 }, () => {
  it('rewrites sources and package.json, reports what is left with file and line, and a second run changes nothing', async () => {
    const temp = project();
    const first = await runBin(['migrate-sdk-2', '--force', '.'], temp.dir);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('changed package.json\n');
    expect(first.stdout).toContain('changed src/telemetry.ts\n');
    expect(first.stdout).toContain('note package.json: dependencies.@opentelemetry/sdk-trace-node: ^1.30.1 → ^2.0.0\n');
    expect(first.stdout).toContain(
      'note src/telemetry.ts: line 9: left for a person: hexToBase64 removed in 2.x without replacement (it was internal to the OTLP exporters)\n',
    );
    expect(first.stdout).toMatch(/^migrate-sdk-2: 2 changed, 0 unchanged, 1 skipped, 0 failed in /m);
    expect(temp.read('package.json')).toBe(
      PACKAGE_JSON.replace(/"\^1\.30\.1"/g, '"^2.0.0"'),
    );
    expect(temp.read('src/telemetry.ts')).toBe(`import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SimpleSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes, defaultResource } from '@opentelemetry/resources';
import { hexToBase64 } from '@opentelemetry/core';

export const provider = new NodeTracerProvider({
  resource: defaultResource().merge(resourceFromAttributes({ 'service.name': 'svc' })),
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())]
});

// TODO(otel-codemod): hexToBase64 removed in 2.x without replacement (it was internal to the OTLP exporters)
export const id = hexToBase64('00');
`);

    const after = temp.read('src/telemetry.ts');
    const second = await runBin(['migrate-sdk-2', '--force', '.'], temp.dir);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^migrate-sdk-2: 0 changed, /m);
    // The provider's options now take four lines: the statement is on line 12.
    expect(second.stdout).toContain('note src/telemetry.ts: line 12: left for a person: hexToBase64');
    expect(temp.read('src/telemetry.ts')).toBe(after);
  });

  it('--no-todo reports the same places and writes no comment; --json lists them per file', async () => {
    const temp = project();
    const result = await runBin(['migrate-sdk-2', '--force', '--no-todo', '--json', '.'], temp.dir);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { files: { path: string; status: string; notes: string[] }[] };
    const telemetry = report.files.find((file) => file.path === 'src/telemetry.ts');
    expect(telemetry?.status).toBe('changed');
    expect(telemetry?.notes).toEqual([
      'line 9: left for a person: hexToBase64 removed in 2.x without replacement (it was internal to the OTLP exporters)',
    ]);
    expect(report.files.find((file) => file.path === 'package.json')?.status).toBe('changed');
    expect(temp.read('src/telemetry.ts')).not.toContain('TODO');
  });

  it('--dry and --check write nothing, package.json included', async () => {
    const temp = project();
    const check = await runBin(['migrate-sdk-2', '--check', '.'], temp.dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('would change package.json\n');
    expect(temp.read('package.json')).toBe(PACKAGE_JSON);
    expect(temp.read('src/telemetry.ts')).toBe(TELEMETRY);
  });

  it('the check command counts the package.json change too, and lints no package.json', async () => {
    const temp = project();
    const check = await runBin(['check', '--format', 'json', '.'], temp.dir);
    expect(check.status).toBe(1);
    const report = JSON.parse(check.stdout) as { codemods: { name: string; pendingFiles: number }[]; files: unknown[] };
    // src/telemetry.ts and package.json.
    expect(report.codemods.find((codemod) => codemod.name === 'migrate-sdk-2')?.pendingFiles).toBe(2);
    expect(check.stderr).not.toMatch(/package\.json.*(parse|lint)/i);
    expect(temp.read('package.json')).toBe(PACKAGE_JSON);
  });
});
