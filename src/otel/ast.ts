/** Generic AST helpers shared by the OpenTelemetry analyses and the rules. */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

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
