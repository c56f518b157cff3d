/**
 * The import graph has two layers: the shared layer (src/ outside src/app), rules/ and transforms/ never import the
 * app layer (src/app: plugin, CLI, runner, configuration, docs generator), which sits above the registries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const APP = join(ROOT, 'src/app');
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bnew URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.(ts|mts|cts)$/.test(entry.name)) yield path;
  }
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => resolve(dirname(file), match[1]!));
}

const isInApp = (path: string) => path === APP || path.startsWith(`${APP}/`);

describe('layers', () => {
  const lower = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'rules')), ...sources(join(ROOT, 'transforms'))].filter(
    (file) => !isInApp(file),
  );

  it('finds the files it checks', () => {
    expect(lower.length).toBeGreaterThan(50);
    expect(lower.some((file) => file.includes('/rules/'))).toBe(true);
    expect(lower.some((file) => file.includes('/transforms/'))).toBe(true);
  });

  it('no arrow from the shared layer, rules/ or transforms/ up to src/app', () => {
    const upward = lower.flatMap((file) =>
      importsOf(file)
        .filter(isInApp)
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('the shared layer does not import the registries either', () => {
    const shared = lower.filter((file) => file.startsWith(join(ROOT, 'src') + '/'));
    const registries = [join(ROOT, 'rules'), join(ROOT, 'transforms')];
    const upward = shared.flatMap((file) =>
      importsOf(file)
        .filter((target) => registries.some((dir) => target.startsWith(`${dir}/`)))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(upward).toEqual([]);
  });
});
