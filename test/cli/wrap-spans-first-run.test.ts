/**
 * `otel-codemod wrap-spans src/` on an untagged codebase: the run says how to select functions and what --exported
 * would do; the tracer name is decided once per package, and a package without a name is one line, not one failure
 * per file.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempDir, type TempDir } from './helpers.js';

let temp: TempDir;
afterEach(() => temp?.remove());

function service(packageJson: object | null): TempDir {
  const dir = tempDir('orders-service');
  if (packageJson) dir.write('package.json', JSON.stringify(packageJson));
  for (const i of [1, 2, 3]) {
    dir.write(
      `src/orders${i}.ts`,
      `export async function loadOrder${i}(id: string) {\n  return fetch('/orders/' + id);\n}\n` +
        `export const total${i} = (a: number, b: number) => a + b;\nfunction internal${i}() {\n  return ${i};\n}\n`,
    );
  }
  dir.write('src/constants.ts', 'export const LIMIT = 10;\n');
  return dir;
}

describe('wrap-spans on an untagged codebase', { timeout: 120_000 }, () => {
  it('says how to select and how many exported functions --exported would wrap, and writes nothing', async () => {
    temp = service({ name: 'orders-service' });
    const before = temp.read('src/orders1.ts');
    const result = await runBin(['wrap-spans', 'src/'], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'wrap-spans: nothing selected: select functions with a /** @traced */ comment, --functions <names> or --exported (--exported would wrap 6 functions in 3 files)',
      expect.stringMatching(/^wrap-spans: 0 changed, 0 unchanged, 4 skipped, 0 failed in /),
    ]);
    expect(result.status).toBe(0);
    expect(temp.read('src/orders1.ts')).toBe(before);
  });

  it('on a large codebase counts in an even sample of the files, and says so', async () => {
    temp = tempDir('large-service');
    temp.write('package.json', JSON.stringify({ name: 'large-service' }));
    // 1,000 files, every third one exporting a function; the sample is every second file, so it holds the multiples of 6.
    for (let i = 0; i < 1000; i++) {
      const name = `src/m${String(i).padStart(4, '0')}.ts`;
      temp.write(name, i % 3 === 0 ? `export function handle${i}(id: string) {\n  return id;\n}\n` : `export const LIMIT_${i} = ${i};\n`);
    }
    const result = await runBin(['wrap-spans', 'src/'], temp.dir);
    expect(result.stdout).toMatch(/\(--exported would wrap 167 functions in 167 files, counting 500 of the 1000 files\)/);
    expect(result.status).toBe(0);
  });

  it('--functions that match nothing gets the same guidance, naming the patterns', async () => {
    temp = service({ name: 'orders-service' });
    const result = await runBin(['wrap-spans', '--dry', '--functions', 'chargeCard', 'src/'], temp.dir);
    expect(result.stdout).toMatch(/wrap-spans: no function matches --functions chargeCard: select functions with/);
    expect(result.stdout).toMatch(/--exported would wrap 6 functions in 3 files/);
  });

  it('a tagged codebase gets no hint', async () => {
    temp = service({ name: 'orders-service' });
    temp.write('src/tagged.ts', '/** @traced */\nexport function ship(id: string) {\n  return id;\n}\n');
    const result = await runBin(['wrap-spans', '--dry', 'src/'], temp.dir);
    expect(result.stdout).not.toMatch(/nothing selected/);
    expect(result.stdout).toMatch(/would change src\/tagged\.ts/);
  });

  it('a package.json without a name: one line, and the tracer is named after its folder', async () => {
    temp = service({ private: true });
    const result = await runBin(['wrap-spans', '--exported', 'src/'], temp.dir);
    expect(result.stderr).toBe('');
    const folder = temp.dir.split(/[\\/]/).pop()!;
    const lines = result.stdout.split('\n').filter(Boolean);
    expect(lines.filter((line) => line.includes('no package.json with a name'))).toEqual([
      `wrap-spans: no package.json with a name: tracers named after the folder (4 files as "${folder}"); --tracer-name to choose`,
    ]);
    // constants.ts exports no function: the prefilter skips it unparsed.
    expect(result.stdout).toMatch(/3 changed, 0 unchanged, 1 skipped, 0 failed/);
    expect(result.status).toBe(0);
    expect(temp.read('src/orders2.ts')).toContain(`trace.getTracer('${folder}')`);
  });

  it('no package.json at all: the folder given names the tracer; --tracer-name overrides without a note', async () => {
    temp = service(null);
    const dry = await runBin(['wrap-spans', '--dry', '--exported', 'src/'], temp.dir);
    expect(dry.stdout).toMatch(/tracers named after the folder \(4 files as "src"\)/);
    expect(dry.status).toBe(0);
    const named = await runBin(['wrap-spans', '--exported', '--tracer-name', 'orders', 'src/'], temp.dir);
    expect(named.stdout).not.toMatch(/no package.json with a name/);
    expect(temp.read('src/orders3.ts')).toContain("trace.getTracer('orders')");
  });
});

describe('wrap-spans --exported on a React app', { timeout: 120_000 }, () => {
  it("says once what it left alone as React code: components, hooks and 'use client' modules", async () => {
    temp = tempDir('web-app');
    temp.write('package.json', JSON.stringify({ name: 'web-app', dependencies: { '@opentelemetry/api': '^1.9.0' } }));
    temp.write('app/page.tsx', `export default function Page() {\n  return <main />;\n}\n\nexport async function loadPage(id: string) {\n  return fetch('/api/pages/' + id);\n}\n`);
    temp.write('app/use-cart.ts', `import { useState } from 'react';\n\nexport function useCart() {\n  return useState<string[]>([]);\n}\n`);
    temp.write('app/counter.tsx', `'use client';\n\nexport function Counter() {\n  return <button />;\n}\n`);
    const before = temp.read('app/counter.tsx');
    const text = await runBin(['wrap-spans', '--exported', '--dry', 'app/'], temp.dir);
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').filter(Boolean)).toEqual([
      `would change ${join('app', 'page.tsx')}`,
      "wrap-spans: --exported left React code unwrapped (it renders or runs in the browser): 2 components and hooks and 1 'use client' module",
      // The 'use client' module is left by the text check: never parsed, so skipped, not unchanged.
      expect.stringMatching(/^wrap-spans: 1 changed, 1 unchanged, 1 skipped, 0 failed in .*\(dry run: nothing written\)$/),
    ]);
    const json = await runBin(['wrap-spans', '--exported', '--json', 'app/'], temp.dir);
    const report = JSON.parse(json.stdout) as { stats: { counts: Record<string, number>; summary: string } };
    expect(report.stats.counts).toEqual({ 'react-functions': 2, 'client-modules': 1 });
    expect(report.stats.summary).toMatch(/^--exported left React code unwrapped \(it renders or runs in the browser\): 2 components and hooks/);
    expect(temp.read('app/counter.tsx')).toBe(before);
    expect(temp.read('app/page.tsx')).toContain(`return tracer.startActiveSpan('loadPage', async (span) => {`);
  });
});
