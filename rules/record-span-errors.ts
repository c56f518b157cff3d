/**
 * otel/record-span-errors: every error path inside an OpenTelemetry span's scope (a catch clause, or a promise
 * `.catch(fn)` / `.then(_, fn)` on work inside it) records the exception and sets ERROR status on that span.
 * Analyses live in ./record-span-errors/ (span ownership, effects and helpers, suggestion text).
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { API_MODULE, packageSpecifier, recordsException, RUNS_INSTRUMENTED_CODE, SPAN_END, SPAN_SET_STATUS, SPAN_STATUS_CODE_ENUM } from '../src/otel/api.js';
import {
  calleeName,
  chainTop,
  cleanupAround,
  contains,
  enclosingFunction,
  type FunctionNode,
  isLiteralTrue,
  isTimerCallback,
  ITERATION_METHODS,
  LISTENER_METHODS,
  memberName,
  nameOf,
  outerExpression,
  PROMISE_METHODS,
  receiverOf,
  skipTypeWrappers,
  skipValueWrappers,
  some,
} from '../src/otel/ast.js';
import type { SpanAnalysis } from '../src/otel/span-model/analyze.js';
import { spanRuleListeners, useSpanModel } from '../src/otel/span-model/model.js';
import { declaredFunction } from '../src/otel/span-model/local-functions.js';
import { runsImmediately } from '../src/otel/span-model/span-uses.js';
import { catchingClause } from '../src/otel/span-model/throws.js';
import { TRACER_SETTINGS_SCHEMA, tracerSettings, type TracerSettings } from '../src/otel/tracer-evidence.js';
import { propertyKeyName } from '../src/otel/bindings.js';
import { createRule } from '../src/util/create-rule.js';
import { boundNames, isConsumed, paramIdentifier } from './record-span-errors/ast.js';
import {
  answersClientError,
  answersServerError,
  BOTH,
  EffectsAnalyzer,
  errorUse,
  isLogCall,
  RECORD,
  STATUS,
  StatusNames,
  type BodyFacts,
  type ErrorUse,
  type SpanRef,
} from './record-span-errors/effects.js';
import { SuggestionWriter } from './record-span-errors/suggestions.js';

export interface Options extends Partial<TracerSettings> {
  requireRecordException?: boolean;
  errorHelpers?: string[];
}

export type MessageIds =
  | 'missingRecordAndStatus'
  | 'missingRecordException'
  | 'missingErrorStatus'
  | 'missingCatch'
  | 'errorEscapes'
  | 'helperMissingRecordException'
  | 'helperMissingErrorStatus'
  | 'okStatusInCatch'
  | 'unhandledRejection'
  | 'foreignErrorNotRecorded'
  | 'foreignErrorHalfRecorded'
  | 'foreignErrorEscapes'
  | 'foreignMissingCatch'
  | 'foreignUnhandledRejection'
  | 'suggestRecordAndStatus'
  | 'suggestRecordException'
  | 'suggestErrorStatus'
  | 'suggestCatch'
  | 'suggestErrorInsteadOfOk'
  | 'suggestRejectionHandler';

const MISSING_MESSAGE: Record<number, MessageIds> = {
  [BOTH]: 'missingRecordAndStatus',
  [RECORD]: 'missingRecordException',
  [STATUS]: 'missingErrorStatus',
};
/**
 * Another tracing API's span (SpanCreation.foreign: OpenTracing's, a library's own) has no recordException or
 * OpenTelemetry status to name: these messages say what is missing in its own terms.
 */
const FOREIGN_MESSAGE: Partial<Record<MessageIds, MessageIds>> = {
  missingRecordAndStatus: 'foreignErrorNotRecorded',
  missingRecordException: 'foreignErrorHalfRecorded',
  missingErrorStatus: 'foreignErrorHalfRecorded',
  helperMissingRecordException: 'foreignErrorHalfRecorded',
  helperMissingErrorStatus: 'foreignErrorHalfRecorded',
  errorEscapes: 'foreignErrorEscapes',
  missingCatch: 'foreignMissingCatch',
  unhandledRejection: 'foreignUnhandledRejection',
};
const messageFor = (span: SpanAnalysis, id: MessageIds): MessageIds => (span.span.creation.foreign ? (FOREIGN_MESSAGE[id] ?? id) : id);
const SUGGEST_MESSAGE: Record<number, MessageIds> = {
  [BOTH]: 'suggestRecordAndStatus',
  [RECORD]: 'suggestRecordException',
  [STATUS]: 'suggestErrorStatus',
};

/** An error callback (see errorCallbackOf) and, for an error listener, the call that registers it. */
interface ErrorCallback {
  fn: FunctionNode;
  body: TSESTree.Node;
  param: TSESTree.Parameter;
  registration?: TSESTree.CallExpression;
}

/** An error path: a catch clause, or an inline promise rejection handler. */
interface ErrorPath {
  owner: SpanAnalysis;
  body: TSESTree.Node;
  /** The parameter that receives the error (catch param, handler's first param). */
  param: TSESTree.Node | null;
  variables: readonly TSESLint.Scope.Variable[];
  /** Where a rethrow starts its way outwards, for the "an outer catch of the same span records" question; null: it escapes. */
  rethrowFrom: TSESTree.Node | null;
  loc: TSESTree.SourceLocation;
  catchClause: boolean;
  /** The span variable surely holds the span here, so suggested code may use it. */
  spanIsSet: boolean;
  /** For a listener declared first and registered later (`socket.once('error', onError)`): the registering call. */
  registration?: TSESTree.CallExpression;
}

export default createRule<[Options], MessageIds>({
  name: 'record-span-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require error paths inside an OpenTelemetry span to record the exception and set ERROR status',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      missingRecordAndStatus:
        "This error path leaves span '{{span}}' (started on line {{line}}) without recordException(err) and ERROR status, so the failure is exported as a success.",
      missingRecordException:
        "This error path sets ERROR status on span '{{span}}' (started on line {{line}}) but does not call recordException(err), so the exception is lost.",
      missingErrorStatus:
        "This error path does not set ERROR status on span '{{span}}' (started on line {{line}}) (setStatus({ code: SpanStatusCode.ERROR })), so the failure is exported as a success.",
      missingCatch:
        "Errors thrown in this try/finally leave span '{{span}}' (started on line {{line}}) without ERROR status or a recorded exception: add a catch that records them and rethrows.",
      errorEscapes:
        "If {{what}} on line {{at}} fails, the error leaves span '{{span}}' (started on line {{line}}) without recordException(err) and ERROR status. Catch it, record it on the span and rethrow.",
      helperMissingRecordException:
        "Span '{{span}}' (started on line {{line}}) is handed to {{helper}}(), which sets ERROR status on it when it fails but does not call recordException(err), so the exception is lost.",
      helperMissingErrorStatus:
        "Span '{{span}}' (started on line {{line}}) is handed to {{helper}}(), which records the exception when it fails but does not set ERROR status (setStatus({ code: SpanStatusCode.ERROR })), so the failure is exported as a success.",
      unhandledRejection:
        "If this promise rejects, span '{{span}}' (started on line {{line}}) is never ended and the error is not recorded on it: only the success callback ends it. Add a rejection handler that records the error, sets ERROR status and ends the span.",
      foreignErrorNotRecorded:
        "This error path leaves span '{{span}}' (started on line {{line}}) with nothing recorded about the error, so the failure is exported as a success. Record the error and an error status on the span, as its tracer's API does (recordException and ERROR status, an error tag or log).",
      foreignErrorHalfRecorded:
        "The error leaves span '{{span}}' (started on line {{line}}) marked failed or with the error recorded, not both. Record the error and an error status on the span, as its tracer's API does.",
      foreignErrorEscapes:
        "If {{what}} on line {{at}} fails, the error leaves span '{{span}}' (started on line {{line}}) with nothing recorded about it. Catch it, record the error and an error status on the span as its tracer's API does, and rethrow.",
      foreignMissingCatch:
        "Errors thrown in this try/finally leave span '{{span}}' (started on line {{line}}) with nothing recorded about them: add a catch that records the error and an error status on the span as its tracer's API does, and rethrows.",
      foreignUnhandledRejection:
        "If this promise rejects, span '{{span}}' (started on line {{line}}) is never ended and the error is not recorded on it: only the success callback ends it. Add a rejection handler that records the error and ends the span.",
      okStatusInCatch:
        "OK status in an error path marks the failure of span '{{span}}' (started on line {{line}}) as a success, and a later ERROR is ignored.",
      suggestRecordAndStatus: "Record the exception and set ERROR status on '{{span}}'.",
      suggestRecordException: "Record the exception on '{{span}}'.",
      suggestErrorStatus: "Set ERROR status on '{{span}}'.",
      suggestCatch: "Add a catch that records the error on '{{span}}' and rethrows it.",
      suggestErrorInsteadOfOk: 'Set ERROR status instead of OK.',
      suggestRejectionHandler: "Add a .catch that records the error on '{{span}}', ends it and rethrows.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireRecordException: {
            type: 'boolean',
            description:
              'Require `span.recordException(err)` on each error path, not only ERROR status. Turn off when exceptions reach your backend through logs.',
          },
          ...TRACER_SETTINGS_SCHEMA,
          errorHelpers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Treat calls to these functions (`setSpanError(span, err)`, `this.setSpanError(...)`, `utils.setSpanError(...)`) as recording the exception and setting ERROR status.',
          },
        },
      },
    ],
    defaultOptions: [{ requireRecordException: true, errorHelpers: [] }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const spanModel = useSpanModel(context, tracerSettings(context, options));
    if (!spanModel) return {};
    const { model } = spanModel;

    const requireRecord = options.requireRecordException !== false;
    const statusNames = new StatusNames();
    const handlers: { call: TSESTree.CallExpression; fn: FunctionNode }[] = [];
    /** Spans with error handling of their own (an error path that treats the error as a failure). */
    const handling = new Set<SpanAnalysis>();
    /** `emitter.on('error', (err) => ...)` and node-style `(err, result) => { if (err) {...} }` callbacks. */
    const callbacks: ErrorCallback[] = [];
    /** The span each error callback was judged for (the innermost span it touches). */
    const callbackOwners = new Map<TSESTree.Node, SpanAnalysis>();

    const keyName = (key: TSESTree.Node, computed: boolean): string | null =>
      !computed && (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) ? key.name : null;

    function check(): void {
      checkContextOnly();
      const spans = model.spans().filter((span) => !span.span.creation.autoEnding);
      if (spans.length === 0) return;
      const analyzer = new EffectsAnalyzer(sourceCode, statusNames, model.index.functions, new Set(options.errorHelpers ?? []));
      const writer = new SuggestionWriter(sourceCode, context.filename, statusNames);
      const allReads = new Set<TSESTree.Node>(spans.flatMap((span) => [...(span.uses?.reads ?? [])]));
      const refOf = (span: SpanAnalysis): SpanRef => {
        const reads: ReadonlySet<TSESTree.Node> = span.uses?.reads ?? new Set();
        return {
          name: spanName(span),
          reads,
          otherReads: { has: (node) => allReads.has(node) && !reads.has(node) },
          foreign: span.span.creation.foreign === true,
        };
      };
      const owners = catchOwners(spans);

      for (const [handler, catchOwner] of owners) {
        const tryStatement = handler.parent;
        // A catch that cannot run (its try block cannot fail) has nothing to record.
        if (!model.throws.canThrowIn(tryStatement.block, catchOwner.uses?.reads ?? new Set())) continue;
        // `let span; if (parent) span = tracer.startSpan(name, {}, ctx); else span = tracer.startSpan(name);`: the
        // catch is each start's error path, reported for each as end-span-in-finally reports each.
        for (const owner of [catchOwner, ...alternativeStarts(spans, catchOwner, handler)]) {
          checkErrorPath(analyzer, writer, refOf(owner), owners, {
            owner,
            body: handler.body,
            param: handler.param,
            variables: sourceCode.getDeclaredVariables(handler),
            rethrowFrom: tryStatement,
            loc: { start: handler.loc.start, end: headEnd(sourceCode, handler.body) },
            catchClause: true,
            spanIsSet: owner.span.startsAtEntry || owner.span.creation.call.range[1] <= tryStatement.range[0],
          });
        }
      }

      for (const { clause, owner } of laterCatches(spans, owners)) checkLaterCatch(analyzer, writer, refOf(owner), owner, clause);

      for (const { call, fn } of handlers) {
        // A handler that touches the span is that span's error handling, whoever waits for the chain
        // (`return context.bind(ctx, work().catch((e) => { span.setStatus(...); span.end(); throw e; }))`).
        // A handler that does not is the span's only when the chain's result reaches the span's code: one on a
        // promise nobody waits for may run after the span ended.
        const touching = innermost(spans.filter((span) => some(span.uses?.reads, (read) => contains(fn, read))));
        const owner = touching ?? (isConsumed(chainTop(call)) ? ownerAt(spans, call) : null);
        if (!owner) continue;
        const chain = chainTop(call);
        // TypeScript's `function (this: T, err)` declares `this` first; the error is the first real parameter.
        const param = fn.params.find((p) => !(p.type === AST_NODE_TYPES.Identifier && p.name === 'this')) ?? null;
        const names = boundNames(param);
        checkErrorPath(analyzer, writer, refOf(owner), owners, {
          owner,
          body: fn.body,
          param,
          variables: sourceCode.getDeclaredVariables(fn).filter((variable) => names.has(variable.name)),
          // Only an awaited chain hands a rejection to the enclosing try; a returned one escapes it.
          rethrowFrom: chain.parent?.type === AST_NODE_TYPES.AwaitExpression ? call : null,
          loc: { start: fn.loc.start, end: headEnd(sourceCode, fn.body) },
          catchClause: false,
          spanIsSet: true,
        });
      }

      for (const { fn, body, param, registration } of callbacks) {
        // A span the callback starts after its error branch (`({ span, error, steps }) => { if (error) {...} for (...) {
        // const stepSpan = tracer.startSpan(...) } }`) did not exist when that branch ran.
        const startedAfter = (span: SpanAnalysis): boolean => span.span.creation.call.range[0] >= body.range[1] && contains(fn, span.span.creation.call);
        const owner = innermost(
          spans.filter((span) => !startedAfter(span) && !endedBefore(span, fn) && some(span.uses?.reads, (read) => contains(fn, read))),
        );
        if (!owner) continue;
        callbackOwners.set(body, owner);
        const names = boundNames(param);
        checkErrorPath(analyzer, writer, refOf(owner), owners, {
          owner,
          body,
          param,
          variables: sourceCode.getDeclaredVariables(fn).filter((variable) => names.has(variable.name)),
          rethrowFrom: null,
          loc: body === fn.body ? { start: fn.loc.start, end: headEnd(sourceCode, fn.body) } : body.loc,
          catchClause: false,
          spanIsSet: true,
          registration,
        });
      }

      // A span with error handling of its own is judged by it; the errors that bypass it are end-span-in-finally's
      // (real code puts setup calls before the try all the time, and a reviewer asks for the catch, not for more).
      for (const span of spans) if (!handling.has(span)) checkEscapingErrors(analyzer, writer, refOf(span), owners, span);
      for (const span of spans) checkHalfRecorded(analyzer, refOf(span), span, RECORD);
      for (const span of spans) checkEndingHelpers(analyzer, refOf(span), span);
      for (const span of spans) checkUnhandledRejections(writer, span);
      if (requireRecord) for (const span of spans) checkHalfRecorded(analyzer, refOf(span), span, STATUS);
    }

    /**
     * A span no variable holds, only made active for callbacks that never fetch it back
     * (`context.with(trace.setSpan(ctx, tracer.startSpan('cli')), async () => { await run(); })`): nothing can record on
     * it, so the first failure in a callback leaves it unrecorded (end-span-in-finally reports that it is never ended).
     */
    function checkContextOnly(): void {
      for (const [creation, callbacks] of model.contextOnly) {
        if (creation.autoEnding || !creation.certain) continue;
        for (const callback of callbacks) {
          const first = model.throws.firstThrowIn(callback.body, new Set());
          if (!first) continue;
          context.report({
            node: first,
            messageId: 'errorEscapes',
            data: { span: 'span', line: String(creation.call.loc.start.line), what: describeThrow(first), at: String(first.loc.start.line) },
          });
          break;
        }
      }
    }

    /**
     * A promise chain that ends the span on success only, with no rejection handler, left floating or returned: a
     * rejection is never recorded. A chain kept in a variable, awaited or passed on may be handled where it goes, and a
     * span with error handling of its own is judged by it.
     */
    function checkUnhandledRejections(writer: SuggestionWriter, span: SpanAnalysis): void {
      // A span returned or stored is the taker's to finish.
      if (span.uses?.escapes || handling.has(span)) return;
      const name = suggestedSpanName(span);
      for (const { chain, endingCall } of span.unhandledRejections) {
        if (!isFloatingOrReturned(chain)) continue;
        const data = spanData(span);
        const callee = endingCall.callee;
        context.report({
          loc: callee.type === AST_NODE_TYPES.MemberExpression ? callee.property.loc : endingCall.loc,
          messageId: messageFor(span, 'unhandledRejection'),
          data,
          suggest: name
            ? [{ messageId: 'suggestRejectionHandler', data, fix: (fixer) => writer.addRejectionHandler(fixer, chain, spanReceiver(span, name), requireRecord) }]
            : [],
        });
      }
    }

    /**
     * A same-file function the span is handed to, that ends it and records half of a failure on it (`return
     * genericWrap(original, this, args, span)`, whose catch sets ERROR status and rethrows): the other half is missing
     * for this span too. Reported at the call, where the span is.
     */
    function checkEndingHelpers(analyzer: EffectsAnalyzer, ref: SpanRef, span: SpanAnalysis): void {
      // Returned or stored as well: the taker may record what the helper leaves out.
      if (!span.uses || span.uses.escapes) return;
      const required = requireRecord ? BOTH : STATUS;
      for (const call of span.uses.directEnds) {
        // In a catch or rejection handler: that error path is judged with what it records itself.
        if (insideErrorPath(call, span.record.owner)) continue;
        const effects = analyzer.helperEffects(call, ref);
        const missing = required & ~(effects ?? 0);
        if (!effects || !missing) continue;
        context.report({
          node: call,
          messageId: messageFor(span, missing === RECORD ? 'helperMissingRecordException' : 'helperMissingErrorStatus'),
          data: { ...spanData(span), helper: calleeName(call) ?? 'a function' },
        });
      }
    }

    /**
     * One half of the recording made on the span, the other half nowhere on it:
     * - `RECORD`: an exception recorded outside any error path (an error-report span: `span.recordException(err);
     *   span.end()`) with no ERROR status: the failure is exported as a success;
     * - `STATUS`: ERROR status set in an error callback handed to a helper (`handleCallbackErrors(fn, () =>
     *   span.setStatus({ code: ERROR }))`) with no `recordException`: the exception is lost.
     */
    function checkHalfRecorded(analyzer: EffectsAnalyzer, ref: SpanRef, span: SpanAnalysis, half: typeof RECORD | typeof STATUS): void {
      if (span.uses?.escapes || ref.reads.size === 0) return;
      // Only spans with such a call of their own: the whole-function read below is not free.
      const calls = (read: TSESTree.Node): boolean => {
        const member = read.parent;
        if (member?.type !== AST_NODE_TYPES.MemberExpression) return false;
        const name = memberName(member);
        if (half === STATUS) return name === SPAN_SET_STATUS;
        const call = member.parent;
        return name !== null && call.type === AST_NODE_TYPES.CallExpression && call.callee === member && recordsException(name, call.arguments.at(0));
      };
      if (!some(ref.reads, calls)) return;
      const body = span.record.owner;
      const facts = analyzer.analyze(body, ref, new Set());
      if (half === RECORD ? facts.effects & STATUS || facts.okStatus.length > 0 : facts.effects & RECORD) return;
      const found = (half === RECORD ? facts.recordCalls : facts.statusCalls).find(
        (call) =>
          !insideErrorPath(call, body) &&
          // `(err) => { if (err) {...} }` callbacks and 'error' listeners are error paths judged on their own (for
          // their innermost span; a recording there on an outer span is still this check's).
          !callbacks.some((callback) => contains(callback.body, call) && (half === STATUS || callbackOwners.get(callback.body) === span)) &&
          // This span's own call (not one on the active span the variable held before it was started).
          call.callee.type === AST_NODE_TYPES.MemberExpression &&
          ref.reads.has(skipTypeWrappers(call.callee.object)) &&
          // An error-report span records in its own code; a method of an object it hands out (`return { recordException:
          // (e) => span.recordException(e), end: () => span.end() }`) is the taker's to call, with its own status.
          (half === RECORD ? !forwardsCallersError(call, body) : insideErrorCallback(call, body)),
      );
      if (found) context.report({ node: found, messageId: messageFor(span, half === RECORD ? 'missingErrorStatus' : 'missingRecordException'), data: spanData(span) });
    }

    function checkErrorPath(
      analyzer: EffectsAnalyzer,
      writer: SuggestionWriter,
      ref: SpanRef,
      owners: ReadonlyMap<TSESTree.CatchClause, SpanAnalysis>,
      path: ErrorPath,
    ): void {
      const errorNames = boundNames(path.param);
      const facts = analyzer.analyze(path.body, ref, errorNames);
      const data = spanData(path.owner);
      const use = errorUse(path.variables);
      const rethrows = facts.throws.length > 0 || facts.throwingCalls.length > 0;
      const swallowed = swallows(facts, use, path.body, ref.reads);
      // OK in a catch that carries on as a success ("already cancelled": set OK, answer 200) is the author's call;
      // OK with a message (messages belong with ERROR), or in a catch that rethrows or records, is a mistake.
      // OK under a test of the error itself (`if (isRedirectError(err)) { span.setStatus({ code: OK }); throw err; }`):
      // the author has sorted that kind of error out as no failure (a control-flow signal). The rest of the catch is
      // judged without it.
      // The try's `finally` runs on this path too (`finally { span.setStatus({ code: failed ? ERROR : OK }) }`).
      const finallyEffectsOf = (): number => {
        const tryStatement = path.catchClause ? path.body.parent?.parent : null;
        const finalizer = tryStatement?.type === AST_NODE_TYPES.TryStatement ? tryStatement.finalizer : null;
        return finalizer ? directEffects(analyzer.analyze(finalizer, ref, errorNames), ref) : 0;
      };
      const okStatus = facts.okStatus.filter(({ call }) => !sortedOut(call, path.body, errorNames));
      const mistakenOk = okStatus.filter(({ call }) => facts.effects !== 0 || hasStatusMessage(call) || throwFollows(call));
      // A catch that swallows an expected condition (around attribute extraction, say) is not the span's error handling.
      if (!swallowed || use.stored || mistakenOk.length > 0) handling.add(path.owner);
      if (mistakenOk.length > 0) {
        // One report per mistaken OK: what else the path lacks (the exception) comes as a second suggestion, not as a
        // report that would call the OK status an ERROR one.
        const recordMissing = requireRecord && !((facts.effects | finallyEffectsOf()) & RECORD) && !use.stored && !swallowed;
        for (const { call, code } of mistakenOk) {
          context.report({
            node: call,
            messageId: 'okStatusInCatch',
            data,
            suggest: suggestedSpanName(path.owner)
              ? [
                  { messageId: 'suggestErrorInsteadOfOk', fix: (fixer) => writer.okToError(fixer, skipTypeWrappers(code) as TSESTree.Expression) },
                  ...(recordMissing ? suggestionFor(writer, path, facts, RECORD) : []),
                ]
              : [],
          });
        }
        return;
      }
      if (okStatus.length > 0) return;
      // A rethrow that lands in an outer catch of the same span is that catch's to record.
      const rethrowFrom = rethrows ? path.rethrowFrom : null;
      if (rethrowFrom && rethrowsIntoOwnCatch(rethrowFrom, path.owner, owners)) return;
      // Stored for later (`lastError = err`, `errors.push(err)`): handled elsewhere, we cannot follow it.
      if (use.stored || swallowed) return;
      const required = requireRecord ? BOTH : STATUS;
      // A non-empty part of BOTH: a key of MISSING_MESSAGE and SUGGEST_MESSAGE.
      const missing = required & ~(facts.effects | finallyEffectsOf());
      if (!missing) return;
      context.report({
        loc: path.loc,
        messageId: messageFor(path.owner, MISSING_MESSAGE[missing]),
        data,
        suggest: suggestionFor(writer, path, facts, missing),
      });
    }

    /**
     * A catch clause in a callback an awaited call runs (`await uow.withTransaction(ctx, async (repo) => { try {…}
     * catch (e) { span.setStatus({ code: ERROR }); } })`, see laterCatches) is not the span's error path by where it
     * is, but one that records half of the error on the span says it is one: the other half is missing. Only a catch
     * that ends the error there (not rethrown, stored, returned or handed on: `reject(err)`, `stream.destroy(err)` may
     * reach a catch of the span that records it). The span's other checks are unchanged (it is not counted as having
     * error handling of its own).
     */
    function checkLaterCatch(analyzer: EffectsAnalyzer, writer: SuggestionWriter, ref: SpanRef, owner: SpanAnalysis, clause: TSESTree.CatchClause): void {
      const facts = analyzer.analyze(clause.body, ref, boundNames(clause.param));
      if (facts.effects === 0 || facts.okStatus.length > 0 || facts.throws.length > 0 || facts.throwingCalls.length > 0) return;
      const variables = sourceCode.getDeclaredVariables(clause);
      if (errorUse(variables).stored || handsErrorOn(variables, ref.reads) || !model.throws.canThrowIn(clause.parent.block, ref.reads)) return;
      const missing = (requireRecord ? BOTH : STATUS) & ~facts.effects;
      if (!missing) return;
      const path: ErrorPath = {
        owner,
        body: clause.body,
        param: clause.param,
        variables,
        rethrowFrom: null,
        loc: { start: clause.loc.start, end: headEnd(sourceCode, clause.body) },
        catchClause: true,
        spanIsSet: true,
      };
      context.report({
        loc: path.loc,
        messageId: messageFor(owner, MISSING_MESSAGE[missing]),
        data: spanData(owner),
        suggest: suggestionFor(writer, path, facts, missing),
      });
    }

    function suggestionFor(
      writer: SuggestionWriter,
      path: ErrorPath,
      facts: BodyFacts,
      missing: number,
    ): TSESLint.ReportSuggestionArray<MessageIds> {
      const name = suggestedSpanName(path.owner);
      if (!name || !path.spanIsSet || path.body.type !== AST_NODE_TYPES.BlockStatement) return [];
      // A DOM listener gets an Event, not the error (`recordException(event)` would not type-check, nor say much).
      const registration = path.registration ?? callTakingFunctionOf(path.param);
      const error = registration && memberName(registration.callee) === 'addEventListener' ? null : paramIdentifier(path.param);
      if (missing & RECORD && !error) return [];
      const body = path.body;
      // Node types an 'unhandledRejection' reason as `unknown`, like a catch variable.
      const lines = writer.recordingLines(spanReceiver(path.owner, name), missing, body, error, path.catchClause || receivesRejectionReason(registration));
      return [
        {
          messageId: SUGGEST_MESSAGE[missing],
          data: { span: name },
          fix: (fixer) => writer.insertIntoBody(fixer, body, lines, missing, facts, name),
        },
      ];
    }

    /**
     * Throws that reach a catch clause which cannot see the span (declared inside the clause's try block) while it is
     * open, where the catch treats the error as a failure (rethrows, passes it on, records it on another span): this
     * span is left with nothing recorded (`try { const child = tracer.startSpan('db'); await db.connect(); child.end(); }
     * catch (err) { next(err); }`). A catch that swallows the error as an expected condition is no error path.
     */
    function caughtElsewhere(
      analyzer: EffectsAnalyzer,
      ref: SpanRef,
      owners: ReadonlyMap<TSESTree.CatchClause, SpanAnalysis>,
      span: SpanAnalysis,
    ): { node: TSESTree.Node; through: 'escapes' }[] {
      const declaration = span.binding?.variable.defs[0]?.name;
      if (!declaration || span.span.startsAtEntry) return [];
      // The block that declares the span: a failure is this span's only inside it and after the start (not one reached
      // by looping back past the start, nor one after an inner catch that swallowed this span's own failure).
      const block = span.binding?.variable.scope.block;
      const creation = span.span.creation.call;
      const exits: { node: TSESTree.Node; through: 'escapes' }[] = [];
      for (const [clause, first] of span.catchesReached) {
        if (owners.get(clause) === span || !contains(clause.parent.block, declaration)) continue;
        if (!block || !contains(block, first) || first.range[0] < creation.range[1]) continue;
        const facts = analyzer.analyze(clause.body, ref, boundNames(clause.param));
        if (!swallows(facts, errorUse(sourceCode.getDeclaredVariables(clause)), clause.body, ref.reads)) exits.push({ node: first, through: 'escapes' });
      }
      return exits;
    }

    /**
     * Errors that leave the function while the span is open, with no catch of its own on the way: straight out
     * (no `try` at all), or through a `finally` that ends the span. Reported once per span, at the first.
     */
    function checkEscapingErrors(
      analyzer: EffectsAnalyzer,
      writer: SuggestionWriter,
      ref: SpanRef,
      owners: ReadonlyMap<TSESTree.CatchClause, SpanAnalysis>,
      span: SpanAnalysis,
    ): void {
      // Returned, stored or wrapped: whoever takes the span over may record the error (we cannot see that far).
      // A span ended in a callback here is still this function's: its errors before the callback are unrecorded.
      if (!span.facts) return;
      // Returned or stored where the code path places it (`return span`, `spans.set(id, span)`): the taker records what
      // happens after; before it, a rejected `await` or a `throw` leaves with the error unrecorded, as
      // end-span-in-finally reports the span left open there. Wrapped or handed off anywhere else: the taker's.
      const handOffs = span.uses?.escapes ? span.uses.escapePoints : null;
      if (span.uses?.escapes && (!handOffs || handOffs.length === 0)) return;
      const firstHandOff = handOffs ? Math.min(...handOffs.map((point) => point.range[0])) : Infinity;
      // Ended by a timer it schedules (`setTimeout(() => span.end(), 1000)`): the timer ends the span whatever fails after
      // it is scheduled, and that failure is not the span's work.
      const timerEnd = Math.min(...[...(span.uses?.laterEnds ?? [])].filter(isTimerCallback).map((fn) => fn.range[0]));
      const certainBeforeHandOff = (node: TSESTree.Node): boolean =>
        node.range[1] <= firstHandOff && (node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.ThrowStatement);
      const owner = span.record.owner;
      const exits = [...span.errorExits, ...caughtElsewhere(analyzer, ref, owners, span)]
        .filter(({ node }) => (!handOffs || certainBeforeHandOff(node)) && node.range[0] < timerEnd)
        // Failures of error handling and cleanup (a hook in a catch, a flush in a finally) are not the operation's.
        .filter(({ node }) => !isCleanup(node, owner))
        // `context.with(ctx, () => { try {...} catch {...} })`: the callback's own catch of this span handles it.
        .filter(({ node }) => ![...owners].some(([clause, analysis]) => analysis === span && contains(node, clause)))
        // A span that already carries an exception when the call runs (an error-report span: `span.recordException(err);
        // span.setAttribute('x', JSON.stringify(list))`) is exported as the failure it is, whatever fails after. (A
        // status alone may be copied from data: a replayed span's `setStatus(source.status)`.)
        .filter(({ node }) => !(recordedBefore(analyzer, ref, node, span) & RECORD))
        .sort((a, b) => a.node.range[0] - b.node.range[0]);
      // Name the most plausible failure: an await (I/O) before a plain call.
      const first = exits.find(({ node }) => node.type === AST_NODE_TYPES.AwaitExpression) ?? exits.at(0);
      if (!first) return;
      // Errors already recorded where they happen (a `.catch` handler, a helper given the span).
      const finallyTry = first.through === 'ended' ? endingTry(first.node, owner, span) : null;
      if (analyzer.analyze(finallyTry ? finallyTry.block : first.node, ref, new Set()).effects !== 0) return;
      const data = spanData(span);
      if (finallyTry) {
        const name = suggestedSpanName(span);
        const spanIsSet = span.span.startsAtEntry || span.span.creation.call.range[1] <= finallyTry.range[0];
        context.report({
          // The `try` keyword.
          loc: sourceCode.getFirstToken(finallyTry)?.loc ?? finallyTry.loc,
          messageId: messageFor(span, 'missingCatch'),
          data,
          suggest:
            name && spanIsSet && !finallyTry.handler
              ? [{ messageId: 'suggestCatch', data, fix: (fixer) => writer.addCatch(fixer, finallyTry, spanReceiver(span, name), requireRecord) }]
              : [],
        });
        return;
      }
      context.report({
        node: first.node,
        messageId: messageFor(span, 'errorEscapes'),
        data: {
          span: data.span,
          line: data.line,
          what: describeThrow(first.node),
          at: String(first.node.loc.start.line),
        },
      });
    }

    return spanRuleListeners(spanModel.listeners, check, {
      CallExpression(node) {
        switch (memberName(node.callee)) {
          case 'catch':
            if (node.arguments.length === 1 && ASTUtils.isFunction(node.arguments[0])) handlers.push({ call: node, fn: node.arguments[0] });
            break;
          case 'then':
            if (node.arguments.length === 2 && ASTUtils.isFunction(node.arguments[1])) handlers.push({ call: node, fn: node.arguments[1] });
            break;
          default:
            break;
        }
        const errorCallback = errorCallbackOf(node, sourceCode);
        // A listener declared once may be registered more than once.
        if (errorCallback && !callbacks.some((callback) => callback.fn === errorCallback.fn)) callbacks.push(errorCallback);
      },
      ImportDeclaration(node) {
        if (packageSpecifier(node.source.value) !== API_MODULE || node.importKind === 'type') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) statusNames.namespaces.add(specifier.local.name);
          else if (
            specifier.type === AST_NODE_TYPES.ImportSpecifier &&
            specifier.importKind !== 'type' &&
            (specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value) === SPAN_STATUS_CODE_ENUM
          ) {
            statusNames.enumNames.add(specifier.local.name);
          }
        }
      },
      VariableDeclarator(node) {
        const init = node.init && skipTypeWrappers(node.init);
        if (init && isRequireOfApi(init)) {
          if (node.id.type === AST_NODE_TYPES.Identifier) statusNames.namespaces.add(node.id.name);
          else if (node.id.type === AST_NODE_TYPES.ObjectPattern) {
            for (const property of node.id.properties) {
              if (
                property.type === AST_NODE_TYPES.Property &&
                keyName(property.key, property.computed) === SPAN_STATUS_CODE_ENUM &&
                property.value.type === AST_NODE_TYPES.Identifier
              ) {
                statusNames.enumNames.add(property.value.name);
              }
            }
          }
        }
      },
    });
  },
});

/** `work().then(...);` or `return work().then(...)` (an arrow's body too). */
function isFloatingOrReturned(chain: TSESTree.Node): boolean {
  const parent = chain.parent;
  return (
    parent?.type === AST_NODE_TYPES.ExpressionStatement ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === chain)
  );
}

function spanName(span: SpanAnalysis): string {
  return span.span.creation.spanId?.name ?? 'active span';
}

/** The span's line (of its `startSpan`/`startActiveSpan` name), so a report far from the span says which one. */
function spanData(span: SpanAnalysis): { span: string; line: string } {
  const callee = span.span.creation.call.callee;
  const head = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
  return { span: spanName(span), line: String(head.loc.start.line) };
}

/**
 * Which span each catch clause belongs to: the innermost span that is open when a throw reaches the clause and
 * was started before its `try` (a span started inside the try block is not what the catch is about). Catch
 * clauses in callbacks that run at once (`context.with(ctx, fn)`, `new Promise(fn)`, an IIFE) belong to the
 * span open where the callback is handed over.
 */
function catchOwners(spans: readonly SpanAnalysis[]): Map<TSESTree.CatchClause, SpanAnalysis> {
  const owners = new Map<TSESTree.CatchClause, SpanAnalysis>();
  const startOf = (span: SpanAnalysis): number => {
    // A startActiveSpan callback's span starts with the callback's body.
    const callback = span.span.startsAtEntry ? span.span.creation.callback : null;
    return callback ? callback.body.range[0] : span.span.creation.call.range[1];
  };
  for (const span of spans) {
    for (const clause of span.catchesReached.keys()) {
      // Rollback and cleanup (a try inside a catch or a finally) are not the operation's error path.
      if (isCleanup(clause.parent, span.record.owner)) continue;
      // A span declared inside the try block is not visible in the catch: not what the catch is about. A `var` is.
      const definition = span.binding?.variable.defs[0];
      const declaration = definition?.name;
      const isVar = definition?.parent?.type === AST_NODE_TYPES.VariableDeclaration && definition.parent.kind === 'var';
      if (!span.span.startsAtEntry && (!declaration || (contains(clause.parent.block, declaration) && !isVar))) continue;
      const current = owners.get(clause);
      if (!current || startOf(span) > startOf(current)) owners.set(clause, span);
    }
  }
  // Callbacks that run at once: their catch clauses belong to the span open at the call that runs them.
  const clausesIn = new Map<FunctionNode, TSESTree.CatchClause[]>();
  for (const span of spans) {
    for (const event of span.openEvents) {
      if (!ASTUtils.isFunction(event) || !runsImmediately(event)) continue;
      // The same callback is open for every span around it: its clauses are collected once.
      let clauses = clausesIn.get(event);
      if (!clauses) {
        clauses = catchClausesIn(event);
        clausesIn.set(event, clauses);
      }
      for (const clause of clauses) {
        const current = owners.get(clause);
        if (!current || (current !== span && contains(current.record.owner, span.record.owner) && current.record.owner !== event)) owners.set(clause, span);
      }
    }
  }
  return owners;
}

/**
 * The other spans started into the owner's variable (on other branches) that reach `clause` too: at a throw in its
 * try block, or through a callback that runs at once around it.
 */
function alternativeStarts(spans: readonly SpanAnalysis[], owner: SpanAnalysis, clause: TSESTree.CatchClause): SpanAnalysis[] {
  const variable = owner.binding?.variable;
  if (!variable) return [];
  return spans.filter(
    (other) =>
      other !== owner &&
      other.binding?.variable === variable &&
      (other.catchesReached.has(clause) || some(other.openEvents, (event) => ASTUtils.isFunction(event) && runsImmediately(event) && contains(event, clause))),
  );
}

/**
 * Catch clauses that read a span from inside a callback an awaited or returned call runs (checkLaterCatch), and that no
 * span owns (catchOwners): the span read there, the innermost when several are. Between the clause and the span's
 * function, every function runs at once or is such a callback: one registered as a listener (`socket.on('message',
 * fn)`, `channel.consume(queue, fn)`) or a promise handler may run after the span ended, and error listeners are judged
 * on their own. A rollback or cleanup (a try inside a catch or a finally of the span's function) is left out.
 */
function laterCatches(
  spans: readonly SpanAnalysis[],
  owners: ReadonlyMap<TSESTree.CatchClause, SpanAnalysis>,
): { clause: TSESTree.CatchClause; owner: SpanAnalysis }[] {
  const found = new Map<TSESTree.CatchClause, SpanAnalysis>();
  for (const span of spans) {
    if (span.uses?.escapes) continue;
    const fn = span.record.owner;
    for (const read of span.uses?.reads ?? []) {
      let clause: TSESTree.CatchClause | null = null;
      let later: FunctionNode | null = null;
      let reachable = true;
      for (let current: TSESTree.Node | undefined = read.parent; current && current !== fn; current = current.parent) {
        if (!clause && current.type === AST_NODE_TYPES.CatchClause && current.param !== read) clause = current;
        else if (clause && ASTUtils.isFunction(current) && !runsImmediately(current)) {
          if (!runsWhileAwaited(current)) reachable = false;
          later ??= current;
        }
      }
      if (!clause || !later || !reachable || owners.has(clause) || isCleanup(clause.parent, fn)) continue;
      // A closure that ends the span (`endSpan = () => { try { span.setAttribute(…) } catch { … } finally { span.end() } }`):
      // its catch is about finishing the span, not about the operation.
      const closure = later;
      if (some(span.uses?.reads, (other) => contains(closure, other) && other.parent?.type === AST_NODE_TYPES.MemberExpression && memberName(other.parent) === SPAN_END)) continue;
      const current = found.get(clause);
      if (!current || span.span.creation.call.range[0] > current.span.creation.call.range[0]) found.set(clause, span);
    }
  }
  return [...found].map(([clause, owner]) => ({ clause, owner }));
}

/** Calls whose callback runs after they return (listeners, subscriptions, timers), besides listeners and promise handlers. */
const LATER_CALLS: ReadonlySet<string> = new Set([
  'subscribe', 'consume', 'listen', 'watch', 'setTimeout', 'setInterval', 'setImmediate', 'nextTick', 'queueMicrotask',
]);
const runsCallbackLater = (name: string | null): boolean =>
  !!name && (LISTENER_METHODS.has(name) || PROMISE_METHODS.has(name) || LATER_CALLS.has(name));

/**
 * `fn` is a callback of a call the code awaits or returns (`await db.transaction(async (tx) => …)`, `return
 * pRetry(() => …)`): it runs while the caller waits, so while its span is open.
 */
function runsWhileAwaited(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument) || runsCallbackLater(calleeName(call))) return false;
  let outer: TSESTree.Node = call;
  while (outer.parent.type === AST_NODE_TYPES.ChainExpression || outer.parent.type === AST_NODE_TYPES.TSAsExpression || outer.parent.type === AST_NODE_TYPES.TSNonNullExpression) {
    outer = outer.parent;
  }
  const parent = outer.parent;
  return (
    parent.type === AST_NODE_TYPES.AwaitExpression ||
    parent.type === AST_NODE_TYPES.ReturnStatement ||
    (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer)
  );
}

/**
 * The caught error handed on whole: returned, or passed to a call that is neither a method of the span nor a log call
 * (`return Promise.reject(err)`, `reject(err)`, `stream.destroy(err)`, `next(err)`). Where it lands may record it.
 */
function handsErrorOn(variables: readonly TSESLint.Scope.Variable[], spanReads: ReadonlySet<TSESTree.Node>): boolean {
  return variables.some((variable) =>
    variable.references.some((reference) => {
      let value: TSESTree.Node = reference.identifier;
      while (value.parent.type === AST_NODE_TYPES.TSAsExpression || value.parent.type === AST_NODE_TYPES.TSNonNullExpression) value = value.parent;
      const parent = value.parent;
      if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
      // `new Error('wrapped', { cause: err })` builds a value; `reject(err)` and `stream.destroy(err)` hand it on.
      if (parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(value as TSESTree.CallExpressionArgument)) return false;
      const callee = skipTypeWrappers(parent.callee);
      const onSpan = callee.type === AST_NODE_TYPES.MemberExpression && spanReads.has(skipTypeWrappers(callee.object));
      return !onSpan && !isLogCall(parent);
    }),
  );
}

/** Catch clauses in `fn` itself (and callbacks in it that run at once), not in functions that run later. */
function catchClausesIn(fn: FunctionNode): TSESTree.CatchClause[] {
  const clauses: TSESTree.CatchClause[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && ASTUtils.isFunction(node) && !runsImmediately(node)) return;
    if (node.type === AST_NODE_TYPES.CatchClause) clauses.push(node);
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string' && item !== node.parent) visit(item as TSESTree.Node);
      }
    }
  };
  visit(fn.body);
  return clauses;
}

/**
 * The innermost span open where a promise chain call runs: an event of its function reached with the span open
 * lies inside the call (the chain's own closures count: one that ends the span is reached while it is open), or
 * the call is inside a callback that runs at once there.
 */
function ownerAt(spans: readonly SpanAnalysis[], call: TSESTree.Node): SpanAnalysis | null {
  let best: SpanAnalysis | null = null;
  for (const span of spans) {
    const open =
      span.openEvents.has(call) ||
      some(span.openEvents, (event) => contains(call, event) || (ASTUtils.isFunction(event) && runsImmediately(event) && contains(event, call)));
    if (open && (!best || span.span.creation.call.range[0] > best.span.creation.call.range[0])) best = span;
  }
  return best;
}

/** Callbacks that decorate a span: `requestHook`, `applyCustomAttributesOnSpan`, `onSpanStart`, `enrichSpan`. */
const SPAN_HOOK = /Hook$|^hook$|^onSpan|^enrichSpan|^(apply|set|add)\w*Attributes/;

/**
 * The catch of `try { options.requestHook?.(span, request); } catch (err) { ... }`: a try that only hands the span to
 * hooks (which set attributes on it), so its catch is about a failed hook, not about the operation.
 */
function aroundSpanHook(body: TSESTree.Node, reads: ReadonlySet<TSESTree.Node>): boolean {
  const clause = body.parent;
  if (clause?.type !== AST_NODE_TYPES.CatchClause) return false;
  const statements = clause.parent.block.body;
  return (
    statements.length > 0 &&
    statements.every((statement) => {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      const expression = statement.expression.type === AST_NODE_TYPES.ChainExpression ? statement.expression.expression : statement.expression;
      return (
        expression.type === AST_NODE_TYPES.CallExpression &&
        SPAN_HOOK.test(nameOf(skipTypeWrappers(expression.callee)) ?? '') &&
        expression.arguments.some((argument) => reads.has(skipTypeWrappers(argument)))
      );
    })
  );
}

/**
 * The error path does not treat the error as a failure: no rethrow, no recording, and the error unused or only logged
 * at a quiet level, or answered as the client's fault (HTTP semantic conventions leave server spans UNSET for 4xx). A
 * catch that only logs the error (at any level) and answers with a fallback (`return []`) swallows it too, and so does
 * one that only logs a failed hook given the span to decorate (the operation carries on).
 */
function swallows(facts: BodyFacts, use: ErrorUse, body: TSESTree.Node, spanReads: ReadonlySet<TSESTree.Node>): boolean {
  const rethrows = facts.throws.length > 0 || facts.throwingCalls.length > 0;
  return (
    !rethrows &&
    facts.effects === 0 &&
    (!use.used ||
      answersClientError(facts) ||
      (use.onlyLogged && (returnsFallback(body) || aroundSpanHook(body, spanReads))) ||
      (use.onlyNoted && !answersServerError(facts)))
  );
}

/** The error path ends with `return value` (a fallback), not with a rethrow. */
function returnsFallback(body: TSESTree.Node): boolean {
  if (body.type !== AST_NODE_TYPES.BlockStatement) return body.type !== AST_NODE_TYPES.ThrowStatement; // `(e) => fallback`
  return body.body.at(-1)?.type === AST_NODE_TYPES.ReturnStatement;
}

/** `span.setStatus({ code: OK }); throw err;`: a throw comes right after, in the same block. */
function throwFollows(call: TSESTree.CallExpression): boolean {
  let statement: TSESTree.Node = call;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) statement = statement.parent;
  const block = statement.parent;
  return !!block && block.body.slice(block.body.indexOf(statement as TSESTree.Statement) + 1).some((s) => s.type === AST_NODE_TYPES.ThrowStatement);
}

/**
 * What the statements that always run before `node` in `owner` do to the span: the call statements before it in each
 * block around it (`span.recordException(err);`, `markFailed(span, err);`), not calls under a condition or in a callback.
 */
function recordedBefore(analyzer: EffectsAnalyzer, ref: SpanRef, node: TSESTree.Node, span: SpanAnalysis): number {
  const owner = span.record.owner;
  // Statements from the span's start on (a recording before it, or on another span, is not this span's).
  const started = span.span.creation.call.range[0];
  let effects = 0;
  for (let child = node, block = node.parent; block && child !== owner; child = block, block = block.parent) {
    if (ASTUtils.isFunction(block)) break;
    if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) continue;
    for (const statement of block.body) {
      if (statement === child) break;
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.range[0] < started) continue;
      const call = skipValueWrappers(statement.expression, { throughAwait: true });
      // A callback it is given (`res.on('finish', () => span.setStatus(...))`) runs later, if at all.
      if (call.type === AST_NODE_TYPES.CallExpression && !call.arguments.some(ASTUtils.isFunction)) {
        effects |= directEffects(analyzer.analyze(call, ref, new Set()), ref);
      }
    }
  }
  return effects;
}

/** The recording done by calls on the span's own variable (`span.recordException(err)`), not through helpers. */
function directEffects(facts: BodyFacts, ref: SpanRef): number {
  const onSpan = (call: TSESTree.CallExpression): boolean => {
    const receiver = receiverOf(call);
    return !!receiver && ref.reads.has(receiver);
  };
  return (facts.recordCalls.some(onSpan) ? RECORD : 0) | (facts.statusCalls.some(onSpan) ? STATUS : 0);
}

/** `setStatus({ code, message })`: a status with a message. */
/**
 * `node` is in a branch of an `if` (or `?:`) in `body` whose test tells one kind of error from the others:
 * `isRedirectError(err)`, `err instanceof AbortError`, `err.name === 'AbortError'`, `err.code === 'ECANCELED'`. A
 * test of whether there is an error, or whether it is an `Error` (`if (err)`, `err instanceof Error`) sorts nothing out.
 */
function sortedOut(node: TSESTree.Node, body: TSESTree.Node, errorNames: ReadonlySet<string>): boolean {
  if (errorNames.size === 0) return false;
  const isError = (value: TSESTree.Node): boolean => {
    const inner = skipTypeWrappers(value);
    return inner.type === AST_NODE_TYPES.Identifier && errorNames.has(inner.name);
  };
  const errorProperty = (value: TSESTree.Node): boolean => {
    const inner = skipValueWrappers(value);
    return inner.type === AST_NODE_TYPES.MemberExpression && isError(inner.object);
  };
  const sorts = (test: TSESTree.Node): boolean => {
    const inner = skipTypeWrappers(test);
    switch (inner.type) {
      case AST_NODE_TYPES.LogicalExpression:
        return sorts(inner.left) || sorts(inner.right);
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === '!' && sorts(inner.argument);
      case AST_NODE_TYPES.CallExpression:
        return inner.arguments.some(isError) || (inner.callee.type === AST_NODE_TYPES.MemberExpression && errorProperty(inner.callee.object));
      case AST_NODE_TYPES.BinaryExpression:
        if (inner.operator === 'instanceof') return isError(inner.left) && !(inner.right.type === AST_NODE_TYPES.Identifier && GENERIC_ERROR_CLASS.test(inner.right.name));
        return ['===', '!==', '==', '!='].includes(inner.operator) && (errorProperty(inner.left) || errorProperty(inner.right));
      default:
        return false;
    }
  };
  for (let child = node, current = node.parent; current && child !== body; child = current, current = current.parent) {
    const tested =
      (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && child !== current.test ? current.test : null;
    if (tested && sorts(tested)) return true;
  }
  return false;
}

/** Classes every error belongs to: `err instanceof Error` tells nothing about the failure. */
const GENERIC_ERROR_CLASS = /^(Error|Object)$/;

function hasStatusMessage(call: TSESTree.CallExpression): boolean {
  const arg = call.arguments.at(0);
  return (
    arg?.type === AST_NODE_TYPES.ObjectExpression &&
    arg.properties.some((p) => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'message')
  );
}

/** Error-named first parameters of callbacks: `(err, rows) => ...`, `(error) => ...`. */
const ERROR_PARAM = /^(e|err|error|ex|exception)$/;

/**
 * An error callback of `call`: an `'error'` or `'unhandledrejection'` listener (`on`, `once`, `addEventListener`...:
 * its whole body handles the error), an RxJS error callback (observerErrorCallback), `safeExecuteInTheMiddle`'s
 * `onFinish` (instrumentedCodeFinish), or a node-style callback whose `if (err) {...}` branch does.
 */
function errorCallbackOf(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ErrorCallback | null {
  if (isErrorListenerCall(call)) {
    // Inline, or declared in the file first (`const onError = (e) => {...}; socket.once('error', onError)`).
    const argument = call.arguments.at(1);
    const listener = argument?.type === AST_NODE_TYPES.Identifier ? declaredFunction(sourceCode, argument) : argument;
    if (!ASTUtils.isFunction(listener)) return null;
    const param = listener.params.at(0);
    return param ? { fn: listener, body: listener.body, param, registration: call } : null;
  }
  const observerError = observerErrorCallback(call);
  if (observerError) return observerError;
  // Most calls pass no function at all: nothing to look at.
  if (!call.arguments.some(ASTUtils.isFunction)) return null;
  const onFinish = instrumentedCodeFinish(call);
  if (onFinish) return onFinish;
  const method = memberName(call.callee);
  if (method === 'catch' || method === 'then') return null;
  for (const arg of call.arguments) {
    if (!ASTUtils.isFunction(arg)) continue;
    const errorParam = arg.params.at(0);
    if (!errorParam) continue;
    // `results.forEach(({ id, error }) => ...)`: one item's failure in a batch, not the span's.
    if (errorParam.type === AST_NODE_TYPES.ObjectPattern && ITERATION_METHODS.has(method ?? '')) continue;
    const param = errorIdentifier(errorParam);
    const branch = param && errorBranch(arg, param);
    if (param && branch) return { fn: arg, body: branch, param };
  }
  return null;
}

/**
 * An RxJS error callback, whose whole body handles the error: `catchError((err) => ...)`, or the `error` of an
 * observer (`tap({ error: (err) => ..., finalize })`, `source.subscribe({ next, error })`), NestJS interceptors'
 * shape for tracing a handler's Observable.
 */
function observerErrorCallback(call: TSESTree.CallExpression): ErrorCallback | null {
  const name = nameOf(skipTypeWrappers(call.callee));
  let fn: TSESTree.Node | undefined;
  if (name === 'catchError') fn = call.arguments.at(0);
  else if (name === 'tap' || name === 'subscribe') {
    const observer = call.arguments.at(0);
    const property =
      observer?.type === AST_NODE_TYPES.ObjectExpression
        ? observer.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKeyName(p) === 'error')
        : undefined;
    fn = property?.value;
  }
  if (!ASTUtils.isFunction(fn)) return null;
  const param = paramIdentifier(fn.params.at(0));
  return param ? { fn, body: fn.body, param } : null;
}

/**
 * `safeExecuteInTheMiddle(() => original.apply(this, args), (err) => endSpan(span, err))`: `onFinish` runs in the
 * helper's `finally` with the error `execute` threw, which the helper then rethrows; its `if (err)` branch is the
 * error path, or its whole body when it hands the error on (`endSpan(span, err)`). With `preventThrowing` (`true`
 * third argument) the error is swallowed: a user hook's failure, logged as an expected condition.
 */
function instrumentedCodeFinish(call: TSESTree.CallExpression): ErrorCallback | null {
  const name = nameOf(skipTypeWrappers(call.callee));
  if (!name || !RUNS_INSTRUMENTED_CODE.has(name) || isLiteralTrue(call.arguments.at(2))) return null;
  const fn = call.arguments.at(1);
  if (!ASTUtils.isFunction(fn)) return null;
  const param = paramIdentifier(fn.params.at(0));
  return param ? { fn, body: errorBranch(fn, param) ?? fn.body, param } : null;
}

/** The `if (err) {...}` branch among a callback's first statements, which handles its error parameter. */
function errorBranch(fn: FunctionNode, param: TSESTree.Identifier): TSESTree.Statement | null {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  const branch = fn.body.body.find(
    (statement): statement is TSESTree.IfStatement => statement.type === AST_NODE_TYPES.IfStatement && testsIdentifier(statement.test, param.name),
  );
  return branch?.consequent ?? null;
}

/**
 * The error a callback's first parameter binds: `(err, rows) =>`, or a lifecycle hook's event object destructured
 * (`onStop(({ error }) => ...)`, `({ error: failure }) =>`).
 */
function errorIdentifier(param: TSESTree.Parameter): TSESTree.Identifier | null {
  const identifier = paramIdentifier(param);
  if (identifier) return ERROR_PARAM.test(identifier.name) ? identifier : null;
  if (param.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const property of param.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = paramIdentifier(property.value);
    if (value && ERROR_PARAM.test(propertyKeyName(property) ?? '')) return value;
  }
  return null;
}

/** `err`, `err != null`, `err !== undefined`, `err instanceof Error`, `!!err`. */
function testsIdentifier(test: TSESTree.Node, name: string): boolean {
  const value = skipTypeWrappers(test);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === name;
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!' && value.argument.type === AST_NODE_TYPES.UnaryExpression) {
    return testsIdentifier(value.argument.argument, name);
  }
  if (value.type === AST_NODE_TYPES.BinaryExpression && ['!=', '!==', 'instanceof'].includes(value.operator)) return testsIdentifier(value.left, name);
  return false;
}

/** The span started last among `spans` (the innermost, for nested spans of one function). */
function innermost(spans: readonly SpanAnalysis[]): SpanAnalysis | null {
  let best: SpanAnalysis | null = null;
  for (const span of spans) if (!best || span.span.creation.call.range[0] > best.span.creation.call.range[0]) best = span;
  return best;
}

function rethrowsIntoOwnCatch(
  rethrowFrom: TSESTree.Node,
  owner: SpanAnalysis,
  owners: ReadonlyMap<TSESTree.CatchClause, SpanAnalysis>,
): boolean {
  const clause = catchingClause(rethrowFrom, owner.record.owner);
  return !!clause && owners.get(clause) === owner;
}

const isCleanup = (node: TSESTree.Node, owner: TSESTree.Node): boolean => {
  const { inCatch, inFinally } = cleanupAround(node, owner);
  return inCatch || inFinally;
};

/** Inside a catch clause or a promise rejection handler (those error paths are judged on their own). */
function insideErrorPath(node: TSESTree.Node, owner: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    if (ASTUtils.isFunction(current) && current.parent.type === AST_NODE_TYPES.CallExpression) {
      const method = memberName(current.parent.callee);
      if (method === 'catch' || (method === 'then' && current.parent.arguments[1] === current)) return true;
    }
  }
  return false;
}

/**
 * Inside an error callback handed to a helper: a function argument of a call named for errors
 * (`handleCallbackErrors(fn, () => ...)`, `onError(() => ...)`), or one whose first parameter is named like an error.
 * Listeners and iteration callbacks (`res.on('finish', ...)`, `results.forEach(...)`) are not.
 */
/**
 * `call` is a facade method of an object literal the owner returns, named for the span method it forwards the
 * caller's error to (`return { recordException: (e) => span.recordException(e), end: () => span.end() }`): the
 * taker records through it, and sets the status too. Hooks a plugin returns to its framework (`return {
 * onExecuteDone({ result }) { for (const error of result.errors) span.recordException(error); span.end(); } }`, `{
 * onError(e) { span.recordException(e); } }`, or a returned function) are the span's error handling.
 */
function forwardsCallersError(call: TSESTree.CallExpression, owner: TSESTree.Node): boolean {
  const fn = enclosingFunction(call);
  const param = fn?.params.at(0);
  const recorded = call.arguments.at(0);
  if (!fn || param?.type !== AST_NODE_TYPES.Identifier || !recorded) return false;
  const forwarded = skipTypeWrappers(recorded);
  if (forwarded.type !== AST_NODE_TYPES.Identifier || forwarded.name !== param.name) return false;
  const method = outerExpression(fn);
  const property = method.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== method || propertyKeyName(property) !== calleeName(call)) return false;
  const object = outerExpression(property.parent);
  const returned = object.parent?.type === AST_NODE_TYPES.ReturnStatement || (object.parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && object.parent.body === object);
  return returned && enclosingFunction(object) === owner;
}

function insideErrorCallback(node: TSESTree.Node, owner: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ASTUtils.isFunction(current)) {
      const call = current.parent;
      if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(current as TSESTree.CallExpressionArgument)) return false;
      // The span's own function counts only as an 'error' listener: a span started there reports that error (an
      // `(e) =>` of `forEach` or of a click listener is no error path of its own span).
      const listener = isErrorListenerCall(call) && call.arguments.at(1) === current;
      if (current === owner) return listener;
      const first = paramIdentifier(current.params.at(0) ?? null);
      return listener || ERROR_HELPER_CALL.test(memberName(call.callee) ?? nameOf(call.callee) ?? '') || (!!first && ERROR_PARAM.test(first.name));
    }
    if (current === owner) return false;
  }
  return false;
}

/** The call a function is passed to, when `param` is that function's first parameter. */
function callTakingFunctionOf(param: TSESTree.Node | null): TSESTree.CallExpression | null {
  const fn = param?.parent;
  if (!fn || !ASTUtils.isFunction(fn) || fn.params[0] !== param) return null;
  return fn.parent.type === AST_NODE_TYPES.CallExpression ? fn.parent : null;
}

/** A listener registered by `process.on('unhandledRejection', ...)`: its parameter is whatever was rejected. */
function receivesRejectionReason(registration: TSESTree.CallExpression | null): boolean {
  const event = registration?.arguments.at(0);
  return event?.type === AST_NODE_TYPES.Literal && event.value === 'unhandledRejection';
}

/**
 * `emitter.on('error', fn)`, `window.addEventListener('unhandledrejection', fn)`, `socket.once(SocketEvent.ERROR, fn)`:
 * registers a listener for errors.
 */
function isErrorListenerCall(call: TSESTree.CallExpression): boolean {
  if (!LISTENER_REGISTRATIONS.has(memberName(call.callee) ?? '')) return false;
  const first = call.arguments.at(0);
  if (first?.type === AST_NODE_TYPES.Literal) return ERROR_EVENTS.has(String(first.value));
  // An event-name constant: `SocketEvent.ERROR`, `Events.Error`.
  return first?.type === AST_NODE_TYPES.MemberExpression && !first.computed && /^error$/i.test(memberName(first) ?? '');
}

/** The DOM's and Node's error events. */
const ERROR_EVENTS: ReadonlySet<string> = new Set(['error', 'unhandledrejection', 'unhandledRejection', 'uncaughtException']);

/** The listener methods that register one (not `off`, `removeListener`...). */
const LISTENER_REGISTRATIONS: ReadonlySet<string> = new Set([...LISTENER_METHODS].filter((method) => !/^(off|remove)/.test(method)));

/** Calls named for handling errors. */
const ERROR_HELPER_CALL = /error|fail/i;

/** The `try` statement whose `finally` ends the span on the way out of `node`. */
function endingTry(node: TSESTree.Node, owner: TSESTree.Node, span: SpanAnalysis): TSESTree.TryStatement | null {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && child !== current.finalizer && span.facts?.finallyEnds(current)) return current;
    child = current;
  }
  return null;
}

/** Where the head of a catch clause or function ends: at the token before its body (`)`, `catch` or `=>`). */
function headEnd(sourceCode: Readonly<TSESLint.SourceCode>, body: TSESTree.Node): TSESTree.Position {
  return sourceCode.getTokenBefore(body)?.loc.end ?? body.loc.start;
}

function describeThrow(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return 'the await';
    case AST_NODE_TYPES.ThrowStatement:
      return 'the throw';
    case AST_NODE_TYPES.NewExpression:
      return 'the constructor';
    default:
      return 'the call';
  }
}

function isRequireOfApi(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === API_MODULE
  );
}

/**
 * The span is ended, unconditionally, before `node` is reached: a `span.end()` statement earlier in a block that holds
 * `node` (`const span = tracer.startSpan('test'); span.end(); return context.with(..., () => { cb((err) => ...) })`).
 */
function endedBefore(span: SpanAnalysis, node: TSESTree.Node): boolean {
  const endMethod = span.span.creation.endMethod ?? SPAN_END;
  return some(span.uses?.directEnds, (end) => {
    // The span's own `end()`, not a helper that may end it (`setParent(span)` ends it only when the root has ended).
    if (end.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(end.callee) !== endMethod) return false;
    const statement = end.parent.type === AST_NODE_TYPES.ChainExpression ? end.parent.parent : end.parent;
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    const block = statement.parent;
    return (
      (block.type === AST_NODE_TYPES.BlockStatement || block.type === AST_NODE_TYPES.Program) && contains(block, node) && statement.range[1] <= node.range[0]
    );
  });
}

/**
 * The span variable suggested code may name: none for another tracing API's span (SpanCreation.foreign), which has
 * no `recordException` or OpenTelemetry status to write.
 */
function suggestedSpanName(span: SpanAnalysis): string | undefined {
  const { creation } = span.span;
  return creation.foreign ? undefined : creation.spanId?.name;
}

/**
 * How suggested lines call the span's methods: `span?.` where the code treats the span as possibly missing
 * (`span?.end()`, a span from `getTracer()?.startSpan(...)`), else `span.`.
 */
function spanReceiver(span: SpanAnalysis, name: string): string {
  const creation = span.span.creation.call;
  const optional =
    creation.parent.type === AST_NODE_TYPES.ChainExpression ||
    some(span.uses?.reads, (read) => {
      const parent = read.parent;
      // `span?.end()`, `if (span) span.end()`, `span && span.end()`: the code says the span may be missing.
      return (
        (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === read && parent.optional) ||
        (parent?.type === AST_NODE_TYPES.IfStatement && parent.test === read) ||
        (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.left === read)
      );
    });
  return optional ? `${name}?` : name;
}

