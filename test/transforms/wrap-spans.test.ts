import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';
import * as wrapSpans from '../../transforms/wrap-spans.js';
import { applyTemplate } from '../../transforms/wrap-spans/naming.js';
import { mayContainTarget, readOptions, requiredChunks } from '../../transforms/wrap-spans/options.js';
import { nearestPackage } from '../../transforms/wrap-spans/package-name.js';
import { findFunctionSites, mayOnlySelectExported, selectFunctions, tracedTag } from '../../transforms/wrap-spans/select.js';
import { parseFile } from '../../src/codemod/parser.js';
import { isClientModule } from '../../src/codemod/react.js';
import { exportsFromText } from '../../transforms/wrap-spans/react-code.js';
import type { Node } from '../../src/codemod/ast.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wrap-spans');
/** A path beside the fixtures' package.json (`shop`), so the tracer name is stable. */
const at = (name: string) => join(fixtures, name);
const run = (source: string, name = 'example.ts', options = {}) => applyTransform(wrapSpans.default, source, at(name), options);

describeFixturePairs(fixtures, wrapSpans, { windowsText: true });

describe('notes for functions it leaves alone', () => {
  it('reports getters, generators, functions with their own spans, unnamed callbacks and redeclared parameters', async () => {
    const source = [
      `import { trace } from '@opentelemetry/api';`,
      `const tracer = trace.getTracer('x');`,
      `class A {`,
      `  /** @traced */`,
      `  get value() { return 1; }`,
      `}`,
      `/** @traced */`,
      `export async function* pages() { yield 1; }`,
      `/** @traced */`,
      `export function manual() { const span = tracer.startSpan('manual'); span.end(); }`,
      `run(/** @traced */ () => 1);`,
      `/** @traced */`,
      `export function redeclares(a) { var a; return a; }`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'notes.js');
    expect(output).toBeUndefined();
    expect(reports).toEqual([
      `line 5: 'A.value' is a getter; left unwrapped`,
      `line 8: 'pages' is a generator; left unwrapped`,
      `line 10: 'manual' already starts a span; left unwrapped`,
      `line 11: this function has no name; give the span one with \`@traced <name>\``,
      `line 13: 'redeclares' redeclares its parameter 'a' in its body; left unwrapped`,
    ]);
  });

  it('with --types, says which functions got the run-time check because their return type could not be resolved', async () => {
    const source = [
      `import { openLedger } from '@acme/ledger-client';`,
      `const ledger = openLedger('postgres://ledger');`,
      `/** @traced */`,
      `export function entryCount(accountId: string) { return ledger.count(accountId); }`,
      `/** @traced */`,
      `export function total(a: number, b: number) { return sum(a, b); }`,
      `function sum(a: number, b: number) { return a + b; }`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'ledger.ts', { types: true });
    expect(reports).toEqual([
      `line 4: 'entryCount' returns a type TypeScript cannot resolve here (dependencies not installed?): wrapped with a run-time check for a promise; declare its return type, or run with its types available`,
    ]);
    // `total` is decided from its syntax (a same-file function adding numbers): the plain shape.
    expect(output.match(/pending instanceof Promise/g)).toHaveLength(1);
    // Without --types nothing is asked and nothing is said: the same run-time check for what syntax does not decide.
    const untyped = await run(source, 'ledger.ts');
    expect(untyped.reports).toEqual([]);
    expect(untyped.output).toBe(output);
  });

  describe('a file whose imports are more than the checker loads for one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrap-spans-large-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'package.json'), '{ "name": "catalog" }\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true, "module": "nodenext" } }\n');
    const loader = 'export function loadProducts() {\n  return Promise.resolve([{ sku: "a-1" }]);\n}\n';
    // A generated table of a little over 1.5 million characters before the function, as generated API clients have.
    const table = Array.from({ length: 40_000 }, (_, i) => `export const SKU_${String(i)} = 'product-sku-${String(i).padStart(8, '0')}';`).join('\n');
    writeFileSync(join(dir, 'small-catalog.ts'), loader);
    writeFileSync(join(dir, 'large-catalog.ts'), `${table}\n${loader}`);
    const caller = (module: string) => `import { loadProducts } from './${module}.js';\n/** @traced */\nexport function products() {\n  return loadProducts();\n}\n`;

    it('says so, and gives the function the run-time check', async () => {
      expect(table.length).toBeGreaterThan(1_500_000);
      const { output, reports } = await applyTransform(wrapSpans.default, caller('large-catalog'), join(dir, 'products.ts'), { types: true });
      expect(reports).toEqual([
        `line 3: 'products' returns a type TypeScript can tell only from more of the project than a run loads for one file: wrapped with a run-time check for a promise; declare its return type`,
      ]);
      expect(output).toContain('if (pending instanceof Promise) {');
    });

    it('reads the same function from a smaller module', async () => {
      const { output, reports } = await applyTransform(wrapSpans.default, caller('small-catalog'), join(dir, 'products.ts'));
      expect(reports).toEqual([]);
      expect(output).toContain('return result.then(');
    });
  });

  it('leaves a TypeScript function alone when it assigns a parameter a closure in it reads (narrowing would be lost)', async () => {
    const source = [
      `/** @traced */`,
      `export function labels(items: string[], prefix?: string) {`,
      `  prefix = prefix ?? '#';`,
      `  return items.map((item) => prefix.toUpperCase() + item);`,
      `}`,
      `/** @traced */`,
      `export function count(items: string[], prefix?: string) {`,
      `  prefix = prefix ?? '#';`,
      `  return items.length + prefix.length;`,
      `}`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'labels.ts');
    expect(reports).toEqual([
      `line 2: 'labels' assigns its parameter 'prefix', which a closure in it reads: inside the span's callback TypeScript would no longer narrow it there; left unwrapped`,
    ]);
    expect(output).toContain(`startActiveSpan('count'`);
    // JavaScript has no narrowing to lose.
    expect((await run(source.replace(/: string\[\]|\?: string/g, ''), 'labels.js')).output).toContain(`startActiveSpan('labels'`);
  });

  it('leaves a TypeScript function that calls itself without a declared return type alone (its type would become any)', async () => {
    const source = [
      `declare function leaf(n: number): number;`,
      `/** @traced */`,
      `export function depth(n: number) { if (n > 0) return depth(n - 1); return leaf(n); }`,
      `/** @traced */`,
      `export function leaves(n: number) { const sizes = [n - 1].map((m) => (m > 0 ? leaves(m) : 1)); return sizes.length; }`,
      `/** @traced */`,
      `export function typed(n: number): number { return n > 0 ? typed(n - 1) : leaf(n); }`,
      `/** @traced */`,
      `export function named(record: { depth: number }) { return record.depth + leaf(1); }`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'tree.ts');
    const note = 'calls itself and declares no return type: once wrapped, TypeScript could not infer it (an implicit any, TS7023); declare its return type; left unwrapped';
    expect(reports).toEqual([`line 3: 'depth' ${note}`, `line 5: 'leaves' ${note}`]);
    // A declared return type needs no inference; a property named like a function is not the function.
    expect(output).toContain(`startActiveSpan('typed'`);
    expect(output).toContain(`startActiveSpan('named'`);
    // JavaScript has no types to lose.
    const js = await run(`/** @traced */\nexport function depth(n) { return n > 0 ? depth(n - 1) : 0; }\n`, 'tree.js');
    expect(js.reports).toEqual([]);
  });

  it('leaves a TypeScript function alone when TypeScript may infer a type predicate from it (a boolean once wrapped)', async () => {
    const source = [
      `type Source = 'marketplace' | 'direct';`,
      `/** @traced */`,
      `export const isMarketplace = (source: Source | null) => source === 'marketplace';`,
      `/** @traced */`,
      `export function isList(value: unknown) { return Array.isArray(value) && value.length > 0; }`,
      `/** @traced */`,
      `export function declared(value: unknown): value is string[] { return Array.isArray(value); }`,
      `/** @traced */`,
      `export function format(value: number) { return String(value); }`,
      `/** @traced */`,
      `export function size(value: string[]) { return value.length > 2; }`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'sources.ts');
    const note = (name: string) =>
      `tests its parameter '${name}' and declares no return type: TypeScript may infer a type predicate (${name} is …), which the span's callback would turn into a boolean; declare the return type; left unwrapped`;
    expect(reports).toEqual([`line 3: 'isMarketplace' ${note('source')}`, `line 5: 'isList' ${note('value')}`]);
    // A declared predicate stays on the function; a call or comparison that narrows nothing is wrapped.
    for (const name of ['declared', 'format', 'size']) expect(output).toContain(`startActiveSpan('${name}'`);
  });

  it('names Promise, Error and String through globalThis where the file binds them itself', async () => {
    const source = [
      `const Promise = require('bluebird');`,
      `/** @traced */`,
      `function load(cache, key) { return cache.get(key); }`,
      `module.exports = { load };`,
      ``,
    ].join('\n');
    const { output } = await run(source, 'cache.cjs');
    expect(output).toContain('if (result instanceof globalThis.Promise) {');
    expect(output).toContain('message: error instanceof Error ? error.message : String(error)');
  });

  it('names the global Error through globalThis where a type parameter is called Error, const or not', async () => {
    for (const parameter of ['Error', 'const Error extends { kind: number }', 'T, const Error']) {
      const source = `/** @traced */\nexport function fail<${parameter}>(e: Error) {\n  return String(e);\n}\n`;
      const { output } = await run(source, 'fail.ts');
      expect(output).toContain('span.recordException(error as globalThis.Error);');
    }
  });

  it('leaves a function alone when its scope has another SpanStatusCode, and does not reuse a shadowed tracer', async () => {
    const source = [
      `import { trace } from '@opentelemetry/api';`,
      `const tracer = trace.getTracer('billing');`,
      `/** @traced */`,
      `export function status(SpanStatusCode) { return SpanStatusCode.OK; }`,
      `/** @traced */`,
      `export function local(tracer) { return tracer.name; }`,
      ``,
    ].join('\n');
    const { output, reports } = await run(source, 'shadow.js');
    expect(reports).toEqual([`line 4: 'status' sees another 'SpanStatusCode' than the one from @opentelemetry/api; left unwrapped`]);
    expect(output).toContain(`const tracer2 = trace.getTracer('shop');`);
    expect(output).toContain(`export function status(SpanStatusCode) { return SpanStatusCode.OK; }`);
    expect(output).toContain(`  return tracer2.startActiveSpan('local', (span) => {\n    let result;\n    let endsOnSettle = false;\n    try {\n      result = tracer.name;`);
  });

  it('says nothing about a function it wrapped on an earlier run', async () => {
    const first = await run(`/** @traced */\nexport async function f() {\n  await g();\n}\n`);
    const second = await run(first.output!);
    expect(second).toEqual({ output: undefined, reports: [], stats: {} });
  });
});

describe('selection', () => {
  it('finds the same exported functions when it reads only where an exported function can be', () => {
    const source = [
      'export function load(id) { const inner = () => id; return inner(); }',
      'export const api = { get(id) { return [1].map((x) => x + id); }, nested: { put() { return 1; } } };',
      'export default class Store { save() { return () => 1; } }',
      '(function (exports) {',
      '  exports.umd = function () { return function helper() { return 1; }; };',
      '})(module.exports);',
      'function setup() { module.exports.late = () => 2; }',
      'module.exports.direct = function direct() { return 3; };',
      'const local = () => 4;',
      'export { local };',
      '',
    ].join('\n');
    const options = readOptions({ exported: true });
    expect(mayOnlySelectExported(source, options)).toBe(true);
    const program = parseFile(source, 'store.js').program as Node;
    const names = (sites: ReturnType<typeof findFunctionSites>) => selectFunctions(sites, options).map((site) => `${site.owner ?? ''}.${site.name ?? ''}`);
    const everywhere = names(findFunctionSites(program, 'store.js'));
    expect(everywhere).toEqual(['.load', '.umd', '.late', '.direct', '.local']);
    expect(names(findFunctionSites(program, 'store.js', { source }))).toEqual(everywhere);
    // Fewer functions read: not those in the bodies of load, get and save (setup's is read: it assigns module.exports.late).
    expect(findFunctionSites(program, 'store.js', { source }).length).toBeLessThan(findFunctionSites(program, 'store.js').length);
    expect(mayOnlySelectExported(`/** @traced */\n${source}`, options)).toBe(false);
    expect(mayOnlySelectExported(source, readOptions({ exported: true, functions: 'helper' }))).toBe(false);
  });
});

describe('text it never parses', () => {
  it('skips files without a tag, a chosen name or (with --exported) an export', () => {
    expect(mayContainTarget(`export async function load() {}`, {})).toBe(false);
    expect(mayContainTarget(`/** @traced */ function load() {}`, {})).toBe(true);
    expect(mayContainTarget(`function load() {}`, { exported: true })).toBe(false);
    expect(mayContainTarget(`function load() {}\nmodule.exports = load;`, { exported: true })).toBe(true);
    expect(mayContainTarget(`export const load = async () => {};`, { exported: true })).toBe(true);
    // An exported object method has neither `function` nor `=>`.
    expect(mayContainTarget(`module.exports = { load(id) { return id; } };`, { exported: true })).toBe(true);
    expect(mayContainTarget(`export default { get total(): number { return 1; } };`, { exported: true })).toBe(true);
    // Exports without a function: re-exports, values, types.
    expect(mayContainTarget(`module.exports = load;`, { exported: true })).toBe(false);
    expect(mayContainTarget(`export { load } from './load';\nexport * from './save';`, { exported: true })).toBe(false);
    expect(mayContainTarget(`export const LIMIT = 10;\nexport type Id = string;`, { exported: true })).toBe(false);
    expect(mayContainTarget(`exports.LIMIT = require('./limit');`, { exported: true })).toBe(false);
    // Exports that cannot be functions, beside functions that are not exported: a class's methods are not exported
    // functions, nor are the getters compiled re-exports define on `exports`.
    expect(mayContainTarget(`export class Cart { total() { return [1].map((n) => n); } }\nexport interface Line {}`, { exported: true })).toBe(false);
    expect(
      mayContainTarget(`Object.defineProperty(exports, "load", { enumerable: true, get: function () { return m.load; } });`, { exported: true }),
    ).toBe(false);
    expect(mayContainTarget(`const f = (x) => x; exports === undefined;`, { exported: true })).toBe(false);
    // Every form that can export one.
    for (const text of [
      `function load() {}\nexport { load };`,
      `function load() {}\nexport{load as default}`,
      `export /* legacy */ async function load() {}`,
      `export let load = () => 1;`,
      `exports['load'] = function () {};`,
      `exports . load = () => 1;`,
      `module.exports.load = () => 1;`,
      `export class Cart {}\nexport default (id) => id;`,
      `exports['get-user'] = async function (id) { return id; };`,
      `module.exports["a:b"] = (x) => x;`,
      `exports.load /* legacy */ = () => 1;`,
      `export\n// legacy\nfunction foo() { return 1 }`,
    ]) {
      expect(mayContainTarget(text, { exported: true }), text).toBe(true);
    }
    expect(mayContainTarget(`function save() {}`, { functions: ['load'] })).toBe(false);
    expect(mayContainTarget(`function loadUser() {}`, { functions: 'load*' })).toBe(true);
    expect(mayContainTarget(`class Cart { total() {} }`, { functions: ['Cart.total'] })).toBe(true);
    expect(mayContainTarget(`class Basket { total() {} }`, { functions: ['Cart.total'] })).toBe(false);
  });

  it('keeps patterns with alternatives or no literal text from rejecting anything', () => {
    expect(requiredChunks('*')).toBeNull();
    expect(requiredChunks('{load,save}User')).toBeNull();
    expect(requiredChunks('Cart.*')).toEqual(['Cart']);
    expect(requiredChunks('load?ser')).toEqual(['load', 'ser']);
  });

  it('returns undefined without parsing when nothing can match (unparseable text included)', async () => {
    expect(await run(`export function (((`)).toEqual({ output: undefined, reports: [], stats: {} });
  });

  it('lets the parser error through for an unparseable file that may hold a target', async () => {
    await expect(run(`/** @traced */ export function (((`)).rejects.toThrow();
  });
});

describe('options', () => {
  it('reads our CLI keys and plain jscodeshift flags alike', () => {
    const expected = { functions: ['a', 'B.c'], exported: true, spanNameTemplate: '{file}:{function}', attributes: true, tracerName: 'svc', types: true, countOnly: false };
    expect(readOptions({ functions: ['a', 'B.c'], exported: true, spanNameTemplate: '{file}:{function}', attributes: true, tracerName: 'svc', types: true })).toEqual(expected);
    expect(readOptions({ functions: 'a,B.c', exported: 'true', 'span-name-template': '{file}:{function}', attributes: 1, 'tracer-name': 'svc', types: 'true' })).toEqual(expected);
    expect(readOptions({})).toEqual({ functions: [], exported: false, spanNameTemplate: '{class}.{function}', attributes: false, tracerName: undefined, types: false, countOnly: false });
    // The checker's worker is started only for --types (and never for the first-run probe, which only counts).
    expect(wrapSpans.meta.asksTypes).toBeTypeOf('function');
    const asksTypes = wrapSpans.meta.asksTypes as (options: object) => boolean;
    expect([asksTypes({}), asksTypes({ types: true }), asksTypes({ types: true, countOnly: true })]).toEqual([false, true, false]);
    // Set by the first-run probe only (meta.noCandidates.probeOptions), never by a flag.
    expect(readOptions({ countOnly: true }).countOnly).toBe(true);
  });

  it('fills span name templates, dropping the separator of an empty placeholder', () => {
    expect(applyTemplate('{class}.{function}', { class: 'Cart', function: 'total' })).toBe('Cart.total');
    expect(applyTemplate('{class}.{function}', { class: '', function: 'total' })).toBe('total');
    expect(applyTemplate('{file}:{class}#{function}', { file: 'cart', class: '', function: 'total' })).toBe('cart:total');
    expect(applyTemplate('{function} ({class})', { class: '', function: 'total' })).toBe('total ()');
  });

  it('takes the rest of the tag line as the span name', () => {
    expect(tracedTag([`* @traced GET /orders/:id\n * more`])).toEqual({ spanName: 'GET /orders/:id' });
    expect(tracedTag([`* @traced "orders load" `])).toEqual({ spanName: 'orders load' });
    expect(tracedTag([`* Loads.\n * @traced\n `])).toEqual({ spanName: null });
    expect(tracedTag([`* @tracedBy someone`, `* email@traced.example`])).toBeNull();
  });
});

describe('files', () => {
  it.each([
    ['a JSX attribute', ['    <p', '      title="When the limit', '      is reached, the key is disabled."', '    />'], '      is reached, the key is disabled."'],
    ['a template', ['    `limit:', '  ${limit}`'], '  ${limit}`'],
    ['a line continuation', ["    'first \\", "  second'"], "  second'"],
  ])('re-indents no line inside a string that spans lines: %s', async (_kind, value, kept) => {
    const source = [`/** @traced */`, `export function hint({ limit }: { limit: number }) {`, `  return (`, ...value, `  );`, `}`, ``].join('\n');
    const { output } = await run(source, 'hint.tsx');
    const lines = output!.split('\n');
    // The string's first line moved two levels in with the code; its next line is as it was.
    expect(lines).toContain(`    ${value[0]}`);
    expect(lines).toContain(kept);
  });

  it('keeps CRLF line endings when given CRLF text (plain jscodeshift)', async () => {
    const source = `/** @traced */\r\nexport function f() {\r\n  return 1;\r\n}\r\n`;
    const { output } = await run(source, 'crlf.js');
    expect(output).toContain(`export function f() {\r\n  return tracer.startActiveSpan('f', (span) => {\r\n`);
    expect(output!.replace(/\r\n/g, '')).not.toContain('\n');
    expect((await run(output!, 'crlf.js')).output).toBeUndefined();
  });

  it('keeps a byte order mark', async () => {
    const { output } = await run(`\uFEFF/** @traced */\nexport function f() {}\n`, 'bom.js');
    expect(output!.startsWith(`\uFEFFimport { trace, SpanStatusCode } from '@opentelemetry/api';\n`)).toBe(true);
  });

  it('maps positions in tab-indented files', async () => {
    const source = `/** @traced */\nexport function f(a) {\n\tif (a) {\n\t\treturn 1\n\t}\n\treturn 2\n}\n`;
    const { output } = await run(source, 'tabs.js');
    expect(output).toContain(`\treturn tracer.startActiveSpan('f', (span) => {\n\t\ttry {\n\t\t\tif (a) {\n\t\t\t\treturn 1\n\t\t\t}\n\t\t\treturn 2\n\t\t} catch`);
  });

  describe('without a package.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrap-spans-nopkg-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const source = `/** @traced */\nexport function f() {}\n`;

    it('asks for --tracer-name', async () => {
      expect(nearestPackage(join(dir, 'f.js'))).toBeNull();
      await expect(applyTransform(wrapSpans.default, source, join(dir, 'f.js'))).rejects.toThrow('wrap-spans: no package.json with a name above this file; pass --tracer-name');
    });

    it('uses --tracer-name', async () => {
      const { output } = await applyTransform(wrapSpans.default, source, join(dir, 'f.js'), { tracerName: 'billing' });
      expect(output).toContain(`const tracer = trace.getTracer('billing');`);
    });
  });

  it('reuses a CommonJS tracer and the namespace it came from', async () => {
    const source = [
      `const api = require('@opentelemetry/api');`,
      `const tracer = api.trace.getTracer('billing');`,
      ``,
      `/** @traced */`,
      `exports.charge = async function charge(amount) {`,
      `  await api.context.with(api.context.active(), () => amount);`,
      `};`,
      ``,
    ].join('\n');
    const { output } = await run(source, 'billing.cjs');
    expect(output!.split('\n').slice(0, 6)).toEqual([
      `const api = require('@opentelemetry/api');`,
      `const tracer = api.trace.getTracer('billing');`,
      ``,
      `/** @traced */`,
      `exports.charge = async function charge(amount) {`,
      `  return tracer.startActiveSpan('charge', async (span) => {`,
    ]);
    expect(output).toContain(`span.setStatus({ code: api.SpanStatusCode.ERROR, message:`);
  });
});

describe('React code', () => {
  const exported = { exported: true };

  it('--exported counts the components and hooks it leaves alone once per run, not in a note per function', async () => {
    const source = readFileSync(join(fixtures, 'react-exported.input.tsx'), 'utf8');
    const { output, reports, stats } = await run(source, 'react-exported.tsx', exported);
    expect(reports).toEqual([]);
    // InvoiceHeader, useInvoiceCount, useShown, Empty and the default export.
    expect(stats).toEqual({ 'react-functions': 5 });
    expect(output!.match(/startActiveSpan\('(\w+)'/g)).toEqual([
      `startActiveSpan('listInvoices'`,
      `startActiveSpan('renderRow'`,
      `startActiveSpan('withCount'`,
      `startActiveSpan('mount'`,
    ]);
    expect(wrapSpans.meta.summarizeStats!(stats)).toBe(
      '--exported left React code unwrapped (it renders or runs in the browser): 5 components and hooks',
    );
  });

  it("leaves a 'use client' module to the browser without parsing it, unless a function in it is tagged", async () => {
    // Not valid code after the directive: --exported alone does not parse the file.
    const client = `// Counter.tsx\n'use strict';\n"use client";\n\nexport function increment(n: number) { return n + (;\n`;
    expect(await run(client, 'counter.tsx', exported)).toEqual({ output: undefined, reports: [], stats: { 'client-modules': 1 } });
    const tagged = `'use client';\n\nexport function format(n: number) {\n  return String(n);\n}\n\n/** @traced */\nexport function save(n: number) {\n  return n;\n}\n`;
    const { output, stats } = await run(tagged, 'counter.tsx', exported);
    expect(output!.match(/startActiveSpan\('(\w+)'/g)).toEqual([`startActiveSpan('save'`]);
    expect(stats).toEqual({ 'client-modules': 1 });
    expect(wrapSpans.meta.summarizeStats!({ 'react-functions': 1, 'client-modules': 2 })).toBe(
      "--exported left React code unwrapped (it renders or runs in the browser): 1 component or hook and 2 'use client' modules",
    );
    expect(wrapSpans.meta.summarizeStats!({ 'react-functions': 2, 'react-modules': 1, 'client-modules': 1 })).toBe(
      "--exported left React code unwrapped (it renders or runs in the browser): 2 components and hooks, 1 module whose exported functions are all components or hooks and 1 'use client' module",
    );
    expect(wrapSpans.meta.summarizeStats!({})).toBeUndefined();
  });

  it('route handlers and constants are not components; all-caps components that write JSX are; `use…` is a hook in React code', async () => {
    const route = [
      `import { NextResponse } from 'next/server';`,
      `export async function GET(request: Request) {`,
      `  return NextResponse.json({ url: request.url });`,
      `}`,
      `export function QR() {`,
      `  return <svg />;`,
      `}`,
      `export function Providers({ children }: { children: unknown }) {`,
      `  return children;`,
      `}`,
      ``,
    ].join('\n');
    const { output, stats } = await run(route, 'shell.tsx', exported);
    expect(output!.match(/startActiveSpan\('(\w+)'/g)).toEqual([`startActiveSpan('GET'`]);
    expect(stats).toEqual({ 'react-functions': 2 });
    // Playwright's helpers are called use… too: without React in the file, the name alone says nothing.
    const playwright = `export const useTemplate = async (page: { click(): Promise<void> }) => {\n  await page.click();\n};\n`;
    expect((await run(playwright, 'helper.ts', exported)).output).toContain(`startActiveSpan('useTemplate'`);
    const hook = `import { createContext } from 'react';\nexport const useTheme = () => 'dark';\n`;
    expect(await run(hook, 'theme.ts', exported)).toEqual({ output: undefined, reports: [], stats: { 'react-functions': 1 } });
  });

  it('does not parse a .tsx or .jsx file whose text exports only components, hooks and values', async () => {
    // Unparseable after the exports: a parse would fail the file.
    const page = [
      `import { Suspense } from 'react';`,
      `export const metadata = { title: 'Orders' };`,
      `export const dynamic = 'force-dynamic';`,
      `export const revalidate = 60;`,
      `export const columns = [{ id: 'total' }];`,
      `export const schema = z.object({ id: z.string() });`,
      `export const Card = styled.div\`padding: 0\`;`,
      `export { Header, useTheme } from './header';`,
      `export type { Order } from './types';`,
      `export interface Props { id: string }`,
      `export default async function OrdersPage({ params }: Props) {`,
      `  return <Suspense>{(((</Suspense>;`,
      `}`,
      `export function useOrders() {}`,
      `export { OrdersPage as Page, useOrders as useList };`,
      `export default withAuth(OrdersPage);`,
      ``,
    ].join('\n');
    expect(exportsFromText(page, 'page.tsx')).toBe('react');
    expect(await run(page, 'page.tsx', exported)).toEqual({ output: undefined, reports: [], stats: { 'react-modules': 1 } });
    // The same text in a .ts file is read as TypeScript (and fails to parse).
    expect(exportsFromText(page, 'page.ts')).toBeNull();
    // Anything that may export a function that is not React code means a parse.
    for (const other of [
      `export async function generateMetadata() {}`,
      `export const load = async () => ({});`,
      `export const handler = (req) => req;`,
      `export const run = function () {};`,
      `export default function () { return null; }`,
      `export default async (request) => request;`,
      `function helper() {}\nexport { helper };`,
      `export const icon = <svg />;`,
      `export const map: Record<string, () => void> = {};`,
      `// export your data\nexport function Page() {}`,
      `module.exports = { Page };`,
    ]) {
      expect(exportsFromText(`${other}\nexport function Page() { return <main />; }\n`, 'page.tsx'), other).toBeNull();
    }
  });

  it("Next.js server files that write JSX for an image are wrapped: route handlers, pages/api, metadata images", async () => {
    const handler = `import { ImageResponse } from 'next/og';\nexport async function GET(request: Request) {\n  return new ImageResponse(<div>{request.url}</div>);\n}\n`;
    expect((await run(handler, 'app/api/og/route.tsx', exported)).output).toContain(`startActiveSpan('GET'`);
    const arrow = `import { ImageResponse } from 'next/og';\nexport const GET = async () => new ImageResponse(<div />);\n`;
    expect((await run(arrow, 'app/api/og/route.tsx', exported)).output).toContain(`startActiveSpan('GET'`);
    const pagesApi = `import { ImageResponse } from 'next/og';\nexport default async function (request: Request) {\n  return new ImageResponse(<div>{request.url}</div>);\n}\n`;
    expect((await run(pagesApi, 'pages/api/og.tsx', exported)).output).toContain(`.startActiveSpan(`);
    const image = `import { ImageResponse } from 'next/og';\nexport default async function Image() {\n  return new ImageResponse(<div />);\n}\n`;
    expect(exportsFromText(image, 'app/opengraph-image.tsx')).toBeNull();
    expect((await run(image, 'app/opengraph-image.tsx', exported)).output).toContain(`startActiveSpan('Image'`);
  });

  it('outside React code a use… call is a hook only in a function named like one: test helpers and auto-imported server utilities are not', async () => {
    const containers = [
      `async function useContainer(name: string) { return name; }`,
      `export async function postgresContainer() {`,
      `  return useContainer('postgres');`,
      `}`,
      ``,
    ].join('\n');
    expect((await run(containers, 'containers.ts', exported)).output).toContain(`startActiveSpan('postgresContainer'`);
    // Nitro's useStorage and useSession are auto-imported: no import binds them.
    const nitro = `/** @traced */\nexport async function getSession(event: unknown) {\n  return useSession(event, { password: 'x' });\n}\n`;
    const session = await run(nitro, 'server/utils/session.ts');
    expect(session.reports).toEqual([]);
    expect(session.output).toContain(`startActiveSpan('getSession'`);
    // A hook calling a hook is one wherever it is (SWR is no module of React's by its name).
    const swr = `import useSWR from 'swr';\nexport function useOrders() {\n  return useSWR('/api/orders');\n}\n`;
    expect(await run(swr, 'orders.ts', exported)).toEqual({ output: undefined, reports: [], stats: { 'react-functions': 1 } });
    // Remix's hooks module imports @remix-run/react: React code, where a use… name is a hook.
    const remix = `import type { UIMatch } from '@remix-run/react';\nexport function useUser(matches?: UIMatch[]) {\n  return matches?.length;\n}\n`;
    expect(await run(remix, 'useUser.ts', exported)).toEqual({ output: undefined, reports: [], stats: { 'react-functions': 1 } });
  });

  it('--exported parses no file whose text exports only values, classes and types: a handler given to a wrapper is no exported function', async () => {
    const route = [
      `import { withAdmin } from '@/lib/auth';`,
      `const limit = (n: number) => Math.min(n, 100);`,
      `export const GET = withAdmin(async ({ searchParams }) => {`,
      `  return Response.json({ limit: limit(Number(searchParams.get('n'))) });`,
      `});`,
      `export const dynamic = 'force-dynamic';`,
      `export class RouteError extends Error {}`,
      `export type Params = { n: string };`,
      ``,
    ].join('\n');
    expect(exportsFromText(route, 'app/api/links/route.ts')).toBe('values');
    // Nothing to wrap, and nothing said about React.
    expect(await run(route, 'app/api/links/route.ts', exported)).toEqual({ output: undefined, reports: [], stats: {} });
    expect(await run(`${route}export { limit };\n`, 'app/api/links/route.ts', exported)).toMatchObject({ output: expect.stringContaining(`startActiveSpan('limit'`) });
    // In a .ts file a PascalCase or use… function is a function like any other.
    expect(exportsFromText(`${route}export function Handler() {}\n`, 'route.ts')).toBeNull();
    expect(exportsFromText(`${route}export const useLimit = (n: number) => n;\n`, 'route.ts')).toBeNull();
    expect(exportsFromText(`${route}exports.limit = limit;\n`, 'route.js')).toBeNull();
    // `export type { limit }` exports no value: nothing is wrapped, parsed or not.
    expect(await run(`const limit = (n: number) => n;\nexport type { limit };\nexport { type limit as max };\n`, 'limits.ts', exported)).toEqual({ output: undefined, reports: [], stats: {} });
  });

  it('the text check reads every declarator and every name in an export list', () => {
    const page = (exports: string) => `${exports}\nexport function Page() { return <main />; }\n`;
    expect(exportsFromText(page(`export const schema = z.object({}), validate = (v: unknown) => schema.parse(v);`), 'page.tsx')).toBeNull();
    expect(exportsFromText(page(`export const runtime = 'edge',\n  load = async () => 1;`), 'page.tsx')).toBeNull();
    expect(exportsFromText(page(`export const metadata = {\n  title: 'a, b', // one, two\n  tags: ['x', 'y'],\n};`), 'page.tsx')).toBe('react');
    expect(exportsFromText(page(`async function module(id: string) { return id; }\nexport default module;`), 'page.tsx')).toBeNull();
    expect(exportsFromText(page(`export default class Store {}`), 'page.tsx')).toBe('react');
    expect(exportsFromText(page(`function handler() {}\nexport { Page as Home /* } */, handler };`), 'page.tsx')).toBeNull();
  });

  it('a directive after code, or a string that only starts like one, is no client module', () => {
    expect(isClientModule(`#!/usr/bin/env node\n/* c */ 'use client'\nexport {}`)).toBe(true);
    expect(isClientModule(`import x from 'y';\n'use client';`)).toBe(false);
    expect(isClientModule(`'use client-side';`)).toBe(false);
    expect(isClientModule(`'use server';\nexport async function f() {}`)).toBe(false);
    expect(isClientModule(`const a = 'use client';`)).toBe(false);
    expect(isClientModule(`'use client'.length;`)).toBe(false);
    expect(isClientModule(`'use client' + x;`)).toBe(false);
    expect(isClientModule(`'use client'\n  .trim()`)).toBe(false);
    expect(isClientModule(`'it\\'s'; 'use client'`)).toBe(true);
    expect(isClientModule(`'use strict'\n'use client'\nexport {}`)).toBe(true);
  });

  it('a tagged or named function that calls a hook is left unwrapped with a note: the hook would run inside a callback', async () => {
    const source = [
      `import { useMemo } from 'react';`,
      `/** @traced */`,
      `export function useTotal(items: number[]) {`,
      `  return useMemo(() => items.reduce((a, b) => a + b, 0), [items]);`,
      `}`,
      `/** @traced */`,
      `export function Total({ items }: { items: number[] }) {`,
      `  return <b>{items.length}</b>;`,
      `}`,
      ``,
    ].join('\n');
    const { output, reports, stats } = await run(source, 'total.tsx');
    expect(reports).toEqual([
      `line 3: 'useTotal' calls the React hook useMemo, which must not move into the span's callback (rules-of-hooks); left unwrapped`,
    ]);
    expect(stats).toEqual({});
    // A tagged component without hooks is wrapped: the tag chose it.
    expect(output).toContain(`return tracer.startActiveSpan('Total', (span) => {`);
  });
});
