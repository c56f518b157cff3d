/**
 * wrap-spans' questions about functions, over the babel AST of src/codemod/ast.ts: their own statements and their
 * JSDoc.
 */
import { forEachChild, isFunction, type Node } from '../../src/codemod/ast.js';
import { leadingComments } from '../../src/codemod/ignore.js';
import { calledHook } from '../../src/codemod/react.js';

/**
 * Visits `node`'s descendants without entering nested functions or classes: the statements that run as part of the
 * function itself (its own `return`s, its own `var`s). `visit` returning false skips a node's children.
 */
export function walkOwn(node: Node, visit: (child: Node) => boolean | undefined): void {
  forEachChild(node, (child) => {
    // A class's computed keys and `extends` run in this function, but they cannot return from it.
    if (isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') return;
    if (visit(child) !== false) walkOwn(child, visit);
  });
}

/** Leading block comments of a node that are JSDoc (`/** … *\/`). */
export function leadingJsDoc(node: Node): string[] {
  const texts = new Set<string>();
  for (const comment of leadingComments(node)) {
    if ((comment.type === 'CommentBlock' || comment.type === 'Block') && String(comment.value).startsWith('*')) {
      texts.add(String(comment.value));
    }
  }
  return [...texts];
}

/**
 * What a function's own statements (not those of functions inside it) do that make it React code: the first hook it
 * calls, and whether it writes JSX. Only a body whose text can hold either is walked.
 */
export interface ReactUse {
  /** The first hook called (`useState`, `React.useMemo`), or null. */
  hook: string | null;
  jsx: boolean;
}

export function reactUse(fn: Node, source: string): ReactUse {
  const body = fn.body as Node;
  const text = source.slice(body.start, body.end);
  const mayCallHook = /\buse[A-Z0-9]/.test(text);
  const mayHoldJsx = text.includes('<');
  const found: ReactUse = { hook: null, jsx: false };
  if (!mayCallHook && !mayHoldJsx) return found;
  const visit = (node: Node): boolean => {
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') found.jsx = true;
    else if (mayCallHook) found.hook ??= calledHook(node);
    return !((found.hook !== null || !mayCallHook) && (found.jsx || !mayHoldJsx));
  };
  if (visit(body)) walkOwn(body, visit);
  return found;
}
