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
import { type FunctionNode, isNullish, memberName, nameOf, outerExpression, skipTypeWrappers, skipValueWrappers, walk } from '../ast.js';
import { getSpanCreation, hasOpenTracingOptions, namedFirst, spanBinding, spanValue, type SpanCreation, type TracerSettings } from '../tracer-evidence.js';
import { declaredFunction } from './local-functions.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A function that returns a span it started and did not end; `certain` as its tracer (SpanCreation.certain). */
type Factory = { certain: boolean } | null;

/** The span factories of one file, for one set of tracer settings (a span model's): each function read once. */
export class SpanFactories {
  private readonly factories = new Map<FunctionNode, Factory>();

  /**
   * @param imported the function a project module exports under an imported name (ThrowAnalysis.siblingFunctionOf):
   * parsed on its own, without scopes.
   */
  constructor(
    private readonly context: Context,
    private readonly settings: TracerSettings,
    private readonly imported: (id: TSESTree.Identifier) => FunctionNode | null,
  ) {}

  /** `const span = makeSpan(...)` of a same-file span factory, or of a project module's: a span this function owns. */
  creation(call: TSESTree.CallExpression): SpanCreation | null {
    const spanId = spanBinding(call);
    if (!spanId) return null;
    const fn = calledFunction(this.context.sourceCode, call);
    const callee = skipTypeWrappers(call.callee);
    // A project module's factory (`import { getSpan } from '@/lib/utils/trace'`) is read by its text alone: its tracer
    // is taken for OpenTelemetry's by name, so a span never ended is not reported (SpanCreation.certain).
    const factory = fn ? this.factory(fn) : callee.type === AST_NODE_TYPES.Identifier ? this.importedFactory(callee) : null;
    if (!factory) return null;
    return { kind: START_SPAN, call, callback: null, spanId, autoEnding: false, certain: factory.certain };
  }

  private importedFactory(callee: TSESTree.Identifier): Factory {
    // Read from disk only for a name that says span (`getSpan`, `createChildSpan`): most imported calls are not factories.
    if (!SPAN_WORD.test(callee.name)) return null;
    const fn = this.imported(callee);
    if (!fn || fn.generator || fn.async) return null;
    let known = this.factories.get(fn);
    if (known === undefined) {
      known = returnsTracerSpan(fn, this.context.sourceCode.visitorKeys) ? { certain: false } : null;
      this.factories.set(fn, known);
    }
    return known;
  }

  private factory(fn: FunctionNode): Factory {
    let known = this.factories.get(fn);
    if (known === undefined) {
      this.factories.set(fn, null); // recursion ends here
      known = this.returnedSpans(fn);
      this.factories.set(fn, known);
    }
    return known;
  }

  /**
   * Every value the function returns is a span it started (or nothing: `if (!enabled) return undefined`), and at
   * least one is: `return tracer.startSpan(...)` (attributes chained on it or not), or a `const span =
   * tracer.startSpan(...)` it only sets attributes and events on before `return span`. Not a generator or async
   * function (their callers get the span later).
   */
  private returnedSpans(fn: FunctionNode): Factory {
    if (fn.generator || fn.async) return null;
    const returned: TSESTree.Node[] = [];
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(fn.body);
    else {
      walk(fn.body, this.context.sourceCode.visitorKeys, (node) => {
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
          ? this.startedHere(inner)
          : inner.type === AST_NODE_TYPES.Identifier
            ? this.returnedSpanStart(fn, inner)
            : null;
      if (!creation) return null;
      spans++;
      certain &&= creation.certain;
    }
    return spans > 0 ? { certain } : null;
  }

  /**
   * The tracer's `startSpan(...)` whose span `value` is: the call itself or span methods chained on it
   * (`tracer.startSpan(n).setAttribute('k', v)`). Not `startActiveSpan`, not a tracer that ends its spans itself.
   */
  private startedHere(value: TSESTree.CallExpression): SpanCreation | null {
    const call = chainStart(value);
    if (call.type !== AST_NODE_TYPES.CallExpression || skipValueWrappers(spanValue(call)) !== value) return null;
    const creation = getSpanCreation(this.context, call, this.settings);
    return creation && creation.kind === START_SPAN && !creation.autoEnding ? creation : null;
  }

  /** `const span = tracer.startSpan(...)` in `fn`, whose other uses are only `span.setAttribute(...)` and the like. */
  private returnedSpanStart(fn: FunctionNode, id: TSESTree.Identifier): SpanCreation | null {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
    if (variable.scope.variableScope.block !== fn) return null;
    const init = def.node.init && skipValueWrappers(def.node.init);
    const creation = init?.type === AST_NODE_TYPES.CallExpression ? this.startedHere(init) : null;
    if (!creation) return null;
    const onlyDecorated = variable.references.every((reference) => {
      if (reference.init) return true;
      // `return span`, `return span as Span`.
      const parent = outerExpression(reference.identifier).parent;
      if (parent?.type === AST_NODE_TYPES.ReturnStatement) return true;
      const member = reference.identifier.parent;
      return callsChainableMethod(reference.identifier, member, member.parent);
    });
    return onlyDecorated ? creation : null;
  }
}

/** `f(...)` declared in this file, or `this.f(...)` in a method of a class, a method of that class. */
function calledFunction(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): FunctionNode | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    // `declare function f(): Span` and overload signatures have no body to read.
    const declared = declaredFunction(sourceCode, callee);
    return declared && (declared as { body?: unknown }).body ? declared : null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(callee.object).type !== AST_NODE_TYPES.ThisExpression) return null;
  const name = memberName(callee);
  const classBody = thisClass(callee);
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

/**
 * The class body whose instance `this` is at `node`: through arrow functions (they keep `this`) to an instance
 * method's or a field's own value. A `function` or an object literal's method in between has a `this` of its own.
 */
function thisClass(node: TSESTree.Node): TSESTree.ClassBody | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static ? null : current.parent;
    if (!ASTUtils.isFunction(current)) continue;
    const member = current.parent;
    return member.type === AST_NODE_TYPES.MethodDefinition && member.value === current && !member.static ? member.parent : null;
  }
  return null;
}

/**
 * Read without scopes or parent links (a project module's function, parsed on its own): every value returned is
 * nothing, a tracer's `startSpan(name, …)` (span methods chained on it or not), or a `const` holding one that the
 * function only sets attributes and events on; at least one is. The receiver must say it is a tracer (`tracer`,
 * `this.tracer`, `trace.getTracer(...)`).
 */
function returnsTracerSpan(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): boolean {
  const returned: TSESTree.Node[] = [];
  const declared = new Map<string, TSESTree.Node>();
  /** Every mention of a name, closures included (`setTimeout(() => span.end())` ends it there), with its parents. */
  const mentions = new Map<string, Mention[]>();
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(fn.body);
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | null, grandparent: TSESTree.Node | null, nested: boolean): void => {
    if (!nested && node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    if (!nested && node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'const') {
      for (const declarator of node.declarations) if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) declared.set(declarator.id.name, declarator.init);
    }
    if (node.type === AST_NODE_TYPES.Identifier && parent) mentions.set(node.name, [...(mentions.get(node.name) ?? []), { id: node, parent, grandparent }]);
    const inner = nested || (node !== fn && ASTUtils.isFunction(node));
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node, node, parent, inner);
      }
    }
  };
  visit(fn.body, fn, null, false);
  let spans = 0;
  for (const value of returned) {
    const inner = skipValueWrappers(value);
    if (isNullish(inner)) continue;
    const init = inner.type === AST_NODE_TYPES.Identifier ? declared.get(inner.name) : undefined;
    if (tracerSpanStart(inner)) spans++;
    else if (inner.type === AST_NODE_TYPES.Identifier && init && tracerSpanStart(skipValueWrappers(init)) && onlyDecorated(mentions.get(inner.name) ?? [])) spans++;
    else return false;
  }
  return spans > 0;
}

interface Mention {
  id: TSESTree.Identifier;
  parent: TSESTree.Node;
  grandparent: TSESTree.Node | null;
}

/** `tracer.startSpan('x', opts)`, `this.tracer.startSpan(...).setAttributes({...})`, `trace.getTracer('a').startSpan(...)`. */
function tracerSpanStart(node: TSESTree.Node): boolean {
  const call = chainStart(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== START_SPAN) return false;
  if (!namedFirst(call) || hasOpenTracingOptions(call) || call.arguments.length > 3) return false;
  const receiver = skipValueWrappers(call.callee.object);
  const receiverName = receiver.type === AST_NODE_TYPES.CallExpression ? nameOf(skipTypeWrappers(receiver.callee)) : nameOf(receiver);
  return !!receiverName && (TRACER_NAME.test(receiverName) || receiverName === 'getTracer');
}

const TRACER_NAME = /tracer$/i;
const SPAN_WORD = /span/i;

/** Mentions of a `const span` in its function: its declaration, `return span` (`as Span`), span methods that return it. */
function onlyDecorated(mentions: readonly Mention[]): boolean {
  return mentions.every(({ id, parent, grandparent }) => {
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === id) return true;
    if (parent.type === AST_NODE_TYPES.ReturnStatement || (parent.type === AST_NODE_TYPES.TSAsExpression && grandparent?.type === AST_NODE_TYPES.ReturnStatement)) return true;
    return callsChainableMethod(id, parent, grandparent);
  });
}

/** Below the span methods chained on a value (`tracer.startSpan(n).setAttribute('k', v)`): the value they are called on. */
function chainStart(value: TSESTree.Node): TSESTree.Node {
  let node = value;
  while (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && SPAN_CHAINABLE_METHODS.has(memberName(node.callee) ?? '')) {
    node = skipValueWrappers(node.callee.object);
  }
  return node;
}

/** `span.setAttribute(...)`: `id` is the object of `member`, a span method returning the span that `call` calls. */
function callsChainableMethod(id: TSESTree.Node, member: TSESTree.Node, call: TSESTree.Node | null | undefined): boolean {
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== id) return false;
  const method = memberName(member);
  return !!method && SPAN_CHAINABLE_METHODS.has(method) && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member;
}
