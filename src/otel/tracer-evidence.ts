/**
 * Decides whether a `x.startSpan(...)` / `x.startActiveSpan(...)` call is an OpenTelemetry tracer call.
 *
 * The method name alone is not enough: Sentry's `startSpan({ name }, cb)` ends its own span, projects wrap
 * tracers with other argument orders, ORMs keep internal `tracer` objects. So a call counts only when
 *  1. its arguments fit an OpenTelemetry overload (see ./api.ts), and
 *  2. with type information: the receiver's type is `Tracer` declared by an `@opentelemetry/*` package;
 *     without it: the file shows OpenTelemetry evidence (an import/require of `@opentelemetry/*`) and the
 *     receiver is a known tracer (assigned from `trace.getTracer(...)`, annotated `Tracer`, or named `tracer`/`_tracer`,
 *     `this.tracer`, or a direct `trace.getTracer(...)` call).
 * Shared by every rule; the per-file evidence is computed once per SourceCode.
 */
import { typeMatchesSpecifier } from '@typescript-eslint/type-utils';
import { AST_NODE_TYPES, ASTUtils, ESLintUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, memberName, nameOf, outerExpression, skipTypeWrappers, skipValueWrappers } from './ast.js';
import { fileFacts } from './file-facts.js';
import { tracerModuleKind, type TracerModuleKind } from './project-tracers.js';
import {
  GET_TRACER,
  isOtelDistributionModule,
  isOtelModule,
  SPAN_CHAINABLE_METHODS,
  OPENTRACING_SPAN_END,
  OPENTRACING_ONLY_SPAN_METHODS,
  SPAN_END,
  SPAN_ONLY_METHODS,
  SPAN_RECORD_EXCEPTION,
  SPAN_TYPE,
  OTEL_SCOPE,
  START_ACTIVE_SPAN,
  START_ACTIVE_SPAN_ARITY,
  START_SPAN,
  START_SPAN_ARITY,
  TRACER_TYPE,
} from './api.js';

export interface SpanCreation {
  kind: typeof START_SPAN | typeof START_ACTIVE_SPAN;
  /** A `new` expression only for a look-alike span (./span-model/look-alike-spans.ts). */
  call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** startActiveSpan: the inline callback; null when the callback is a reference we cannot see into. */
  callback: FunctionNode | null;
  /**
   * The identifier the span is bound to: `const span = tracer.startSpan()`, `span = tracer.startSpan()`,
   * or the callback's first parameter. Null when the span is not bound to a plain variable
   * (returned, passed along, stored in a member): its ownership leaves this code.
   */
  spanId: TSESTree.Identifier | null;
  /** A tracer or wrapper that ends its spans itself (configured in `autoEndingTracers`): nothing to judge. */
  autoEnding: boolean;
  /** Called with OpenTelemetry's argument order (a name, options, a context, a callback): options can be added. */
  otelSignature?: boolean;
  /**
   * Known from the file's OpenTelemetry import, from types or configuration (true), or only from the project-tracer
   * heuristic (false): such a tracer may be a wrapper that ends spans itself, so a span it gives that is never
   * ended is not reported.
   */
  certain: boolean;
  /**
   * Not started by a tracer: a value the function's own calls show to be a span (./span-model/look-alike-spans.ts).
   * Only no-span-use-after-end judges it.
   */
  lookAlike?: true;
  /**
   * Started by another tracing API (no OpenTelemetry evidence in the file or its span) and ended by hand here
   * (./tracer-evidence.ts manualSpanCreation): its lifetime and error paths are judged like an OpenTelemetry span's,
   * but no suggestion writes OpenTelemetry calls on it.
   */
  foreign?: true;
  /** The method that ends this span when it is not `end()`: OpenTracing's `finish()`. */
  endMethod?: typeof OPENTRACING_SPAN_END;
}

/**
 * Project knowledge the rules cannot guess, shared by both span rules (rule options, or `settings.otel`):
 * functions that start spans (`startSpanWithParent`, `Tracing.start`) and tracers or wrappers that end their
 * spans themselves.
 */
export interface TracerSettings {
  startSpanFunctions: readonly string[];
  autoEndingTracers: readonly string[];
}

const DEFAULT_TRACER_SETTINGS: TracerSettings = { startSpanFunctions: [], autoEndingTracers: [] };

/** The options of a span rule merged with the shared `settings.otel` of the configuration. */
export function tracerSettings(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: Partial<TracerSettings>,
): TracerSettings {
  const shared = (context.settings as { otel?: Partial<TracerSettings> } | undefined)?.otel ?? {};
  // The common case, without a new object per rule and file.
  const none = (list: readonly string[] | undefined): boolean => list == null || (Array.isArray(list) && list.length === 0);
  if (none(shared.startSpanFunctions) && none(shared.autoEndingTracers) && none(options.startSpanFunctions) && none(options.autoEndingTracers)) {
    return DEFAULT_TRACER_SETTINGS;
  }
  return {
    startSpanFunctions: [...(shared.startSpanFunctions ?? []), ...(options.startSpanFunctions ?? [])],
    autoEndingTracers: [...(shared.autoEndingTracers ?? []), ...(options.autoEndingTracers ?? [])],
  };
}

export const tracerSettingsKey = (settings: TracerSettings): string =>
  `${settings.startSpanFunctions.join(',')}|${settings.autoEndingTracers.join(',')}`;

/** JSON schema properties for the two settings, shared by the rules' option schemas. */
export const TRACER_SETTINGS_SCHEMA = {
  startSpanFunctions: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description:
      'Treat calls of these project functions as starting a span the caller must end: `startSpanWithParent`, or `Tracing.start` for a method called on an object named `Tracing`.',
  },
  autoEndingTracers: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description:
      'Tracers or wrappers that end (and record) their spans themselves: receivers named like this (`tracer`, `this.tracer`, `Tracing`) are not judged.',
  },
} as const;

export interface FileEvidence {
  /** The file imports or requires some `@opentelemetry/*` module. */
  usesOtel: boolean;
  /**
   * Without an OpenTelemetry import: the file imports from a module named like a tracing setup
   * (`./tracer`, `~/telemetry`, `@acme/otel`, `../observability/tracing`) or an SDK built on OpenTelemetry
   * (`@pydantic/logfire-node`), imports a `Span`/`Tracer` type,
   * assigns a `getTracer(...)` result (or `new stalk.Tracer()`), calls span-only methods (`.recordException(`,
   * `.setStatus(`), or starts a tracer's span and finishes one OpenTracing's way (`ctx.tracer.startSpan(` … `.finish()`).
   * Each span call then still needs a tracer-like receiver and span evidence of its own (see getSpanCreation).
   * Only read when `usesOtel` is false.
   */
  usesProjectTracer: boolean;
  /**
   * The file imports or requires a module named like a tracing setup, OpenTracing or an OpenTelemetry-based SDK
   * (`./tracer`, `workers-tracing`, `jaeger-client`, `@pydantic/logfire-node`): stronger evidence than span-method
   * names in the text, which a comment or another library's span can show.
   */
  importsTracingModule: boolean;
  /** Local names bound to tracers: from `getTracer(...)` or annotated `Tracer`. */
  tracerNames: Set<string>;
}

const TRACER_NAME = /^_*tracer$/i;
/** Module specifiers that name a project's tracing setup. */
const TRACING_MODULE = /(^|[/@~.-])(trac(er|ing|es?)|telemetry|otel|opentelemetry|observability|instrumentation)([/.-]|$)/i;
/** Calls of span-only methods, in text: cheap evidence that spans are handled in the file at all. */
const SPAN_METHOD_TEXT = /\.(recordException|setStatus|setAttributes?|addEvent|spanContext|updateName)\(/;
/** OpenTracing (`opentracing`, `stalk-opentracing`, `@x/nest-opentracing`) and the tracers built on it, whose spans end with `finish()`. */
const OPENTRACING_MODULE = /(^|[/@-])opentracing([/.-]|$)|^(jaeger-client|dd-trace|lightstep-tracer)(\/|$)/;
/** Types that only OpenTelemetry-style tracing code imports. */
const TRACING_TYPES: ReadonlySet<string> = new Set(['Span', 'Tracer']);
const TRACER_SUFFIX = /Tracer$/;

function requiredModule(node: TSESTree.Node): string | null {
  return node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof node.arguments[0].value === 'string'
    ? node.arguments[0].value
    : null;
}

const importedName = (specifier: TSESTree.ImportSpecifier): string =>
  specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;

/** `trace.getTracer('x')`, `getTracer('x')`, or `new Tracer()` of a tracing library (xk6's `k6/x/otel`, a project's own). */
function isGetTracerCall(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) return inner.callee.type === AST_NODE_TYPES.Identifier && TRACER_SUFFIX.test(inner.callee.name);
  return (
    inner.type === AST_NODE_TYPES.CallExpression &&
    ((inner.callee.type === AST_NODE_TYPES.MemberExpression && memberName(inner.callee) === GET_TRACER) ||
      (inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === GET_TRACER))
  );
}

/** `require('…')`/`import('…')` of an OpenTelemetry module anywhere in the text (nested requires, lazy imports). */
const OTEL_REQUIRE_TEXT = /\b(?:require|import)\(\s*['"`]@opentelemetry\//;
/** `require('./tracing')`, anywhere in the text (nested and lazy requires too). */
const TRACING_REQUIRE_TEXT = /\brequire\(\s*['"`]([^'"`\n]+)['"`]\s*\)/g;
/**
 * Names bound to tracers, read off the text: `tracer = trace.getTracer(`, `this.tracer = getTracer(`,
 * `const t: Tracer = …`, `tracer: Tracer`, `x = new NodeTracer(`. The names only add to the receivers the rules
 * accept (`tracer`, `this.tracer`, `…Tracer` are accepted anyway), so reading text instead of the tree is safe.
 * Each `getTracer(`/`Tracer` occurrence is matched against the text just before it, on its line.
 */
const TRACER_MENTION = /getTracer\s*\(|Tracer\b/g;
// `tracer = trace.getTracer(`, `tracer = window.rum.provider?.getTracer(` (optional chaining too).
const BOUND_BEFORE_CALL = /([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*(?:new\s+)?[\w$.?]*$/;
const BOUND_BEFORE_TYPE = /([A-Za-z_$][\w$]*)\s*\??:\s*(?:[\w$]+\.)?$/;

function tracerBindings(text: string, into: Set<string>): void {
  for (const match of text.matchAll(TRACER_MENTION)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(Math.max(lineStart, match.index - 120), match.index);
    const bound = (match[0].startsWith('get') || /new\s+[\w$]*$/.test(before) ? BOUND_BEFORE_CALL : BOUND_BEFORE_TYPE).exec(before);
    if (bound) into.add(bound[1]);
  }
}
const GET_TRACER_TEXT = /\bgetTracer\s*\(|\bnew\s+[\w$.]*Tracer\s*\(/;
/** A tracer's span finished by hand, OpenTracing's way (`ctx.tracer.startSpan(...)` … `span.finish()`), in text. */
const TRACER_START_TEXT = /tracer\s*\.\s*startSpan\s*\(/i;
const FINISH_TEXT = /\.finish\(\s*\)/;

/** Whether a top-level import of `sourceCode` is an `@opentelemetry/*` module (`import`, `import x = require(...)`). */
function importsOtelModule(sourceCode: TSESLint.SourceCode): boolean {
  for (const statement of sourceCode.ast.body) {
    const node = statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    if (node.type === AST_NODE_TYPES.ImportDeclaration) {
      if (isOtelModule(node.source.value)) return true;
    } else if (
      // `import api = require('@opentelemetry/api')`
      node.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
      node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference &&
      isOtelModule(node.moduleReference.expression.value)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * An import or require of the project's own tracing module (`import { getSpan } from '@/lib/utils/trace'`) or an
 * SDK built on OpenTelemetry, which may hand out spans from functions of its own (span-model/span-factories.ts).
 */
export function importsTracingModule(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return fileEvidence(sourceCode).importsTracingModule;
}

/**
 * Evidence of a project tracer (see FileEvidence.usesProjectTracer), from the file's top-level imports, its
 * requires and a few patterns over its text.
 */
function usesProjectTracer(sourceCode: TSESLint.SourceCode): boolean {
  const text = sourceCode.text;
  // Span-only methods in use, or a tracer made here (`getTracer(...)` from a library re-exporting the API).
  if (SPAN_METHOD_TEXT.test(text) || GET_TRACER_TEXT.test(text)) return true;
  if (TRACER_START_TEXT.test(text) && FINISH_TEXT.test(text)) return true;
  return importsTracing(sourceCode, true);
}

/**
 * An import or require of a module named like a tracing setup, OpenTracing or an SDK built on OpenTelemetry (not
 * `@opentelemetry/*` itself); with `typeImports`, also an imported `Span`/`Tracer` type.
 */
function importsTracing(sourceCode: TSESLint.SourceCode, typeImports: boolean): boolean {
  const tracingModule = (source: string): boolean =>
    !isOtelModule(source) && (TRACING_MODULE.test(source) || OPENTRACING_MODULE.test(source) || isOtelDistributionModule(source));
  if (importsModule(sourceCode, tracingModule)) return true;
  return (
    typeImports &&
    sourceCode.ast.body.some(
      (node) => node.type === AST_NODE_TYPES.ImportDeclaration && node.specifiers.some((s) => s.type === AST_NODE_TYPES.ImportSpecifier && TRACING_TYPES.has(importedName(s))),
    )
  );
}

/** A top-level import or any `require()` of a module `matches` accepts. */
function importsModule(sourceCode: TSESLint.SourceCode, test: (source: string) => boolean): boolean {
  if (sourceCode.ast.body.some((node) => node.type === AST_NODE_TYPES.ImportDeclaration && test(node.source.value))) return true;
  for (const match of sourceCode.text.matchAll(TRACING_REQUIRE_TEXT)) if (test(match[1])) return true;
  return false;
}

/**
 * The file's evidence, cheaply and only as far as asked: its top-level imports, then a few patterns over its text
 * (no walk of the whole tree). Most files settle `usesOtel` from their imports; the project-tracer evidence and the
 * tracer names are read on first use (only files that call `startSpan`/`startActiveSpan` need the names).
 */
class LazyEvidence implements FileEvidence {
  private otel: boolean | undefined;
  private projectTracer: boolean | undefined;
  private tracingModule: boolean | undefined;
  private names: Set<string> | undefined;

  constructor(private readonly sourceCode: TSESLint.SourceCode) {}

  get usesOtel(): boolean {
    // A `require('@opentelemetry/…')` anywhere is also caught by OTEL_REQUIRE_TEXT.
    const text = this.sourceCode.text;
    this.otel ??= importsOtelModule(this.sourceCode) || (text.includes(OTEL_SCOPE) && OTEL_REQUIRE_TEXT.test(text));
    return this.otel;
  }

  get usesProjectTracer(): boolean {
    this.projectTracer ??= usesProjectTracer(this.sourceCode);
    return this.projectTracer;
  }

  get importsTracingModule(): boolean {
    this.tracingModule ??= importsTracing(this.sourceCode, false);
    return this.tracingModule;
  }

  get tracerNames(): Set<string> {
    if (!this.names) {
      this.names = new Set();
      tracerBindings(this.sourceCode.text, this.names);
    }
    return this.names;
  }
}

function fileEvidence(sourceCode: TSESLint.SourceCode): FileEvidence {
  const facts = fileFacts(sourceCode);
  facts.evidence ??= new LazyEvidence(sourceCode);
  return facts.evidence;
}

/**
 * Whether the file's text contains `word`, remembered per file: the rules' prefilters ask about the same few words
 * (`startSpan`, `startActiveSpan`), and each scan of a long file costs more than the rest of an unrelated file's checks.
 */
export function mentions(sourceCode: TSESLint.SourceCode, word: string): boolean {
  return fileFacts(sourceCode).mentions(word);
}

/** Cheap whole-file test rules can use to skip all work in files without OpenTelemetry evidence. */
export function fileMayUseOtel(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: TracerSettings = DEFAULT_TRACER_SETTINGS,
): boolean {
  if (hasTypeInformation(context) || settings.startSpanFunctions.length > 0) return true;
  const evidence = fileEvidence(context.sourceCode);
  return evidence.usesOtel || evidence.usesProjectTracer;
}

/** True when the file itself imports or requires `@opentelemetry/*` (no shortcut for typed linting). */
export function fileImportsOtel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  return fileEvidence(context.sourceCode).usesOtel;
}

/**
 * What the OtelValues recognizer (src/otel/api-values.ts) can ever say yes to: with type information anything,
 * without it only values in a file that imports `@opentelemetry/*`. Rules built on it skip every other file.
 */
export function fileMayHoldOtelValues(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  return hasTypeInformation(context) || fileEvidence(context.sourceCode).usesOtel;
}

export function hasTypeInformation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const services = context.sourceCode.parserServices;
  return !!services?.program && !!services.esTreeNodeToTSNodeMap;
}

const TRACER_SPECIFIER = { from: 'package', package: '@opentelemetry/api', name: TRACER_TYPE } as const;
const SPAN_SPECIFIER = { from: 'package', package: '@opentelemetry/api', name: SPAN_TYPE } as const;

/**
 * Type check: whether `node`'s type (or one member of its union) is the API's `type`. 'yes' | 'no' when the checker
 * knows, 'unknown' without type information and for any/error types.
 */
function typeIsApi(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  node: TSESTree.Node,
  type: typeof TRACER_SPECIFIER | typeof SPAN_SPECIFIER,
): 'yes' | 'no' | 'unknown' {
  if (!hasTypeInformation(context)) return 'unknown';
  const services = ESLintUtils.getParserServices(context as never);
  const found = services.getTypeAtLocation(node);
  // TypeFlags.Any = 1, TypeFlags.Unknown = 2: nothing known.
  if (found.flags & 3) return 'unknown';
  const types = found.isUnion() ? found.types : [found];
  return types.some((candidate) => typeMatchesSpecifier(candidate, type, services.program)) ? 'yes' : 'no';
}

const receiverTypeIsTracer = (context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, receiver: TSESTree.Node) =>
  typeIsApi(context, receiver, TRACER_SPECIFIER);

/** Assigned from `getTracer(...)` or annotated `Tracer` in this file (not merely named like a tracer). */
function isKnownTracer(receiver: TSESTree.Node, evidence: FileEvidence): boolean {
  const node = skipTypeWrappers(receiver);
  if (isGetTracerCall(node)) return true;
  const name = nameOf(node);
  return !!name && evidence.tracerNames.has(name);
}

function receiverLooksLikeTracer(receiver: TSESTree.Node, evidence: FileEvidence): boolean {
  const node = skipTypeWrappers(receiver);
  if (isGetTracerCall(node)) return true;
  // `tracer()`, `this.getTracer()`, `getLangfuseTracer()`: a function handing out the tracer.
  if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0) {
    const callee = skipTypeWrappers(node.callee);
    const name = nameOf(callee);
    return !!name && (TRACER_NAME.test(name) || /^_*get\w*Tracer$/.test(name));
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    return evidence.tracerNames.has(node.name) || TRACER_NAME.test(node.name) || TRACER_SUFFIX.test(node.name);
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    return !!name && (evidence.tracerNames.has(name) || TRACER_NAME.test(name) || TRACER_SUFFIX.test(name));
  }
  return false;
}

function argumentsFitOverload(kind: SpanCreation['kind'], args: TSESTree.CallExpressionArgument[]): boolean {
  if (args.some((a) => a.type === AST_NODE_TYPES.SpreadElement)) return false;
  // The first argument is the span name: never an object (Sentry's `startSpan({ name }, cb)`) or a function.
  const first = args.at(0);
  if (!first || first.type === AST_NODE_TYPES.ObjectExpression || ASTUtils.isFunction(first)) return false;
  if (kind === START_SPAN) {
    return args.length >= START_SPAN_ARITY.min && args.length <= START_SPAN_ARITY.max && !args.some(ASTUtils.isFunction);
  }
  if (args.length < START_ACTIVE_SPAN_ARITY.min || args.length > START_ACTIVE_SPAN_ARITY.max) return false;
  // Only the last argument may be a function.
  return !args.slice(0, -1).some(ASTUtils.isFunction);
}

export function spanBinding(call: TSESTree.CallExpression): TSESTree.Identifier | null {
  // `const span = (tracer.startSpan('x') as Span)`, `tracer.startSpan('x')!`, `getTracer()?.startSpan('x')`.
  const node = spanValue(call);
  const parent = node.parent;
  if (!parent) return null;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id;
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
    return parent.left;
  }
  return null;
}

/**
 * The expression whose value is the span a call starts: the call itself, or the last of the span methods chained on
 * it that return the span (`tracer.startSpan('prisma').setAttributes({ ... })`).
 */
export function spanValue(call: TSESTree.CallExpression): TSESTree.Node {
  let node = outerExpression(call, { throughChains: true });
  for (;;) {
    const member = node.parent;
    const chained = member?.type === AST_NODE_TYPES.MemberExpression && member.object === node ? member.parent : undefined;
    const method = chained && memberName(member as TSESTree.MemberExpression);
    if (chained?.type !== AST_NODE_TYPES.CallExpression || chained.callee !== member || !method || !SPAN_CHAINABLE_METHODS.has(method)) return node;
    node = outerExpression(chained, { throughChains: true });
  }
}

/** The span methods chained on the call that starts it: `tracer.startSpan('x').setAttributes({...})` gives `setAttributes`. */
function methodsChainedOn(call: TSESTree.CallExpression): Set<string> {
  const methods = new Set<string>();
  const last = spanValue(call);
  for (let node: TSESTree.Node = outerExpression(call, { throughChains: true }); node !== last; ) {
    const member = node.parent as TSESTree.MemberExpression;
    methods.add(memberName(member) ?? '');
    node = outerExpression(member.parent, { throughChains: true });
  }
  return methods;
}

/** `tracer`, `this.tracer`, `api.tracing.tracer`: the dotted text of a receiver or callee, or null. */
function dottedName(node: TSESTree.Node): string | null {
  const inner = skipValueWrappers(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = dottedName(inner.object);
  const property = memberName(inner);
  return object && property ? `${object}.${property}` : null;
}

/** `name` matches a configured entry: exactly, or by its last part (`this.tracer` matches `tracer`). */
function matchesConfigured(name: string | null, configured: readonly string[]): boolean {
  if (!name || configured.length === 0) return false;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return configured.some((entry) => entry === name || entry === last || name.endsWith(`.${entry}`));
}

/** Span methods whose use on a value says "this is an OpenTelemetry-style span". */
const SPAN_EVIDENCE_METHODS: ReadonlySet<string> = new Set(['setStatus', 'recordException', 'setAttribute', 'setAttributes', 'addEvent', 'spanContext', 'updateName']);

const SPAN_USE_METHODS: ReadonlySet<string> = new Set([...SPAN_EVIDENCE_METHODS, SPAN_END]);

/** The methods called on the span the call gives (`span.setStatus(...)`: `setStatus`). */
function methodsCalledOn(sourceCode: Readonly<TSESLint.SourceCode>, spanId: TSESTree.Identifier | null, callback: FunctionNode | null): Set<string> {
  const methods = new Set<string>();
  if (!spanId) return methods;
  // `const span = ...` or a callback's parameter; `span = ...` assigns a variable declared elsewhere.
  const declaring = callback ?? spanId.parent;
  const variable =
    declaring.type === AST_NODE_TYPES.AssignmentExpression
      ? ASTUtils.findVariable(sourceCode.getScope(spanId), spanId)
      : sourceCode.getDeclaredVariables(declaring).find((v) => v.name === spanId.name);
  for (const reference of variable?.references ?? []) {
    const parent = reference.identifier.parent;
    const name = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier ? memberName(parent) : null;
    if (name) methods.add(name);
  }
  return methods;
}

function creationOf(kind: SpanCreation['kind'], call: TSESTree.CallExpression, autoEnding: boolean, certain = true, otelSignature = false): SpanCreation {
  if (kind === START_SPAN) return { kind, call, callback: null, spanId: spanBinding(call), autoEnding, certain, otelSignature };
  const last = call.arguments.at(-1);
  // `((span: Span) => {...}) as F`: the callback under a type assertion.
  const callee = last && skipTypeWrappers(last);
  const callback = ASTUtils.isFunction(callee) ? callee : null;
  const firstParam = callback?.params[0];
  const spanId = firstParam?.type === AST_NODE_TYPES.Identifier ? firstParam : null;
  return { kind, call, callback, spanId, autoEnding, certain, otelSignature };
}

/**
 * A project's own `startActiveSpan(name, async (span) => { try { ... } finally { span.end(); } })` helper (imported or
 * declared in the file): a callback that ends the span it is given itself is handed a span to end by hand, whatever
 * the helper does around it (one that ended it too would end it twice). Judged like the API's own, when the span is an
 * OpenTelemetry one: by its type, or the file works with the API. Not certain: a span never ended is not reported.
 */
function manualActiveSpanCreation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, call: TSESTree.CallExpression): SpanCreation | null {
  if (!namedFirst(call) || hasOpenTracingOptions(call)) return null;
  const creation = creationOf(START_ACTIVE_SPAN, call, false, false);
  if (!creation.callback || !creation.spanId) return null;
  const methods = methodsCalledOn(context.sourceCode, creation.spanId, creation.callback);
  if (!methods.has(SPAN_END) || [...OPENTRACING_ONLY_SPAN_METHODS].some((name) => methods.has(name))) return null;
  const typed = typeIsApi(context, creation.spanId, SPAN_SPECIFIER);
  if (typed === 'no') return null;
  return typed === 'yes' || fileEvidence(context.sourceCode).usesOtel || methods.has(SPAN_RECORD_EXCEPTION) ? creation : null;
}

/** The module an identifier (or the root of `a.b.c`) is imported or required from, or null. */
function importSource(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string | null {
  let root = skipValueWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipValueWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return null;
  const def = ASTUtils.findVariable(sourceCode.getScope(root), root)?.defs[0];
  if (!def) return null;
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    return def.parent.type === AST_NODE_TYPES.ImportDeclaration ? def.parent.source.value : null;
  }
  if (def.type === TSESLint.Scope.DefinitionType.Variable && def.node.init) {
    return requiredModule(skipValueWrappers(def.node.init));
  }
  return null;
}

/** Imported from a module other than OpenTelemetry's that cannot be read as a plain tracer (a package, a wrapper). */
function importsUnreadTracer(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, receiver: TSESTree.Node): boolean {
  const source = importSource(context.sourceCode, receiver);
  return !!source && !isOtelModule(source) && importedTracerKind(context, receiver) === 'unknown';
}

/** What the project module a tracer is imported from hands out (read from disk); 'unknown' for packages and the like. */
function importedTracerKind(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, receiver: TSESTree.Node): TracerModuleKind {
  const source = importSource(context.sourceCode, receiver);
  if (!source || isOtelModule(source)) return 'unknown';
  // Once per module in this file (every span call of a file asks about the same few modules).
  const kinds = fileFacts(context.sourceCode).tracerModuleKinds;
  let kind = kinds.get(source);
  if (!kind) {
    kind = tracerModuleKind(context.filename, source);
    kinds.set(source, kind);
  }
  return kind;
}

/**
 * Returns the span creation when `call` starts a span the code must end: an OpenTelemetry tracer's
 * `startSpan`/`startActiveSpan`, or a configured project span starter. Else null.
 */
export function getSpanCreation(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  call: TSESTree.CallExpression,
  settings: TracerSettings = DEFAULT_TRACER_SETTINGS,
): SpanCreation | null {
  const callee = skipTypeWrappers(call.callee);
  if (settings.startSpanFunctions.length > 0 && matchesConfigured(dottedName(callee), settings.startSpanFunctions)) {
    const last = call.arguments[call.arguments.length - 1];
    return creationOf(ASTUtils.isFunction(last) ? START_ACTIVE_SPAN : START_SPAN, call, false);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return manualSpanCreation(context, call);
  const method = memberName(callee);
  if (method !== START_SPAN && method !== START_ACTIVE_SPAN) return null;
  if (hasOpenTracingOptions(call)) return openTracingSpanCreation(context, call);
  if (!argumentsFitOverload(method, call.arguments)) return manualSpanCreation(context, call);

  const typed = receiverTypeIsTracer(context, callee.object);
  if (typed === 'no') return null;
  const autoEnding = matchesConfigured(dottedName(callee.object), settings.autoEndingTracers) ||
    (method === START_ACTIVE_SPAN && importedTracerKind(context, callee.object) === 'auto-ending');
  if (typed === 'yes') return creationOf(method, call, autoEnding, true, true);
  const evidence = fileEvidence(context.sourceCode);
  if (!receiverLooksLikeTracer(callee.object, evidence) && !autoEnding) return manualSpanCreation(context, call);
  // A tracer imported from a project module that cannot be read as a plain tracer (`new TriggerTracer(...)` from a
  // package) may end its `startActiveSpan` spans itself, whatever else the file imports: not judged, as without the import.
  if (evidence.usesOtel && method === START_ACTIVE_SPAN && !autoEnding && importsUnreadTracer(context, callee.object)) return null;
  if (evidence.usesOtel) {
    // A file that works with both APIs (a migration, a bridge): a span this code finishes, never ends, is OpenTracing's.
    if (method === START_SPAN && FINISH_TEXT.test(context.sourceCode.text)) {
      const methods = methodsCalledOn(context.sourceCode, spanBinding(call), null);
      if (methods.has(OPENTRACING_SPAN_END) && !methods.has(SPAN_END)) return openTracingSpanCreation(context, call);
    }
    return creationOf(method, call, autoEnding, true, true);
  }
  if (!evidence.usesProjectTracer) return null;
  // A tracer from the project's own module: count it when it comes from `getTracer(...)` or is annotated `Tracer`,
  // or when the span it gives is used like an OpenTelemetry span.
  const creation = creationOf(method, call, autoEnding, false, true);
  const methods = new Set([...methodsCalledOn(context.sourceCode, creation.spanId, creation.callback), ...methodsChainedOn(call)]);
  const usedWith = (names: ReadonlySet<string>): boolean => [...names].some((name) => methods.has(name));
  // `span.setTag(...)`, `span.finish()`, `span.context()`: another tracing library's span (dd-trace's `new DatadogTracer()`).
  if (usedWith(OPENTRACING_ONLY_SPAN_METHODS)) return openTracingSpanCreation(context, call);
  // A span this code neither ends nor uses as an OpenTelemetry span (only passes around) says nothing about its tracer.
  if (creation.spanId && !usedWith(SPAN_USE_METHODS)) return null;
  if (isKnownTracer(callee.object, evidence)) return creation;
  // A project tracer module we can read: a plain `getTracer(...)` tracer is as good as an import of the API. One
  // we cannot read may wrap `startActiveSpan` and end spans itself (most wrappers do): not judged.
  const kind = importedTracerKind(context, callee.object);
  if (kind === 'plain') return { ...creation, certain: true };
  // A tracer not imported (handed in: `const { tracer } = tracingObj`, a parameter, a local) whose callback ends the
  // span it is given: the span is ended by hand here, whatever wraps the tracer.
  const source = importSource(context.sourceCode, callee.object);
  if (method === START_ACTIVE_SPAN) return methods.has(SPAN_END) && !source ? creation : null;
  if (source && TRACING_MODULE.test(source)) return creation; // `import { tasksTracer } from './tracer'`
  return usedWith(SPAN_EVIDENCE_METHODS) ? creation : null;
}

/**
 * Whether `call` names a span, for the naming rules: every span creation, and also a project tracer's
 * `startSpan`/`startActiveSpan` whose spans we do not judge (a wrapper may end them itself, but it still exports
 * them under that name).
 */
export function namesSpan(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  call: TSESTree.CallExpression,
  settings: TracerSettings = DEFAULT_TRACER_SETTINGS,
): SpanCreation | null {
  const judged = getSpanCreation(context, call, settings);
  if (judged) return judged;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return projectSpanStarter(context, call, callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = memberName(callee);
  if ((method !== START_SPAN && method !== START_ACTIVE_SPAN) || hasOpenTracingOptions(call) || !namedFirst(call)) return null;
  if (receiverTypeIsTracer(context, callee.object) === 'no') return null;
  const evidence = fileEvidence(context.sourceCode);
  if (!(evidence.usesOtel || evidence.usesProjectTracer) || !receiverLooksLikeTracer(callee.object, evidence)) return null;
  const creation = creationOf(method, call, true, false);
  const methods = methodsCalledOn(context.sourceCode, creation.spanId, creation.callback);
  return [...OPENTRACING_ONLY_SPAN_METHODS].some((name) => methods.has(name)) ? null : creation;
}

/** The first argument can be a name: there is one, and it is neither an object literal (options) nor a function. */
export function namedFirst(call: TSESTree.CallExpression): boolean {
  const name = call.arguments.at(0);
  const first = name && skipTypeWrappers(name);
  return !!first && first.type !== AST_NODE_TYPES.ObjectExpression && !ASTUtils.isFunction(first);
}

/** A project's own `startSpan(name, …)` helper in a file that works with spans: its first argument names the span. */
function projectSpanStarter(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  call: TSESTree.CallExpression,
  callee: TSESTree.Identifier,
): SpanCreation | null {
  if ((callee.name !== START_SPAN && callee.name !== START_ACTIVE_SPAN) || !namedFirst(call) || hasOpenTracingOptions(call)) return null;
  // `startSpan(requestId, 'db.query')`: the name comes second in this helper.
  const second = call.arguments.at(1);
  if (second && isStringLike(skipTypeWrappers(second))) return null;
  const evidence = fileEvidence(context.sourceCode);
  return evidence.usesOtel || evidence.usesProjectTracer ? creationOf(callee.name, call, true, false) : null;
}

/**
 * An OpenTracing span (`tracer.startSpan(name, { childOf })` of a Jaeger client, dd-trace or a project wrapper around
 * them) kept in a variable this code finishes by hand (`span.finish()`, never `end()`), in a file that imports
 * OpenTracing or a tracing module or from a receiver named like a tracer: its lifetime is judged like an
 * OpenTelemetry span's, with `finish()` as its end.
 * Not certain: one never finished is not reported.
 */
function openTracingSpanCreation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, call: TSESTree.CallExpression): SpanCreation | null {
  if (nameOf(skipTypeWrappers(call.callee)) !== START_SPAN || !namedFirst(call)) return null;
  const spanId = spanBinding(call);
  if (!spanId) return null;
  const methods = methodsCalledOn(context.sourceCode, spanId, null);
  if (!methods.has(OPENTRACING_SPAN_END) || methods.has(SPAN_END)) return null;
  // The file imports OpenTracing or a tracing module, or the receiver is named like a tracer (`app.tracer.startSpan`).
  const evidence = fileEvidence(context.sourceCode);
  const callee = skipTypeWrappers(call.callee);
  const tracerReceiver = callee.type === AST_NODE_TYPES.MemberExpression && receiverLooksLikeTracer(callee.object, evidence);
  if (!evidence.importsTracingModule && !tracerReceiver) return null;
  return { kind: START_SPAN, call, callback: null, spanId, autoEnding: false, certain: false, foreign: true, endMethod: OPENTRACING_SPAN_END };
}

/** `startSpan(name, { childOf, tags })`: OpenTracing's options (dd-trace, Jaeger clients), not OpenTelemetry's. */
export function hasOpenTracingOptions(call: TSESTree.CallExpression): boolean {
  const second = call.arguments.at(1);
  const options = second && skipTypeWrappers(second);
  return (
    options?.type === AST_NODE_TYPES.ObjectExpression &&
    options.properties.some((property) => property.type === AST_NODE_TYPES.Property && /^(childOf|tags|references)$/.test(nameOf(property.key) ?? ''))
  );
}

/** Receivers whose spans time things rather than trace them: profilers, metrics, timers, benchmarks. */
const TIMER_RECEIVER = /profil|metric|timer|timing|perf|stats|bench|stopwatch|measure/i;
/** OpenTelemetry's own enums, re-exported by a project's observability module (`import { SpanKind } from './types'`). */
const OTEL_ENUM_TEXT = /\bSpan(StatusCode|Kind)\b/;
/** Receivers of other tracing libraries' `startSpan`: Elastic APM's agent, New Relic, Braintrust's logger. */
const OTHER_SPAN_LIBRARY_RECEIVER = /^(apm|agent|newrelic|braintrust|logger)$/i;
const isStringLike = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral;

/** Libraries whose spans look like OpenTelemetry's but are not (Sentry's have no `recordException`). */
const LOOK_ALIKE_SPAN_MODULE = /['"]@sentry\//;

/**
 * A span some other API hands out to be ended by hand: `observability.startSpan(...)`, a project's own
 * `startSpan({ name })` or imported `startSpan(name)`, with no callback, kept in a variable that this code ends
 * (`span.end()`). Whatever made it, a span the code ends by hand must be ended on every path. An OpenTelemetry span
 * (below), or else another API's in a file that imports a tracing module (`foreign`). Not certain: one never ended is
 * not reported.
 */
function manualSpanCreation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, call: TSESTree.CallExpression): SpanCreation | null {
  const callee = skipTypeWrappers(call.callee);
  if (LOOK_ALIKE_SPAN_MODULE.test(context.sourceCode.text)) return null;
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === START_ACTIVE_SPAN) return manualActiveSpanCreation(context, call);
  if (nameOf(callee) !== START_SPAN) return null;
  // `profiler.startSpan('build')`, `startSpan` imported from './perf': a timer's span, not a trace's; `apm.startSpan`,
  // `logger.startSpan`: Elastic APM's, Braintrust's.
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? dottedName(callee.object) : null;
  const source = importSource(context.sourceCode, callee);
  if ((receiver && (TIMER_RECEIVER.test(receiver) || OTHER_SPAN_LIBRARY_RECEIVER.test(receiver))) || (source && TIMER_RECEIVER.test(source))) return null;
  // Elastic APM's `startSpan(name, type, subtype, action)`: a name followed by more strings where OpenTelemetry
  // takes options.
  const args = call.arguments.map((argument) => skipTypeWrappers(argument));
  const rest = args.slice(1);
  const first = args.at(0);
  if (rest.some((argument) => ASTUtils.isFunction(argument)) || (first && isStringLike(first) && rest.some(isStringLike))) return null;
  const spanId = spanBinding(call);
  if (!spanId) return null;
  const methods = methodsCalledOn(context.sourceCode, spanId, null);
  if (!methods.has(SPAN_END) || [...OPENTRACING_ONLY_SPAN_METHODS].some((name) => methods.has(name))) return openTracingSpanCreation(context, call);
  // An OpenTelemetry span by its type; else the file works with the API, or the span records an exception (other
  // libraries' spans have `setAttribute(s)` and `end()` too: Braintrust's, Elastic's, judged below as foreign).
  const typed = typeIsApi(context, call, SPAN_SPECIFIER);
  if (typed === 'no') return null;
  const otelSpan =
    typed === 'yes' ||
    fileEvidence(context.sourceCode).usesOtel ||
    (!!source && isOtelDistributionModule(source)) ||
    methods.has(SPAN_RECORD_EXCEPTION) ||
    OTEL_ENUM_TEXT.test(context.sourceCode.text);
  const creation: SpanCreation = { kind: START_SPAN, call, callback: null, spanId, autoEnding: false, certain: false };
  if (otelSpan) return creation;
  // Another tracing API's span (a Workers tracing library's `trace.startSpan(...)`, a runtime's built-in tracer) in
  // a file that imports a tracing module, or one this code uses through a method only spans have (`spanContext()`):
  // ended by hand here, so it must be ended on every path all the same.
  const tracingAtWork = fileEvidence(context.sourceCode).importsTracingModule || [...methods].some((name) => SPAN_ONLY_METHODS.has(name));
  return tracingAtWork ? { ...creation, foreign: true } : null;
}

