/** The rule registry: the plugin, its configs, the CLI and the docs table derive from this one list. */
import endSpanInFinally from './end-span-in-finally.js';
import noSensitiveBaggage from './no-sensitive-baggage.js';
import recordSpanErrors from './record-span-errors.js';

export const rules = {
  'end-span-in-finally': endSpanInFinally,
  'record-span-errors': recordSpanErrors,
  'no-sensitive-baggage': noSensitiveBaggage,
};

export type RuleName = keyof typeof rules;
export const RULE_PREFIX = 'otel';
