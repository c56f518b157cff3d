/**
 * Decisions a codemod takes per package rather than per run: a monorepo holds packages with and without OpenTelemetry,
 * with and without auto-instrumentation. A file's package is the package.json nearest to it; what it may import is
 * what every package.json from there up to the root lists (a workspace root's dependencies resolve in its packages).
 * Found on real trees: formbricks' apps/web lists `@opentelemetry/auto-instrumentations-node` (fetch is instrumented
 * already) where its root lists no OpenTelemetry package; prisma's `@internal/cli-telemetry` calls fetch without any
 * OpenTelemetry, where an added `@opentelemetry/api` import would not even resolve. Without any package.json above a
 * file nothing is known, and nothing is decided.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEPENDENCY_FIELDS, dependencyNames, listsDependency } from '../../codemod/project-check.js';
import type { PackageJson } from '../../codemod/types.js';
import { API_MODULE, isOtelModule } from '../../otel/api.js';

/** `'@opentelemetry/api'` or `"@opentelemetry/api"`: an import, require or dynamic import of the API module. */
const API_SPECIFIER = new RegExp(`(['"])${API_MODULE.replace(/[/]/g, '\\/')}\\1`);

/** Whether `output` imports the API where `before` did not. */
export const addsApiImport = (before: string, output: string): boolean => !API_SPECIFIER.test(before) && API_SPECIFIER.test(output);

export interface PackageChain {
  /** The package.json nearest to the folder; null when there is none up to the root. */
  nearest: string | null;
  /** The dependency fields of every package.json from the folder up, merged (a nearer file's range wins). */
  dependencies: PackageJson;
}

/** What a change that adds an API import to a file means for its package. */
export type ApiDependency = 'listed' | 'unlisted' | 'no-otel';

/** Package chains per folder, each package.json read once per run. */
export class PackageChains {
  private readonly chains = new Map<string, PackageChain>();

  of(file: string): PackageChain {
    return this.chainOf(dirname(file));
  }

  /**
   * 'listed': a package.json from the file's folder up lists the API, or there is no package.json at all. 'unlisted':
   * none lists it, and one lists another OpenTelemetry package (the API then resolves only where it is hoisted).
   * 'no-otel': none lists any OpenTelemetry package.
   */
  apiDependency(chain: PackageChain): ApiDependency {
    if (chain.nearest === null || listsDependency(chain.dependencies, API_MODULE)) return 'listed';
    return dependencyNames(chain.dependencies).some(isOtelModule) ? 'unlisted' : 'no-otel';
  }

  private chainOf(dir: string): PackageChain {
    const known = this.chains.get(dir);
    if (known) return known;
    const parent = dirname(dir);
    const above: PackageChain = parent === dir ? { nearest: null, dependencies: {} } : this.chainOf(parent);
    const path = join(dir, 'package.json');
    const packageJson = readPackageJson(path);
    const chain: PackageChain = packageJson ? { nearest: path, dependencies: mergeDependencies(above.dependencies, packageJson) } : above;
    this.chains.set(dir, chain);
    return chain;
  }
}

function mergeDependencies(above: PackageJson, nearer: PackageJson): PackageJson {
  const merged: PackageJson = {};
  for (const field of DEPENDENCY_FIELDS) {
    const ranges = { ...above[field], ...nearer[field] };
    if (Object.keys(ranges).length > 0) merged[field] = ranges;
  }
  return merged;
}

/** The parsed package.json at `path`; undefined when there is none or it is not a JSON object (it decides nothing). */
function readPackageJson(path: string): PackageJson | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

/** Something said once of a package in a run: why its files were left unchanged, or what it lacks. */
export interface PackageNote {
  /** The package.json nearest to the files. */
  packageJson: string;
  /** True: the files were left unchanged, unparsed or with their changes dropped. */
  skipped: boolean;
  /** One clause, to follow the package.json's path and a colon. */
  message: string;
  /** The files it concerns, sorted. */
  files: string[];
}

type NoteKind =
  /** The codemod's package check said skip, or (forced) ran anyway: its note. */
  | { kind: 'verdict'; skipped: boolean; note: string }
  /** Changes import the API, which the package does not list (CodemodMeta.withoutApiDependency). */
  | { kind: ApiDependency; skipped: boolean };

/** Why a file left unchanged by a package decision was: its report entry's reason. */
export const NO_OTEL_REASON = `the codemod's changes import ${API_MODULE}, and no package.json from the file's folder up lists any OpenTelemetry package`;

/** Collects a run's notes per package and kind, and words them once the files are counted. */
export class PackageNotes {
  private readonly entries = new Map<string, { packageJson: string; what: NoteKind; files: string[] }>();

  add(packageJson: string, what: NoteKind, file: string): void {
    const key = `${what.kind}\0${packageJson}`;
    const entry = this.entries.get(key) ?? { packageJson, what, files: [] };
    this.entries.set(key, entry);
    entry.files.push(file);
  }

  list(): PackageNote[] {
    return [...this.entries.values()]
      .sort((a, b) => (a.packageJson < b.packageJson ? -1 : a.packageJson > b.packageJson ? 1 : 0))
      .map(({ packageJson, what, files }) => ({ packageJson, skipped: what.skipped, message: describe(what, files.length), files: files.sort() }));
  }
}

function describe(what: NoteKind, count: number): string {
  const files = `${String(count)} ${count === 1 ? 'file' : 'files'}`;
  if (what.kind === 'verdict') return what.skipped ? `${files} not transformed: ${what.note}` : what.note;
  if (what.skipped) {
    return (
      `${files} left unchanged: no package.json from here up lists any OpenTelemetry package, and the codemod's changes ` +
      `import ${API_MODULE}; add it to the dependencies if the package should use OpenTelemetry, then run again`
    );
  }
  const changed = `${String(count)} changed ${count === 1 ? 'file imports' : 'files import'}`;
  return `${changed} ${API_MODULE}, and no package.json from here up lists it; add it to the dependencies`;
}
