/**
 * Functions of the project's own modules, read from disk when a span's code calls them
 * (`import { loadOrder } from './store'`, `store.loadOrder(...)`), to tell whether the call returns a promise: an
 * async or promise-returning function rejects, it does not throw (ACCURACY.md counts any other imported call as able
 * to throw, whatever its body). Only the function's own text is parsed (found by its declaration, cut at its closing
 * brace), once per module, name and modification time: parsing whole modules for every imported helper would cost
 * more than the rest of the analysis.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from '@typescript-eslint/parser';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import { RE_EXPORT, resolveModule } from '../project-tracers.js';
import { type FunctionNode, skipTypeWrappers } from '../ast.js';

/** Functions longer than this are not read: a helper that small is what this is for. */
const MAX_FUNCTION_CHARS = 4000;
/** How many re-exporting modules (`export * from './type-guards'` in an index) are followed to a function. */
const MAX_RE_EXPORT_HOPS = 3;

const texts = new Map<string, { mtimeMs: number; text: string }>();
const functions = new Map<string, FunctionNode | null>();
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** From `start`, the index just past the bracket that closes the first `{`, skipping strings and comments. */
function endOfBlock(text: string, start: number): number {
  let depth = 0;
  let opened = false;
  // An arrow with an expression body in a file without semicolons (`const isString = (v) => typeof v === 'string'`)
  // ends at the first line break outside brackets.
  let bodyFrom = -1;
  let brackets = 0;
  for (let i = start; i < text.length && i - start < MAX_FUNCTION_CHARS; i++) {
    const c = text[i];
    if (!opened && c === '=' && text[i + 1] === '>' && /^\s*[^\s{]/.test(text.slice(i + 2, i + 40))) bodyFrom = i + 2;
    if (c === '(' || c === '[') brackets++;
    else if (c === ')' || c === ']') brackets--;
    else if (
      c === '\n' &&
      bodyFrom >= 0 &&
      !opened &&
      brackets === 0 &&
      text.slice(bodyFrom, i).trim() !== '' &&
      !/^\s*[.?:&|+\-*/]/.test(text.slice(i + 1, i + 40))
    ) {
      return i;
    }
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) return -1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i);
      if (i < 0) return -1;
    } else if (c === '{') {
      // A default value in the parameter list (`data = {}`) is not the body.
      if (!opened && brackets > 0) continue;
      depth++;
      opened = true;
    } else if (c === '}') {
      if (!opened && brackets > 0) continue;
      depth--;
      if (opened && depth === 0) return i + 1;
    } else if (!opened && c === ';') {
      return i; // `const f = (x) => x.y;`: an expression body
    }
  }
  return -1;
}

/** The top-level function `name` declared in `text`: `function name(`, `const name = (...) =>`, `= function`. */
function parseFunction(text: string, name: string, jsx: boolean): FunctionNode | null {
  const id = escapeRegExp(name);
  const declaration = new RegExp(
    `(?:^|\\n)[ \\t]*(?:export[ \\t]+)?(?:(async[ \\t]+)?function[ \\t]*\\*?[ \\t]*${id}\\b|(?:const|let|var)[ \\t]+${id}\\b[^=\\n]*=)`,
  ).exec(text);
  if (!declaration) return null;
  const start = declaration.index + declaration[0].length - declaration[0].trimStart().length;
  const end = endOfBlock(text, start);
  if (end < 0) return null;
  try {
    const ast = parse(text.slice(start, end), { range: true, jsx, sourceType: 'module' });
    const first = ast.body.at(0);
    const statement = first?.type === AST_NODE_TYPES.ExportNamedDeclaration ? first.declaration : first;
    if (statement?.type === AST_NODE_TYPES.FunctionDeclaration) return statement;
    const init = statement?.type === AST_NODE_TYPES.VariableDeclaration ? statement.declarations[0]?.init : null;
    const value = init && skipTypeWrappers(init);
    return ASTUtils.isFunction(value) ? value : null;
  } catch {
    return null; // not what we took it for: its calls count as throwing
  }
}

/** A project module on disk, as found when a file that imports it is linted. */
export interface SiblingModule {
  file: string;
  mtimeMs: number;
}

/** The project module `specifier` imported by `fromFile` (packages are not read), or null. */
export function siblingModule(fromFile: string, specifier: string): SiblingModule | null {
  if (!fromFile || fromFile.startsWith('<')) return null;
  const file = resolveModule(fromFile, specifier);
  if (!file) return null;
  return { file, mtimeMs: statSync(file).mtimeMs };
}

/**
 * The top-level function `name` of a project module, or of a module it re-exports (`export * from './string'`,
 * `export { isString } from './guards'`), or null. Parsed once per module, name and modification time.
 */
export function moduleFunction({ file, mtimeMs }: SiblingModule, name: string, hops = 0): FunctionNode | null {
  let cached = texts.get(file);
  if (cached?.mtimeMs !== mtimeMs) {
    cached = { mtimeMs, text: readFileSync(file, 'utf8') };
    texts.set(file, cached);
  }
  const key = `${file}\0${String(mtimeMs)}\0${name}`;
  if (!functions.has(key)) {
    // Marked missing first: modules that re-export each other end here.
    functions.set(key, null);
    const declared = parseFunction(cached.text, name, /\.[jt]sx$/.test(file));
    functions.set(key, declared ?? (hops < MAX_RE_EXPORT_HOPS ? reExported(file, cached.text, name, hops) : null));
  }
  return functions.get(key) ?? null;
}

/** In a list of import or export specifiers (`a, b as c, type d`), the name `name` stands for; null if absent. */
function nameBehind(specifiers: string, name: string): string | null {
  const entry = specifiers
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/))
    .find((names) => (names[1] ?? names[0]) === name);
  return entry ? entry[0] : null;
}

/** `name` as one of the modules `text` re-exports hands it out (under its own name there, `export { a as name }`). */
function reExported(file: string, text: string, name: string, hops: number): FunctionNode | null {
  for (const match of text.matchAll(RE_EXPORT)) {
    const [clause, specifier] = match;
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    const original = braces === undefined ? name : nameBehind(braces, name);
    if (!original) continue;
    const next = siblingModule(file, specifier);
    const found = next ? moduleFunction(next, original, hops + 1) : null;
    if (found) return found;
  }
  return null;
}
