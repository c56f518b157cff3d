/**
 * otel-codemod's configuration: an `otel-codemod.config.json` file, or an `otel-codemod` key in package.json, found
 * in the working directory or the nearest folder above it that has either. Shape:
 *
 *   {
 *     "codemods": { "wrap-spans": { "tracerName": "shop", "functions": ["load*"], "exported": false } },
 *     "rules": { "record-span-errors": ["error", { "errorHelpers": ["setSpanError"] }] },
 *     "ignore": ["src/generated/"],
 *     "skip": ["pino-mixin"],
 *     "types": true,
 *     "reportUnusedDisableDirectives": false
 *   }
 *
 * Every key is checked against what exists (codemods and their options come from the transform registry, rules from
 * the rule registry), so a typo is an error naming the key and the file instead of a setting silently ignored.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CodemodMeta, CodemodOptionSpec } from '../../codemod/types.js';
import { parsePackageJson } from '../package-json.js';
import { UserError } from '../user-error.js';

const CONFIG_FILE_NAME = 'otel-codemod.config.json';
const PACKAGE_JSON_KEY = 'otel-codemod';

export type CodemodOptionValue = string | boolean | string[];
export type RuleSeverity = 'off' | 'warn' | 'error' | 0 | 1 | 2;
export type RuleEntry = RuleSeverity | [RuleSeverity, ...unknown[]];

export interface OtelCodemodConfig {
  /** Option defaults per codemod, keyed by the option's `key` (camelCase, as the transform reads it). */
  codemods: Record<string, Record<string, CodemodOptionValue>>;
  /** Rule settings in ESLint's form, keys with the plugin prefix (`otel/record-span-errors`). */
  rules: Record<string, RuleEntry>;
  /** gitignore-syntax patterns relative to `LoadedConfig.baseDir`. */
  ignore: string[];
  /** Codemods `check` does not run. Running one by name still works. */
  skip: string[];
  /** Typed linting for `lint` and `check` (`--types`/`--no-types` override it); absent: the built-in default. */
  types?: boolean;
  /** Report `eslint-disable` comments naming otel/* rules that suppress nothing (`--report-unused-disable-directives`). */
  reportUnusedDisableDirectives?: boolean;
}

export interface LoadedConfig {
  config: OtelCodemodConfig;
  /** Where it came from, for messages; null when no configuration was found. */
  source: string | null;
  /** The folder holding the configuration (or the working directory): `ignore` patterns are relative to it. */
  baseDir: string;
}

/** What exists, so that configuration can name only that. */
export interface ConfigVocabulary {
  codemods: readonly Pick<CodemodMeta, 'name' | 'options'>[];
  /** Rule names without prefix. */
  rules: readonly string[];
  rulePrefix: string;
}

const TOP_LEVEL_KEYS = ['codemods', 'rules', 'ignore', 'skip', 'types', 'reportUnusedDisableDirectives'] as const;
const SEVERITIES: readonly unknown[] = ['off', 'warn', 'error', 0, 1, 2];

function emptyConfig(): OtelCodemodConfig {
  return { codemods: {}, rules: {}, ignore: [], skip: [] };
}

/**
 * Finds and validates the configuration. `explicitPath` (`--config`) names a file directly: an otel-codemod config
 * file, or a package.json whose `otel-codemod` key is read.
 */
export function loadConfig(cwd: string, vocabulary: ConfigVocabulary, explicitPath?: string): LoadedConfig {
  return validateFound(findConfig(cwd, explicitPath), cwd, vocabulary);
}

/** The second half of loadConfig, for callers that look at the raw value first (to load only what it needs). */
export function validateFound(found: FoundConfig | null, cwd: string, vocabulary: ConfigVocabulary): LoadedConfig {
  if (!found) return { config: emptyConfig(), source: null, baseDir: cwd };
  const where = displayPath(found.file, cwd) + (found.key ? ` "${found.key}"` : '');
  return { config: validateConfig(found.value, where, vocabulary), source: where, baseDir: dirname(found.file) };
}

/** The raw configuration value and where it is, or null when there is none. */
export function findConfig(cwd: string, explicitPath?: string): FoundConfig | null {
  return explicitPath === undefined ? searchUpward(cwd) : readExplicit(resolve(cwd, explicitPath));
}

export interface FoundConfig {
  file: string;
  /** The package.json key holding the configuration. */
  key?: string;
  value: unknown;
}

function searchUpward(cwd: string): FoundConfig | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE_NAME);
    const pkgFile = join(dir, 'package.json');
    const fromFile = existsSync(file) ? readConfigFile(file) : null;
    const fromPackage = existsSync(pkgFile) ? readPackageKey(pkgFile) : null;
    if (fromFile && fromPackage) {
      throw new UserError(
        `${displayPath(dir, cwd)}: both ${CONFIG_FILE_NAME} and package.json "${PACKAGE_JSON_KEY}" configure otel-codemod; keep one`,
      );
    }
    const found = fromFile ?? fromPackage;
    if (found) return found;
    if (dirname(dir) === dir) return null;
  }
}

function readExplicit(file: string): FoundConfig {
  if (!existsSync(file)) throw new UserError(`configuration file not found: ${file}`);
  if (basename(file) === 'package.json') {
    const found = readPackageKey(file);
    if (!found) throw new UserError(`${file}: no "${PACKAGE_JSON_KEY}" key`);
    return found;
  }
  return readConfigFile(file);
}

function readConfigFile(file: string): FoundConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: invalid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  return { file, value };
}

function readPackageKey(file: string): FoundConfig | null {
  const pkg = parsePackageJson(file, readFileSync(file, 'utf8'));
  if (!(PACKAGE_JSON_KEY in pkg)) return null;
  return { file, key: PACKAGE_JSON_KEY, value: pkg[PACKAGE_JSON_KEY] };
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Checks a parsed configuration value; `where` names its file in error messages. */
export function validateConfig(value: unknown, where: string, vocabulary: ConfigVocabulary): OtelCodemodConfig {
  // Declared with its type so that TypeScript narrows after a call (`if (!codemod) fail(…)`): it never returns.
  const fail: (message: string) => never = (message) => {
    throw new UserError(`${where}: ${message}`);
  };
  if (!isPlainObject(value)) return fail('the configuration must be a JSON object');
  const config = emptyConfig();
  for (const key of Object.keys(value)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      fail(`unknown key "${key}" (expected ${TOP_LEVEL_KEYS.join(', ')})`);
    }
  }
  const codemodNames = vocabulary.codemods.map((codemod) => codemod.name);

  if (value.codemods !== undefined) {
    if (!isPlainObject(value.codemods)) fail('"codemods" must be an object keyed by codemod name');
    for (const [name, options] of Object.entries(value.codemods)) {
      const codemod = vocabulary.codemods.find((candidate) => candidate.name === name);
      if (!codemod) fail(`unknown codemod "${name}" in "codemods" (expected ${codemodNames.join(', ')})`);
      if (!isPlainObject(options)) fail(`"codemods.${name}" must be an object of option values`);
      config.codemods[name] = validateCodemodOptions(codemod, options, fail);
    }
  }

  if (value.rules !== undefined) {
    if (!isPlainObject(value.rules)) fail('"rules" must be an object keyed by rule name');
    for (const [name, entry] of Object.entries(value.rules)) {
      const bare = name.startsWith(`${vocabulary.rulePrefix}/`) ? name.slice(vocabulary.rulePrefix.length + 1) : name;
      if (!vocabulary.rules.includes(bare)) {
        fail(`unknown rule "${name}" in "rules" (expected ${vocabulary.rules.join(', ')})`);
      }
      const severity: unknown = Array.isArray(entry) ? entry[0] : entry;
      if (!SEVERITIES.includes(severity)) {
        fail(`"rules.${name}" must be "off", "warn", "error" (or 0, 1, 2), or an array starting with one of them`);
      }
      config.rules[`${vocabulary.rulePrefix}/${bare}`] = entry as RuleEntry;
    }
  }

  if (value.ignore !== undefined) config.ignore = stringList(value.ignore, '"ignore"', fail);
  if (value.skip !== undefined) {
    config.skip = stringList(value.skip, '"skip"', fail);
    for (const name of config.skip) {
      if (!codemodNames.includes(name)) {
        fail(`unknown codemod "${name}" in "skip" (expected ${codemodNames.join(', ')})`);
      }
    }
  }
  if (value.types !== undefined) {
    if (typeof value.types !== 'boolean') fail('"types" must be true or false');
    config.types = value.types;
  }
  if (value.reportUnusedDisableDirectives !== undefined) {
    if (typeof value.reportUnusedDisableDirectives !== 'boolean') fail('"reportUnusedDisableDirectives" must be true or false');
    config.reportUnusedDisableDirectives = value.reportUnusedDisableDirectives;
  }
  return config;
}

function validateCodemodOptions(
  codemod: Pick<CodemodMeta, 'name' | 'options'>,
  options: Record<string, unknown>,
  fail: (message: string) => never,
): Record<string, CodemodOptionValue> {
  const result: Record<string, CodemodOptionValue> = {};
  for (const [key, value] of Object.entries(options)) {
    const spec: CodemodOptionSpec | undefined = codemod.options.find((candidate) => candidate.key === key);
    if (!spec) {
      const known = codemod.options.map((candidate) => candidate.key);
      fail(
        `unknown option "${key}" for codemod "${codemod.name}"` +
          (known.length > 0 ? ` (expected ${known.join(', ')})` : ' (it takes no options)'),
      );
    }
    const at = `"codemods.${codemod.name}.${key}"`;
    if (spec.kind === 'boolean' && typeof value !== 'boolean') fail(`${at} must be true or false`);
    if (spec.kind === 'string' && typeof value !== 'string') fail(`${at} must be a string`);
    result[key] = spec.kind === 'list' ? stringList(value, at, fail) : (value as string | boolean);
    for (const item of spec.kind === 'boolean' ? [] : [result[key]].flat()) {
      const problem = spec.validate?.(item as string);
      if (problem !== undefined) fail(`${at}: ${problem}`);
    }
  }
  return result;
}

function stringList(value: unknown, at: string, fail: (message: string) => never): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return fail(`${at} must be an array of strings`);
  }
  return [...value];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
