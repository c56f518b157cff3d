/**
 * parseFile reads a .ts file with Babel's tsx parser when the text cannot hold a JSX element (one parser class to warm
 * up instead of two). The tree must be the one jscodeshift's own ts parser gives, whatever the file holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/codemod/parser.js';

const require = createRequire(import.meta.url);
const getParser = require('jscodeshift/src/getParser.js') as (name: string) => { parse(source: string): unknown };
const jscodeshiftTs = getParser('ts');

/** The tree as JSON, without jscodeshift's token list (parseFile asks for none). */
const tree = (ast: unknown): string => JSON.stringify(ast, (key, value: unknown) => (key === 'tokens' ? undefined : value));

function expectSameTree(source: string, path = 'file.ts'): void {
  expect(tree(parseFile(source, path))).toBe(tree(jscodeshiftTs.parse(source)));
}

function typeScriptFixtures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.[cm]?ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('parseFile on TypeScript (.ts) files', () => {
  it('gives the ts parser’s tree for every .ts fixture of the repository', () => {
    const files = typeScriptFixtures(fileURLToPath(new URL('../../fixtures', import.meta.url)));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      let expected: string;
      try {
        expected = tree(jscodeshiftTs.parse(source));
      } catch {
        // an input that does not parse on purpose: parseFile throws too
        expect(() => parseFile(source, file)).toThrow();
        continue;
      }
      expect(tree(parseFile(source, file)), file).toBe(expected);
    }
  });

  it.each([
    ['a type assertion', 'const port = <number>config.port;\nexport const id = <string>(<unknown>raw);'],
    ['a generic arrow function', 'export const first = <T>(items: T[]): T => items[0];'],
    ['a generic arrow function with a trailing comma or constraint', 'const a = <T,>(x: T) => x;\nconst b = <const T extends string>(x: T) => x;'],
    ['generic calls and comparisons', 'const m = new Map<string, number>();\nconst c = a < b && c > d;\nconst r = f<string>(x) as Array<number>;'],
    ['an assertion and a closing tag in a string', 'const html = "<p></p>";\nconst n = <number>value;'],
    ['an assertion and a self-closing tag in a comment', '// <br/>\nconst n = <number>value;'],
    // The one text both parsers read, differently: `(<T>value) < /T>/g` in TypeScript, `<T>value</T> / g` as JSX.
    ['an assertion compared with a regular expression, which reads as a JSX element', 'const n = <T>value</T>/g;'],
    ['the same with a space or a line break in the closing tag', 'const r = <any>x < /any>/g;\nconst s = <T>a <\n/T>/u.test(text);'],
    ['the same with a comment in the closing tag', 'const r = <any>x </**/any>/g;'],
  ])('gives the ts parser’s tree for %s', (_, source) => {
    expectSameTree(source);
  });

  it('reports the ts parser’s error for a file that does not parse', () => {
    const source = 'const x = <number>;\n';
    let expected = '';
    try {
      jscodeshiftTs.parse(source);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).not.toBe('');
    expect(() => parseFile(source, 'broken.ts')).toThrow(expected);
  });

  it('still reads JSX in .tsx files and rejects it in .ts files', () => {
    expect(() => parseFile('export const a = <div />;', 'a.tsx')).not.toThrow();
    expect(() => parseFile('export const a = <div />;', 'a.ts')).toThrow();
  });
});
