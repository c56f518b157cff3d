/**
 * wrap-spans' questions about functions, over the babel AST of src/codemod/ast.ts: their own statements and their
 * JSDoc.
 */
import { forEachChild, isFunction, type Node } from '../../src/codemod/ast.js';
import { leadingComments } from '../../src/codemod/ignore.js';
import { calledHook, type HookCall } from '../../src/codemod/react.js';

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

/** What a function's own statements (not those of functions inside it) do that makes it React code. */
export interface ReactUse {
  /** The hooks it calls, in source order. */
  hooks: HookCall[];
  /** One of its returns (or its expression body) gives JSX: `return <main />`, `return ok ? <Row /> : null`. */
  returnsJsx: boolean;
}

/** Only a body whose text can hold a hook call or JSX is walked. */
export function reactUse(fn: Node, source: string): ReactUse {
  const body = fn.body as Node;
  const text = source.slice(body.start, body.end);
  const mayCallHook = /\buse[A-Z0-9]/.test(text);
  const found: ReactUse = { hooks: [], returnsJsx: false };
  if (!mayCallHook && !text.includes('<')) return found;
  if (body.type !== 'BlockStatement') found.returnsJsx = givesJsx(body);
  const visit = (node: Node): undefined => {
    if (node.type === 'ReturnStatement' && node.argument) found.returnsJsx ||= givesJsx(node.argument as Node);
    const hook = mayCallHook ? calledHook(node) : null;
    if (hook) found.hooks.push(hook);
    return undefined;
  };
  visit(body);
  walkOwn(body, visit);
  return found;
}

/** Whether an expression's value is JSX, through parentheses, TypeScript's assertions, `?:`, `&&` and `||`. */
function givesJsx(node: Node): boolean {
  switch (node.type) {
    case 'JSXElement':
    case 'JSXFragment':
      return true;
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
      return givesJsx(node.expression as Node);
    case 'ConditionalExpression':
      return givesJsx(node.consequent as Node) || givesJsx(node.alternate as Node);
    case 'LogicalExpression':
      return givesJsx(node.left as Node) || givesJsx(node.right as Node);
    default:
      return false;
  }
}
