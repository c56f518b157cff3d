/**
 * What a sync function returns, from syntax alone (transforms/wrap-spans/return-kind.ts): names the file declares are
 * followed, so the TypeScript checker (a program per file) is asked only where syntax cannot tell. null means "ask".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Node } from '../../src/codemod/ast.js';
import { parseFile } from '../../src/codemod/parser.js';
import { FileBindings } from '../../src/codemod/bindings.js';
import { syntacticReturnKind } from '../../transforms/wrap-spans/return-kind.js';

/**
 * The return kind of every top-level function named `target*` in `source`, by name; `at`: the file's path on disk, for
 * the modules it imports.
 */
function kinds(source: string, path = 'service.ts', at: string | null = null): Record<string, string | null> {
  const file = parseFile(source, path);
  const program = file.program as Node;
  const bindings = new FileBindings(program, at);
  const result: Record<string, string | null> = {};
  for (const statement of program.body as Node[]) {
    const fn = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node) : statement;
    const name = (fn.id as Node | null | undefined)?.name as string | undefined;
    if (fn.type === 'FunctionDeclaration' && name?.startsWith('target')) {
      result[name] = syntacticReturnKind(fn, !path.endsWith('.js'), bindings);
    }
  }
  return result;
}

describe('names the file declares', () => {
  it("follows a const's value, a typed parameter and a same-file function", () => {
    const source = `
      import { query } from './db';
      const LIMITS = { perMinute: 60 };
      const load = (id: string) => query('select 1', [id]);
      const loadLater = async (id: string) => query('select 1', [id]);
      function toCents(amount: number) { return Math.round(amount * 100); }
      function describe(amount: number) { const cents = toCents(amount); return cents > 0 ? 'credit' : 'debit'; }
      export function targetLimits() { return LIMITS; }
      export function targetDescribe(amount: number) { return describe(amount); }
      export function targetParameter(count: number, label: string | null) { return count > 1 ? label : null; }
      export function targetLoadLater(id: string) { return loadLater(id); }
      export function targetLocalConst(id: string) { const row = { id, at: Date.now() }; return row; }
      export function targetImported(id: string) { return load(id); }
      export function targetImportedValue() { return query; }
    `;
    expect(kinds(source)).toEqual({
      targetLimits: 'sync',
      targetDescribe: 'sync',
      targetParameter: 'sync',
      targetLoadLater: 'promise',
      targetLocalConst: 'sync',
      // `query` is imported: only its types can tell.
      targetImported: null,
      targetImportedValue: null,
    });
  });

  it('reads the innermost binding: a shadowing block, parameter or inner function wins; a let or var is not followed', () => {
    const source = `
      const value = 1;
      const fetchRates = async () => 2;
      export function targetOuter() { { const value = fetchRates(); void value; } return value; }
      export function targetInner() { { const value = fetchRates(); return value; } }
      export function targetParameter(value: Promise<number>) { return value; }
      export function targetUntypedParameter(value) { return value; }
      export function targetInnerFunction() { function later() { return fetchRates(); } return later(); }
      export function targetLet() { let value = 1; value = 2; return value; }
      export function targetVar() { if (Math.random()) { var value = fetchRates(); } return value; }
    `;
    expect(kinds(source)).toEqual({
      targetOuter: 'sync',
      targetInner: 'promise',
      targetParameter: 'promise',
      targetUntypedParameter: null,
      targetInnerFunction: 'promise',
      targetLet: null,
      targetVar: null,
    });
  });

  it('leaves to the checker what TypeScript may read otherwise: narrowed values, optional parameters, declared const types', () => {
    // From a second reading of the change: each of these made a wrapper that did not compile.
    const source = `
      const either = Math.random() > 0.5 ? 1 : Promise.resolve(2);
      const wide: unknown = Promise.resolve(1);
      const fetcher: (n: number) => unknown = (n) => Promise.resolve(n);
      export function targetNarrowedParameter(value: unknown) { if (typeof value === 'string') return value; return JSON.stringify(value); }
      export function targetNarrowedConst() { if (either instanceof Promise) return 0; return either; }
      export function targetOptional(x?: Promise<number>) { return x; }
      export function targetDeclaredConst() { return wide; }
      export function targetDeclaredConstFunction() { return fetcher(1); }
    `;
    expect(kinds(source)).toEqual({
      targetNarrowedParameter: null,
      targetNarrowedConst: null,
      targetOptional: null,
      targetDeclaredConst: null,
      targetDeclaredConstFunction: null,
    });
  });

  it("reads a callee's or an alias's type parameter as whatever it stands for, and the wrapped function's own as nothing", () => {
    const source = `
      function id<T>(x: T): T { return x; }
      type Same<T> = T;
      export function targetGenericCall() { return id(Promise.resolve(1)); }
      export function targetAliasParameter(): Same<Promise<number>> { return later(); }
      export function targetOwn<T>(make: () => T): T { return make(); }
    `;
    expect(kinds(source)).toEqual({ targetGenericCall: null, targetAliasParameter: null, targetOwn: 'sync' });
  });

  it('does not follow a JavaScript function declaration that is assigned, or declared twice in one function', () => {
    const source = `
      function load() { return 1; }
      load = () => Promise.resolve(1);
      export function targetAssigned() { return load(); }
      export function targetTwice() { var g = () => Promise.resolve(1); function g() { return 1; } return g(); }
    `;
    expect(kinds(source, 'service.js')).toEqual({ targetAssigned: 'maybe', targetTwice: 'maybe' });
  });

  it('reads functions that call each other twice over in linear time', () => {
    // A recursive-descent parser's shape: without kept verdicts this takes 2^40 reads.
    const chain = Array.from({ length: 40 }, (_, i) =>
      i === 0 ? 'function f0(x: number) { return x + 1; }' : `function f${String(i)}(x: number) { return x > ${String(i)} ? f${String(i - 1)}(x) : f${String(i - 1)}(x + 1); }`,
    );
    expect(kinds(`${chain.join('\n')}\nexport function targetTop(x: number) { return f39(x); }`)).toEqual({ targetTop: 'sync' });
  });

  it('leaves recursion, overloads and names declared twice to the checker', () => {
    const source = `
      function ping(n: number) { return n > 0 ? ping(n - 1) : 'done'; }
      function parse(text: string): number;
      function parse(text: number): number;
      function parse(text) { return Number(text); }
      export function targetRecursion() { return ping(3); }
      export function targetOverloads() { return parse('1'); }
      const a = () => b();
      const b = () => a();
      export function targetCycle() { return a(); }
    `;
    expect(kinds(source)).toEqual({ targetRecursion: null, targetOverloads: null, targetCycle: null });
  });

  it('takes a bare return or running off the end beside a returned promise as sometimes a promise', () => {
    // dub's activity logs: `if (!resourceType) return;` then `return trackActivityLog(...)`.
    const source = `
      const track = async (entry: string) => { await fetch('/log', { method: 'POST', body: entry }); };
      export function targetBareReturn(entry: string | null) { if (!entry) return; return track(entry); }
      export function targetFallsOff(entry: string | null) { if (entry) return track(entry); }
      export function targetEveryBranch(entry: string | null) { if (entry) { return track(entry); } else { throw new Error('no entry'); } }
      export function targetSync(entry: string | null) { if (!entry) return; return entry.length; }
    `;
    expect(kinds(source)).toEqual({ targetBareReturn: 'maybe', targetFallsOff: 'maybe', targetEveryBranch: 'promise', targetSync: 'sync' });
  });

  it('leaves a sometimes-promise body to the checker when the function declares a type syntax cannot read', () => {
    // drizzle-orm's drivers: the run-time check's promise branch would not fit the declared intersection.
    const source = `
      import type { Database, Client } from './database';
      function construct(client: Client) { return open(client) as any; }
      export function targetDeclared(client: Client): Database & { $client: Client } { return construct(client); }
      export function targetInferred(client: Client) { return construct(client); }
      export function targetDeclaredSync(client: Client): Database & { $client: Client } { const db = { client }; return db as any; }
    `;
    expect(kinds(source)).toEqual({ targetDeclared: null, targetInferred: 'maybe', targetDeclaredSync: null });
  });

  it('gives JavaScript the run-time check where syntax cannot tell, and the known kind where it can', () => {
    const source = `
      const { lookup } = require('./cache');
      async function refresh() { return 1; }
      function* ids() { yield 1; }
      export function targetRefresh() { return refresh(); }
      export function targetGenerator() { return ids(); }
      export function targetLookup(key) { return lookup(key); }
    `;
    expect(kinds(source, 'service.js')).toEqual({ targetRefresh: 'promise', targetGenerator: 'sync', targetLookup: 'maybe' });
  });
});

describe('declared types', () => {
  it('reads same-file interfaces, classes, enums and aliases as the checker would, and type parameters as saying nothing', () => {
    const source = `
      import type { Page } from './pagination';
      interface Invoice { id: string; }
      class Ledger {}
      enum Status { Open, Paid }
      type Later<T> = Promise<T>;
      type Outcome = { ok: true } | { ok: false; error: string };
      type Either = Outcome | Later<Outcome>;
      type Loop = Loop[] | Later<Loop>;
      export function targetInterface(): Invoice { return load(); }
      export function targetClass(): Ledger | null { return current(); }
      export function targetEnum(): Status { return read(); }
      export function targetAlias(): Later<Invoice> { return load(); }
      export function targetUnionAlias(): Either { return decide(); }
      export function targetTypeParameter<T>(make: () => T): T { return make(); }
      export function targetResponse(): Response { return build(); }
      export function targetImported(): Page<Invoice> { return page(); }
      export function targetLoop(): Loop { return loop(); }
      export function targetInnerAlias() { type Later = number; const value: Later = 1; return value as Later; }
    `;
    expect(kinds(source)).toEqual({
      targetInterface: 'sync',
      targetClass: 'sync',
      targetEnum: 'sync',
      targetAlias: 'promise',
      targetUnionAlias: 'maybe',
      targetTypeParameter: 'sync',
      targetResponse: 'sync',
      targetImported: null,
      targetLoop: 'maybe',
      targetInnerAlias: 'sync',
    });
  });
});

describe("the project's own modules", () => {
  const dir = mkdtempSync(join(tmpdir(), 'wrap-spans-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  // A generated API client's shape: result types in one module, parsers in another, an index that re-exports.
  write('src/types/fp.ts', 'export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };\nexport type Later<T> = Promise<T>;\n');
  write('src/types/index.ts', "export type { Result as SafeParseResult } from './fp.js';\nexport * from './fp.js';\n");
  write(
    'src/lib/schemas.ts',
    [
      "import type { SafeParseResult } from '../types/index.js';",
      'export function safeParse<T>(text: string, parse: (value: unknown) => T): SafeParseResult<T, Error> {',
      '  try { return { ok: true, value: parse(JSON.parse(text)) }; } catch (error) { return { ok: false, error: error as Error }; }',
      '}',
      'export const fetchRates = async (code: string) => (await fetch(`/rates/${code}`)).json();',
      'export class Ledger {}',
      'function toCents(amount: number) { return Math.round(amount * 100); }',
      'export { toCents as cents };',
      '',
    ].join('\n'),
  );
  write('src/lib/index.ts', "export * from './schemas.js';\n");
  // JavaScript with its own declarations: TypeScript reads the declarations.
  write('src/lib/legacy.js', 'export function load() { return Promise.resolve(1); }\n');
  write('src/lib/legacy.d.ts', 'export declare function load(): unknown;\n');

  it('follows functions, values and types exported by relative modules, through re-exports', () => {
    const source = `
      import { safeParse, fetchRates, cents, Ledger } from '../lib/index.js';
      import type { SafeParseResult, Later, Result } from '../types/index.js';
      import { formatMoney } from '~/lib/money';
      import { z } from 'zod';
      import { load } from '../lib/legacy.js';
      export function targetLegacy() { return load(); }
      export function targetParse(text: string): SafeParseResult<number, Error> { return safeParse(text, Number); }
      export function targetCall(text: string) { return safeParse(text, Number); }
      export function targetAsync() { return fetchRates('EUR'); }
      export function targetRenamed() { return cents(12.5); }
      export function targetClass(): Ledger { return open(); }
      export function targetAlias(): Later<Result<number, Error>> { return later(); }
      export function targetAliasPath(amount: number) { return formatMoney(amount); }
      export function targetPackage(text: string) { return z.string().parse(text); }
    `;
    expect(kinds(source, 'orders.ts', join(dir, 'src', 'orders', 'orders.ts'))).toEqual({
      targetParse: 'sync',
      targetCall: 'sync',
      targetAsync: 'promise',
      targetRenamed: 'sync',
      targetClass: 'sync',
      targetAlias: 'promise',
      // A path alias, a package and a module with a declaration file: the checker's.
      targetLegacy: null,
      targetAliasPath: null,
      targetPackage: null,
    });
  });

  it('leaves to the checker an import written with its .ts extension, whose folder lookups (`./x.ts/index.ts`) fail', () => {
    // drizzle-orm's `import { sql } from '../sql/sql.ts'`: looking for `sql.ts/index.ts` under a file is ENOTDIR.
    const source = `import { safeParse } from '../lib/schemas.ts';\nexport function targetTs(text: string) { return safeParse(text, Number); }`;
    expect(kinds(source, 'orders.ts', join(dir, 'src', 'orders', 'orders.ts'))).toEqual({ targetTs: null });
  });

  it('reads nothing without the file path (plain jscodeshift on a snippet)', () => {
    const source = `import { safeParse } from '../lib/index.js';\nexport function targetCall(text: string) { return safeParse(text, Number); }`;
    expect(kinds(source)).toEqual({ targetCall: null });
  });
});

describe('methods and hooks', () => {
  it("takes string and array methods as sync, and not the names database clients, streams, reducers and Bluebird's statics use", () => {
    const source = `
      export function targetStreamSome(stream) { return stream.some((chunk) => chunk.length > 10); }
      export function targetBluebird(items) { return Promise.map(items, (item) => item.id); }
      export function targetJoin(ids: string[]) { return ids.map((id) => id.trim()).join(','); }
      export function targetFind(db, id: string) { return db.users.find(id); }
      export function targetReduce(steps) { return steps.reduce((chain, step) => chain.then(step), Promise.resolve()); }
      export function targetThen(job) { return job.run().then((r) => r.id); }
    `;
    expect(kinds(source)).toEqual({ targetStreamSome: null, targetBluebird: null, targetJoin: 'sync', targetFind: null, targetReduce: null, targetThen: 'promise' });
  });

  it("reads React's hooks by module: useMemo gives what its callback returns", () => {
    const source = `
      import React, { useMemo, useState } from 'react';
      import { useMemo as useCachedMemo } from './cache';
      export function targetMemo(items: string[]) { return useMemo(() => items.length, [items]); }
      export function targetMemoPromise(load: () => Promise<string>) { return useMemo(() => load(), [load]); }
      export function targetState() { return useState(0); }
      export function targetNamespace() { return React.useCallback(() => 1, []); }
      export function targetOtherModule(items: string[]) { return useCachedMemo(() => items.length, [items]); }
      export function targetElement(Icon: string) { return React.createElement(Icon, { size: 16 }); }
      export function targetLazy() { return React.lazy(() => import('./page')); }
    `;
    expect(kinds(source, 'hooks.tsx')).toEqual({
      targetMemo: 'sync',
      // The callback calls a parameter whose type is a function type: what it returns, only the checker knows.
      targetMemoPromise: null,
      targetState: 'sync',
      targetNamespace: 'sync',
      targetOtherModule: null,
      targetElement: 'sync',
      // A component, though its loader is a promise.
      targetLazy: 'sync',
    });
  });

  it('reads `as const` as its operand, and any other assertion as its type', () => {
    const source = `
      export function targetTuple(days: number) { return ['analytics', days] as const; }
      export function targetConstObject(id: string) { return { kind: 'user', id } as const; }
      export function targetAsserted(value: unknown) { return value as Route; }
    `;
    expect(kinds(source)).toEqual({ targetTuple: 'sync', targetConstObject: 'sync', targetAsserted: null });
  });
});
