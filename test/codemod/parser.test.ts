/**
 * parseFile reads a file with oxc (src/codemod/oxc-tree.ts) and gives Babel's tree for it, as the transforms read
 * trees; what oxc rejects, and Flow files, go to Babel (parseWithBabel). parseWithBabel reads a .ts file with Babel's
 * tsx parser when the text cannot hold a JSX element (one parser class to warm up instead of two), and JavaScript
 * without Flow's plugins unless the file says it is Flow: its tree must be the one jscodeshift's own parser for the
 * file gives, except where Flow's plugins misread valid JavaScript.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFile, parseWithBabel } from '../../src/codemod/parser.js';
import { parseWithOxc } from '../../src/codemod/oxc-tree.js';
import { treeDifferences } from '../helpers/babel-tree.js';
import { VISITOR_KEYS } from '../../src/codemod/visitor-keys.generated.js';

const require = createRequire(import.meta.url);
const getParser = require('jscodeshift/src/getParser.js') as (name: string) => { parse(source: string): unknown };
const jscodeshiftTs = getParser('ts');
const jscodeshiftBabylon = getParser('babylon');

/** The tree as JSON, without jscodeshift's token list (parseFile asks for none). */
const tree = (ast: unknown): string => JSON.stringify(ast, (key, value: unknown) => (key === 'tokens' ? undefined : value));

function expectSameTree(source: string, path = 'file.ts'): void {
  expect(tree(parseWithBabel(source, path))).toBe(tree(jscodeshiftTs.parse(source)));
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

describe('parseWithBabel on TypeScript (.ts) files', () => {
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
        expect(() => parseWithBabel(source, file)).toThrow();
        continue;
      }
      expect(tree(parseWithBabel(source, file)), file).toBe(expected);
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

describe('parseWithBabel on JavaScript files', () => {
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
      expect(javaScriptTree(parseWithBabel(source, file)), file).toBe(expected);
    }
  });

  it.each([
    ['JSX', 'export const App = () => <main className="app">{items.map((item) => <Item key={item.id} {...item} />)}</main>;'],
    ['comparisons', 'const inRange = a < b && c > d;\nconst both = a < b > c;'],
    ['a conditional with a parenthesized branch and an arrow function', 'const pick = ready ? (value) : (fallback) => fallback;'],
    ['names TypeScript keeps for itself', 'const type = 1, declare = 2, abstract = 3, namespace = 4;\nmodule.exports = { type, declare, abstract, namespace };'],
    ['class members and private names', 'class Queue { #items = []; static size = 0; get length() { return this.#items.length; } }'],
  ])('gives the babylon parser’s tree for %s', (_, source) => {
    expect(javaScriptTree(parseWithBabel(source, 'file.js'))).toBe(javaScriptTree(jscodeshiftBabylon.parse(source)));
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

/** Files of installed packages, as real code: every JavaScript and TypeScript file under `dirs` up to 100 kB. */
function installedFiles(dirs: string[], name: RegExp): string[] {
  const root = fileURLToPath(new URL('../../node_modules', import.meta.url));
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && name.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((file) => readFileSync(file, 'utf8').length < 100_000),
  );
}

/** The files of `files` both parsers read, with what oxc's tree (through oxc-tree.ts) differs in from Babel's. */
function differencesOver(files: string[]): { compared: number; differences: string[] } {
  let compared = 0;
  const differences: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    let expected: unknown;
    try {
      expected = parseWithBabel(source, file);
    } catch {
      continue; // an input that does not parse on purpose
    }
    if (/@(?:no)?flow\b/.test(source.slice(0, 500))) continue; // Babel reads Flow's types in comments; oxc does not
    compared++;
    differences.push(...treeDifferences(expected, parseFile(source, file), 3).map((line) => `${file}: ${line}`));
  }
  return { compared, differences };
}

describe('parseFile: oxc’s tree in Babel’s shape', () => {
  it('gives Babel’s tree for every fixture of the repository', () => {
    const files = fixtures(fileURLToPath(new URL('../../fixtures', import.meta.url)), /\.(?:[cm]?[jt]sx?)$/);
    const { compared, differences } = differencesOver(files);
    expect(compared).toBeGreaterThan(200);
    expect(differences).toEqual([]);
  });

  it('gives Babel’s tree for real TypeScript and JavaScript: the sources of installed packages', () => {
    const typeScript = installedFiles(['zod/src', 'rxjs/src'], /\.[cm]?ts$/);
    const javaScript = installedFiles(['eslint/lib', '@typescript-eslint/utils/dist', 'pino', 'commander/lib', 'jscodeshift/src', 'recast/lib'], /\.[cm]?js$/);
    expect(typeScript.length).toBeGreaterThan(400);
    expect(javaScript.length).toBeGreaterThan(400);
    const { compared, differences } = differencesOver([...typeScript, ...javaScript]);
    expect(compared).toBeGreaterThan(800);
    expect(differences).toEqual([]);
  });

  it.each([
    ['literals of every kind', 'const a = ["s", 1, 2n, true, null, /re/gu, `t${x}u`];'],
    ['object members', 'const o = { a, b: 1, [c]: 2, m() {}, get g() { return 1; }, set s(v) {}, async *gen() {}, ...rest };\nconst { x, y: [z] = [], ...others } = o;'],
    ['class members', 'class A extends B { #p = 1; static s; declare d: string; accessor k = 2; constructor(private readonly x: number) { super(); } #m() {} static async *g() {} get v() { return this.#p; } static { init(); } }'],
    ['abstract members and overloads', 'abstract class A { abstract m(): void; protected abstract p: number; f(a: string): void; f(a: number): void; f(a: unknown) {} }'],
    ['optional chains', 'a?.b.c(); a.b?.(c).d; (a?.b).c; a?.[b]?.c!.d; x = a?.b!;'],
    ['parentheses', 'const v = ((a)), w = (a, b), fn = (async () => (await x))();\n/** @type {T} */ (value).run();'],
    ['directives', '"use strict";\nfunction f() { "use client"; \'use server\'; return 1; }\nconst g = () => { "not one"; };'],
    ['imports and exports', 'import d, { a as b, "c" as e } from "m";\nimport * as ns from "n";\nexport * from "x";\nexport * as y from "y";\nexport default async function () { return import("z"); }'],
    ['TypeScript types', 'interface I extends a.B<T> { m(x: number): void; new (): I; (): void }\nclass C implements D, e.F<G> {}\ntype M = { [K in keyof T]?: T[K] };\ntype L = `a${B}`;\nlet q: typeof this.x;\nlet i: import("m").T;\nenum E { A = 1, "b" }\nfunction f<T extends object = {}>(this: Window, ...args: T[]): asserts args is T[] {}'],
    [
      'decorators (a NestJS controller)',
      "/** Orders. */\n@Controller('orders')\nexport class OrdersController {\n  constructor(@Inject(DB) private readonly db: Db) {}\n  @Get(':id')\n  async find(@Param('id') id: string, @Query('page') page: string = '1', @Body() { name }: Dto, @Opt() all = false) {}\n}\n@Injectable()\nexport default class Store {}\nexport default @Dec class Other {}",
    ],
    ['literals written their own way', 'const r = /a/um, s = /b/gmi, big = 0xFF_FFn, small = 1_000n;'],
    ['type-only namespace exports and parenthesized targets', 'export type * as Shapes from "./shapes";\n(prisma.incident.create as any) = stub;\n(target) = 1;'],
    ['every kind of parenthesized target', '(a)++; (x as any)--; [(a)] = b; ({ x: (a) } = b); [...(a)] = b; for ((a) of b); for (a of b); f(a++); ((a)) = 1; [(a) = 1] = c;'],
    ['dotted namespaces', 'export namespace Api.V1.Orders { export const path = "/orders"; }\ndeclare module Shop.Types { export type Id = string; }'],
    ['comments', '#!/usr/bin/env node\n// leading\n/** @traced */\nexport async function load() {}\nconst x = /* inline */ (1);\nfoo(/* arg */ a, b); // trailing\n'],
  ])('gives Babel’s tree for %s', (_, source) => {
    expect(treeDifferences(parseWithBabel(source, 'file.ts'), parseFile(source, 'file.ts'))).toEqual([]);
    expect(parseWithOxc(source, 'file.ts'), 'read by oxc, not Babel').toBeDefined();
  });

  it('gives JSX and JavaScript files Babel’s tree', () => {
    for (const [source, path] of [
      ['export const App = () => <main className="app">{items.map((item) => <Item key={item.id} {...item} />)}</main>;', 'app.jsx'],
      ['export const App = () => <><a href="x">{/* note */}</a></>;', 'app.js'],
      ['export function Page<T>(props: { items: T[] }) { return <ul>{props.items.map((i) => <li>{String(i)}</li>)}</ul>; }', 'page.tsx'],
    ]) {
      expect(treeDifferences(parseWithBabel(source, path), parseFile(source, path)), path).toEqual([]);
      expect(parseWithOxc(source, path), path).toBeDefined();
    }
  });

  it('reads a file marked @flow with Flow’s parser, even where oxc reads it as JavaScript of another meaning', () => {
    // A generic call to Flow, two comparisons to JavaScript.
    // Each reads as JavaScript too (but the last, which oxc rejects): comparisons, shifts, `|`, `&`.
    expect(parseWithOxc('// @flow\nconst [items] = useState<Array<string>>([]);\n', 'field.js')).toBeDefined();
    for (const call of ['useState<string>("")', 'useState<Array<string>>([])', 'useRef<HTMLDivElement | null>(null)', 'merge<A & B>(x)', 'useReducer<State, Action>(reduce, init)']) {
      const flow = `// @flow\nexport function Field() { const [name] = ${call}; return name; }\n`;
      expect(javaScriptTree(parseFile(flow, 'field.js')), call).toBe(javaScriptTree(jscodeshiftBabylon.parse(flow)));
      expect(JSON.stringify(parseFile(flow, 'field.js')), call).toContain('"TypeParameterInstantiation"');
    }
  });

  it('reads a file marked @flow that is plain JavaScript (types in comments) with oxc', () => {
    const commentTypes = '/* @flow */\nfunction id(value /*: number */) /*: number */ { return value > 0 ? value : 0; }\nmodule.exports = { id };\n';
    expect(parseFile(commentTypes, 'id.js')).toEqual(parseWithOxc(commentTypes, 'id.js'));
  });

  it('rejects what Babel rejects as an early error, and Babel reports it: a legacy octal, a duplicate let', () => {
    for (const source of ['fs.chmodSync(dir, 0755);\n', 'let a = 1;\nlet a = 2;\n', 'loop: for (;;) { break nowhere; }\n']) {
      expect(parseWithOxc(source, 'install.cjs'), source).toBeUndefined();
      expect(() => parseFile(source, 'install.cjs'), source).toThrow();
    }
  });

  it('leaves to Babel what oxc rejects and Babel reads: a CommonJS return at the top level', () => {
    const source = 'if (!process.env.TRACE) return;\nmodule.exports = require("./tracing");\n';
    expect(parseWithOxc(source, 'setup.js')).toBeUndefined();
    expect(treeDifferences(parseWithBabel(source, 'setup.js'), parseFile(source, 'setup.js'))).toEqual([]);
  });
});

describe('treeDifferences (the comparison above)', () => {
  it('finds a changed type, span, field, parenthesis or leading comment', () => {
    const source = '// note\nexport const a = (1) + f(b);\n';
    const changed = (edit: (program: { body: Record<string, unknown>[] }) => void): string[] => {
      const tree = parseWithBabel(source, 'a.ts');
      edit(tree.program as unknown as { body: Record<string, unknown>[] });
      return treeDifferences(parseWithBabel(source, 'a.ts'), tree);
    };
    const init = (program: { body: Record<string, unknown>[] }) =>
      ((program.body[0].declaration as { declarations: { init: Record<string, Record<string, unknown>> }[] }).declarations[0].init);
    expect(changed(() => undefined)).toEqual([]);
    expect(changed((program) => (init(program).left.type = 'Literal'))).toHaveLength(1);
    expect(changed((program) => (init(program).right.end = 99))).toHaveLength(1);
    expect(changed((program) => (init(program).operator = '-'))).toHaveLength(1);
    expect(changed((program) => (init(program).left.extra = {}))).toHaveLength(1);
    expect(changed((program) => delete program.body[0].leadingComments)).toHaveLength(1);
  });
});

describe('the walker’s visitor keys (src/codemod/visitor-keys.generated.ts)', () => {
  it('are @babel/types’ VISITOR_KEYS as installed (node scripts/generate-visitor-keys.mjs writes them)', () => {
    const installed = require('@babel/types') as { VISITOR_KEYS: Record<string, string[]> };
    expect(VISITOR_KEYS).toEqual(installed.VISITOR_KEYS);
  });
});
