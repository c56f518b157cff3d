/** The babel AST the transforms read (jscodeshift's parsers), with a few predicates and one walker. */

/** A babel node: `start`/`end` are offsets into the file's text, exactly as the file has it (see ./codemod-file.ts). */
export interface Node {
  type: string;
  start: number;
  end: number;
  // The AST is read structurally; fields are checked where they are used.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** Fields that hold positions, tokens or comments rather than child nodes. */
const NON_CHILD_FIELDS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'original']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && typeof (value as Node).start === 'number';
}

/** Calls `each` with every child node of `node`, in field order. */
export function forEachChild(node: Node, each: (child: Node) => void): void {
  const keys = Object.keys(node);
  for (const key of keys) {
    const value: unknown = node[key];
    // Positions, names and flags are most fields: skipped by type before the set lookup.
    if (typeof value !== 'object' || value === null || NON_CHILD_FIELDS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) each(item);
    } else if (isNode(value)) {
      each(value);
    }
  }
}

/** Visits every descendant of `node` with its parent; `visit` returning false skips that node's children. */
export function walk(node: Node, visit: (child: Node, parent: Node) => boolean | void): void {
  const keys = Object.keys(node);
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

/** `x.y` or `x['y']` → 'y'; other computed members → null. */
export function staticPropertyName(member: unknown): string | null {
  const node = member as LooseNode;
  const property = node.property as LooseNode;
  if (!node.computed && property?.type === 'Identifier') return property.name as string;
  return node.computed ? stringValue(property) : null;
}

/** The static name of an object key: `a`, `'a'`; null for computed keys other than string literals. */
export function propertyKeyName(property: Node): string | null {
  const key = property.key as Node | undefined;
  if (!key) return null;
  if (!property.computed && key.type === 'Identifier') return key.name as string;
  return stringValue(key);
}
