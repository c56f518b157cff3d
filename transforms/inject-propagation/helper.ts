/**
 * The one helper the codemod adds to a file: `withTraceHeaders(init?, input?)` returns a copy of a fetch `init` whose
 * headers also carry the active trace context, or `init` as it is when `input`'s URL is not one of the team's own
 * services. Generated as exact text (JS or TS flavour, in the file's quotes, semicolons and indentation) and recognised
 * again on later runs so a file never gets a second one.
 *
 * Why it looks the way it does:
 * - Trace context and baggage are for the team's own services. The host check uses the regular expressions and the
 *   pattern list of src/otel/propagation-targets.ts, written into the helper so it reads on its own; the pattern
 *   list is the `propagateTo` configuration and is rewritten when that changes. Without `input` there is no check:
 *   the codemod passes no input only for a literal URL it has checked itself. A URL that does not parse gets nothing.
 * - `propagation.inject`'s default setter assigns properties, which does nothing useful on a `Headers` instance or an
 *   array of tuples. So every HeadersInit shape (Headers from any fetch implementation, Map, tuple arrays, records) is
 *   copied into a plain object first; a plain object of lowercase names is accepted by global fetch, undici and node-fetch.
 * - A new object each call: a frozen or shared headers object is never written to, so no stale `traceparent` leaks
 *   into a later call.
 * - Init headers replace a Request's own headers in fetch; the helper mirrors that: init's headers if given, else the
 *   Request input's.
 * - fetch also resets a Request's `referrer` and `referrerPolicy` as soon as init has any field. When the caller's
 *   init had none, the helper copies them from the Request, so the `Referer` header is sent as before.
 * - The setter never overwrites a header the caller set: a hand-set `traceparent` is kept, and a second value is
 *   never produced. The W3C propagator writes nothing when there is no valid active span context.
 * - The prototype-free object makes any header name (even `constructor`) a plain key for the `in` checks.
 */
import { stringValue, walk, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import type { FileStyle } from '../../src/codemod/file-style.js';
import { findTopLevelFunction, helperNamePattern } from '../../src/codemod/generated-code.js';
import { leadingComments } from '../../src/codemod/ignore.js';
import { isBlank, lineStart } from '../../src/codemod/text.js';
import { BAGGAGE_HEADER, PROPAGATION_INJECT, TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../src/otel/api.js';
import { OWN_HOST_PATTERNS, RELATIVE_URL_BASE } from '../../src/otel/propagation-targets.js';

export const HELPER_BASE_NAME = 'withTraceHeaders';
/** `withTraceHeaders`, or the `withTraceHeaders2`… a taken name made us use. */
const HELPER_NAME = helperNamePattern(HELPER_BASE_NAME);
/** The headers the default propagators write, as the helper's comment names them. */
export const TRACE_HEADERS = [TRACEPARENT_HEADER, TRACESTATE_HEADER, BAGGAGE_HEADER].join(', ');
/** The helper's local holding the host patterns, found again on later runs. */
const PATTERN_LIST = 'propagateTo';

export const isHelperName = (name: string): boolean => HELPER_NAME.test(name);

export interface HelperNames {
  /** The expression text for `propagation` and `context` from @opentelemetry/api (`propagation`, `api.propagation`…). */
  propagation: string;
  context: string;
}

type Line = [depth: number, text: string];

/**
 * `init`'s type in TypeScript: `T` where inference cannot reach it (the pre-5.4 spelling of `NoInfer<T>`), so `T` is
 * fetch's own init type, taken from the call the helper is passed to, and an object literal is checked against it as
 * fetch would check it: literal types, and excess properties (a typo, or what a `@ts-expect-error` above it expects).
 * A plain `T` would be inferred from the literal itself and accept anything.
 */
const NO_INFER_T = '[T][T extends unknown ? 0 : never]';
const TYPED_INIT_DOC: Line[] = [[0, " * `init` is typed by the call it is passed to, so fetch checks an object literal as it would without the helper."]];

/**
 * The helper's source text, one statement, lines joined with '\n' and indented with the file's indent unit.
 * `typescript` adds the annotations `--strict` needs; the runtime code is the same.
 */
export function helperSource(name: string, api: HelperNames, style: FileStyle, typescript: boolean, patterns: readonly string[]): string {
  const q = style.quote === 'single' ? "'" : '"';
  const s = style.semicolons ? ';' : '';
  const ts = (text: string): string => (typescript ? text : '');
  const str = (text: string): string => `${q}${text}${q}`;
  const init = typescript ? `(init as { headers?: unknown } | undefined)?.headers` : 'init?.headers';
  const entries = typescript ? 'Array.from(source as Iterable<[unknown, unknown]>)' : 'Array.from(source)';
  const isObject = `typeof input === ${str('object')} && input !== null`;
  const { singleLabel, privateIPv4, privateIPv6 } = OWN_HOST_PATTERNS;
  const lines: Line[] = [
    [0, '/**'],
    [0, ` * Returns a copy of \`init\` whose headers also carry the active trace context (${TRACE_HEADERS}),`],
    [0, " * or `init` unchanged when `input` goes to a host outside the team's own services. Without `input` there is no"],
    [0, " * check: otel-codemod checked the call's literal URL."],
    ...(typescript ? TYPED_INIT_DOC : []),
    [0, ' */'],
    [0, `function ${name}${ts('<T>')}(init${ts(`?: ${NO_INFER_T}`)}, input${ts('?: unknown')})${ts(': T')} {`],
    [1, '// Own services: relative URLs, single-label hosts, loopback, private and link-local addresses, and these hosts'],
    [1, "// (*.x: any host under x). Written from otel-codemod's propagateTo option."],
    ...patternListLines(patterns, style, typescript),
    [1, 'if (input !== undefined) {'],
    [2, `let host${ts(': string')}${s}`],
    [2, 'try {'],
    [3, `const url = ${isObject} && ${str('url')} in input ? input.url : input${s}`],
    [3, `host = new URL(String(url), ${str(RELATIVE_URL_BASE)}).hostname.replace(/\\.$/, ${str('')})${s}`],
    [2, '} catch {'],
    [3, `return init${ts(' as T')}${s}`],
    [2, '}'],
    [2, 'const own ='],
    [3, `/${singleLabel.source}/.test(host) ||`],
    [3, `/${privateIPv4.source}/.test(host) ||`],
    [3, `/${privateIPv6.source}/.test(host) ||`],
    [3, `${PATTERN_LIST}.some((pattern) => (pattern.startsWith(${str('*.')}) ? host.endsWith(pattern.slice(1)) : host === pattern))${s}`],
    [2, `if (!own) return init${ts(' as T')}${s}`],
    [1, '}'],
    [1, "// Copy the caller's headers (init's, else a Request input's) into a new object: theirs stay untouched and win."],
    [1, 'const source ='],
    [2, `${init} ??`],
    [2, `(${isObject} && ${str('headers')} in input ? input.headers : undefined)${s}`],
    [1, `const headers${ts(': Record<string, string>')} = Object.create(null)${s}`],
    [1, `if (typeof source === ${str('object')} && source !== null) {`],
    [2, `const entries = Symbol.iterator in source ? ${entries} : Object.entries(source)${s}`],
    [2, 'for (const [name, value] of entries) {'],
    [3, `const key = String(name).toLowerCase()${s}`],
    [3, `headers[key] = key in headers ? \`\${headers[key]}, \${String(value)}\` : String(value)${s}`],
    [2, '}'],
    [1, '}'],
    [1, `${api.propagation}.${PROPAGATION_INJECT}(${api.context}.active(), headers, {`],
    [2, 'set: (carrier, key, value) => {'],
    [3, `if (!(key in carrier)) carrier[key] = value${s}`],
    [2, '},'],
    [1, `})${s}`],
    [1, "// fetch resets a Request's referrer and referrerPolicy when init has any field: keep them if the caller's had none."],
    [1, 'const referrer ='],
    [2, `${isObject} && ${str('referrer')} in input && ${str('referrerPolicy')} in input &&`],
    [2, 'Object.values(init ?? {}).every((value) => value === undefined)'],
    [3, '? { referrer: input.referrer, referrerPolicy: input.referrerPolicy }'],
    [3, `: undefined${s}`],
    [1, `return { ...referrer, ...init, headers }${ts(' as T')}${s}`],
    [0, '}'],
  ];
  return lines.map(([depth, text]) => style.indent.repeat(depth) + text).join('\n');
}

/** `const propagateTo = [...]`: on one line when it fits, else one pattern a line. */
function patternListLines(patterns: readonly string[], style: FileStyle, typescript: boolean): Line[] {
  const s = style.semicolons ? ';' : '';
  const q = style.quote === 'single' ? "'" : '"';
  const declaration = `const ${PATTERN_LIST}${typescript ? ': string[]' : ''} = [`;
  const items = patterns.map((pattern) => `${q}${pattern}${q}`);
  const oneLine = `${declaration}${items.join(', ')}]${s}`;
  if (style.indent.length + oneLine.length <= 110) return [[1, oneLine]];
  return [[1, declaration], ...items.map((item): Line => [2, `${item},`]), [1, `]${s}`]];
}

/** The text of the pattern list's array literal, for replacing an outdated one in place (the helper is top-level). */
export function patternListText(patterns: readonly string[], style: FileStyle, typescript: boolean): string {
  const text = patternListLines(patterns, style, typescript)
    .map(([depth, line], i) => (i === 0 ? line : style.indent.repeat(depth) + line))
    .join('\n');
  return text.slice(text.indexOf('= [') + 2).replace(/;$/, '');
}

/**
 * The helper as otel-codemod 0.1 wrote it, before the host check: a file holding exactly this (in its own style) gets
 * the current helper instead. Kept only to recognise it.
 */
function uncheckedHelperSource(name: string, api: HelperNames, style: FileStyle, typescript: boolean): string {
  const q = style.quote === 'single' ? "'" : '"';
  const s = style.semicolons ? ';' : '';
  const ts = (text: string): string => (typescript ? text : '');
  const init = typescript ? `(init as { headers?: unknown } | undefined)?.headers` : 'init?.headers';
  const entries = typescript ? 'Array.from(source as Iterable<[unknown, unknown]>)' : 'Array.from(source)';
  const lines: Line[] = [
    [0, `/** Returns a copy of \`init\` whose headers also carry the active trace context (${TRACE_HEADERS}). */`],
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
    [1, `${api.propagation}.${PROPAGATION_INJECT}(${api.context}.active(), headers, {`],
    [2, 'set: (carrier, key, value) => {'],
    [3, `if (!(key in carrier)) carrier[key] = value${s}`],
    [2, '},'],
    [1, `})${s}`],
    [1, `return { ...init, headers }${ts(' as T')}${s}`],
    [0, '}'],
  ];
  return lines.map(([depth, text]) => style.indent.repeat(depth) + text).join('\n');
}

export type ExistingHelper =
  /** The current helper: its pattern list is kept in step with the configuration. */
  | { kind: 'checked'; name: string; list: Node; patterns: string[] }
  /** Exactly what otel-codemod 0.1 wrote, without the host check: replaced by the current helper. */
  | { kind: 'outdated'; name: string; start: number; end: number; api: HelperNames }
  /** Written or edited by hand, without the host check: used as it is, with a note. */
  | { kind: 'unchecked'; name: string };

/**
 * A helper this codemod wrote earlier (or one written by hand to the same contract): a top-level function named
 * `withTraceHeaders…` with two parameters whose body calls `<something>.inject(<something>.active(), …)`.
 */
export function findExistingHelper(file: CodemodFile): ExistingHelper | null {
  const { program, source, style } = file;
  let inject = null as Node | null;
  const declaration = findTopLevelFunction(program, HELPER_NAME, (fn) => {
    if ((fn.params as Node[]).length !== 2) return false;
    inject = injectCall(fn.body as Node);
    return inject !== null;
  });
  if (!declaration || !inject) return null;
  const name = (declaration.id as Node).name as string;

  const list = patternList(declaration);
  if (list) return { kind: 'checked', name, ...list };
  // Only a plain (not exported) declaration, exactly as 0.1 wrote it with its doc comment, is replaced.
  if ((program.body as Node[]).includes(declaration)) {
    const propagation = (inject.callee as Node).object as Node;
    const context = (((inject.arguments as Node[])[0].callee as Node).object as Node);
    const api = { propagation: textOf(source, propagation), context: textOf(source, context) };
    const start = docCommentStart(source, declaration);
    if (sameCode(source.slice(start, declaration.end), uncheckedHelperSource(name, api, style, style.typescript))) {
      return { kind: 'outdated', name, start, end: declaration.end, api };
    }
  }
  return { kind: 'unchecked', name };
}

/** `<x>.inject(<y>.active(), …)` in a function body. */
function injectCall(body: Node): Node | null {
  let found: Node | null = null;
  walk(body, (node) => {
    if (found) return false;
    if (node.type !== 'CallExpression' || !isMethod(node.callee as Node, PROPAGATION_INJECT)) return undefined;
    const first = (node.arguments as (Node | undefined)[])[0];
    if (first?.type === 'CallExpression' && isMethod(first.callee as Node, 'active')) found = node;
    return undefined;
  });
  return found;
}

/** `<x>.<name>` (a non-computed member). */
const isMethod = (callee: Node, name: string): boolean =>
  callee.type === 'MemberExpression' && (callee.property as Node).type === 'Identifier' && (callee.property as Node).name === name;

/** Where a declaration starts with the comments on the lines right above it (not one ending an earlier line). */
function docCommentStart(source: string, declaration: Node): number {
  let start = declaration.start;
  const comments = leadingComments(declaration).filter((comment) => comment.end <= declaration.start);
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = comments[i];
    const ownLine = isBlank(source, lineStart(source, comment.start), comment.start);
    if (!ownLine || /\n[ \t]*\r?\n/.test(source.slice(comment.end, start))) break;
    start = comment.start;
  }
  return start;
}

/** The helper's `const propagateTo = ['…', …]` and its patterns. */
function patternList(declaration: Node): { list: Node; patterns: string[] } | null {
  for (const statement of (declaration.body as Node).body as Node[]) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations as Node[]) {
      const id = declarator.id as Node;
      const init = declarator.init as Node | null;
      if (id.type !== 'Identifier' || id.name !== PATTERN_LIST || init?.type !== 'ArrayExpression') continue;
      const patterns: string[] = [];
      for (const element of init.elements as (Node | null)[]) {
        const value = stringValue(element);
        if (value === null) return null;
        patterns.push(value);
      }
      return { list: init, patterns };
    }
  }
  return null;
}

const textOf = (source: string, node: Node): string => source.slice(node.start, node.end);

/** Equal but for whitespace, semicolons and quote marks (the file's style may have been detected otherwise since). */
const sameCode = (a: string, b: string): boolean => {
  const normalize = (text: string): string => text.replace(/\s+/g, '').replace(/;/g, '').replace(/"/g, "'");
  return normalize(a) === normalize(b);
};
