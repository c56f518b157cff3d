/**
 * The tracer name default: the `name` of the nearest package.json above the file; for a file in no package with a
 * name, the name of the folder holding the nearest package.json (see `unnamedPackageFolder`). The transform reads it itself
 * (synchronously, cached per folder) so that it also works under plain `jscodeshift -t`, where no CLI passes it in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface PackageRoot {
  name: string;
  /** The folder holding the package.json. */
  dir: string;
}

const byFolder = new Map<string, PackageRoot | null>();
const anyPackageByFolder = new Map<string, string | null>();

/** The folder of the nearest package.json above the file, with a name or not; null when there is none. */
export function nearestPackageFolder(filePath: string): string | null {
  return lookupAny(dirname(resolve(filePath)));
}

function lookupAny(dir: string): string | null {
  const cached = anyPackageByFolder.get(dir);
  if (cached !== undefined) return cached;
  const parent = dirname(dir);
  const found = existsSync(join(dir, 'package.json')) ? dir : parent === dir ? null : lookupAny(parent);
  anyPackageByFolder.set(dir, found);
  return found;
}

export function nearestPackage(filePath: string): PackageRoot | null {
  return lookup(dirname(resolve(filePath)));
}

function lookup(dir: string): PackageRoot | null {
  const cached = byFolder.get(dir);
  if (cached !== undefined) return cached;
  let found: PackageRoot | null = null;
  // Most folders have none: asked first, without the exception a failed read throws.
  const packageJson = join(dir, 'package.json');
  if (existsSync(packageJson)) {
    try {
      const name = (JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && name) found = { name, dir };
    } catch {
      // Unreadable, or not JSON: keep looking upward, as for one without a usable name.
    }
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
