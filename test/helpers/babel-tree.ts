/**
 * How a tree from parseFile differs from Babel's for the same text, as the transforms read trees: node types, spans,
 * every field Babel's node has (positions as `loc`, token lists and Babel's other `extra` data aside), parentheses,
 * leading comments and the file's comment list. src/codemod/oxc-tree.ts turns oxc's tree into Babel's; this is how its
 * tests hold it to that.
 */

interface AnyNode {
  type?: unknown;
  start?: unknown;
  end?: unknown;
  extra?: { parenthesized?: boolean; parenStart?: number };
  leadingComments?: AnyNode[];
  [key: string]: unknown;
}

/** Fields that hold positions, tokens or data no transform reads. */
const SKIPPED = new Set(['loc', 'range', 'tokens', 'errors', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments']);

/**
 * Where `tree` differs from Babel's `expected`, one line each (at most `limit`). Known and accepted: JSX text and JSX
 * attribute strings keep HTML entities (`&amp;`) and CRLF line ends as written, which Babel decodes; no transform reads
 * them. Leading comments are compared where Babel has them: the converter gives every run of comments to the node
 * that follows it, where Babel sometimes keeps one for an inner node (a parameter, `<T>` of an arrow function).
 */
export function treeDifferences(expected: unknown, tree: unknown, limit = 20): string[] {
  const found: string[] = [];
  const note = (line: string): void => {
    if (found.length < limit) found.push(line);
  };
  const compare = (a: unknown, b: unknown, where: string, parentType: string | undefined): void => {
    if (typeof a !== 'object' || a === null) {
      if (a !== b && !(a === undefined && b === null)) note(`${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      return;
    }
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) {
        note(`${where}: ${a.length} items vs ${Array.isArray(b) ? b.length : JSON.stringify(b)}`);
        return;
      }
      a.forEach((item, i) => compare(item, b[i], `${where}[${i}]`, parentType));
      return;
    }
    const x = a as AnyNode;
    const y = b as AnyNode | null | undefined;
    if (typeof y !== 'object' || y === null) {
      note(`${where}: ${String(x.type)} vs ${JSON.stringify(y)}`);
      return;
    }
    if (x.type !== y.type) {
      note(`${where}: ${String(x.type)} vs ${String(y.type)} at ${String(x.start)}`);
      return;
    }
    if (typeof x.type !== 'string') {
      // a plain object field (a template element's `value`, a regular expression's parts)
      for (const key of Object.keys(x)) compare(x[key], y[key], `${where}.${key}`, parentType);
      return;
    }
    const at = `${where} (${x.type} ${String(x.start)}-${String(x.end)})`;
    if (x.start !== y.start || x.end !== y.end) note(`${at}: span ${String(y.start)}-${String(y.end)}`);
    const parenStart = (node: AnyNode): number | undefined => (node.extra?.parenthesized ? node.extra.parenStart : undefined);
    if (parenStart(x) !== parenStart(y)) note(`${at}: parenthesized from ${String(parenStart(x))} vs ${String(parenStart(y))}`);
    const leading = (node: AnyNode): string => (node.leadingComments ?? []).map((comment) => String(comment.start)).join();
    if (leading(x) && leading(x) !== leading(y)) note(`${at}: leading comments at ${leading(x)} vs ${leading(y) || 'none'}`);
    const entities = x.type === 'JSXText' || (x.type === 'StringLiteral' && parentType === 'JSXAttribute');
    for (const key of Object.keys(x)) {
      if (SKIPPED.has(key) || key === 'type' || key === 'start' || key === 'end') continue;
      if (entities && (key === 'value' || key === 'extra')) continue;
      compare(x[key], y[key], `${where}.${key}`, x.type);
    }
  };
  const expectedFile = expected as AnyNode;
  const file = tree as AnyNode;
  compare(expectedFile.program, file.program, 'program', undefined);
  const comments = (node: AnyNode): string =>
    ((node.comments ?? []) as AnyNode[]).map((comment) => `${String(comment.type)}@${String(comment.start)}-${String(comment.end)}`).join(' ');
  if (comments(expectedFile) !== comments(file)) note(`comments: ${comments(expectedFile)} vs ${comments(file)}`);
  return found;
}
