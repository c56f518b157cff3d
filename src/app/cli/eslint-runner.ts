/**
 * Runs the plugin's recommended rules through ESLint's Node API with a configuration of our own, so projects need
 * no ESLint setup. Only otel/* rules run: users' inline directives for rules of other plugins are neither applied
 * nor reported (their `eslint-disable` comments for our rules still work).
 *
 * Typed mode (`--types`, configuration `"types": true`) adds `parserOptions.projectService`: TypeScript's project
 * service opens each file in the project of its nearest tsconfig.json, so the rules see receivers' types and find
 * tracers imported from project modules. Files no tsconfig.json covers (a script outside `include`, a .js file in a
 * project without `allowJs`, a folder without any) are linted without type information, never failed:
 * `allowDefaultProject` cannot do that job (it refuses `**` globs, fails on files a tsconfig does cover, and builds a
 * program of the default libraries for each file it takes).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { RULE_PREFIX } from '../../../rules/index.js';
import type { RuleEntry } from '../config/index.js';
import plugin, { LINTED_FILES } from '../plugin.js';
import { UserError } from '../user-error.js';
import { TsconfigCoverage } from './tsconfig-coverage.js';

export interface LintRequest {
  /** Absolute paths, already filtered by the walker (ignore rules applied). */
  files: readonly string[];
  cwd: string;
  rules: Record<string, RuleEntry>;
  /** The configuration file the rule settings came from, named when ESLint rejects them. */
  configSource: string | null;
  /** Lint with type information from each file's nearest tsconfig.json. */
  types?: boolean;
  /** Report `eslint-disable` directives naming otel/* rules that suppress nothing (off unless asked). */
  reportUnusedDisableDirectives?: boolean;
}

export interface LintOutcome {
  /** One result per file, in the order of `request.files`. */
  results: ESLint.LintResult[];
  /** Under `types`: the files linted without type information because no tsconfig.json covers them. */
  untypedFiles: string[];
}

interface LinterSettings extends Omit<LintRequest, 'files' | 'types'> {
  files?: readonly string[];
  /** Set: parse with the project service, tsconfig.json files searched up to this folder. */
  tsconfigRootDir?: string;
}

export function createLinter(settings: LinterSettings): ESLint {
  const overrideConfig: Linter.Config[] = [
    plugin.configs.recommended as unknown as Linter.Config,
    {
      files: LINTED_FILES,
      linterOptions: {
        reportUnusedDisableDirectives: settings.reportUnusedDisableDirectives === true ? 'error' : 'off',
        reportUnusedInlineConfigs: 'off',
      },
      rules: settings.rules,
    },
  ];
  if (settings.tsconfigRootDir !== undefined) {
    overrideConfig.push({
      files: LINTED_FILES,
      languageOptions: {
        parserOptions: {
          projectService: true,
          // The project service looks for each file's tsconfig.json from its folder upward, as far as this folder.
          tsconfigRootDir: settings.tsconfigRootDir,
          // The rules read types, never types written in JSDoc of TypeScript files: skip parsing those comments.
          jsDocParsingMode: 'type-info',
        },
      },
    });
  }
  return new ESLint({
    // ESLint ignores files outside its base path, so the base is a folder that holds every file.
    cwd: commonBase(settings.files ?? [], settings.cwd),
    overrideConfigFile: true,
    overrideConfig,
    // The walker already applied .gitignore, the default skips and the user's patterns.
    ignore: false,
    warnIgnored: false,
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    ruleFilter: ({ ruleId }) => isOurRule(ruleId),
  });
}

export async function lintFiles(request: LintRequest): Promise<LintOutcome> {
  if (request.files.length === 0) return { results: [], untypedFiles: [] }; // ESLint lints its whole base given none
  try {
    const outcome = request.types
      ? await lintTyped(request)
      : { results: await lintUntyped(request.files, request), untypedFiles: [] };
    return { ...outcome, results: outcome.results.map(withoutForeignDirectiveMessages) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
    // Rule options are the only part of the ESLint configuration users control; anything else is our bug.
    if (Object.keys(request.rules).length > 0 && /rules|option|schema|configuration/i.test(message)) {
      throw new UserError(`${request.configSource ?? 'configuration'}: ${message}`);
    }
    throw error;
  }
}

/**
 * Only otel/* rules run, and the project's own ESLint setup owns every other inline comment, so ESLint's answers to
 * those are none of ours to report: a directive naming a rule it does not know (`// eslint-disable-next-line
 * @typescript-eslint/no-explicit-any`: "Definition for rule … was not found", under that rule's id), a legacy
 * `/* eslint-env node *\/` or a malformed `/* eslint … *\/` comment (fatal messages without a rule id), a rule
 * configured twice by comments, and unused-directive reports for rules other than ours. Kept: every otel/* message
 * (including invalid inline options for our rules), parse errors, and unused directives naming only otel/* rules.
 */
function withoutForeignDirectiveMessages(result: ESLint.LintResult): ESLint.LintResult {
  const messages = result.messages.filter(isOurMessage);
  if (messages.length === result.messages.length) return result;
  const errors = messages.filter((message) => message.severity === 2);
  return {
    ...result,
    messages,
    errorCount: errors.length,
    fatalErrorCount: errors.filter((message) => message.fatal).length,
    warningCount: messages.length - errors.length,
    fixableErrorCount: errors.filter((message) => message.fix !== undefined).length,
    fixableWarningCount: messages.filter((message) => message.severity !== 2 && message.fix !== undefined).length,
  };
}

const PARSE_ERROR = /^Parsing error:/;
const UNUSED_DIRECTIVE = /^Unused eslint-(?:disable|enable) directive/;
const QUOTED_RULE = /'([^']+)'/g;

function isOurMessage(message: Linter.LintMessage): boolean {
  if (message.ruleId !== null) return isOurRule(message.ruleId);
  if (message.fatal === true && PARSE_ERROR.test(message.message)) return true;
  if (!UNUSED_DIRECTIVE.test(message.message)) return false;
  // "… (no problems were reported from 'otel/a' or 'otel/b')"; a blanket directive names no rule and is not ours.
  const named = [...message.message.matchAll(QUOTED_RULE)].map((match) => match[1]);
  return named.length > 0 && named.every(isOurRule);
}

function isOurRule(ruleId: string): boolean {
  return ruleId.startsWith(`${RULE_PREFIX}/`);
}

function lintUntyped(files: readonly string[], request: LintRequest): Promise<ESLint.LintResult[]> {
  return files.length === 0 ? Promise.resolve([]) : createLinter({ ...request, files }).lintFiles([...files]);
}

/**
 * Files some tsconfig.json covers go to the project service; the others, and any file the service could not place
 * in a project or that failed to parse with it, are linted without types (a real syntax error fails there too).
 */
async function lintTyped(request: LintRequest): Promise<LintOutcome> {
  const tsconfigRootDir = searchRoot(commonBase(request.files, request.cwd));
  const coverage = new TsconfigCoverage(tsconfigRootDir);
  const covered = request.files.filter((file) => coverage.covers(file));
  const coveredSet = new Set(covered);
  const uncovered = request.files.filter((file) => !coveredSet.has(file));

  const typed = covered.length === 0 ? [] : await withSingleRun(() =>
    createLinter({ ...request, files: covered, tsconfigRootDir }).lintFiles([...covered]),
  );
  const typedFailed = new Set(typed.filter((result) => result.fatalErrorCount > 0).map((result) => result.filePath));
  const untyped = await lintUntyped([...uncovered, ...typedFailed], request);

  const byPath = new Map([...typed, ...untyped].map((result) => [result.filePath, result]));
  const outsideProjects = new Set(uncovered);
  for (const result of untyped) {
    // A file that failed typed parsing but parses without types was not the project service's to type.
    if (typedFailed.has(result.filePath) && result.fatalErrorCount === 0) outsideProjects.add(result.filePath);
  }
  return {
    results: request.files.map((file) => byPath.get(file)).filter((result) => result !== undefined),
    untypedFiles: request.files.filter((file) => outsideProjects.has(file)),
  };
}

/**
 * typescript-eslint treats a run as a long-lived editor session unless it sees CI or the `eslint` binary: then, for a
 * file no project holds, it reloads every project first. This is one run; say so for its duration.
 */
async function withSingleRun<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.TSESTREE_SINGLE_RUN;
  if (before === undefined) process.env.TSESTREE_SINGLE_RUN = 'true';
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.TSESTREE_SINGLE_RUN;
  }
}

/** How far up tsconfig.json files are looked for: the git work tree holding `base`, else the filesystem root. */
function searchRoot(base: string): string {
  for (let dir = base; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return parse(base).root;
  }
}

function commonBase(files: readonly string[], cwd: string): string {
  let base = resolve(cwd);
  for (const file of files) {
    while (!isInside(file, base)) {
      const parent = dirname(base);
      if (parent === base) return base;
      base = parent;
    }
  }
  return base;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
