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
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  GET_TRACER,
  isOtelModule,
  START_ACTIVE_SPAN,
  START_ACTIVE_SPAN_ARITY,
  START_SPAN,
  START_SPAN_ARITY,
  TRACER_TYPE,
} from './api.js';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export interface SpanCreation {
  kind: typeof START_SPAN | typeof START_ACTIVE_SPAN;
  call: TSESTree.CallExpression;
  /** startActiveSpan: the inline callback; null when the callback is a reference we cannot see into. */
  callback: FunctionNode | null;
  /**
   * The identifier the span is bound to: `const span = tracer.startSpan()`, `span = tracer.startSpan()`,
   * or the callback's first parameter. Null when the span is not bound to a plain variable
   * (returned, passed along, stored in a member): its ownership leaves this code.
   */
  spanId: TSESTree.Identifier | null;
}

interface FileEvidence {
  /** The file imports or requires some `@opentelemetry/*` module. */
  usesOtel: boolean;
  /** Local names bound to tracers: from `getTracer(...)` or annotated `Tracer`. */
  tracerNames: Set<string>;
}

const evidenceCache = new WeakMap<TSESLint.SourceCode, FileEvidence>();

const TRACER_NAME = /^_*tracer$/i;
const TRACER_SUFFIX = /Tracer$/;

export function isFunctionNode(node: TSESTree.Node | undefined | null): node is FunctionNode {
  return (
    !!node &&
    (node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      node.type === AST_NODE_TYPES.FunctionExpression ||
      node.type === AST_NODE_TYPES.FunctionDeclaration)
  );
}

/** The property name of a non-computed (or string-literal computed) member access. */
export function memberName(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.computed && node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return node.property.name;
  return null;
}

/** Strips `a!`, `(a as T)`, `a satisfies T`, `<T>a` wrappers. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

/**
 * Strips type wrappers and optional-chain wrappers (`a?.b` is a ChainExpression around the member), and with
 * `throughAwait` also `await`: what is left is the expression whose value flows through.
 */
export function skipValueWrappers(node: TSESTree.Node, { throughAwait = false } = {}): TSESTree.Node {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.ChainExpression) current = skipTypeWrappers(current.expression);
    else if (throughAwait && current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else return current;
  }
}

function isRequireOfOtel(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof node.arguments[0].value === 'string' &&
    isOtelModule(node.arguments[0].value)
  );
}

function isGetTracerCall(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  const inner = skipTypeWrappers(node);
  return (
    inner.type === AST_NODE_TYPES.CallExpression &&
    ((inner.callee.type === AST_NODE_TYPES.MemberExpression && memberName(inner.callee) === GET_TRACER) ||
      (inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === GET_TRACER))
  );
}

function isTracerTypeAnnotation(node: TSESTree.TypeNode | undefined): boolean {
  if (!node || node.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = node.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return name.name === TRACER_TYPE;
  return name.type === AST_NODE_TYPES.TSQualifiedName && name.right.name === TRACER_TYPE;
}

/** One pass over the tokens' owner (the Program) collecting evidence; cheap because it stops at statements. */
function collectEvidence(sourceCode: TSESLint.SourceCode): FileEvidence {
  const evidence: FileEvidence = { usesOtel: false, tracerNames: new Set() };
  const text = sourceCode.text;
  // Prefilter: no `@opentelemetry/` text means no OpenTelemetry import or require.
  if (!text.includes('@opentelemetry/')) return evidence;
  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.ImportDeclaration:
        if (isOtelModule(node.source.value)) evidence.usesOtel = true;
        return;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        // `import api = require('@opentelemetry/api')`
        if (
          node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference &&
          isOtelModule(node.moduleReference.expression.value)
        ) {
          evidence.usesOtel = true;
        }
        return;
      case AST_NODE_TYPES.ImportExpression:
        if (node.source.type === AST_NODE_TYPES.Literal && typeof node.source.value === 'string' && isOtelModule(node.source.value)) {
          evidence.usesOtel = true;
        }
        break;
      case AST_NODE_TYPES.CallExpression:
        if (isRequireOfOtel(node)) evidence.usesOtel = true;
        break;
      case AST_NODE_TYPES.VariableDeclarator:
        if (node.id.type === AST_NODE_TYPES.Identifier && (isGetTracerCall(node.init) || isTracerTypeAnnotation(node.id.typeAnnotation?.typeAnnotation))) {
          evidence.tracerNames.add(node.id.name);
        }
        break;
      case AST_NODE_TYPES.Identifier:
        // Parameters and fields annotated `tracer: Tracer`.
        if (isTracerTypeAnnotation(node.typeAnnotation?.typeAnnotation)) evidence.tracerNames.add(node.name);
        return;
      case AST_NODE_TYPES.PropertyDefinition:
        if (node.key.type === AST_NODE_TYPES.Identifier && (isGetTracerCall(node.value) || isTracerTypeAnnotation(node.typeAnnotation?.typeAnnotation))) {
          evidence.tracerNames.add(node.key.name);
        }
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        if (isGetTracerCall(node.right)) {
          const target = node.left.type === AST_NODE_TYPES.Identifier ? node.left.name : memberName(node.left);
          if (target) evidence.tracerNames.add(target);
        }
        break;
      default:
        break;
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
      } else if (child && typeof child === 'object' && 'type' in child) {
        visit(child as TSESTree.Node);
      }
    }
  };
  visit(sourceCode.ast);
  return evidence;
}

function fileEvidence(sourceCode: TSESLint.SourceCode): FileEvidence {
  let evidence = evidenceCache.get(sourceCode);
  if (!evidence) {
    evidence = collectEvidence(sourceCode);
    evidenceCache.set(sourceCode, evidence);
  }
  return evidence;
}

/** Cheap whole-file test rules can use to skip all work in files without OpenTelemetry evidence. */
export function fileMayUseOtel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  if (hasTypeInformation(context)) return true;
  return fileEvidence(context.sourceCode).usesOtel;
}

/** True when the file itself imports or requires `@opentelemetry/*` (no shortcut for typed linting). */
export function fileImportsOtel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  return fileEvidence(context.sourceCode).usesOtel;
}

function hasTypeInformation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const services = context.sourceCode.parserServices;
  return !!services?.program && !!services.esTreeNodeToTSNodeMap;
}

/** Type check: 'yes' | 'no' when the checker knows, 'unknown' for any/error types. */
function receiverTypeIsTracer(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  receiver: TSESTree.Node,
): 'yes' | 'no' | 'unknown' {
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return 'unknown';
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(receiver as never);
  if (!tsNode) return 'unknown';
  const type = checker.getTypeAtLocation(tsNode);
  // TypeFlags.Any = 1, TypeFlags.Unknown = 2
  if (type.flags & 3) return 'unknown';
  const types = type.isUnion() ? type.types : [type];
  for (const candidate of types) {
    const symbol = candidate.getSymbol() ?? candidate.aliasSymbol;
    if (!symbol || symbol.getName() !== TRACER_TYPE) continue;
    const declarations = symbol.getDeclarations() ?? [];
    if (declarations.some((d) => /[\\/]@opentelemetry[\\/]/.test(d.getSourceFile().fileName))) return 'yes';
  }
  return 'no';
}

function receiverLooksLikeTracer(receiver: TSESTree.Node, evidence: FileEvidence): boolean {
  const node = skipTypeWrappers(receiver);
  if (isGetTracerCall(node)) return true;
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
  const first = args[0];
  if (!first || first.type === AST_NODE_TYPES.ObjectExpression || isFunctionNode(first)) return false;
  if (kind === START_SPAN) {
    return args.length >= START_SPAN_ARITY.min && args.length <= START_SPAN_ARITY.max && !args.some(isFunctionNode);
  }
  if (args.length < START_ACTIVE_SPAN_ARITY.min || args.length > START_ACTIVE_SPAN_ARITY.max) return false;
  // Only the last argument may be a function.
  return !args.slice(0, -1).some(isFunctionNode);
}

function spanBinding(call: TSESTree.CallExpression): TSESTree.Identifier | null {
  let node: TSESTree.Node = call;
  let parent = node.parent;
  // `const span = (tracer.startSpan('x') as Span)` and `await`-less wrappers.
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
  ) {
    node = parent;
    parent = node.parent;
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
    return parent.left;
  }
  return null;
}

/**
 * Returns the span creation when `call` is an OpenTelemetry `startSpan`/`startActiveSpan` call, else null.
 */
export function getSpanCreation(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  call: TSESTree.CallExpression,
): SpanCreation | null {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = memberName(callee);
  if (method !== START_SPAN && method !== START_ACTIVE_SPAN) return null;
  if (!argumentsFitOverload(method, call.arguments)) return null;

  const typed = receiverTypeIsTracer(context, callee.object);
  if (typed === 'no') return null;
  if (typed === 'unknown') {
    const evidence = fileEvidence(context.sourceCode);
    if (!evidence.usesOtel || !receiverLooksLikeTracer(callee.object, evidence)) return null;
  }

  if (method === START_SPAN) {
    return { kind: START_SPAN, call, callback: null, spanId: spanBinding(call) };
  }
  const last = call.arguments[call.arguments.length - 1];
  const callback = isFunctionNode(last) ? last : null;
  const firstParam = callback?.params[0];
  const spanId = firstParam?.type === AST_NODE_TYPES.Identifier ? firstParam : null;
  return { kind: START_ACTIVE_SPAN, call, callback, spanId };
}
