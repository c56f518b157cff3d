/** The edit pipeline: one parse, edits at the text's own offsets, one splicer, the file's style. */
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/codemod/ast.js';
import { SourceEdits } from '../../src/codemod/edits.js';
import { appendToList } from '../../src/codemod/generated-code.js';
import { isIgnored } from '../../src/codemod/ignore.js';
import { open, outputOf } from '../helpers/codemod-file.js';

describe('SourceEdits', () => {
  it('applies insertions and replacements together, by offsets in the original text', () => {
    const edits = new SourceEdits('abcdef');
    edits.replace(1, 3, 'XY');
    edits.insert(3, '+');
    edits.insert(1, '<');
    edits.insert(6, '!');
    edits.insert(6, '?');
    expect(edits.apply()).toBe('a<XY+def!?');
  });

  it('removes ranges', () => {
    const edits = new SourceEdits('wrap(call())');
    edits.remove(0, 5);
    edits.remove(11, 12);
    expect(edits.apply()).toBe('call()');
  });

  it('refuses overlapping replacements and insertions inside a replaced range', () => {
    const overlapping = new SourceEdits('abcdef');
    overlapping.replace(0, 3, 'x');
    overlapping.replace(2, 4, 'y');
    expect(() => overlapping.apply()).toThrow(/overlapping/);
    const inside = new SourceEdits('abcdef');
    inside.replace(0, 3, 'x');
    inside.insert(1, 'y');
    expect(() => inside.apply()).toThrow(/inside a replaced range/);
  });

  it('moves a range with the edits inside it, leaving a name where it was (hoisting)', () => {
    const source = 'a();\nfetch(new Request(fetch(x)), init);\n';
    const edits = new SourceEdits(source);
    const statement = source.indexOf('fetch(new');
    const [start, end] = [source.indexOf('new'), source.indexOf(', init')];
    edits.insert(source.indexOf('x)'), 'wrap(');
    edits.insert(source.indexOf('x)') + 1, ')');
    edits.move(start, end, statement, { before: 'const input = ', after: ';\n' });
    edits.insert(start, 'input');
    expect(edits.apply()).toBe('a();\nconst input = new Request(fetch(wrap(x)));\nfetch(input, init);\n');
  });

  it("writes inserted line breaks as the file's own", () => {
    const edits = new SourceEdits('a\r\nb\r\n', '\r\n');
    edits.insert(3, 'x\ny\n');
    expect(edits.apply()).toBe('a\r\nx\r\ny\r\nb\r\n');
  });
});

describe('openFile', () => {
  it('gives offsets into the text as it is: tabs, CRLF and a BOM included', () => {
    const source = '\uFEFFfunction f() {\r\n\tif (a) {\r\n\t\treturn load(a, {\r\n\t\t\tb: 1,\r\n\t\t})\r\n\t}\r\n}\r\n';
    const file = open('a.js', source);
    const calls = file.root.find(file.j.CallExpression).nodes() as unknown as Node[];
    expect(calls.map((call) => source.slice(call.start, call.end))).toEqual(['load(a, {\r\n\t\t\tb: 1,\r\n\t\t})']);
  });

  it('returns undefined when nothing was edited, and leaves every byte outside the edits alone', () => {
    const source = 'export function pick(a, b, c) {\n  return [...a ? b : c]\n}\nexport function fail(a, b) {\n  throw a, b\n}\nconst x = 1\n';
    const file = open('a.js', source);
    expect(file.output()).toBeUndefined();
    file.edits.insert(source.indexOf('1\n'), '2 + ');
    expect(outputOf(file)).toBe(source.replace('= 1', '= 2 + 1'));
  });

  it('resolves scopes in files with a catch clause without a binding', () => {
    const file = open('a.js', 'try { run() } catch { retry() }\nconst x = 1\n');
    const paths = file.root.find(file.j.CallExpression).paths();
    expect(paths.map((path) => (path.scope as { lookup(name: string): unknown }).lookup('x') !== null)).toEqual([true, true]);
  });

  it('hands out fresh names once each, avoiding every name the file refers to', () => {
    const file = open('a.js', 'const tracer = 1\nfunction tracer2() { return tracer }\nobj.tracer3 = 1\n');
    expect([file.freshName('tracer'), file.freshName('tracer'), file.freshName('span')]).toEqual(['tracer3', 'tracer4', 'span']);
  });

  it('tells taken names name by name: identifiers, escaped ones, names it handed out; not property names or strings', () => {
    const file = open('a.js', 'const span = 1\nuse(span2, obj.tracer, { tracer: 1 }, "tracer")\n');
    expect(file.freshName('tracer')).toBe('tracer');
    expect(file.freshName('tracer')).toBe('tracer2');
    expect(file.freshName('span')).toBe('span3');
    expect(['span', 'span2', 'span3', 'tracer', 'tracer2', 'use', 'obj', 'tracer3'].map((name) => file.isTaken(name))).toEqual([
      true, true, true, true, true, true, true, false,
    ]);
    // `\u0074racer` is `tracer`; the escape in a string is no name.
    const escaped = open('b.js', 'const \\u0074racer = "\\u0073pan"\n');
    expect([escaped.freshName('tracer'), escaped.freshName('span')]).toEqual(['tracer2', 'span']);
  });

  it('reports with the line of a node or offset', () => {
    const reports: string[] = [];
    const file = open('a.js', 'a()\r\nb()\r\n', reports);
    file.report(file.source.indexOf('b'), 'left alone');
    expect(reports).toEqual(['line 2: left alone']);
  });
});

describe('detectFileStyle', () => {
  it('reads quotes, semicolons, indentation, line endings and module kind', () => {
    expect(open('x.ts', `import a from "a"\nfunction f() {\n    return a\n}\n`).style).toEqual({
      quote: 'double',
      semicolons: false,
      indent: '    ',
      module: 'esm',
      eol: '\n',
      typescript: true,
    });
    expect(open('x.js', `const a = require('a');\r\nfunction f() {\r\n\treturn a;\r\n}\r\n`).style).toEqual({
      quote: 'single',
      semicolons: true,
      indent: '\t',
      module: 'cjs',
      eol: '\r\n',
      typescript: false,
    });
  });

  it('tells ES modules from the tree, CommonJS from requires and exports, and a script by having neither', () => {
    // Minified: no space after `from`, nothing at the start of a line.
    expect(open('min.js', `import a from'a';export const b=a\n`).style.module).toBe('esm');
    // A Flow comment that reads like an import (`/*:: import type … */`) in a CommonJS file.
    expect(open('p.js', `'use strict';\n/*::\nimport type { A } from './a';\n*/\nexports.isA = (n) => n.type === 'A';\n`).style.module).toBe('cjs');
    expect(open('loader.js', `function load(url) {\n  return fetch(url);\n}\n`).style.module).toBe('script');
    expect(open('view.jsx', `function View() {\n  return <main />;\n}\n`).style.module).toBe('script');
    // TypeScript and the .mjs/.cjs extensions say how imports are written whatever the file holds.
    expect(open('a.ts', `function f() {\n  return 1;\n}\n`).style.module).toBe('esm');
    expect(open('a.mjs', `fetch('/x');\n`).style.module).toBe('esm');
    expect(open('a.cjs', `fetch('/x');\n`).style.module).toBe('cjs');
  });

  it("counts the parsed statements' semicolons, not lines that look like statements", () => {
    const source = `// Logger for the jobs worker;\nexports.logger = require('pino')({ name: 'jobs' })\nexports.child = (bindings) => exports.logger.child(bindings)\nfor (let i = 0; i < 3; i++) exports.logger.info(i)\n`;
    expect(open('jobs.js', source).style.semicolons).toBe(false);
    expect(open('b.js', `class A {\n  a = 1;\n}\nexport default A;\n`).style.semicolons).toBe(true);
  });
});

describe('appendToList', () => {
  const append = (source: string, item: string): string => {
    const file = open('a.js', source);
    const object = file.root.find(file.j.ObjectExpression).nodes()[0] as unknown as Node;
    const properties = object.properties as Node[];
    appendToList(file, { open: object.start, close: object.end - 1, last: properties[properties.length - 1] ?? null }, [item]);
    return outputOf(file);
  };

  it('keeps one-line lists on one line, with or without a trailing comma', () => {
    expect(append('f({ a: 1 })', 'b: 2')).toBe('f({ a: 1, b: 2 })');
    expect(append('f({ a: 1, })', 'b: 2')).toBe('f({ a: 1, b: 2, })');
    expect(append('f({})', 'b: 2')).toBe('f({ b: 2 })');
  });

  it('puts an item on its own line in a multi-line list, at the items indentation', () => {
    expect(append('f({\n\ta: 1,\n})', 'b: 2')).toBe('f({\n\ta: 1,\n\tb: 2,\n})');
    expect(append('f({\n  a: 1\n})', 'b: 2')).toBe('f({\n  a: 1,\n  b: 2\n})');
    expect(append('f({ a: 1,\n  c: 3 })', 'b: 2')).toBe('f({ a: 1,\n  c: 3, b: 2 })');
  });
});

describe('isIgnored', () => {
  it('reads ignore comments on the node and the nodes around it, not the rest of the file', () => {
    const file = open('a.js', '// otel-codemod-ignore pino-mixin\nconst a = f()\nconst b = g()\n/* otel-codemod-ignore */\nfunction h() {\n  return k()\n}\n');
    const ignored = file.root.find(file.j.CallExpression).paths().map((path) => isIgnored(path, 'pino-mixin'));
    expect(ignored).toEqual([true, false, true]);
    expect(file.root.find(file.j.CallExpression).paths().map((path) => isIgnored(path, 'wrap-spans'))).toEqual([false, false, true]);
  });

  it('reads an ignore comment above a decorated class (exported, abstract) as the whole class’s', () => {
    const source = [
      '// otel-codemod-ignore',
      '@Injectable()',
      'export class Orders { load() { return db.find() } }',
      '/* otel-codemod-ignore */',
      '@Injectable()',
      'abstract class Base { save() { return db.save() } }',
      'class Open { run() { return db.run() } }',
    ].join('\n');
    const file = open('a.ts', source);
    const ignored = file.root.find(file.j.CallExpression).paths().map((path) => isIgnored(path, 'wrap-spans'));
    // The decorators' calls, `db.find`, the second decorator's, `db.save`, `db.run`.
    expect(ignored).toEqual([true, true, true, true, false]);
  });
});
