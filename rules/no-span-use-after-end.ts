/**
 * otel/no-span-use-after-end: a span method (`setAttribute(s)`, `addEvent`, `addLink(s)`, `recordException`,
 * `setStatus`, `updateName`, `end`) called on a code path after the span's `end()`. The SDK drops the call and at
 * most prints a warning, so the attribute, event or exception is silently lost; a second `end()` is a double end.
 *
 * Built on the span model (src/otel/span-model/): the path search starts at each `end()` of the span's binding
 * (src/otel/span-model/after-end.ts). Code paths, not line order: `if (a) span.end(); else span.setStatus(s)` is fine.
 */
import { findUsesAfterEnd } from '../src/otel/span-model/after-end.js';
import { spanRuleListeners, useSpanModel } from '../src/otel/span-model/model.js';
import { TRACER_SETTINGS_SCHEMA, tracerSettings, type TracerSettings } from '../src/otel/tracer-evidence.js';
import { SPAN_END } from '../src/otel/api.js';
import { createRule } from '../src/util/create-rule.js';

export type MessageIds = 'useAfterEnd' | 'endedTwice';
export type Options = [Partial<TracerSettings>];

export default createRule<Options, MessageIds>({
  name: 'no-span-use-after-end',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow calling span methods after the span has ended, and ending a span twice',
      recommended: true,
      usesTypeInformation: true,
    },
    messages: {
      useAfterEnd:
        "Span '{{name}}' is already ended here (end() on line {{endLine}}) on some path: this {{method}}() is dropped by the SDK. Call it before end().",
      endedTwice: "Span '{{name}}' may be ended twice: end() on line {{endLine}} already ran on some path to this one. End it once, in a finally block.",
    },
    schema: [{ type: 'object', additionalProperties: false, properties: TRACER_SETTINGS_SCHEMA }],
    defaultOptions: [{}],
  },
  create(context, [options]) {
    const spanModel = useSpanModel(context, tracerSettings(context, options));
    if (!spanModel) return {};
    const { model } = spanModel;
    return spanRuleListeners(spanModel.listeners, () => {
      // Spans that share a variable (`span = tracer.startSpan(...)` again) see the same calls: report each once.
      const reported = new Set<unknown>();
      for (const analysis of model.spans({ lookAlikes: true })) {
        // Another tracing API's span (SpanCreation.foreign) may keep what is added after its end (a library's own Span).
        if (analysis.span.creation.foreign) continue;
        for (const found of findUsesAfterEnd(analysis, model.throws.functions)) {
          if (reported.has(found.use)) continue;
          reported.add(found.use);
          context.report({
            node: found.use,
            messageId: found.method === SPAN_END ? 'endedTwice' : 'useAfterEnd',
            data: { name: analysis.span.creation.spanId?.name ?? 'span', method: found.method, endLine: found.end.loc.start.line },
          });
        }
      }
    });
  },
});
