/**
 * The tracer name default: the `name` of the nearest package.json above the file. The transform reads it itself
 * (synchronously, cached per folder) so that it also works under plain `jscodeshift -t`, where no CLI passes it in.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface PackageRoot {
  name: string;
  /** The folder holding the package.json. */
  dir: string;
}

const byFolder = new Map<string, PackageRoot | null>();

export function nearestPackage(filePath: string): PackageRoot | null {
  return lookup(dirname(resolve(filePath)));
}

function lookup(dir: string): PackageRoot | null {
  const cached = byFolder.get(dir);
  if (cached !== undefined) return cached;
  let found: PackageRoot | null = null;
  try {
    const name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name) found = { name, dir };
  } catch {
    // No package.json here, or one without a usable name: keep looking upward.
  }
  if (!found) {
    const parent = dirname(dir);
    found = parent === dir ? null : lookup(parent);
  }
  byFolder.set(dir, found);
  return found;
}

/** The file's path relative to its package folder, with `/` separators (as it appears in the repository). */
export function packageRelativePath(filePath: string, pkg: PackageRoot | null): string {
  const path = pkg ? relative(pkg.dir, resolve(filePath)) : filePath;
  return path.split(sep).join('/');
}
