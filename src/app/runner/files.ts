/**
 * Which files a run looks at. Directories are walked for JavaScript and TypeScript sources, honouring .gitignore
 * files (the walked folder's own, nested ones, its ancestors' up to the git root, or up to the working directory
 * outside a repository, and .git/info/exclude), skipping dependency and build output folders and declaration files.
 *
 * A file named on the command line is the user's explicit choice: the built-in skips and .gitignore do not apply to
 * it. A named folder that .gitignore ignores (from an ancestor, `vendor-copy/`) is not walked. Ignore patterns the
 * user wrote for this tool (`--ignore`, the configuration's `ignore`) apply everywhere, named files included, so a
 * pre-commit hook that passes staged files still honours them. A named path left out either way is listed in
 * `explicitlyIgnored` with the pattern and file that ignore it, for the CLI to say so; `noIgnore` (`--no-ignore`)
 * turns .gitignore and the user's patterns off (the built-in skips still apply inside walked folders).
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UserError } from '../user-error.js';

const SOURCE_EXTENSIONS: readonly string[] = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'];

/** Folder names never walked into: dependencies, build output, coverage reports, VCS data. */
const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', 'coverage', '.git'];

/** gitignore-syntax patterns, matched against paths relative to `base`. */
export interface IgnorePatterns {
  base: string;
  patterns: readonly string[];
  /** Where the patterns were written (a configuration file, `--ignore`), named when they leave out a named path. */
  source?: string;
}

export interface CollectOptions {
  cwd: string;
  /** The user's own ignore patterns (configuration, `--ignore`): applied to explicit paths too. */
  ignore?: readonly IgnorePatterns[];
  /** `--no-ignore`: neither .gitignore nor the user's patterns apply. */
  noIgnore?: boolean;
  /** File names collected besides sources (a codemod that also rewrites `package.json`). */
  alsoNamed?: readonly string[];
}

/** A path named on the command line that an ignore pattern leaves out. */
export interface ExplicitlyIgnored {
  /** As the user wrote it. */
  given: string;
  pattern: string;
  /** The file (and line) or flag the pattern comes from. */
  source: string;
}

export interface CollectedFiles {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Source files left out by an ignore pattern or the declaration-file rule, and named files that are not sources. */
  ignored: string[];
  explicitlyIgnored: ExplicitlyIgnored[];
}

function isSourceFile(path: string): boolean {
  const name = basename(path);
  if (/\.d\.[cm]?ts$/i.test(name) || /\.d\.[^.]+\.ts$/i.test(name)) return false;
  return SOURCE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));
}

export function collectFiles(paths: readonly string[], options: CollectOptions): CollectedFiles {
  const files = new Set<string>();
  const ignored = new Set<string>();
  const explicitlyIgnored: ExplicitlyIgnored[] = [];
  const userRules = new IgnoreRules();
  if (!options.noIgnore) {
    for (const { base, patterns, source } of options.ignore ?? []) userRules.add(base, patterns, source ?? 'ignore patterns');
  }
  const leftOut = (given: string, rule: MatchedRule): void => {
    explicitlyIgnored.push({ given, ...rule });
  };

  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UserError(`path not found: ${given}`);
    }
    if (stats.isDirectory()) {
      const gitRules = options.noIgnore ? new IgnoreRules() : gitignoreRulesFor(absolute, options.cwd);
      const rule = userRules.matchedRule(absolute, true) ?? gitRules.matchedRule(absolute, true);
      if (rule) {
        leftOut(given, rule);
        continue;
      }
      walk(absolute, gitRules, userRules, files, ignored, options.noIgnore === true, options.alsoNamed ?? []);
    } else if (stats.isFile()) {
      const rule = userRules.matchedRule(absolute, false);
      if (rule) leftOut(given, rule);
      const alsoNamed = options.alsoNamed?.includes(basename(absolute)) === true;
      if ((!isSourceFile(absolute) && !alsoNamed) || rule) ignored.add(absolute);
      else files.add(absolute);
    } else {
      throw new UserError(`not a file or directory: ${given}`);
    }
  }
  for (const file of files) ignored.delete(file);
  return { files: [...files].sort(), ignored: [...ignored].sort(), explicitlyIgnored };
}

function walk(
  dir: string,
  gitRules: IgnoreRules,
  userRules: IgnoreRules,
  files: Set<string>,
  ignored: Set<string>,
  noIgnore: boolean,
  alsoNamed: readonly string[],
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UserError(`cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!noIgnore && entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
    gitRules.add(dir, readFileSync(join(dir, '.gitignore'), 'utf8').split(/\r?\n/), join(dir, '.gitignore'), true);
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symbolic links are not followed while walking: they can loop, and they can leave the project.
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.includes(entry.name)) continue;
      if (gitRules.isIgnored(path, true) || userRules.isIgnored(path, true)) continue;
      walk(path, gitRules, userRules, files, ignored, noIgnore, alsoNamed);
    } else if (entry.isFile()) {
      if (alsoNamed.includes(entry.name)) {
        if (!gitRules.isIgnored(path, false) && !userRules.isIgnored(path, false)) files.add(path);
        continue;
      }
      if (!SOURCE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) continue;
      if (!isSourceFile(path) || gitRules.isIgnored(path, false) || userRules.isIgnored(path, false)) ignored.add(path);
      else files.add(path);
    }
  }
}

/**
 * The .gitignore files that govern `dir` from above: each ancestor's up to the work tree root, plus info/exclude.
 * Outside a repository, the ancestors up to the working directory count (a project unpacked without its .git still
 * has a root .gitignore); `dir`'s own .gitignore and those below it are read by the walk.
 */
function gitignoreRulesFor(dir: string, cwd: string): IgnoreRules {
  const rules = new IgnoreRules();
  const ancestors: string[] = [];
  let gitRoot: string | undefined;
  for (let current = dir; ; ) {
    // A repository root is recognised by its .git entry (a folder, or a file in worktrees and submodules).
    if (existsSync(join(current, '.git'))) {
      gitRoot = current;
      break;
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
    ancestors.push(current);
  }
  if (gitRoot !== undefined) {
    const exclude = join(gitRoot, '.git', 'info', 'exclude');
    if (existsSync(exclude)) rules.add(gitRoot, readFileSync(exclude, 'utf8').split(/\r?\n/), exclude, true);
  }
  const boundary = gitRoot ?? resolve(cwd);
  const governing = ancestors.slice(0, ancestors.indexOf(boundary) + 1);
  for (const ancestor of governing.reverse()) {
    const file = join(ancestor, '.gitignore');
    if (existsSync(file)) rules.add(ancestor, readFileSync(file, 'utf8').split(/\r?\n/), file, true);
  }
  return rules;
}

interface MatchedRule {
  pattern: string;
  source: string;
}

/** Layers of gitignore patterns, each relative to its own folder; later (deeper) layers override earlier ones. */
class IgnoreRules {
  private readonly layers: { base: string; matcher: Ignore }[] = [];

  /** `source` names where the patterns come from; `patterns` are an ignore file's lines, marked with their numbers. */
  add(base: string, patterns: readonly string[], source: string, isIgnoreFile = false): void {
    const lines = patterns
      .map((pattern, index) => ({ pattern, mark: isIgnoreFile ? `${source}:${String(index + 1)}` : source }))
      .filter(({ pattern }) => pattern.trim() !== '');
    if (lines.length > 0) this.layers.push({ base: resolve(base), matcher: ignore().add(lines) });
  }

  isIgnored(path: string, isDirectory: boolean): boolean {
    return this.matchedRule(path, isDirectory) !== undefined;
  }

  /** The pattern that leaves `path` out (the last one to decide, as `git check-ignore -v` reports), if any. */
  matchedRule(path: string, isDirectory: boolean): MatchedRule | undefined {
    let rule: MatchedRule | undefined;
    for (const { base, matcher } of this.layers) {
      // Both absolute and normalized (resolve, join): a prefix test instead of path.relative, once per file and layer;
      // without regard to case on Windows, as path.relative there.
      const prefix = base.endsWith(sep) ? base : base + sep;
      if (!(sep === '\\' ? path.toLowerCase().startsWith(prefix.toLowerCase()) : path.startsWith(prefix))) continue;
      const rel = path.slice(prefix.length);
      const verdict = matcher.test((sep === '/' ? rel : rel.split(sep).join('/')) + (isDirectory ? '/' : ''));
      if (verdict.ignored) rule = { pattern: verdict.rule?.pattern ?? '', source: verdict.rule?.mark ?? '' };
      else if (verdict.unignored) rule = undefined;
    }
    return rule;
  }
}
