/**
 * Same-file span factories: `function startSpan(op) { return tracer?.startSpan(`gov.${op}`, { attributes }) }`,
 * `private createSpan(name) { const span = this.tracer.startSpan(name); span.setAttribute('x', 1); return span; }`.
 * The function starts an OpenTelemetry span and hands it, unended, to its caller: the caller's
 * `const span = startSpan('observe')` owns a span like one from `tracer.startSpan`, and is judged as one, as certain
 * as the tracer inside (a project's `startSpan(...)` helper read from its name alone is only judged where the caller
 * ends the span itself).
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { START_SPAN, SPAN_CHAINABLE_METHODS } from '../api.js';
import { type FunctionNode, isNullish, memberName, skipTypeWrappers, skipValueWrappers, walk } from '../ast.js';
import { getSpanCreation, spanBinding, type SpanCreation, type TracerSettings } from '../tracer-evidence.js';
import { declaredFunction } from './local-functions.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Per function node: does it return a span it started and did not end, and is its tracer known for OpenTelemetry's
 * (SpanCreation.certain)? (Trees are per file: a WeakMap frees them.)
 */
type Factory = { certain: boolean } | null;
const factories = new WeakMap<FunctionNode, Factory>();

/** `const span = makeSpan(...)` of a same-file span factory: a span this function owns, or null. */
export function factoryCreation(context: Context, call: TSESTree.CallExpression, settings: TracerSettings): SpanCreation | null {
  const spanId = spanBinding(call);
  if (!spanId) return null;
  const fn = calledFunction(context.sourceCode, call);
  const factory = fn && spanFactory(context, fn, settings);
  if (!factory) return null;
  return { kind: START_SPAN, call, callback: null, spanId, autoEnding: false, certain: factory.certain };
}

/** `f(...)` declared in this file, or `this.f(...)` a method of the enclosing class. */
function calledFunction(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): FunctionNode | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    // `declare function f(): Span` and overload signatures have no body to read.
    const declared = declaredFunction(sourceCode, callee);
    return declared && (declared as { body?: unknown }).body ? declared : null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(callee.object).type !== AST_NODE_TYPES.ThisExpression) return null;
  const name = memberName(callee);
  let classBody: TSESTree.Node | undefined = callee.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (!name || !classBody) return null;
  const members = classBody.body.filter(
    (member) =>
      (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      !member.computed &&
      !member.static &&
      member.key.type === AST_NODE_TYPES.Identifier &&
      member.key.name === name,
  );
  const member = members.length === 1 ? members[0] : null;
  const value = member && 'value' in member && member.value ? skipTypeWrappers(member.value) : null;
  return ASTUtils.isFunction(value) ? value : null;
}

function spanFactory(context: Context, fn: FunctionNode, settings: TracerSettings): Factory {
  let known = factories.get(fn);
  if (known === undefined) {
    factories.set(fn, null); // recursion ends here
    known = returnedSpans(context, fn, settings);
    factories.set(fn, known);
  }
  return known;
}

/**
 * Every value the function returns is a span it started (or nothing: `if (!enabled) return undefined`), and at least
 * one is: `return tracer.startSpan(...)`, or a `const span = tracer.startSpan(...)` it only sets attributes and
 * events on before `return span`. Not a generator or async function (their callers get the span later).
 */
function returnedSpans(context: Context, fn: FunctionNode, settings: TracerSettings): Factory {
  if (fn.generator || fn.async) return null;
  const returned: TSESTree.Node[] = [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(fn.body);
  else {
    walk(fn.body, context.sourceCode.visitorKeys, (node) => {
      if (node !== fn && ASTUtils.isFunction(node)) return false;
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
      return undefined;
    });
  }
  let spans = 0;
  let certain = true;
  for (const value of returned) {
    const inner = skipValueWrappers(value);
    if (isNullish(inner)) continue;
    const creation =
      inner.type === AST_NODE_TYPES.CallExpression
        ? unendedSpanStart(context, inner, settings)
        : inner.type === AST_NODE_TYPES.Identifier
          ? returnedSpanStart(context, fn, inner, settings)
          : null;
    if (!creation) return null;
    spans++;
    certain &&= creation.certain;
  }
  return spans > 0 ? { certain } : null;
}

/** A tracer's `startSpan(...)` (not `startActiveSpan`, not a tracer that ends its spans itself). */
function unendedSpanStart(context: Context, call: TSESTree.CallExpression, settings: TracerSettings): SpanCreation | null {
  const creation = getSpanCreation(context, call, settings);
  return creation && creation.kind === START_SPAN && !creation.autoEnding ? creation : null;
}

/** `const span = tracer.startSpan(...)` in `fn`, whose other uses are only `span.setAttribute(...)` and the like. */
function returnedSpanStart(context: Context, fn: FunctionNode, id: TSESTree.Identifier, settings: TracerSettings): SpanCreation | null {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(id), id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
  if (variable.scope.variableScope.block !== fn) return null;
  const init = def.node.init && skipValueWrappers(def.node.init);
  const creation = init?.type === AST_NODE_TYPES.CallExpression ? unendedSpanStart(context, init, settings) : null;
  if (!creation) return null;
  const onlyDecorated = variable.references.every((reference) => {
    if (reference.init) return true;
    const parent = reference.identifier.parent;
    if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) return false;
    const method = memberName(parent);
    return !!method && SPAN_CHAINABLE_METHODS.has(method) && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
  });
  return onlyDecorated ? creation : null;
}
