/** Small AST helpers for record-span-errors: consumed chains, bound names, parameters. */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { someNode, type VisitorKeys } from '../../src/otel/ast.js';

/** The chain's result reaches the span's code: awaited, returned, yielded or an arrow's expression body. */
export function isConsumed(chain: TSESTree.Node): boolean {
  const parent = chain.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === chain;
    default:
      return false;
  }
}

/** Identifiers bound by a parameter or catch-clause pattern: `e`, `{ message }`, `[first]`, `e = x`. */
export function boundNames(pattern: TSESTree.Node | null | undefined, into: Set<string> = new Set()): Set<string> {
  if (!pattern) return into;
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      into.add(pattern.name);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      boundNames(pattern.left, into);
      break;
    case AST_NODE_TYPES.RestElement:
      boundNames(pattern.argument, into);
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) boundNames(element, into);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        boundNames(property.type === AST_NODE_TYPES.Property ? property.value : property, into);
      }
      break;
    case AST_NODE_TYPES.TSParameterProperty:
      boundNames(pattern.parameter, into);
      break;
    default:
      break;
  }
  return into;
}

/** The plain identifier a parameter binds (`e`, `e: Error`, `e = fallback`), or null for patterns. */
export function paramIdentifier(param: TSESTree.Node | null | undefined): TSESTree.Identifier | null {
  if (!param) return null;
  if (param.type === AST_NODE_TYPES.Identifier) return param;
  if (param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier) return param.left;
  return null;
}

/** Whether an identifier with one of `names` occurs in `node`. */
export function mentionsName(node: TSESTree.Node, visitorKeys: VisitorKeys, names: ReadonlySet<string>): boolean {
  return someNode(node, visitorKeys, (child) => child.type === AST_NODE_TYPES.Identifier && names.has(child.name));
}
