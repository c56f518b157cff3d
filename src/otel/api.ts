/**
 * The one place for OpenTelemetry JS API knowledge. Rules and transforms ask this module;
 * they do not repeat module names, method names, overloads or status codes.
 * Facts checked against @opentelemetry/api 1.9: its type definitions (build/src/index.d.ts) and the API reference at
 * https://open-telemetry.github.io/opentelemetry-js/modules/_opentelemetry_api.html.
 */

/** The API package every hand-instrumented file imports from. */
export const API_MODULE = '@opentelemetry/api';
/** Any module under this scope counts as evidence that a file uses OpenTelemetry. */
export const OTEL_SCOPE = '@opentelemetry/';

/**
 * A specifier as Deno and CDN imports write it, reduced to the package path Node would resolve:
 * `npm:@opentelemetry/api@1.9.0` and `https://esm.sh/@opentelemetry/api@1.9.0` name `@opentelemetry/api`.
 */
export function packageSpecifier(source: string): string {
  const bare = source.replace(/^(?:npm:|https?:\/\/(?:esm\.sh\/(?:v\d+\/)?|cdn\.skypack\.dev\/|cdn\.jsdelivr\.net\/npm\/|unpkg\.com\/))/, '');
  if (bare === source) return source;
  // The version follows the package name (`@scope/name@1.2.3/sub`, `name@^1`): drop it, keep any subpath; a CDN's
  // query (`?target=deno`) and jsDelivr's `/+esm` build are no part of the module's name.
  return bare
    .replace(/[?#].*$/, '')
    .replace(/\/\+esm$/, '')
    .replace(/^((?:@[^/@]+\/)?[^/@]+)@[^/]*/, '$1');
}

/** The API packages (not the SDK's): the tracing, metrics and context API, and the logs and events APIs beside it. */
const API_PACKAGES: ReadonlySet<string> = new Set([API_MODULE, '@opentelemetry/api-logs', '@opentelemetry/api-events']);

/** An OpenTelemetry API package, built never to throw: `@opentelemetry/api`, `@opentelemetry/api-logs`. */
export const isOtelApiModule = (source: string): boolean => API_PACKAGES.has(packageSpecifier(source));

export const isOtelModule = (source: string): boolean => {
  const specifier = packageSpecifier(source);
  return specifier === API_MODULE || specifier.startsWith(OTEL_SCOPE);
};

/**
 * SDKs built on OpenTelemetry whose `startSpan(name, attributes?, options?)` hands out an OpenTelemetry `Span` that
 * the caller must end (Pydantic Logfire's JavaScript packages; their `span(name, …, callback)` ends its own).
 */
const OTEL_DISTRIBUTION_MODULES: ReadonlySet<string> = new Set([
  'logfire',
  '@pydantic/logfire-api',
  '@pydantic/logfire-node',
  '@pydantic/logfire-browser',
  '@pydantic/logfire-cf-workers',
]);
export const isOtelDistributionModule = (source: string): boolean => OTEL_DISTRIBUTION_MODULES.has(source);

/** `trace.getTracer(name, version?)` returns a Tracer. */
export const TRACE_API = 'trace';
export const GET_TRACER = 'getTracer';
/** API methods that hand out API objects (a tracer, meter, logger or their providers), whose methods do not throw. */
export const API_OBJECT_FACTORIES: ReadonlySet<string> = new Set([
  'getTracer',
  'getMeter',
  'getLogger',
  'getTracerProvider',
  'getMeterProvider',
  'getLoggerProvider',
]);
export const TRACER_TYPE = 'Tracer';
/** What `startSpan` returns. */
export const SPAN_TYPE = 'Span';

export const START_SPAN = 'startSpan';
export const START_ACTIVE_SPAN = 'startActiveSpan';
export const SPAN_CREATING_METHODS: ReadonlySet<string> = new Set([START_SPAN, START_ACTIVE_SPAN]);

/**
 * Overloads. `startSpan(name, options?, context?)`: no function argument.
 * `startActiveSpan(name, fn) | (name, options, fn) | (name, options, context, fn)`: the callback is always last.
 */
export const START_SPAN_ARITY = { min: 1, max: 3 } as const;
export const START_ACTIVE_SPAN_ARITY = { min: 2, max: 4 } as const;

export const SPAN_END = 'end';
export const SPAN_RECORD_EXCEPTION = 'recordException';
/**
 * The event `recordException` adds (the semantic conventions' `exception` event): `span.addEvent('exception', {
 * 'exception.type': …, 'exception.message': … })` records the exception by hand.
 */
const SPAN_ADD_EVENT = 'addEvent';
const EXCEPTION_EVENT_NAME = 'exception';

/**
 * A span method call that records an exception: `recordException(err)`, or its event by hand (SPAN_ADD_EVENT), the
 * name a string literal or a template literal without substitutions.
 */
export function recordsException(method: string, firstArgument: EventNameNode | undefined): boolean {
  if (method === SPAN_RECORD_EXCEPTION) return true;
  if (method !== SPAN_ADD_EVENT || !firstArgument) return false;
  if (firstArgument.type === 'Literal') return firstArgument.value === EXCEPTION_EVENT_NAME;
  return firstArgument.type === 'TemplateLiteral' && firstArgument.quasis?.length === 1 && firstArgument.quasis[0].value.cooked === EXCEPTION_EVENT_NAME;
}

/** The shape of an event-name argument recordsException reads (any ESTree node fits it). */
interface EventNameNode {
  type: string;
  value?: unknown;
  quasis?: readonly { value: { cooked: string | null } }[];
}
export const SPAN_SET_STATUS = 'setStatus';

/** `SpanStatusCode` enum values; a literal `2` in a status object means ERROR. */
export const SpanStatus = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export const SPAN_STATUS_CODE_ENUM = 'SpanStatusCode';
export type SpanStatusName = keyof typeof SpanStatus;

/** `trace.getActiveSpan()` / `trace.getSpan(ctx)`: inside `startActiveSpan` they return the callback's span. */
export const GET_ACTIVE_SPAN = 'getActiveSpan';
export const GET_SPAN = 'getSpan';
/** `context.with(ctx, fn)` runs `fn` at once, so a span's scope continues into it. */
export const CONTEXT_WITH = 'with';
/** `context.with(ctx, fn, thisArg?, ...args)`: `fn` is the second argument, whatever follows it. */
export const CONTEXT_WITH_CALLBACK_INDEX = 1;
/** `context.with(ctx, fn, thisArg, ...args)` calls `fn(...args)`: the arguments from this index are its parameters. */
export const CONTEXT_WITH_ARGS_INDEX = 3;
/** The API's own diagnostic logger: `diag.error(...)` reports instrumentation faults, not the traced operation's. */
export const DIAG_API = 'diag';

/** Propagation and baggage API. Baggage objects are immutable: setEntry/removeEntry return a new one. */
export const PROPAGATION_API = 'propagation';
export const CONTEXT_API = 'context';

export const PROPAGATION_INJECT = 'inject';
export const CREATE_BAGGAGE = 'createBaggage';
export const BAGGAGE_SET_ENTRY = 'setEntry';
export const SET_BAGGAGE = 'setBaggage';
const GET_BAGGAGE = 'getBaggage';
const GET_ACTIVE_BAGGAGE = 'getActiveBaggage';
/** `propagation` methods that return a Baggage. */
export const BAGGAGE_SOURCE_METHODS: ReadonlySet<string> = new Set([CREATE_BAGGAGE, GET_BAGGAGE, GET_ACTIVE_BAGGAGE]);
/** Baggage methods that return a new Baggage (it is immutable). */
export const BAGGAGE_DERIVING_METHODS: ReadonlySet<string> = new Set([BAGGAGE_SET_ENTRY, 'removeEntry', 'removeEntries', 'clear']);
/** The type name @opentelemetry/api declares for baggage. */
export const BAGGAGE_TYPE = 'Baggage';

/** W3C headers written by the default propagators. */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';
export const BAGGAGE_HEADER = 'baggage';

/** Log correlation keys used by @opentelemetry/instrumentation-pino; keep them so pipelines keep working. */
export const LOG_TRACE_ID_KEY = 'trace_id';
export const LOG_SPAN_ID_KEY = 'span_id';
export const LOG_TRACE_FLAGS_KEY = 'trace_flags';

/** Packages whose presence means fetch already carries trace context (manual injection would double it). */
export const FETCH_AUTO_INSTRUMENTATION_PACKAGES = [
  '@opentelemetry/instrumentation-undici',
  '@opentelemetry/auto-instrumentations-node',
] as const;

/**
 * Packages whose presence means pino lines are already stamped with trace fields. `getNodeAutoInstrumentations()`
 * includes the pino instrumentation and enables it by default.
 */
export const PINO_INSTRUMENTATION_PACKAGES = ['@opentelemetry/instrumentation-pino', '@opentelemetry/auto-instrumentations-node'] as const;

/** Code attributes in current semantic-convention names (semconv 1.26+, `code.function.name`). */
export const ATTR_CODE_FUNCTION_NAME = 'code.function.name';
export const ATTR_CODE_FILE_PATH = 'code.file.path';

/** `trace.setSpan(ctx, span)` puts a span in a context without taking ownership of ending it. */
export const SET_SPAN = 'setSpan';

/**
 * `@opentelemetry/instrumentation`'s helpers that run instrumented code, `safeExecuteInTheMiddle(execute, onFinish,
 * preventThrowing)`: `onFinish(error, result)` runs in their `finally` (so it is the error path when `execute` throws),
 * and they rethrow the error unless `preventThrowing` is `true`.
 */
export const RUNS_INSTRUMENTED_CODE: ReadonlySet<string> = new Set(['safeExecuteInTheMiddle', 'safeExecuteInTheMiddleAsync']);
/**
 * API methods that only read or wrap context and never throw (the API is built not to throw):
 * `trace.setSpan/getSpan/getActiveSpan/...`, `context.active()`, a Context's own `getValue/setValue/deleteValue`.
 * Counted whatever the receiver is called (`api.trace.getSpan(ctx)`, `entityContext.getValue(KEY)`).
 */
export const NON_THROWING_TRACE_METHODS: ReadonlySet<string> = new Set([
  SET_SPAN,
  GET_SPAN,
  GET_ACTIVE_SPAN,
  // Tracer method of the pre-1.0 API, still in old code: returns the current span.
  'getCurrentSpan',
  'getSpanContext',
  'setSpanContext',
  'deleteSpan',
  'wrapSpanContext',
  'isSpanContextValid',
  'isValidTraceId',
  'isValidSpanId',
  'active',
  'getValue',
  'setValue',
  'deleteValue',
]);
/** Baggage methods (baggage is immutable; none of them throws). Counted on any receiver. */
export const NON_THROWING_BAGGAGE_METHODS: ReadonlySet<string> = new Set([
  'getEntry',
  'getAllEntries',
  BAGGAGE_SET_ENTRY,
  'removeEntry',
  'removeEntries',
]);
/** Top-level functions of the API that never throw: `isSpanContextValid(ctx)`, `createContextKey('x')`, ... */
export const NON_THROWING_API_FUNCTIONS: ReadonlySet<string> = new Set([
  'isSpanContextValid',
  'isValidTraceId',
  'isValidSpanId',
  'createContextKey',
  'baggageEntryMetadataFromString',
]);
/**
 * Methods of the API singletons that never throw, by singleton. `context.with(ctx, fn)` is missing on purpose: it
 * runs `fn`, which can throw. A receiver named `context` counts only for these methods, so Koa's `context.throw()`
 * still throws.
 */
export const NON_THROWING_API_OBJECT_METHODS: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map<string, ReadonlySet<string> | 'all'>([
  [
    TRACE_API,
    new Set([
      GET_TRACER,
      'getTracerProvider',
      'setGlobalTracerProvider',
      'disable',
      GET_SPAN,
      GET_ACTIVE_SPAN,
      SET_SPAN,
      'deleteSpan',
      'getSpanContext',
      'setSpanContext',
      'wrapSpanContext',
      'isSpanContextValid',
    ]),
  ],
  [CONTEXT_API, new Set(['active', 'bind', 'disable', 'setGlobalContextManager'])],
  [
    PROPAGATION_API,
    new Set([
      PROPAGATION_INJECT,
      'extract',
      'fields',
      CREATE_BAGGAGE,
      GET_BAGGAGE,
      GET_ACTIVE_BAGGAGE,
      SET_BAGGAGE,
      'deleteBaggage',
      'setGlobalPropagator',
      'disable',
    ]),
  ],
  [DIAG_API, 'all'],
  ['metrics', new Set(['getMeter', 'getMeterProvider', 'setGlobalMeterProvider', 'disable'])],
]);
/**
 * Span methods. Those in SPAN_CHAINABLE_METHODS return the span itself, so `span.addEvent('x').end()` ends it.
 * None of them throws.
 */
export const SPAN_CHAINABLE_METHODS: ReadonlySet<string> = new Set([
  'setAttribute',
  'setAttributes',
  'addEvent',
  'addLink',
  'addLinks',
  SPAN_SET_STATUS,
  'updateName',
]);
/** dd-trace's `tracer.scope().activate(span, fn)`: runs `fn` at once with the span active, like `context.with`. */
export const SCOPE_MANAGER = 'scope';
export const SCOPE_ACTIVATE = 'activate';
export const SCOPE_ACTIVATE_CALLBACK_INDEX = 1;

/** The method that ends an OpenTracing span (Jaeger clients, dd-trace), which the span rules also judge. */
export const OPENTRACING_SPAN_END = 'finish';
/** Methods that mark an OpenTracing span: OpenTelemetry spans do not have them (`log` is too common to count). */
export const OPENTRACING_ONLY_SPAN_METHODS: ReadonlySet<string> = new Set([OPENTRACING_SPAN_END, 'setTag', 'addTags', 'setOperationName', 'context']);
/** An OpenTracing span's methods: like the OpenTelemetry API's, built not to throw. */
export const OPENTRACING_SPAN_METHODS: ReadonlySet<string> = new Set([...OPENTRACING_ONLY_SPAN_METHODS, 'log', 'logEvent', 'setBaggageItem']);

/** Span methods no other common API has; `setAttribute`, `setStatus` and `end` are too common to count alone. */
export const SPAN_ONLY_METHODS: ReadonlySet<string> = new Set(['addLink', 'addLinks', 'addEvent', 'spanContext', SPAN_RECORD_EXCEPTION, 'isRecording', 'updateName']);

export const SPAN_METHODS: ReadonlySet<string> = new Set([
  ...SPAN_CHAINABLE_METHODS,
  SPAN_END,
  SPAN_RECORD_EXCEPTION,
  'isRecording',
  'spanContext',
]);

/**
 * Calls that return a new immutable object and change nothing else: a statement of one does nothing.
 * By the kind of receiver they are called on (the API singletons, a Context, a Baggage).
 */
export const IMMUTABLE_RESULT_METHODS = {
  trace: new Set([SET_SPAN, 'setSpanContext', 'deleteSpan', 'wrapSpanContext']),
  propagation: new Set([SET_BAGGAGE, 'deleteBaggage', CREATE_BAGGAGE]),
  context: new Set(['setValue', 'deleteValue']),
  baggage: BAGGAGE_DERIVING_METHODS,
} as const satisfies Record<string, ReadonlySet<string>>;
/** Methods of the API singletons (and of a Context) that return a Context. */
export const CONTEXT_RETURNING_METHODS: ReadonlySet<string> = new Set([
  ...IMMUTABLE_RESULT_METHODS.trace,
  SET_BAGGAGE,
  'deleteBaggage',
  ...IMMUTABLE_RESULT_METHODS.context,
  'active',
  'extract',
]);
/** The types @opentelemetry/api declares for its singletons and values. */
export const API_OBJECT_TYPES = { trace: 'TraceAPI', propagation: 'PropagationAPI', context: 'ContextAPI' } as const;
export type ApiObjectName = keyof typeof API_OBJECT_TYPES;
export const CONTEXT_TYPE = 'Context';
/** `ROOT_CONTEXT`: the empty context the API exports. */
export const ROOT_CONTEXT = 'ROOT_CONTEXT';
