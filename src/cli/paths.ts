import { isAbsolute, relative, sep } from 'node:path';

/** Relative to the working directory when inside it, absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
