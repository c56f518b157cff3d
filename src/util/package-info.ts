import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  /** Folder that holds this package's package.json. */
  root: string;
}

// Walk up from this module: the same code runs from src/ under vitest, from dist/src/ once built, and from dist/cli/
// in the bundled CLI.
function findOwnPackage(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'otel-codemod') return { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir };
    } catch {
      // no package.json at this level
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('otel-codemod: cannot find its own package.json');
    dir = parent;
  }
}

export const packageInfo: PackageInfo = findOwnPackage();
