/**
 * What a piece of code does to a span: record the exception, set a status, call a helper that does.
 * Same-file helpers are summarised once (per parameter), configured `errorHelpers` count as doing both.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  DIAG_API,
  GET_ACTIVE_SPAN,
  GET_SPAN,
  recordsException,
  SPAN_METHODS,
  SPAN_SET_STATUS,
  SPAN_STATUS_CODE_ENUM,
  SpanStatus,
  type SpanStatusName,
} from '../../src/otel/api.js';
import { alwaysThrows, calleeName, contains, type FunctionNode, LOG_RECEIVER, memberName, nameOf, receiverOf, skipTypeWrappers, type VisitorKeys, walk } from '../../src/otel/ast.js';
import { parameterVariable } from '../../src/otel/bindings.js';
import { boundNames, mentionsName, paramIdentifier } from './ast.js';

/**
 * Methods other tracing APIs report an error with, given the error: `span.log({ event: 'error', 'error.object': err })`,
 * `span.setError(err)`.
 */
const FOREIGN_ERROR_METHOD = /^(log|logEvent)$|error|exception|fail/i;

/** `'error'`, `Tags.ERROR`, `ERROR`: OpenTracing's error tag. */
function isErrorKey(node: TSESTree.Node): boolean {
  const key = skipTypeWrappers(node);
  if (key.type === AST_NODE_TYPES.Literal) return key.value === 'error';
  const name = nameOf(key);
  return name === 'ERROR' || name === 'error';
}

/**
 * What a call of another tracing API's span method does with the error (SpanRef.foreign). OpenTracing's error tag
 * (`span.setTag(Tags.ERROR, true)`, `addTags({ error: true })`) is its error status, and with the error as its value
 * (dd-trace's `span.setTag('error', err)`) the exception too; a log or error method given the error or parts of it
 * records both. OpenTelemetry's method names keep their meaning (`span.setAttributes({ 'invite.err': err.message })`
 * records nothing), and so does any other tag (`setTag('http.status_code', err.statusCode)`).
 */
function foreignEffects(call: TSESTree.CallExpression, name: string, visitorKeys: VisitorKeys, errorNames: ReadonlySet<string>): number {
  if (SPAN_METHODS.has(name)) return 0;
  const mentions = (node: TSESTree.Node | undefined): boolean => !!node && mentionsName(node, visitorKeys, errorNames);
  // `error: true` is the status; `error: err`, `'error.message': err.message` carry the error itself.
  const tag = (key: TSESTree.Node, value: TSESTree.Node | undefined): number =>
    (isErrorKey(key) ? STATUS : 0) | ((isErrorKey(key) || ERROR_FIELD.test(keyText(key))) && mentions(value) ? RECORD : 0);
  const first = call.arguments.at(0);
  const second = call.arguments.at(1);
  const fields = first && skipTypeWrappers(first);
  const properties = fields?.type === AST_NODE_TYPES.ObjectExpression ? fields.properties.filter((p) => p.type === AST_NODE_TYPES.Property) : [];
  if (name === 'setTag') return first ? tag(first, second) : 0;
  if (name === 'addTags') return properties.reduce((bits, p) => bits | tag(p.key, p.value), 0);
  if (!FOREIGN_ERROR_METHOD.test(name)) return 0;
  if (call.arguments.some((arg) => mentions(arg))) return BOTH;
  // `span.log({ event: 'error' })`: OpenTracing's error event, without the error object.
  return properties.some((p) => keyText(p.key) === 'event' && p.value.type === AST_NODE_TYPES.Literal && p.value.value === 'error') ? RECORD : 0;
}

/** Tag names that hold the error's parts: `error.message`, `error.object`, `error.stack`. */
const ERROR_FIELD = /^error\./;
const keyText = (key: TSESTree.Node): string => (key.type === AST_NODE_TYPES.Literal ? String(key.value) : (nameOf(key) ?? ''));

export const RECORD = 1;
export const STATUS = 2;
export const BOTH = RECORD | STATUS;

/** The span an error path belongs to, by binding: the identifiers that read its variable. */
export interface SpanRef {
  name: string;
  /** References to the span's variable (empty for a `startActiveSpan` callback without parameters). */
  reads: ReadonlySet<TSESTree.Node>;
  /** References to other tracked spans' variables: recording on them does not count for this one. */
  otherReads: Pick<ReadonlySet<TSESTree.Node>, 'has'>;
  /**
   * Another tracing API's span (SpanCreation.foreign): a method of its own given the error (`span.log({ error:
   * err.message })`, `span.setError(err)`) reports the error the way that API does.
   */
  foreign?: boolean;
}

export type StatusKind = 'ok' | 'unset' | 'error' | 'unknown';

export interface BodyFacts {
  effects: number;
  /** `setStatus({ code: OK })` calls on the span, with the code expression to replace. */
  okStatus: { call: TSESTree.CallExpression; code: TSESTree.Expression }[];
  /** Calls that record the exception / set ERROR status, directly or through a helper. */
  recordCalls: TSESTree.CallExpression[];
  statusCalls: TSESTree.CallExpression[];
  /** `throw` statements that run in this body (not in nested functions). */
  throws: TSESTree.ThrowStatement[];
  /** Calls of same-file helpers that always throw (`return handleDatabaseError(error)`): rethrows too. */
  throwingCalls: TSESTree.CallExpression[];
  /** HTTP status literals the body answers with (`res.status(404)`, `{ statusCode: 400 }`): 4xx is the client's fault. */
  responseStatuses: number[];
}

interface HelperSummary {
  /** Effects on the span passed as each parameter. */
  params: number[];
  /** Effects on spans the helper finds itself (`trace.getActiveSpan()`, `this.span`). */
  other: number;
}

const SPANISH = /span/i;
/** Helpers named for errors: `markSpanError`, `recordException`, `handleFailure`. */
const ERROR_HELPER_NAME = /error|exception|fail/i;
/** Values named like errors: `err`, `e`, `result.error`, `lastException`, `cause`. */
const ERROR_VALUE_NAME = /^(e|ex|err|cause|reason)$|err(or)?$|exception$/i;

/** `err`, `result.error`, `err as Error`, `new Error(...)`: an argument that carries an error. */
function looksLikeError(arg: TSESTree.Node): boolean {
  const value = skipTypeWrappers(arg.type === AST_NODE_TYPES.ChainExpression ? arg.expression : arg);
  if (value.type === AST_NODE_TYPES.Identifier) return ERROR_VALUE_NAME.test(value.name);
  if (value.type === AST_NODE_TYPES.MemberExpression) return ERROR_VALUE_NAME.test(memberName(value) ?? '');
  if (value.type === AST_NODE_TYPES.NewExpression) return value.callee.type === AST_NODE_TYPES.Identifier && /Error$/.test(value.callee.name);
  return false;
}
const DIAG_NAME = /^_*diag$/i;
/** Log levels that say "expected, handled": an error logged only at these levels is not treated as a failure. */
const QUIET_LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'warning', 'trace', 'verbose']);

/** Local names of the `SpanStatusCode` enum and of namespaces holding the API module, collected per file. */
export class StatusNames {
  readonly enumNames = new Set<string>([SPAN_STATUS_CODE_ENUM]);
  readonly namespaces = new Set<string>();
}

/** `{ code: ... }` argument of `setStatus`: the code expression, or null when absent or not an object. */
function statusCodeNode(call: TSESTree.CallExpression): TSESTree.Expression | null {
  const arg = call.arguments.at(0);
  if (arg?.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const property of arg.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key;
    const keyName = key.type === AST_NODE_TYPES.Identifier ? key.name : key.value;
    if (keyName === 'code') return property.value as TSESTree.Expression;
  }
  return null;
}

function statusKind(code: TSESTree.Expression | null, names: StatusNames): StatusKind {
  if (!code) return 'unknown';
  const value = skipTypeWrappers(code);
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') {
    return value.value === SpanStatus.ERROR ? 'error' : value.value === SpanStatus.OK ? 'ok' : value.value === SpanStatus.UNSET ? 'unset' : 'unknown';
  }
  const member = memberName(value) as SpanStatusName | null;
  if (!member || !(member in SpanStatus)) return 'unknown';
  if (member === 'ERROR') return 'error';
  // OK and UNSET count only on the real enum: `SpanStatusCode.OK`, `api.SpanStatusCode.OK`, an imported alias.
  const object = skipTypeWrappers((value as TSESTree.MemberExpression).object);
  const isEnum =
    (object.type === AST_NODE_TYPES.Identifier && names.enumNames.has(object.name)) || memberName(object) === SPAN_STATUS_CODE_ENUM;
  if (!isEnum) return 'unknown';
  return member === 'OK' ? 'ok' : 'unset';
}

function isActiveSpanLookup(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(inner);
  return name === GET_ACTIVE_SPAN || name === GET_SPAN;
}

/** `const s = trace.getActiveSpan()`, `const s = span ?? trace.getActiveSpan()`: an alias of the active span. */
function isActiveSpanAlias(sourceCode: Readonly<TSESLint.SourceCode>, id: TSESTree.Identifier, ref: SpanRef): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id), id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
  return reachesSpan(def.node.init, ref);
}

/**
 * `span`, `trace.getActiveSpan()`, `span ?? trace.getActiveSpan()`, `createSpanProxy(span)`: the expression
 * evaluates to the span (or a wrapper around it that forwards to it).
 */
function reachesSpan(node: TSESTree.Node, ref: SpanRef): boolean {
  const value = skipTypeWrappers(node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node);
  if (value.type === AST_NODE_TYPES.LogicalExpression) return reachesSpan(value.left, ref) || reachesSpan(value.right, ref);
  if (value.type === AST_NODE_TYPES.CallExpression && WRAPPER_NAME.test(calleeName(value) ?? '')) return value.arguments.some((arg) => reachesSpan(arg, ref));
  return ref.reads.has(value) || isActiveSpanLookup(value);
}

/** An object literal with the span as a property value: `{ span }`, `{ kind: 'db', span: this.span }`. */
function spanOption(node: TSESTree.Node, ref: SpanRef): boolean {
  const value = skipTypeWrappers(node);
  return (
    value.type === AST_NODE_TYPES.ObjectExpression &&
    value.properties.some((property) => property.type === AST_NODE_TYPES.Property && reachesSpan(property.value, ref))
  );
}

/** An option property named for a span: `span`, `parentSpan`, `{ span: this.span }`; not `spanId` or `spanContext`. */
function isSpanOptionKey(property: TSESTree.Property): boolean {
  const key = property.computed ? null : property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
  return key !== null && /(^s|S)pan$/.test(key);
}

/** Functions that wrap a span into an object that forwards to it: `createSpanProxy(span)`, `wrapSpan(span)`. */
const WRAPPER_NAME = /^_*(create|wrap|make)[A-Z_]/;

export class EffectsAnalyzer {
  private readonly summaries = new Map<FunctionNode, HelperSummary>();

  private readonly visitorKeys: VisitorKeys;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly statusNames: StatusNames,
    /** Same-file functions by the name calls use: declarations, const functions, methods, object members. */
    private readonly helpers: ReadonlyMap<string, FunctionNode[]>,
    private readonly errorHelpers: ReadonlySet<string>,
  ) {
    this.visitorKeys = sourceCode.visitorKeys;
  }

  /**
   * Whether a method receiver is the span: a reference to its variable, an active-span lookup or an alias of one.
   * Other spans' variables and locals declared for something else are not. Members (`this.span`) are trusted;
   * `strict` (for `setStatus`, a common name outside OpenTelemetry) wants a span-like member name unless the
   * argument has the `{ code }` shape.
   */
  private receiverIsSpan(receiver: TSESTree.Node, ref: SpanRef, strict: boolean): boolean {
    if (reachesSpan(receiver, ref)) return true;
    const value = skipTypeWrappers(receiver);
    if (value.type === AST_NODE_TYPES.Identifier) {
      if (ref.otherReads.has(value)) return false;
      return isActiveSpanAlias(this.sourceCode, value, ref);
    }
    const name = memberName(value);
    if (name) return !strict || SPANISH.test(name);
    return !strict;
  }

  /** The index of the argument that passes the span (its variable, an active-span lookup, `span ?? getActiveSpan()`), or -1. */
  private spanArgumentIndex(call: TSESTree.CallExpression, ref: SpanRef): number {
    return call.arguments.findIndex((arg) => reachesSpan(arg, ref) || (arg.type === AST_NODE_TYPES.Identifier && !ref.otherReads.has(arg) && isActiveSpanAlias(this.sourceCode, arg, ref)));
  }

  /** What `body` (a catch body, a handler, a try block) does to the span named by `ref`. */
  analyze(body: TSESTree.Node, ref: SpanRef, errorNames: ReadonlySet<string>): BodyFacts {
    const facts: BodyFacts = { effects: 0, okStatus: [], recordCalls: [], statusCalls: [], throws: [], throwingCalls: [], responseStatuses: [] };
    const reportedNames = ref.foreign ? this.errorParts(body, errorNames) : errorNames;
    walk(body, this.visitorKeys, (node, depth) => {
      if (node.type === AST_NODE_TYPES.ThrowStatement) {
        if (depth === 0) facts.throws.push(node);
        return;
      }
      if (depth === 0) {
        const status = httpStatusOf(node);
        if (status !== null) facts.responseStatuses.push(status);
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const name = calleeName(node);
      if (!name) return;
      const receiver = receiverOf(node);
      if (recordsException(name, node.arguments[0]) && receiver && this.receiverIsSpan(receiver, ref, false)) {
        facts.effects |= RECORD;
        facts.recordCalls.push(node);
        return;
      }
      if (name === SPAN_SET_STATUS && receiver) {
        const code = statusCodeNode(node);
        if (!this.receiverIsSpan(receiver, ref, code === null)) return;
        const kind = statusKind(code, this.statusNames);
        if (kind === 'ok' && code) facts.okStatus.push({ call: node, code });
        else if (kind !== 'unset' && kind !== 'ok') {
          facts.effects |= STATUS;
          facts.statusCalls.push(node);
        }
        return;
      }
      const foreign = ref.foreign && receiver && reachesSpan(receiver, ref) ? foreignEffects(node, name, this.visitorKeys, reportedNames) : 0;
      if (foreign) {
        facts.effects |= foreign;
        if (foreign & RECORD) facts.recordCalls.push(node);
        if (foreign & STATUS) facts.statusCalls.push(node);
        return;
      }
      if (depth === 0 && node.callee.type === AST_NODE_TYPES.Identifier) {
        const definitions = this.helpers.get(name);
        if (definitions?.length && definitions.every((definition) => alwaysThrows(definition, this.visitorKeys))) facts.throwingCalls.push(node);
      }
      const bits = this.callEffects(node, name, ref, errorNames);
      facts.effects |= bits;
      if (bits & RECORD) facts.recordCalls.push(node);
      if (bits & STATUS) facts.statusCalls.push(node);
    });
    return facts;
  }

  /**
   * What the catch clauses of a same-file function do to the span handed to it (`genericWrap(original, this, args,
   * span)`, which runs the work in a try/catch of its own), or null when `call` is not such a call. (A helper that only
   * ends the span, `endSpan(span, err)`, is judged where it is called: in a catch or not.)
   */
  helperEffects(call: TSESTree.CallExpression, ref: SpanRef): number | null {
    const name = call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : null;
    const definitions = name ? this.helpers.get(name) : undefined;
    const spanIndex = this.spanArgumentIndex(call, ref);
    if (!name || !definitions?.length || spanIndex < 0) return null;
    if (this.errorHelpers.has(name)) return BOTH;
    let effects = 0;
    for (const definition of definitions) {
      const variable = parameterVariable(this.sourceCode, definition, spanIndex);
      if (!variable) return null;
      const paramRef: SpanRef = { name: variable.name, reads: new Set(variable.references.map((r) => r.identifier)), otherReads: new Set() };
      const handlers: TSESTree.CatchClause[] = [];
      walk(definition.body, this.visitorKeys, (node) => {
        if (ASTUtils.isFunction(node)) return false;
        if (node.type === AST_NODE_TYPES.CatchClause) handlers.push(node);
        return undefined;
      });
      if (handlers.length === 0) return null;
      for (const handler of handlers) {
        const errorNames = new Set(handler.param?.type === AST_NODE_TYPES.Identifier ? [handler.param.name] : []);
        effects |= this.analyze(handler.body, paramRef, errorNames).effects;
      }
    }
    return effects;
  }

  /**
   * The error's names and the variables `body` makes of it (`const { message, stack } = err`, `const msg = e instanceof
   * Error ? e.message : String(e)`). Only an error method or an error tag given them counts (foreignEffects).
   */
  private errorParts(body: TSESTree.Node, errorNames: ReadonlySet<string>): ReadonlySet<string> {
    if (errorNames.size === 0) return errorNames;
    const names = new Set(errorNames);
    walk(body, this.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && mentionsName(node.init, this.visitorKeys, errorNames)) boundNames(node.id, names);
    });
    return names;
  }

  /**
   * What a same-file helper handed another API's span and the error does to it with that API
   * (`function addError(span, err) { span.setTag('error', err); }`), read like a catch body.
   */
  private foreignHelperEffects(fn: FunctionNode, spanIndex: number, errorIndex: number): number {
    const spanParam = fn.params.at(spanIndex);
    const errorParam = fn.params.at(errorIndex);
    if (spanParam?.type !== AST_NODE_TYPES.Identifier || errorParam?.type !== AST_NODE_TYPES.Identifier) return 0;
    const errorNames = this.errorParts(fn.body, new Set([errorParam.name]));
    let effects = 0;
    walk(fn.body, this.visitorKeys, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const receiver = receiverOf(node);
      const name = calleeName(node);
      if (name && receiver?.type === AST_NODE_TYPES.Identifier && receiver.name === spanParam.name) effects |= foreignEffects(node, name, this.visitorKeys, errorNames);
    });
    return effects;
  }

  /** A call to a helper: configured, defined in this file, or unknown but handed both the span and the error. */
  private callEffects(call: TSESTree.CallExpression, name: string, ref: SpanRef, errorNames: ReadonlySet<string>): number {
    const spanIndex = this.spanArgumentIndex(call, ref);
    const otherSpan = spanIndex < 0 && call.arguments.some((arg) => ref.otherReads.has(skipTypeWrappers(arg)));
    if (this.errorHelpers.has(name)) return otherSpan ? 0 : BOTH;
    const definitions = this.helpers.get(name);
    if (definitions) {
      // Another API's span handed to a helper with the error (`addError(span, err)`): read for that API's calls too.
      const errorIndex = ref.foreign && spanIndex >= 0 ? call.arguments.findIndex((arg, k) => k !== spanIndex && mentionsName(arg, this.visitorKeys, errorNames)) : -1;
      let effects = 0;
      for (const definition of definitions) {
        const summary = this.summarize(definition);
        effects |= spanIndex >= 0 ? (summary.params[spanIndex] ?? 0) : otherSpan ? 0 : summary.other;
        if (errorIndex >= 0) effects |= this.foreignHelperEffects(definition, spanIndex, errorIndex);
      }
      return effects;
    }
    // A function we cannot see into that gets the span and an error (an imported `endSpan(span, err)`,
    // `markSpanError(span, result.error)`), or is named for errors (`handleError(span)`): assume it records.
    // `captureFailure(error, { kind: 'process', span })`: the span handed over as an option of a helper named for errors.
    if (spanIndex < 0) return ERROR_HELPER_NAME.test(name) && call.arguments.some((arg) => spanOption(arg, ref)) ? BOTH : 0;
    if (ERROR_HELPER_NAME.test(name)) return BOTH;
    const others = call.arguments.filter((_, k) => k !== spanIndex);
    if (errorNames.size > 0 && others.some((arg) => mentionsName(arg, this.visitorKeys, errorNames))) return BOTH;
    return others.some((arg) => looksLikeError(arg)) ? BOTH : 0;
  }

  /** What a same-file helper does to each span parameter; cycles see the partial summary. */
  private summarize(fn: FunctionNode): HelperSummary {
    const cached = this.summaries.get(fn);
    if (cached) return cached;
    const paramNames = fn.params.map((param) => paramIdentifier(param)?.name ?? null);
    const summary: HelperSummary = { params: paramNames.map(() => 0), other: 0 };
    this.summaries.set(fn, summary);
    /** The parameter a receiver reaches: `span`, `span ?? trace.getActiveSpan()`, a local `const s = span || x`. */
    const paramIndex = (target: TSESTree.Node, depth = 0): number => {
      const value = skipTypeWrappers(target.type === AST_NODE_TYPES.ChainExpression ? target.expression : target);
      if (value.type === AST_NODE_TYPES.LogicalExpression) {
        const left = paramIndex(value.left, depth);
        return left >= 0 ? left : paramIndex(value.right, depth);
      }
      if (value.type !== AST_NODE_TYPES.Identifier) return -1;
      const index = paramNames.indexOf(value.name);
      if (index >= 0 || depth > 2) return index;
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(value), value);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && contains(fn, def.node) ? paramIndex(def.node.init, depth + 1) : -1;
    };
    const credit = (target: TSESTree.Node | null, bits: number): void => {
      const index = target ? paramIndex(target) : -1;
      if (index >= 0) summary.params[index] |= bits;
      else summary.other |= bits;
    };
    const noSpan: SpanRef = { name: '', reads: new Set(), otherReads: new Set() };
    walk(fn.body, this.visitorKeys, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const name = calleeName(node);
      if (!name) return;
      const receiver = receiverOf(node);
      if (recordsException(name, node.arguments[0]) && receiver) {
        credit(receiver, RECORD);
      } else if (name === SPAN_SET_STATUS && receiver) {
        const code = statusCodeNode(node);
        const kind = statusKind(code, this.statusNames);
        // In a helper, any variable's `setStatus({ code: ERROR })` is on a span: a parameter, or one it closes over.
        const onVariable = paramIndex(receiver) >= 0 || (skipTypeWrappers(receiver).type === AST_NODE_TYPES.Identifier && code !== null);
        if (kind !== 'ok' && kind !== 'unset' && (onVariable || this.receiverIsSpan(receiver, noSpan, code === null))) credit(receiver, STATUS);
      } else if (this.errorHelpers.has(name) || this.helpers.has(name)) {
        // Helpers calling helpers: pass the callee's effects through to our own parameters.
        const callee = this.errorHelpers.has(name) ? null : (this.helpers.get(name) ?? []).map((d) => this.summarize(d));
        let passedParam = false;
        for (const [k, arg] of node.arguments.entries()) {
          const inner = skipTypeWrappers(arg);
          if (inner.type !== AST_NODE_TYPES.Identifier) continue;
          if (!paramNames.includes(inner.name)) {
            // A span the helper sees from outside (a closure's `span`, `model.markError(span)`): like a direct call on it.
            if (callee) summary.other |= callee.reduce((bits, s) => bits | (s.params[k] ?? 0), 0);
            continue;
          }
          passedParam = true;
          credit(inner, callee ? callee.reduce((bits, s) => bits | (s.params[k] ?? 0), 0) : BOTH);
        }
        if (!passedParam) summary.other |= callee ? callee.reduce((bits, s) => bits | s.other, 0) : BOTH;
      } else if (ERROR_HELPER_NAME.test(name)) {
        // An imported helper named for errors, handed a span: `recordSpanError(span, error)` records, and so does
        // `ops.recordError(error, undefined, { span })`, the span handed over as an option.
        const creditSpan = (arg: TSESTree.Node): void => {
          const value = skipTypeWrappers(arg);
          if (paramIndex(value) >= 0) credit(value, BOTH);
          else if (value.type === AST_NODE_TYPES.Identifier && SPANISH.test(value.name)) summary.other |= BOTH;
        };
        for (const arg of node.arguments) {
          const value = skipTypeWrappers(arg);
          if (value.type !== AST_NODE_TYPES.ObjectExpression) creditSpan(value);
          // Only an option that is a span (`{ span }`, `{ span: parentSpan }`), not a log field (`{ traceId, spanId }`).
          else for (const property of value.properties) if (property.type === AST_NODE_TYPES.Property && isSpanOptionKey(property)) creditSpan(property.value);
        }
      }
    });
    return summary;
  }
}

/** How a catch or handler uses its error. */
export interface ErrorUse {
  /** Read somewhere other than a quiet log call: the code treats it as a failure. */
  used: boolean;
  /** Read only by log calls (any level: `logger.error(err)`, `logError('x', err)`, `console.error(err)`). */
  onlyLogged: boolean;
  /**
   * Read only to note it on a span as an event or attribute (`span.addEvent('item failed', { reason: String(err) })`)
   * or in quiet log calls: kept as a detail, unless the code answers with a server error.
   */
  onlyNoted: boolean;
  /** Assigned to a variable or pushed onto a list: handled later, elsewhere. */
  stored: boolean;
}

export function errorUse(variables: readonly TSESLint.Scope.Variable[]): ErrorUse {
  const use: ErrorUse = { used: false, onlyLogged: true, onlyNoted: true, stored: false };
  for (const variable of variables) {
    for (const reference of variable.references) {
      const id = reference.identifier as TSESTree.Node;
      const parent = id.parent;
      if (
        (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === id) ||
        (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(id as TSESTree.Expression) && calleeName(parent) === 'push')
      ) {
        use.stored = true;
      } else if (!insideLogCall(id, isQuietLogCall)) {
        use.used = true;
        if (!insideLogCall(id, isLogCall)) use.onlyLogged = false;
        if (!insideLogCall(id, isSpanNote)) use.onlyNoted = false;
      }
    }
  }
  return use;
}

/** `id` is an argument (at any depth) of a log call `isLog` accepts, in the same statement. */
function insideLogCall(id: TSESTree.Node, isLog: (call: TSESTree.CallExpression) => boolean): boolean {
  let child = id;
  let current = id.parent;
  while (current && !isStatementOrFunction(current)) {
    if (current.type === AST_NODE_TYPES.CallExpression && current.callee !== child && isLog(current)) return true;
    child = current;
    current = current.parent;
  }
  return false;
}

function isStatementOrFunction(node: TSESTree.Node): boolean {
  return node.type.endsWith('Statement') || node.type.endsWith('Declaration') || node.type.includes('Function');
}

/** `onError?.(e)`, `exceptionLogger(e)`: an optional hook or a logger function, not the code's own failure handling. */
const LOGGER_FUNCTION = /(debug|log(ger)?)$/i;

/** Any log call: `console.error(e)`, `logger.error(e)`, `this.log.warn(e)`, `logError('x', e)`, a note on a span. */
const LOG_FUNCTION = /^(log|debug|warn|error)\w*$|log(ger)?$/i;
export function isLogCall(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  // The error noted on a span as an event or attribute (`span.addEvent('parse failed', { error: e.message })`): like a
  // log line, a failure only with a rethrow or an error answer, not with a fallback.
  if (isSpanNote(call)) return true;
  if (callee.type === AST_NODE_TYPES.Identifier) return LOG_FUNCTION.test(callee.name) && /log/i.test(callee.name) && resultDiscarded(call);
  const receiver = receiverOf(call);
  const receiverName = receiver && nameOf(receiver);
  return !!receiverName && LOG_RECEIVER.test(receiverName);
}

/**
 * A call made for its effect, its value unused (`telemetryDebug('failed', e);`, `.catch((e) => debugLog(e))`): what a
 * log line is. A function named like one whose value is used (`json({ error: serializeErrorForDebug(e) })`,
 * `formatLog(e)` as an argument) formats the error for someone else.
 */
function resultDiscarded(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  let parent: TSESTree.Node = call.parent;
  // `await log(e)`, `log?.(e)`, `void log(e)` (what no-floating-promises asks for), `debug && log(e)`.
  while (
    parent.type === AST_NODE_TYPES.AwaitExpression ||
    parent.type === AST_NODE_TYPES.ChainExpression ||
    (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') ||
    (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === node)
  ) {
    node = parent;
    parent = parent.parent;
  }
  return parent.type === AST_NODE_TYPES.ExpressionStatement || (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node);
}

/** `diag.*(...)`, a debug/info/warn log call, a logger function or an optional hook: quiet. */
function isQuietLogCall(call: TSESTree.CallExpression): boolean {
  if (call.optional) return true;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return LOGGER_FUNCTION.test(callee.name) && resultDiscarded(call);
  if (LOGGER_FUNCTION.test(memberName(callee) ?? '') && !/^log$/i.test(memberName(callee) ?? '') && resultDiscarded(call)) return true;
  const receiver = receiverOf(call);
  if (!receiver) return false;
  const receiverName = nameOf(receiver);
  if (receiverName && (receiverName === DIAG_API || DIAG_NAME.test(receiverName))) return true;
  const level = memberName(callee);
  return !!level && QUIET_LOG_LEVELS.has(level);
}

/** Span methods that note an error without treating it as the span's failure. */
const SPAN_NOTE_METHODS: ReadonlySet<string> = new Set(['addEvent', 'setAttribute', 'setAttributes']);

const isSpanNote = (call: TSESTree.CallExpression): boolean => SPAN_NOTE_METHODS.has(memberName(skipTypeWrappers(call.callee)) ?? '');

const STATUS_METHODS: ReadonlySet<string> = new Set(['status', 'sendStatus', 'code', 'writeHead']);
const STATUS_KEYS: ReadonlySet<string> = new Set(['status', 'statusCode']);

/** An HTTP status literal answered with: `res.status(404)`, `reply.code(400)`, `ctx.status = 409`, `{ statusCode: 422 }`. */
function httpStatusOf(node: TSESTree.Node): number | null {
  let value: TSESTree.Node | undefined;
  if (node.type === AST_NODE_TYPES.CallExpression && STATUS_METHODS.has(calleeName(node) ?? '')) value = node.arguments[0];
  else if (node.type === AST_NODE_TYPES.AssignmentExpression && STATUS_KEYS.has(memberName(node.left) ?? '')) value = node.right;
  else if (node.type === AST_NODE_TYPES.Property && !node.computed && node.key.type === AST_NODE_TYPES.Identifier && STATUS_KEYS.has(node.key.name)) {
    value = node.value;
  }
  if (value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'number') return null;
  return value.value >= 100 && value.value < 600 ? value.value : null;
}

/** The body answers the request with a server error (5xx). */
export function answersServerError(facts: BodyFacts): boolean {
  return facts.responseStatuses.some((status) => status >= 500);
}

/** The body answers the request with a client error (4xx) and no server error: an expected condition, not a failure. */
export function answersClientError(facts: BodyFacts): boolean {
  return facts.responseStatuses.some((status) => status >= 400 && status < 500) && !facts.responseStatuses.some((status) => status >= 500);
}
