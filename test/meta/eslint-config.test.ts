/**
 * A user's own flat config: `import otel from 'otel-codemod/eslint-plugin'` and `otel.configs.recommended`,
 * run by the real eslint binary in a temporary project (uses the built package, as users would).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const project = mkdtempSync(join(tmpdir(), 'otel-eslint-config-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('lints a project through a plain eslint.config.js', async () => {
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repo, join(project, 'node_modules', 'otel-codemod'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-service', type: 'module' }));
  writeFileSync(
    join(project, 'eslint.config.js'),
    `import otel from 'otel-codemod/eslint-plugin';\n\nexport default [otel.configs.recommended];\n`,
  );
  mkdirSync(join(project, 'src'));
  writeFileSync(
    join(project, 'src', 'orders.ts'),
    [
      `import { trace } from '@opentelemetry/api';`,
      `const tracer = trace.getTracer('orders');`,
      `export async function loadOrder(id: string): Promise<string> {`,
      `  const span = tracer.startSpan('orders.load');`,
      `  const order = await fetch('http://127.0.0.1:1/orders/' + id).then((r) => r.text());`,
      `  return order;`,
      `}`,
      ``,
    ].join('\n'),
  );
  writeFileSync(join(project, 'src', 'clean.js'), `export const add = (a, b) => a + b;\n`);
  const eslintBin = join(repo, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const result = await run(process.execPath, [eslintBin, '--format', 'json', 'src'], { cwd: project }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
  const orders = report.find((r) => r.filePath.endsWith('orders.ts'));
  // The span leaks if the await rejects, and that error is never recorded on it (no try at all).
  expect(orders?.messages.map((m) => [m.ruleId, m.line])).toEqual([
    ['otel/end-span-in-finally', 4],
    ['otel/record-span-errors', 5],
  ]);
  expect(report.find((r) => r.filePath.endsWith('clean.js'))?.messages).toEqual([]);
});
