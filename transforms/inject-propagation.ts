/**
 * `inject-propagation`: outgoing fetch calls to the team's own services carry the active trace context (W3C
 * traceparent/tracestate and baggage), written by `propagation.inject(context.active(), …)` in one small helper per
 * file. Calls to other hosts get nothing: a literal URL is decided here, any other URL by the helper at run time,
 * both with src/otel/propagation-targets.ts. See docs/codemods/inject-propagation.md for the generated code and its
 * limits.
 */
import type { ASTPath, CallExpression, Collection, JSCodeshift, Transform } from 'jscodeshift';
import { detectFileStyle } from '../src/codemod/file-style.js';
import { freshName, topLevelBindings } from '../src/codemod/otel-import.js';
import { jscodeshiftFor } from '../src/codemod/parser.js';
import { sourcePositions } from '../src/codemod/positions.js';
import type { CodemodMeta, PackageJson, ProjectVerdict } from '../src/codemod/types.js';
import { FETCH_AUTO_INSTRUMENTATION_PACKAGES, PROPAGATION_API, PROPAGATION_INJECT } from '../src/otel/api.js';
import { DEFAULT_PROPAGATE_TO, hostPatternProblem, isPropagationTarget } from '../src/otel/propagation-targets.js';
import { addImportAndHelper } from './inject-propagation/add-helper.js';
import { fetchSourceOfCall } from './inject-propagation/fetch-targets.js';
import { findExistingHelper, HELPER_BASE_NAME, helperSource, patternListText, type ExistingHelper } from './inject-propagation/helper.js';
import { readOptions } from './inject-propagation/options.js';
import {
  enclosingFunction,
  fetchArguments,
  helperCallOf,
  rewriteCall,
  unwrapCall,
  type CallOutcome,
  type RewriteContext,
} from './inject-propagation/rewrite-call.js';
import { staticTarget, type Target } from './inject-propagation/targets.js';
import { lineIndent, TextEdits } from './inject-propagation/text-edits.js';

const NAME = 'inject-propagation';
/** Left above a call the codemod cannot rewrite safely; found again on later runs so it is written once. */
const MARKER = `otel-codemod(${NAME}):`;
const MARKER_TEXT = `// ${MARKER} no trace context added to a fetch call here; move its first argument into a variable, then rerun`;
/** A comment with this on a statement (or any enclosing one) leaves the fetch calls in it alone. */
const IGNORE = /otel-codemod-ignore(?:\s+([\w,\s-]*))?/;
const NOT_LISTED = 'host is not in propagateTo (add it with --propagate-to)';

export const meta: CodemodMeta = {
  name: NAME,
  description: "Make outgoing fetch calls to the team's own services carry the active trace context (traceparent, tracestate, baggage).",
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
  mayContainTarget: (source) => source.includes('fetch'),
  checkProject(packageJson: PackageJson | null, options): ProjectVerdict | undefined {
    const deps = {
      ...packageJson?.dependencies,
      ...packageJson?.devDependencies,
      ...packageJson?.optionalDependencies,
      ...packageJson?.peerDependencies,
    };
    const found = FETCH_AUTO_INSTRUMENTATION_PACKAGES.find((name) => name in deps);
    if (!found) return undefined;
    if (options.forceInject) {
      return { skip: false, note: `${found} is installed and may inject trace headers too; injecting anyway (--force-inject)` };
    }
    return { skip: true, note: `skipped: ${found} already injects trace context into fetch calls (use --force-inject to inject anyway)` };
  },
};

const transform: Transform = (file, api, rawOptions) => {
  if (!meta.mayContainTarget(file.source, {})) return undefined;
  const { propagateTo } = readOptions(rawOptions ?? {});
  const j = jscodeshiftFor(api, file.path);
  const root = j(file.source);
  // ast-types' scope analysis throws on `catch {}` (no binding). This tree is only read, never printed (the output
  // comes from text edits), so a stand-in binding is harmless.
  root.find(j.CatchClause, { param: null }).forEach((p) => {
    p.node.param = j.identifier('__otelCodemodUnusedCatchBinding');
  });
  const calls = root.find(j.CallExpression).filter((p) => fetchSourceOfCall(p) !== null);
  if (calls.size() === 0) return undefined;

  const style = detectFileStyle(file.source, file.path);
  const typescript = /\.[cm]?tsx?$/i.test(file.path);
  const pos = sourcePositions(root, file.source);
  const existing = findExistingHelper(j, root, file.source, pos, style, typescript);
  const fileNames = identifierNames(j, root);
  const ctx: RewriteContext = {
    j,
    source: file.source,
    style,
    helperName: existing?.name ?? freshName(HELPER_BASE_NAME, new Set([...fileNames, ...topLevelBindings(j, root)])),
    edits: new TextEdits(file.source),
    pos,
    fileNames,
    hoistedNames: new Map(),
  };
  const injectingByHand = functionsInjectingByHand(j, root);
  // `line N: …` or a note on the whole file; the runner prefixes each report with the file's path.
  const report = (note: string): void => api.report(note);
  if (existing) updateHelper(ctx, existing, propagateTo, typescript, report);

  const marked = new Set<unknown>();
  const addMarker = (statement: ASTPath): void => {
    if (hasMarker(statement) || marked.has(statement.node)) return;
    marked.add(statement.node);
    const at = ctx.pos.start(statement.node);
    ctx.edits.insert(at, `${MARKER_TEXT}\n${lineIndent(file.source, at)}`);
  };
  let helperUses = 0;
  calls.forEach((path) => {
    if (isIgnored(path)) return;
    const line = `line ${path.node.loc?.start.line ?? 0}`;
    const args = fetchArguments(path.node);
    if (!args) {
      report(`${line}: fetch call with spread or unusual arguments left unchanged`);
      return;
    }
    const [input, init] = args;
    // A call an earlier run wrapped.
    const helperCall = helperCallOf(init);
    if (!helperCall && injectingByHand.has(enclosingFunction(path))) {
      report(`${line}: fetch call left unchanged: its function calls propagation.inject itself`);
      return;
    }

    const target = staticTarget(path, input);
    const refusal = refusalOf(target, propagateTo);
    if (refusal) {
      if (helperCall) {
        unwrapCall(ctx, input, helperCall);
        report(`${line}: trace context removed from the fetch to ${refusal.where}: ${refusal.why}`);
      } else {
        report(`${line}: fetch to ${refusal.where} left unchanged: ${refusal.why}`);
      }
      return;
    }
    const runTimeCheck = target.kind === 'dynamic';
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
      report(`${line}: trace context removed from a fetch call whose URL cannot be checked; move its first argument into a variable, then rerun`);
    } else {
      report(outcome.note);
    }
    if (outcome.kind === 'marker') addMarker(outcome.statement);
  });
  if (ctx.edits.size === 0) return undefined;

  // The calls are rewritten as text: recast never reprints the statements around them (it would, for instance, add
  // a semicolon to every touched return statement of a file that has none).
  const rewrittenSource = ctx.edits.textOf(0, file.source.length);
  if (helperUses === 0 || existing) return rewrittenSource;

  // Then the import and the helper, on a fresh parse of the rewritten text.
  return addImportAndHelper(j, rewrittenSource, style, ctx.helperName, typescript, propagateTo);
};
export default transform;

/** Where a literal URL points and why trace context must not go there, or null when it may. */
function refusalOf(target: Target, patterns: readonly string[]): { where: string; why: string } | null {
  if (target.kind === 'other') return { where: target.what, why: 'trace context goes to http(s) URLs only' };
  if (target.kind === 'host' && !isPropagationTarget(target.host, patterns)) return { where: target.host, why: NOT_LISTED };
  return null;
}

/**
 * Brings a helper found in the file up to date: the current one gets the configured pattern list; the one an
 * earlier version wrote without the host check is replaced; one written by hand is left alone, with a note.
 */
function updateHelper(ctx: RewriteContext, existing: ExistingHelper, patterns: readonly string[], typescript: boolean, report: (note: string) => void): void {
  switch (existing.kind) {
    case 'checked':
      if (existing.patterns.join('\n') === patterns.join('\n')) return;
      ctx.edits.replace(ctx.pos.start(existing.list), ctx.pos.end(existing.list), patternListText(patterns, ctx.style, typescript));
      report(`the host patterns in ${existing.name} now follow propagateTo`);
      return;
    case 'outdated':
      ctx.edits.replace(existing.start, existing.end, helperSource(existing.name, existing.api, ctx.style, typescript, patterns));
      report(`${existing.name} replaced with the current helper, which sends trace context only to own services and propagateTo hosts`);
      return;
    case 'unchecked':
      report(`${existing.name} was not written by otel-codemod and does not check hosts: calls through it send trace context to any host`);
  }
}

function identifierNames(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  root.find(j.Identifier).forEach((p) => {
    names.add(p.node.name);
  });
  return names;
}

/** Functions (or the program) whose own code calls `propagation.inject`: their fetch calls already propagate by hand. */
function functionsInjectingByHand(j: JSCodeshift, root: Collection): Set<unknown> {
  const functions = new Set<unknown>();
  root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: PROPAGATION_INJECT } } }).forEach((p) => {
    const object = (p.node.callee as { object: { type: string; name?: string; property?: { name?: string } } }).object;
    const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? object.property?.name : undefined;
    if (name === PROPAGATION_API || name?.endsWith('Propagation')) functions.add(enclosingFunction(p));
  });
  return functions;
}

type Commented = { comments?: { value: string; leading?: boolean }[] | null };

function leadingComments(path: ASTPath): string[] {
  return ((path.node as Commented).comments ?? []).filter((c) => c.leading !== false).map((c) => c.value);
}

function hasMarker(statement: ASTPath): boolean {
  return leadingComments(statement).some((c) => c.includes(MARKER));
}

/** An `otel-codemod-ignore` comment (bare, or naming this codemod) on the call's statement or any enclosing node. */
function isIgnored(path: ASTPath<CallExpression>): boolean {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    for (const comment of leadingComments(current)) {
      const match = IGNORE.exec(comment);
      if (match && (!match[1]?.trim() || match[1].split(/[\s,]+/).includes(NAME))) return true;
    }
  }
  return false;
}
