/** Generic AST helpers shared by the OpenTelemetry analyses and the rules. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export type VisitorKeys = TSESLint.SourceCode['visitorKeys'];

/** `inner` lies within `outer` (ranges, so it works across parents we did not walk). */
export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/** The child nodes of `node`, by the parser's visitor keys. */
export function childNodes(node: TSESTree.Node, visitorKeys: VisitorKeys): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item && typeof item === 'object' && 'type' in item) children.push(item as TSESTree.Node);
    }
  }
  return children;
}
