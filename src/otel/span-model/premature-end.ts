/**
 * `end()` reached while a promise started in the span's scope is still pending: the span measures microseconds and
 * a later rejection is never recorded on it.
 *
 * A promise is pending at an `end()` when its value is dropped (`work();`), dropped with `void` while the span is
 * handed to it (`void work(span)`), or returned through a `finally` that ends the span (`try { return work() }
 * finally { span.end() }` — the finally runs before the promise settles, in async functions too). Awaited,
 * chained, stored or passed-on promises are not judged. From the promise, the same path search as the leak question
 * (./path-search.ts) looks for an `end()` of the span that follows it.
 *
 * What counts as a promise: with types, a thenable; without, `new Promise(...)`, a `.then/.catch/.finally` chain,
 * `fetch(...)`, a same-file or project-module function that is `async` or returns a promise, or a parameter
 * declared as a function returning `Promise<...>`.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SPAN_END } from '../api.js';
import { contains, enclosingFunction, memberName, outerExpression, PROMISE_METHODS, skipTypeWrappers, some } from '../ast.js';
import type { SpanAnalysis } from './analyze.js';
import { findLeaks } from './path-search.js';
import type { ThrowAnalysis } from './throws.js';

export interface PrematureEnd {
  /** The end() that runs too early. */
  end: TSESTree.CallExpression;
  /** The promise still pending there. */
  promise: TSESTree.CallExpression | TSESTree.NewExpression;
  /** What happens to the promise: dropped, dropped with `void`, or returned through the finally that ends the span. */
  fate: 'dropped' | 'void' | 'returned' | 'stored';
}

/** Global functions that return a promise. */
const PROMISE_GLOBALS: ReadonlySet<string> = new Set(['fetch']);

export function findPrematureEnds(sourceCode: Readonly<TSESLint.SourceCode>, throws: ThrowAnalysis, analysis: SpanAnalysis): PrematureEnd[] {
  const { binding, uses, facts, record } = analysis;
  if (!binding || !uses || !facts || uses.directEnds.size === 0) return [];
  const creation = analysis.span.creation.call;
  const results = new Map<TSESTree.CallExpression, PrematureEnd>();
  for (const event of analysis.openEvents) {
    if (event.type !== AST_NODE_TYPES.CallExpression && event.type !== AST_NODE_TYPES.NewExpression) continue;
    if (event === creation || uses.directEnds.has(event as TSESTree.CallExpression)) continue;
    const fate = pendingFate(event, analysis);
    if (!fate || !isPromise(sourceCode, throws, event)) continue;
    // A stored promise stops being pending where something waits for it: `await p`, `p.then(...)`, `Promise.all([p])`.
    const waits = fate === 'stored' ? waitingEvents(sourceCode, event) : null;
    if (waits === 'unknown') continue;
    const search = findLeaks(record, record.positionsOf(event), {
      ...facts,
      isEnd: (node) => node === creation || uses.recreations.has(node) || !!waits?.has(node),
      isAgain: () => false,
      canThrow: () => false,
      endsOnResolve: () => false,
    });
    for (const end of uses.directEnds) {
      // Only the span's own `end()`: a helper the span is handed to (`return send(span)`) waits for its own work.
      if (!search.openEvents.has(end) || results.has(end) || memberName(skipTypeWrappers(end.callee)) !== SPAN_END) continue;
      results.set(end, { end, promise: event, fate });
    }
  }
  return [...results.values()].sort((a, b) => a.end.range[0] - b.end.range[0]);
}

/** What becomes of the promise `call` makes, when that leaves it pending; null when something waits for it. */
function pendingFate(call: TSESTree.CallExpression | TSESTree.NewExpression, analysis: SpanAnalysis): PrematureEnd['fate'] | null {
  const value = outerExpression(call);
  const parent = value.parent;
  // `work().then(f)`: the chain is the promise; its last link is judged.
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === value) return null;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return 'dropped';
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') {
    // Fire-and-forget on purpose, unless the span goes with it.
    const passesSpan = call.arguments.some((argument) => some(analysis.uses?.reads, (read) => contains(argument, read)));
    return passesSpan ? 'void' : null;
  }
  if (parent?.type === AST_NODE_TYPES.ReturnStatement) {
    // Returned: pending at an end() only through a finally block (nothing else runs after a return).
    return 'returned';
  }
  if (parent && ASTUtils.isFunction(parent) && parent.body === value) return 'returned';
  // `const result = fn(span); span.end(); return result;`
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) return 'stored';
  return null;
}

/**
 * The recorded events at which a promise stored in a `const` is waited for or handed on: `await p`, a call on it
 * (`p.then(...)`), a call it is passed to (`Promise.all([p])`). A `return p` hands it back without waiting (a
 * finally still runs first). 'unknown' when the variable is reassigned or escapes into a closure.
 */
function waitingEvents(sourceCode: Readonly<TSESLint.SourceCode>, promise: TSESTree.Node): Set<TSESTree.Node> | 'unknown' {
  const declarator = outerExpression(promise).parent as TSESTree.VariableDeclarator;
  const variable = sourceCode.getDeclaredVariables(declarator).at(0);
  if (!variable) return 'unknown';
  const owner = enclosingFunction(promise);
  const events = new Set<TSESTree.Node>();
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite() || enclosingFunction(reference.identifier) !== owner) return 'unknown';
    const value = outerExpression(reference.identifier);
    const parent = value.parent;
    if (parent?.type === AST_NODE_TYPES.ReturnStatement) continue;
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) {
      events.add(parent);
      continue;
    }
    // The call that takes it or is made on it: `p.then(f)`, `Promise.all([p])`, `track(p)`.
    let call: TSESTree.Node | undefined = parent;
    // Up to the owner at most: the climb stops at any function, and at the top level reaches no call.
    while (call && call.type !== AST_NODE_TYPES.CallExpression && !ASTUtils.isFunction(call)) call = call.parent;
    if (!call || call.type !== AST_NODE_TYPES.CallExpression) return 'unknown';
    events.add(call);
  }
  return events;
}

function isPromise(sourceCode: Readonly<TSESLint.SourceCode>, throws: ThrowAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const typed = isThenableType(sourceCode, call);
  if (typed !== null) return typed;
  const callee = skipTypeWrappers(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise';
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : null;
  if (method && PROMISE_METHODS.has(method)) return true;
  // `response.text()` of `const response = await fetch(url)`: reading the body is a promise too.
  if (method && RESPONSE_BODY_METHODS.has(method) && callee.type === AST_NODE_TYPES.MemberExpression && isFetchResponse(sourceCode, callee.object)) return true;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(callee), callee);
    if (PROMISE_GLOBALS.has(callee.name) && (!variable || variable.defs.length === 0)) return true;
    if (variable?.defs.some((def) => def.type === TSESLint.Scope.DefinitionType.Parameter && declaredToReturnPromise(def.name))) return true;
  }
  return throws.callsPromiseFunction(call);
}

/** A `Response`'s body readers, each a promise. */
const RESPONSE_BODY_METHODS: ReadonlySet<string> = new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'bytes']);

/** A variable bound to `await fetch(...)` (the global `fetch`). */
function isFetchResponse(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  const receiver = skipTypeWrappers(node);
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(receiver), receiver);
  const declarator = variable?.defs.length === 1 ? variable.defs[0].node : null;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || !declarator.init) return false;
  const init = skipTypeWrappers(declarator.init);
  if (init.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const call = skipTypeWrappers(init.argument);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier || !PROMISE_GLOBALS.has(call.callee.name)) return false;
  const fetchVariable = ASTUtils.findVariable(sourceCode.getScope(call.callee), call.callee);
  return !fetchVariable || fetchVariable.defs.length === 0;
}

/** `fn: (span: Span) => Promise<T>` as a parameter declaration. */
function declaredToReturnPromise(id: TSESTree.Node): boolean {
  if (id.type !== AST_NODE_TYPES.Identifier || !id.typeAnnotation) return false;
  const type = id.typeAnnotation.typeAnnotation;
  if (type.type !== AST_NODE_TYPES.TSFunctionType || !type.returnType) return false;
  const returned = type.returnType.typeAnnotation;
  return returned.type === AST_NODE_TYPES.TSTypeReference && returned.typeName.type === AST_NODE_TYPES.Identifier && /^(Promise|PromiseLike)$/.test(returned.typeName.name);
}

/** With types: every non-nullish part of the value's type has a callable `then`. Null without types, or for any/unknown. */
function isThenableType(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean | null {
  const services = sourceCode.parserServices;
  const program = services?.program;
  const tsNode = program && services.esTreeNodeToTSNodeMap?.get(node);
  if (!program || !tsNode) return null;
  const checker = program.getTypeChecker();
  const type = checker.getTypeAtLocation(tsNode);
  // TypeFlags: Any 1, Unknown 2, Void 16384, Undefined 32768, Null 65536, TypeParameter 262144
  if (type.flags & (1 | 2 | 262144)) return null;
  const parts = (type.isUnion() ? type.types : [type]).filter((part) => !(part.flags & (16384 | 32768 | 65536)));
  if (parts.length === 0) return false;
  return parts.every((part) => {
    const then = part.getProperty('then');
    return !!then && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
  });
}
