/**
 * A TypeScript function that assigns one of its own parameters and reads it in a closure: wrapped, its body would run
 * inside the span's callback, so the assignment would happen in a nested function, and TypeScript narrows a
 * variable inside closures only when no nested function assigns it (TypeScript 5.4's rule). A closure that read
 * `include.requestBody` after `include = { … }` (the parameter typed `Include | undefined`) would then get TS18048.
 */
import { walk, isFunction, type Node } from '../../src/codemod/ast.js';
import { collectPatternNames } from '../../src/codemod/names.js';
import { ownReturns } from './return-kind.js';

/** The first parameter of `fn` its body assigns and a closure in it reads, or null. */
export function parameterNarrowedForClosures(fn: Node): string | null {
  const params = new Set<string>();
  for (const param of fn.params as Node[]) collectPatternNames(param, params);
  if (params.size === 0) return null;
  const assigned = new Set<string>();
  walk(fn.body as Node, (node) => {
    if (node.type === 'AssignmentExpression') collectPatternNames(node.left as Node, assigned);
    if (node.type === 'UpdateExpression') collectPatternNames(node.argument as Node, assigned);
    return undefined;
  });
  const candidates = [...params].filter((name) => assigned.has(name));
  if (candidates.length === 0) return null;
  // Names read inside a function nested in the body (an inner declaration of the same name errs on the safe side).
  const readInClosures = new Set<string>();
  walk(fn.body as Node, (node) => {
    if (!isFunction(node)) return undefined;
    walk(node, (inner) => {
      if (inner.type === 'Identifier') readInClosures.add(inner.name as string);
      return undefined;
    });
    return false;
  });
  return candidates.find((name) => readInClosures.has(name)) ?? null;
}

/** Operators and calls whose result narrows what they test: the stuff of a type predicate. */
const PREDICATE_NAME = /^(?:is|has)(?:[A-Z_]|$)/;
const TESTING_OPERATORS = new Set(['===', '!==', '==', '!=', 'instanceof', 'in']);

/**
 * A function TypeScript (5.5 and later) may give an inferred type predicate (`(x) => x === 'a'` is `x is 'a'`): no
 * declared return type, one `return` (or an expression body), and a test of a parameter as the value. Wrapped, the
 * value comes out of the span's callback as a plain `boolean`, and callers lose the narrowing. The test is broad on
 * purpose: such a function is left alone, with a note to declare the predicate.
 */
export function mayInferTypePredicate(fn: Node): string | null {
  if (fn.returnType) return null;
  const params = new Set<string>();
  for (const param of fn.params as Node[]) if (param.type === 'Identifier') params.add(param.name as string);
  if (params.size === 0) return null;
  const body = fn.body as Node;
  let value: Node | null = body;
  if (body.type === 'BlockStatement') {
    const returns = ownReturns(fn);
    if (returns.length !== 1) return null;
    value = returns[0].argument as Node | null;
  }
  const tested = (node: Node | null): string | null => {
    if (!node) return null;
    if (node.type === 'ParenthesizedExpression') return tested(node.expression as Node);
    if (node.type === 'UnaryExpression' && node.operator === '!') return tested(node.argument as Node);
    if (node.type === 'LogicalExpression') return tested(node.left as Node) ?? tested(node.right as Node);
    if (node.type === 'BinaryExpression' && TESTING_OPERATORS.has(node.operator as string)) return testedName(node.left as Node) ?? testedName(node.right as Node);
    // A call narrows only as a type predicate does: `Array.isArray(x)`, `isOrder(x)`.
    if (node.type === 'CallExpression' && PREDICATE_NAME.test(calleeName(node.callee as Node))) {
      return (node.arguments as Node[]).map(testedName).find((name) => name !== null) ?? null;
    }
    return null;
  };
  const testedName = (node: Node): string | null => {
    if (node.type === 'Identifier') return params.has(node.name as string) ? (node.name as string) : null;
    if (node.type === 'UnaryExpression' && node.operator === 'typeof') return testedName(node.argument as Node);
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') return testedName(node.object as Node);
    return null;
  };
  return tested(value);
}

function calleeName(callee: Node): string {
  if (callee.type === 'Identifier') return callee.name as string;
  const property = callee.type === 'MemberExpression' && !callee.computed ? (callee.property as Node) : null;
  return property?.type === 'Identifier' ? (property.name as string) : '';
}
