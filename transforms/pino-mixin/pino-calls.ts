/**
 * Where a file creates pino loggers. pino's factory reaches code in these ways, and the codemod recognises each:
 *
 *   import pino from 'pino'             pino(…)  pino.default(…)  pino.pino(…)
 *   import { pino } from 'pino'         pino(…)            (also `{ default as pino }`, any local name)
 *   import * as P from 'pino'           P.default(…)  P.pino(…)
 *   import pino = require('pino')       pino(…)  pino.default(…)
 *   const pino = require('pino')        pino(…)  pino.default(…)   (also `require('pino').default` / `.pino`)
 *   const { pino } = require('pino')    pino(…)            (also `{ default: pino }`)
 *   require('pino')(…)  require('pino').default(…)
 *
 * A call counts only when its callee resolves to that binding: a parameter or local variable of the same name in an
 * inner scope is someone else's function. Child loggers (`logger.child()`) are not factory calls: they inherit the
 * mixin of the logger they come from.
 */
import { requiredModule, staticPropertyName, stringValue, type Node } from '../../src/codemod/ast.js';
import type { FileBindings } from '../../src/codemod/bindings.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { declarationCounts, nodesIn, walkNear, type NodeInContext } from '../../src/codemod/node-paths.js';

export const PINO_MODULE = 'pino';
/** Properties of the module (and of the factory itself) that are the factory again. */
const FACTORY_MEMBERS = new Set(['default', 'pino']);

export type BindingKind =
  /** The factory function itself: default import, `{ pino }`, `require('pino')`, import-equals. */
  | 'factory'
  /** `import * as P from 'pino'`: not callable, but `P.default` / `P.pino` / `P.symbols` are there. */
  | 'namespace';

export interface PinoBinding {
  name: string;
  kind: BindingKind;
  /** The identifier node that declares the name (what FileBindings.declarationsAt returns). */
  id: Node;
  /** Declared at the top level of the file. */
  topLevel: boolean;
  via: 'default-import' | 'named-import' | 'namespace-import' | 'import-equals' | 'require' | 'require-pattern';
}

/** `import { symbols } from 'pino'`: what earlier versions of the codemod added for their helper in TypeScript. */
export interface SymbolsImport {
  local: string;
  specifier: Node;
  declaration: Node;
}

/** A factory call, with the nodes around it. */
export type PinoCall = NodeInContext;

export interface PinoFile {
  bindings: PinoBinding[];
  symbolsImport: SymbolsImport | null;
  calls: PinoCall[];
}

/** `require('pino')`. */
const isPinoRequire = (node: unknown): boolean => requiredModule(node) === PINO_MODULE;

/** `require('pino')`, `require('pino').default`, `require('pino').pino`: expressions that are the factory. */
function isFactoryRequire(node: unknown): boolean {
  const expression = node as Node | undefined;
  if (isPinoRequire(expression)) return true;
  return (
    expression?.type === 'MemberExpression' &&
    isPinoRequire(expression.object) &&
    FACTORY_MEMBERS.has(staticPropertyName(expression) ?? '')
  );
}

export function findPinoFile(file: CodemodFile, names: FileBindings): PinoFile {
  const topLevel = new Set<unknown>(file.program.body as Node[]);
  // The bindings come from one walk over the babel tree (declarations need no paths or scopes), in the order the three
  // kinds were always listed: imports, `import x = require()`, then variable declarators.
  const imports: PinoBinding[] = [];
  const importEquals: PinoBinding[] = [];
  const declarators: PinoBinding[] = [];
  let symbolsImport: SymbolsImport | null = null;

  // Every such declaration holds the module's name as a string: the walk enters only what holds one.
  walkNear(file, [`'${PINO_MODULE}'`, `"${PINO_MODULE}"`], (node, parent) => {
    if (node.type === 'ImportDeclaration') {
      if (stringValue(node.source) !== PINO_MODULE || node.importKind === 'type') return;
      for (const specifier of node.specifiers as Node[]) {
        if (specifier.importKind === 'type') continue;
        const local = specifier.local as Node;
        const name = local.name as string;
        const common = { name, id: local, topLevel: true };
        if (specifier.type === 'ImportDefaultSpecifier') imports.push({ ...common, kind: 'factory', via: 'default-import' });
        else if (specifier.type === 'ImportNamespaceSpecifier') imports.push({ ...common, kind: 'namespace', via: 'namespace-import' });
        else {
          // `{ 'default' as pino }` (a string) is not read.
          const imported = specifier.imported as Node;
          const importedName = imported.type === 'Identifier' ? (imported.name as string) : null;
          if (FACTORY_MEMBERS.has(importedName ?? '')) imports.push({ ...common, kind: 'factory', via: 'named-import' });
          else if (importedName === 'symbols') symbolsImport = { local: name, specifier, declaration: node };
        }
      }
    } else if (node.type === 'TSImportEqualsDeclaration') {
      const reference = node.moduleReference as Node;
      if (node.importKind === 'type' || reference.type !== 'TSExternalModuleReference') return;
      if (stringValue(reference.expression) !== PINO_MODULE) return;
      const id = node.id as Node;
      importEquals.push({ name: id.name as string, kind: 'factory', id, topLevel: topLevel.has(node), via: 'import-equals' });
    } else if (node.type === 'VariableDeclarator') {
      const { id, init } = node as unknown as { id: Node; init: Node | null };
      const common = { topLevel: topLevel.has(parent) };
      if (id.type === 'Identifier' && isFactoryRequire(init)) {
        declarators.push({ ...common, name: id.name as string, kind: 'factory', id, via: 'require' });
      } else if (id.type === 'ObjectPattern' && isPinoRequire(init)) {
        for (const property of id.properties as Node[]) {
          if ((property.type !== 'ObjectProperty' && property.type !== 'Property') || property.computed) continue;
          const key = property.key as Node;
          const value = property.value as Node;
          if (key.type !== 'Identifier' || !FACTORY_MEMBERS.has(key.name as string) || value.type !== 'Identifier') continue;
          declarators.push({ ...common, name: value.name as string, kind: 'factory', id: value, via: 'require-pattern' });
        }
      }
    }
  });
  const bindings = [...imports, ...importEquals, ...declarators];

  // Only the parts of the tree around the bindings' names and the module's are walked; scopes are asked only about
  // calls whose callee could be the factory (they name a binding, or require the module).
  const bound = new Set(bindings.map((binding) => binding.name));
  const declarations = declarationCounts(file, bound);
  const calls = nodesIn(file, (node) => mayBeFactoryCall(node, bound), [...bound, PINO_MODULE])
    .filter(({ node }) => isFactoryCall(node, { bindings, declarations, names }))
    // Notes in source order (Babel keeps a switch case's `consequent` before its `test`).
    .sort((a, b) => a.node.start - b.node.start);
  return { bindings, symbolsImport, calls };
}

/** What isFactoryCall asks before any scope lookup: a call (as jscodeshift's `CallExpression` finds) of one of `names`. */
function mayBeFactoryCall(node: Node, names: ReadonlySet<string>): boolean {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return false;
  const callee = node.callee as Node;
  if (isFactoryRequire(callee)) return true;
  if (callee.type === 'Identifier') return names.has(callee.name as string);
  if (callee.type !== 'MemberExpression' || !FACTORY_MEMBERS.has(staticPropertyName(callee) ?? '')) return false;
  const object = callee.object as Node;
  return object.type === 'Identifier' && names.has(object.name as string);
}

interface FileNames {
  bindings: readonly PinoBinding[];
  /** How many declarations each binding's name has in the file. */
  declarations: ReadonlyMap<string, number>;
  names: FileBindings;
}

function isFactoryCall(call: Node, file: FileNames): boolean {
  const callee = call.callee as Node;
  if (isFactoryRequire(callee)) return true;
  if (callee.type === 'Identifier') return resolve(callee, file)?.kind === 'factory';
  if (callee.type === 'MemberExpression' && FACTORY_MEMBERS.has(staticPropertyName(callee) ?? '')) {
    const object = callee.object as Node;
    return object.type === 'Identifier' && resolve(object, file) !== null;
  }
  return false;
}

/** The pino binding an identifier refers to, or null when it is another variable (or none of ours). */
function resolve(reference: Node, { bindings, declarations, names }: FileNames): PinoBinding | null {
  const name = reference.name as string;
  const candidates = bindings.filter((b) => b.name === name);
  if (candidates.length === 0) return null;
  // A top-level binding that is the name's only declaration in the file: every reference is to it, no scope to read.
  if (candidates.length === 1 && candidates[0].topLevel && declarations.get(name) === 1) return candidates[0];
  const declared = names.declarationsAt(name, reference.start);
  return candidates.find((b) => declared.some((d) => d.id === b.id)) ?? null;
}
