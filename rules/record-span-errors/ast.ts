/** Small AST helpers for record-span-errors: walking, scope boundaries, call names. */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTEXT_API, CONTEXT_WITH } from '../../src/otel/api.js';
import { isNonThrowingOtelCall } from '../../src/otel/non-throwing.js';
import { isFunctionNode, memberName, skipTypeWrappers, type FunctionNode } from '../../src/otel/tracer-evidence.js';

/** Where a span's scope can live: a function body, a class static block, or the module itself. */
export type ScopeBoundary = FunctionNode | TSESTree.StaticBlock | TSESTree.Program;

export type VisitorKeys = TSESLint.SourceCode['visitorKeys'];

/**
 * Visits `root` and its descendants depth-first. `enter` gets the node and how many function
 * boundaries lie between it and `root`; returning false skips the node's children.
 */
export function walk(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  enter: (node: TSESTree.Node, functionDepth: number) => boolean | void,
): void {
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (enter(node, depth) === false) return;
    const childDepth = isFunctionNode(node) ? depth + 1 : depth;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) {
          if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node, childDepth);
        }
      } else if (child && typeof child === 'object' && 'type' in child) {
        visit(child as TSESTree.Node, childDepth);
      }
    }
  };
  visit(root, 0);
}

/** `fn` runs at once, inside the caller's span scope: `context.with(ctx, fn)`, `new Promise(fn)`, `(() => {...})()`. */
export function runsImmediately(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.arguments[0] === fn && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression) return false;
  if (parent.callee === fn) return true;
  if (parent.arguments[1] !== fn || memberName(parent.callee) !== CONTEXT_WITH) return false;
  const receiver = skipTypeWrappers((parent.callee as TSESTree.MemberExpression).object);
  return (
    (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === CONTEXT_API) || memberName(receiver) === CONTEXT_API
  );
}

/** The function (or static block, or module) whose body runs `node`, looking through functions that run at once. */
export function scopeBoundaryOf(node: TSESTree.Node): ScopeBoundary {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current) && !runsImmediately(current)) return current;
    if (current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  throw new Error('node outside a Program');
}

/** The name a call is made by: `name(...)`, `obj.name(...)`, `this.name(...)`, `obj?.name(...)`. */
export function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return memberName(callee);
}

/** The object a method is called on, without type wrappers; null for plain function calls. */
export function receiverOf(call: TSESTree.CallExpression): TSESTree.Node | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
}

export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/** The expression that holds the final value of a promise chain `a.then(...).catch(...).finally(...)`. */
export function chainTop(call: TSESTree.CallExpression): TSESTree.Node {
  let current: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return current;
    if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === current &&
      parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.callee === parent
    ) {
      current = parent.parent;
    } else if (
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression
    ) {
      current = parent;
    } else {
      return current;
    }
  }
}

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
  let found = false;
  walk(node, visitorKeys, (child) => {
    if (found) return false;
    if (child.type === AST_NODE_TYPES.Identifier && names.has(child.name)) found = true;
    return undefined;
  });
  return found;
}

/** Whether `node` contains a call of a method named `method` (`x.end()`). */
export function callsMethod(node: TSESTree.Node, visitorKeys: VisitorKeys, method: string): boolean {
  let found = false;
  walk(node, visitorKeys, (child) => {
    if (found) return false;
    if (child.type === AST_NODE_TYPES.CallExpression && memberName(child.callee) === method) found = true;
    return undefined;
  });
  return found;
}

/** The block awaits, calls (other than methods of `spanName` and OpenTelemetry API calls), constructs, throws or yields, outside nested functions. */
export function canThrow(block: TSESTree.BlockStatement, spanName: string | null, visitorKeys: VisitorKeys): boolean {
  let found = false;
  walk(block, visitorKeys, (node) => {
    if (found || isFunctionNode(node)) return false;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
        found = true;
        return false;
      case AST_NODE_TYPES.CallExpression: {
        const receiver = receiverOf(node);
        const onSpan = !!spanName && receiver?.type === AST_NODE_TYPES.Identifier && receiver.name === spanName;
        // The OpenTelemetry API never throws: `trace.setSpan(...)`, `propagation.inject(...)`, `bag.getEntry(...)`.
        if (!onSpan && !isNonThrowingOtelCall(node)) found = true;
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return found;
}
