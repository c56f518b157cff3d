/**
 * How a span variable (and its aliases) is used, read from scope analysis: where it is ended — directly, through a
 * closure or same-file helper, in a promise chain, in a callback run at once — and whether and where its ownership
 * leaves the function (stored, returned, wrapped, ended in a later callback). Handing the span to a function as an
 * argument is not giving it away.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTEXT_WITH, CONTEXT_WITH_ARGS_INDEX, CONTEXT_WITH_CALLBACK_INDEX, CONTEXT_API, isOtelModule, PROPAGATION_INJECT, SCOPE_ACTIVATE, SCOPE_ACTIVATE_CALLBACK_INDEX, SCOPE_MANAGER, SET_SPAN, SPAN_CHAINABLE_METHODS, SPAN_END, START_ACTIVE_SPAN, START_SPAN } from '../api.js';
import { cleanupAround, contains, enclosingFunction, type FunctionNode, isNullish, memberName, nameOf, outerExpression, runsBefore, skipTypeWrappers, someNode } from '../ast.js';
import { declaredFunction } from './local-functions.js';
import type { LocalFunctions } from './local-functions.js';

/** Methods that keep what they are given: `map.set(id, span)`, `spans.push(span)`, `pending.add(span)`. */
const STORING_METHODS: ReadonlySet<string> = new Set(['set', 'push', 'unshift', 'add', 'splice', 'put', 'setItem', 'resolve', 'next', 'emit', 'assign', 'setState']);
/** Functions that wrap what they are given into something new: `createLangWatchSpan(span)`, `wrapSpan(span)`. */
const WRAPPING_FUNCTION_NAME = /^_*(create|wrap|make)[A-Z_]/;
/** Wrappers a function returns with the span inside: `wrapStreamingResponse(span, stream)`, `instrumentStream(span, s)`. */
const RETURNED_WRAPPER_NAME = /^_*(wrap|instrument|trace)[A-Z_]|Stream/;
/** Functions named for ending a span: `endSpan(span, err)`, `finishSpan(span)`, `closeSpan(span)`. */
const ENDING_FUNCTION_NAME = /^_*(end|finish|close|stop|complete)\w*Span/i;

/** How a closure that ends the span is attached to a promise: `.finally(f)`, `.then(f)`, `.then(_, f)`/`.catch(f)`. */
export type ClosureRole = 'finally' | 'fulfilled' | 'rejected';

export interface SpanUses {
  /** The identifiers that read the span (to tell `span.setAttribute()` from other calls). */
  reads: Set<TSESTree.Node>;
  /** `span.end()` calls made by the owning function itself. */
  directEnds: Set<TSESTree.CallExpression>;
  /**
   * Outermost closures inside the owner that end the span, attached to a promise; for a named closure handed to the
   * chain as a value (`response.then(handleSuccess, handleError)`), the argument that names it. Either way the key's
   * parent is the promise method call.
   */
  endingClosures: Map<FunctionNode | TSESTree.Expression, ClosureRole>;
  /** Other `startSpan` calls that overwrite the same variable (the earlier span is lost if not ended first). */
  recreations: Set<TSESTree.Node>;
  /**
   * Ownership leaves the function: returned, stored, wrapped and not ended here, reassigned from something else,
   * or captured by a closure that ends it outside a promise chain (a listener) and no finally here ends it.
   */
  handedOff: boolean;
  /** The hand-off is a return, a store or a wrapper (not a callback here that ends it): the taker owns the span. */
  escapes: boolean;
  /**
   * Where it escapes, as recorded events of the owner (`return span`, `map.set(id, span)`); null when some escape
   * cannot be placed so (an assignment `this.span = span`, a wrapper, a closure).
   */
  escapePoints: TSESTree.Node[] | null;
  /** Put into a context that leaves the function (`return trace.setSpan(ctx, span)`): whoever gets it may end it. */
  putInContext: boolean;
  /** Passed as an argument to a function that keeps no hold on it as far as we know (it is still ours). */
  passedOn: boolean;
  /** Callbacks run at once (`context.with(ctx, () => {...})`) in which the span is ended. */
  immediateEnds: Set<FunctionNode>;
  /**
   * Callbacks run at once in which the span escapes (`return handleStream(span, stream)` of a generator): judged
   * inside the callback where it ends the span there too, else counted as an escape that cannot be placed (see
   * placeImmediateEscapes).
   */
  immediateEscapes: Set<FunctionNode>;
  /** Closures made here that end the span later, outside a promise chain (`res.on('finish', () => span.end())`). */
  laterEnds: Set<FunctionNode>;
  /** Handed to a callback the caller passed in (`fn(span)` in a wrapper): on success, the callback's owner ends it. */
  passedToCallback: boolean;
}

type Use =
  | { kind: 'end'; call: TSESTree.CallExpression }
  | { kind: 'inspect' }
  | { kind: 'escape' }
  | { kind: 'context' }
  | { kind: 'argument'; call: TSESTree.CallExpression }
  | { kind: 'callback' }
  | { kind: 'returnedInto' }
  | { kind: 'wrap' }
  | { kind: 'alias' };

/**
 * `fn` runs at once, inside the caller's code: `context.with(ctx, fn)`, `new Promise(fn)`, `(() => {...})()`.
 * A span of the caller is still the caller's in there.
 */
export function runsImmediately(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.arguments[0] === fn && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression) return false;
  if (parent.callee === fn) return true;
  const callee = skipTypeWrappers(parent.callee);
  if (parent.arguments[SCOPE_ACTIVATE_CALLBACK_INDEX] === fn && isScopeActivation(parent)) return true;
  if (parent.arguments[CONTEXT_WITH_CALLBACK_INDEX] !== fn || memberName(callee) !== CONTEXT_WITH) return false;
  const receiver = skipTypeWrappers((callee as TSESTree.MemberExpression).object);
  return receiver.type === AST_NODE_TYPES.Identifier ? isContextApi(receiver) : memberName(receiver) === CONTEXT_API;
}

/**
 * dd-trace's `tracer.scope().activate(span, fn)`: runs `fn` at once with the span active, as `context.with` does, and
 * returns what it returns (its callback at SCOPE_ACTIVATE_CALLBACK_INDEX).
 */
export function isScopeActivation(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== SCOPE_ACTIVATE) return false;
  const scope = skipTypeWrappers(callee.object);
  return scope.type === AST_NODE_TYPES.CallExpression && scope.arguments.length === 0 && memberName(skipTypeWrappers(scope.callee)) === SCOPE_MANAGER;
}

/** `node` runs as part of `home`'s own code: every function between them runs at once (runsImmediately). */
function runsInPlace(node: TSESTree.Node, home: TSESTree.Node | null): boolean {
  for (let fn = enclosingFunction(node); fn && fn !== home; fn = enclosingFunction(fn)) if (!runsImmediately(fn)) return false;
  return true;
}

/**
 * The parameter of an inline `context.with` callback that `argument` is passed as (`context.with(ctx, (current) =>
 * {...}, undefined, span)` calls the callback with the arguments after `thisArg`), or null.
 */
function contextWithParameter(call: TSESTree.CallExpression, argument: TSESTree.Node): { fn: FunctionNode; name: string } | null {
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  const fn = call.arguments.at(CONTEXT_WITH_CALLBACK_INDEX);
  if (index < CONTEXT_WITH_ARGS_INDEX || !fn || !ASTUtils.isFunction(fn) || !runsImmediately(fn)) return null;
  // TypeScript's `function (this: T, current)` declares `this` first; it takes no argument.
  const first = fn.params.at(0);
  const declaresThis = first?.type === AST_NODE_TYPES.Identifier && first.name === 'this';
  const parameter = fn.params.at(index - CONTEXT_WITH_ARGS_INDEX + (declaresThis ? 1 : 0));
  return parameter?.type === AST_NODE_TYPES.Identifier ? { fn, name: parameter.name } : null;
}

/**
 * `context`, or the API's `context` imported under another name (`import { context as otelContext } from
 * '@opentelemetry/api'`): a project's own `requestContext.with(...)` is not OpenTelemetry's and may do anything.
 */
function isContextApi(receiver: TSESTree.Identifier): boolean {
  if (receiver.name === CONTEXT_API) return true;
  let program: TSESTree.Node = receiver;
  while (program.parent) program = program.parent;
  return program.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      isOtelModule(statement.source.value) &&
      statement.specifiers.some(
        (specifier) =>
          specifier.type === AST_NODE_TYPES.ImportSpecifier &&
          specifier.local.name === receiver.name &&
          (specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value) === CONTEXT_API,
      ),
  );
}

/** `x`, `x != null`, `x !== undefined`: the identifier a branch tests. */
export function testedIdentifier(test: TSESTree.Node): TSESTree.Identifier | null {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.Identifier) return node;
  if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '!=' || node.operator === '!==')) {
    const left = skipTypeWrappers(node.left);
    return left.type === AST_NODE_TYPES.Identifier ? left : null;
  }
  return null;
}


/** The value is only tested (`if (span)`, `span && span.end()`, `!span`), not passed anywhere. */
function isConditionPosition(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === node ? true : isConditionPosition(parent);
    default:
      return false;
  }
}

function useOf(identifier: TSESTree.Node, functions: LocalFunctions | null, endMethod: string): Use {
  const node = outerExpression(identifier);
  const parent = node.parent;
  if (!parent) return { kind: 'escape' };
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== node) return { kind: 'inspect' }; // `obj[span]`
      const name = memberName(parent);
      if (name === endMethod) {
        const call = parent.parent;
        if (call.type === AST_NODE_TYPES.CallExpression && call.callee === parent) return { kind: 'end', call };
        // `typeof span.end === 'function'` reads the method; anything else may call it later (`once('end', span.end.bind(span))`).
        return call.type === AST_NODE_TYPES.UnaryExpression && call.operator === 'typeof' ? { kind: 'inspect' } : { kind: 'escape' };
      }
      const chainedEnd = name && SPAN_CHAINABLE_METHODS.has(name) ? chainedEndOf(parent, endMethod) : null;
      if (chainedEnd) return { kind: 'end', call: chainedEnd };
      // `span.setAttribute(...)`, `span.spanContext()`; a computed `span[method]` could be anything.
      return name === null ? { kind: 'escape' } : { kind: 'inspect' };
    }
    case AST_NODE_TYPES.CallExpression:
      return parent.callee === node ? { kind: 'escape' } : argumentUse(parent, node, functions, endMethod);
    case AST_NODE_TYPES.TemplateLiteral:
      return { kind: 'inspect' };
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(node as TSESTree.CallExpressionArgument) ? { kind: 'wrap' } : { kind: 'escape' };
    case AST_NODE_TYPES.Property:
      return parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression ? objectUse(parent, functions, endMethod) : { kind: 'escape' };
    default:
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return { kind: 'alias' };
      if (isConditionPosition(node)) return { kind: 'inspect' };
      // `trace.setSpan(ctx, trace.getSpan(ctx) ?? span)`, `ok ? span : fallback`: the span may be the value, which
      // goes where the whole expression goes.
      if ((parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === node) || (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== node)) {
        return useOf(parent, functions, endMethod);
      }
      return { kind: 'escape' };
  }
}

/**
 * The span passed as an argument. Handing it over is not giving it away: only a call that ends it (a same-file
 * function that ends that parameter, a function named for ending spans) or keeps it (`map.set(id, span)`,
 * `resolve(span)`) moves the ownership.
 */
function argumentUse(call: TSESTree.CallExpression, argument: TSESTree.Node, functions: LocalFunctions | null, endMethod: string): Use {
  const callee = skipTypeWrappers(call.callee);
  const name = nameOf(callee);
  if (name === SET_SPAN) return contextEscapes(call, functions) ? { kind: 'context' } : { kind: 'inspect' };
  // `context.with(ctx, (current) => {...}, undefined, span)`: the callback gets the span as its parameter.
  if (contextWithParameter(call, argument)) return { kind: 'alias' };
  // A same-file function is read, not guessed from its name: does it end the parameter the span is passed as?
  const local = functions?.resolve(callee);
  if (functions && local) {
    const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    if (!functions.endsParams(local, endMethod, (id) => useOf(id, functions, endMethod).kind === 'end').has(index)) return { kind: 'argument', call };
    // A generator ends it when its consumer is done, not at this call: the generator object owns the span.
    return local.generator ? { kind: 'escape' } : { kind: 'end', call };
  }
  if (name && ENDING_FUNCTION_NAME.test(name)) return { kind: 'end', call };
  if (name && STORING_METHODS.has(name)) return { kind: 'escape' };
  // `const handle = createSpanHandle(span)`: a wrapper kept here (an alias); anything else made of it leaves with it.
  if (name && WRAPPING_FUNCTION_NAME.test(name) && isKept(call)) return { kind: 'wrap' };
  // `fn(span)` where `fn` is the caller's callback (a wrapper handing its span out): the callback's owner ends it.
  if (callee.type === AST_NODE_TYPES.Identifier && functions?.isParameter(callee)) return { kind: 'callback' };
  // `return wrapStreamingResponse(span, stream)`: the wrapper the function returns is the caller's now, and so is the
  // span (only in the span's own function: see collectSpanUses).
  if (name && RETURNED_WRAPPER_NAME.test(name) && outerExpression(call).parent?.type === AST_NODE_TYPES.ReturnStatement) return { kind: 'returnedInto' };
  return { kind: 'argument', call };
}

/**
 * The span as a property of an object literal (`handler({ span, req })`, `const ctx = { item, span }; run(ctx)`):
 * an object only passed to calls is the span passed to them; returned, stored or anything else, it leaves with the
 * object.
 */
function objectUse(property: TSESTree.Property, functions: LocalFunctions | null, endMethod: string): Use {
  const object = property.parent as TSESTree.ObjectExpression;
  const key = property.computed ? null : nameOf(property.key);
  const home = enclosingFunction(object);
  const passed = (value: TSESTree.Node): Use | null => {
    const parent = value.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee === value) return null;
    // `finish({ span, response })` of a same-file `function finish({ span }) { span.end(); }`: ended there. Not when
    // the call is made in another function (a listener made here: it ends the span on its own schedule) or the
    // function is a generator (it ends the span when consumed): the object leaves with them.
    const local = functions?.resolve(skipTypeWrappers(parent.callee));
    if (functions && local) {
      const index = parent.arguments.indexOf(value as TSESTree.CallExpressionArgument);
      if (key === null || !functions.endsParamProperty(local, index, key, (id) => useOf(id, functions, endMethod).kind === 'end')) return { kind: 'argument', call: parent };
      return local.generator || enclosingFunction(parent) !== home ? null : { kind: 'end', call: parent };
    }
    const use = argumentUse(parent, value, functions, endMethod);
    return use.kind === 'argument' || use.kind === 'callback' ? use : null;
  };
  const value = outerExpression(object);
  const direct = passed(value);
  if (direct) return direct;
  const declarator = value.parent;
  if (
    !functions ||
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== value ||
    declarator.id.type !== AST_NODE_TYPES.Identifier ||
    declarator.parent.kind !== 'const'
  ) {
    return { kind: 'escape' };
  }
  const variable = functions.sourceCode.getDeclaredVariables(declarator).at(0);
  const references = variable?.references.filter((reference) => !reference.init) ?? [];
  const calls: Use[] = [];
  for (const reference of references) {
    const read = outerExpression(reference.identifier);
    // `ctx.item`: reading another property leaves the object where it is; `ctx.span` (or `ctx[k]`) takes the span out.
    if (read.parent?.type === AST_NODE_TYPES.MemberExpression && read.parent.object === read) {
      if (read.parent.computed || key === null || memberName(read.parent) === key) return { kind: 'escape' };
      continue;
    }
    const call = passed(read);
    if (!call) return { kind: 'escape' };
    calls.push(call);
  }
  // One hand-over is one use; an object passed to several calls (one of which may end the span) is not followed.
  if (calls.length > 1) return { kind: 'escape' };
  return calls.at(0) ?? { kind: 'inspect' };
}

/** The call's result is kept in a variable (`const x = f(...)`), not returned or dropped. */
function isKept(call: TSESTree.CallExpression): boolean {
  return outerExpression(call).parent?.type === AST_NODE_TYPES.VariableDeclarator;
}

/** Calls that only read a context for the duration of the call: `inject(ctx, carrier)`, a child's parent. */
const CONTEXT_CONSUMERS: ReadonlySet<string> = new Set([PROPAGATION_INJECT, START_SPAN, START_ACTIVE_SPAN]);

/**
 * `trace.getActiveSpan()` or `arguments` in a callback without a span parameter, or in a same-file function it calls
 * (`finally { endActive(); }` with `const endActive = () => trace.getActiveSpan()?.end()`): the span is reachable anyway.
 */
export function reachesActiveSpan(sourceCode: Readonly<TSESLint.SourceCode>, callback: TSESTree.Node, seen = new Set<TSESTree.Node>()): boolean {
  seen.add(callback);
  return someNode(callback, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'getActiveSpan' || node.name === 'getSpan' || node.name === 'arguments';
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return false;
    const local = declaredFunction(sourceCode, node.callee);
    return !!local && !seen.has(local.body) && reachesActiveSpan(sourceCode, local.body, seen);
  });
}

/**
 * How one read of a `trace.setSpan(ctx, span)` context uses it without keeping it (null: any other read, which may keep
 * it or end the span through it):
 * - `compare`: a test compares it (`assert.notStrictEqual(active, ctx)`, `expect(ctx).toBe(...)`), wherever it runs;
 * - `run`: `context.with(ctx, handler)` runs the handler with the span active: `handler` is the function (written
 *   inline, or same-file), null when it cannot be read; `reaches`: it may fetch the active span back (and end it);
 * - `use`: read for the call's duration (`propagation.inject(ctx, carrier)`, the parent of `startSpan(name, opts, ctx)`).
 */
export type ContextRead = { kind: 'compare' } | { kind: 'run'; handler: FunctionNode | null; inline: boolean; reaches: boolean } | { kind: 'use' };

export function contextRead(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  resolve: (callee: TSESTree.Node) => FunctionNode | null,
): ContextRead | null {
  const value = outerExpression(node);
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === value) return null;
  const callee = skipTypeWrappers(call.callee);
  const root = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : callee;
  if (root.type === AST_NODE_TYPES.Identifier && ASSERTION_FUNCTIONS.has(root.name)) return { kind: 'compare' };
  const consumer = nameOf(callee) ?? '';
  if (consumer === CONTEXT_WITH && call.arguments[0] === value) {
    const argument = call.arguments.at(CONTEXT_WITH_CALLBACK_INDEX);
    const handler = argument && skipTypeWrappers(argument);
    const inline = ASTUtils.isFunction(handler);
    const fn = inline ? handler : handler ? resolve(handler) : null;
    return { kind: 'run', handler: fn, inline, reaches: !fn || reachesActiveSpan(sourceCode, fn.body) };
  }
  return CONTEXT_CONSUMERS.has(consumer) ? { kind: 'use' } : null;
}

const ASSERTION_FUNCTIONS: ReadonlySet<string> = new Set(['assert', 'expect']);

/**
 * Whether the context made by `trace.setSpan(ctx, span)` leaves the function (returned, stored, passed on), so
 * whoever gets it may end the span through it. A context used only by `context.with`, `propagation.inject`, as
 * a parent for child spans or compared by a test does not: the span is still this function's to end. An inline
 * `context.with` callback runs with the span active and is judged with the span (one that ends the active span is a
 * reach of the span); a handler passed by reference that may fetch it back may end it. A use inside a closure that
 * does not run at once (`return (...args) => context.with(spanContext, handler)`) happens after the function is done:
 * whoever runs the closure holds the span.
 */
function contextEscapes(setSpanCall: TSESTree.CallExpression, functions: LocalFunctions | null): boolean {
  const home = enclosingFunction(setSpanCall);
  const runsHere = (node: TSESTree.Node): boolean => runsInPlace(node, home);
  const kept = (node: TSESTree.Node): boolean => {
    const read = functions ? contextRead(functions.sourceCode, node, (callee) => functions.resolve(callee)) : null;
    if (!read) return true;
    if (read.kind === 'compare') return false;
    if (read.kind === 'run' && !read.inline && read.reaches) return true;
    return !runsHere(node);
  };
  if (!kept(setSpanCall)) return false;
  const declarator = outerExpression(setSpanCall).parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier || !functions) return true;
  const variable = functions.sourceCode.getDeclaredVariables(declarator).at(0);
  return !variable || variable.references.some((reference) => !reference.init && kept(reference.identifier));
}

/** `span.setAttribute(k, v)` (or a chain of such methods) on the variable itself, `variable`'s new value. */
function reassignsItself(value: TSESTree.Node, variable: TSESLint.Scope.Variable): boolean {
  let current = skipTypeWrappers(value);
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !SPAN_CHAINABLE_METHODS.has(memberName(callee) ?? '')) return false;
    current = skipTypeWrappers(callee.object);
  }
  return current.type === AST_NODE_TYPES.Identifier && variable.references.some((reference) => reference.identifier === current);
}

/**
 * `span.addEvent('x').end()`, `span.setStatus(s).setAttribute(k, v).end()`: span methods that return the span,
 * called in a chain that ends with `end()`. Returns that `end()` call.
 */
function chainedEndOf(method: TSESTree.MemberExpression, endMethod: string): TSESTree.CallExpression | null {
  let member = method;
  for (;;) {
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
    const next = outerExpression(call).parent;
    if (next?.type !== AST_NODE_TYPES.MemberExpression || next.object !== outerExpression(call)) return null;
    const name = memberName(next);
    if (name === endMethod) {
      const end = next.parent;
      return end.type === AST_NODE_TYPES.CallExpression && end.callee === next ? end : null;
    }
    if (!name || !SPAN_CHAINABLE_METHODS.has(name)) return null;
    member = next;
  }
}

/** The outermost function strictly inside `owner` that contains `node`; null when `node` runs in `owner` itself. */
function closureWithin(node: TSESTree.Node, owner: TSESTree.Node): FunctionNode | 'other' | null {
  let closure: FunctionNode | 'other' | null = null;
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (ASTUtils.isFunction(current)) closure = current;
    // Class bodies run field initializers and static blocks on their own schedule.
    else if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) closure = 'other';
  }
  return closure;
}

function promiseRole(fn: FunctionNode): ClosureRole | null {
  const call = fn.parent;
  return call.type === AST_NODE_TYPES.CallExpression ? promiseRoleOf(call, fn) : null;
}

/** The role of `argument` as a callback of the promise method `call`: `.then(fulfilled, rejected)`, `.catch`, `.finally`. */
function promiseRoleOf(call: TSESTree.CallExpression, argument: TSESTree.Node): ClosureRole | null {
  const method = memberName(skipTypeWrappers(call.callee));
  if (method === 'finally' && call.arguments[0] === argument) return 'finally';
  if (method === 'then') return call.arguments[0] === argument ? 'fulfilled' : call.arguments[1] === argument ? 'rejected' : null;
  if (method === 'catch' && call.arguments[0] === argument) return 'rejected';
  return null;
}

/** The recorded event an escape happens at: the call that stores the span, the `return` or `yield` that hands it out. */
function escapeEvent(identifier: TSESTree.Node, owner: TSESTree.Node): TSESTree.Node | null {
  for (let current = identifier.parent; current && current !== owner; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.ReturnStatement:
        return current;
      default:
        if (ASTUtils.isFunction(current) || current.type.endsWith('Statement')) return null;
    }
  }
  return null;
}

const isStartSpanCall = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.CallExpression && memberName(skipTypeWrappers(node.callee)) === START_SPAN;

/**
 * A named closure (`const finish = () => {...}`, `function finish() {...}`) whose every use is a plain call:
 * those calls. Null when it is passed around (then whoever gets it may call it at any time).
 */
function localCallsOf(closure: FunctionNode, functions: LocalFunctions): LocalUses | null {
  const declarator = closure.parent;
  const declaring =
    closure.type === AST_NODE_TYPES.FunctionDeclaration
      ? closure
      : declarator.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === closure && declarator.parent.kind === 'const'
        ? declarator
        : null;
  if (!declaring) return null;
  // None for `export default function () {}`.
  const variable = functions.sourceCode.getDeclaredVariables(declaring).at(0);
  if (!variable) return null;
  const uses: LocalUses = { calls: [], chained: [] };
  for (const reference of variable.references) {
    if (reference.init) continue;
    const id = outerExpression(reference.identifier);
    const call = id.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return null;
    if (call.callee === id) {
      uses.calls.push(call);
      continue;
    }
    // `work().then(handleSuccess, handleError)`: run by the chain, as an inline closure there would be.
    const role = promiseRoleOf(call, id);
    if (!role) return null;
    uses.chained.push({ argument: id as TSESTree.Expression, call, role });
  }
  return uses.calls.length + uses.chained.length > 0 ? uses : null;
}

interface LocalUses {
  /** Plain calls: `finish()`. */
  calls: TSESTree.CallExpression[];
  /** Promise method calls that take the closure as a callback: the argument naming it, and its role there. */
  chained: { argument: TSESTree.Expression; call: TSESTree.CallExpression; role: ClosureRole }[];
}

export function collectSpanUses(
  variable: TSESLint.Scope.Variable,
  owner: TSESTree.Node,
  creationCall: TSESTree.CallExpression | TSESTree.NewExpression,
  functions: LocalFunctions | null,
  /** The method that ends the span: `end`, or OpenTracing's `finish` (SpanCreation.endMethod). */
  endMethod: string = SPAN_END,
): SpanUses {
  const uses: SpanUses = {
    reads: new Set(),
    directEnds: new Set(),
    endingClosures: new Map(),
    recreations: new Set(),
    handedOff: false,
    escapes: false,
    escapePoints: [],
    putInContext: false,
    passedOn: false,
    passedToCallback: false,
    immediateEnds: new Set(),
    immediateEscapes: new Set(),
    laterEnds: new Set(),
  };
  let wrapped = false;
  let endedInCallback = false;
  // The span's variable, then its aliases: `const handle = new TracedSpan(span)`, `const s = createSpanProxy(span)`,
  // `const s = span` — wrappers forward to the span, so ending or recording on them is ending or recording on it.
  const variables = [variable];
  const references = (): TSESLint.Scope.Reference[] => variables.flatMap((v) => v.references.filter((r) => !(v !== variable && r.init)));
  for (let i = 0, all = references(); i < all.length; i++, all = i < all.length ? all : references()) {
    const reference = all[i];
    // typescript-eslint also lists type references (`typeof span`); eslint-scope has no such flag.
    if ((reference as { isValueReference?: boolean }).isValueReference === false) continue;
    const identifier = reference.identifier;
    // Analysing a callback that runs at once: the caller's own references are judged there. One that hands the span to
    // the callback as its parameter (`context.with(ctx, owner, undefined, span)`) makes the parameter the span here.
    if (!contains(owner, identifier)) {
      const call = identifier.parent;
      const parameter = call.type === AST_NODE_TYPES.CallExpression ? contextWithParameter(call, identifier) : null;
      const alias = functions && parameter?.fn === owner ? aliasOf(identifier, functions) : null;
      if (alias) variables.push(alias);
      continue;
    }
    const closure = closureWithin(identifier, owner);
    // What the variable held before the span was started (`let span = trace.getActiveSpan(); if (!span) span =
    // tracer.startSpan('error')`): another value, neither a use of the span nor a hand-off. (The write of the span
    // itself, `span = tracer.startSpan(...)`, is skipped either way.)
    if (closure === null && runsBefore(identifier, creationCall)) continue;
    if (reference.isWrite()) {
      const value = reference.writeExpr ? skipTypeWrappers(reference.writeExpr) : null;
      if (value === creationCall || (value && isNullish(value) && !reference.isRead())) continue;
      // `span = span.setAttribute(k, v)`: the span's chainable methods hand back the span itself.
      if (value && reassignsItself(value, variable)) continue;
      if (value && closure === null && !reference.isRead() && isStartSpanCall(value)) uses.recreations.add(value);
      else {
        uses.handedOff = uses.escapes = true;
        uses.escapePoints = null;
      }
      continue;
    }
    uses.reads.add(identifier);
    const use = useOf(identifier, functions, endMethod);
    if (use.kind === 'inspect') continue;
    if (use.kind === 'argument' || use.kind === 'callback' || use.kind === 'returnedInto') {
      uses.passedOn = true;
      // Returned into a wrapper from a closure inside the function (`ids.map((id) => { return load(span, id); })`):
      // only passed on.
      uses.passedToCallback ||= use.kind === 'callback' || (use.kind === 'returnedInto' && closure === null);
      continue;
    }
    if (use.kind === 'context') {
      uses.putInContext = true;
      continue;
    }
    if (use.kind === 'wrap' || use.kind === 'alias') {
      const alias = functions && closure === null ? aliasOf(identifier, functions) : null;
      if (alias) variables.push(alias);
      else if (use.kind === 'wrap') wrapped = true;
      else {
        uses.handedOff = uses.escapes = true;
        uses.escapePoints = null;
      }
      continue;
    }
    if (use.kind === 'escape' && closure !== null && closure !== 'other' && runsImmediately(closure) && closureWithin(closure, owner) === null) {
      uses.immediateEscapes.add(closure);
      continue;
    }
    if (use.kind === 'escape' || closure === 'other') {
      uses.handedOff = uses.escapes = true;
      const point = closure === null ? escapeEvent(identifier, owner) : null;
      if (point && uses.escapePoints) uses.escapePoints.push(point);
      else uses.escapePoints = null;
      continue;
    }
    if (closure === null) {
      uses.directEnds.add(use.call);
      continue;
    }
    const role = promiseRole(closure);
    if (role) {
      uses.endingClosures.set(closure, role);
      continue;
    }
    // `const finish = () => { ...; span.end(); }` called here: each call of it is an end.
    // Calling a generator function runs none of its body: the span ends whenever the caller's consumer finishes.
    const local = functions && !closure.generator ? localCallsOf(closure, functions) : null;
    // A chain in a closure of its own is out of reach: the closure is taken to end the span later.
    if (!local || local.chained.some(({ call }) => closureWithin(call, owner) !== null)) {
      if (runsImmediately(closure)) uses.immediateEnds.add(closure);
      else uses.laterEnds.add(closure); // `res.on('finish', () => span.end())`: the closure owns the ending now.
      continue;
    }
    for (const { argument, role } of local.chained) uses.endingClosures.set(argument, role);
    for (const call of local.calls) {
      const caller = closureWithin(call, owner);
      const callerRole = caller && caller !== 'other' ? promiseRole(caller) : null;
      if (caller === null) uses.directEnds.add(call);
      else if (callerRole) uses.endingClosures.set(caller as FunctionNode, callerRole);
      else if (caller !== 'other') uses.laterEnds.add(caller);
      else endedInCallback = true;
    }
  }
  // Wrapped (`new TracedSpan(span)`, `createSpanProxy(span)`) and not ended here: the wrapper's owner ends it.
  if (wrapped && uses.directEnds.size === 0 && uses.endingClosures.size === 0) {
    uses.handedOff = uses.escapes = true;
    uses.escapePoints = null;
  }
  // Ended in a listener or callback: a safety net unless a finally here ends it anyway.
  if ((endedInCallback || uses.laterEnds.size > 0) && ![...uses.directEnds].some((end) => cleanupAround(end, owner).inFinally)) uses.handedOff = true;
  return uses;
}

/**
 * Escapes inside callbacks run at once, when the span is not judged inside such a callback: escapes whose place in
 * the owner's code path is unknown.
 */
export function placeImmediateEscapes(uses: SpanUses): void {
  if (uses.immediateEscapes.size === 0) return;
  uses.handedOff = uses.escapes = true;
  uses.escapePoints = null;
}

/**
 * The `const` variable holding `span` or a wrapper of it (`const s = span`, `const s = new Wrapper(span)`,
 * `const s = createSpanProxy(span)`), or null.
 */
function aliasOf(identifier: TSESTree.Node, functions: LocalFunctions): TSESLint.Scope.Variable | null {
  const parameter = identifier.parent?.type === AST_NODE_TYPES.CallExpression ? contextWithParameter(identifier.parent, identifier) : null;
  if (parameter) return functions.sourceCode.getDeclaredVariables(parameter.fn).find((variable) => variable.name === parameter.name) ?? null;
  let value = outerExpression(identifier);
  const parent = value.parent;
  if ((parent?.type === AST_NODE_TYPES.NewExpression || parent?.type === AST_NODE_TYPES.CallExpression) && parent.callee !== value) {
    value = outerExpression(parent);
  }
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  if (declarator.parent.kind !== 'const') return null;
  return functions.sourceCode.getDeclaredVariables(declarator)[0] ?? null;
}

