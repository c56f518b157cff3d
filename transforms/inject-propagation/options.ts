/**
 * inject-propagation options, read the same way whether they come from our CLI (camelCase keys, lists as arrays) or
 * from plain `jscodeshift -t` (kebab-case keys as typed, lists as comma-separated strings).
 */
import type { Options } from 'jscodeshift';
import { propagationPatterns } from '../../src/otel/propagation-targets.js';

export interface InjectPropagationOptions {
  forceInject: boolean;
  /** The built-in patterns followed by the team's `propagateTo`, normalized (src/otel/propagation-targets.ts). */
  propagateTo: string[];
}

export function readOptions(options: Options): InjectPropagationOptions {
  const force: unknown = options.forceInject ?? options['force-inject'];
  let propagateTo: string[];
  try {
    propagateTo = propagationPatterns(listOption(options.propagateTo ?? options['propagate-to']));
  } catch (error) {
    throw new Error(`inject-propagation: propagateTo: ${(error as Error).message}`);
  }
  return { forceInject: force === true || force === 'true', propagateTo };
}

function listOption(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  return items
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
