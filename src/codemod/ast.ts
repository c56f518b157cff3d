/**
 * The babel AST the transforms read (jscodeshift's parsers): the one place for the transforms' generic AST helpers
 * (child nodes, the walker, wrappers, identifiers, names, functions, path parents). The ESTree counterpart for the
 * lint rules is src/otel/ast.ts.
 */
import type { ASTPath } from 'jscodeshift';
import { VISITOR_KEYS } from './visitor-keys.generated.js';

/** A babel node: `start`/`end` are offsets into the file's text, exactly as the file has it (see ./codemod-file.ts). */
export interface Node {
  type: string;
  start: number;
  end: number;
  /** Every other field is read structurally and checked (or cast, where the node's type says it) where it is used. */
  [field: string]: unknown;
}

/** Fields that hold positions, tokens or comments rather than child nodes. */
const NON_CHILD_FIELDS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'original']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && typeof (value as Node).start === 'number';
}

/**
 * The fields of a node that may hold children: Babel's visitor keys for its type (./visitor-keys.generated.ts), else
 * every field. A tree from oxc (./oxc-tree.ts) carries fields Babel's has not (`decorators: []` on every TypeScript
 * identifier); walking Babel's alone reads the same children in fewer fields.
 */
function childFields(node: Node): readonly string[] {
  return VISITOR_KEYS[node.type] ?? Object.keys(node);
}

/** Calls `each` with every child node of `node`, in field order, with its field (and its index in a list field). */
export function forEachChild(node: Node, each: (child: Node, key: string, index?: number) => void): void {
  const keys = childFields(node);
  for (const key of keys) {
    const value: unknown = node[key];
    // Positions, names and flags are most fields: skipped by type before the set lookup.
    if (typeof value !== 'object' || value === null || NON_CHILD_FIELDS.has(key)) continue;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (isNode(item)) each(item, key, index);
      }
    } else if (isNode(value)) {
      each(value, key);
    }
  }
}

/** Visits every descendant of `node` with its parent; `visit` returning false skips that node's children. */
export function walk(node: Node, visit: (child: Node, parent: Node) => boolean | undefined): void {
  const keys = childFields(node);
  for (const key of keys) {
    const value: unknown = node[key];
    if (typeof value !== 'object' || value === null || NON_CHILD_FIELDS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && visit(item, node) !== false) walk(item, visit);
    } else if (isNode(value) && visit(value, node) !== false) {
      walk(value, visit);
    }
  }
}

interface LooseNode {
  type?: string;
  [key: string]: unknown;
}

/** A string literal's value (babel's StringLiteral or ESTree's Literal), else null. */
export function stringValue(node: unknown): string | null {
  const literal = node as LooseNode | null | undefined;
  if ((literal?.type === 'StringLiteral' || literal?.type === 'Literal') && typeof literal.value === 'string') return literal.value;
  return null;
}

/** `require('m')` → 'm'; anything else → null. */
export function requiredModule(node: unknown): string | null {
  const call = node as LooseNode | null | undefined;
  if (call?.type !== 'CallExpression') return null;
  const callee = call.callee as LooseNode | undefined;
  const args = call.arguments as unknown[] | undefined;
  if (callee?.type !== 'Identifier' || callee.name !== 'require' || args?.length !== 1) return null;
  return stringValue(args[0]);
}

/**
 * The statically known name of a property key or member property: `load`, `'load'`, `#load`, a non-computed `1`;
 * null for other computed keys.
 */
export function keyName(key: Node | null | undefined, computed: boolean): string | null {
  if (!key) return null;
  if (!computed && key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateName') return `#${identifierName(key.id) ?? ''}`;
  const literal = stringValue(key);
  if (literal !== null) return literal;
  if (!computed && key.type === 'NumericLiteral') return String(key.value);
  return null;
}

/** `x.y` or `x['y']` → 'y'; other computed members → null. */
export function staticPropertyName(member: unknown): string | null {
  const node = member as Node;
  const property = childNode(node, 'property');
  // `this.#y` is not a name a caller looks for.
  return property?.type === 'PrivateName' ? null : keyName(property, Boolean(node.computed));
}

/** The static name of an object key: `a`, `'a'`, `1`; null for computed keys other than string literals. */
export function propertyKeyName(property: LooseNode): string | null {
  return keyName(childNode(property, 'key'), Boolean(property.computed));
}

/** `a.b.c` for member chains of identifiers (`this` included), null otherwise. */
export function memberPath(node: Node): string | null {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const object = memberPath(node.object as Node);
    const property = keyName(node.property as Node, Boolean(node.computed));
    return object !== null && property !== null ? `${object}.${property}` : null;
  }
  return null;
}

/** The node in `node[field]`, or null when that field holds none (absent, null, a list, a name). */
export function childNode(node: LooseNode | null | undefined, field: string): Node | null {
  const value = node?.[field];
  return isNode(value) ? value : null;
}

/** An identifier (named `name`, when given). */
export function isIdentifier(node: unknown, name?: string): node is Node & { name: string } {
  const candidate = node as LooseNode | null | undefined;
  return candidate?.type === 'Identifier' && typeof candidate.name === 'string' && (name === undefined || candidate.name === name);
}

/** An identifier's name; null for any other node, or none. */
export function identifierName(node: unknown): string | null {
  return isIdentifier(node) ? node.name : null;
}

/** `x as T`, `x!`, `x satisfies T`, `<T>x`, `(x)` (a ParenthesizedExpression, when the parser makes them). */
const TYPE_WRAPPERS: ReadonlySet<string> = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);

/** A wrapper that leaves its `expression`'s value as it is (see TYPE_WRAPPERS). */
export const isTypeWrapper = (node: Node): boolean => TYPE_WRAPPERS.has(node.type);

/** `node` without the wrappers around its value: `(x as T)!` → x. */
export function skipTypeWrappers<N extends { type: string }>(node: N): N {
  let current = node;
  while (TYPE_WRAPPERS.has(current.type)) current = (current as unknown as { expression: N }).expression;
  return current;
}

const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** A function with a body of its own: declarations, expressions, arrows, object and class methods. */
export const isFunction = (node: Node): boolean => FUNCTION_TYPES.has(node.type);

/** A jscodeshift path's parent path (ast-types types it `any`): null above the program. */
export const parentOf = (path: ASTPath | null | undefined): ASTPath | null => (path?.parent as ASTPath | null | undefined) ?? null;

/** The node of a jscodeshift path's parent, typed as a Node: undefined above the program. */
export const parentNode = (path: ASTPath | null | undefined): Node | undefined => parentOf(path)?.node as Node | undefined;
