/**
 * Everything both span rules need to know about one span, computed once per span from the recorded code path:
 * its binding (scope analysis), its uses (ends, hand-offs), the leaks a path search finds, and the errors that
 * can be thrown while it is open (into which catch clause, or out of the function).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { canCompleteNormally, cleanupAround, contains, type FunctionNode, isNullish, memberName, skipTypeWrappers, some } from '../ast.js';
import { findLeaks, type ErrorExit, type Leak, type SpanFacts } from './path-search.js';
import { planPromiseChains, type PromisePlan } from './promise-chains.js';
import type { CodePathRecord, EventPosition, TrackedSpan } from './recorder.js';
import { collectSpanUses, placeImmediateEscapes, reachesActiveSpan, testedIdentifier, type SpanUses } from './span-uses.js';
import type { ThrowAnalysis } from './throws.js';

export type EndVerdict =
  | { kind: 'neverEnded' }
  | { kind: 'leaks'; leak: Leak }
  | { kind: 'tryAndCatch'; tryStatement: TSESTree.TryStatement };

export interface Binding {
  variable: TSESLint.Scope.Variable;
  starts: readonly EventPosition[];
  /** Source index from which the span exists. */
  spanStart: number;
}

export interface SpanAnalysis {
  span: TrackedSpan;
  record: CodePathRecord;
  /** Null when the span is not bound to a variable of this function (we cannot follow it). */
  binding: Binding | null;
  uses: SpanUses | null;
  /** Returned, stored, or given to something that ends it: whoever has it now ends it. */
  handedOff: boolean;
  /** What end-span-in-finally reports; null when the span is fine or not ours to judge. */
  end: EndVerdict | null;
  facts: SpanFacts | null;
  /** Throws that can happen while the span is open and leave the function (maybe through a finally that ends it). */
  errorExits: ErrorExit[];
  /** Catch clauses a throw reaches while the span is open, with the first throw that gets there. */
  catchesReached: Map<TSESTree.CatchClause, TSESTree.Node>;
  /** Recorded events reached while the span is open. */
  openEvents: Set<TSESTree.Node>;
  /** Promise chains that end the span on success and have no rejection handler: a rejection leaves it open, unrecorded. */
  unhandledRejections: PromisePlan['unhandledRejections'];
}

function bindingOf(sourceCode: Readonly<TSESLint.SourceCode>, record: CodePathRecord, span: TrackedSpan): Binding | null {
  const { creation } = span;
  const spanId = creation.spanId;
  if (!spanId) return null;
  let variable: TSESLint.Scope.Variable | null | undefined;
  let starts: readonly EventPosition[] | undefined;
  let spanStart: number;
  if (span.startsAtEntry && creation.callback) {
    variable = sourceCode.getDeclaredVariables(creation.callback).find((v) => v.name === spanId.name);
    starts = [{ segment: record.codePath.initialSegment, index: -1 }];
    spanStart = creation.callback.body.range[0];
  } else {
    const parent = spanId.parent;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.operator !== '=') return null; // `span ??= ...`
    // `export const span = ...`: the module hands it out.
    if (parent.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return null;
    variable =
      parent.type === AST_NODE_TYPES.VariableDeclarator
        ? sourceCode.getDeclaredVariables(parent).find((v) => v.name === spanId.name)
        : ASTUtils.findVariable(sourceCode.getScope(spanId), spanId);
    starts = record.creationPositions.get(creation.call);
    spanStart = creation.call.range[1];
  }
  // A variable of an outer function is shared state: whoever else sees it may end the span.
  if (!variable || !starts || starts.length === 0 || variable.scope.variableScope.block !== record.owner) return null;
  return { variable, starts, spanStart };
}

/**
 * Inside the block or catch of an outer try whose finally ends the span: every path is ended there, and an end in
 * the inner catch is a double end (no-span-use-after-end's report), not the end written twice instead of a finally.
 */
function insideEndingTry(tryStatement: TSESTree.TryStatement, owner: TSESTree.Node, facts: SpanFacts): boolean {
  let child: TSESTree.Node = tryStatement;
  for (let current: TSESTree.Node | undefined = tryStatement.parent; current && current !== owner && !ASTUtils.isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer !== child && facts.finallyEnds(current)) return true;
    child = current;
  }
  return false;
}

const leakOrder = (leak: Leak, owner: TSESTree.Node): number => (leak.node ? leak.node.range[0] : owner.range[1]);

/**
 * A try statement whose catch clause ends the span while the success path ends it separately (in the try block,
 * or after the try statement), with no finally that ends it: the end() written twice instead of once in finally.
 */
function tryAndCatchEnding(
  uses: SpanUses,
  owner: TSESTree.Node,
  facts: SpanFacts,
  reached: (end: TSESTree.Node) => boolean = () => true,
): TSESTree.TryStatement | null {
  const ends = [...uses.directEnds].filter(reached);
  // Also in a function that may return a promise (`if (result instanceof Promise) { void result.then(end, fail) }
  // else { span.end() }` after the try): ACCURACY.md counts an end after the try and one in the catch as the same
  // shape. A flag that the promise branch sets, read in finally, ends a synchronous result once (wrap-spans writes so).
  for (const end of ends) {
    const handler = enclosingCatchClause(end, owner);
    const tryStatement = handler?.parent;
    if (!handler || !tryStatement || facts.finallyEnds(tryStatement) || insideEndingTry(tryStatement, owner, facts)) continue;
    // An end after the try counts only when the try block can finish normally (`try { return work().then(end) }`
    // never gets there: the end after it belongs to another path).
    const afterTryReached = canCompleteNormally(tryStatement.block);
    const successEnd = ends.some(
      (other) =>
        contains(tryStatement.block, other) ||
        (afterTryReached && other.range[0] >= tryStatement.range[1] && !enclosingCatchClause(other, owner)),
    );
    if (successEnd) return tryStatement;
  }
  return null;
}


/** The catch clause (in the same function) around `node`. */
function enclosingCatchClause(node: TSESTree.Node, owner: TSESTree.Node): TSESTree.CatchClause | null {
  for (let current = node.parent; current && current !== owner && !ASTUtils.isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return current;
  }
  return null;
}

/** The nearest `try` statement (in the same function) whose try block contains `node`. */
export function enclosingTryBlock(node: TSESTree.Node, owner: TSESTree.Node): TSESTree.TryStatement | null {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner && !ASTUtils.isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && child === current.block) return current;
    child = current;
  }
  return null;
}

/** Path facts for a span without a variable: nothing here ends it, anything that is not quiet can throw. */
function activeSpanFacts(throws: ThrowAnalysis, owner: TSESTree.Node): SpanFacts {
  const noReads: ReadonlySet<TSESTree.Node> = new Set();
  return {
    owner,
    isEnd: () => false,
    isAgain: () => false,
    canThrow: (node) =>
      node.type === AST_NODE_TYPES.AwaitExpression ||
      ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && !throws.isQuietCall(node, noReads)),
    endsOnResolve: () => false,
    handles: () => false,
    finallyEnds: () => false,
  };
}

export function analyzeSpan(
  sourceCode: Readonly<TSESLint.SourceCode>,
  throws: ThrowAnalysis,
  record: CodePathRecord,
  span: TrackedSpan,
  recordOf: (fn: FunctionNode) => CodePathRecord | undefined,
): SpanAnalysis {
  const analysis: SpanAnalysis = {
    span,
    record,
    binding: null,
    uses: null,
    handedOff: false,
    end: null,
    facts: null,
    errorExits: [],
    catchesReached: new Map(),
    openEvents: new Set(),
    unhandledRejections: [],
  };
  const { creation } = span;
  const callback = creation.callback;
  if (creation.autoEnding) return analysis;
  if (span.startsAtEntry && callback && !creation.spanId) {
    // `startActiveSpan('x', () => {...})`: nothing can end the span unless the body fetches it.
    if (callback.params.length === 0 && !reachesActiveSpan(sourceCode, callback.body) && creation.certain) analysis.end = { kind: 'neverEnded' };
    // Where errors go while it runs, for record-span-errors (the span is reached as the active span).
    const search = findLeaks(record, [{ segment: record.codePath.initialSegment, index: -1 }], activeSpanFacts(throws, record.owner));
    analysis.errorExits = search.errorExits;
    analysis.catchesReached = search.catchesReached;
    analysis.openEvents = search.openEvents;
    return analysis;
  }
  const binding = bindingOf(sourceCode, record, span);
  if (!binding) return analysis;
  analysis.binding = binding;
  const owner = record.owner;
  const uses = collectSpanUses(binding.variable, owner, creation.call, throws.functions, creation.endMethod);
  analysis.uses = uses;
  const immediate = onlyImmediateEnding(uses);
  if (!immediate) placeImmediateEscapes(uses);
  // A wrapper that only hands its span to the caller's callback (`return fn(span)`) gives it away entirely.
  analysis.handedOff = uses.handedOff || (uses.passedToCallback && uses.directEnds.size === 0 && uses.endingClosures.size === 0);

  const { facts, plan } = spanFacts(uses, owner, creation.call, throws);
  analysis.facts = facts;
  analysis.unhandledRejections = plan.unhandledRejections;

  if (immediate) return analyzeInImmediateClosure(analysis, { binding, uses, facts }, immediate, recordOf(immediate), throws);

  const found = findLeaks(record, binding.starts, facts);
  // `if (!span) return work();` of a span that may be missing (`tracer?.startSpan(...)`), or `if (!span.isRecording())
  // return;` of a span that records nothing (sampled out): nothing open to leak there.
  const missing = (node: TSESTree.Node | null): boolean => !!node && (inMissingSpanBranch(node, uses, owner) || whenNotRecording(node, uses));
  const search = {
    ...found,
    leaks: found.leaks.filter((leak) => !missing(leak.node)),
    errorExits: found.errorExits.filter((exit) => !missing(exit.node)),
  };
  analysis.errorExits = search.errorExits;
  analysis.catchesReached = search.catchesReached;
  analysis.openEvents = search.openEvents;
  // Handed to the caller's callback and ended here only on error: on success the callback's owner ends it.
  if (uses.passedToCallback && !endsOnSuccess(uses, owner)) return analysis;
  if (analysis.handedOff) {
    // Handed off in ways the code path places (not a wrapper, an assignment, a closure run elsewhere).
    const placed = uses.escapes ? uses.escapePoints !== null : uses.laterEnds.size > 0;
    if (placed) analysis.end = beforeHandOff(record, binding, uses, facts);
    return analysis;
  }
  if (uses.directEnds.size === 0 && uses.endingClosures.size === 0) {
    // Put into a context, passed to a function we cannot see into, or fetched back as the active span: it may be ended there.
    const reachedOtherwise = !!callback && span.startsAtEntry && reachesActiveSpan(sourceCode, callback.body);
    // A tracer known only by the project-tracer heuristic may end its spans itself: a span never ended is its design.
    if (!uses.putInContext && !uses.passedOn && !reachedOtherwise && uses.immediateEnds.size === 0 && creation.certain) {
      analysis.end = { kind: 'neverEnded' };
    }
    return analysis;
  }

  // Ended only in a promise chain the function hands back (`return work().finally(() => span.end())`): a synchronous
  // throw of the call that starts the work is possible but not certain, and such code is callback-style by design.
  const leaks = callbackStyleLeaks(search.leaks, uses, plan);
  leaks.sort((a, b) => leakOrder(a, owner) - leakOrder(b, owner));

  analysis.end = endVerdict(leaks, uses, owner, facts);
  return analysis;
}

/** Inside `if (!span) {...}` or `if (span == null) {...}` (the branch where the span is missing). */
function inMissingSpanBranch(node: TSESTree.Node, uses: SpanUses, owner: TSESTree.Node): boolean {
  const isSpan = (value: TSESTree.Node): boolean => uses.reads.has(skipTypeWrappers(value));
  for (let child = node, current = node.parent; current && current !== owner && !ASTUtils.isFunction(current); child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.IfStatement || current.consequent !== child) continue;
    const test = skipTypeWrappers(current.test);
    if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && isSpan(test.argument)) return true;
    if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '==' || test.operator === '===') && isSpan(test.left) && isNullish(test.right)) {
      return true;
    }
  }
  return false;
}

/**
 * A span handed off here is the taker's, but until the hand-off it is still this function's: a `return` before it
 * leaves the span with nobody. The hand-offs placed in the code path: closures made here that end it later
 * (`req.on('done', () => span.end())`), and, for a span returned or stored, the `return span` or the call storing it
 * (`this.spans.set(id, span)`). Only what is certain is a leak: a `return` or a `throw` (a catch that rethrows
 * without ending the span), and an `await` that rejects. Calls that may throw synchronously are not reported here
 * (tried: more false reports than leaks found, docs/accuracy.md). A path that never hands the span off and ends it in
 * a `try` tail and again in its catch is that shape (`if (stream) return streamSSE(c, async () => { try {…} finally {
 * span.end(); } }); try { …; span.end(); } catch (e) { …; span.end(); }`), unless that `try` holds a hand-off too.
 */
function beforeHandOff(record: CodePathRecord, binding: Binding, uses: SpanUses, facts: SpanFacts): EndVerdict | null {
  // A function declaration exists from the start (hoisted), and a closure made before the span may end it whenever.
  if ([...uses.laterEnds].some((fn) => fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.range[0] < binding.spanStart)) return null;
  const handOffs = new Set<TSESTree.Node>([...uses.laterEnds, ...(uses.escapePoints ?? [])]);
  const search = findLeaks(record, binding.starts, { ...facts, isEnd: (node) => handOffs.has(node) || facts.isEnd(node) });
  const leak = search.leaks.find(
    (candidate) =>
      (candidate.kind === 'exit' &&
        (candidate.node?.type === AST_NODE_TYPES.ReturnStatement || candidate.node?.type === AST_NODE_TYPES.ThrowStatement) &&
        !whenNotRecording(candidate.node, uses) &&
        // `if (!span) return noopHandle;` of a span a factory may not make (`tracer?.startSpan`, a disabled toggle).
        !inMissingSpanBranch(candidate.node, uses, record.owner)) ||
      (candidate.kind === 'throw' && candidate.node.type === AST_NODE_TYPES.AwaitExpression),
  );
  if (leak) return { kind: 'leaks', leak };
  const tryStatement = tryAndCatchEnding(uses, record.owner, facts, (end) => search.openEvents.has(end));
  // A hand-off inside that try (`if (stream) return wrapStream(res, span);`, `sessions.set(id, span)`) is a span
  // `finally` must not end: the early `end()` there is the only way to write it.
  if (!tryStatement || some(handOffs, (handOff) => contains(tryStatement, handOff))) return null;
  return { kind: 'tryAndCatch', tryStatement };
}

/** Under `if (!span.isRecording())`: a span that records nothing has nothing to end. */
function whenNotRecording(node: TSESTree.Node, uses: SpanUses): boolean {
  for (let child = node, current = node.parent; current && !ASTUtils.isFunction(current); child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.IfStatement || current.consequent !== child) continue;
    const test = current.test;
    if (
      test.type === AST_NODE_TYPES.UnaryExpression &&
      test.operator === '!' &&
      test.argument.type === AST_NODE_TYPES.CallExpression &&
      test.argument.callee.type === AST_NODE_TYPES.MemberExpression &&
      memberName(test.argument.callee) === 'isRecording' &&
      uses.reads.has(skipTypeWrappers(test.argument.callee.object))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Ended only in a promise chain (`return work().then(() => span.end())`): callback-style code by design. A
 * synchronous throw of the call that starts the work, or a rejection the chain does not handle, is possible but not
 * certain: only exits, awaits and a rejection handler written in the chain that does not end the span are reported.
 * Otherwise the chain's unhandled rejection is a leak of its own.
 */
function callbackStyleLeaks(leaks: Leak[], uses: SpanUses, plan: PromisePlan): Leak[] {
  const chainEnded = uses.directEnds.size === 0 && uses.endingClosures.size > 0;
  if (chainEnded) {
    const certain = leaks.filter((leak) => !(leak.kind === 'throw' && leak.node.type !== AST_NODE_TYPES.AwaitExpression));
    return [...certain, ...plan.handledRejectionLeaks.map((node): Leak => ({ kind: 'reject', node }))];
  }
  return [...leaks, ...plan.rejectionLeaks.map((node): Leak => ({ kind: 'reject', node }))];
}

/** Exits and re-creations first: they are plain bugs. Then the fragile try/catch pattern, then throws. */
function endVerdict(leaks: Leak[], uses: SpanUses, owner: TSESTree.Node, facts: SpanFacts): EndVerdict | null {
  const exit = leaks.find((leak) => leak.kind === 'exit' || leak.kind === 'again');
  const tryStatement = exit ? null : tryAndCatchEnding(uses, owner, facts);
  // Name the most plausible failure: an await (I/O) before a plain call.
  const leak =
    exit ??
    leaks.find((l) => l.kind === 'throw' && l.node.type === AST_NODE_TYPES.AwaitExpression) ??
    leaks.find((l) => l.kind === 'throw') ??
    leaks.find((l) => l.kind === 'reject');
  if (tryStatement) return { kind: 'tryAndCatch', tryStatement };
  return leak ? { kind: 'leaks', leak } : null;
}

/** Some `end()` of the span runs outside a catch clause: the success path ends it too. */
function endsOnSuccess(uses: SpanUses, owner: TSESTree.Node): boolean {
  return [...uses.directEnds].some((end) => !cleanupAround(end, owner).inCatch);
}

/** The one callback run at once (`context.with(ctx, () => {...})`) that ends the span, when nothing else does. */
function onlyImmediateEnding(uses: SpanUses): FunctionNode | null {
  if (uses.handedOff || uses.directEnds.size > 0 || uses.endingClosures.size > 0) return null;
  // Ended, or handed off (`return relay(span, stream)`), in that one callback only.
  const closures = new Set([...uses.immediateEnds, ...uses.immediateEscapes]);
  return closures.size === 1 ? [...closures][0] : null;
}

/**
 * A span started here and ended inside a callback that runs at once (`context.with(trace.setSpan(ctx, span),
 * async () => { try { ... } finally { span.end() } })`): judged as if it started at the callback's entry, plus
 * whatever can throw between its start and the callback. `outer`: the binding, uses and facts found in the span's
 * own function.
 */
function analyzeInImmediateClosure(
  analysis: SpanAnalysis,
  outer: { binding: Binding; uses: SpanUses; facts: SpanFacts },
  closure: FunctionNode,
  inner: CodePathRecord | undefined,
  throws: ThrowAnalysis,
): SpanAnalysis {
  const { binding, facts: outerFacts } = outer;
  if (!inner) return analysis;
  // Before the callback: the callback's creation closes the span's outer part.
  const before = findLeaks(analysis.record, binding.starts, { ...outerFacts, isEnd: (node) => node === closure || outerFacts.isEnd(node) });
  const uses = collectSpanUses(binding.variable, closure, analysis.span.creation.call, throws.functions, analysis.span.creation.endMethod);
  const { facts, plan } = spanFacts(uses, closure, analysis.span.creation.call, throws);
  const starts = [{ segment: inner.codePath.initialSegment, index: -1 }];
  const within = findLeaks(inner, starts, facts);
  Object.assign(analysis, {
    record: inner,
    binding: { ...binding, starts },
    facts,
    uses: { ...uses, reads: new Set([...outer.uses.reads, ...uses.reads]) },
    errorExits: [...before.errorExits, ...within.errorExits],
    catchesReached: new Map([...before.catchesReached, ...within.catchesReached]),
    openEvents: new Set([...before.openEvents, ...within.openEvents]),
    unhandledRejections: plan.unhandledRejections,
  });
  // Handed to the caller's callback and ended in the callback only on error, as in the span's own function.
  if (uses.passedToCallback && !endsOnSuccess(uses, closure)) return analysis;
  if (uses.handedOff) {
    // Handed off inside the callback (`return handleStream(span, stream)`): a rethrow or return before that leaks.
    analysis.handedOff = true;
    if (uses.escapes && uses.escapePoints !== null) analysis.end = beforeHandOff(inner, { ...binding, starts }, uses, facts);
    return analysis;
  }
  const leaks = callbackStyleLeaks([...before.leaks.filter((leak) => leak.kind === 'throw'), ...within.leaks], uses, plan);
  leaks.sort((a, b) => leakOrder(a, closure) - leakOrder(b, closure));
  analysis.end = endVerdict(leaks, uses, closure, facts);
  return analysis;
}

/** The path facts of one span in one function: what ends it, what can throw, which finally blocks end it. */
function spanFacts(
  uses: SpanUses,
  owner: TSESTree.Node,
  creationCall: TSESTree.CallExpression | TSESTree.NewExpression,
  throws: ThrowAnalysis,
): { facts: SpanFacts; plan: PromisePlan } {
  const plan = planPromiseChains(uses.endingClosures);
  // Asked for every event on every path: the ends and reads as arrays once, the finally verdicts once per try.
  const directEnds = [...uses.directEnds];
  const reads = [...uses.reads];
  const endsWithin = (node: TSESTree.Node): boolean => directEnds.some((end) => contains(node, end));
  const endingFinally = new Map<TSESTree.TryStatement, boolean>();
  const handling = new Map<TSESTree.CatchClause, boolean>();
  const testsSpan = (test: TSESTree.Node): boolean => {
    const identifier = testedIdentifier(test);
    return !!identifier && uses.reads.has(identifier);
  };
  const facts: SpanFacts = {
    owner,
    isEnd: (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
          // `work().then(handleSuccess, handleError)` with named closures that end it: the call is where they are handed over.
          return uses.directEnds.has(node) || plan.endingFunctions.has(node);
        case AST_NODE_TYPES.IfStatement:
          return testsSpan(node.test) && endsWithin(node.consequent);
        case AST_NODE_TYPES.LogicalExpression:
          return testsSpan(node.left) && endsWithin(node.right);
        case AST_NODE_TYPES.ChainExpression:
          return endsWithin(node);
        case AST_NODE_TYPES.BlockStatement:
          // `if (!span) { return work(); }`: no span on that branch (a tracer that may hand out none), nothing to end.
          if (node.parent.type === AST_NODE_TYPES.IfStatement) return inMissingSpanBranch(node, uses, owner);
          return node.parent.type === AST_NODE_TYPES.TryStatement && facts.finallyEnds(node.parent);
        default:
          // A closure ending the span in a promise chain, or a callback run at once that ends it (`context.with`).
          return plan.endingFunctions.has(node) || uses.immediateEnds.has(node as FunctionNode);
      }
    },
    isAgain: (node) => node === creationCall || uses.recreations.has(node),
    canThrow: (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          return !throws.isQuietCall(node, uses.reads) && !plan.quietChains.some((chain) => contains(chain, node));
        case AST_NODE_TYPES.AwaitExpression:
          return !plan.rejectionEnds.has(node) && !throws.isQuietAwait(node, uses.reads);
        case AST_NODE_TYPES.YieldExpression:
          return true; // the consumer may stop (`return()`) or `throw()` into the generator here
        default:
          return false;
      }
    },
    endsOnResolve: (node) => plan.endsOnResolve.has(node),
    handles: (clause) => {
      let handles = handling.get(clause);
      if (handles === undefined) {
        handles = reads.some((read) => contains(clause.body, read));
        handling.set(clause, handles);
      }
      return handles;
    },
    finallyEnds: (tryStatement) => {
      let ends = endingFinally.get(tryStatement);
      if (ends === undefined) {
        const finalizer = tryStatement.finalizer;
        ends = !!finalizer && directEnds.some((end) => contains(finalizer, end));
        endingFinally.set(tryStatement, ends);
      }
      return ends;
    },
  };
  return { facts, plan };
}
