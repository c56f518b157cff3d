import type { API, JSCodeshift } from 'jscodeshift';

/** jscodeshift parser names by extension: `tsx` rejects `<T>expr` casts in .ts files, `ts` rejects JSX. */
export function parserForPath(path: string): 'ts' | 'tsx' | 'babylon' {
  if (/\.(ts|mts|cts)$/i.test(path)) return 'ts';
  if (/\.tsx$/i.test(path)) return 'tsx';
  return 'babylon';
}

/** The jscodeshift instance bound to the right parser for this file, whatever parser the runner chose. */
export function jscodeshiftFor(api: API, path: string): JSCodeshift {
  return api.jscodeshift.withParser(parserForPath(path));
}
