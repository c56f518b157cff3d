/**
 * The runner on its own, with a small real jscodeshift transform registry (test/cli/fixtures/registry.mjs), so
 * these tests do not depend on what the project's codemods do. They import the compiled runner from dist/ because
 * its worker threads load compiled JavaScript (test/global-setup.ts builds it).
 */
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CodemodRunner, collectFiles, unwrapSource, wrapSource } from '../../dist/src/app/runner/index.js';
import { tempDir, TEST_REGISTRY_URL, type TempDir } from './helpers.js';

let temp: TempDir | undefined;
afterEach(() => {
  temp?.remove();
  temp = undefined;
});

async function run(
  dir: string,
  settings: { jobs?: number; inProcessChars?: number; write?: boolean; codemod?: string; options?: object; keepTexts?: boolean } = {},
) {
  const runner = new CodemodRunner({ registryUrl: TEST_REGISTRY_URL, jobs: settings.jobs ?? 2, inProcessChars: settings.inProcessChars });
  try {
    const { files } = collectFiles([dir], { cwd: dir });
    return await runner.run({
      codemod: settings.codemod ?? 'rename',
      options: settings.options ?? {},
      files,
      write: settings.write ?? true,
      keepTexts: settings.keepTexts,
    });
  } finally {
    await runner.close();
  }
}

const names = (paths: readonly string[]) => paths.map((path) => path.slice(temp!.dir.length + 1)).sort();

describe('source envelope', () => {
  it('strips a BOM and CRLF for the transform and puts both back', () => {
    const raw = '\uFEFFconst a = 1;\r\nconst b = 2;\r\n';
    const { text, envelope } = unwrapSource(raw);
    expect(text).toBe('const a = 1;\nconst b = 2;\n');
    expect(envelope).toEqual({ bom: true, crlf: true });
    expect(wrapSource(text, envelope)).toBe(raw);
    expect(wrapSource('const a = 1;\nconst c = 3;\nconst b = 2;\n', envelope)).toBe('\uFEFFconst a = 1;\r\nconst c = 3;\r\nconst b = 2;\r\n');
  });

  it('leaves a file with mixed line endings as it is', () => {
    const raw = 'const a = 1;\r\nconst b = 2;\nconst c = 3;\r\n';
    const { text, envelope } = unwrapSource(raw);
    expect(text).toBe(raw);
    expect(envelope).toEqual({ bom: false, crlf: false });
    expect(wrapSource(text, envelope)).toBe(raw);
  });
});

describe('CodemodRunner', () => {
  it('transforms candidates, skips the rest without parsing them, and writes changed files', async () => {
    temp = tempDir('runner');
    temp.write('a.ts', 'export const oldName = 1;\n');
    temp.write('b.js', 'const untouched = 2;\n');
    // Not a candidate (no `oldName`), so never parsed: its syntax error must not surface.
    temp.write('c.ts', 'const broken = (;\n');
    temp.write('d.mjs', 'const x = "oldName is only in a string";\n');

    const report = await run(temp.dir);

    expect(names(report.notCandidates)).toEqual(['b.js', 'c.ts']);
    expect(report.files.map((file) => [file.path.slice(temp!.dir.length + 1), file.status])).toEqual([
      ['a.ts', 'changed'],
      ['d.mjs', 'unchanged'],
    ]);
    expect(temp.read('a.ts')).toBe('export const newName = 1;\n');
    expect(temp.read('d.mjs')).toBe('const x = "oldName is only in a string";\n');
    expect(temp.read('c.ts')).toBe('const broken = (;\n');
    expect(report.workers).toBe(0);
  });

  it('passes options through and collects api.report notes per file', async () => {
    temp = tempDir('runner-notes');
    temp.write('a.ts', '// otel-note first remark\nexport const oldName = 1;\n// otel-note second remark\n');
    const report = await run(temp.dir, { options: { to: 'renamed' } });
    expect(report.files[0]!.notes).toEqual(['first remark', 'second remark']);
    expect(temp.read('a.ts')).toContain('export const renamed = 1;');
  });

  it('writes nothing when write is false, but reports before and after', async () => {
    temp = tempDir('runner-dry');
    const file = temp.write('a.ts', 'export const oldName = 1;\n');
    const mtime = statSync(file).mtimeMs;
    const report = await run(temp.dir, { write: false });
    expect(report.files[0]).toMatchObject({
      status: 'changed',
      written: false,
      texts: { before: 'export const oldName = 1;\n', after: 'export const newName = 1;\n' },
    });
    expect(temp.read('a.ts')).toBe('export const oldName = 1;\n');
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('keeps no texts of changed files when asked not to, in the main thread and in workers', async () => {
    temp = tempDir('runner-no-texts');
    for (let i = 0; i < 4; i++) temp.write(`f${String(i)}.ts`, `export const oldName = ${String(i)};\n`);
    for (const inProcessChars of [Infinity, 0]) {
      const report = await run(temp.dir, { write: false, keepTexts: false, inProcessChars });
      expect(report.files.map((file) => file.status)).toEqual(Array(4).fill('changed'));
      expect(report.files.filter((file) => 'texts' in file && file.texts !== undefined)).toEqual([]);
    }
  });

  it('reads each candidate again when its turn comes: one removed after the prefilter read fails and is not written back', async () => {
    temp = tempDir('runner-reread');
    for (const inProcessChars of [Infinity, 0]) {
      const removed = temp.write('a.ts', 'export const oldName = 1;\n');
      temp.write('b.ts', 'export const oldName = 2;\n');
      temp.write('c.ts', 'export const other = 3;\n');
      const runner = new CodemodRunner({ registryUrl: TEST_REGISTRY_URL, jobs: 2, inProcessChars });
      try {
        const { files } = collectFiles([temp.dir], { cwd: temp.dir });
        const report = await runner.run({
          codemod: 'rename',
          options: {},
          files,
          write: true,
          // c.ts is ruled out by the prefilter after a.ts was read: a.ts goes away before any transform runs.
          onProgress: (done) => {
            if (done === 1 && existsSync(removed)) unlinkSync(removed);
          },
        });
        expect(report.files.map((file) => [names([file.path])[0], file.status])).toEqual([
          ['a.ts', 'failed'],
          ['b.ts', 'changed'],
        ]);
        expect(report.files[0]).toMatchObject({ error: { message: 'cannot read: ENOENT' }, written: false });
        expect(existsSync(removed)).toBe(false);
        expect(temp.read('b.ts')).toBe('export const newName = 2;\n');
      } finally {
        await runner.close();
      }
    }
  });

  it('reports a parse failure with position and leaves that file untouched while others go through', async () => {
    temp = tempDir('runner-parse');
    temp.write('good.ts', 'export const oldName = 1;\n');
    temp.write('broken.ts', 'export const oldName = 1;\nconst x = {\n  a: (,\n};\n');
    const report = await run(temp.dir);
    const broken = report.files.find((file) => file.path.endsWith('broken.ts'))!;
    expect(broken.status).toBe('failed');
    expect(broken.error).toMatchObject({ line: 3, column: 7 });
    expect(broken.error!.message).toMatch(/^Unexpected token/);
    expect(broken.error!.message).not.toContain('\n');
    expect(temp.read('broken.ts')).toBe('export const oldName = 1;\nconst x = {\n  a: (,\n};\n');
    expect(temp.read('good.ts')).toBe('export const newName = 1;\n');
  });

  it('turns a throwing transform into a failed file', async () => {
    temp = tempDir('runner-throw');
    temp.write('a.ts', '// explode\nexport const oldName = 1;\n');
    temp.write('b.ts', 'export const oldName = 2;\n');
    const report = await run(temp.dir, { codemod: 'explode' });
    expect(report.files.map((file) => file.status)).toEqual(['failed', 'changed']);
    expect(report.files[0]!.error).toEqual({ message: 'the transform exploded' });
  });

  it('keeps CRLF line endings, a BOM and the file mode', async () => {
    temp = tempDir('runner-envelope');
    const file = temp.write('tool.cjs', '\uFEFF#!/usr/bin/env node\r\nconst oldName = require("x");\r\nmodule.exports = oldName;\r\n');
    chmodSync(file, 0o754);
    await run(temp.dir);
    expect(readFileSync(file, 'utf8')).toBe('\uFEFF#!/usr/bin/env node\r\nconst newName = require("x");\r\nmodule.exports = newName;\r\n');
    expect(statSync(file).mode & 0o777).toBe(0o754);
    // The atomic write leaves no temp file behind.
    expect(readdirSync(temp.dir)).toEqual(['tool.cjs']);
  });

  it('writes through a symbolic link to a file, which stays a link', async () => {
    temp = tempDir('runner-symlink');
    const target = temp.write('real/a.ts', 'export const oldName = 1;\n');
    symlinkSync(target, temp.path('link.ts'));
    const runner = new CodemodRunner({ registryUrl: TEST_REGISTRY_URL, jobs: 1 });
    try {
      await runner.run({ codemod: 'rename', options: {}, files: [temp.path('link.ts')], write: true });
    } finally {
      await runner.close();
    }
    expect(lstatSync(temp.path('link.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('export const newName = 1;\n');
  });

  it('gives the same results in worker threads as in the main thread', async () => {
    temp = tempDir('runner-workers');
    for (let i = 0; i < 30; i++) temp.write(`src/f${String(i).padStart(2, '0')}.ts`, `export const oldName = ${i};\n`);
    temp.write('src/broken.ts', 'const oldName = (;\n');
    temp.write('src/other.js', 'const y = 1;\n');

    const inProcess = await run(temp.dir, { write: false, inProcessChars: Infinity });
    const inWorkers = await run(temp.dir, { write: false, inProcessChars: 0, jobs: 2 });

    expect(inProcess.workers).toBe(0);
    expect(inWorkers.workers).toBe(2);
    // 31 small candidates are far from the text a worker's start-up pays for: the main thread does them by default.
    expect((await run(temp.dir, { write: false, jobs: 2 })).workers).toBe(0);
    const strip = (report: typeof inProcess) => report.files.map(({ path, status, error, texts }) => ({ path, status, error, texts }));
    expect(strip(inWorkers)).toEqual(strip(inProcess));
    expect(inWorkers.files.filter((file) => file.status === 'changed')).toHaveLength(30);
    expect(inWorkers.notCandidates).toEqual(inProcess.notCandidates);
  });

  it('starts workers by the size of the candidates: sooner for a codemod that asks the TypeScript checker', async () => {
    temp = tempDir('runner-sizes');
    // 6 million characters of candidates: under the plain threshold (10 million), over the one for types (250 thousand).
    const padding = `// ${'x'.repeat(999_990)}\n`;
    for (let i = 0; i < 6; i++) temp.write(`src/f${String(i)}.ts`, `${padding}export const oldName = ${String(i)};\n`);

    expect((await run(temp.dir, { write: false, jobs: 2 })).workers).toBe(0);
    // TypeScript of a codemod that asks types: workers with capped heaps, one per 4 million characters, even under --jobs 1.
    expect((await run(temp.dir, { codemod: 'typed-declared', write: false, jobs: 2 })).workers).toBe(2);
    expect((await run(temp.dir, { codemod: 'typed-declared', write: false, jobs: 1 })).workers).toBe(1);
    // A codemod whose options say it asks no types this time follows the plain threshold.
    expect((await run(temp.dir, { codemod: 'typed-unless-counting', write: false, jobs: 2 })).workers).toBe(2);
    expect((await run(temp.dir, { codemod: 'typed-unless-counting', write: false, jobs: 2, options: { counting: true } })).workers).toBe(0);
    temp.remove();
    temp = tempDir('runner-sizes-small');
    for (let i = 0; i < 3; i++) temp.write(`src/f${String(i)}.ts`, `${padding}export const oldName = ${String(i)};\n`);
    expect((await run(temp.dir, { codemod: 'typed-declared', write: false, jobs: 2 })).workers).toBe(1);
  });

  it('runs the files that ask types last, in one worker, once the others are done', async () => {
    temp = tempDir('runner-types-last');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    for (let i = 0; i < 20; i++) temp.write(`src/f${String(i).padStart(2, '0')}.ts`, `export const oldName = [${String(i)}];\n`);
    for (let i = 0; i < 10; i++) temp.write(`src/t${String(i).padStart(2, '0')}.ts`, `// ask-types\nexport const oldName = [${String(i)}];\n`);
    for (let i = 0; i < 10; i++) temp.write(`src/g${String(i).padStart(2, '0')}.js`, `export const oldName = ${String(i)};\n`);

    const attempts = temp.path('attempts.log');
    const report = await run(temp.dir, { codemod: 'typed-some', write: false, inProcessChars: 0, jobs: 2, options: { attempts } });

    expect(report.workers).toBe(2);
    expect(report.files.map((file) => file.status)).toEqual(Array(40).fill('changed'));
    const tried = readFileSync(attempts, 'utf8').trim().split('\n').map((line) => line.split(' ') as [string, string]);
    const asking = (path: string) => /\/t\d+\.ts$/.test(path);
    // Files that ask no types ran once, in either worker; those that ask ran twice: once where the answer was refused.
    expect(tried.filter(([, path]) => !asking(path))).toHaveLength(30);
    expect(new Set(tried.filter(([, path]) => !asking(path)).map(([thread]) => thread)).size).toBe(2);
    expect(tried.filter(([, path]) => asking(path))).toHaveLength(20);
    // Their second runs came after every other file's run, all in one thread.
    const lastPlain = tried.findLastIndex(([, path]) => !asking(path));
    const secondRuns = tried.filter(([, path], index) => asking(path) && tried.findIndex(([, other]) => other === path) < index);
    expect(secondRuns).toHaveLength(10);
    expect(tried.findIndex(([, path], index) => asking(path) && tried.findIndex(([, other]) => other === path) < index)).toBeGreaterThan(lastPlain);
    const answers = report.files.filter((file) => file.status === 'changed' && asking(file.path)).map((file) => /\/\/ type: (.*), thread (\d+)\n$/.exec(file.texts!.after)!.slice(1));
    expect(answers.map(([type]) => type)).toEqual(Array(10).fill('number[]'));
    expect(new Set(answers.map(([, thread]) => thread)).size).toBe(1);
  });

  it('starts the checker\'s worker when the last other worker dies while files wait for it', async () => {
    temp = tempDir('runner-types-last-crash');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    temp.write('src/a.ts', '// ask-types\nexport const oldName = [1];\n');
    temp.write('src/b.ts', '// crash-worker\nexport const oldName = 2;\n');

    const report = await run(temp.dir, { codemod: 'typed-some', write: false, inProcessChars: 0, jobs: 2 });

    const [asking, crashing] = report.files;
    expect(asking!.status).toBe('changed');
    expect(asking!.status === 'changed' && asking!.texts!.after).toMatch(/\/\/ type: number\[\], thread \d+\n$/);
    expect(crashing).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/^worker crashed/) } });
  });

  it('answers type questions in a later run of the same runner, whatever workers an earlier run left', async () => {
    temp = tempDir('runner-types-reused');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    for (let i = 0; i < 6; i++) temp.write(`src/f${String(i)}.ts`, `export const oldName = [${String(i)}];\n`);
    const runner = new CodemodRunner({ registryUrl: TEST_REGISTRY_URL, jobs: 2, inProcessChars: 0 });
    try {
      const { files } = collectFiles([temp.dir], { cwd: temp.dir });
      const runOf = (codemod: string) => runner.run({ codemod, options: {}, files, write: false });
      const types = (report: Awaited<ReturnType<typeof runOf>>) =>
        report.files.map((file) => (file.status === 'changed' ? /\/\/ type: (.*), thread/.exec(file.texts!.after)?.[1] ?? 'none' : file.status));
      // No file asks: the types-last run ends with its plain workers only. The next run asks without declaring it.
      expect((await runOf('typed-some')).files.map((file) => file.status)).toEqual(Array(6).fill('changed'));
      expect(types(await runOf('typed'))).toEqual(Array(6).fill('number[]'));
      // And back: the worker that answered from the start is not the one the types-last run waits for.
      expect((await runOf('typed-declared')).workers).toBe(2);
      expect(types(await runOf('typed-declared'))).toEqual(Array(6).fill('number[]'));
    } finally {
      await runner.close();
    }
  });

  it('answers type questions in one worker: files that ask in another are run again there', async () => {
    temp = tempDir('runner-types');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    temp.write('src/shared.ts', 'export const base = 41;\n');
    for (let i = 0; i < 30; i++) temp.write(`src/f${String(i).padStart(2, '0')}.ts`, `import { base } from './shared';\nexport const oldName = [base + ${i}];\n`);

    const inProcess = await run(temp.dir, { codemod: 'typed', write: false, inProcessChars: Infinity });
    const inWorkers = await run(temp.dir, { codemod: 'typed', write: false, inProcessChars: 0, jobs: 2 });

    expect(inWorkers.workers).toBe(2);
    const answers = (report: typeof inProcess) =>
      report.files.map((file) => (file.status === 'changed' ? /\/\/ type: (.*), thread (\d+)\n$/.exec(file.texts!.after)!.slice(1) : [file.status]));
    expect(answers(inProcess).map(([type]) => type)).toEqual(Array(30).fill('number[]'));
    expect(answers(inWorkers).map(([type]) => type)).toEqual(Array(30).fill('number[]'));
    expect(new Set(answers(inWorkers).map(([, thread]) => thread)).size).toBe(1);
  });

  it('runs a file again, alone, in a worker without the heap cap when its worker runs out of memory', async () => {
    temp = tempDir('runner-memory');
    temp.write('a-hog.ts', '// hog-memory\nexport const oldName = 0;\n');
    for (let i = 0; i < 6; i++) temp.write(`b${i}.ts`, `export const oldName = ${i};\n`);
    const report = await run(temp.dir, { codemod: 'hog', inProcessChars: 0, jobs: 2, write: false });
    expect(report.files.map((file) => file.status)).toEqual(Array(7).fill('changed'));
  });

  it("runs a file whose types do not fit in the checker's capped worker again with a fresh heap, then without types", async () => {
    temp = tempDir('runner-memory-types');
    temp.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    temp.write('src/a-hog.ts', '// hog-types\nexport const oldName = 0;\n');
    for (let i = 0; i < 4; i++) temp.write(`src/b${i}.ts`, `export const oldName = ${i};\n`);
    const attempts = join(temp.dir, 'attempts.log');
    const report = await run(temp.dir, { codemod: 'typed-hog', options: { attempts }, inProcessChars: 0, jobs: 2, write: false });

    const endings = report.files.map((file) => (file.status === 'changed' ? /\/\/ (types[^,]*), thread/.exec(file.texts!.after)?.[1] : file.status));
    expect(endings).toEqual(['types too large', 'types', 'types', 'types', 'types']);
    // Three attempts in three capped workers of the checker (two ran out of memory), after the plain workers' first one.
    const hogAttempts = readFileSync(attempts, 'utf8').split('\n').filter((line) => line.endsWith('a-hog.ts'));
    expect(new Set(hogAttempts.map((line) => line.split(' ')[0])).size).toBe(hogAttempts.length);
    expect(hogAttempts.length).toBeGreaterThanOrEqual(3);
    // The files after it are answered with types in the checker's replacement worker: still capped, so not in a fresh
    // uncapped worker per file.
    expect(report.workers).toBeLessThanOrEqual(2);
  });

  // Each worker is sent the next file before it finishes one (PIPELINE_DEPTH): the file sent behind the crashing one
  // never ran there, and runs in the replacement.
  it('fails the file a worker died on and finishes the rest', async () => {
    temp = tempDir('runner-crash');
    temp.write('a-crash.ts', '// crash-worker\nexport const oldName = 0;\n');
    for (let i = 0; i < 6; i++) temp.write(`b${i}.ts`, `export const oldName = ${i};\n`);
    const report = await run(temp.dir, { codemod: 'crash', inProcessChars: 0, jobs: 2, write: false });
    const crashed = report.files.find((file) => file.path.endsWith('a-crash.ts'))!;
    expect(crashed.status).toBe('failed');
    expect(crashed.error!.message).toMatch(/^worker crashed/);
    expect(report.files.filter((file) => file.status === 'changed')).toHaveLength(6);
  });
});

describe("a transform's api.stats", () => {
  it("sums counts as jscodeshift does: a quantity that is not a number counts 1, and any name is a name (toString)", async () => {
    const { applyTransform } = await import('../../dist/src/app/runner/apply-transform.js');
    const codemod = {
      meta: { name: 'counting', description: '', options: [], mayContainTarget: () => true },
      default: (_file: unknown, api: { stats: (name: string, quantity?: unknown) => void }) => {
        api.stats('toString');
        api.stats('m', '3');
        api.stats('m', 2);
        api.stats('__proto__', 4);
        return undefined;
      },
    };
    const outcome = await applyTransform(codemod as never, 'a.js', 'x', {});
    expect(outcome.status).toBe('unchanged');
    expect({ ...(outcome as { stats: Record<string, number> }).stats }).toEqual({ toString: 1, m: 3, ['__proto__']: 4 });
  });
});
