/**
 * `inject-propagation`: every outgoing fetch call carries the active trace context (W3C traceparent/tracestate and
 * baggage), written by `propagation.inject(context.active(), …)` in one small helper per file. See
 * docs/codemods/inject-propagation.md for the generated code and its limits.
 */
import type { ASTPath, CallExpression, Collection, JSCodeshift, Transform } from 'jscodeshift';
import { detectFileStyle } from '../src/codemod/file-style.js';
import { freshName, topLevelBindings } from '../src/codemod/otel-import.js';
import { jscodeshiftFor } from '../src/codemod/parser.js';
import { sourcePositions } from '../src/codemod/positions.js';
import type { CodemodMeta, PackageJson, ProjectVerdict } from '../src/codemod/types.js';
import { FETCH_AUTO_INSTRUMENTATION_PACKAGES, PROPAGATION_API, PROPAGATION_INJECT } from '../src/otel/api.js';
import { addImportAndHelper } from './inject-propagation/add-helper.js';
import { callsHelper, fetchSourceOfCall } from './inject-propagation/fetch-targets.js';
import { findExistingHelper, HELPER_BASE_NAME, isHelperName } from './inject-propagation/helper.js';
import { enclosingFunction, rewriteCall, type CallOutcome, type RewriteContext } from './inject-propagation/rewrite-call.js';
import { lineIndent, TextEdits } from './inject-propagation/text-edits.js';

const NAME = 'inject-propagation';
/** Left above a call the codemod cannot rewrite safely; found again on later runs so it is written once. */
const MARKER = `otel-codemod(${NAME}):`;
const MARKER_TEXT = `// ${MARKER} no trace context added to a fetch call here; move its first argument into a variable, then rerun`;
/** A comment with this on a statement (or any enclosing one) leaves the fetch calls in it alone. */
const IGNORE = /otel-codemod-ignore(?:\s+([\w,\s-]*))?/;

export const meta: CodemodMeta = {
  name: NAME,
  description: 'Make every outgoing fetch call carry the active trace context (traceparent, tracestate, baggage).',
  options: [
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

const transform: Transform = (file, api) => {
  if (!meta.mayContainTarget(file.source, {})) return undefined;
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
  const existingHelper = findExistingHelper(j, root);
  const fileNames = identifierNames(j, root);
  const ctx: RewriteContext = {
    j,
    source: file.source,
    style,
    helperName: existingHelper ?? freshName(HELPER_BASE_NAME, new Set([...fileNames, ...topLevelBindings(j, root)])),
    edits: new TextEdits(file.source),
    pos: sourcePositions(root, file.source),
    fileNames,
    hoistedNames: new Map(),
  };
  const injectingByHand = functionsInjectingByHand(j, root);
  const report = (note: string): void => api.report(`${file.path}: ${note}`);

  const marked = new Set<unknown>();
  let rewritten = 0;
  calls.forEach((path) => {
    if (callsHelper(path.node, isHelperName) || isIgnored(path)) return;
    if (injectingByHand.has(enclosingFunction(path))) {
      report(`line ${path.node.loc?.start.line ?? 0}: fetch call left unchanged: its function calls propagation.inject itself`);
      return;
    }
    const outcome: CallOutcome = rewriteCall(ctx, path);
    if (outcome.kind === 'rewritten') {
      rewritten++;
      return;
    }
    report(outcome.note);
    if (outcome.kind === 'marker' && !hasMarker(outcome.statement) && !marked.has(outcome.statement.node)) {
      marked.add(outcome.statement.node);
      const at = ctx.pos.start(outcome.statement.node);
      ctx.edits.insert(at, `${MARKER_TEXT}\n${lineIndent(file.source, at)}`);
    }
  });
  if (ctx.edits.size === 0) return undefined;

  // The calls are rewritten as text: recast never reprints the statements around them (it would, for instance, add
  // a semicolon to every touched return statement of a file that has none).
  const rewrittenSource = ctx.edits.textOf(0, file.source.length);
  if (rewritten === 0 || existingHelper) return rewrittenSource;

  // Then the import and the helper, on a fresh parse of the rewritten text.
  return addImportAndHelper(j, rewrittenSource, style, ctx.helperName, /\.[cm]?tsx?$/i.test(file.path));
};
export default transform;

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
