/** Generic AST helpers shared by the OpenTelemetry analyses and the rules. */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './tracer-evidence.js';

/** Whether some item passes `test`, without copying a Set into an array first (the analyses ask this in loops). */
export function some<T>(items: Iterable<T> | undefined, test: (item: T) => boolean): boolean {
  if (items) for (const item of items) if (test(item)) return true;
  return false;
}

/** `inner` lies within `outer` (ranges, so it works across parents we did not walk). */
export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/**
 * Whether `node` sits, below `owner`, in a catch clause or a finally block (error handling and cleanup, whose own
 * failures are not the operation's).
 */
export function cleanupAround(node: TSESTree.Node, owner: TSESTree.Node): { inCatch: boolean; inFinally: boolean } {
  const found = { inCatch: false, inFinally: false };
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) found.inCatch = true;
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) found.inFinally = true;
    child = current;
  }
  return found;
}

export type VisitorKeys = TSESLint.SourceCode['visitorKeys'];

/**
 * Visits `root` and its descendants depth-first. `enter` gets the node and how many function
 * boundaries lie between it and `root`; returning false skips the node's children.
 */
export function walk(
  root: TSESTree.Node,
  visitorKeys: VisitorKeys,
  enter: (node: TSESTree.Node, functionDepth: number) => boolean | undefined,
): void {
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (enter(node, depth) === false) return;
    const childDepth = isFunctionNode(node) ? depth + 1 : depth;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) {
          if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node, childDepth);
        }
      } else if (child && typeof child === 'object' && 'type' in child) {
        visit(child as TSESTree.Node, childDepth);
      }
    }
  };
  visit(root, 0);
}
