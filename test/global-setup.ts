/**
 * Builds dist/ once before the test run, for the tests that run the built bin (test/cli, test/e2e, test/hooks): tsc,
 * then the bundled bin (scripts/bundle-cli.mjs).
 * Skipped when dist/ is already newer than every source file. Type errors do not stop the run: tsc still emits, and
 * `npx tsc -p .` is the place that fails on them; they are printed here so nobody tests a build by mistake.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'dist/cli/otel-codemod.js');
const SOURCES = ['src', 'rules', 'transforms'];

function isFresh(): boolean {
  if (!existsSync(BIN)) return false;
  const builtAt = statSync(BIN).mtimeMs;
  // The build's own configuration and the bundler: a change to either is a new build too.
  if (['tsconfig.json', 'scripts/bundle-cli.mjs'].some((file) => statSync(join(ROOT, file)).mtimeMs > builtAt)) return false;
  return SOURCES.every((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .every((name) => statSync(join(ROOT, folder, name)).mtimeMs <= builtAt),
  );
}

export default function setup(): void {
  if (isFresh()) return;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', ROOT], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(0, 20).join('\n');
    console.warn(`global-setup: tsc reported errors (dist/ was still emitted):\n${output}`);
  }
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`global-setup: scripts/bundle-cli.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
  if (!existsSync(BIN)) throw new Error(`global-setup: the build produced no ${BIN}`);
}
