import { createRequire } from 'node:module';
import type { API, JSCodeshift } from 'jscodeshift';
import type { Node } from './ast.js';

type ParserName = 'ts' | 'tsx' | 'babylon';

/** jscodeshift parser names by extension: `tsx` rejects `<T>expr` casts in .ts files, `ts` rejects JSX. */
export function parserForPath(path: string): ParserName {
  if (/\.(ts|mts|cts)$/i.test(path)) return 'ts';
  if (/\.tsx$/i.test(path)) return 'tsx';
  return 'babylon';
}

/** The jscodeshift instance bound to the right parser for this file, whatever parser the runner chose. */
export function jscodeshiftFor(api: API, path: string): JSCodeshift {
  return api.jscodeshift.withParser(parserForPath(path));
}

type GetParser = (name: ParserName) => { parse(source: string): Node };
const getParser = createRequire(import.meta.url)('jscodeshift/src/getParser.js') as GetParser;

/**
 * Parses with the parser jscodeshift would use for this path (babel, with jscodeshift's options), but straight on the
 * text: recast re-renders the text before parsing it (tabs expanded, CRLF joined as LF, a BOM dropped), so its node
 * offsets point into another string. These point into `source` itself.
 */
export function parseFile(source: string, path: string): Node {
  return getParser(parserForPath(path)).parse(source);
}
