/**
 * Generic ESTree helpers shared by the OpenTelemetry analyses and the rules: wrappers stripped and climbed, member
 * names, range containment, one depth-first walker over the parser's visitor keys, promise chains. typescript-eslint's
 * `ASTUtils` is used directly where it already does the job (`ASTUtils.isFunction`, `ASTUtils.getPropertyName`,
 * `ASTUtils.findVariable`). The babel-AST counterpart for the transforms is src/codemod/ast.ts.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** What `ASTUtils.isFunction` accepts: the nodes that open a function scope with a body. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** Whether some item passes `test`, without copying a Set into an array first (the analyses ask this in loops). */
export function some<T>(items: Iterable<T> | undefined, test: (item: T) => boolean): boolean {
  if (items) for (const item of items) if (test(item)) return true;
  return false;
}

/**
 * The property name of a member access: `a.b`, `a['b']`, ``a[`b`]`` (typescript-eslint's `ASTUtils.getPropertyName`),
 * and `this.#b` (which that helper leaves out).
 */
export function memberName(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
  // `a.b` and `this.#b` directly (the hot case: every call's callee); computed keys through the helper.
  if (!node.computed) return node.property.name;
  return ASTUtils.getPropertyName(node);
}

/** An identifier's name, or a member access's property name (see memberName); null for anything else. */
export function nameOf(node: TSESTree.Node): string | null {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : memberName(node);
}

type TypeWrapper = TSESTree.TSAsExpression | TSESTree.TSNonNullExpression | TSESTree.TSSatisfiesExpression | TSESTree.TSTypeAssertion;

/** `a!`, `a as T`, `a satisfies T`, `<T>a`: a TypeScript wrapper around a value that does not change it. */
function isTypeWrapper(node: TSESTree.Node): node is TypeWrapper {
  return (
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  );
}

/** Strips `a!`, `(a as T)`, `a satisfies T`, `<T>a` wrappers. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTypeWrapper(current)) current = current.expression;
  return current;
}

/**
 * Strips type wrappers and optional-chain wrappers (`a?.b` is a ChainExpression around the member), and with
 * `throughAwait` also `await`: what is left is the expression whose value flows through.
 */
export function skipValueWrappers(node: TSESTree.Node, { throughAwait = false } = {}): TSESTree.Node {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.ChainExpression) current = skipTypeWrappers(current.expression);
    else if (throughAwait && current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else return current;
  }
}

/** The name a call is made by: `name(...)`, `obj.name(...)`, `this.name(...)`, `obj?.name(...)`, `(obj.name as F)(...)`. */
export function calleeName(call: TSESTree.CallExpression): string | null {
  return nameOf(skipTypeWrappers(call.callee));
}

/** The object a method is called on, without type wrappers; null for plain function calls. */
export function receiverOf(call: TSESTree.CallExpression): TSESTree.Node | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
}

/**
 * `node` climbed out of the type wrappers around it (`as T`, `!`, `satisfies T`, `<T>`), and with `throughChains`
 * also out of optional-chain wrappers: the expression its value flows into next. The upward counterpart of
 * skipTypeWrappers / skipValueWrappers.
 */
export function outerExpression(node: TSESTree.Node, { throughChains = false } = {}): TSESTree.Node {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if ((isTypeWrapper(parent) || (throughChains && parent.type === AST_NODE_TYPES.ChainExpression)) && parent.expression === current) {
      current = parent;
    } else {
      break;
    }
  }
  return current;
}

/** The literal `true`: `safeExecuteInTheMiddle(run, onFinish, true)`. */
export const isLiteralTrue = (node: TSESTree.Node | undefined): boolean => node?.type === AST_NODE_TYPES.Literal && node.value === true;

/** The nearest function around `node` (not `node` itself); null at the top level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) if (ASTUtils.isFunction(current)) return current;
  return null;
}

/** `inner` lies within `outer` (ranges, so it works across parents we did not walk). */
export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/**
 * Whether `node` sits, below `owner`, in a catch clause or a finally block (error handling and cleanup, whose own
 * failures are not the operation's).
 */
export function cleanupAround(node: TSESTree.Node, owner: TSESTree.Node): { inCatch: boolean; inFinally: boolean } {
  const found = { inCatch: false, inFinally: false };
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) found.inCatch = true;
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) found.inFinally = true;
    child = current;
  }
  return found;
}

/** Array iteration methods: they call their callback once per item, at once (and throw only if it does). */
export const ITERATION_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'reduce', 'find', 'findIndex', 'flatMap']);

export type VisitorKeys = TSESLint.SourceCode['visitorKeys'];

/**
 * Visits `root` and its descendants depth-first, in the parser's visitor-key order. `enter` gets the node and how
 * many function boundaries lie between it and `root`; returning false skips the node's children.
 */
export function walk(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  enter: (node: TSESTree.Node, functionDepth: number) => boolean | undefined,
): void {
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (enter(node, depth) === false) return;
    const childDepth = ASTUtils.isFunction(node) ? depth + 1 : depth;
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

/**
 * Whether `root` or a node below it passes `test` (depth-first; stops at the first). `descend` returning false for
 * a node skips its children (the node itself is still tested).
 */
export function someNode(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  test: (node: TSESTree.Node) => boolean,
  descend?: (node: TSESTree.Node) => boolean,
): boolean {
  return findNode(root, visitorKeys, test, descend) !== null;
}

/** The first node under `root` (before its children, in source order) that passes `test`; `descend` as for someNode. */
export function findNode(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  test: (node: TSESTree.Node) => boolean,
  descend?: (node: TSESTree.Node) => boolean,
): TSESTree.Node | null {
  let found: TSESTree.Node | null = null;
  walk(root, visitorKeys, (node) => {
    if (found) return false;
    if (test(node)) {
      found = node;
      return false;
    }
    return descend ? descend(node) : undefined;
  });
  return found;
}

const LOOPS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** `undefined`, `null` or `void 0`. */
export const isNullish = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && node.value === null) ||
  (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') ||
  (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void');

export const isLoop = (node: TSESTree.Node): boolean => LOOPS.has(node.type);

/** `node` runs before `later` every time (earlier in the source, in the same function, no loop around both). */
export function runsBefore(node: TSESTree.Node, later: TSESTree.Node): boolean {
  if (node.range[1] > later.range[0]) return false;
  for (let current = node.parent; current && !ASTUtils.isFunction(current); current = current.parent) {
    if (isLoop(current) && contains(current, later)) return false;
  }
  return true;
}

/** Receivers of log calls: `console.warn(...)`, `logger.error(...)`, `this.log.info(...)`, `diag.debug(...)`. */
export const LOG_RECEIVER = /^_*(console|log|logger|diag)$/i;

/** Registering a listener does not run it: `req.on('error', ...)`, `emitter.once('done', ...)`. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'off', 'removeListener', 'removeAllListeners', 'addEventListener', 'removeEventListener']);

/** Timers only schedule their callback, which runs whatever the caller does next. */
export const TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'setInterval']);

/** `setTimeout(fn, ms)`: `fn` is a timer's callback. */
export function isTimerCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  return (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.arguments[0] === fn &&
    call.callee.type === AST_NODE_TYPES.Identifier &&
    TIMER_FUNCTIONS.has(call.callee.name)
  );
}

/** Promise methods that register callbacks: `.then(f, g)`, `.catch(g)`, `.finally(h)`. */
export const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

function isPromiseMethodCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  return node.type === AST_NODE_TYPES.CallExpression && PROMISE_METHODS.has(memberName(skipTypeWrappers(node.callee)) ?? '');
}

/** The outermost `.then/.catch/.finally` call of the chain `call` belongs to (climbing `as T`, `!`, `?.`). */
export function chainTop(call: TSESTree.CallExpression): TSESTree.Node {
  let top: TSESTree.Node = call;
  for (;;) {
    const outer = outerExpression(top);
    const parent = outer.parent;
    if (parent?.type === AST_NODE_TYPES.ChainExpression) {
      top = parent;
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
      const grand = parent.parent;
      if (grand.type === AST_NODE_TYPES.CallExpression && grand.callee === parent && isPromiseMethodCall(grand)) {
        top = grand;
        continue;
      }
    }
    return outer;
  }
}

/** Whether running `statement` can reach its end: a syntactic check, `return` or `throw` on every branch says no. */
export function canCompleteNormally(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return false;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.every(canCompleteNormally);
    case AST_NODE_TYPES.IfStatement:
      return !statement.alternate || canCompleteNormally(statement.consequent) || canCompleteNormally(statement.alternate);
    case AST_NODE_TYPES.TryStatement:
      if (statement.finalizer && !canCompleteNormally(statement.finalizer)) return false;
      return canCompleteNormally(statement.block) || (!!statement.handler && canCompleteNormally(statement.handler.body));
    default:
      return true;
  }
}

/** A function whose every path ends in `throw` (`const fail = (e: unknown): never => { ...; throw e; }`). */
export function alwaysThrows(fn: FunctionNode, visitorKeys: VisitorKeys): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement || fn.async || fn.generator) return false;
  const returns = someNode(fn.body, visitorKeys, (node) => node.type === AST_NODE_TYPES.ReturnStatement, (node) => !ASTUtils.isFunction(node));
  return !returns && !canCompleteNormally(fn.body);
}
