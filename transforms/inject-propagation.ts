/**
 * `inject-propagation`: outgoing fetch calls to the team's own services carry the active trace context (W3C
 * traceparent/tracestate and baggage), written by `propagation.inject(context.active(), …)` in one small helper per
 * file. Calls to other hosts get nothing: a literal URL is decided here, any other URL by the helper at run time,
 * both with src/otel/propagation-targets.ts. See docs/codemods/inject-propagation.md for the generated code and its
 * limits.
 */
import type { API, ASTPath, CallExpression, FileInfo, Options, Transform } from 'jscodeshift';
import { staticPropertyName, type Node } from '../src/codemod/ast.js';
import { openFile, type CodemodFile } from '../src/codemod/codemod-file.js';
import { addHelperAtEnd } from '../src/codemod/generated-code.js';
import { isIgnored, leadingComments } from '../src/codemod/ignore.js';
import { declarationCounts, pathsTo } from '../src/codemod/node-paths.js';
import { NO_MODULE_SYNTAX_NOTE, useApiNames } from '../src/codemod/otel-import.js';
import { skipWhenCovered } from '../src/codemod/project-check.js';
import { lineIndent } from '../src/codemod/text.js';
import type { CodemodMeta, PackageJson, PackageVerdict } from '../src/codemod/types.js';
import { CONTEXT_API, FETCH_AUTO_INSTRUMENTATION_PACKAGES, PROPAGATION_API, PROPAGATION_INJECT } from '../src/otel/api.js';
import { DEFAULT_PROPAGATE_TO, EXPORTER_CLASS, hostPatternProblem, isPropagationTarget, mayEndOwnHost } from '../src/otel/propagation-targets.js';
import { fetchCallWords, fetchSourceOfCall, GLOBAL_OBJECTS as GLOBAL_FETCH_OBJECTS } from './inject-propagation/fetch-targets.js';
import { findExistingHelper, HELPER_BASE_NAME, helperSource, patternListText, TRACE_HEADERS, type ExistingHelper } from './inject-propagation/helper.js';
import { readOptions } from './inject-propagation/options.js';
import {
  enclosingFunction,
  fetchArguments,
  helperCallOf,
  moveHoistedInputs,
  rewriteCall,
  unwrapCall,
  type CallOutcome,
  type RewriteContext,
} from './inject-propagation/rewrite-call.js';
import { staticTarget, type Target } from './inject-propagation/targets.js';

const NAME = 'inject-propagation';
/** Left above a call the codemod cannot rewrite safely; found again on later runs so it is written once. */
const MARKER = `otel-codemod(${NAME}):`;
const MARKER_TEXT = `// ${MARKER} no trace context added to a fetch call here; move its first argument into a variable, then rerun`;
const NOT_LISTED = 'host is not in propagateTo (add it with --propagate-to)';

export const meta: CodemodMeta = {
  name: NAME,
  description: `Make outgoing fetch calls to the team's own services carry the active trace context (${TRACE_HEADERS}).`,
  options: [
    {
      flags: '--propagate-to <hosts>',
      key: 'propagateTo',
      kind: 'list',
      description:
        'also send trace context to these hosts: comma-separated names or *.suffix patterns (relative URLs, localhost, ' +
        `private addresses, single-label hosts and ${DEFAULT_PROPAGATE_TO.join(', ')} always get it)`,
      validate: hostPatternProblem,
    },
    {
      flags: '--force-inject',
      key: 'forceInject',
      kind: 'boolean',
      default: false,
      description: 'Inject even when the project already has fetch auto-instrumentation (double injection can conflict)',
    },
  ],
  // A package that lists no @opentelemetry/api does not use OpenTelemetry: its files are left as they are.
  withoutApiDependency: 'skip',
  // Every fetch call it rewrites names `fetch` as a word: the global, `x.fetch`, undici's export, the 'node-fetch' module.
  mayContainTarget: (source) => /\bfetch\b/.test(source),
  checkPackage(dependencies: PackageJson, options): PackageVerdict | undefined {
    return skipWhenCovered(dependencies, {
      packages: FETCH_AUTO_INSTRUMENTATION_PACKAGES,
      forced: Boolean(options.forceInject),
      flag: '--force-inject',
      already: 'already injects trace context into fetch calls',
      anyway: 'injecting anyway (double injection can conflict)',
    });
  },
};

const transform: Transform = (info: FileInfo, api: API, rawOptions: Options) => {
  if (!meta.mayContainTarget(info.source, {})) return undefined;
  if (EXPORTER_CLASS.test(info.source)) {
    api.report('implements a telemetry exporter: its requests carry telemetry, not the traced operation; left as is');
    return undefined;
  }
  const { propagateTo } = readOptions(rawOptions);
  const file = openFile(info, api);
  const { source } = file;
  // Paths (and scopes) only for the calls that could be fetch calls, not for the whole tree (./src/codemod/node-paths.ts).
  const words = fetchCallWords(file);
  const candidates = pathsTo<CallExpression>(file, mayBeFetchCall(words), [...words]);
  // Scopes only for the names the file declares somewhere: a name it never declares is the global.
  const declarations = declarationCounts(file, new Set(candidates.flatMap((p) => calleeNames(p.node as unknown as Node))));
  const calls = candidates.filter((p) => fetchSourceOfCall(p, (name) => declarations.has(name)) !== null);
  if (calls.length === 0) return undefined;

  const existing = findExistingHelper(file);
  // Named on first use: only files with a call to rewrite need a name.
  let helperName = existing?.name;
  const ctx: RewriteContext = {
    file,
    get helperName() {
      return (helperName ??= file.freshName(HELPER_BASE_NAME));
    },
    hoistedNames: new Map(),
    hoists: new Map(),
  };
  const injectingByHand = functionsInjectingByHand(file);
  // A note on the whole file; the runner prefixes it with the file's path.
  const note = (message: string): void => {
    api.report(message);
  };
  if (existing) updateHelper(ctx, existing, propagateTo, note);

  // Statements getting a marker comment, written once every call is read (below a `const` hoisted above them).
  const marked = new Set<Node>();
  const addMarker = (statement: ASTPath): void => {
    const node = statement.node as unknown as Node;
    if (!leadingComments(node).some((comment) => String(comment.value).includes(MARKER))) marked.add(node);
  };
  let helperUses = 0;
  calls.forEach((path) => {
    if (isIgnored(path, NAME)) return;
    const call = path.node as unknown as Node;
    const report = (message: string): void => {
      file.report(call, message);
    };
    const args = fetchArguments(path.node);
    if (!args) {
      report('fetch call with spread or unusual arguments left unchanged');
      return;
    }
    const [input, init] = args;
    // A call an earlier run wrapped.
    const helperCall = helperCallOf(init);
    if (!helperCall && injectingByHand.has(enclosingFunction(path))) {
      report(`fetch call left unchanged: its function calls ${PROPAGATION_API}.${PROPAGATION_INJECT} itself`);
      return;
    }

    const target = staticTarget(path, input);
    const refusal = refusalOf(target, propagateTo);
    if (refusal) {
      if (helperCall) {
        unwrapCall(ctx, input, helperCall);
        report(`trace context removed from the fetch to ${refusal.where}: ${refusal.why}`);
      } else {
        report(`fetch to ${refusal.where} left unchanged: ${refusal.why}`);
      }
      return;
    }
    const runTimeCheck = target.kind === 'dynamic' || target.kind === 'hostEnd';
    // A wrapped call is fine as it is, unless the helper must now check a URL it was not given.
    if (helperCall && (!runTimeCheck || (helperCall.arguments as unknown[]).length >= 2)) return;

    const outcome: CallOutcome = rewriteCall(ctx, path, input, init, runTimeCheck);
    if (outcome.kind === 'rewritten') {
      if (!helperCall) helperUses++;
      return;
    }
    if (outcome.kind === 'unchanged') return;
    if (helperCall) {
      // Its URL cannot be given to the helper: better no trace context than trace context sent anywhere.
      unwrapCall(ctx, input, helperCall);
      report('trace context removed from a fetch call whose URL cannot be checked; move its first argument into a variable, then rerun');
    } else {
      report(outcome.note);
    }
    if (outcome.kind === 'marker') addMarker(outcome.statement);
  });
  const markerLine = (statement: Node): string => `${MARKER_TEXT}\n${lineIndent(source, statement.start)}`;
  moveHoistedInputs(ctx, (statement) => (marked.delete(statement) ? markerLine(statement) : ''));
  for (const statement of marked) file.edits.insert(statement.start, markerLine(statement));

  if (helperUses > 0 && !existing) {
    const names = useApiNames(file, [CONTEXT_API, PROPAGATION_API] as const);
    if (!names) {
      api.report(NO_MODULE_SYNTAX_NOTE);
      return undefined;
    }
    addHelperAtEnd(file, helperSource(ctx.helperName, names, file.style, file.typescript, propagateTo));
  }
  return file.output();
};
export default transform;

/**
 * The calls fetchSourceOfCall could take for fetch, told from the call alone (the calls jscodeshift's `CallExpression`
 * finds: `CallExpression` and `OptionalCallExpression`). `words` is fetchCallWords: with only `fetch` (no 'node-fetch'
 * or 'undici' in the text), nothing is bound to a fetch module, so only `fetch(…)` and `globalThis.fetch(…)` (or
 * `global`, `window`, `self`) can be. With the modules, a name their imports bind may be fetch, and
 * `x.fetch(…)`/`x.default(…)` may be a module's fetch.
 */
function mayBeFetchCall(words: ReadonlySet<string>): (node: Node) => boolean {
  // More words than `fetch`: the file loads node-fetch or undici, whose fetch may go by other names (and `default`).
  const namesModule = words.size > 1;
  return (node) => {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return false;
    const callee = node.callee as Node;
    if (callee.type === 'Identifier') return words.has(callee.name as string);
    if (callee.type !== 'MemberExpression' || callee.optional) return false;
    const property = staticPropertyName(callee);
    if (namesModule) return property === 'fetch' || property === 'default';
    const object = callee.object as Node;
    return property === 'fetch' && object.type === 'Identifier' && GLOBAL_FETCH_OBJECTS.has(object.name as string);
  };
}

/** The names a call's callee reads: `f` of `f()`, `x` of `x.fetch()`. */
function calleeNames(call: Node): string[] {
  const callee = call.callee as Node;
  if (callee.type === 'Identifier') return [callee.name as string];
  const object = callee.object as Node | undefined;
  return object?.type === 'Identifier' ? [object.name as string] : [];
}

/** Where a literal URL points and why trace context must not go there, or null when it may. */
function refusalOf(target: Target, patterns: readonly string[]): { where: string; why: string } | null {
  if (target.kind === 'other') return { where: target.what, why: 'trace context goes to http(s) URLs only' };
  if (target.kind === 'host' && !isPropagationTarget(target.host, patterns)) return { where: target.host, why: NOT_LISTED };
  if (target.kind === 'hostEnd' && !mayEndOwnHost(target.end, patterns)) return { where: `a host ending in ${target.end}`, why: NOT_LISTED };
  return null;
}

/**
 * Brings a helper found in the file up to date: the current one gets the configured pattern list; the one an
 * earlier version wrote without the host check is replaced; one written by hand is left alone, with a note.
 */
function updateHelper(ctx: RewriteContext, existing: ExistingHelper, patterns: readonly string[], note: (message: string) => void): void {
  const { edits, style } = ctx.file;
  switch (existing.kind) {
    case 'checked':
      if (existing.patterns.join('\n') === patterns.join('\n')) return;
      edits.replace(existing.list.start, existing.list.end, patternListText(patterns, style, style.typescript));
      note(`the host patterns in ${existing.name} now follow propagateTo`);
      return;
    case 'outdated':
      edits.replace(existing.start, existing.end, helperSource(existing.name, existing.api, style, style.typescript, patterns));
      note(`${existing.name} replaced with the current helper, which sends trace context only to own services and propagateTo hosts`);
      return;
    case 'unchecked':
      note(`${existing.name} was not written by otel-codemod and does not check hosts: calls through it send trace context to any host`);
  }
}

/** Functions (or the program) whose own code calls `propagation.inject`: their fetch calls already propagate by hand. */
function functionsInjectingByHand(file: CodemodFile): Set<unknown> {
  const functions = new Set<unknown>();
  // The calls looked for name `inject`: a file without the word has none, and is not walked again.
  if (!file.source.includes(PROPAGATION_INJECT)) return functions;
  // `root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'inject' } } })`, paths only for those.
  const isInjectCall = (node: Node): boolean =>
    (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') &&
    (node.callee as Node).type === 'MemberExpression' &&
    ((node.callee as Node).property as Node | undefined)?.name === PROPAGATION_INJECT;
  pathsTo<CallExpression>(file, isInjectCall, PROPAGATION_INJECT).forEach((p) => {
    const object = (p.node.callee as { object: { type: string; name?: string; property?: { name?: string } } }).object;
    const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? object.property?.name : undefined;
    if (name === PROPAGATION_API || name?.endsWith('Propagation')) functions.add(enclosingFunction(p));
  });
  return functions;
}
