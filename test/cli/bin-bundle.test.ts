/**
 * The bin users run is the bundle scripts/bundle-cli.mjs makes (dist/cli/): its entry, its worker threads' entry and
 * the transform registry it hands them are found beside its chunks, not at dist/src/'s paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_PROCESS_CHARS_WITH_TYPES } from '../../src/app/runner/runner.js';
import { REPO_ROOT, runBin, tempDir, type TempDir } from './helpers.js';

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});

/** A package of exported TypeScript functions, `files` files of about 11,000 characters each. */
function servicePackage(files: number): TempDir {
  const temp = tempDir('bundle');
  temps.push(temp);
  temp.write('package.json', JSON.stringify({ name: 'orders', dependencies: { '@opentelemetry/api': '^1.9.0' } }));
  for (let file = 0; file < files; file++) {
    const functions = Array.from(
      { length: 60 },
      (_, index) =>
        `export function count${file}x${index}(input: string): number {\n` +
        `  const parts = input.split(',').map((part) => part.trim());\n` +
        `  return parts.filter((part) => part.length > 0).length + ${index};\n}\n`,
    );
    temp.write(`src/orders${file}.ts`, functions.join('\n'));
  }
  return temp;
}

describe('the bundled bin', { timeout: 120_000 }, () => {
  it('is what package.json names: an executable script', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(REPO_ROOT, manifest.bin['otel-codemod']);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('never imports TypeScript as an ES module (src/util/typescript.ts)', () => {
    // Node's ES module loader reads all 9 MB of typescript.js for its named exports; `require` does not.
    const built = readdirSync(join(REPO_ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
    expect(built.length).toBeGreaterThan(100);
    const importing = built.filter((name) =>
      /\b(?:from|import)\s*\(?\s*['"]typescript['"]/.test(readFileSync(join(REPO_ROOT, 'dist', name), 'utf8')),
    );
    expect(importing).toEqual([]);
  });

  it('runs worker threads that load its registry, and they write what the main thread writes', async () => {
    // 30 files, 330,000 characters of TypeScript: with --types, past the size the main thread keeps (runner.ts), so
    // the files go to workers (the bundle's worker.js, which no other test runs); one file alone stays here.
    const many = servicePackage(30);
    const one = servicePackage(1);
    const text = (temp: TempDir, files: number) =>
      Array.from({ length: files }, (_, file) => temp.read(`src/orders${file}.ts`).length).reduce((sum, chars) => sum + chars, 0);
    expect(text(many, 30)).toBeGreaterThan(IN_PROCESS_CHARS_WITH_TYPES);
    expect(text(one, 1)).toBeLessThan(IN_PROCESS_CHARS_WITH_TYPES);
    const inWorkers = await runBin(['wrap-spans', '--exported', '--types', '--json', 'src'], many.dir);
    const inThread = await runBin(['wrap-spans', '--exported', '--types', '--json', 'src'], one.dir);
    expect(inWorkers.stderr).toBe('');
    expect(inWorkers.status).toBe(0);
    expect(inThread.status).toBe(0);
    const report = JSON.parse(inWorkers.stdout) as { summary: { changed: number; failed: number } };
    expect(report.summary).toMatchObject({ changed: 30, failed: 0 });
    const wrapped = one.read('src/orders0.ts');
    expect(wrapped).toContain("tracer.startActiveSpan('count0x59'");
    expect(many.read('src/orders0.ts')).toBe(wrapped);
  });
});
