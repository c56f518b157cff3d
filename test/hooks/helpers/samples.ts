/** Source files committed in the hook tests. */

/** A span that is never ended when the card is missing: what otel/end-span-in-finally reports. */
export const UNENDED_SPAN = `import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('checkout');

export function chargeCard(order) {
  const span = tracer.startSpan('chargeCard');
  if (!order.card) throw new Error('no card on file');
  span.end();
  return { charged: order.total };
}
`;

/** The same function done right: ended in finally, errors recorded. */
export const ENDED_SPAN = `import { SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('checkout');

export function chargeCard(order) {
  return tracer.startActiveSpan('chargeCard', (span) => {
    try {
      if (!order.card) throw new Error('no card on file');
      return { charged: order.total };
    } catch (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
`;

/** A function tagged for wrap-spans, not wrapped yet. */
export const TRACED_UNWRAPPED = `/** @traced */
export async function loadOrder(id) {
  return { id };
}
`;
