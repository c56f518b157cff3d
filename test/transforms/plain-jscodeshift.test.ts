/**
 * Each transform also runs under jscodeshift's own CLI (`jscodeshift --no-babel -t dist/transforms/<name>.js`), as users
 * of other codemod runners would call it: the output must equal the fixture pair's, and the run must report no errors.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const jscodeshiftBin = join(repo, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const cases = [
  { codemod: 'wrap-spans', input: 'async-functions.input.ts' },
  { codemod: 'inject-propagation', input: 'global-fetch.input.mjs' },
  { codemod: 'pino-mixin', input: 'esm-default-import.input.js' },
  { codemod: 'semconv', input: 'esm-named.input.ts' },
];

it.each(cases)('$codemod runs under the jscodeshift CLI and matches its fixture ($input)', async ({ codemod, input }) => {
  const fixtures = join(repo, 'fixtures', codemod);
  const dir = mkdtempSync(join(tmpdir(), `otel-plain-jscodeshift-${codemod}-`));
  workDirs.push(dir);
  const file = join(dir, input.replace('.input.', '.'));
  copyFileSync(join(fixtures, input), file);
  // wrap-spans names the tracer after the nearest package.json, as in its fixture folder.
  if (existsSync(join(fixtures, 'package.json'))) copyFileSync(join(fixtures, 'package.json'), join(dir, 'package.json'));
  const { stdout } = await run(process.execPath, [
    jscodeshiftBin,
    '--no-babel',
    '--extensions=js,mjs,ts',
    '-t',
    join(repo, 'dist', 'transforms', `${codemod}.js`),
    file,
  ]);
  expect(stdout).toMatch(/0 errors/);
  expect(stdout).toMatch(/1 ok/);
  expect(readFileSync(file, 'utf8'), basename(file)).toBe(readFileSync(join(fixtures, input.replace('.input.', '.output.')), 'utf8'));
});
