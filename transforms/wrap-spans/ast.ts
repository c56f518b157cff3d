/**
 * Small helpers over the babel AST that jscodeshift's parsers produce. The transform edits source text by offsets, so
 * it reads nodes loosely (type, start, end and a few fields) instead of through ast-types' generated types.
 */

/** A babel node as parsed by jscodeshift: `start`/`end` are offsets into the source text. */
export interface Node {
  type: string;
  start: number;
  end: number;
  // The AST is read structurally; fields are checked where they are used.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** Fields that hold positions, tokens or comments rather than child nodes. */
const NON_CHILD_FIELDS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'original']);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && typeof (value as Node).start === 'number';
}

export function children(node: Node): Node[] {
  const result: Node[] = [];
  for (const key of Object.keys(node)) {
    if (NON_CHILD_FIELDS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) result.push(item);
    } else if (isNode(value)) {
      result.push(value);
    }
  }
  return result;
}

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
  for (const child of children(node)) {
    if (isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') {
      // A class's computed keys and `extends` run in this function, but they cannot return from it.
      continue;
    }
    if (visit(child) === false) continue;
    walkOwn(child, visit);
  }
}

/** Visits every descendant (nested functions included). */
export function walkAll(node: Node, visit: (child: Node) => void): void {
  for (const child of children(node)) {
    visit(child);
    walkAll(child, visit);
  }
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

/** Identifier names in a subtree that may refer to a binding (property names after `.` and object keys excluded). */
export function referencedNames(root: Node, into: Set<string> = new Set()): Set<string> {
  const visit = (node: Node, parent: Node | null): void => {
    if (node.type === 'Identifier') {
      const isPropertyName =
        parent !== null &&
        !parent.computed &&
        (((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node) ||
          ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod' ||
            parent.type === 'ClassProperty' || parent.type === 'TSPropertySignature' || parent.type === 'TSMethodSignature') &&
            parent.key === node &&
            !parent.shorthand));
      if (!isPropertyName) into.add(node.name as string);
    }
    for (const child of children(node)) visit(child, node);
  };
  visit(root, null);
  return into;
}

/** The comments before a node (recast's `comments` marked leading, and babel's `leadingComments`). */
function leadingComments(node: Node): Node[] {
  const comments = [...((node.comments as Node[] | undefined) ?? []), ...((node.leadingComments as Node[] | undefined) ?? [])];
  return comments.filter((comment) => comment.leading !== false && comment.trailing !== true);
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

const IGNORE = /otel-codemod-ignore(?:[ \t]+([\w, \t-]*))?/;

/** An `otel-codemod-ignore` comment before the node, bare or naming `codemod`. */
export function hasIgnoreComment(node: Node, codemod: string): boolean {
  return leadingComments(node).some((comment) => {
    const match = IGNORE.exec(String(comment.value));
    return match !== null && (!match[1]?.trim() || match[1].split(/[\s,]+/).includes(codemod));
  });
}
