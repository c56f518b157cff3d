/**
 * Span method calls that run after the span has ended, on some code path: the same path search as the leak
 * question (./path-search.ts), started at each `end()` and closed where a new span takes the variable. What the
 * walk reaches while the span is ended is a use after end; another `end()` is a double end.
 *
 * Throws count through `await`s only (a rejection is the error path code is written for; "any call may throw"
 * would make every catch clause that ends the span look like a double end). Uses guarded by `isRecording()`,
 * an `ended` property or a flag the function sets are left alone, and so are uses inside closures.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SPAN_CHAINABLE_METHODS, SPAN_END, SPAN_RECORD_EXCEPTION } from '../api.js';
import { contains, memberName, outerExpression, skipTypeWrappers, someNode, type VisitorKeys } from '../ast.js';
import type { SpanAnalysis } from './analyze.js';
import type { LocalFunctions } from './local-functions.js';
import { findLeaks } from './path-search.js';

/** Span methods that do nothing (but warn) on an ended span. `isRecording()` and `spanContext()` are fine. */
const MUTATING_METHODS: ReadonlySet<string> = new Set([...SPAN_CHAINABLE_METHODS, SPAN_RECORD_EXCEPTION, SPAN_END]);

export interface UseAfterEnd {
  /** The span method call that runs on the ended span. */
  use: TSESTree.CallExpression;
  method: string;
  /** The end() that came before it. */
  end: TSESTree.CallExpression;
}

/** `span.method(...)` calls of the span (or an alias) that the owner itself makes, with the method name. */
function spanMethodCalls(analysis: SpanAnalysis): Map<TSESTree.CallExpression, string> {
  const calls = new Map<TSESTree.CallExpression, string>();
  for (const read of analysis.uses?.reads ?? []) {
    const value = outerExpression(read);
    const member = value.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value) continue;
    const method = memberName(member);
    const call = member.parent;
    if (!method || !MUTATING_METHODS.has(method) || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    if (runsIn(call) !== analysis.record.owner) continue;
    calls.set(call, method);
  }
  return calls;
}

/** The function (or Program) whose code path runs `node`. */
function runsIn(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (ASTUtils.isFunction(current) || current.type === AST_NODE_TYPES.Program) return current;
  }
  return null;
}

/**
 * The use sits in a branch that tests whether the span is still live: `if (span.isRecording())`, `if (!span.ended)`,
 * or a flag the function sets (`if (!ended) span.end()`).
 */
function isGuarded(use: TSESTree.Node, owner: TSESTree.Node, analysis: SpanAnalysis, visitorKeys: VisitorKeys): boolean {
  for (let child: TSESTree.Node = use, current = use.parent; current && current !== owner; child = current, current = current.parent) {
    let test: TSESTree.Node | null = null;
    if ((current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) && current.test !== child) test = current.test;
    else if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child) test = current.left;
    if (test && testsLiveness(test, analysis, visitorKeys)) return true;
  }
  return false;
}

function testsLiveness(test: TSESTree.Node, analysis: SpanAnalysis, visitorKeys: VisitorKeys): boolean {
  return someNode(test, visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(node);
      const onSpan = analysis.uses?.reads.has(skipTypeWrappers(node.object)) ?? false;
      if (name === 'isRecording' || (onSpan && name !== null && /^_?ended$|^_?isEnded$/.test(name))) return true;
    }
    return node.type === AST_NODE_TYPES.Identifier && !analysis.uses?.reads.has(node) && isFlag(node, analysis);
  });
}

/** A local variable the owner assigns after declaring it (`ended = true`): a state flag. */
function isFlag(id: TSESTree.Identifier, analysis: SpanAnalysis): boolean {
  let variable: TSESLint.Scope.Variable | undefined;
  for (let scope: TSESLint.Scope.Scope | null = analysis.binding?.variable.scope ?? null; scope && !variable; scope = scope.upper) {
    variable = scope.set.get(id.name);
  }
  // Declared in the function itself: a module-level counter another function changes is no flag of this span.
  if (!variable || variable.scope.variableScope.block !== analysis.record.owner) return false;
  return variable.references.some((reference) => reference.isWrite() && !reference.init);
}

/**
 * The span's own `end()`, or a same-file helper whose body ends the parameter it is given as a statement of its own
 * (`function endSpan(span) { ...; span.end(); }`). A helper that ends it only sometimes (`if (err) span.end()`) is no
 * starting point: after it the span may be live.
 */
function alwaysEnds(end: TSESTree.CallExpression, analysis: SpanAnalysis, functions: LocalFunctions): boolean {
  const callee = skipTypeWrappers(end.callee);
  if (memberName(callee) === SPAN_END) return true;
  const fn = functions.resolve(callee);
  if (!fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const index = end.arguments.findIndex((argument) => analysis.uses?.reads.has(skipTypeWrappers(argument)));
  // No parameter when the span is not among the arguments (index -1) or is passed past the last parameter.
  if (index < 0 || index >= fn.params.length) return false;
  const param = fn.params[index];
  if (param.type !== AST_NODE_TYPES.Identifier) return false;
  return fn.body.body.some((statement) => {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) return false;
    const member = skipTypeWrappers(statement.expression.callee);
    return member.type === AST_NODE_TYPES.MemberExpression && memberName(member) === SPAN_END && skipTypeWrappers(member.object).type === AST_NODE_TYPES.Identifier && (skipTypeWrappers(member.object) as TSESTree.Identifier).name === param.name;
  });
}

export function findUsesAfterEnd(analysis: SpanAnalysis, functions: LocalFunctions): UseAfterEnd[] {
  const { binding, uses, facts, record } = analysis;
  if (!binding || !uses || !facts || uses.directEnds.size === 0) return [];
  // Reassigned from something other than a new span: we cannot tell which span a later call is on.
  const creation = analysis.span.creation.call;
  const foreignWrite = binding.variable.references.some((reference) => {
    if (!reference.isWrite() || reference.init) return false;
    const value = reference.writeExpr;
    return !value || (value !== creation && !uses.recreations.has(value));
  });
  if (foreignWrite) return [];
  const resets = declarationResets(binding.variable, creation, functions.sourceCode.visitorKeys);
  const calls = spanMethodCalls(analysis);
  const found = new Map<TSESTree.CallExpression, UseAfterEnd>();
  for (const end of uses.directEnds) {
    if (!alwaysEnds(end, analysis, functions)) continue;
    const starts = record.positionsOf(end);
    if (starts.length === 0) continue;
    const search = findLeaks(record, starts, {
      ...facts,
      // A new span in the variable (the creation again in a loop, or `span = tracer.startSpan()`) is live again.
      isEnd: (node) => node === creation || uses.recreations.has(node) || resets.has(node),
      isAgain: () => false,
      canThrow: (node) => node.type === AST_NODE_TYPES.AwaitExpression && facts.canThrow(node),
      endsOnResolve: () => false,
    });
    for (const node of search.openEvents) {
      if (node.type !== AST_NODE_TYPES.CallExpression || found.has(node)) continue;
      const method = calls.get(node);
      // The end() itself, reached again only through a loop, is a double end; a chained end (`span.setStatus(s).end()`) is one use.
      // (`end` itself is reached again only around a loop: each segment is walked from its start once.)
      if (!method || (node !== end && (contains(node, end) || contains(end, node)))) continue;
      if (isGuarded(node, record.owner, analysis, functions.sourceCode.visitorKeys)) continue;
      found.set(node, { use: node, method, end });
    }
  }
  return [...found.values()].sort((a, b) => a.use.range[0] - b.use.range[0]);
}

/**
 * A span assigned to a variable declared with another value (`let span = spans.get(key) ?? null; if (!span) span =
 * createSpan()`, `let span = null`): the declaration, run again in a loop, puts another value in the variable. It is
 * where the walk stops, like a new span: the declarator (recorded for `let` and `var` with a value, ./model.ts), and
 * the calls in its value (an optional chain, `spans?.get(key)`, is recorded before it forks).
 */
function declarationResets(variable: TSESLint.Scope.Variable, creation: TSESTree.Node, visitorKeys: VisitorKeys): Set<TSESTree.Node> {
  const resets = new Set<TSESTree.Node>();
  for (const reference of variable.references) {
    const value = reference.init ? reference.writeExpr : null;
    if (!value || contains(value, creation)) continue;
    if (reference.identifier.parent.type === AST_NODE_TYPES.VariableDeclarator) resets.add(reference.identifier.parent);
    someNode(value, visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.ChainExpression) resets.add(node);
      return false;
    });
  }
  return resets;
}
