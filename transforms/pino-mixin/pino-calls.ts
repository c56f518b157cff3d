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
import { programOf } from '../../src/codemod/otel-import.js';
import type { ASTPath, CallExpression, Collection, JSCodeshift } from 'jscodeshift';
import { requiredModule, staticPropertyName, stringValue } from '../../src/codemod/ast.js';

export const PINO_MODULE = 'pino';
/** Properties of the module (and of the factory itself) that are the factory again. */
const FACTORY_MEMBERS = new Set(['default', 'pino']);

type Node = { type: string; start?: number; [key: string]: unknown };

export type BindingKind =
  /** The factory function itself: default import, `{ pino }`, `require('pino')`, import-equals. */
  | 'factory'
  /** `import * as P from 'pino'`: not callable, but `P.default` / `P.pino` / `P.symbols` are there. */
  | 'namespace';

export interface PinoBinding {
  name: string;
  kind: BindingKind;
  /** The identifier node that declares the name (what scope lookups return). */
  id: unknown;
  /** Declared at the top level of the file, so a top-level helper can read it. */
  topLevel: boolean;
  /** Where its declaration starts: a require must run before a helper that reads it. ESM imports count as 0. */
  declaredAt: number;
  /** How it was bound, for choosing where `symbols` comes from. */
  via: 'default-import' | 'named-import' | 'namespace-import' | 'import-equals' | 'require' | 'require-pattern';
  /** The import declaration of a named import (to add `symbols` next to it in TypeScript). */
  importDeclaration?: import('jscodeshift').ImportDeclaration;
}

export interface PinoFile {
  bindings: PinoBinding[];
  /** A `symbols` named import from 'pino' already in the file (its local name). */
  symbolsImport: string | null;
  calls: ASTPath<CallExpression>[];
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

export function findPinoFile(j: JSCodeshift, root: Collection): PinoFile {
  const program = programOf(j, root);
  const topLevel = new Set<unknown>(program.body);
  const bindings: PinoBinding[] = [];
  let symbolsImport: string | null = null;

  root.find(j.ImportDeclaration).forEach((path) => {
    const declaration = path.node;
    if (stringValue(declaration.source) !== PINO_MODULE || (declaration as { importKind?: string }).importKind === 'type') return;
    for (const specifier of declaration.specifiers ?? []) {
      if ((specifier as { importKind?: string }).importKind === 'type' || !specifier.local) continue;
      const name = String(specifier.local.name);
      const common = { name, id: specifier.local, topLevel: true, declaredAt: 0 };
      if (specifier.type === 'ImportDefaultSpecifier') bindings.push({ ...common, kind: 'factory', via: 'default-import' });
      else if (specifier.type === 'ImportNamespaceSpecifier') bindings.push({ ...common, kind: 'namespace', via: 'namespace-import' });
      else if (FACTORY_MEMBERS.has(String(specifier.imported.name))) {
        bindings.push({ ...common, kind: 'factory', via: 'named-import', importDeclaration: declaration });
      } else if (specifier.imported.name === 'symbols') symbolsImport = name;
    }
  });

  root.find(j.Node, { type: 'TSImportEqualsDeclaration' }).forEach((path) => {
    const node = path.node as unknown as Node & { id: Node; moduleReference: Node; importKind?: string };
    if (node.importKind === 'type' || node.moduleReference.type !== 'TSExternalModuleReference') return;
    if (stringValue(node.moduleReference.expression) !== PINO_MODULE) return;
    bindings.push({
      name: node.id.name as string,
      kind: 'factory',
      id: node.id,
      topLevel: topLevel.has(node),
      declaredAt: 0,
      via: 'import-equals',
    });
  });

  root.find(j.VariableDeclarator).forEach((path) => {
    const { id, init } = path.node as unknown as { id: Node; init: Node | null };
    const declaration = path.parent?.node as Node | undefined;
    const common = { topLevel: topLevel.has(declaration), declaredAt: declaration?.start ?? 0 };
    if (id.type === 'Identifier' && isFactoryRequire(init)) {
      bindings.push({ ...common, name: id.name as string, kind: 'factory', id, via: 'require' });
    } else if (id.type === 'ObjectPattern' && isPinoRequire(init)) {
      for (const property of id.properties as Node[]) {
        if ((property.type !== 'ObjectProperty' && property.type !== 'Property') || property.computed) continue;
        const key = property.key as Node;
        const value = property.value as Node;
        if (key.type !== 'Identifier' || !FACTORY_MEMBERS.has(key.name as string) || value.type !== 'Identifier') continue;
        bindings.push({ ...common, name: value.name as string, kind: 'factory', id: value, via: 'require-pattern' });
      }
    }
  });

  const calls: ASTPath<CallExpression>[] = [];
  root.find(j.CallExpression).forEach((path) => {
    if (isFactoryCall(path, bindings)) calls.push(path);
  });
  return { bindings, symbolsImport, calls };
}

function isFactoryCall(path: ASTPath<CallExpression>, bindings: readonly PinoBinding[]): boolean {
  const callee = path.node.callee as unknown as Node;
  if (isFactoryRequire(callee)) return true;
  if (callee.type === 'Identifier') return resolve(path, callee.name as string, bindings)?.kind === 'factory';
  if (callee.type === 'MemberExpression' && FACTORY_MEMBERS.has(staticPropertyName(callee) ?? '')) {
    const object = callee.object as Node;
    return object.type === 'Identifier' && resolve(path, object.name as string, bindings) !== null;
  }
  return false;
}

interface Scope {
  lookup(name: string): Scope | null;
  getBindings(): Record<string, { node: unknown }[]>;
  isGlobal: boolean;
}

/** The pino binding `name` refers to at `path`, or null when it is another variable (or none of ours). */
function resolve(path: ASTPath, name: string, bindings: readonly PinoBinding[]): PinoBinding | null {
  const candidates = bindings.filter((b) => b.name === name);
  if (candidates.length === 0) return null;
  const scope = (path as unknown as { scope: Scope | null }).scope?.lookup(name);
  if (!scope) {
    // ast-types does not register `import x = require()` bindings: a name no scope declares is that top-level one.
    return candidates.find((b) => b.via === 'import-equals' && b.topLevel) ?? null;
  }
  const declared = scope.getBindings()[name] ?? [];
  return candidates.find((b) => declared.some((p) => p.node === b.id)) ?? null;
}

/**
 * How the helper reaches `pino.symbols`, or null when it has to `require('pino')` itself. Prefers a `symbols` import,
 * then the module or factory bound at the top level before the first logger is created (a top-level require read
 * by the helper must have run by then). In TypeScript, pino's types declare no `symbols` on the named `pino` export:
 * such a file gets `symbols` imported next to it (`addSymbolsImport` in ../pino-mixin.ts).
 */
export function symbolsSource(file: PinoFile, firstCallAt: number, typescript: boolean): { expression: string } | { addTo: PinoBinding } | null {
  if (file.symbolsImport) return { expression: file.symbolsImport };
  const usable = file.bindings.filter((b) => b.topLevel && b.declaredAt <= firstCallAt);
  const preferred: PinoBinding['via'][] = ['default-import', 'namespace-import', 'import-equals', 'require', 'named-import', 'require-pattern'];
  for (const via of preferred) {
    const binding = usable.find((b) => b.via === via);
    if (!binding) continue;
    if (via === 'named-import' && typescript) return { addTo: binding };
    return { expression: `${binding.name}.symbols` };
  }
  return null;
}
