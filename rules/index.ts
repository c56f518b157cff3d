/** The rule registry: the plugin, its configs, the CLI and the docs table derive from this one list. */
import endSpanInFinally from './end-span-in-finally.js';
import noDeprecatedSemconv from './no-deprecated-semconv.js';
import noDiscardedContext from './no-discarded-context.js';
import noPrematureSpanEnd from './no-premature-span-end.js';
import noSensitiveBaggage from './no-sensitive-baggage.js';
import noSpanUseAfterEnd from './no-span-use-after-end.js';
import recordSpanErrors from './record-span-errors.js';
import spanNameCardinality from './span-name-cardinality.js';

export const rules = {
  'end-span-in-finally': endSpanInFinally,
  'record-span-errors': recordSpanErrors,
  'no-sensitive-baggage': noSensitiveBaggage,
  'no-span-use-after-end': noSpanUseAfterEnd,
  'no-premature-span-end': noPrematureSpanEnd,
  'span-name-cardinality': spanNameCardinality,
  'no-discarded-context': noDiscardedContext,
  'no-deprecated-semconv': noDeprecatedSemconv,
};

export const RULE_PREFIX = 'otel';
