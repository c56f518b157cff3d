/**
 * A TypeScript function that assigns one of its own parameters and reads it in a closure: wrapped, its body would run
 * inside the span's callback, so the assignment would happen in a nested function, and TypeScript narrows a
 * variable inside closures only when no nested function assigns it (TypeScript 5.4's rule). A closure that read
 * `include.requestBody` after `include = { … }` (the parameter typed `Include | undefined`) would then get TS18048.
 */
import { walk, isFunction, type Node } from '../../src/codemod/ast.js';
import { collectPatternNames } from '../../src/codemod/names.js';

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
