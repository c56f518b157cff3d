/**
 * One real OpenTelemetry SDK per test process, for execution tests of transformed code: a BasicTracerProvider that
 * exports to memory, the async-hooks context manager (so `startActiveSpan` parents nest across awaits) and the W3C
 * propagators (traceparent + baggage). Registration is global and happens once; call `reset()` between tests.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncHooksContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface OtelTestSdk {
  exporter: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  /** Forgets finished spans, so each test sees only its own. */
  reset(): void;
}

let sdk: OtelTestSdk | undefined;

export function setupOtelSdk(): OtelTestSdk {
  if (sdk) return sdk;
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncHooksContextManager();
  contextManager.enable();
  // The API's setters return false when something else registered first; that would make every assertion misleading.
  const registered = [
    context.setGlobalContextManager(contextManager),
    trace.setGlobalTracerProvider(tracerProvider),
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    ),
  ];
  if (registered.includes(false)) throw new Error('otel-sdk test helper: an OpenTelemetry global was already registered');
  sdk = { exporter, tracerProvider, reset: () => exporter.reset() };
  return sdk;
}
