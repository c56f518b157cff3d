/** Which files a run looks at: extensions, built-in skips, .gitignore layers, user ignores, explicit paths. */
import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/app/runner/files.js';
import { UserError } from '../../src/app/user-error.js';
import { tempDir, type TempDir } from './helpers.js';

let temp: TempDir;
afterEach(() => temp?.remove());

const relative = (paths: readonly string[]) => paths.map((path) => path.slice(temp.dir.length + 1).replaceAll('\\', '/'));

describe('collectFiles', () => {
  it('finds every JavaScript and TypeScript extension and nothing else', () => {
    temp = tempDir('files-ext');
    for (const name of ['a.js', 'b.jsx', 'c.mjs', 'd.cjs', 'e.ts', 'f.tsx', 'g.mts', 'h.cts', 'i.json', 'j.md', 'k.vue', 'l.TS']) {
      temp.write(`src/${name}`, '');
    }
    const { files } = collectFiles(['src'], { cwd: temp.dir });
    expect(relative(files)).toEqual(['src/a.js', 'src/b.jsx', 'src/c.mjs', 'src/d.cjs', 'src/e.ts', 'src/f.tsx', 'src/g.mts', 'src/h.cts', 'src/l.TS']);
  });

  it('skips dependency and build folders and declaration files', () => {
    temp = tempDir('files-skip');
    for (const dir of ['node_modules/pkg', 'dist', 'build', 'coverage', 'packages/x/node_modules/y', 'packages/x/dist']) {
      temp.write(`${dir}/index.js`, '');
    }
    temp.write('src/types.d.ts', '');
    temp.write('src/env.d.mts', '');
    temp.write('src/app.ts', '');
    temp.write('packages/x/src/main.ts', '');
    const { files, ignored } = collectFiles(['.'], { cwd: temp.dir });
    expect(relative(files)).toEqual(['packages/x/src/main.ts', 'src/app.ts']);
    expect(relative(ignored)).toEqual(['src/env.d.mts', 'src/types.d.ts']);
  });

  it('honours .gitignore files: the walked folder, nested ones, and negations', () => {
    temp = tempDir('files-gitignore');
    temp.write('.gitignore', 'generated/\n*.gen.ts\n!keep.gen.ts\n');
    temp.write('src/.gitignore', 'legacy.js\n');
    temp.write('src/app.ts', '');
    temp.write('src/legacy.js', '');
    temp.write('src/api.gen.ts', '');
    temp.write('src/keep.gen.ts', '');
    temp.write('src/generated/client.ts', '');
    temp.write('lib/legacy.js', ''); // src/.gitignore does not reach lib/
    const { files, ignored } = collectFiles(['.'], { cwd: temp.dir });
    expect(relative(files)).toEqual(['lib/legacy.js', 'src/app.ts', 'src/keep.gen.ts']);
    expect(relative(ignored)).toEqual(['src/api.gen.ts', 'src/legacy.js']);
  });

  it("applies the repository's .gitignore above a walked subfolder, up to the git root", () => {
    temp = tempDir('files-ancestor');
    mkdirSync(temp.path('repo/.git'), { recursive: true });
    temp.write('repo/.git/info/exclude', 'secret.ts\n');
    temp.write('repo/.gitignore', 'packages/app/src/out/\n');
    temp.write('repo/packages/app/src/index.ts', '');
    temp.write('repo/packages/app/src/secret.ts', '');
    temp.write('repo/packages/app/src/out/bundle.js', '');
    // A .gitignore above the repository root is not the repository's: it does not apply.
    temp.write('.gitignore', 'index.ts\n');
    const { files } = collectFiles(['repo/packages/app/src'], { cwd: temp.dir });
    expect(relative(files)).toEqual(['repo/packages/app/src/index.ts']);
  });

  it("outside a repository, applies the working directory's .gitignore to a walked subfolder", () => {
    temp = tempDir('files-no-git');
    temp.write('.gitignore', 'src/generated/\n');
    temp.write('src/app.ts', '');
    temp.write('src/generated/client.ts', '');
    expect(relative(collectFiles(['src'], { cwd: temp.dir }).files)).toEqual(['src/app.ts']);
    // From inside src/, the project root's .gitignore is above the working directory: not consulted.
    expect(collectFiles(['.'], { cwd: temp.path('src') }).files).toHaveLength(2);
  });

  it('processes an explicitly named file even when .gitignore or the built-in skips would leave it out', () => {
    temp = tempDir('files-explicit');
    temp.write('.gitignore', 'generated/\n');
    temp.write('generated/client.ts', '');
    temp.write('dist/bundle.js', '');
    const { files } = collectFiles(['generated/client.ts', 'dist'], { cwd: temp.dir });
    expect(relative(files)).toEqual(['dist/bundle.js', 'generated/client.ts']);
  });

  it("applies the user's own ignore patterns everywhere, explicit files included", () => {
    temp = tempDir('files-user');
    temp.write('src/app.ts', '');
    temp.write('src/app.test.ts', '');
    temp.write('src/vendor/lib.js', '');
    const ignore = [{ base: temp.dir, patterns: ['*.test.ts', 'src/vendor/'] }];
    expect(relative(collectFiles(['src'], { cwd: temp.dir, ignore }).files)).toEqual(['src/app.ts']);
    const explicit = collectFiles(['src/app.test.ts', 'src/app.ts'], { cwd: temp.dir, ignore });
    expect(relative(explicit.files)).toEqual(['src/app.ts']);
    expect(relative(explicit.ignored)).toEqual(['src/app.test.ts']);
  });

  it('names the pattern and the file that leave out a named folder or file', () => {
    temp = tempDir('files-named-ignored');
    temp.write('.gitignore', '# vendored copies\nnode_modules\nvendor-copy/\n');
    temp.write('vendor-copy/client.ts', '');
    temp.write('src/gen/api.ts', '');
    temp.write('src/app.ts', '');
    const ignore = [{ base: temp.dir, patterns: ['src/gen/'], source: 'otel-codemod.config.json' }];
    const collected = collectFiles(['vendor-copy', 'src/gen/api.ts', 'src'], { cwd: temp.dir, ignore });
    expect(relative(collected.files)).toEqual(['src/app.ts']);
    expect(collected.explicitlyIgnored).toEqual([
      { given: 'vendor-copy', pattern: 'vendor-copy/', source: `${temp.path('.gitignore')}:3` },
      { given: 'src/gen/api.ts', pattern: 'src/gen/', source: 'otel-codemod.config.json' },
    ]);
  });

  it('noIgnore (--no-ignore) applies neither .gitignore nor user patterns, but keeps the built-in skips', () => {
    temp = tempDir('files-no-ignore');
    temp.write('.gitignore', 'vendor-copy/\n*.gen.ts\n');
    temp.write('vendor-copy/client.ts', '');
    temp.write('vendor-copy/node_modules/dep/index.js', '');
    temp.write('src/api.gen.ts', '');
    const ignore = [{ base: temp.dir, patterns: ['src/'] }];
    const collected = collectFiles(['vendor-copy', 'src'], { cwd: temp.dir, ignore, noIgnore: true });
    expect(relative(collected.files)).toEqual(['src/api.gen.ts', 'vendor-copy/client.ts']);
    expect(collected.explicitlyIgnored).toEqual([]);
  });

  it('lists each file once when paths overlap', () => {
    temp = tempDir('files-overlap');
    temp.write('src/a.ts', '');
    expect(relative(collectFiles(['src', 'src/a.ts', '.'], { cwd: temp.dir }).files)).toEqual(['src/a.ts']);
  });

  it('rejects a missing path with a one-line user error', () => {
    temp = tempDir('files-missing');
    expect(() => collectFiles(['nope'], { cwd: temp.dir })).toThrowError(new UserError('path not found: nope'));
  });
});
