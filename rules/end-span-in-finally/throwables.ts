/**
 * Which recorded nodes can throw, and where a throw goes. ESLint's code paths model explicit `throw`
 * statements but not a call that throws, so "ended on every path, throws included" needs this on top.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { DIAG_API, START_SPAN } from '../../src/otel/api.js';
import { isNonThrowingOtelCall } from '../../src/otel/non-throwing.js';
import { isFunctionNode, memberName, skipTypeWrappers, type FunctionNode } from '../../src/otel/tracer-evidence.js';

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
/** `window.matchMedia(query)` answers a media query; it throws only when called without one. */
const QUIET_STATIC_CALLS: ReadonlySet<string> = new Set(['process.hrtime', 'process.memoryUsage', 'process.cpuUsage', 'JSON.stringify', 'window.matchMedia']);
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

/** Array iteration methods: they throw only if their callback does. */
const ITERATION_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'reduce', 'find', 'findIndex', 'flatMap']);

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * Which calls throw in practice, for one file. Quiet: methods of the span itself, the OpenTelemetry API (built
 * not to throw), child `startSpan` calls, loggers, a few built-ins, array iteration whose callback cannot throw
 * (its body is quiet, or catches everything in a try/catch), and same-file functions whose bodies are quiet
 * (analysed once each, memoised).
 */
export class ThrowAnalysis {
  /** Same-file functions judged so far; a function in progress counts as quiet, so recursion ends. */
  private readonly quietFunctions = new Map<FunctionNode, boolean>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  isQuietCall(call: Call, spanReads: ReadonlySet<TSESTree.Node>): boolean {
    const callee = skipTypeWrappers(call.callee);
    if (call.type === AST_NODE_TYPES.NewExpression) {
      return callee.type === AST_NODE_TYPES.Identifier && QUIET_CONSTRUCTORS.test(callee.name);
    }
    if (isNonThrowingOtelCall(call, (receiver) => spanReads.has(receiver))) return true;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (QUIET_GLOBAL_FUNCTIONS.has(callee.name)) return true;
      const local = this.localFunction(callee);
      return !!local && this.isQuietFunction(local);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    const receiver = skipTypeWrappers(callee.object);
    if (spanReads.has(receiver)) return true;
    if (!method) return false;
    if (method === START_SPAN || QUIET_METHODS.has(method)) return true;
    if (ITERATION_METHODS.has(method)) return this.hasQuietCallback(call);
    const receiverName = nameOf(receiver);
    if (!receiverName) {
      // `process.hrtime.bigint()`, `new Date().getTime()`
      if (receiver.type === AST_NODE_TYPES.NewExpression) return this.isQuietCall(receiver, spanReads);
      return receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'hrtime';
    }
    if (LOGGER_NAME.test(receiverName) || QUIET_STATIC_RECEIVERS.has(receiverName)) return true;
    return QUIET_STATIC_CALLS.has(`${receiverName}.${method}`);
  }

  /** `items.forEach((x) => { try {...} catch {...} })`: the callback's own throws are caught inside it. */
  private hasQuietCallback(call: TSESTree.CallExpression): boolean {
    const callback = call.arguments[0];
    if (!isFunctionNode(callback)) return false;
    return call.arguments.slice(1).every((arg) => !isFunctionNode(arg)) && this.isQuietFunction(callback);
  }

  /** A function declaration or `const f = () => ...` of this file that `callee` names. */
  private localFunction(callee: TSESTree.Identifier): FunctionNode | null {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(callee), callee);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return null;
    if (def.type === TSESLint.Scope.DefinitionType.FunctionName) return def.node as FunctionNode;
    if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
    const init = def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? skipTypeWrappers(def.node.init) : null;
    return isFunctionNode(init) ? init : null;
  }

  private isQuietFunction(fn: FunctionNode): boolean {
    const known = this.quietFunctions.get(fn);
    if (known !== undefined) return known;
    this.quietFunctions.set(fn, true);
    // Default parameter values run at the call too.
    const quiet = !fn.generator && fn.params.every((param) => this.isQuietRegion(param)) && this.isQuietRegion(fn.body);
    this.quietFunctions.set(fn, quiet);
    return quiet;
  }

  /**
   * No `throw`, `await`, `yield`, tagged template, or call that may throw runs in `node` (nested functions do not
   * run here; a `try` block with a `catch` catches whatever its block throws, so only the clause is checked).
   */
  private isQuietRegion(node: TSESTree.Node): boolean {
    let quiet = true;
    const visit = (current: TSESTree.Node): void => {
      if (!quiet || (current !== node && isFunctionNode(current))) return;
      switch (current.type) {
        case AST_NODE_TYPES.ThrowStatement:
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.YieldExpression:
        case AST_NODE_TYPES.TaggedTemplateExpression:
          quiet = false;
          return;
        case AST_NODE_TYPES.TryStatement:
          if (current.handler) {
            visit(current.handler.body);
            if (current.finalizer) visit(current.finalizer);
            return;
          }
          break;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          if (!this.isQuietCall(current, NO_READS)) {
            quiet = false;
            return;
          }
          break;
        default:
          break;
      }
      for (const key of this.sourceCode.visitorKeys[current.type] ?? []) {
        const child = (current as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? child : [child]) {
          if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
        }
      }
    };
    visit(node);
    return quiet;
  }
}

const NO_READS: ReadonlySet<TSESTree.Node> = new Set();

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
