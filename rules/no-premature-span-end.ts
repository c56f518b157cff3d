/**
 * otel/no-premature-span-end: `end()` reached while a promise started in the span's scope is still pending — a
 * dropped `work()`, a `void work(span)` that takes the span along, or `try { return work() } finally { span.end() }`.
 * The span then measures a few microseconds and a later rejection is never recorded on it. Also `end()` called where a
 * callback is wanted (`promise.finally(span.end())`): it runs at once.
 *
 * Built on the span model (src/otel/span-model/): which promises are pending, and whether an `end()` follows them
 * on a code path, is src/otel/span-model/premature-end.ts. Without types only promises we can see are judged
 * (`async` functions of the file or project, promise chains, `fetch`, `new Promise`); with types, any thenable.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, nameOf, skipTypeWrappers } from '../src/otel/ast.js';
import { spanRuleListeners, useSpanModel } from '../src/otel/span-model/model.js';
import { findPrematureEnds, type PrematureEnd } from '../src/otel/span-model/premature-end.js';
import { TRACER_SETTINGS_SCHEMA, tracerSettings, type TracerSettings } from '../src/otel/tracer-evidence.js';
import { createRule } from '../src/util/create-rule.js';

export type MessageIds = 'endedBeforePromise' | 'awaitPromise' | 'endCalledNotPassed' | 'passEndCallback';
export type Options = [Partial<TracerSettings>];

const FATE: Record<PrematureEnd['fate'], string> = {
  dropped: 'is not awaited',
  void: 'is dropped with void while the span goes with it',
  returned: 'is returned, and the finally block runs before it settles',
  stored: 'is kept in a variable and not awaited before the end',
};

export default createRule<Options, MessageIds>({
  name: 'no-premature-span-end',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow ending a span while a promise started in its scope is still pending',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      endedBeforePromise:
        "Span '{{name}}' is ended before the promise on line {{promiseLine}} settles: that promise {{fate}}. The span measures almost nothing and a rejection is never recorded on it. Await the promise, or end the span in its .finally().",
      awaitPromise: 'Await the promise on line {{promiseLine}}.',
      endCalledNotPassed:
        "Span '{{name}}' is ended here, at once: {{method}}() gets what end() returns (undefined), not a function to call later. Pass a function: () => {{name}}.end().",
      passEndCallback: 'Pass () => {{name}}.end() instead.',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: TRACER_SETTINGS_SCHEMA }],
    defaultOptions: [{}],
  },
  create(context, [options]) {
    const spanModel = useSpanModel(context, tracerSettings(context, options));
    if (!spanModel) return {};
    const { model } = spanModel;
    const sourceCode = context.sourceCode;
    return spanRuleListeners(spanModel.listeners, () => {
      // Spans that share a variable (`span = tracer.startSpan(...)` again) see the same calls: report each once.
      const reported = new Set<unknown>();
      for (const analysis of model.spans()) {
        // Another tracing API's span (SpanCreation.foreign) may end differently (`finish()`) and keep what comes after.
        if (analysis.span.creation.foreign) continue;
        const name = analysis.span.creation.spanId?.name ?? 'span';
        for (const end of analysis.uses?.directEnds ?? []) {
          const method = laterCallbackTaker(end);
          if (!method || reported.has(end)) continue;
          reported.add(end);
          const data = { name, method };
          context.report({
            node: end,
            messageId: 'endCalledNotPassed',
            data,
            suggest: [{ messageId: 'passEndCallback', data, fix: (fixer) => fixer.insertTextBefore(end, '() => ') }],
          });
        }
        for (const found of findPrematureEnds(sourceCode, model.throws, analysis)) {
          if (reported.has(found.end)) continue;
          reported.add(found.end);
          const data = { name: analysis.span.creation.spanId?.name ?? 'span', promiseLine: found.promise.loc.start.line, fate: FATE[found.fate] };
          const awaitFix = awaitSuggestion(sourceCode, found);
          context.report({
            node: found.end,
            messageId: 'endedBeforePromise',
            data,
            suggest: awaitFix ? [{ messageId: 'awaitPromise', data, fix: awaitFix }] : [],
          });
        }
      }
    });
  },
});

/** `work();` → `await work();`, `return work()` → `return await work()`, in an async function. */
function awaitSuggestion(sourceCode: Readonly<TSESLint.SourceCode>, found: PrematureEnd): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  if (found.fate === 'void' || found.fate === 'stored') return null;
  const owner = enclosingFunction(found.promise);
  if (!owner?.async) return null;
  const promise = found.promise;
  if (promise.parent.type === AST_NODE_TYPES.ArrowFunctionExpression) return null;
  return (fixer) => fixer.insertTextBefore(promise, 'await ');
}

/** Functions that take a callback to run later: a promise's handlers, timers, listeners. */
const LATER_CALLBACK_TAKERS: ReadonlySet<string> = new Set(['then', 'catch', 'finally', 'setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'on', 'once', 'addEventListener']);

/** `promise.finally(span.end())`: the end() call is an argument of a function that wants a callback; its name, else null. */
function laterCallbackTaker(end: TSESTree.CallExpression): string | null {
  const parent = end.parent;
  if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee === end || !parent.arguments.includes(end)) return null;
  const name = nameOf(skipTypeWrappers(parent.callee));
  return name && LATER_CALLBACK_TAKERS.has(name) ? name : null;
}

