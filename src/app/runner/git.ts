import { spawnSync } from 'node:child_process';
import { dirname, relative, resolve } from 'node:path';
import { realpathSync, statSync } from 'node:fs';

export interface DirtyWorkTree {
  root: string;
  /** `git status --porcelain` lines for the given paths. */
  changes: string[];
}

/**
 * The git work trees holding `paths` that have uncommitted changes (staged, unstaged or untracked) under those
 * paths. A codemod's edits are only easy to review and undo when the tree was clean before it ran; changes elsewhere
 * in the repository do not matter. Paths outside a work tree, or no git at all, give nothing to refuse.
 */
export function findDirtyWorkTrees(paths: readonly string[], cwd: string): DirtyWorkTree[] {
  const byRoot = new Map<string, string[]>();
  for (const given of paths) {
    let absolute = resolve(cwd, given);
    try {
      // git reports the top level with symlinks resolved; relative pathspecs must be computed the same way.
      absolute = realpathSync(absolute);
    } catch {
      continue;
    }
    const dir = isDirectory(absolute) ? absolute : dirname(absolute);
    const top = git(dir, ['rev-parse', '--show-toplevel']);
    if (top === undefined) continue;
    const root = top.trim();
    byRoot.set(root, [...(byRoot.get(root) ?? []), relative(root, absolute) || '.']);
  }
  const dirty: DirtyWorkTree[] = [];
  for (const [root, pathspecs] of byRoot) {
    const status = git(root, ['status', '--porcelain', '--', ...pathspecs]);
    const changes = (status ?? '').split('\n').filter((line) => line.trim() !== '');
    if (changes.length > 0) dirty.push({ root, changes });
  }
  return dirty;
}

function git(cwd: string, args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return result.status === 0 ? result.stdout : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
