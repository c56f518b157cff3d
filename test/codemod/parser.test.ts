/**
 * parseFile reads a .ts file with Babel's tsx parser when the text cannot hold a JSX element (one parser class to warm
 * up instead of two), and JavaScript without Flow's plugins unless the file says it is Flow. The tree must be the one
 * jscodeshift's own parser for the file gives, except where Flow's plugins misread valid JavaScript.
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
const jscodeshiftBabylon = getParser('babylon');

/** The tree as JSON, without jscodeshift's token list (parseFile asks for none). */
const tree = (ast: unknown): string => JSON.stringify(ast, (key, value: unknown) => (key === 'tokens' ? undefined : value));

function expectSameTree(source: string, path = 'file.ts'): void {
  expect(tree(parseFile(source, path))).toBe(tree(jscodeshiftTs.parse(source)));
}

function fixtures(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * A JavaScript tree as JSON without the token list, null fields (Flow's parser adds `variance: null` to class
 * properties), and import and export kinds only where they say `type` or `typeof` (Flow's parser leaves a specifier's
 * kind null where the tsx parser says `value`, which means the same).
 */
const javaScriptTree = (ast: unknown): string =>
  JSON.stringify(ast, (key, value: unknown) =>
    key === 'tokens' || value === null || ((key === 'importKind' || key === 'exportKind') && value !== 'type' && value !== 'typeof')
      ? undefined
      : value,
  );

describe('parseFile on TypeScript (.ts) files', () => {
  it('gives the ts parser’s tree for every .ts fixture of the repository', () => {
    const files = fixtures(fileURLToPath(new URL('../../fixtures', import.meta.url)), /\.[cm]?ts$/);
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

describe('parseFile on JavaScript files', () => {
  it('gives the babylon parser’s tree for every JavaScript fixture of the repository', () => {
    const files = fixtures(fileURLToPath(new URL('../../fixtures', import.meta.url)), /\.(?:[cm]?js|jsx)$/);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      let expected: string;
      try {
        expected = javaScriptTree(jscodeshiftBabylon.parse(source));
      } catch {
        continue; // an input that does not parse on purpose
      }
      expect(javaScriptTree(parseFile(source, file)), file).toBe(expected);
    }
  });

  it.each([
    ['JSX', 'export const App = () => <main className="app">{items.map((item) => <Item key={item.id} {...item} />)}</main>;'],
    ['comparisons', 'const inRange = a < b && c > d;\nconst both = a < b > c;'],
    ['a conditional with a parenthesized branch and an arrow function', 'const pick = ready ? (value) : (fallback) => fallback;'],
    ['names TypeScript keeps for itself', 'const type = 1, declare = 2, abstract = 3, namespace = 4;\nmodule.exports = { type, declare, abstract, namespace };'],
    ['class members and private names', 'class Queue { #items = []; static size = 0; get length() { return this.#items.length; } }'],
  ])('gives the babylon parser’s tree for %s', (_, source) => {
    expect(javaScriptTree(parseFile(source, 'file.js'))).toBe(javaScriptTree(jscodeshiftBabylon.parse(source)));
  });

  it.each([
    ['a template after a comparison', 'x < y > `t`;', 'BinaryExpression'],
    ['a comparison across a line break', 'ok = lo < x >\nhi;', 'AssignmentExpression'],
    ['a regular expression after a comparison', 'x < y > /r/g;', 'BinaryExpression'],
    ['generic-looking call arguments', 'const odd = f < g > (h);', 'VariableDeclaration'],
  ])('reads %s as JavaScript runs it, not as type arguments', (_, source, type) => {
    const program = parseFile(source, 'compare.js').program as { body: { type: string; expression?: { type: string } }[] };
    expect(program.body).toHaveLength(1);
    expect(program.body[0].expression?.type ?? program.body[0].type).toBe(type);
    expect(JSON.stringify(program)).not.toMatch(/"type":"(?:TS|TypeParameterInstantiation)/);
  });

  it('reads `global` and a block on the next line as two statements', () => {
    const program = parseFile('b\nglobal\n{ start() }\n', 'globals.js').program as { body: { type: string }[] };
    expect(program.body.map((statement) => statement.type)).toEqual(['ExpressionStatement', 'ExpressionStatement', 'BlockStatement']);
  });

  it.each([['x = y as any;'], ['x = y!;'], ['a = b satisfies c;'], ['class A { constructor(public x) {} }']])(
    'rejects TypeScript in a JavaScript file: %s',
    (source) => {
      expect(() => parseFile(source, 'typed.js')).toThrow();
    },
  );

  it('takes a Flow pragma only from the comments before the first statement', () => {
    // `type\nFoo = 1` is two statements in JavaScript; Flow's parser reads a type alias.
    const source = 'const site = "docs@flow.io";\ntype\nFoo = 1;\n';
    const program = parseFile(source, 'contact.js').program as { body: { type: string }[] };
    expect(program.body.map((statement) => statement.type)).toEqual(['VariableDeclaration', 'ExpressionStatement', 'ExpressionStatement']);
  });

  it('reads JavaScript whose comments Flow reads as types', () => {
    // Both from real files (smol-toml, flow-estree's build output): Flow's `flowComments` takes `/* : */` for a type.
    const source = 'if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {}\nfunction isClass(node /*: ESNode */) /*: implies node is ClassDeclaration */ {}\n';
    expect(() => jscodeshiftBabylon.parse(source)).toThrow();
    const statements = (parseFile(source, 'extract.js').program as { body: { type: string }[] }).body;
    expect(statements.map((statement) => statement.type)).toEqual(['IfStatement', 'FunctionDeclaration']);
  });

  it('reads Flow-typed files with Flow’s parser, with or without the pragma', () => {
    const flowOnly = 'type MaybeName = ?string;\nexport function greet(name: MaybeName): string { return name ?? "you"; }\n';
    for (const source of [`// @flow\n${flowOnly}`, flowOnly]) {
      expect(javaScriptTree(parseFile(source, 'greet.js'))).toBe(javaScriptTree(jscodeshiftBabylon.parse(source)));
    }
    // With the pragma, Flow's parser reads even what TypeScript would read too.
    const shared = '/* @flow */\nexport function id(value: number): number { return value; }\n';
    expect(javaScriptTree(parseFile(shared, 'id.js'))).toBe(javaScriptTree(jscodeshiftBabylon.parse(shared)));
  });

  it('reports the babylon parser’s error for a file that does not parse', () => {
    const source = 'export const broken = ;\n';
    let expected = '';
    try {
      jscodeshiftBabylon.parse(source);
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).not.toBe('');
    expect(() => parseFile(source, 'broken.js')).toThrow(expected);
  });
});
