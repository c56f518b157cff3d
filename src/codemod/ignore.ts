/**
 * `// otel-codemod-ignore` (every codemod) or `// otel-codemod-ignore pino-mixin, wrap-spans` (the ones named) on a
 * statement, or on any node enclosing it, leaves the code there alone.
 */
import type { ASTPath } from 'jscodeshift';
import type { Node } from './ast.js';

/** The marker and the codemod names after it on the same line. */
const IGNORE = /otel-codemod-ignore(?:[ \t]+([\w, \t-]*))?/;

/**
 * The comments before a node: babel's `leadingComments`, and recast's `comments` marked leading (a babel `File` also
 * has `comments`, every comment of the file, unmarked: those are not its own).
 */
export function leadingComments(node: Node): Node[] {
  const attached = ((node.comments as Node[] | undefined) ?? []).filter((comment) => comment.leading === true);
  return [...((node.leadingComments as Node[] | undefined) ?? []), ...attached];
}

/** An ignore comment before `node`, bare or naming `codemod`. */
export function hasIgnoreComment(node: Node, codemod: string): boolean {
  return leadingComments(node).some((comment) => {
    const match = IGNORE.exec(String(comment.value));
    if (match === null) return false;
    // The names group is optional: undefined after a bare marker, which the match's type does not say.
    const names = match[1] as string | undefined;
    return !names?.trim() || names.split(/[\s,]+/).includes(codemod);
  });
}

/** An ignore comment for `codemod` on the node at `path` or on any node enclosing it. */
export function isIgnored(path: ASTPath, codemod: string): boolean {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    if (hasIgnoreComment(current.node as unknown as Node, codemod)) return true;
  }
  return false;
}

/** The same for a node and its ancestors (see nodesIn in ./node-paths.ts). */
export function isIgnoredIn({ node, ancestors }: { node: Node; ancestors: readonly Node[] }, codemod: string): boolean {
  return hasIgnoreComment(node, codemod) || ancestors.some((ancestor) => hasIgnoreComment(ancestor, codemod));
}
