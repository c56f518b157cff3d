/**
 * Runs the plugin's recommended rules through ESLint's Node API with a configuration of our own, so projects need
 * no ESLint setup. Only otel/* rules run: users' inline directives for rules of other plugins are neither applied
 * nor reported (their `eslint-disable` comments for our rules still work).
 */
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { RULE_PREFIX } from '../../rules/index.js';
import type { RuleEntry } from '../config/index.js';
import plugin, { LINTED_FILES } from '../plugin.js';
import { UserError } from '../runner/user-error.js';

export interface LintRequest {
  /** Absolute paths, already filtered by the walker (ignore rules applied). */
  files: readonly string[];
  cwd: string;
  rules: Record<string, RuleEntry>;
  /** The configuration file the rule settings came from, named when ESLint rejects them. */
  configSource: string | null;
}

export function createLinter(request: Omit<LintRequest, 'files'> & { files?: readonly string[] }): ESLint {
  const overrideConfig = [
    plugin.configs.recommended as unknown as Linter.Config,
    {
      files: LINTED_FILES,
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      rules: request.rules as Linter.RulesRecord,
    },
  ] satisfies Linter.Config[];
  return new ESLint({
    // ESLint ignores files outside its base path, so the base is a folder that holds every file.
    cwd: commonBase(request.files ?? [], request.cwd),
    overrideConfigFile: true,
    overrideConfig,
    // The walker already applied .gitignore, the default skips and the user's patterns.
    ignore: false,
    warnIgnored: false,
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    ruleFilter: ({ ruleId }) => ruleId.startsWith(`${RULE_PREFIX}/`),
  });
}

export async function lintFiles(request: LintRequest): Promise<ESLint.LintResult[]> {
  if (request.files.length === 0) return []; // ESLint lints the whole base folder when given no files
  const eslint = createLinter(request);
  try {
    return await eslint.lintFiles([...request.files]);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
    // Rule options are the only part of the ESLint configuration users control; anything else is our bug.
    if (Object.keys(request.rules).length > 0 && /rules|option|schema|configuration/i.test(message)) {
      throw new UserError(`${request.configSource ?? 'configuration'}: ${message}`);
    }
    throw error;
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
