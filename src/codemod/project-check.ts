/**
 * The project check codemods share: skip the run when the nearest package.json already has a package that does the
 * job (an auto-instrumentation), unless the user forces it with the codemod's flag.
 */
import type { PackageJson, ProjectVerdict } from './types.js';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

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
export function skipWhenCovered(packageJson: PackageJson | null, check: AlreadyCovered): ProjectVerdict | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    const found = check.packages.find((name) => packageJson?.[field]?.[name] !== undefined);
    if (!found) continue;
    if (check.forced) return { skip: false, note: `${found} (in ${field}) ${check.already}; ${check.anyway} (${check.flag})` };
    return { skip: true, note: `skipped: ${found} (in ${field}) ${check.already} (use ${check.flag} to run anyway)` };
  }
  return undefined;
}
