/**
 * Which calls are fetch calls: the global `fetch` (also as `globalThis.fetch`), and `fetch` from node-fetch or undici
 * however it was imported or required. Anything else named `fetch` (a parameter, a project's own wrapper, another
 * library) is left alone: its contract is unknown.
 */
import type { ASTPath, CallExpression } from 'jscodeshift';
import { parentOf, propertyKeyName, skipTypeWrappers, staticPropertyName, stringValue, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { declaredNames } from '../../src/codemod/names.js';
import { walkNear } from '../../src/codemod/node-paths.js';

export type FetchSource = 'global' | 'node-fetch' | 'undici';

const FETCH = 'fetch';
/** Objects whose `fetch` property is the platform's fetch when they are not shadowed. */
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

/**
 * Modules whose fetch follows the WHATWG contract, and where it lives in them: node-fetch's is the default export
 * (and, in v2, the whole CommonJS export); undici's is the named export `fetch`.
 */
const FETCH_MODULES: Readonly<Partial<Record<string, { source: FetchSource; exportName: string; moduleIsFetch: boolean }>>> = {
  'node-fetch': { source: 'node-fetch', exportName: 'default', moduleIsFetch: true },
  undici: { source: 'undici', exportName: 'fetch', moduleIsFetch: false },
};

/**
 * The words a fetch call's text holds: `fetch` itself (the global, `x.fetch`, undici's export), the modules'
 * names (`require('node-fetch')(url)`), and the local names that imports and requires of those modules bind
 * (`import get from 'node-fetch'`, `const { fetch: f } = require('undici')`, `import * as nf from 'node-fetch'`).
 */
export function fetchCallWords(file: CodemodFile): Set<string> {
  const modules = Object.keys(FETCH_MODULES).filter((module) => file.source.includes(module));
  const words = new Set([FETCH, ...modules]);
  if (modules.length === 0) return words;
  walkNear(file, modules, (node) => {
    if (node.type === 'ImportDeclaration') {
      for (const specifier of node.specifiers as Node[]) for (const name of declaredNames(specifier)) words.add(name);
      return false;
    }
    if (node.type === 'TSImportEqualsDeclaration') {
      for (const name of declaredNames(node)) words.add(name);
      return false;
    }
    // A declarator's initializer may hold the one that loads the module (`const get = async () => { const f =
    // require('node-fetch'); … }`): its names are taken, and the walk goes on into it.
    if (node.type === 'VariableDeclarator') for (const name of declaredNames(node)) words.add(name);
    return undefined;
  });
  return words;
}

/** What a local name is bound to, as far as fetch is concerned. */
type Binding = { kind: 'fetch'; source: FetchSource } | { kind: 'module'; module: string } | null;

type AnyNode = { type: string; [key: string]: unknown };

/**
 * The fetch implementation this call invokes, or null when it is not (known to be) a fetch call. `declared`: whether
 * the file declares a name anywhere (see declarationCounts); a name it never declares is a global, without a scope.
 */
export function fetchSourceOfCall(path: ASTPath<CallExpression>, declared: (name: string) => boolean): FetchSource | null {
  const callee = path.node.callee as AnyNode;
  if (callee.type === 'Identifier') {
    const name = callee.name as string;
    const binding = declared(name) ? lookupBinding(path, name) : undefined;
    if (binding === undefined) return name === FETCH ? 'global' : null;
    return binding?.kind === 'fetch' ? binding.source : null;
  }
  if (callee.type !== 'MemberExpression' || callee.optional) return null;
  const property = staticPropertyName(callee);
  if (!property) return null;
  const object = callee.object as AnyNode;
  if (object.type === 'Identifier') {
    const name = object.name as string;
    const binding = declared(name) ? lookupBinding(path, name) : undefined;
    if (binding === undefined) return property === FETCH && GLOBAL_OBJECTS.has(name) ? 'global' : null;
    return binding?.kind === 'module' ? moduleMember(binding.module, property) : null;
  }
  const required = moduleOfLoad(object);
  return required && !required.dynamic ? moduleMember(required.module, property) : null;
}

function moduleMember(module: string, property: string): FetchSource | null {
  const spec = FETCH_MODULES[module];
  return spec && property === spec.exportName ? spec.source : null;
}

/**
 * undefined: the name is not bound in any enclosing scope (a global). null: bound to something that is not fetch.
 */
function lookupBinding(path: ASTPath, name: string): Binding | undefined {
  const scope = (path as unknown as { scope: Scope | null }).scope?.lookup(name);
  if (!scope) return importEquals(path).get(name);
  const declarations = scope.getBindings()[name] ?? [];
  // A name declared more than once (`var` twice, a function and a var) has no single meaning we can trust.
  return declarations.length === 1 ? bindingOf(declarations[0]) : null;
}

/**
 * TypeScript's `import x = require('m')` at the top level, which ast-types' scopes do not record: without this, such a
 * name would pass for the global fetch.
 */
const importEqualsByProgram = new WeakMap<object, Map<string, Binding>>();
function importEquals(path: ASTPath): Map<string, Binding> {
  let program: ASTPath | null = path;
  while (program && program.node.type !== 'Program') program = program.parent as ASTPath | null;
  if (!program) return new Map();
  let bindings = importEqualsByProgram.get(program.node);
  if (!bindings) {
    bindings = new Map();
    for (const statement of (program.node as unknown as { body: AnyNode[] }).body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as AnyNode | null) : statement;
      if (declaration?.type !== 'TSImportEqualsDeclaration') continue;
      const reference = declaration.moduleReference as AnyNode;
      const module = reference.type === 'TSExternalModuleReference' ? (reference.expression as AnyNode).value : undefined;
      const spec = typeof module === 'string' ? FETCH_MODULES[module] : undefined;
      const binding: Binding = spec ? (spec.moduleIsFetch ? { kind: 'fetch', source: spec.source } : { kind: 'module', module: module as string }) : null;
      bindings.set((declaration.id as { name: string }).name, binding);
    }
    importEqualsByProgram.set(program.node, bindings);
  }
  return bindings;
}

interface Scope {
  lookup(name: string): Scope | null;
  getBindings(): Record<string, ASTPath[] | undefined>;
}

/** Reads the declaration around a bound identifier. */
function bindingOf(identifierPath: ASTPath): Binding {
  const id = identifierPath.node;
  const parentPath = parentOf(identifierPath);
  const parent = parentPath?.node as AnyNode | undefined;
  if (!parent) return null;
  switch (parent.type) {
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ImportSpecifier': {
      const declaration = parentOf(parentPath)?.node as AnyNode | undefined;
      const module = (declaration?.source as { value?: unknown } | undefined)?.value;
      const spec = typeof module === 'string' ? FETCH_MODULES[module] : undefined;
      if (!spec || declaration?.importKind === 'type' || parent.importKind === 'type') return null;
      if (parent.type === 'ImportNamespaceSpecifier') return { kind: 'module', module: module as string };
      if (parent.type === 'ImportDefaultSpecifier') {
        return spec.exportName === 'default' ? { kind: 'fetch', source: spec.source } : { kind: 'module', module: module as string };
      }
      const imported = parent.imported as AnyNode;
      const importedName = imported.type === 'Identifier' ? imported.name : imported.value;
      return importedName === spec.exportName ? { kind: 'fetch', source: spec.source } : null;
    }
    case 'VariableDeclarator':
      return parent.id === id ? bindingOfInit(parent.init as AnyNode | null) : null;
    case 'Property':
    case 'ObjectProperty': {
      // `const { fetch } = require('undici')`, `const { default: fetch } = await import('node-fetch')`
      const patternPath = parentOf(parentPath);
      const pattern = patternPath?.node as AnyNode | undefined;
      const declarator = parentOf(patternPath)?.node as AnyNode | undefined;
      if (parent.value !== id || pattern?.type !== 'ObjectPattern' || declarator?.type !== 'VariableDeclarator') return null;
      if (declarator.id !== pattern) return null;
      const loaded = moduleOfLoad(declarator.init as AnyNode | null);
      const key = propertyKeyName(parent);
      return loaded && key ? fetchBinding(moduleMember(loaded.module, key)) : null;
    }
    default:
      return null;
  }
}

const fetchBinding = (source: FetchSource | null): Binding => (source ? { kind: 'fetch', source } : null);

/** `require(M)`, `await import(M)`, `require(M).fetch`, `(await import(M)).default`… as a binding. */
function bindingOfInit(init: AnyNode | null): Binding {
  if (!init) return null;
  const loaded = moduleOfLoad(init);
  if (loaded) {
    const spec = FETCH_MODULES[loaded.module];
    if (!spec) return null;
    // node-fetch v2's CommonJS export is the fetch function itself; an ES module namespace never is.
    return spec.moduleIsFetch && !loaded.dynamic ? { kind: 'fetch', source: spec.source } : { kind: 'module', module: loaded.module };
  }
  if (init.type === 'MemberExpression' && !init.optional) {
    const object = moduleOfLoad(init.object as AnyNode);
    const property = staticPropertyName(init);
    return object && property ? fetchBinding(moduleMember(object.module, property)) : null;
  }
  return null;
}

/** The module a `require('m')` or `await import('m')` expression loads, for the fetch modules we know. */
function moduleOfLoad(node: AnyNode | null | undefined): { module: string; dynamic: boolean } | null {
  if (!node) return null;
  let expression = skipTypeWrappers(node);
  let dynamic = false;
  if (expression.type === 'AwaitExpression') {
    expression = expression.argument as AnyNode;
    dynamic = true;
  }
  if (expression.type !== 'CallExpression' && expression.type !== 'ImportExpression') return null;
  const callee = expression.callee as AnyNode | undefined;
  const isRequire = !dynamic && callee?.type === 'Identifier' && callee.name === 'require';
  const isImport = dynamic && (expression.type === 'ImportExpression' || callee?.type === 'Import');
  if (!isRequire && !isImport) return null;
  const module = stringValue(expression.type === 'ImportExpression' ? expression.source : (expression.arguments as AnyNode[])[0]);
  return module !== null && module in FETCH_MODULES ? { module, dynamic } : null;
}

