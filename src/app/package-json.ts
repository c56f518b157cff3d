import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PackageJson } from '../codemod/types.js';
import { UserError } from './user-error.js';

export interface NearestPackage {
  path: string;
  packageJson: PackageJson;
}

/** The package.json nearest to `from` (a file or folder), walking up; null when there is none. */
export function findNearestPackageJson(from: string): NearestPackage | null {
  let dir = resolve(from);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const path = join(dir, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // none at this level
    }
    if (text !== undefined) return { path, packageJson: parsePackageJson(path, text) };
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function parsePackageJson(path: string, text: string): PackageJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: invalid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${path}: expected a JSON object`);
  }
  return value as PackageJson;
}
