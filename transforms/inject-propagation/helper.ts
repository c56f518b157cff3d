/**
 * The one helper the codemod adds to a file: `withTraceHeaders(init?, input?)` returns a copy of a fetch `init` whose
 * headers also carry the active trace context. Generated as exact text (JS or TS flavour, in the file's quotes,
 * semicolons and indentation) and recognised again on later runs so a file never gets a second one.
 *
 * Why it looks the way it does:
 * - `propagation.inject`'s default setter assigns properties, which does nothing useful on a `Headers` instance or an
 *   array of tuples. So every HeadersInit shape (Headers from any fetch implementation, Map, tuple arrays, records) is
 *   copied into a plain object first; a plain object of lowercase names is accepted by global fetch, undici and node-fetch.
 * - A new object each call: a frozen or shared headers object is never written to, so no stale `traceparent` leaks
 *   into a later call.
 * - Init headers replace a Request's own headers in fetch; the helper mirrors that: init's headers if given, else the
 *   Request input's.
 * - The setter never overwrites a header the caller set: a hand-set `traceparent` is kept, and a second value is
 *   never produced. The W3C propagator writes nothing when there is no valid active span context.
 * - The prototype-free object makes any header name (even `constructor`) a plain key for the `in` checks.
 */
import { programOf } from '../../src/codemod/otel-import.js';
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { FileStyle } from '../../src/codemod/file-style.js';

export const HELPER_BASE_NAME = 'withTraceHeaders';
/** `withTraceHeaders`, or the `withTraceHeaders2`… a taken name made us use. */
const HELPER_NAME = /^withTraceHeaders\d*$/;

export const isHelperName = (name: string): boolean => HELPER_NAME.test(name);

export interface HelperNames {
  /** The expression text for `propagation` and `context` from @opentelemetry/api (`propagation`, `api.propagation`…). */
  propagation: string;
  context: string;
}

/**
 * The helper's source text, one statement, lines joined with '\n' and indented with the file's indent unit.
 * `typescript` adds the annotations `--strict` needs; the runtime code is the same.
 */
export function helperSource(name: string, api: HelperNames, style: FileStyle, typescript: boolean): string {
  const q = style.quote === 'single' ? "'" : '"';
  const s = style.semicolons ? ';' : '';
  const ts = (text: string): string => (typescript ? text : '');
  const init = typescript ? `(init as { headers?: unknown } | undefined)?.headers` : 'init?.headers';
  const entries = typescript ? 'Array.from(source as Iterable<[unknown, unknown]>)' : 'Array.from(source)';
  const lines: [depth: number, text: string][] = [
    [0, '/** Returns a copy of `init` whose headers also carry the active trace context (traceparent, tracestate, baggage). */'],
    [0, `function ${name}${ts('<T>')}(init${ts('?: T')}, input${ts('?: unknown')})${ts(': T')} {`],
    [1, "// Copy the caller's headers (init's, else a Request input's) into a new object: theirs stay untouched and win."],
    [1, 'const source ='],
    [2, `${init} ??`],
    [2, `(typeof input === ${q}object${q} && input !== null && ${q}headers${q} in input ? input.headers : undefined)${s}`],
    [1, `const headers${ts(': Record<string, string>')} = Object.create(null)${s}`],
    [1, `if (typeof source === ${q}object${q} && source !== null) {`],
    [2, `const entries = Symbol.iterator in source ? ${entries} : Object.entries(source)${s}`],
    [2, 'for (const [name, value] of entries) {'],
    [3, `const key = String(name).toLowerCase()${s}`],
    [3, `headers[key] = key in headers ? \`\${headers[key]}, \${String(value)}\` : String(value)${s}`],
    [2, '}'],
    [1, '}'],
    [1, `${api.propagation}.inject(${api.context}.active(), headers, {`],
    [2, 'set: (carrier, key, value) => {'],
    [3, `if (!(key in carrier)) carrier[key] = value${s}`],
    [2, '},'],
    [1, `})${s}`],
    [1, `return { ...init, headers }${ts(' as T')}${s}`],
    [0, '}'],
  ];
  return lines.map(([depth, text]) => style.indent.repeat(depth) + text).join('\n');
}

type FunctionDeclaration = import('jscodeshift').FunctionDeclaration;

/**
 * The name of a helper this codemod wrote earlier (or one written by hand to the same contract): a top-level
 * function named `withTraceHeaders…` with two parameters whose body calls `<something>.inject(<something>.active(), …)`.
 */
export function findExistingHelper(j: JSCodeshift, root: Collection): string | null {
  const program = programOf(j, root);
  for (const statement of program.body) {
    const declaration = (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement) as FunctionDeclaration | null;
    if (declaration?.type !== 'FunctionDeclaration' || declaration.id?.type !== 'Identifier') continue;
    if (!isHelperName(declaration.id.name) || declaration.params.length !== 2) continue;
    const injects = j(declaration.body)
      .find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'inject' } } })
      .filter((p) => {
        const first = p.node.arguments[0];
        return (
          first?.type === 'CallExpression' &&
          first.callee.type === 'MemberExpression' &&
          first.callee.property.type === 'Identifier' &&
          first.callee.property.name === 'active'
        );
      });
    if (injects.size() > 0) return declaration.id.name;
  }
  return null;
}
