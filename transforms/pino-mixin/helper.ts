/**
 * The one helper the codemod adds to a file: `traceMixin(mixin?)` returns a pino mixin that stamps the active span's
 * `trace_id`, `span_id` and `trace_flags`, and runs the logger's own mixin (if it had one) with the arguments pino
 * passes, its fields winning. Loggers get it through pino's public `mixin` option:
 *
 *   pino({ level: 'info', mixin: traceMixin() })
 *   pino({ mixin: traceMixin((mergeObject, level, logger) => ({ service: 'payments' })) })
 *
 * Generated as exact text in the file's quotes, semicolons and indentation (TypeScript gets the types `--strict`
 * needs, generic over the wrapped mixin's parameters so its callbacks keep pino's contextual types), and recognised
 * again on later runs, so a file never gets a second one.
 */
import type { Node } from '../../src/codemod/ast.js';
import { indentLines, stringLiteral, semicolon, type FileStyle } from '../../src/codemod/file-style.js';
import { findTopLevelFunction, helperNamePattern } from '../../src/codemod/generated-code.js';
import { freshName } from '../../src/codemod/names.js';
import { GET_ACTIVE_SPAN, LOG_SPAN_ID_KEY, LOG_TRACE_FLAGS_KEY, LOG_TRACE_ID_KEY } from '../../src/otel/api.js';

export const HELPER_BASE_NAME = 'traceMixin';

export interface HelperRefs {
  /** Expression text for `trace` and `isSpanContextValid` from @opentelemetry/api (`trace`, `api.trace`…). */
  trace: string;
  isSpanContextValid: string;
}

/** Local names the helper declares; renamed when one would shadow a name the helper reads from outside. */
const LOCALS = ['mixin', 'args', 'fields', 'spanContext'] as const;

/** The helper's source text: one function declaration, lines joined with '\n'. */
export function helperSource(name: string, refs: HelperRefs, style: FileStyle): string {
  const s = semicolon(style);
  const outside = new Set([refs.trace, refs.isSpanContextValid].map((expression) => /^[\w$]+/.exec(expression)?.[0] ?? expression));
  const taken = new Set<string>(outside);
  const local = Object.fromEntries(
    LOCALS.map((base) => {
      const chosen = outside.has(base) ? freshName(base, taken) : base;
      taken.add(chosen);
      return [base, chosen];
    }),
  ) as Record<(typeof LOCALS)[number], string>;
  const { mixin, args, fields, spanContext } = local;
  const signature = style.typescript
    ? `function ${name}<A extends unknown[]>(${mixin}?: (...${args}: A) => object): (...${args}: A) => object {`
    : `function ${name}(${mixin}) {`;
  return indentLines(
    [
      [0, '/**'],
      [0, ` * A pino mixin that stamps the active span's ${LOG_TRACE_ID_KEY}, ${LOG_SPAN_ID_KEY} and ${LOG_TRACE_FLAGS_KEY} on each line, as`],
      [0, ' * @opentelemetry/instrumentation-pino does. The logger\'s own mixin, if given, still runs and its fields win.'],
      [0, ' */'],
      [0, signature],
      [1, `return (...${args}) => {`],
      [2, `const ${fields} = ${mixin} ? ${mixin}(...${args}) : {}${s}`],
      [2, `const ${spanContext} = ${refs.trace}.${GET_ACTIVE_SPAN}()?.spanContext()${s}`],
      [2, `if (!${spanContext} || !${refs.isSpanContextValid}(${spanContext})) return { ...${fields} }${s}`],
      [2, 'return {'],
      [3, `${LOG_TRACE_ID_KEY}: ${spanContext}.traceId,`],
      [3, `${LOG_SPAN_ID_KEY}: ${spanContext}.spanId,`],
      [3, `${LOG_TRACE_FLAGS_KEY}: ${spanContext}.traceFlags.toString(16).padStart(2, ${stringLiteral('0', style)}),`],
      [3, `...${fields},`],
      [2, `}${s}`],
      [1, `}${s}`],
      [0, '}'],
    ],
    style,
  );
}

/** `traceMixin`, or the `traceMixin2`… a taken name made the codemod use. */
const HELPER_NAME = helperNamePattern(HELPER_BASE_NAME);

/**
 * A helper this codemod wrote earlier (or one written by hand to the same contract): a top-level `traceMixin…`
 * function of at most one parameter whose body reads the active span and writes `trace_id`.
 */
export function findExistingHelper(program: Node, source: string): string | null {
  const found = findTopLevelFunction(program, HELPER_NAME, (fn) => {
    const body = source.slice((fn.body as Node).start, (fn.body as Node).end);
    return (fn.params as Node[]).length <= 1 && body.includes(GET_ACTIVE_SPAN) && body.includes(LOG_TRACE_ID_KEY);
  });
  return found ? ((found.id as Node).name as string) : null;
}

/** The helper of earlier versions, `withTraceMixin(logger)`, which set pino's mixin through `pino.symbols.mixinSym`. */
export function findSymbolHelper(program: Node, source: string): Node | null {
  return findTopLevelFunction(program, helperNamePattern('withTraceMixin'), (fn) => {
    const body = source.slice((fn.body as Node).start, (fn.body as Node).end);
    return (fn.params as Node[]).length === 1 && body.includes('mixinSym') && body.includes(LOG_TRACE_ID_KEY);
  });
}
