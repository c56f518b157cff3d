/**
 * The package check codemods share: skip a package whose package.json files already list a package that does the job
 * (an auto-instrumentation), unless the user forces it with the codemod's flag.
 */
import type { PackageJson, PackageVerdict } from './types.js';

/** The package.json fields that list a package's dependencies, runtime and development alike. */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** Every package any dependency field of `packageJson` lists. */
export const dependencyNames = (packageJson: PackageJson): string[] =>
  DEPENDENCY_FIELDS.flatMap((field) => Object.keys(packageJson[field] ?? {}));

/** Whether any dependency field of `packageJson` lists `name`. */
export const listsDependency = (packageJson: PackageJson, name: string): boolean =>
  DEPENDENCY_FIELDS.some((field) => packageJson[field]?.[name] !== undefined);

export interface AlreadyCovered {
  /** Packages that already do what the codemod would write. */
  packages: readonly string[];
  /** Whether the user passed the force flag. */
  forced: boolean;
  /** The flag, for the notes: `--force-mixin`. */
  flag: string;
  /** What the found package already does, after its name: 'already stamps trace_id… on pino lines'. */
  already: string;
  /** What running anyway means, for the forced note: 'adding the mixin anyway'. */
  anyway: string;
}

/** A skip (or, when forced, a note) when one of `packages` is in any dependency field; undefined when none is. */
export function skipWhenCovered(packageJson: PackageJson, check: AlreadyCovered): PackageVerdict | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    const found = check.packages.find((name) => packageJson[field]?.[name] !== undefined);
    if (!found) continue;
    if (check.forced) return { skip: false, note: `${found} (in ${field}) ${check.already}; ${check.anyway} (${check.flag})` };
    return { skip: true, note: `${found} (in ${field}) ${check.already} (use ${check.flag} to run anyway)` };
  }
  return undefined;
}
