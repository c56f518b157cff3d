/**
 * Which recorded nodes can throw, and where a throw goes. ESLint's code paths model explicit `throw`
 * statements but not a call that throws, so "ended on every path, throws included" needs this on top.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { DIAG_API, NON_THROWING_TRACE_METHODS, START_SPAN } from '../../src/otel/api.js';
import { isFunctionNode, memberName, skipTypeWrappers } from '../../src/otel/tracer-evidence.js';

/** Loggers: a log call that throws is not a failure mode worth a finally block. */
const LOGGER_NAME = new RegExp(`^_*(console|logger|log|${DIAG_API})$`, 'i');
/** Built-ins that do not throw on ordinary input. */
const QUIET_GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'isNaN',
  'isFinite',
  'parseInt',
  'parseFloat',
  'encodeURIComponent',
]);
const QUIET_STATIC_RECEIVERS: ReadonlySet<string> = new Set(['Math', 'Object', 'Number', 'Array', 'Date', 'performance']);
const QUIET_STATIC_CALLS: ReadonlySet<string> = new Set(['process.hrtime', 'process.memoryUsage', 'process.cpuUsage', 'JSON.stringify']);
/**
 * Pure string, number, array and collection methods: a receiver of another type with a method of the same
 * name is rare, and a finally block for `name.toLowerCase()` is not what this rule is about. Methods that
 * run callbacks (`map`, `forEach`, ...) are not here: the callback can throw.
 */
const QUIET_METHODS: ReadonlySet<string> = new Set([
  'slice',
  'substring',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'split',
  'join',
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'padStart',
  'padEnd',
  'toString',
  'toFixed',
  'toISOString',
  'getTime',
  'concat',
  'push',
  'has',
]);
const QUIET_CONSTRUCTORS = /^(Date|Map|Set|WeakMap|WeakSet|Promise|AbortController|\w*Error)$/;

const nameOf = (node: TSESTree.Node): string | null =>
  node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.ThisExpression ? 'this' : memberName(node);

/**
 * True for calls that do not throw in practice: methods of the span itself, OpenTelemetry context helpers,
 * child `startSpan` calls, loggers and a few built-ins.
 */
export function isQuietCall(call: TSESTree.CallExpression | TSESTree.NewExpression, spanReads: ReadonlySet<TSESTree.Node>): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return callee.type === AST_NODE_TYPES.Identifier && QUIET_CONSTRUCTORS.test(callee.name);
  }
  if (callee.type === AST_NODE_TYPES.Identifier) return QUIET_GLOBAL_FUNCTIONS.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  const receiver = skipTypeWrappers(callee.object);
  if (spanReads.has(receiver)) return true;
  if (!method) return false;
  if (method === START_SPAN || NON_THROWING_TRACE_METHODS.has(method) || QUIET_METHODS.has(method)) return true;
  const receiverName = nameOf(receiver);
  if (!receiverName) {
    // `process.hrtime.bigint()`, `new Date().getTime()`
    if (receiver.type === AST_NODE_TYPES.NewExpression) return isQuietCall(receiver, spanReads);
    return receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'hrtime';
  }
  if (LOGGER_NAME.test(receiverName) || QUIET_STATIC_RECEIVERS.has(receiverName)) return true;
  return QUIET_STATIC_CALLS.has(`${receiverName}.${method}`);
}

export type ThrowTarget = { kind: 'ended' } | { kind: 'catch'; clause: TSESTree.CatchClause } | { kind: 'escapes' };

/**
 * Where a throw at `node` goes inside `owner`: into a `catch` clause (whose paths we follow), through a
 * `finally` block that ends the span, or out of the function with the span still open.
 */
export function throwTarget(
  node: TSESTree.Node,
  owner: TSESTree.Node,
  finallyEnds: (tryStatement: TSESTree.TryStatement) => boolean,
): ThrowTarget {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner && !isFunctionNode(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement) {
      if (child === current.block && current.handler) return { kind: 'catch', clause: current.handler };
      if (child !== current.finalizer && current.finalizer && finallyEnds(current)) return { kind: 'ended' };
    }
    child = current;
  }
  return { kind: 'escapes' };
}

/** The `catch` clause (in the same function) that a `throw` statement at `node` lands in, if any. */
export function catchingClause(node: TSESTree.Node, owner: TSESTree.Node): TSESTree.CatchClause | null {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner && !isFunctionNode(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && child === current.block && current.handler) return current.handler;
    child = current;
  }
  return null;
}

const LOOPS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/**
 * A `break`/`continue` that leaves a `try` whose `finally` ends the span. ESLint's code paths send these jumps
 * straight to their target, past the `finally` block that really runs on the way.
 */
export function jumpsThroughEndingFinally(
  jump: TSESTree.BreakStatement | TSESTree.ContinueStatement,
  finallyEnds: (tryStatement: TSESTree.TryStatement) => boolean,
): boolean {
  let child: TSESTree.Node = jump;
  for (let current: TSESTree.Node | undefined = jump.parent; current && !isFunctionNode(current); current = current.parent) {
    const isTarget = jump.label
      ? current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === jump.label.name
      : LOOPS.has(current.type) || (jump.type === AST_NODE_TYPES.BreakStatement && current.type === AST_NODE_TYPES.SwitchStatement);
    if (isTarget) return false;
    if (current.type === AST_NODE_TYPES.TryStatement && child !== current.finalizer && finallyEnds(current)) return true;
    child = current;
  }
  return false;
}
