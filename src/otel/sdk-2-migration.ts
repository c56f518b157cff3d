/**
 * The one place for what changed between the OpenTelemetry JS SDK 1.x and 2.x, for the migrate-sdk-2 codemod.
 * Sources: the SDK repository's doc/upgrade-to-2.x.md (the list of changes and the advice quoted in reports),
 * @opentelemetry/core 1.30's utils/environment.ts (each variable's type and default, DEFAULT_ENVIRONMENT), and the
 * 2.x type definitions of core, resources, sdk-trace-base, sdk-metrics and sdk-logs (the names and option shapes).
 */
import { API_MODULE } from './api.js';

export const RESOURCES_MODULE = '@opentelemetry/resources';
export const CORE_MODULE = '@opentelemetry/core';
const SDK_TRACE_BASE_MODULE = '@opentelemetry/sdk-trace-base';
export const SDK_METRICS_MODULE = '@opentelemetry/sdk-metrics';
const SDK_LOGS_MODULE = '@opentelemetry/sdk-logs';
const INSTRUMENTATION_MODULE = '@opentelemetry/instrumentation';

/** The tracing SDK packages: they export the same span and provider types (node and web re-export base). */
export const SDK_TRACE_MODULES: readonly string[] = [SDK_TRACE_BASE_MODULE, '@opentelemetry/sdk-trace-node', '@opentelemetry/sdk-trace-web'];

/** Where an export lives in 2.x when its 1.x name or module changed. */
export interface ExportMove {
  module: string;
  name: string;
  /** Only a type in 2.x (imports of it are written as type imports). */
  typeOnly?: boolean;
}

/**
 * 1.x exports that 2.x has under another name or in another package: module → 1.x name → 2.x place. A reference
 * keeps working once its import names the 2.x place (the local name is kept when the new name is taken).
 */
export const MOVED_EXPORTS: ReadonlyMap<string, ReadonlyMap<string, ExportMove>> = new Map([
  [
    RESOURCES_MODULE,
    new Map<string, ExportMove>([
      ['IResource', { module: RESOURCES_MODULE, name: 'Resource', typeOnly: true }],
      ['ResourceAttributes', { module: API_MODULE, name: 'Attributes', typeOnly: true }],
      ['envDetectorSync', { module: RESOURCES_MODULE, name: 'envDetector' }],
      ['hostDetectorSync', { module: RESOURCES_MODULE, name: 'hostDetector' }],
      ['osDetectorSync', { module: RESOURCES_MODULE, name: 'osDetector' }],
      ['processDetectorSync', { module: RESOURCES_MODULE, name: 'processDetector' }],
      ['serviceInstanceIdDetectorSync', { module: RESOURCES_MODULE, name: 'serviceInstanceIdDetector' }],
      ['detectResourcesSync', { module: RESOURCES_MODULE, name: 'detectResources' }],
    ]),
  ],
  [
    CORE_MODULE,
    new Map<string, ExportMove>([
      ['AlwaysOnSampler', { module: SDK_TRACE_BASE_MODULE, name: 'AlwaysOnSampler' }],
      ['AlwaysOffSampler', { module: SDK_TRACE_BASE_MODULE, name: 'AlwaysOffSampler' }],
      ['ParentBasedSampler', { module: SDK_TRACE_BASE_MODULE, name: 'ParentBasedSampler' }],
      ['TraceIdRatioBasedSampler', { module: SDK_TRACE_BASE_MODULE, name: 'TraceIdRatioBasedSampler' }],
      ['RandomIdGenerator', { module: SDK_TRACE_BASE_MODULE, name: 'RandomIdGenerator' }],
      ['IdGenerator', { module: SDK_TRACE_BASE_MODULE, name: 'IdGenerator', typeOnly: true }],
      ['isWrapped', { module: INSTRUMENTATION_MODULE, name: 'isWrapped' }],
      ['ShimWrapped', { module: INSTRUMENTATION_MODULE, name: 'ShimWrapped', typeOnly: true }],
      ['InstrumentationLibrary', { module: CORE_MODULE, name: 'InstrumentationScope', typeOnly: true }],
    ]),
  ],
  [SDK_METRICS_MODULE, new Map<string, ExportMove>([['InstrumentDescriptor', { module: SDK_METRICS_MODULE, name: 'MetricDescriptor', typeOnly: true }]])],
]);

/** 1.x exports with no replacement a codemod can write: module → name → the guide's advice, for the report and the TODO. */
export const REMOVED_EXPORTS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    CORE_MODULE,
    new Map([
      ['parseEnvironment', 'removed in 2.x without replacement: read each variable with get{String,Number,Boolean,StringList}FromEnv'],
      ['DEFAULT_ENVIRONMENT', "removed in 2.x without replacement: write each variable's default where it is read"],
      ['ENVIRONMENT', 'removed in 2.x without replacement: read each variable with get{String,Number,Boolean,StringList}FromEnv'],
      ['RAW_ENVIRONMENT', 'removed in 2.x without replacement'],
      ['hexToBase64', 'removed in 2.x without replacement (it was internal to the OTLP exporters)'],
      ['hexToBinary', 'removed in 2.x without replacement'],
      ['TracesSamplerValues', "removed in 2.x (it was internal): use the sampler names as strings ('parentbased_always_on', …)"],
      ['VERSION', 'removed in 2.x'],
      ['TimeOriginLegacy', 'removed in 2.x'],
      ['isAttributeKey', 'removed in 2.x (it was exported by accident)'],
      ['DEFAULT_ATTRIBUTE_COUNT_LIMIT', 'removed in 2.x: the value was 128'],
      ['DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'removed in 2.x: the value was Infinity'],
      ['DEFAULT_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT', 'removed in 2.x: the value was 128'],
      ['DEFAULT_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT', 'removed in 2.x: the value was 128'],
      ['baggageUtils', 'removed in 2.x: use parseKeyPairsIntoRecord from @opentelemetry/core; the other helpers were internal'],
    ]),
  ],
  [
    RESOURCES_MODULE,
    new Map([
      ['browserDetector', "removed in 2.x: use browserDetector from '@opentelemetry/opentelemetry-browser-detector'"],
      ['browserDetectorSync', "removed in 2.x: use browserDetector from '@opentelemetry/opentelemetry-browser-detector'"],
      ['Detector', 'custom detectors implement ResourceDetector in 2.x: detect() returns { attributes } (values may be promises), not a Resource'],
      ['DetectorSync', 'custom detectors implement ResourceDetector in 2.x: detect() returns { attributes } (values may be promises), not a Resource'],
    ]),
  ],
  ...SDK_TRACE_MODULES.map(
    (module) =>
      [
        module,
        new Map([
          ['Tracer', 'the Tracer class is no longer exported: get a tracer from provider.getTracer(), and use the Tracer type from @opentelemetry/api'],
          ['EXPORTER_FACTORY', 'removed in 2.x (no longer used)'],
          ['PROPAGATOR_FACTORY', 'removed in 2.x (no longer used)'],
          ['ForceFlushState', 'removed in 2.x (it was internal)'],
        ]),
      ] as const,
  ),
]);

/** Advice for a `new Span(...)` of the SDK: its class is no longer exported. */
export const NEW_SPAN_ADVICE = 'the Span class is no longer exported in 2.x: create spans with tracer.startSpan(...)';
/** The SDK's Span export: a type in 2.x, a class in 1.x. */
export const SPAN_CLASS = 'Span';

/** The 1.x Resource class and what each use becomes. */
export const RESOURCE_CLASS = 'Resource';
export const RESOURCE_FACTORIES = {
  /** `new Resource(attributes)`. */
  construct: 'resourceFromAttributes',
  /** `Resource.default()`. */
  default: 'defaultResource',
  /** `Resource.empty()` and `Resource.EMPTY`. */
  empty: 'emptyResource',
} as const;
export const RESOURCE_ADVICE =
  'the Resource class is no longer exported in 2.x: use resourceFromAttributes(), defaultResource() or emptyResource(), and the Resource type';

/** Span fields renamed in 2.x, on the SDK's span types (ReadableSpan, Span) and its Tracer. */
export const PARENT_SPAN_ID = 'parentSpanId';
export const PARENT_SPAN_CONTEXT = 'parentSpanContext';
export const INSTRUMENTATION_LIBRARY = 'instrumentationLibrary';
export const INSTRUMENTATION_SCOPE = 'instrumentationScope';
/** SDK types whose values have those fields. */
export const SDK_SPAN_TYPES: ReadonlySet<string> = new Set(['ReadableSpan', 'Span']);
/** InMemorySpanExporter's `getFinishedSpans()` returns ReadableSpan[]. */
export const FINISHED_SPANS_METHOD = 'getFinishedSpans';

/** A provider class whose `add…` method became a constructor option. */
export interface ProviderAdder {
  /** The 1.x method. */
  method: string;
  /** The 2.x constructor option it becomes (an array). */
  option: string;
}

const SPAN_PROCESSORS: ProviderAdder = { method: 'addSpanProcessor', option: 'spanProcessors' };
/** Provider classes by module: the adder they lost, and whether 1.x merged the default resource into `resource`. */
export const PROVIDERS: ReadonlyMap<string, ReadonlyMap<string, ProviderAdder>> = new Map([
  [SDK_TRACE_BASE_MODULE, new Map([['BasicTracerProvider', SPAN_PROCESSORS]])],
  ['@opentelemetry/sdk-trace-node', new Map([['NodeTracerProvider', SPAN_PROCESSORS]])],
  ['@opentelemetry/sdk-trace-web', new Map([['WebTracerProvider', SPAN_PROCESSORS]])],
  [SDK_METRICS_MODULE, new Map([['MeterProvider', { method: 'addMetricReader', option: 'readers' }]])],
  [SDK_LOGS_MODULE, new Map([['LoggerProvider', { method: 'addLogRecordProcessor', option: 'processors' }]])],
]);
export const PROVIDER_ADDER_METHODS: ReadonlySet<string> = new Set(['addSpanProcessor', 'addMetricReader', 'addLogRecordProcessor']);
export const ADDER_ADVICE =
  'removed in 2.x: pass it in the provider constructor options (spanProcessors, readers or processors); move this call next to the provider, or the processor into the options, by hand';

/** The provider whose `register()` 2.x removed (NodeTracerProvider and WebTracerProvider keep theirs). */
export const UNREGISTERED_PROVIDER = { module: SDK_TRACE_BASE_MODULE, name: 'BasicTracerProvider', method: 'register' } as const;
export const REGISTER_ADVICE =
  'BasicTracerProvider#register() is removed in 2.x: use NodeTracerProvider or WebTracerProvider, whose register() stays, or call trace.setGlobalTracerProvider(provider) from @opentelemetry/api (and context.setGlobalContextManager, propagation.setGlobalPropagator if this relied on them)';

/**
 * 1.x providers merged `resource` into the default resource (unless `mergeResourceWithDefaults: false`); 2.x uses
 * `resource` as given. `defaultResource().merge(resource)` keeps the 1.x result.
 */
export const MERGE_RESOURCE_OPTION = 'resource';
export const MERGE_WITH_DEFAULTS_OPTION = 'mergeResourceWithDefaults';

export const PROVIDER_ENV_EXPORTER_ADVICE =
  "BasicTracerProvider and NodeTracerProvider no longer create exporters from OTEL_TRACES_EXPORTER (nor propagators from OTEL_PROPAGATORS) in 2.x: pass spanProcessors, or use NodeSDK from '@opentelemetry/sdk-node'";

/** sdk-metrics 1.x `View` and `*Aggregation` classes, and the 2.x option objects. */
export const VIEW_CLASS = 'View';
export const AGGREGATION_TYPE_ENUM = 'AggregationType';
/** The 1.x aggregation classes: the AggregationType member and the names of their constructor parameters. */
export const AGGREGATIONS: ReadonlyMap<string, { type: string; parameters: readonly string[] }> = new Map([
  ['DefaultAggregation', { type: 'DEFAULT', parameters: [] }],
  ['DropAggregation', { type: 'DROP', parameters: [] }],
  ['SumAggregation', { type: 'SUM', parameters: [] }],
  ['LastValueAggregation', { type: 'LAST_VALUE', parameters: [] }],
  ['HistogramAggregation', { type: 'EXPLICIT_BUCKET_HISTOGRAM', parameters: [] }],
  ['ExplicitBucketHistogramAggregation', { type: 'EXPLICIT_BUCKET_HISTOGRAM', parameters: ['boundaries', 'recordMinMax'] }],
  ['ExponentialHistogramAggregation', { type: 'EXPONENTIAL_HISTOGRAM', parameters: ['maxSize', 'recordMinMax'] }],
]);
/** 1.x `Aggregation.Sum()` and friends: the static factories of the base class. */
export const AGGREGATION_BASE_CLASS = 'Aggregation';
export const AGGREGATION_FACTORIES: ReadonlyMap<string, string> = new Map([
  ['Default', 'DEFAULT'],
  ['Drop', 'DROP'],
  ['Sum', 'SUM'],
  ['LastValue', 'LAST_VALUE'],
  ['Histogram', 'EXPLICIT_BUCKET_HISTOGRAM'],
  ['ExponentialHistogram', 'EXPONENTIAL_HISTOGRAM'],
]);
/** The View option 2.x replaced: `attributeKeys: keys` → `attributesProcessors: [createAllowListAttributesProcessor(keys)]`. */
export const VIEW_ATTRIBUTE_KEYS = 'attributeKeys';
export const VIEW_ATTRIBUTES_PROCESSORS = 'attributesProcessors';
export const ALLOW_LIST_PROCESSOR = 'createAllowListAttributesProcessor';
export const VIEW_ADVICE = 'the View class is removed in 2.x: pass a ViewOptions object (aggregation as { type: AggregationType.X, options })';
export const AGGREGATION_ADVICE = 'the Aggregation classes are removed in 2.x: pass { type: AggregationType.X, options } instead';

/** The kind of an `OTEL_*` variable in 1.x's `getEnv()`, which decides its 2.x reader. */
export type EnvKind = 'string' | 'number' | 'boolean' | 'list' | 'logLevel';

/** The 2.x reader of each kind (from @opentelemetry/core). */
export const ENV_READERS: Readonly<Record<Exclude<EnvKind, 'logLevel'>, string>> = {
  string: 'getStringFromEnv',
  number: 'getNumberFromEnv',
  boolean: 'getBooleanFromEnv',
  list: 'getStringListFromEnv',
};
/** `OTEL_LOG_LEVEL` is read as `diagLogLevelFromString(getStringFromEnv('OTEL_LOG_LEVEL'))`. */
export const LOG_LEVEL_READER = 'diagLogLevelFromString';
export const GET_ENV = 'getEnv';
export const GET_ENV_WITHOUT_DEFAULTS = 'getEnvWithoutDefaults';
export const GET_ENV_ADVICE = "getEnv() is removed in 2.x: read each variable with get{String,Number,Boolean,StringList}FromEnv('OTEL_…') ?? its default";

/**
 * A default: a JavaScript value (a string is written in the file's quotes), or `{ code }` for an expression written
 * as is (with the API names it needs). `null`: the 2.x reader already returns the default (`getBooleanFromEnv` gives false).
 */
export type EnvDefault = string | number | readonly string[] | { code: string; needs: readonly string[] } | null;

export interface EnvVariable {
  kind: EnvKind;
  default: EnvDefault;
}

const s = (value: string): EnvVariable => ({ kind: 'string', default: value });
const n = (value: number): EnvVariable => ({ kind: 'number', default: value });

/** Every variable of core 1.30's DEFAULT_ENVIRONMENT with its kind and default (Infinity written as a number). */
export const ENV_VARIABLES: ReadonlyMap<string, EnvVariable> = new Map<string, EnvVariable>([
  ['OTEL_SDK_DISABLED', { kind: 'boolean', default: null }],
  ['CONTAINER_NAME', s('')],
  ['ECS_CONTAINER_METADATA_URI_V4', s('')],
  ['ECS_CONTAINER_METADATA_URI', s('')],
  ['HOSTNAME', s('')],
  ['KUBERNETES_SERVICE_HOST', s('')],
  ['NAMESPACE', s('')],
  ['OTEL_BSP_EXPORT_TIMEOUT', n(30000)],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', n(512)],
  ['OTEL_BSP_MAX_QUEUE_SIZE', n(2048)],
  ['OTEL_BSP_SCHEDULE_DELAY', n(5000)],
  ['OTEL_BLRP_EXPORT_TIMEOUT', n(30000)],
  ['OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', n(512)],
  ['OTEL_BLRP_MAX_QUEUE_SIZE', n(2048)],
  ['OTEL_BLRP_SCHEDULE_DELAY', n(5000)],
  ['OTEL_EXPORTER_JAEGER_AGENT_HOST', s('')],
  ['OTEL_EXPORTER_JAEGER_AGENT_PORT', n(6832)],
  ['OTEL_EXPORTER_JAEGER_ENDPOINT', s('')],
  ['OTEL_EXPORTER_JAEGER_PASSWORD', s('')],
  ['OTEL_EXPORTER_JAEGER_USER', s('')],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', s('')],
  ['OTEL_EXPORTER_OTLP_HEADERS', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_HEADERS', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_HEADERS', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_HEADERS', s('')],
  ['OTEL_EXPORTER_OTLP_TIMEOUT', n(10000)],
  ['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', n(10000)],
  ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', n(10000)],
  ['OTEL_EXPORTER_OTLP_LOGS_TIMEOUT', n(10000)],
  ['OTEL_EXPORTER_ZIPKIN_ENDPOINT', s('http://localhost:9411/api/v2/spans')],
  ['OTEL_LOG_LEVEL', { kind: 'logLevel', default: { code: 'DiagLogLevel.INFO', needs: ['DiagLogLevel'] } }],
  ['OTEL_NO_PATCH_MODULES', { kind: 'list', default: [] }],
  ['OTEL_PROPAGATORS', { kind: 'list', default: ['tracecontext', 'baggage'] }],
  ['OTEL_RESOURCE_ATTRIBUTES', s('')],
  ['OTEL_SERVICE_NAME', s('')],
  ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', n(Infinity)],
  ['OTEL_ATTRIBUTE_COUNT_LIMIT', n(128)],
  ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', n(Infinity)],
  ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', n(128)],
  ['OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', n(Infinity)],
  ['OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', n(128)],
  ['OTEL_SPAN_EVENT_COUNT_LIMIT', n(128)],
  ['OTEL_SPAN_LINK_COUNT_LIMIT', n(128)],
  ['OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT', n(128)],
  ['OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT', n(128)],
  ['OTEL_TRACES_EXPORTER', s('')],
  ['OTEL_TRACES_SAMPLER', s('parentbased_always_on')],
  ['OTEL_TRACES_SAMPLER_ARG', s('')],
  ['OTEL_LOGS_EXPORTER', s('')],
  ['OTEL_EXPORTER_OTLP_INSECURE', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_INSECURE', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_INSECURE', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_INSECURE', s('')],
  ['OTEL_EXPORTER_OTLP_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_COMPRESSION', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_COMPRESSION', s('')],
  ['OTEL_EXPORTER_OTLP_CLIENT_KEY', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY', s('')],
  ['OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE', s('')],
  ['OTEL_EXPORTER_OTLP_PROTOCOL', s('http/protobuf')],
  ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', s('http/protobuf')],
  ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', s('http/protobuf')],
  ['OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', s('http/protobuf')],
  ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', s('cumulative')],
  ['OTEL_SEMCONV_STABILITY_OPT_IN', { kind: 'list', default: [] }],
]);

/**
 * The SDK 2.x release lines (upgrade guide's package table): stable packages at 2.x, the experimental ones at 0.200.x
 * and later. The experimental target is 0.201: sdk-logs 0.200.0's LoggerProvider has no `processors` option (0.201.0
 * added it, keeping addLogRecordProcessor), and a caret on a 0.x version stays within its minor, so `^0.200.0` would
 * never reach it. 0.201 goes with stable 2.0.1, which `^2.0.0` allows.
 */
export const STABLE_SDK_RANGE = '^2.0.0';
export const EXPERIMENTAL_SDK_RANGE = '^0.201.0';
/** The first SDK 2.x versions: below them, a project is on SDK 1.x. */
export const FIRST_SDK_2 = { stable: { major: 2, minor: 0 }, experimental: { major: 0, minor: 200 } } as const;
/** The first version of each line the codemod's output works with; anything at or above it is left as it is. */
export const STABLE_SDK_MIN = { major: 2, minor: 0 } as const;
export const EXPERIMENTAL_SDK_MIN = { major: 0, minor: 201 } as const;

export const STABLE_SDK_PACKAGES: ReadonlySet<string> = new Set(
  [
    'context-async-hooks', 'context-zone', 'context-zone-peer-dep', 'core', 'exporter-jaeger', 'exporter-zipkin', 'propagator-b3',
    'propagator-jaeger', 'resources', 'sdk-metrics', 'sdk-trace-base', 'sdk-trace-node', 'sdk-trace-web', 'shim-opentracing',
  ].map((name) => `@opentelemetry/${name}`),
);

export const EXPERIMENTAL_SDK_PACKAGES: ReadonlySet<string> = new Set(
  [
    'api-events', 'api-logs', 'exporter-logs-otlp-grpc', 'exporter-logs-otlp-http', 'exporter-logs-otlp-proto',
    'exporter-metrics-otlp-grpc', 'exporter-metrics-otlp-http', 'exporter-metrics-otlp-proto', 'exporter-prometheus',
    'exporter-trace-otlp-grpc', 'exporter-trace-otlp-http', 'exporter-trace-otlp-proto', 'instrumentation', 'instrumentation-fetch',
    'instrumentation-grpc', 'instrumentation-http', 'instrumentation-xml-http-request', 'opentelemetry-browser-detector',
    'otlp-exporter-base', 'otlp-grpc-exporter-base', 'otlp-transformer', 'sampler-jaeger-remote', 'sdk-events', 'sdk-logs', 'sdk-node',
    'shim-opencensus', 'web-common',
  ].map((name) => `@opentelemetry/${name}`),
);

/** Packages versioned on their own (not part of "SDK 2.x"): their ranges are left alone. */
export const INDEPENDENT_PACKAGES: ReadonlySet<string> = new Set(['@opentelemetry/api', '@opentelemetry/semantic-conventions']);
