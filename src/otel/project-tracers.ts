/**
 * Project tracers that end their spans themselves, read from the project's own source: a module that wraps
 * `startActiveSpan` (a `Proxy` around `trace.getTracer(...)`, an object with its own `startActiveSpan` method)
 * and ends the span in a `finally`, told apart from a module that hands out a plain `getTracer(...)` tracer. Rules
 * ask about the module a tracer is imported from; without a readable module (a package, an unresolvable alias) the
 * `autoEndingTracers` option names such tracers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * A definition of a tracer's `startActiveSpan` (method, property, Proxy trap name), not a call of it, nor a
 * module-level helper function of that name (`export function startActiveSpan(...)` next to the real tracer).
 */
const DEFINES_START_ACTIVE_SPAN =
  /(^|[\s{,;])(?<!function\s+)(async\s+)?startActiveSpan\s*(<.*?>\s*)?\(|(?<!(const|let|var|function)\s+)startActiveSpan\s*[:=][^=]|['"`]startActiveSpan['"`]/m;
/** A `finally` block that ends a span. */
const ENDS_IN_FINALLY = /finally\s*\{[^{}]*\.end\(/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];
/** Aliases projects map to their source root: `~/tracing`, `@/lib/otel/tracing`, `#/tracing`. */
const ALIAS = /^[~@#]\//;

export type TracerModuleKind = 'auto-ending' | 'plain' | 'unknown';

const verdicts = new Map<string, { mtimeMs: number; kind: TracerModuleKind }>();
/** A plain OpenTelemetry tracer made in the module: `trace.getTracer('svc')`. */
const MAKES_OTEL_TRACER = /\bgetTracer\s*\(/;

export function resolveModule(fromFile: string, specifier: string): string | null {
  const candidates: string[] = [];
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    candidates.push(resolve(dirname(fromFile), specifier));
  } else if (ALIAS.test(specifier)) {
    const rest = specifier.slice(2);
    // Walk up to the package root, trying `<dir>/<rest>` and `<dir>/src/<rest>` on the way.
    for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
      candidates.push(join(dir, rest), join(dir, 'src', rest));
      if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) break;
    }
  } else {
    candidates.push(...workspaceCandidates(fromFile, specifier));
    if (candidates.length === 0) return null;
  }
  for (const base of candidates) {
    const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
    for (const file of [base, ...EXTENSIONS.map((ext) => stem + ext)]) {
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
  }
  return null;
}

/** `@scope/name/sub/path` → the package name and the subpath. */
const PACKAGE_SPECIFIER = /^((?:@[\w.-]+\/)?[\w.-]+)(?:\/(.*))?$/;
/** Build output folders whose sources sit in `src/`. */
const BUILD_FOLDER = /^(\.\/)?(dist|build|lib|out)\//;
const packageDirs = new Map<string, Map<string, string>>();

/**
 * Where a package of the same monorepo (`import { tracer } from '@acme/shared'`) keeps the module: the package is
 * found by name among the folders up to two levels below the workspace root above the file (`lib/*`, `packages/*`,
 * `apps/*`; the root is the package.json with `workspaces` or the pnpm-workspace.yaml, else the outermost package.json), and its entry by its package.json (`source`, `types`, `main`, `exports`; a built path
 * mapped back to `src/`), else `src/index`. Packages installed from a registry are not read.
 */
function workspaceCandidates(fromFile: string, specifier: string): string[] {
  const match = PACKAGE_SPECIFIER.exec(specifier);
  if (!match || specifier.startsWith('node:')) return [];
  const [, name, subpath] = match;
  const root = workspaceRoot(dirname(fromFile));
  if (!root) return [];
  const dir = packagesUnder(root).get(name);
  if (!dir) return [];
  if (subpath) return [join(dir, subpath), join(dir, 'src', subpath)];
  const manifest = readJson(join(dir, 'package.json'));
  const exported = manifest?.exports;
  const dot = typeof exported === 'object' && exported !== null ? (exported as Record<string, unknown>)['.'] : exported;
  const entries = [manifest?.source, manifest?.types, manifest?.typings, manifest?.main, manifest?.module, dot]
    .flatMap((entry) => (typeof entry === 'object' && entry !== null ? Object.values(entry as Record<string, unknown>) : [entry]))
    .filter((entry): entry is string => typeof entry === 'string');
  return [
    ...entries.flatMap((entry) => [join(dir, entry.replace(/\.d\.ts$/, '.ts')), join(dir, entry.replace(BUILD_FOLDER, 'src/').replace(/\.d\.ts$/, '.ts'))]),
    join(dir, 'src', 'index'),
    join(dir, 'index'),
  ];
}

const workspaceRoots = new Map<string, string | null>();

/** The workspace root above `folder` (a package.json with `workspaces`, a pnpm-workspace.yaml), else the outermost package.json's folder. */
function workspaceRoot(folder: string): string | null {
  const known = workspaceRoots.get(folder);
  if (known !== undefined) return known;
  let root: string | null = null;
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) || readJson(join(dir, 'package.json'))?.workspaces) {
      root = dir;
      break;
    }
    if (existsSync(join(dir, 'package.json'))) root = dir;
    if (dirname(dir) === dir) break;
  }
  workspaceRoots.set(folder, root);
  return root;
}

/** The packages (by name) in `root` and up to two folder levels below it, read once per root. */
function packagesUnder(root: string): Map<string, string> {
  let found = packageDirs.get(root);
  if (found) return found;
  found = new Map();
  packageDirs.set(root, found);
  const visit = (dir: string, depth: number): void => {
    const name = readJson(join(dir, 'package.json'))?.name;
    if (typeof name === 'string' && !found.has(name)) found.set(name, dir);
    if (depth === 2) return;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const child = join(dir, entry);
      if (existsSync(join(child, 'package.json')) || (depth === 0 && statSync(child).isDirectory())) visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * What the project module `specifier` (imported by `fromFile`) hands out as a tracer: one whose `startActiveSpan`
 * ends spans itself, a plain `getTracer(...)` tracer, or unknown (not readable, or something else).
 */
export function tracerModuleKind(fromFile: string, specifier: string): TracerModuleKind {
  if (!fromFile || fromFile.startsWith('<')) return 'unknown';
  const file = resolveModule(fromFile, specifier);
  return file ? moduleKind(file) : 'unknown';
}

/** `export * from './tracing'`, `export { tracer } from './tracing'`: a module that hands out another's values. */
export const RE_EXPORT = /^export\s+(?:\*(?:\s+as\s+[\w$]+)?|(?:type\s+)?\{[^}]*\})\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
/** How many modules a package's index is followed through (its re-exports, breadth first). */
const RE_EXPORT_LIMIT = 200;

/**
 * The kind of tracer a module hands out, by its text, or by the modules it re-exports (a package's index): a wrapper
 * that ends spans anywhere among them wins over a plain tracer (its spans are not judged).
 */
function moduleKind(file: string): TracerModuleKind {
  const { mtimeMs } = statSync(file);
  const cached = verdicts.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.kind;
  const own = readFileSync(file, 'utf8');
  let kind = textKind(own);
  if (kind === 'unknown') {
    const seen = new Set([file]);
    const queue = [file];
    const kinds = new Set<TracerModuleKind>();
    while (queue.length > 0 && seen.size < RE_EXPORT_LIMIT) {
      const current = queue.shift() as string;
      const text = current === file ? own : readFileSync(current, 'utf8');
      if (current !== file) kinds.add(textKind(text));
      for (const match of text.matchAll(RE_EXPORT)) {
        const next = resolveModule(current, match[1]);
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    kind = kinds.has('auto-ending') ? 'auto-ending' : kinds.has('plain') ? 'plain' : 'unknown';
  }
  verdicts.set(file, { mtimeMs, kind });
  return kind;
}

function textKind(text: string): TracerModuleKind {
  if (text.includes('startActiveSpan') && DEFINES_START_ACTIVE_SPAN.test(text) && ENDS_IN_FINALLY.test(text)) return 'auto-ending';
  return MAKES_OTEL_TRACER.test(text) && !DEFINES_START_ACTIVE_SPAN.test(text) ? 'plain' : 'unknown';
}
