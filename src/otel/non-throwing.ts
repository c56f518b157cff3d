/**
 * OpenTelemetry API calls that never throw. The API is designed not to throw (a no-op or a logged diag message
 * instead), so a call on `trace.*`, `context.*`, `propagation.*`, `diag.*`, a baggage or a span is not a place
 * where the traced work can fail. The names live in ./api.ts; this module matches calls against them.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  GET_ACTIVE_SPAN,
  GET_SPAN,
  NON_THROWING_API_FUNCTIONS,
  NON_THROWING_API_OBJECT_METHODS,
  NON_THROWING_BAGGAGE_METHODS,
  NON_THROWING_TRACE_METHODS,
  OPENTRACING_SPAN_METHODS,
  SPAN_CHAINABLE_METHODS,
  SPAN_METHODS,
  SPAN_ONLY_METHODS,
  START_SPAN,
} from './api.js';
import { memberName, nameOf, skipValueWrappers } from './ast.js';

/** Names that say "this is a span": `span`, `childSpan`, `this._span`, `ctx.span`. */
const SPAN_LIKE_NAME = /span$/i;

/**
 * Whether `node` evaluates to a span: a variable or member named like one, `trace.getActiveSpan()`,
 * `trace.getSpan(ctx)`, or a chainable span method called on one (`span.setAttribute(...)` returns the span).
 */
function isSpanExpression(node: TSESTree.Node, isSpan: (receiver: TSESTree.Node) => boolean): boolean {
  const value = skipValueWrappers(node);
  // The caller's own span variable, whatever its name (`child.setAttribute('a', 1).setStatus(...)`).
  if (isSpan(value)) return true;
  if (value.type === AST_NODE_TYPES.Identifier) return SPAN_LIKE_NAME.test(value.name);
  if (value.type === AST_NODE_TYPES.MemberExpression) return SPAN_LIKE_NAME.test(memberName(value) ?? '');
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipValueWrappers(value.callee);
  const method = memberName(callee);
  // `trace.getActiveSpan()`, and `tracer.startSpan('x')` itself (`tracer.startSpan('marker').end()`).
  if (method === GET_ACTIVE_SPAN || method === GET_SPAN || method === START_SPAN) return true;
  return (
    !!method && SPAN_CHAINABLE_METHODS.has(method) && callee.type === AST_NODE_TYPES.MemberExpression && isSpanExpression(callee.object, isSpan)
  );
}

/**
 * True for a call of the OpenTelemetry API that cannot throw. `isSpan` lets a caller add receivers it knows are
 * spans (a rule's own span variable, whatever its name).
 */
export function isNonThrowingOtelCall(call: TSESTree.CallExpression, isSpan: (receiver: TSESTree.Node) => boolean = () => false): boolean {
  const callee = skipValueWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return NON_THROWING_API_FUNCTIONS.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  if (!method) return false;
  if (NON_THROWING_TRACE_METHODS.has(method) || NON_THROWING_BAGGAGE_METHODS.has(method)) return true;
  const receiver = skipValueWrappers(callee.object);
  // An OpenTracing span's methods (`span.finish()`, `span.setTag(...)`), on a value known or named to be a span.
  if ((SPAN_METHODS.has(method) || OPENTRACING_SPAN_METHODS.has(method)) && isSpanExpression(receiver, isSpan)) return true;
  // Method names only spans have (`m.addLink(...)`, `s.spanContext()`): whatever the variable is called.
  if (SPAN_ONLY_METHODS.has(method)) return true;
  // `trace.getTracer()`, `api.propagation.inject()`, `diag.warn()`.
  const receiverName = nameOf(receiver);
  const methods = receiverName ? NON_THROWING_API_OBJECT_METHODS.get(receiverName) : undefined;
  return methods === 'all' || (!!methods && methods.has(method));
}
