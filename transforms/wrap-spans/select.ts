/**
 * Finds the functions wrap-spans may wrap and what it knows about each: its name and owner (class or object), its
 * `@traced` tag, whether the module exports it. Selection by the three selectors happens in `selectFunctions`.
 */
import { basename } from 'node:path';
import { childNode, forEachChild, identifierName, isFunction, keyName, memberPath, type Node } from '../../src/codemod/ast.js';
import { hasIgnoreComment } from '../../src/codemod/ignore.js';
import { holdsAny, wordOffsets } from '../../src/codemod/node-paths.js';
import { leadingJsDoc } from './ast.js';
import { nameMatcher, type WrapSpansOptions } from './options.js';

export interface FunctionSite {
  node: Node;
  /** The function's own name (`load`, `#load`), or one derived from the file for an anonymous default export. */
  name: string | null;
  /** The class or object the function belongs to. */
  owner: string | null;
  /** Names `--functions` patterns are matched against: `name` and `Owner.name` (never file-derived names). */
  matchNames: string[];
  /** `@traced` on the function (or its declaration, export or overload signatures); `name` is the tag's span name. */
  tag: { spanName: string | null } | null;
  exported: boolean;
  /** Why the function cannot be wrapped even when selected (getter, setter, constructor, generator). */
  unwrappable: string | null;
  /** An `otel-codemod-ignore` comment on the function or around it: never selected. */
  ignored: boolean;
}

/** `@traced` and the rest of its line: the span name (`@traced GET /orders/:id`), optionally quoted. */
const TAG = /(?:^|[\s*])@traced(?![\w.-])([^\n]*)/m;

export function tracedTag(docs: readonly string[]): FunctionSite['tag'] {
  for (const doc of docs) {
    const match = TAG.exec(doc);
    if (!match) continue;
    const name = match[1].trim().replace(/^(['"`])(.*)\1$/, '$2').trim();
    return { spanName: name || null };
  }
  return null;
}

/**
 * Every function in the program with its context, in source order; with `exportedOnly`, only those that can be
 * exported (see mayOnlySelectExported), which leaves out the bodies of most functions.
 */
export function findFunctionSites(program: Node, filePath: string, exportedOnly?: { source: string }): FunctionSite[] {
  const fileName = basename(filePath).replace(/\.[^.]+$/, '');
  const exportedLocals = collectExportedLocals(program);
  const sites: FunctionSite[] = [];
  // A function inside another is exported only by an assignment to `exports.x` or `module.exports` in it.
  const exportsWords = exportedOnly ? wordOffsets(exportedOnly.source, 'exports') : null;
  // One stack for the whole walk: describeFunction reads the ancestors while it runs and keeps none of them.
  const ancestors: Node[] = [];
  const visit = (node: Node): void => {
    if (isFunction(node)) {
      sites.push(describeFunction(node, ancestors, fileName, exportedLocals, program));
      if (exportsWords && !holdsAny(exportsWords, node.start, node.end)) return;
    }
    ancestors.push(node);
    forEachChild(node, visit);
    ancestors.pop();
  };
  visit(program);
  return sites;
}

/**
 * Whether only `--exported` can select functions in this file: no `--functions` patterns and no `@traced` tag in its
 * text. Exported functions are at the top level, in exported objects, or assigned to `exports`.
 */
export function mayOnlySelectExported(source: string, options: WrapSpansOptions): boolean {
  return options.functions.length === 0 && !source.includes('@traced');
}

/** A selected site, and whether only `--exported` chose it (no tag, no `--functions` name). */
export interface SelectedSite extends FunctionSite {
  onlyExported: boolean;
}

/** The sites chosen by `@traced`, `--functions` and `--exported` (they add up). */
export function selectFunctions(sites: readonly FunctionSite[], options: WrapSpansOptions): SelectedSite[] {
  const matches = nameMatcher(options.functions);
  const selected: SelectedSite[] = [];
  for (const site of sites) {
    if (site.ignored) continue;
    const named = site.tag !== null || matches(site.matchNames);
    if (named || (options.exported && site.exported)) selected.push({ ...site, onlyExported: !named });
  }
  return selected;
}

function describeFunction(node: Node, ancestors: Node[], fileName: string, exportedLocals: Set<string>, program: Node): FunctionSite {
  const parent = ancestors[ancestors.length - 1];
  const grandparent = ancestors[ancestors.length - 2];
  const docs: string[] = [...leadingJsDoc(node)];
  let name: string | null = null;
  let owner: string | null = null;
  let derivedName = false;
  let exported = false;
  let unwrappable: string | null = node.generator ? 'a generator' : null;

  const addDocs = (...nodes: (Node | undefined)[]) => {
    for (const n of nodes) if (n) docs.push(...leadingJsDoc(n));
  };
  const ownId = (node.id as Node | null | undefined)?.name as string | undefined;

  switch (node.type) {
    case 'FunctionDeclaration': {
      name = ownId ?? null;
      const isExport = parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration';
      if (isExport) addDocs(parent);
      exported = isExport || (parent === program && name !== null && exportedLocals.has(name));
      if (!name && parent.type === 'ExportDefaultDeclaration') {
        name = fileName;
        derivedName = true;
      }
      addDocs(...overloadSignatures(node, parent, grandparent));
      break;
    }
    case 'ClassMethod':
    case 'ClassPrivateMethod': {
      name = keyName(node.key as Node, Boolean(node.computed));
      owner = className(ancestors);
      if (node.kind === 'constructor') unwrappable = 'a constructor';
      else if (node.kind === 'get' || node.kind === 'set') unwrappable = `a ${node.kind}ter`;
      addDocs(...overloadSignatures(node, parent, grandparent));
      break;
    }
    case 'ObjectMethod': {
      name = keyName(node.key as Node, Boolean(node.computed));
      ({ owner, exported } = objectContext(ancestors));
      if (node.kind === 'get' || node.kind === 'set') unwrappable = `a ${node.kind}ter`;
      break;
    }
    default: {
      // Function and arrow expressions: named by where they are stored.
      ({ name, owner, exported, derivedName } = expressionContext(node, ancestors, fileName, exportedLocals, program, addDocs));
      name ??= ownId ?? null;
    }
  }

  const matchNames: string[] = [];
  if (name && !derivedName) {
    const bare = [name, ...(name.startsWith('#') ? [name.slice(1)] : [])];
    matchNames.push(...bare);
    if (owner) matchNames.push(...bare.map((n) => `${owner}.${n}`));
  }
  const ignored = [node, ...ancestors].some((n) => hasIgnoreComment(n, 'wrap-spans'));
  return { node, name, owner, matchNames, tag: tracedTag(docs), exported, unwrappable, ignored };
}

function expressionContext(
  node: Node,
  ancestors: Node[],
  fileName: string,
  exportedLocals: Set<string>,
  program: Node,
  addDocs: (...nodes: (Node | undefined)[]) => void,
): { name: string | null; owner: string | null; exported: boolean; derivedName: boolean } {
  const parent = ancestors[ancestors.length - 1];
  const grandparent = ancestors.at(-2);
  const none = { name: null, owner: null, exported: false, derivedName: false };
  switch (parent.type) {
    case 'VariableDeclarator': {
      const name = identifierName(parent.id);
      if (parent.init !== node || name === null) return none;
      const declaration = grandparent;
      const wrapper = ancestors.at(-3);
      addDocs(parent, declaration);
      const isExport = wrapper?.type === 'ExportNamedDeclaration';
      if (isExport) addDocs(wrapper);
      return { name, owner: null, exported: isExport || (wrapper === program && exportedLocals.has(name)), derivedName: false };
    }
    case 'AssignmentExpression': {
      if (parent.right !== node) return none;
      if (grandparent?.type === 'ExpressionStatement') addDocs(grandparent);
      const target = memberPath(parent.left as Node);
      if (target === null) return none;
      if (target === 'module.exports') return { name: fileName, owner: null, exported: true, derivedName: true };
      const dot = target.lastIndexOf('.');
      const last = target.slice(dot + 1);
      const parts = dot < 0 ? [] : target.slice(0, dot).split('.');
      if (parts.join('.') === 'module.exports' || parts.join('.') === 'exports') return { name: last, owner: null, exported: true, derivedName: false };
      if (parts.length >= 2 && parts[parts.length - 1] === 'prototype') return { name: last, owner: parts[parts.length - 2], exported: false, derivedName: false };
      const owner = parts.length > 0 && parts[0] !== 'this' ? parts.join('.') : null;
      return { name: last, owner, exported: false, derivedName: false };
    }
    case 'ObjectProperty':
    case 'Property': {
      if (parent.value !== node) return none;
      addDocs(parent);
      const name = keyName(parent.key as Node, Boolean(parent.computed));
      const { owner, exported } = objectContext(ancestors.slice(0, -1));
      return { name, owner, exported, derivedName: false };
    }
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
    case 'PropertyDefinition': {
      if (parent.value !== node) return none;
      addDocs(parent);
      // A ClassPrivateProperty's key is a PrivateName: `#name`.
      const key = keyName(childNode(parent, 'key'), Boolean(parent.computed));
      return { name: key, owner: className(ancestors.slice(0, -1)), exported: false, derivedName: false };
    }
    case 'ExportDefaultDeclaration': {
      addDocs(parent);
      const ownId = (node.id as Node | null | undefined)?.name as string | undefined;
      return { name: ownId ?? fileName, owner: null, exported: true, derivedName: !ownId };
    }
    default:
      return none;
  }
}

/** The owner name and export status of an object literal, given the ancestors ending at the ObjectExpression. */
function objectContext(ancestors: Node[]): { owner: string | null; exported: boolean } {
  const object = ancestors.at(-1);
  const parent = ancestors.at(-2);
  if (object?.type !== 'ObjectExpression' || !parent) return { owner: null, exported: false };
  const variable = parent.type === 'VariableDeclarator' ? identifierName(parent.id) : null;
  if (variable !== null) return { owner: variable, exported: false };
  if (parent.type === 'ExportDefaultDeclaration') return { owner: null, exported: true };
  if (parent.type === 'AssignmentExpression' && parent.right === object) {
    const target = memberPath(parent.left as Node);
    if (target === 'module.exports') return { owner: null, exported: true };
    if (target?.startsWith('module.exports.') || target?.startsWith('exports.')) return { owner: target.slice(target.lastIndexOf('.') + 1), exported: false };
    return { owner: target && !target.startsWith('this.') ? target : null, exported: false };
  }
  return { owner: null, exported: false };
}

/** The name of the class whose body holds the member (ancestors end at the ClassBody). */
function className(ancestors: Node[]): string | null {
  const classNode = ancestors.at(-2);
  if (!classNode) return null;
  const own = identifierName(classNode.id);
  if (own) return own;
  const holder = ancestors.at(-3);
  return holder?.type === 'VariableDeclarator' ? identifierName(holder.id) : null;
}

/** TypeScript overload signatures right before an implementation (their JSDoc counts for it). */
function overloadSignatures(node: Node, parent: Node, grandparent: Node | undefined): Node[] {
  const implementation = parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration' ? parent : node;
  const container = implementation === parent ? grandparent : parent;
  const siblings = (container?.body as Node[] | undefined) ?? [];
  if (!Array.isArray(siblings)) return [];
  const index = siblings.indexOf(implementation);
  // An anonymous function has no name (undefined), which no signature matches; a computed key's is null.
  const ownName = node.type === 'FunctionDeclaration' ? (identifierName(node.id) ?? undefined) : keyName(node.key as Node, Boolean(node.computed));
  const result: Node[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const sibling = siblings[i];
    // `export { a }` declares nothing.
    const signature = sibling.type === 'ExportNamedDeclaration' || sibling.type === 'ExportDefaultDeclaration' ? childNode(sibling, 'declaration') : sibling;
    if (!signature) break;
    const signatureName =
      signature.type === 'TSDeclareFunction'
        ? (identifierName(signature.id) ?? undefined)
        : signature.type === 'TSDeclareMethod'
          ? keyName(signature.key as Node, Boolean(signature.computed))
          : undefined;
    if (signatureName === undefined || signatureName !== ownName) break;
    result.push(sibling, ...(signature !== sibling ? [signature] : []));
  }
  return result;
}

/** Local names the module exports: `export { a }`, `export default a`, `module.exports = { a }`, `exports.x = a`. */
function collectExportedLocals(program: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body as Node[]) {
    // `export type { load }` exports no value.
    if (statement.type === 'ExportNamedDeclaration' && !statement.source && statement.exportKind !== 'type') {
      for (const specifier of (statement.specifiers as Node[] | undefined) ?? []) {
        if (specifier.exportKind === 'type') continue;
        const local = identifierName(specifier.local);
        if (local !== null) names.add(local);
      }
    } else if (statement.type === 'ExportDefaultDeclaration' && identifierName(statement.declaration) !== null) {
      names.add(identifierName(statement.declaration) as string);
    } else if (statement.type === 'ExpressionStatement' && childNode(statement, 'expression')?.type === 'AssignmentExpression') {
      const { left, right } = statement.expression as { left: Node; right: Node };
      const target = memberPath(left);
      const isExports = target === 'module.exports' || target?.startsWith('module.exports.') || target?.startsWith('exports.');
      if (!isExports) continue;
      if (right.type === 'Identifier') names.add(right.name as string);
      if (target === 'module.exports' && right.type === 'ObjectExpression') {
        for (const property of right.properties as Node[]) {
          const value = property.type === 'ObjectProperty' || property.type === 'Property' ? identifierName(property.value) : null;
          if (value !== null) names.add(value);
        }
      }
    }
  }
  return names;
}
