/**
 * The contract between transforms and the CLI. A transform module under transforms/ exports
 * `default` (a jscodeshift transform: `(file, api, options) => string | undefined`, undefined when nothing changed)
 * and `meta` (below). transforms/index.ts lists the modules; the CLI derives commands, flags and help from it.
 */
import type { Options, Transform } from 'jscodeshift';

export interface CodemodOptionSpec {
  /** commander flag syntax: '--functions <names>', '--exported', '--span-name-template <template>'. */
  flags: string;
  /** The key the transform reads from its options object (commander's camelCase of the long flag). */
  key: string;
  description: string;
  /** How the CLI turns the flag value into the option: a comma-separated list, a boolean switch, or a string. */
  kind: 'list' | 'boolean' | 'string';
  default?: string | boolean | readonly string[];
  /**
   * Checks one value of a string option (each item of a list option) wherever it comes from (flag or configuration):
   * a problem in one line, or undefined when the value is fine.
   */
  validate?(value: string): string | undefined;
}

/** A project-level verdict, computed once per run from the nearest package.json. */
export interface ProjectVerdict {
  /** Skip the whole codemod for this project (e.g. auto-instrumentation already injects headers). */
  skip: boolean;
  /** One line for the summary. */
  note?: string;
  /** Options decided once for the whole run (a fallback name, say), added to every file's options. */
  options?: Options;
}

/**
 * A package-level verdict (CodemodMeta.checkPackage): skip the package's files, or run with a note. Said once per
 * package in the run's summary.
 */
export interface PackageVerdict {
  skip: boolean;
  /** One clause: '@opentelemetry/instrumentation-undici (in dependencies) already injects …'. */
  note: string;
}

/** What a run covers, for decisions taken once per run rather than once per file. */
export interface RunScope {
  /** The paths named on the command line, absolute. */
  namedPaths: readonly string[];
  /** Every file the run looks at (candidates or not), absolute. */
  files: readonly string[];
}

/** A file a probe run would change. */
export interface ProbedChange {
  before: string;
  after: string;
}

/** Which files a probe ran on: all of them, or an even sample of a large run's files. */
export interface ProbeCoverage {
  probed: number;
  files: number;
}

/**
 * Guidance for a run in which no file was even a candidate (a first run on an untagged codebase): the options of a
 * dry probe run, if one would tell the user something, and the hint made of what that probe would change.
 */
export interface NoCandidatesHint {
  probeOptions(options: Options): Options | undefined;
  hint(options: Options, probe: readonly ProbedChange[], coverage: ProbeCoverage): string | undefined;
}

export interface CodemodMeta {
  /** The CLI command and the transform's file name. */
  name: string;
  /** One line for `--help` and the docs. */
  description: string;
  options: readonly CodemodOptionSpec[];
  /**
   * Cheap text prefilter. False means the file cannot contain a target, and it is never parsed.
   * Must never return false for a file the transform would change. Given the file's `path`, it may decide more (what
   * a file name means); `stats` counts what it leaves, as the transform's `api.stats` would (meta.summarizeStats).
   */
  mayContainTarget(source: string, options: Options, path?: string, stats?: (name: string) => void): boolean;
  /** Optional project check, given the parsed package.json nearest to the paths (null when there is none). */
  checkProject?(packageJson: PackageJson | null, options: Options, scope: RunScope): ProjectVerdict | undefined;
  /**
   * Optional package check, once per package of the run's candidates (src/app/runner/package-checks.ts): given the
   * dependency fields of every package.json from the package up, merged. A skip leaves the package's files unparsed.
   */
  checkPackage?(dependencies: PackageJson, options: Options): PackageVerdict | undefined;
  noCandidates?: NoCandidatesHint;
  /**
   * Optional: one line for the run from the counts its transform gave jscodeshift's `api.stats(name, quantity)`,
   * summed over the files (what a note per file would repeat thousands of times); undefined says nothing.
   */
  summarizeStats?(stats: Readonly<Record<string, number>>): string | undefined;
  /**
   * Optional: the codemod also rewrites package.json files found under the named paths (as text; the runner writes,
   * diffs and reports them like sources). `output` undefined: unchanged; `notes` go to the report.
   */
  packageJson?: (text: string, options: Options) => { output: string | undefined; notes: string[] };
  /**
   * Whether the transform may ask the TypeScript checker (src/codemod/type-checker.ts) about TypeScript files, or a
   * function of the run's options that says so (wrap-spans' first-run probe only counts, and asks nothing). The
   * runner keeps such runs in the main thread only while they are small: the checker's memory grows there unbounded.
   */
  asksTypes?: boolean | ((options: Options) => boolean);
  /**
   * What the runner does with a change that makes a file import `@opentelemetry/api` when no package.json from the
   * file's folder up lists it (src/app/runner/api-dependency.ts). 'skip': a file whose package lists no OpenTelemetry
   * package at all is left unchanged, with a note (a package that does not use OpenTelemetry has no use for the
   * change). 'note': the change is kept (the user chose what to instrument). Either way a kept change in a package that
   * does not list the API is said once per package. Undefined: no check.
   */
  withoutApiDependency?: 'skip' | 'note';
}

export interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface CodemodModule {
  default: Transform;
  meta: CodemodMeta;
}
