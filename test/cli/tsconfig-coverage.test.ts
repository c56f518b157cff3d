/**
 * Which files typed linting hands to the project service: those some tsconfig.json or jsconfig.json above them
 * (up to the search root) includes, directly or through a project it references; everything else is linted untyped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TsconfigCoverage } from '../../src/app/cli/tsconfig-coverage.js';
import { tempDir, type TempDir } from './helpers.js';

let temp: TempDir;
afterEach(() => temp?.remove());

const tsconfig = (extra: object) => JSON.stringify({ compilerOptions: { noEmit: true, types: [] }, ...extra });

describe('TsconfigCoverage', () => {
  it('uses the nearest tsconfig.json: include, exclude, and .js files only with allowJs', () => {
    temp = tempDir('coverage-nearest');
    temp.write('tsconfig.json', tsconfig({ include: ['src'], exclude: ['src/generated'] }));
    const files = ['src/a.ts', 'src/deep/b.tsx', 'src/generated/c.ts', 'src/d.js', 'scripts/e.ts', 'eslint.config.js'];
    for (const file of files) temp.write(file, 'export {};\n');
    const coverage = new TsconfigCoverage(temp.dir);
    expect(files.filter((file) => coverage.covers(temp.path(file)))).toEqual(['src/a.ts', 'src/deep/b.tsx']);

    temp.write('tsconfig.json', tsconfig({ compilerOptions: { allowJs: true, types: [] }, include: ['src'] }));
    expect(new TsconfigCoverage(temp.dir).covers(temp.path('src/d.js'))).toBe(true);
  });

  it('follows the references of a solution-style tsconfig.json', () => {
    temp = tempDir('coverage-solution');
    temp.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './tools' }] }));
    temp.write('tsconfig.app.json', tsconfig({ compilerOptions: { composite: true, types: [] }, include: ['src'] }));
    temp.write('tools/tsconfig.json', tsconfig({ compilerOptions: { composite: true, types: [] }, include: ['*.ts'] }));
    temp.write('src/a.ts', 'export {};\n');
    temp.write('tools/build.ts', 'export {};\n');
    temp.write('other/x.ts', 'export {};\n');
    const coverage = new TsconfigCoverage(temp.dir);
    expect(coverage.covers(temp.path('src/a.ts'))).toBe(true);
    expect(coverage.covers(temp.path('tools/build.ts'))).toBe(true);
    expect(coverage.covers(temp.path('other/x.ts'))).toBe(false);
  });

  it('goes on to the folders above when the nearest configuration does not include the file, up to the root', () => {
    temp = tempDir('coverage-ancestor');
    temp.write('tsconfig.json', tsconfig({ include: ['packages/*/src', 'packages/*/test'] }));
    temp.write('packages/app/tsconfig.json', tsconfig({ include: ['src'] }));
    temp.write('packages/app/src/a.ts', 'export {};\n');
    temp.write('packages/app/test/a.test.ts', 'export {};\n');
    temp.write('packages/app/jsconfig.json', JSON.stringify({ include: ['scripts'] }));
    temp.write('packages/app/scripts/run.js', 'export {};\n');
    const coverage = new TsconfigCoverage(temp.dir);
    expect(coverage.covers(temp.path('packages/app/src/a.ts'))).toBe(true);
    expect(coverage.covers(temp.path('packages/app/test/a.test.ts'))).toBe(true);
    expect(coverage.covers(temp.path('packages/app/scripts/run.js'))).toBe(true);
    // Above the search root nothing is looked at.
    expect(new TsconfigCoverage(temp.path('packages/app')).covers(temp.path('packages/app/test/a.test.ts'))).toBe(false);
  });

  it('covers nothing in a folder without configuration; a broken configuration counts as TypeScript recovers it', () => {
    temp = tempDir('coverage-none');
    temp.write('plain/a.ts', 'export {};\n');
    temp.write('extends-missing/tsconfig.json', JSON.stringify({ extends: '@tsconfig/not-installed/tsconfig.json', include: ['*.ts'] }));
    temp.write('extends-missing/a.ts', 'export {};\n');
    temp.write('invalid-json/tsconfig.json', '{ "include": ["*.ts"], ');
    temp.write('invalid-json/a.ts', 'export {};\n');
    const coverage = new TsconfigCoverage(temp.dir);
    expect(coverage.covers(temp.path('plain/a.ts'))).toBe(false);
    // The project service opens these projects all the same (with errors of their own), so they are typed.
    expect(coverage.covers(temp.path('extends-missing/a.ts'))).toBe(true);
    expect(coverage.covers(temp.path('invalid-json/a.ts'))).toBe(true);
  });
});
