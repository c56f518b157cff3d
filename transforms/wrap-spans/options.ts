/**
 * wrap-spans options, read the same way whether they come from our CLI (camelCase keys, lists as arrays) or from plain
 * `jscodeshift -t` (kebab-case keys as typed, values JSON-parsed when they look like JSON, lists as comma strings).
 */
import type { Options } from 'jscodeshift';
import picomatch from 'picomatch';
import { isClientModule } from '../../src/codemod/react.js';
import { exportsFromText } from './react-code.js';

export const TRACED_TAG = '@traced';
export const DEFAULT_SPAN_NAME_TEMPLATE = '{class}.{function}';
/** The option key of `WrapSpansOptions.fallbackTracerName`: set by the run, not a flag. */
export const FALLBACK_TRACER_NAME = 'fallbackTracerName';
/**
 * The option key of `WrapSpansOptions.countOnly`: set by the first-run probe, not a flag. The transform then returns
 * the text with one wrapper call appended per function it would wrap (the probe is dry: nothing is written), without
 * types, rendering or the shadowing check of the status enum (a function left for that alone is counted).
 */
export const COUNT_ONLY = 'countOnly';

export interface WrapSpansOptions {
  /** Name patterns from `--functions` (globs allowed). */
  functions: string[];
  /** `--exported`: every exported function. */
  exported: boolean;
  spanNameTemplate: string;
  /** `--attributes`: add code.function.name / code.file.path attributes. */
  attributes: boolean;
  /** `--tracer-name`: the name passed to `trace.getTracer`; default: the nearest package.json's name. */
  tracerName: string | undefined;
  /**
   * `--types`: ask TypeScript's checker whether a sync function returns a promise where its syntax does not say. Without
   * it such a function checks its result for a promise at run time (a wrapper that compiles whatever it returns).
   */
  types: boolean;
  /** Decided once per run by the CLI (meta.checkProject): the tracer name of files in no package with a name. */
  fallbackTracerName: string | undefined;
  /**
   * The first-run probe (meta.noCandidates) only counts the functions `--exported` would wrap: how a span ends does not
   * change that count, so no type is asked for (the checker would load TypeScript and the project for a hint).
   */
  countOnly: boolean;
}

export function readOptions(options: Options): WrapSpansOptions {
  const template = stringOption(read(options, 'spanNameTemplate', 'span-name-template'));
  return {
    functions: listOption(read(options, 'functions', 'functions')),
    exported: booleanOption(read(options, 'exported', 'exported')),
    spanNameTemplate: template && template.trim() ? template : DEFAULT_SPAN_NAME_TEMPLATE,
    attributes: booleanOption(read(options, 'attributes', 'attributes')),
    tracerName: stringOption(read(options, 'tracerName', 'tracer-name')) || undefined,
    types: booleanOption(read(options, 'types', 'types')),
    fallbackTracerName: stringOption(options[FALLBACK_TRACER_NAME]) || undefined,
    countOnly: options[COUNT_ONLY] === true,
  };
}

function read(options: Options, camel: string, kebab: string): unknown {
  return options[camel] ?? options[kebab];
}

function listOption(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  return items.flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}

function booleanOption(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Matches a function against the `--functions` patterns by its bare name or its `Owner.name`. */
export function nameMatcher(patterns: readonly string[]): (names: readonly string[]) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(patterns as string[], { dot: true });
  return (names) => names.some((name) => isMatch(name));
}

const GLOB_ALTERNATIVES = /[{}()|!+@]/;

/**
 * The literal text a file must contain for a pattern to match one of its functions, or null when the pattern could
 * match without any fixed text (`*`, alternatives, negation). Every literal chunk of a plain glob appears in the
 * function's name or its owner's name, and so in the source (names derived from the file name are never matched).
 */
export function requiredChunks(pattern: string): string[] | null {
  if (GLOB_ALTERNATIVES.test(pattern)) return null;
  const chunks = pattern
    .replace(/\[[^\]]*\]/g, '*')
    .split(/[*?.#]+/)
    .filter(Boolean);
  return chunks.length > 0 ? chunks : null;
}

/**
 * An export form that can export a function (./select.ts): `export` followed by `function`, `async`, `default`, `const`,
 * `let`, `var` or `{`, or an assignment to `exports`, `exports.x`, `module.exports(.x)`. Files that only export classes,
 * types, interfaces or enums, or re-export through `Object.defineProperty(exports, …)` getters, have none.
 */
const FUNCTION_EXPORT_FORM =
  /\bexport(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*(?:default\b|async\b|function\b|const\b|let\b|var\b|\{)|\bexports\b[^;=\n]*=(?![=>])/;

/**
 * Whether the text can hold an exported function (./select.ts): an export form that can export one, and a function,
 * which is written with `function` or `=>` — or is an object method (`a() {…}`, `get a() {…}`), which counts as
 * exported only in an object literal given to `module.exports =` or `export default`: then the text has `exports` or
 * `default`, and a parameter list's `)` before the body's `{`.
 */
function mayExportFunction(source: string): boolean {
  if (!FUNCTION_EXPORT_FORM.test(source)) return false;
  if (/\bfunction\b|=>/.test(source)) return true;
  return (source.includes('exports') || source.includes('default')) && /\)[^;]*?\{/.test(source);
}

/**
 * What `--exported` left alone as React code, counted with jscodeshift's `api.stats` and said once per run
 * (wrap-spans.ts, summarizeStats), not in a note per function: components and hooks in files it parsed, files whose
 * text exports only React code (./react-code.ts; not parsed), and 'use client' modules.
 */
export const LEFT_REACT_FUNCTION = 'react-functions';
export const LEFT_REACT_MODULE = 'react-modules';
export const LEFT_CLIENT_MODULE = 'client-modules';

/**
 * Cheap text check: false means no function in this source can be selected. With the file's path, a file that only
 * `--exported` could choose from is left unparsed when it is a 'use client' module, or when its text exports nothing
 * but values, types and React code (./react-code.ts); `stats` counts the React ones.
 */
export function mayContainTarget(source: string, options: Options, path?: string, stats?: (name: string) => void): boolean {
  if (source.includes(TRACED_TAG)) return true;
  const { functions, exported } = readOptions(options);
  if (exported && mayExportFunction(source)) {
    if (path === undefined || functions.length > 0) return true;
    if (isClientModule(source)) {
      stats?.(LEFT_CLIENT_MODULE);
      return false;
    }
    const exports = exportsFromText(source, path);
    if (exports === 'react') stats?.(LEFT_REACT_MODULE);
    return exports === null;
  }
  return functions.some((pattern) => {
    const chunks = requiredChunks(pattern);
    return chunks === null || chunks.every((chunk) => source.includes(chunk));
  });
}
