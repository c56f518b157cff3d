/**
 * Which recorded nodes can throw, and where a throw goes. ESLint's code paths model explicit `throw`
 * statements but not a call that throws, so "ended on every path, throws included" needs this on top.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { API_OBJECT_FACTORIES, CONTEXT_API, CONTEXT_WITH, CONTEXT_WITH_CALLBACK_INDEX, DIAG_API, isOtelApiModule, isOtelModule, RUNS_INSTRUMENTED_CODE, SCOPE_ACTIVATE_CALLBACK_INDEX, SCOPE_MANAGER, START_ACTIVE_SPAN, START_SPAN } from '../api.js';
import { isNonThrowingOtelCall } from '../non-throwing.js';
import {
  cleanupAround,
  enclosingFunction,
  type FunctionNode,
  isLoop,
  ITERATION_METHODS,
  LISTENER_METHODS,
  LOG_RECEIVER,
  memberName,
  PROMISE_METHODS,
  skipTypeWrappers,
  skipValueWrappers,
  TIMER_FUNCTIONS,
  findNode,
  isLiteralTrue,
  walk,
} from '../ast.js';
import { parameterVariable } from '../bindings.js';
import type { FileIndex } from './file-index.js';
import { LocalFunctions } from './local-functions.js';
import { isScopeActivation } from './span-uses.js';
import { moduleFunction, siblingModule, type SiblingModule } from './sibling-modules.js';

const INSTRUMENT_METHODS: ReadonlySet<string> = new Set(['add', 'record', 'addCallback', 'removeCallback']);
const COLLECTION_METHODS: ReadonlySet<string> = new Set(['get', 'set', 'has', 'delete', 'add', 'clear', 'keys', 'values', 'entries']);

/**
 * `console.*` and OpenTelemetry's `diag`: built not to throw. A project's or library's logger (`logger.info(...)`,
 * pino, winston) is any other call, as ACCURACY.md has it: readers of the fourth and sixth labelled sets count it as
 * able to throw (+13 labelled leaks and unrecorded errors found, no false report, against treating it like `console`).
 */
const LOGGER_NAME = new RegExp(`^_*(console|${DIAG_API})$`, 'i');

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
  'randomUUID',
  // Timers only schedule their callback.
  ...TIMER_FUNCTIONS,
  'clearTimeout',
  'clearImmediate',
  'clearInterval',
  'queueMicrotask',
]);
const QUIET_STATIC_RECEIVERS: ReadonlySet<string> = new Set(['Math', 'Object', 'Number', 'Array', 'Date', 'performance']);
/** `window.matchMedia(query)` answers a media query; it throws only when called without one. */
const QUIET_STATIC_CALLS: ReadonlySet<string> = new Set([
  'process.hrtime',
  'process.memoryUsage',
  'process.cpuUsage',
  'window.matchMedia',
  'crypto.randomUUID',
  // Error reporting SDKs are built, like the OpenTelemetry API, never to throw into the code that reports.
  'Sentry.captureException',
  'Sentry.captureMessage',
  'Sentry.captureEvent',
  'Sentry.addBreadcrumb',
  'Sentry.setTag',
  'Sentry.setTags',
  'Sentry.setContext',
  'Sentry.setExtra',
  'Sentry.setUser',
]);
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
  'lastIndexOf',
  'codePointAt',
  'substr',
  'padStart',
  'padEnd',
  'toString',
  'toFixed',
  'toISOString',
  'getTime',
  'concat',
  'push',
  'has',
  'bind',
  // OpenTelemetry SDK objects: an instrumentation's config getter, the in-memory exporter's spans.
  'getConfig',
  'getFinishedSpans',
  'replace',
  'replaceAll',
  'match',
  'test',
  'exec',
  'charAt',
  'charCodeAt',
  'at',
  'trimStart',
  'trimEnd',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'valueOf',
]);
const QUIET_CONSTRUCTORS = /^(Date|Map|Set|WeakMap|WeakSet|Promise|Proxy|AbortController|\w*Error)$/;

const nameOf = (node: TSESTree.Node): string | null =>
  node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.ThisExpression ? 'this' : memberName(node);


type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * Which calls throw in practice, for one file. Quiet: methods of the span itself, the OpenTelemetry API (built
 * not to throw), child `startSpan` calls, `console` and `diag` (other loggers only in a catch clause), a few
 * built-ins, array iteration whose callback cannot throw (its body is quiet, or catches everything in a
 * try/catch), and same-file functions whose bodies are quiet
 * (analysed once each, memoised).
 */
export class ThrowAnalysis {
  /** Same-file functions judged so far; a function in progress counts as quiet, so recursion ends. */
  private readonly quietFunctions = new Map<FunctionNode, boolean>();
  /** Project-module functions read for this file, by module and name (null: none readable). */
  private readonly siblings = new Map<string, FunctionNode | null>();
  private readonly modules = new Map<string, SiblingModule | null>();
  /** madeBy per receiver identifier (a scope look-up each). */
  private readonly makers = new Map<TSESTree.Identifier, 'span' | 'api' | null>();
  readonly functions: LocalFunctions;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly index: FileIndex,
    /** The linted file's path, to find the project modules it imports. */
    private readonly filename = '',
  ) {
    this.functions = new LocalFunctions(sourceCode, index);
  }

  /** `const child = tracer.startSpan('x')`: a variable holding a span another call started (any name). */
  private holdsStartedSpan(receiver: TSESTree.Node): boolean {
    return this.madeBy(receiver) === 'span';
  }

  /**
   * What made the value an identifier holds, when a call did: a `startSpan(...)` (a span), or a factory of an
   * OpenTelemetry API import (`logs.getLogger('app')`, `metrics.getMeter('m')`: an API object, whose methods do not
   * throw either; not `context.bind(ctx, fn)` or `context.with(ctx, fn)`, which hand back the caller's own value).
   */
  private madeBy(receiver: TSESTree.Node): 'span' | 'api' | null {
    if (receiver.type !== AST_NODE_TYPES.Identifier) return null;
    let made = this.makers.get(receiver);
    if (made === undefined) {
      const def = ASTUtils.findVariable(this.sourceCode.getScope(receiver), receiver)?.defs[0];
      const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init ? skipValueWrappers(def.node.init) : null;
      const callee = init?.type === AST_NODE_TYPES.CallExpression ? skipValueWrappers(init.callee) : null;
      const maker = callee?.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
      const source = maker?.type === AST_NODE_TYPES.Identifier ? this.functions.importSource(maker) : null;
      const method = callee && memberName(callee);
      made = method === START_SPAN ? 'span' : source && isOtelApiModule(source) && API_OBJECT_FACTORIES.has(method ?? '') ? 'api' : null;
      this.makers.set(receiver, made);
    }
    return made;
  }

  /**
   * An `await` that cannot reject: of a same-file function whose body cannot fail and that does not hand back a promise
   * it made (`async function notify() { try { ... } catch {} }`), or of a `.catch` whose handler cannot fail. An await
   * of `new Promise(...)`, or of a function returning one (`const sleep = (ms) => new Promise(...)`), can reject as
   * ACCURACY.md counts it ("any `await`, `new`"): every reader of the labelled sets marked `await sleep()` before an
   * unguarded `end()` as a leak (8 sites in five sets), timers and all.
   */
  isQuietAwait(node: TSESTree.AwaitExpression, spanReads: ReadonlySet<TSESTree.Node>): boolean {
    const argument = skipValueWrappers(node.argument);
    // `await work().catch(() => fallback)`: the handler takes the rejection; only a handler that throws rejects again.
    if (argument.type === AST_NODE_TYPES.CallExpression && memberName(skipValueWrappers(argument.callee)) === 'catch') {
      const handler = argument.arguments[0];
      return ASTUtils.isFunction(handler) && this.isQuietFunction(handler);
    }
    if (argument.type !== AST_NODE_TYPES.CallExpression) return false;
    const local = this.functions.resolve(argument.callee);
    return !!local && this.isQuietCall(argument, spanReads) && this.isQuietFunction(local) && !this.mayHandBackRejection(local);
  }

  /**
   * A same-file function whose body cannot throw may still hand back a promise that rejects: one it makes (`new
   * Promise(...)`), a chain on other work (`load().then(...)`), the promise of a `startActiveSpan` callback that can
   * fail. Not a chain whose `.catch` handler cannot fail, nor a `startActiveSpan` callback that cannot.
   */
  private mayHandBackRejection(fn: FunctionNode): boolean {
    if (handsBackNewPromise(fn, this.sourceCode)) return true;
    const value = returnedPromise(fn);
    if (!value) return false;
    if (value.type !== AST_NODE_TYPES.CallExpression) return true;
    const method = memberName(skipValueWrappers(value.callee));
    const callback = value.arguments.at(method === 'catch' ? 0 : -1);
    if (!ASTUtils.isFunction(callback)) return true;
    if (method === 'catch') return !this.isQuietFunction(callback);
    return method !== START_ACTIVE_SPAN || !this.isQuietFunction(callback, true);
  }

  /** No call, `await`, `new` or `throw` in `node` (outside nested functions and swallowing try blocks) can fail. */
  canThrowIn(node: TSESTree.Node, spanReads: ReadonlySet<TSESTree.Node>): boolean {
    return !this.isQuietRegion(node, spanReads);
  }

  /**
   * The most plausible failure in `node` (outside nested functions and swallowing try blocks): its first `await` that
   * can reject (I/O, usually), else its first call, `new` or `throw` that can fail. A `try` whose catch can throw is
   * named by what fails in its catch (or, for a catch that rethrows, in its block).
   */
  firstThrowIn(node: TSESTree.Node, spanReads: ReadonlySet<TSESTree.Node>): TSESTree.Node | null {
    const isAwait = (current: TSESTree.Node): boolean => current.type === AST_NODE_TYPES.AwaitExpression;
    const found =
      this.throwIn(node, spanReads, null, { only: isAwait, judgeAwaits: true }) ?? this.throwIn(node, spanReads, null, { judgeAwaits: true });
    if (found?.type !== AST_NODE_TYPES.TryStatement) return found;
    // What leaves is what fails in the catch (`catch { await fallback(); }`); a catch that only rethrows the caught
    // error passes on what failed in the try block.
    const handler = found.handler;
    const param = handler?.param?.type === AST_NODE_TYPES.Identifier ? handler.param.name : null;
    const inCatch = handler ? this.throwIn(handler.body, spanReads, param, { judgeAwaits: true }) : null;
    if (inCatch && inCatch.type !== AST_NODE_TYPES.TryStatement) return inCatch;
    return this.firstThrowIn(found.block, spanReads) ?? found;
  }

  private isQuietReceiver(name: string): boolean {
    return this.index.quietReceivers.has(name);
  }


  isQuietCall(call: Call, spanReads: ReadonlySet<TSESTree.Node>): boolean {
    const callee = skipTypeWrappers(call.callee);
    if (call.type === AST_NODE_TYPES.NewExpression) {
      if (callee.type !== AST_NODE_TYPES.Identifier) return false;
      if (QUIET_CONSTRUCTORS.test(callee.name)) return true;
      // `new TraceState(header)`, `new W3CTraceContextPropagator()`: OpenTelemetry's classes do not throw either.
      const source = this.functions.importSource(callee);
      return !!source && isOtelModule(source);
    }
    if (isNonThrowingOtelCall(call, (receiver) => spanReads.has(receiver) || this.holdsStartedSpan(receiver))) return true;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (QUIET_GLOBAL_FUNCTIONS.has(callee.name)) return true;
      const source = this.functions.importSource(callee);
      // The OpenTelemetry packages are built not to throw (`hrTime()`, `addSpanNetworkEvents(span, ...)`), except
      // the helper that runs instrumented code and rethrows its errors unless told not to.
      if (source && isOtelModule(source)) return !RUNS_INSTRUMENTED_CODE.has(callee.name) || isLiteralTrue(call.arguments[2]);
      // An async function rejects, it does not throw: the call itself is quiet (an `await` of it is judged on its own).
      const local = this.functions.resolve(callee);
      if (local) return this.isQuietCallee(local);
      // `import { load } from './store'`: the project module's function, read from disk. ACCURACY.md counts an imported
      // call as able to throw, whatever its body; only an async or promise-returning one rejects instead.
      const sibling = this.siblingFunctionOf(callee, null);
      return !!sibling && rejectsInstead(sibling);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    const receiver = skipTypeWrappers(callee.object);
    if (spanReads.has(receiver)) return true;
    if (!method) return false;
    // `.then(f)`/`.catch(f)`/`.finally(f)` only register their callbacks: a failure comes back as a rejection.
    if (method === START_SPAN || QUIET_METHODS.has(method) || LISTENER_METHODS.has(method) || PROMISE_METHODS.has(method)) return true;
    if (ITERATION_METHODS.has(method)) return this.hasQuietCallback(call);
    // `this.setAttributionAttributes(span, report)`: the class's own method, read like a same-file function.
    if (receiver.type === AST_NODE_TYPES.ThisExpression) {
      const own = this.functions.resolve(callee);
      if (own) return this.isQuietCallee(own);
    }
    // `store.load(...)` of `import * as store from './store'`: the project module's function, async or not.
    if (receiver.type === AST_NODE_TYPES.Identifier) {
      const sibling = this.siblingFunctionOf(receiver, method);
      if (sibling) return rejectsInstead(sibling);
    }
    // `tracer.startActiveSpan(name, fn)`, `context.with(ctx, fn)`: the API runs `fn` at once and throws only if it
    // does; an async `fn` rejects instead of throwing.
    if (method === START_ACTIVE_SPAN) return this.hasQuietImmediateCallback(call.arguments.at(-1), true);
    if (method === CONTEXT_WITH && nameOf(receiver) === CONTEXT_API) return this.hasQuietImmediateCallback(call.arguments.at(CONTEXT_WITH_CALLBACK_INDEX));
    // dd-trace's `tracer.scope().activate(span, fn)`: likewise; `tracer.scope()` only hands out the scope manager.
    if (isScopeActivation(call)) return this.hasQuietImmediateCallback(call.arguments.at(SCOPE_ACTIVATE_CALLBACK_INDEX));
    const scopeUse = call.parent.parent;
    if (method === SCOPE_MANAGER && scopeUse?.type === AST_NODE_TYPES.CallExpression && isScopeActivation(scopeUse)) return true;
    // `logs.getLogger(name)` of `import { logs } from '@opentelemetry/api-logs'`: the API packages are built never to
    // throw, except where they run code they are given: `otelContext.with(ctx, fn)` (the API's `context` under another
    // name) throws when `fn` does. (An SDK package's helpers, `web.addSpanNetworkEvents(...)`, read as any import.)
    if (receiver.type === AST_NODE_TYPES.Identifier) {
      const source = this.functions.importSource(receiver);
      if (source && isOtelApiModule(source)) {
        return method === CONTEXT_WITH ? this.hasQuietImmediateCallback(call.arguments.at(CONTEXT_WITH_CALLBACK_INDEX)) : true;
      }
    }
    const receiverName = nameOf(receiver);
    if (!receiverName) {
      // `process.hrtime.bigint()`, `new Date().getTime()`
      if (receiver.type === AST_NODE_TYPES.NewExpression) return this.isQuietCall(receiver, spanReads);
      return receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'hrtime';
    }
    if (LOGGER_NAME.test(receiverName) || QUIET_STATIC_RECEIVERS.has(receiverName) || this.madeBy(receiver) === 'api') return true;
    // In a catch clause, a log call does not make a catch that swallows the error rethrow (ACCURACY.md: "a `try` whose
    // `catch` swallows everything" cannot throw).
    if (LOG_RECEIVER.test(receiverName) && cleanupAround(call, enclosingFunction(call) ?? this.sourceCode.ast).inCatch) return true;
    if ((INSTRUMENT_METHODS.has(method) || COLLECTION_METHODS.has(method)) && this.isQuietReceiver(receiverName)) return true;
    // `JSON.stringify(err.stack)`, `JSON.stringify(['online'])`: stringifying a string or literal data cannot throw
    // (arbitrary data can: a BigInt, a cycle, a throwing toJSON).
    // A replacer runs code of its own.
    if (receiverName === 'JSON' && method === 'stringify') return call.arguments.length <= 1 && (isStringValue(call.arguments[0]) || isLiteralData(call.arguments[0]));
    return QUIET_STATIC_CALLS.has(`${receiverName}.${method}`);
  }

  /**
   * The function `call` calls is known to return a promise: a same-file or project-module function that is `async`
   * or returns a promise chain or `new Promise(...)`.
   */
  callsPromiseFunction(call: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    const isAsync = (fn: FunctionNode | null | undefined): boolean => !!fn && (fn.async || returnsPromise(fn));
    if (callee.type === AST_NODE_TYPES.Identifier) return isAsync(this.functions.resolve(callee) ?? this.siblingFunctionOf(callee, null));
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const receiver = skipTypeWrappers(callee.object);
    // `this.save()` is the class's own method; `seen.add(id)` is not the file's `add()` just because the names match.
    if (receiver.type === AST_NODE_TYPES.ThisExpression) return isAsync(this.functions.resolve(callee));
    const method = memberName(callee);
    return receiver.type === AST_NODE_TYPES.Identifier && !!method && isAsync(this.siblingFunctionOf(receiver, method));
  }

  private hasQuietImmediateCallback(callback: TSESTree.Node | undefined, spanParam = false): boolean {
    return ASTUtils.isFunction(callback) && (callback.async || this.isQuietFunction(callback, spanParam));
  }

  /** `items.forEach((x) => { try {...} catch {...} })`: the callback's own throws are caught inside it. */
  private hasQuietCallback(call: TSESTree.CallExpression): boolean {
    const callback = call.arguments[0];
    if (!ASTUtils.isFunction(callback)) return false;
    return call.arguments.slice(1).every((arg) => !ASTUtils.isFunction(arg)) && this.isQuietFunction(callback);
  }

  /**
   * A function of a project module that `id` is imported from: `id` itself (`import { helper } from './utils'`),
   * or `method` of a namespace import (`import * as utils from './utils'`). Packages are not read.
   */
  siblingFunctionOf(id: TSESTree.Identifier, method: string | null): FunctionNode | null {
    const binding = this.functions.importBinding(id);
    if (!binding || isOtelModule(binding.source)) return null;
    const name = method ?? binding.imported;
    if (!name) return null;
    // Once per module and name in this file: the same helper is asked about at every call, for every span; and the
    // module is found on disk once per file, whichever of its functions are asked about.
    const key = `${binding.source}\0${name}`;
    let found = this.siblings.get(key);
    if (found === undefined) {
      let module = this.modules.get(binding.source);
      if (module === undefined) {
        module = siblingModule(this.filename, binding.source);
        this.modules.set(binding.source, module);
      }
      found = module ? moduleFunction(module, name) : null;
      this.siblings.set(key, found);
    }
    return found;
  }

  /** A same-file function a call runs: an async or promise-returning one rejects rather than throws, any other must have a body that cannot throw. */
  private isQuietCallee(fn: FunctionNode): boolean {
    return rejectsInstead(fn) || this.isQuietFunction(fn);
  }

  private isQuietFunction(fn: FunctionNode, spanParam = false): boolean {
    const known = this.quietFunctions.get(fn);
    if (known !== undefined) return known;
    this.quietFunctions.set(fn, true);
    // A `startActiveSpan` callback's parameter is the span it started: its methods are the span's.
    const reads = spanParam ? this.parameterReads(fn) : NO_READS;
    // Default parameter values run at the call too.
    const quiet =
      !fn.generator && fn.params.every((param) => this.isQuietRegion(param, NO_READS)) && this.isQuietRegion(fn.body, reads);
    this.quietFunctions.set(fn, quiet);
    return quiet;
  }

  /** The references to a function's first parameter (`(span) => { span.end(); }`). */
  private parameterReads(fn: FunctionNode): ReadonlySet<TSESTree.Node> {
    const variable = parameterVariable(this.sourceCode, fn, 0);
    return variable ? new Set(variable.references.map((reference) => reference.identifier)) : NO_READS;
  }

  /**
   * No `throw`, `await`, `yield`, tagged template, or call that may throw runs in `node` (nested functions do not
   * run here; a `try` block with a `catch` catches whatever its block throws, so only the clause is checked).
   */
  private isQuietRegion(node: TSESTree.Node, spanReads: ReadonlySet<TSESTree.Node>, rethrown: string | null = null): boolean {
    return this.throwIn(node, spanReads, rethrown) === null;
  }

  /**
   * `only`: what may be named (all that can fail, else); `judgeAwaits`: an `await` that cannot reject (isQuietAwait) is
   * passed over, where a region's quietness (isQuietRegion) counts every `await`.
   */
  private throwIn(
    node: TSESTree.Node,
    spanReads: ReadonlySet<TSESTree.Node>,
    rethrown: string | null = null,
    search: { only?: (current: TSESTree.Node) => boolean; judgeAwaits?: boolean } = {},
  ): TSESTree.Node | null {
    const nested = (current: TSESTree.Node): boolean => current !== node && ASTUtils.isFunction(current);
    const mayThrow = (current: TSESTree.Node): boolean => {
      if (nested(current)) return false;
      switch (current.type) {
        case AST_NODE_TYPES.ThrowStatement:
          // `throw error` of the caught error, when asked about a catch clause: judged with its try block below.
          return !(rethrown !== null && current.argument.type === AST_NODE_TYPES.Identifier && current.argument.name === rethrown);
        case AST_NODE_TYPES.AwaitExpression:
          return !search.judgeAwaits || !this.isQuietAwait(current, spanReads);
        case AST_NODE_TYPES.YieldExpression:
        case AST_NODE_TYPES.TaggedTemplateExpression:
          return true;
        case AST_NODE_TYPES.TryStatement: {
          const handler = current.handler;
          if (!handler) return false;
          if (current.finalizer && !this.isQuietRegion(current.finalizer, spanReads)) return true;
          if (this.isQuietRegion(handler.body, spanReads)) return false;
          // `catch (error) { span.recordException(error); throw error; }`: it throws only what its try block threw
          // (a function wrap-spans has wrapped stays as quiet as it was).
          const param = handler.param?.type === AST_NODE_TYPES.Identifier ? handler.param.name : null;
          return !param || !this.isQuietRegion(handler.body, spanReads, param) || !this.isQuietRegion(current.block, spanReads);
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          return !this.isQuietCall(current, spanReads);
        default:
          return false;
      }
    };
    // A `try` with a `catch`: its clause and finally block were judged above, its block is caught.
    const descend = (current: TSESTree.Node): boolean => !nested(current) && !(current.type === AST_NODE_TYPES.TryStatement && current.handler);
    const only = search.only;
    return findNode(node, this.sourceCode.visitorKeys, only ? (current) => only(current) && mayThrow(current) : mayThrow, descend);
  }
}

const NO_READS: ReadonlySet<TSESTree.Node> = new Set();


/**
 * A function that hands back a promise it makes with `new Promise(...)` (a sleep helper: `(ms) => new Promise((r) =>
 * setTimeout(r, ms))`, `const p = new Promise(...); return p;`), from any of its own returns.
 */
function handsBackNewPromise(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const isNewPromise = (node: TSESTree.Node | null | undefined): boolean => {
    const value = node && skipValueWrappers(node);
    if (value && isNewPromiseExpression(value)) return true;
    if (value?.type !== AST_NODE_TYPES.Identifier) return false;
    const def = ASTUtils.findVariable(sourceCode.getScope(value), value)?.defs[0];
    return def?.node.type === AST_NODE_TYPES.VariableDeclarator && isNewPromise(def.node.init);
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return isNewPromise(fn.body);
  let found = false;
  walk(fn.body, sourceCode.visitorKeys, (node) => {
    if (found || ASTUtils.isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && isNewPromise(node.argument)) found = true;
    return undefined;
  });
  return found;
}

const isNewPromiseExpression = (value: TSESTree.Node): boolean =>
  value.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === 'Promise';

/**
 * The promise a function hands back as its body or its only statement (`function f() { return new Promise(...) }`,
 * `() => fetch(url).then(...)`, `return tracer.startActiveSpan('x', async (span) => {...})`), or null.
 */
function returnedPromise(fn: FunctionNode): TSESTree.Node | null {
  const promise = (node: TSESTree.Node | null | undefined): TSESTree.Node | null => {
    const value = node && skipValueWrappers(node);
    if (!value) return null;
    if (isNewPromiseExpression(value)) return value;
    if (value.type !== AST_NODE_TYPES.CallExpression) return null;
    const method = memberName(skipValueWrappers(value.callee)) ?? '';
    if (['then', 'catch', 'finally'].includes(method)) return value;
    // `return tracer.startActiveSpan('x', async (span) => {...})`: the callback's promise is the result.
    const callback = value.arguments.at(-1);
    return method === START_ACTIVE_SPAN && ASTUtils.isFunction(callback) && callback.async ? value : null;
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return promise(fn.body);
  const only = fn.body.body.length === 1 ? fn.body.body[0] : undefined;
  return only?.type === AST_NODE_TYPES.ReturnStatement ? promise(only.argument) : null;
}

/** A function that hands back a promise: it rejects rather than throws. */
const returnsPromise = (fn: FunctionNode): boolean => returnedPromise(fn) !== null;

function isStringValue(node: TSESTree.Node | undefined): boolean {
  if (!node) return true;
  if (node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral) return true;
  return /^(stack|message|name)$/.test(memberName(skipValueWrappers(node)) ?? '');
}

/** An array or object literal of strings, numbers, booleans and null (no BigInt, spread, method or computed key). */
function isLiteralData(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return !('bigint' in node && node.bigint);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.length === 0;
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element !== null && isLiteralData(element));
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.every(
        (property) => property.type === AST_NODE_TYPES.Property && property.kind === 'init' && !property.method && !property.computed && isLiteralData(property.value),
      );
    default:
      return false;
  }
}

const rejectsInstead = (fn: FunctionNode): boolean => fn.async || returnsPromise(fn);

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
  for (let current = node.parent; current && current !== owner && !ASTUtils.isFunction(current); current = current.parent) {
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
  for (let current = node.parent; current && current !== owner && !ASTUtils.isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && child === current.block && current.handler) return current.handler;
    child = current;
  }
  return null;
}

/**
 * A `break`/`continue` that leaves a `try` whose `finally` ends the span. ESLint's code paths send these jumps
 * straight to their target, past the `finally` block that really runs on the way.
 */
export function jumpsThroughEndingFinally(
  jump: TSESTree.BreakStatement | TSESTree.ContinueStatement,
  finallyEnds: (tryStatement: TSESTree.TryStatement) => boolean,
): boolean {
  let child: TSESTree.Node = jump;
  for (let current: TSESTree.Node | undefined = jump.parent; current && !ASTUtils.isFunction(current); current = current.parent) {
    const isTarget = jump.label
      ? current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === jump.label.name
      : isLoop(current) || (jump.type === AST_NODE_TYPES.BreakStatement && current.type === AST_NODE_TYPES.SwitchStatement);
    if (isTarget) return false;
    if (current.type === AST_NODE_TYPES.TryStatement && child !== current.finalizer && finallyEnds(current)) return true;
    child = current;
  }
  return false;
}
