/**
 * wrap-spans' questions about functions, over the babel AST of src/codemod/ast.ts: their own statements, their keys
 * and names, their JSDoc.
 */
import { forEachChild, walk, type Node } from '../../src/codemod/ast.js';
import { leadingComments } from '../../src/codemod/ignore.js';

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

export const isFunction = (node: Node): boolean => FUNCTION_TYPES.has(node.type);

/**
 * Visits `node`'s descendants without entering nested functions or classes: the statements that run as part of the
 * function itself (its own `return`s, its own `var`s). `visit` returning false skips a node's children.
 */
export function walkOwn(node: Node, visit: (child: Node) => boolean | void): void {
  forEachChild(node, (child) => {
    // A class's computed keys and `extends` run in this function, but they cannot return from it.
    if (isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') return;
    if (visit(child) !== false) walkOwn(child, visit);
  });
}

/** Visits every descendant (nested functions included). */
export function walkAll(node: Node, visit: (child: Node) => void): void {
  walk(node, (child) => {
    visit(child);
  });
}

/** The statically known name of a property key: `load`, `'load'`, `#load`; null for computed keys. */
export function keyName(key: Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateName') return `#${(key.id as Node).name as string}`;
  if (key.type === 'StringLiteral' || (key.type === 'Literal' && typeof key.value === 'string')) return key.value as string;
  if (!computed && key.type === 'NumericLiteral') return String(key.value);
  return null;
}

/** `a.b.c` for member chains of identifiers (`this` included), null otherwise. */
export function memberPath(node: Node): string | null {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const object = memberPath(node.object as Node);
    const property = keyName(node.property as Node, Boolean(node.computed));
    return object !== null && property !== null ? `${object}.${property}` : null;
  }
  return null;
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
