import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { API, JSCodeshift } from 'jscodeshift';
import { walk, type Node } from './ast.js';
import { parseWithOxc } from './oxc-tree.js';

type ParserName = 'ts' | 'tsx' | 'babylon';

/** jscodeshift parser names by extension: `tsx` rejects `<T>expr` casts in .ts files, `ts` rejects JSX. */
function parserForPath(path: string): ParserName {
  if (/\.(ts|mts|cts)$/i.test(path)) return 'ts';
  if (/\.tsx$/i.test(path)) return 'tsx';
  return 'babylon';
}

const boundByApi = new WeakMap<JSCodeshift, Map<ParserName, JSCodeshift>>();

/**
 * The jscodeshift instance bound to the right parser for this file, whatever parser the runner chose. Made once per
 * jscodeshift instance and parser: `withParser` copies every ast-types builder and named type onto a new function,
 * which cost more than parsing a small file.
 */
export function jscodeshiftFor(api: API, path: string): JSCodeshift {
  const name = parserForPath(path);
  let bound = boundByApi.get(api.jscodeshift);
  if (!bound) boundByApi.set(api.jscodeshift, (bound = new Map<ParserName, JSCodeshift>()));
  let j = bound.get(name);
  if (!j) bound.set(name, (j = api.jscodeshift.withParser(name)));
  return j;
}

type BabelOptions = Record<string, unknown>;
interface Babel {
  parse: (source: string, options: BabelOptions) => Node;
  parseExpression: (source: string, options: BabelOptions) => Node;
}
type GetParser = (name: ParserName) => { parse(source: string): Node };

const require = createRequire(import.meta.url);
let loaded: { babel: Babel; getParser: GetParser } | undefined;

/**
 * Babel and jscodeshift's parser table, loaded on first use: oxc reads most files (parseFile), so a run that meets no
 * Flow file and nothing oxc rejects never loads them.
 */
function babelModules(): { babel: Babel; getParser: GetParser } {
  if (!loaded) {
    const getParser = require('jscodeshift/src/getParser.js') as GetParser;
    // The @babel/parser jscodeshift's parser modules load (from their own folder), so the options below are its own.
    const babel = require(require.resolve('@babel/parser', { paths: [dirname(require.resolve('jscodeshift/parser/ts.js'))] })) as Babel;
    loaded = { babel, getParser };
  }
  return loaded;
}

const optionsByParser = new Map<ParserName, BabelOptions>();

/**
 * Babel's `parseExpression`, from the same module. Loaded with `require`: an ES `import` of @babel/parser (CommonJS,
 * half a megabyte) has Node scan its whole text for export names first, about a tenth of a second at every start.
 */
export const parseExpression = (source: string, options: BabelOptions): Node => babelModules().babel.parseExpression(source, options);

/**
 * jscodeshift's babel options for a parser (its `babylon` options are not exported: they are read from one call), with
 * `tokens` off. Nothing here prints with recast, which needs the token list; the tree is the same without it, and
 * parsing takes less time and far less memory.
 */
function babelOptions(name: ParserName): BabelOptions {
  let options = optionsByParser.get(name);
  if (!options) {
    const { babel, getParser } = babelModules();
    const parse = babel.parse;
    let seen: BabelOptions | undefined;
    babel.parse = (source, given) => {
      seen = given;
      return parse(source, given);
    };
    try {
      getParser(name).parse('');
    } finally {
      babel.parse = parse;
    }
    if (!seen) throw new Error(`jscodeshift's ${name} parser did not call @babel/parser`);
    options = { ...seen, tokens: false };
    optionsByParser.set(name, options);
  }
  return options;
}

/**
 * The file's Babel tree, as jscodeshift's parser for this path gives it (see parseWithBabel), read by oxc where it can
 * (src/codemod/oxc-tree.ts: several times faster from a cold start, which is most of a codemod run) and by Babel for
 * what oxc rejects (Babel then reads it or reports the error in its own words), and for a file marked `@flow` that
 * oxc reads with a `<` comparison (holdsLessThan). Node offsets point into `source` itself.
 */
export function parseFile(source: string, path: string): Node {
  const tree = oxcTree(source, path);
  if (tree && parserForPath(path) === 'babylon' && saysFlow(source) && holdsLessThan(tree)) return parseWithBabel(source, path);
  return tree ?? parseWithBabel(source, path);
}

/**
 * A `<` comparison anywhere: how every Flow generic call or arrow function reads as JavaScript (`useState<string>('')`,
 * `useReducer<State, Action>(reducer)`, `useRef<Node | null>(null)` all start `name < …`). Other Flow syntax is no
 * JavaScript at all, so oxc rejects it; a Flow file with neither reads the same either way, and Babel is not loaded
 * and warmed up for it (34 ms of the dense benchmark's run, for one such file).
 */
function holdsLessThan(tree: Node): boolean {
  let found = false;
  walk(tree, (node) => {
    if (node.type === 'BinaryExpression' && node.operator === '<') found = true;
    return !found;
  });
  return found;
}

/** oxc's tree, or undefined for Babel to parse the file: oxc rejected it, or its tree was not one oxc-tree.ts knows. */
function oxcTree(source: string, path: string): Node | undefined {
  try {
    return parseWithOxc(source, path);
  } catch {
    return undefined;
  }
}

/**
 * Parses with the parser jscodeshift would use for this path (babel, with jscodeshift's options but no token list),
 * trying the tsx options first for TypeScript that cannot hold JSX (mayHoldJsxElement) and JavaScript's own options
 * first for JavaScript that does not say it is Flow (javaScriptOptions),
 * straight on the text: recast re-renders the text before parsing it (tabs expanded, CRLF joined as LF, a BOM
 * dropped), so its node offsets point into another string. These point into `source` itself.
 */
export function parseWithBabel(source: string, path: string): Node {
  const name = parserForPath(path);
  const { babel } = babelModules();
  if (name === 'ts' && !mayHoldJsxElement(source)) {
    try {
      return babel.parse(source, babelOptions('tsx'));
    } catch {
      // a type assertion (`<T>value`) read as JSX: the TypeScript parser below reads it, or reports the real error
    }
  }
  if (name === 'babylon' && !saysFlow(source)) {
    try {
      return babel.parse(source, javaScriptOptions());
    } catch {
      // Flow's syntax without the pragma: Flow's parser below reads it, or reports the real error
    }
  }
  return babel.parse(source, babelOptions(name));
}

let plainJavaScript: BabelOptions | undefined;

/**
 * jscodeshift's babylon options without its two Flow plugins, for JavaScript (parseFile): `flow` with `all: true` reads
 * `a < b > (c)` as a call with type arguments and `flowComments` reads `/* : *\/` as a type, so valid JavaScript
 * failed to parse (smol-toml's `=== 0x3a /* : *\/)`, flow-estree's `node /*: ESNode *\/`, picomatch's constants) or
 * could mean something else. Without them Babel reads the language as it runs, and faster: pino's 300 files in the
 * dense pino-mixin benchmark parse cold in 410-500 ms instead of 550-580. Babel's tsx options were as fast but read
 * valid JavaScript as TypeScript in corners (`x < y > \`t\`` as a tagged template with type arguments, `global` and a
 * block on the next line as a module declaration) and accepted TypeScript in a .js file.
 */
function javaScriptOptions(): BabelOptions {
  if (!plainJavaScript) {
    const options = babelOptions('babylon');
    const plugins = (options.plugins as (string | [string, unknown])[]).filter((plugin) => {
      const pluginName = Array.isArray(plugin) ? plugin[0] : plugin;
      return pluginName !== 'flow' && pluginName !== 'flowComments';
    });
    plainJavaScript = { ...options, plugins };
  }
  return plainJavaScript;
}

/**
 * A file Flow checks: `@flow` or `@noflow` in the comments before its first statement, where Flow reads the pragma. It
 * goes to jscodeshift's Flow-aware parser first.
 */
function saysFlow(source: string): boolean {
  const leadingComments = LEADING_COMMENTS.exec(source)?.[0] ?? '';
  return FLOW_PRAGMA.test(leadingComments);
}

const LEADING_COMMENTS = /^(?:#![^\n]*)?(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const FLOW_PRAGMA = /@(?:no)?flow\b/;

/**
 * Whether text could hold a JSX element: every element or fragment closes with `</` or `/>` (spaces or comments may
 * come between). Without either, Babel's
 * tsx parser reads TypeScript exactly as its ts parser does (JSX only changes what a `<` opening an expression means,
 * and such a `<` can then only fail as JSX, where the tsx parser tries a generic arrow function as the ts parser
 * would, or throw). It is used for .ts files too for speed: Babel builds one parser class per plugin set, and each
 * warms up on its own; on dub (2,232 .ts and 1,969 .tsx files) a cold parse of all of them took 3.1–3.3 s with two
 * classes and 2.3 s with one.
 */
function mayHoldJsxElement(source: string): boolean {
  // Babel reads whitespace and comments between `<` and `/`, and before `>` (`< /T>`, `<a / >`); a comment after `<`
  // starts with `/`, one before `>` ends with it.
  return JSX_CLOSE.test(source);
}

const JSX_CLOSE = /<\s*\/|\/\s*>/;
