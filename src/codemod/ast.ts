/** Small predicates over jscodeshift's (babel) AST shared by the transforms. */

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
