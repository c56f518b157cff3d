/** Generic AST helpers shared by the OpenTelemetry analyses and the rules. */
import type { TSESTree } from '@typescript-eslint/utils';

/** `inner` lies within `outer` (ranges, so it works across parents we did not walk). */
export const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
