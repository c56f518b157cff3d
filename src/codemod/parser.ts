import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { API, JSCodeshift } from 'jscodeshift';
import type { Node } from './ast.js';

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
const getParser = require('jscodeshift/src/getParser.js') as GetParser;
// The @babel/parser jscodeshift's parser modules load (from their own folder), so the options below are its own.
const babel = require(require.resolve('@babel/parser', { paths: [dirname(require.resolve('jscodeshift/parser/ts.js'))] })) as Babel;

const optionsByParser = new Map<ParserName, BabelOptions>();

/**
 * Babel's `parseExpression`, from the same module. Loaded with `require`: an ES `import` of @babel/parser (CommonJS,
 * half a megabyte) has Node scan its whole text for export names first, about a tenth of a second at every start.
 */
export const parseExpression = (source: string, options: BabelOptions): Node => babel.parseExpression(source, options);

/**
 * jscodeshift's babel options for a parser (its `babylon` options are not exported: they are read from one call), with
 * `tokens` off. Nothing here prints with recast, which needs the token list; the tree is the same without it, and
 * parsing takes less time and far less memory.
 */
function babelOptions(name: ParserName): BabelOptions {
  let options = optionsByParser.get(name);
  if (!options) {
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
 * Parses with the parser jscodeshift would use for this path (babel, with jscodeshift's options but no token list),
 * trying the tsx options first where they read the file the same (FLOW_PRAGMA, mayHoldJsxElement),
 * straight on the text: recast re-renders the text before parsing it (tabs expanded, CRLF joined as LF, a BOM
 * dropped), so its node offsets point into another string. These point into `source` itself.
 */
export function parseFile(source: string, path: string): Node {
  const name = parserForPath(path);
  if ((name === 'ts' && !mayHoldJsxElement(source)) || (name === 'babylon' && !FLOW_PRAGMA.test(source))) {
    try {
      return babel.parse(source, babelOptions('tsx'));
    } catch {
      // .ts: a type assertion (`<T>value`) read as JSX; JavaScript: Flow syntax. The file's own parser below reads
      // it, or reports the real error.
    }
  }
  return babel.parse(source, babelOptions(name));
}

/**
 * JavaScript is parsed with the tsx options first (parseFile): plain JavaScript reads the same with either plugin set,
 * Babel warms up one parser class instead of two, and the TypeScript one is faster on JavaScript. Over 18,230 .js,
 * .cjs, .mjs and .jsx files (this project's node_modules; dd-trace-js, sentry-javascript, apm-agent-nodejs, SvelteKit
 * and five more repositories) both read 18,213 files to the same tree (type syntax aside, in 2 Flow-typed ones); 13
 * more read only with the tsx options (`a < b > (c)` read as Flow type arguments fails: smol-toml), none only with
 * Flow's. The 304 JavaScript and TypeScript candidates of the dense wrap-spans benchmark parse cold in 390 ms instead
 * of 440-550 ms. A file that says it is Flow goes to Flow's parser first.
 */
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
