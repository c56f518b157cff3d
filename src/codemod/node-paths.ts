/**
 * jscodeshift paths to a few nodes without `root.find`: `find` walks the whole tree with ast-types' visitor and makes a
 * path object for every node (most of a codemod's time on large files that mention its target once or twice). Here a
 * plain walk over the babel tree picks the nodes, and only their paths are made, by `get` from the root path: the same
 * path objects the visitor would make, with the same parents and the same lazily computed scopes.
 */
import type { ASTPath } from 'jscodeshift';
import { forEachChild, isFunction, walk, type Node } from './ast.js';
import type { CodemodFile } from './codemod-file.js';
import { declaredNames, isPropertyName, patternIdentifiers } from './names.js';

type Key = string | number;

/** A node `test` picked, with the nodes around it: the file's root first, its parent last. */
export interface NodeInContext<T = Node> {
  node: T;
  ancestors: readonly Node[];
}

/**
 * The nodes `test` picks, with their ancestors, in the babel tree's field order (parents before children), without
 * jscodeshift's paths or ast-types: for a transform that needs no scopes of ast-types (see ./bindings.ts for names).
 * `near`: as for pathsTo.
 */
export function nodesIn<T = Node>(file: CodemodFile, test: (node: Node) => boolean, near?: string | readonly string[]): NodeInContext<T>[] {
  return chainsTo(file, test, near).map(({ nodes }) => ({ node: nodes[nodes.length - 1] as T, ancestors: nodes.slice(0, -1) }));
}

interface Chain {
  /** From the file's root to the picked node. */
  nodes: Node[];
  /** The field names (and list indexes) that lead from each node to the next. */
  keys: Key[];
}

function chainsTo(file: CodemodFile, test: (node: Node) => boolean, near?: string | readonly string[]): Chain[] {
  const offsets = near === undefined ? undefined : wordOffsets(file.source, near);
  if (offsets?.length === 0) return [];
  const chains: Chain[] = [];
  const nodes: Node[] = [file.ast];
  const keys: Key[] = [];
  const visit = (node: Node): void => {
    forEachChild(node, enter);
  };
  const enter = (child: Node, key: string, index?: number): void => {
    if (offsets && !holdsAny(offsets, child.start, child.end)) return;
    nodes.push(child);
    keys.push(key);
    if (index !== undefined) keys.push(index);
    if (test(child)) chains.push({ nodes: [...nodes], keys: [...keys] });
    visit(child);
    nodes.pop();
    keys.pop();
    if (index !== undefined) keys.pop();
  };
  visit(file.ast);
  return chains;
}

/**
 * Paths to the nodes `test` picks, in the order `root.find(type)` visits them (ast-types' field order, parents before
 * children). Only nodes ast-types' visitor reaches are returned: a node under a field ast-types does not define is
 * left out, as `find` leaves it out.
 *
 * `near`: when every node `test` can pick has one of these words in its text (a call of `fetch` names it), only the
 * parts of the tree around their occurrences are walked (see wordOffsets).
 */
export function pathsTo<T = Node>(file: CodemodFile, test: (node: Node) => boolean, near?: string | readonly string[]): ASTPath<T>[] {
  const chains = chainsTo(file, test, near);
  if (chains.length === 0) return [];

  const { getFieldNames } = file.j.types;
  const fieldOrder = new Map<Node, string[]>();
  const fieldsOf = (node: Node): string[] => {
    let names = fieldOrder.get(node);
    if (!names) fieldOrder.set(node, (names = getFieldNames(node)));
    return names;
  };
  // The visitor's order: at the first key two chains differ in, array indexes by number, fields of the same node by
  // ast-types' field order.
  const reached = chains.filter((chain) => {
    let node = 0;
    for (const key of chain.keys) {
      if (typeof key === 'number') continue;
      if (!fieldsOf(chain.nodes[node]).includes(key)) return false;
      node++;
    }
    return true;
  });
  const fieldKeyIndexes = (chain: { keys: Key[] }): number[] => {
    // For each key: the index of the node it is a field of.
    const owners: number[] = [];
    let node = 0;
    for (const key of chain.keys) {
      owners.push(node);
      if (typeof key === 'string') node++;
    }
    return owners;
  };
  const owners = new Map(reached.map((chain) => [chain, fieldKeyIndexes(chain)]));
  reached.sort((a, b) => {
    const length = Math.min(a.keys.length, b.keys.length);
    for (let i = 0; i < length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      const fields = fieldsOf(a.nodes[owners.get(a)?.[i] ?? 0]);
      return fields.indexOf(String(x)) - fields.indexOf(String(y));
    }
    // One chain is a prefix of the other: the parent comes first.
    return a.keys.length - b.keys.length;
  });
  const root = file.root.paths()[0] as ASTPath & { get(...names: Key[]): ASTPath };
  return reached.map((chain) => root.get(...chain.keys) as ASTPath<T>);
}

/**
 * Where the words occur in the text as whole words (an identifier `fetch`, not `fetchParams`; a quoted word `'pino'` is
 * that string literal), sorted. A name can also be written with escapes (`f\u0065tch` is `fetch`): each run of
 * identifier characters and escapes that holds one is decoded, and counts where it starts when it names a word.
 */
export function wordOffsets(text: string, words: string | readonly string[]): number[] {
  const list = (typeof words === 'string' ? [words] : words).filter((word) => word !== '');
  const offsets = plainWordOffsets(text, list);
  // Runs already decoded end here: one run can hold several escapes. A quoted word (`'pino'`, a module name) is
  // looked for without its quotes in a decoded run (`'p\u0069no'`).
  let decodedUpTo = -1;
  const bare = list.map((word) => word.replace(/^(['"])(.*)\1$/, '$2'));
  for (let at = text.indexOf('\\u'); at !== -1; at = text.indexOf('\\u', at + 2)) {
    if (at < decodedUpTo) continue;
    // Escapes earlier in the same run were met first: only plain identifier characters lie before this one.
    let start = at;
    while (start > 0 && continuesIdentifier(text, start - 1)) start--;
    let end = at;
    for (let step = 1; step > 0; end += step) step = continuesIdentifier(text, end) ? 1 : escapeLength(text, end);
    decodedUpTo = end;
    const decoded = text.slice(start, end).replace(UNICODE_ESCAPE, (escape, four?: string, braced?: string) => {
      const code = parseInt(four ?? braced ?? '0', 16);
      // Past the last code point the escape is no character (only a comment, a regular expression may hold it).
      return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
    });
    if (plainWordOffsets(decoded, bare).length > 0) offsets.push(start);
  }
  return offsets.sort((a, b) => a - b);
}

/** Where the words occur as written, as whole words (a quoted word's quotes are its bounds: `from'pino'`, minified). */
function plainWordOffsets(text: string, words: readonly string[]): number[] {
  const offsets: number[] = [];
  for (const word of words) {
    const quoted = /^['"]/.test(word);
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if (quoted || (!continuesIdentifier(text, at - 1) && !continuesIdentifier(text, at + word.length))) offsets.push(at);
    }
  }
  return offsets;
}

const UNICODE_ESCAPE = /\\u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]+)\})/g;

/** The length of the `\uXXXX` or `\u{X…}` escape at `at` (any number of digits: leading zeros are allowed), or 0. */
function escapeLength(text: string, at: number): number {
  if (text[at] !== '\\' || text[at + 1] !== 'u') return 0;
  ESCAPE_AT.lastIndex = at;
  return ESCAPE_AT.exec(text)?.[0].length ?? 0;
}

const ESCAPE_AT = /\\u(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/y;

/** Whether the character at `at` continues an identifier (a longer name is never taken for the word). */
function continuesIdentifier(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (Number.isNaN(code)) return false;
  return code < 128 ? ASCII_IDENTIFIER_PART[code] === 1 : IDENTIFIER_PART.test(text[at]);
}

/** A character that continues an identifier, non-ASCII letters included (a lone surrogate does not: the word counts). */
const IDENTIFIER_PART = /[\p{ID_Continue}\u200c\u200d]/u;

const ASCII_IDENTIFIER_PART = Uint8Array.from({ length: 128 }, (_, code) => (/[\w$]/.test(String.fromCharCode(code)) ? 1 : 0));

/**
 * `walk` over the file's program, entering only the nodes whose text holds one of the words: for nodes that are
 * sure to name one (a declaration of a name, an import of a module), without walking the rest of a large file.
 */
export function walkNear(
  file: Pick<CodemodFile, 'source' | 'program'>,
  words: string | readonly string[],
  visit: (node: Node, parent: Node) => boolean | undefined,
): void {
  const offsets = wordOffsets(file.source, words);
  if (offsets.length === 0) return;
  walk(file.program, (node, parent) => (holdsAny(offsets, node.start, node.end) ? visit(node, parent) : false));
}

/**
 * Whether a function around `target` (or `target` itself) declares a name in its own code, in any block of it (which
 * errs on the safe side): a parameter, a variable, a function or class declaration, a catch binding, an enum, a
 * namespace, `import x = require()`, a function expression's own name. Code written into `target` that reads the name
 * could see that declaration instead of a top-level one. Asked name by name: only the tree around the name's places in
 * the text is walked.
 */
export function declaredAround(file: Pick<CodemodFile, 'source' | 'program'>): (name: string, target: Node) => boolean {
  const byName = new Map<string, readonly Node[]>();
  return (name, target) => {
    let functions = byName.get(name);
    if (!functions) byName.set(name, (functions = functionsDeclaring(file, name)));
    return functions.some((fn) => fn.start <= target.start && target.end <= fn.end);
  };
}

/** The functions whose own code declares `name` (see declaredAround). */
function functionsDeclaring(file: Pick<CodemodFile, 'source' | 'program'>, name: string): Node[] {
  const functions: Node[] = [];
  const offsets = wordOffsets(file.source, name);
  if (offsets.length === 0) return functions;
  const declares = (pattern: unknown): boolean => patternIdentifiers(pattern as Node | null | undefined).some((id) => id.name === name);
  const add = (fn: Node | null): void => {
    if (fn && !functions.includes(fn)) functions.push(fn);
  };
  // `fn`: the innermost function around the node (null at the top level, whose declarations are not asked about).
  const visit = (node: Node, fn: Node | null): void => {
    forEachChild(node, (child) => {
      if (!holdsAny(offsets, child.start, child.end)) return;
      if (isFunction(child)) {
        if ((child.params as Node[]).some(declares)) add(child);
        // A function declaration's name is its surroundings'; a function expression's is seen only inside it.
        if (declares(child.id)) add(child.type === 'FunctionDeclaration' ? fn : child);
      } else if (declaredNames(child).has(name)) {
        add(fn);
      }
      visit(child, isFunction(child) ? child : fn);
    });
  };
  visit(file.program, null);
  return functions;
}

/**
 * Whether an identifier under a node refers to a name (a property name does not), asked name by name: each name's
 * places in the text are found once per file, and only the parts of the tree around them are walked.
 */
export function nameReferences(source: string): (root: Node, name: string) => boolean {
  const offsetsByName = new Map<string, number[]>();
  return (root, name) => {
    let offsets = offsetsByName.get(name);
    if (!offsets) offsetsByName.set(name, (offsets = wordOffsets(source, name)));
    if (!holdsAny(offsets, root.start, root.end)) return false;
    let found = false;
    walk(root, (node, parent) => {
      if (found || !holdsAny(offsets, node.start, node.end)) return false;
      if (node.type === 'Identifier' && node.name === name && !isPropertyName(node, parent)) found = true;
      return undefined;
    });
    return found;
  };
}

/** Whether a sorted list of offsets has one in [start, end). */
export function holdsAny(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (offsets[middle] < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && offsets[low] < end;
}

/**
 * How many declarations (in any scope) each of `names` has in the file, found near the names' words. A name with none
 * is a global wherever it is used: no scope needs building to tell.
 */
export function declarationCounts(file: CodemodFile, names: ReadonlySet<string>): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  if (names.size === 0) return counts;
  walkNear(file, [...names], (node) => {
    for (const name of declaredNames(node)) if (names.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
    return undefined;
  });
  return counts;
}
