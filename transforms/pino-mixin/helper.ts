/**
 * The one helper the codemod adds to a file: `withTraceMixin(logger)` installs a pino mixin on a logger it was just
 * given, so every line the logger and its children write carries the active span's `trace_id`, `span_id` and
 * `trace_flags`. Generated as exact text (JS or TS flavour, in the file's quotes, semicolons and indentation) and
 * recognised again on later runs, so a file never gets a second one.
 *
 * Why it looks the way it does:
 * - It works on the logger, not on the options: `pino()` takes options, a destination, a path or a transport in its
 *   first place, options built by spreads or factories, or a variable of unknown content. Every one of those keeps
 *   working untouched, and TypeScript still infers the logger's type (custom levels) from the untouched call.
 * - `pino.symbols` is pino's documented hook for integrations; `@opentelemetry/instrumentation-pino` sets the mixin the
 *   same way. pino reads the mixin on every write, and child loggers inherit it.
 * - An existing mixin still runs with the arguments pino passes (mergeObject, level, logger); its fields are spread
 *   last, so they win. The result is a new object on every call (pino's default merge strategy writes into it).
 * - No valid active span context (outside a span, or a non-recording invalid one): no trace fields at all.
 * - A test double standing in for pino (no `symbols`, or no logger) is passed through untouched.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { FileStyle } from '../../src/codemod/file-style.js';
import { freshName, programOf } from '../../src/codemod/otel-import.js';
import type { SourceText } from './source-text.js';
import { LOG_SPAN_ID_KEY, LOG_TRACE_FLAGS_KEY, LOG_TRACE_ID_KEY } from '../../src/otel/api.js';

export const HELPER_BASE_NAME = 'withTraceMixin';
/** `withTraceMixin`, or the `withTraceMixin2`… a taken name made us use. */
const HELPER_NAME = /^withTraceMixin\d*$/;

export const isHelperName = (name: string): boolean => HELPER_NAME.test(name);

export interface HelperRefs {
  /** Expression text for pino's `symbols` object: `pino.symbols`, `symbols`, `require('pino').symbols`. */
  symbols: string;
  /** Expression text for `trace` and `isSpanContextValid` from @opentelemetry/api (`trace`, `api.trace`…). */
  trace: string;
  isSpanContextValid: string;
}

/** Local names the helper declares; renamed when one would shadow a name the helper reads from outside. */
const LOCALS = ['logger', 'mixinSym', 'state', 'userMixin', 'args', 'fields', 'spanContext'] as const;

/**
 * The helper's source text, one statement, lines joined with '\n' and indented with the file's indent unit.
 * `typescript` adds the annotations `--strict` needs; the runtime code is the same.
 */
export function helperSource(name: string, refs: HelperRefs, style: FileStyle, typescript: boolean): string {
  const q = style.quote === 'single' ? "'" : '"';
  const s = style.semicolons ? ';' : '';
  const outside = new Set([refs.symbols, refs.trace, refs.isSpanContextValid].map(rootName));
  const taken = new Set<string>(outside);
  const local = Object.fromEntries(
    LOCALS.map((base) => {
      const chosen = outside.has(base) ? freshName(base, taken) : base;
      taken.add(chosen);
      return [base, chosen];
    }),
  ) as Record<(typeof LOCALS)[number], string>;
  const { logger, mixinSym, state, userMixin, args, fields, spanContext } = local;
  // TypeScript: the logger's own type goes back to the caller unchanged; the mixin slot is written through a
  // symbol-indexed view because pino's Logger type does not declare it.
  const slots = typescript ? state : logger;
  const lines: [depth: number, text: string][] = [
    [0, '/**'],
    [0, ` * Stamps the active span's ${LOG_TRACE_ID_KEY}, ${LOG_SPAN_ID_KEY} and ${LOG_TRACE_FLAGS_KEY} on every line this logger and its children write,`],
    [0, " * like @opentelemetry/instrumentation-pino, through pino's mixin (pino.symbols is pino's hook for integrations)."],
    [0, ' * A mixin the logger already has still runs with the same arguments, and its fields win.'],
    [0, ' */'],
    [0, `function ${name}${typescript ? '<L extends object>' : ''}(${logger}${typescript ? ': L' : ''})${typescript ? ': L' : ''} {`],
    [1, `const ${mixinSym} = ${refs.symbols}?.mixinSym${s}`],
    [1, `if (!${logger} || !${mixinSym}) return ${logger}${s} // pino replaced by a test double`],
    ...(typescript
      ? [[1, `const ${state} = ${logger} as Record<symbol, ((...${args}: unknown[]) => object) | undefined>${s}`] as [number, string]]
      : []),
    [1, `const ${userMixin} = ${slots}[${mixinSym}]${s}`],
    [1, `${slots}[${mixinSym}] = (...${args}${typescript ? ': unknown[]' : ''}) => {`],
    [2, `const ${fields} = ${userMixin} ? ${userMixin}(...${args}) : {}${s}`],
    [2, `const ${spanContext} = ${refs.trace}.getActiveSpan()?.spanContext()${s}`],
    [2, `if (!${spanContext} || !${refs.isSpanContextValid}(${spanContext})) return { ...${fields} }${s}`],
    [2, 'return {'],
    [3, `${LOG_TRACE_ID_KEY}: ${spanContext}.traceId,`],
    [3, `${LOG_SPAN_ID_KEY}: ${spanContext}.spanId,`],
    [3, `${LOG_TRACE_FLAGS_KEY}: ${spanContext}.traceFlags.toString(16).padStart(2, ${q}0${q}),`],
    [3, `...${fields},`],
    [2, `}${s}`],
    [1, `}${s}`],
    [1, `return ${logger}${s}`],
    [0, '}'],
  ];
  return lines.map(([depth, text]) => style.indent.repeat(depth) + text).join('\n');
}

/** `pino` for `pino.symbols`, `require` for `require('pino').symbols`, `api` for `api.trace`. */
function rootName(expression: string): string {
  return /^[\w$]+/.exec(expression)?.[0] ?? expression;
}

type FunctionDeclaration = import('jscodeshift').FunctionDeclaration;

/**
 * The name of a helper this codemod wrote earlier (or one written by hand to the same contract): a top-level
 * function named `withTraceMixin…` with one parameter whose body reads pino's `mixinSym` and writes `trace_id`.
 */
export function findExistingHelper(j: JSCodeshift, root: Collection, source: SourceText): string | null {
  const program = programOf(j, root);
  for (const statement of program.body) {
    const declaration = (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement) as FunctionDeclaration | null;
    if (declaration?.type !== 'FunctionDeclaration' || declaration.id?.type !== 'Identifier') continue;
    if (!isHelperName(declaration.id.name) || declaration.params.length !== 1) continue;
    const text = source.text(declaration.body);
    if (text.includes('mixinSym') && text.includes(LOG_TRACE_ID_KEY)) return declaration.id.name;
  }
  return null;
}
