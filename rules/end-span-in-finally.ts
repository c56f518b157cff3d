/**
 * otel/end-span-in-finally: every span from an OpenTelemetry tracer's `startSpan`/`startActiveSpan` is ended on
 * every path, throws included, by `span.end()` in a `finally` block or an equivalent guaranteed place
 * (`promise.finally(() => span.end())`, or `.then(onFulfilled, onRejected)` that both end it).
 *
 * The span model shared with the other span rules (src/otel/span-model/) records the code paths and analyses each
 * span once; this rule reports its end verdicts when the Program's code path ends.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { START_ACTIVE_SPAN } from '../src/otel/api.js';
import type { Leak } from '../src/otel/span-model/path-search.js';
import { spanRuleListeners, useSpanModel } from '../src/otel/span-model/model.js';
import { TRACER_SETTINGS_SCHEMA, tracerSettings, type TracerSettings } from '../src/otel/tracer-evidence.js';
import { memberName } from '../src/otel/ast.js';
import { createRule } from '../src/util/create-rule.js';
import { applyFinallyFix, planFinallyFix } from './end-span-in-finally/suggestion.js';

export type MessageIds = 'neverEnded' | 'notEndedOnSomePath' | 'endedInTryAndCatch' | 'endInFinally';
export type Options = [Partial<TracerSettings>];

export default createRule<Options, MessageIds>({
  name: 'end-span-in-finally',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every OpenTelemetry span to be ended on every path, throws included, in a finally block',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      neverEnded:
        "Span '{{name}}' from {{method}}() is never ended: it leaks memory and never reaches the backend. End it in a finally block.",
      notEndedOnSomePath:
        "Span '{{name}}' from {{method}}() is not ended {{where}}. End it in a finally block that covers every path.",
      endedInTryAndCatch:
        "Span '{{name}}' from {{method}}() is ended on the success path and again in the catch clause instead of once in a finally block. {{advice}}",
      endInFinally: 'End the span in a finally block.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: TRACER_SETTINGS_SCHEMA,
      },
    ],
    defaultOptions: [{}],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const spanModel = useSpanModel(context, tracerSettings(context, options));
    if (!spanModel) return {};
    const { model } = spanModel;

    function reportAll(): void {
      for (const creation of model.discarded) {
        if (creation.autoEnding || !creation.certain) continue;
        context.report({ node: creation.call, messageId: 'neverEnded', data: { name: 'span', method: memberName(creation.call.callee) ?? '' } });
      }
      for (const analysis of model.spans()) {
        const verdict = analysis.end;
        if (!verdict) continue;
        const { call } = analysis.span.creation;
        const data = {
          name: analysis.span.creation.spanId?.name ?? 'span',
          method: memberName(call.callee) ?? (call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : START_ACTIVE_SPAN),
          where: verdict.kind === 'leaks' ? describeLeak(verdict.leak, analysis.record.owner) : '',
          // A function that may return a promise cannot end in finally (it would end before the promise settles).
          advice:
            (analysis.uses?.endingClosures.size ?? 0) > 0
              ? 'The function may return a promise, which ends the span when it settles: set a flag where the promise takes the span over, and end the span in finally unless the flag is set.'
              : 'End it once, in finally, so that no path can skip or repeat it.',
        };
        const fix = verdict.kind === 'neverEnded' ? null : planFinallyFix(sourceCode, analysis);
        context.report({
          node: call,
          // The call's head, not the whole callback of a startActiveSpan call.
          loc: { start: call.loc.start, end: call.callee.loc.end },
          messageId: verdict.kind === 'neverEnded' ? 'neverEnded' : verdict.kind === 'leaks' ? 'notEndedOnSomePath' : 'endedInTryAndCatch',
          data,
          suggest: fix ? [{ messageId: 'endInFinally', data, fix: (fixer) => applyFinallyFix(fixer, sourceCode, fix) }] : [],
        });
      }
    }

    return spanRuleListeners(spanModel.listeners, reportAll);
  },
});

function describeLeak(leak: Leak, owner: TSESTree.Node): string {
  const line = (node: TSESTree.Node): string => String(node.loc.start.line);
  switch (leak.kind) {
    case 'exit':
      if (!leak.node) {
        const end = owner.type === AST_NODE_TYPES.Program ? 'the end of the module' : 'the end of the function';
        return `when execution reaches ${end} (line ${String(owner.loc.end.line)})`;
      }
      return `${leak.node.type === AST_NODE_TYPES.ReturnStatement ? 'at the return' : 'at the throw'} on line ${line(leak.node)}`;
    case 'again':
      return `before a new span replaces it on line ${line(leak.node)}`;
    case 'throw':
      if (leak.node.type === AST_NODE_TYPES.AwaitExpression) return `if the await on line ${line(leak.node)} rejects`;
      if (leak.node.type === AST_NODE_TYPES.YieldExpression) return `if the consumer stops at the yield on line ${line(leak.node)}`;
      return `if the ${leak.node.type === AST_NODE_TYPES.NewExpression ? 'constructor' : 'call'} on line ${line(leak.node)} throws`;
    case 'reject':
      return `if the promise on line ${line(leak.node)} rejects`;
  }
}
