/**
 * The project's own modules a file imports by a relative path (`import { loadOrders } from './orders.js'`), read with
 * the transform's parser, so that return-kind.ts follows an imported function, value or type alias as it follows a
 * same-file one, before it asks the TypeScript checker (a program per file). Generated API clients are made of such
 * imports: unkey's returns `SafeParseResult<…>` from its own `types/fp.ts` in hundreds of files.
 *
 * Only what syntax makes certain is followed: `export function`, `export const`, `export type`/`interface`/`class`/
 * `enum`, `export { local as name }`, `export { name } from './x'` and `export * from './x'`, through at most
 * MAX_HOPS modules. Path aliases (`~/lib`), packages and declaration files are left to the checker.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Node } from '../../src/codemod/ast.js';
import { parseFile } from '../../src/codemod/parser.js';
import { FileBindings, type Binding, type TypeBinding } from '../../src/codemod/bindings.js';

/** Larger modules (generated tables) are not read: the checker answers for them. */
const MAX_MODULE_CHARS = 200_000;
/** Parsed modules kept for the next file, by their text's length (a Babel tree is ~40 bytes per character). */
const CACHED_CHARS = 600_000;
const MAX_HOPS = 4;

/** A name as a module exports it, with the bindings of the module that declares it. */
export interface Exported<B> {
  binding: B;
  bindings: FileBindings;
}

/** What `name` is where the module `source` (imported by the file of `from`) exports it as a value. */
export function exportedValue(from: FileBindings, source: string, name: string): Exported<Binding> | null {
  return findExport(from, source, name, 'value', 0);
}

/** The same for a type. */
export function exportedType(from: FileBindings, source: string, name: string): Exported<TypeBinding> | null {
  return findExport(from, source, name, 'type', 0);
}

type Space = 'value' | 'type';

function findExport<S extends Space>(
  from: FileBindings,
  source: string,
  name: string,
  space: S,
  hops: number,
): Exported<S extends 'value' ? Binding : TypeBinding> | null {
  if (!from.path || hops >= MAX_HOPS) return null;
  const module = moduleAt(resolveRelative(from.path, source));
  if (!module) return null;
  type Found = Exported<S extends 'value' ? Binding : TypeBinding>;
  const local = (localName: string, at: number): Found | null => {
    const binding = space === 'value' ? module.resolve(localName, at) : module.resolveType(localName, at);
    if (!binding) return null;
    // Imported there, and exported on: follow it to where it is declared.
    if (binding.kind === 'import') return findExport(module, binding.source, binding.imported, space, hops + 1);
    return { binding, bindings: module } as Found;
  };
  const reExports: string[] = [];
  for (const statement of module.program.body as Node[]) {
    if (statement.type === 'ExportAllDeclaration') {
      if (!statement.exported) reExports.push(String((statement.source as Node).value));
      continue;
    }
    if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration as Node;
      if (name === 'default' && space === 'value' && declaration.type === 'FunctionDeclaration') {
        return { binding: { kind: 'function', fn: declaration }, bindings: module } as Found;
      }
      continue;
    }
    if (statement.type !== 'ExportNamedDeclaration') continue;
    const declaration = statement.declaration as Node | null;
    if (declaration) {
      if (declaredNames(declaration).includes(name)) return local(name, statement.start);
      continue;
    }
    for (const specifier of statement.specifiers as Node[]) {
      if (specifier.type !== 'ExportSpecifier' || exportName(specifier.exported as Node) !== name) continue;
      const localName = exportName(specifier.local as Node);
      if (localName === null) return null;
      if (statement.source) return findExport(module, String((statement.source as Node).value), localName, space, hops + 1);
      return local(localName, statement.start);
    }
  }
  for (const reExport of reExports) {
    const found = findExport(module, reExport, name, space, hops + 1);
    if (found) return found;
  }
  return null;
}

/** The names an exported declaration gives (`export function f`, `export const a = 1, b = 2`, `export type T`…). */
function declaredNames(declaration: Node): string[] {
  if (declaration.type === 'VariableDeclaration') {
    return (declaration.declarations as Node[]).map((d) => d.id as Node).filter((id) => id.type === 'Identifier').map((id) => id.name as string);
  }
  const id = declaration.id as Node | null | undefined;
  return id?.type === 'Identifier' ? [id.name as string] : [];
}

const exportName = (node: Node): string | null =>
  node.type === 'Identifier' ? (node.name as string) : node.type === 'StringLiteral' ? String(node.value) : null;

/** The source file a relative specifier names, as TypeScript resolves it: `./x.js` is `./x.ts`, `./x` may be `./x/index.ts`. */
function resolveRelative(fromPath: string, specifier: string): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = resolve(dirname(fromPath), specifier);
  // TypeScript's order: sources, then declarations, then JavaScript. A declaration file found first is what the
  // checker reads (`legacy.d.ts` beside `legacy.js`), so nothing is followed then.
  const extension = /\.(?:[mc]?js|jsx)$/.exec(base)?.[0];
  const stem = extension ? base.slice(0, -extension.length) : base;
  const mapped = extension ? JS_TO_TS[extension] : { sources: ['.ts', '.tsx'], declaration: '.d.ts' };
  const candidates = [
    ...mapped.sources.map((ts) => stem + ts),
    stem + mapped.declaration,
    ...(extension ? [base] : []),
    `${base}/index.ts`,
    `${base}/index.tsx`,
    `${base}/index.d.ts`,
  ];
  const found = candidates.find(isFile);
  return found && !/\.d\.[mc]?ts$/.test(found) ? found : null;
}

/** What TypeScript looks for in place of a JavaScript extension. */
const JS_TO_TS: Record<string, { sources: string[]; declaration: string }> = {
  '.js': { sources: ['.ts', '.tsx'], declaration: '.d.ts' },
  '.jsx': { sources: ['.tsx'], declaration: '.d.ts' },
  '.mjs': { sources: ['.mts'], declaration: '.d.mts' },
  '.cjs': { sources: ['.cts'], declaration: '.d.cts' },
};

/**
 * Without an exception for a missing path: most candidates are (`./x.ts` before `./x.tsx`, `./x/index.ts`). Other
 * errors still throw (`./x.ts/index.ts` when `./x.ts` is a file: ENOTDIR) and mean no file as well.
 */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Parsed modules by path (null: unreadable, too large or unparseable), least recently used first. */
const modules = new Map<string, FileBindings | null>();
let cachedChars = 0;

function moduleAt(path: string | null): FileBindings | null {
  if (!path) return null;
  const cached = modules.get(path);
  if (cached !== undefined) {
    modules.delete(path);
    modules.set(path, cached);
    return cached;
  }
  let bindings: FileBindings | null = null;
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length <= MAX_MODULE_CHARS) {
      bindings = new FileBindings(parseFile(text, path).program as Node, path, text);
      cachedChars += text.length;
    }
  } catch {
    // Unreadable or unparseable: the checker answers.
  }
  modules.set(path, bindings);
  for (const [oldest, dropped] of modules) {
    if (cachedChars <= CACHED_CHARS || oldest === path) break;
    modules.delete(oldest);
    if (dropped) cachedChars -= dropped.program.end - dropped.program.start;
  }
  return bindings;
}
