/**
 * Project tracers that end their spans themselves, read from the project's own source: a module that wraps
 * `startActiveSpan` (a `Proxy` around `trace.getTracer(...)`, an object with its own `startActiveSpan` method)
 * and ends the span in a `finally`, told apart from a module that hands out a plain `getTracer(...)` tracer. Rules
 * ask about the module a tracer is imported from; without a readable module (a package, an unresolvable alias) the
 * `autoEndingTracers` option names such tracers.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * A definition of a tracer's `startActiveSpan` (method, property, Proxy trap name), not a call of it, nor a
 * module-level helper function of that name (`export function startActiveSpan(...)` next to the real tracer).
 */
const DEFINES_START_ACTIVE_SPAN =
  /(^|[\s{,;])(?<!function\s+)(async\s+)?startActiveSpan\s*(<.*?>\s*)?\(|(?<!(const|let|var|function)\s+)startActiveSpan\s*[:=][^=]|['"`]startActiveSpan['"`]/m;
/** A `finally` block that ends a span. */
const ENDS_IN_FINALLY = /finally\s*\{[^{}]*\.end\(/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];
/** Aliases projects map to their source root: `~/tracing`, `@/lib/otel/tracing`, `#/tracing`. */
const ALIAS = /^[~@#]\//;

export type TracerModuleKind = 'auto-ending' | 'plain' | 'unknown';

const verdicts = new Map<string, { mtimeMs: number; kind: TracerModuleKind }>();
/** A plain OpenTelemetry tracer made in the module: `trace.getTracer('svc')`. */
const MAKES_OTEL_TRACER = /\bgetTracer\s*\(/;

export function resolveModule(fromFile: string, specifier: string): string | null {
  const candidates: string[] = [];
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    candidates.push(resolve(dirname(fromFile), specifier));
  } else if (ALIAS.test(specifier)) {
    const rest = specifier.slice(2);
    // Walk up to the package root, trying `<dir>/<rest>` and `<dir>/src/<rest>` on the way.
    for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
      candidates.push(join(dir, rest), join(dir, 'src', rest));
      if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) break;
    }
  } else {
    return null;
  }
  for (const base of candidates) {
    const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
    for (const file of [base, ...EXTENSIONS.map((ext) => stem + ext)]) {
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
  }
  return null;
}

/**
 * What the project module `specifier` (imported by `fromFile`) hands out as a tracer: one whose `startActiveSpan`
 * ends spans itself, a plain `getTracer(...)` tracer, or unknown (not readable, or something else).
 */
export function tracerModuleKind(fromFile: string, specifier: string): TracerModuleKind {
  if (!fromFile || fromFile.startsWith('<')) return 'unknown';
  const file = resolveModule(fromFile, specifier);
  if (!file) return 'unknown';
  const { mtimeMs } = statSync(file);
  const cached = verdicts.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.kind;
  const text = readFileSync(file, 'utf8');
  const kind: TracerModuleKind =
    text.includes('startActiveSpan') && DEFINES_START_ACTIVE_SPAN.test(text) && ENDS_IN_FINALLY.test(text)
      ? 'auto-ending'
      : MAKES_OTEL_TRACER.test(text) && !DEFINES_START_ACTIVE_SPAN.test(text)
        ? 'plain'
        : 'unknown';
  verdicts.set(file, { mtimeMs, kind });
  return kind;
}
