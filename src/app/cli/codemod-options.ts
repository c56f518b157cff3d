/**
 * Turns a codemod's option specs (meta.options) into commander options, and merges the three sources of option
 * values: the spec's default, then the configuration, then flags given on the command line.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Options } from 'jscodeshift';
import type { CodemodOptionSpec } from '../../codemod/types.js';
import type { CodemodOptionValue } from '../config/index.js';

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Adds one commander option per spec; a boolean switch also gets `--no-<name>` to override a configured `true`. */
export function addCodemodOptions(command: Command, specs: readonly CodemodOptionSpec[]): void {
  for (const spec of specs) {
    const option = new Option(spec.flags, describe(spec));
    if (spec.kind === 'list') {
      // Repeated flags add up: --functions a --functions b,c gives [a, b, c].
      option.argParser((value: string, previous: string[] | undefined) => [
        ...(previous ?? []),
        ...splitList(value).map((item) => checked(spec, item)),
      ]);
    } else if (spec.kind === 'string' && spec.validate) {
      option.argParser((value: string) => checked(spec, value));
    }
    command.addOption(option);
    if (spec.kind === 'boolean' && option.long && !option.required && !option.optional) {
      const negation = `--no-${option.long.slice(2)}`;
      command.addOption(new Option(negation, `turn ${option.long} off (overrides the configuration)`));
    }
  }
}

/** The value, when the spec's own check finds no problem; else commander's one-line "invalid argument" error. */
function checked(spec: CodemodOptionSpec, value: string): string {
  const problem = spec.validate?.(value);
  if (problem !== undefined) throw new InvalidArgumentError(problem);
  return value;
}

function describe(spec: CodemodOptionSpec): string {
  if (spec.default === undefined || spec.default === false) return spec.description;
  const shown = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
  return shown === '' ? spec.description : `${spec.description} (default: ${shown})`;
}

/** Option values the user typed, keyed by spec key; flags left out are absent. */
export function optionsFromCommandLine(
  command: Command,
  specs: readonly CodemodOptionSpec[],
): Record<string, CodemodOptionValue> {
  const values = command.opts();
  const given: Record<string, CodemodOptionValue> = {};
  for (const spec of specs) {
    const attribute = new Option(spec.flags).attributeName();
    if (command.getOptionValueSource(attribute) === 'cli') given[spec.key] = values[attribute] as CodemodOptionValue;
  }
  return given;
}

export function mergeCodemodOptions(
  specs: readonly CodemodOptionSpec[],
  configured: Record<string, CodemodOptionValue> | undefined,
  commandLine: Record<string, CodemodOptionValue>,
): Options {
  const defaults: Options = {};
  for (const spec of specs) {
    // A list default is copied; `typeof` narrows the readonly list where Array.isArray would give `any[]`.
    const value = spec.default;
    if (value !== undefined) defaults[spec.key] = typeof value === 'object' ? [...value] : value;
  }
  return { ...defaults, ...configured, ...commandLine };
}
