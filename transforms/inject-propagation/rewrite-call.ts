/**
 * Rewrites one fetch call so its init goes through the helper:
 *
 *   fetch(url, init)            → fetch(url, withTraceHeaders(init, url))
 *   fetch('http://orders/x', {…}) → fetch('http://orders/x', withTraceHeaders({…}))   (a checked literal URL)
 *   fetch(request)              → fetch(request, withTraceHeaders(undefined, request))
 *
 * The input is passed along when the helper must check its URL at run time, or may need a Request's headers; it is
 * written twice only when reading it again runs nothing (`url`, `this.url`). Any other input (`new Request(…)`,
 * `build()`) moves into a `const` just before the statement, or into a block body for an arrow function; where
 * neither is safe, the call stays as it is and gets a marker comment.
 *
 * A call an earlier run wrapped without its input gets the input added the same way; a call whose literal URL is
 * not an own service is unwrapped (unwrapCall).
 */
import type { ASTPath, CallExpression, JSCodeshift } from 'jscodeshift';
import type { FileStyle } from '../../src/codemod/file-style.js';
import type { SourcePositions } from '../../src/codemod/positions.js';
import { freshName } from '../../src/codemod/otel-import.js';
import { initSetsHeaders, inputMayBeRequest, isRereadable, isRereadableText } from './arguments.js';
import { isHelperName } from './helper.js';
import { lineIndent, type TextEdits } from './text-edits.js';

type AnyNode = { type: string; [key: string]: unknown };

export interface RewriteContext {
  j: JSCodeshift;
  source: string;
  style: FileStyle;
  helperName: string;
  edits: TextEdits;
  /** Node offsets in `source` (recast parses a re-rendered text; see src/codemod/positions.ts). */
  pos: SourcePositions;
  /** Identifier names in the file, so a new `const` never shadows or collides. */
  fileNames: ReadonlySet<string>;
  /** Names already given to hoisted inputs, per enclosing function (or program). */
  hoistedNames: Map<unknown, Set<string>>;
}

export type CallOutcome =
  | { kind: 'rewritten' }
  /** Already wrapped as it should be. */
  | { kind: 'unchanged' }
  /** Not rewritten; a marker comment can go above `statement`. */
  | { kind: 'marker'; statement: ASTPath; note: string }
  | { kind: 'skipped'; note: string };

const HOISTED_INPUT_BASE_NAME = 'fetchInput';

/** A fetch call's input and init, or null for a call with a spread or an unusual number of arguments. */
export function fetchArguments(call: CallExpression): [input: AnyNode, init: AnyNode | undefined] | null {
  const args = call.arguments as unknown as AnyNode[];
  if (args.length === 0 || args.length > 2 || args.some((a) => a.type === 'SpreadElement')) return null;
  return [args[0]!, args[1]];
}

/** The call to the helper an earlier run put in init's place, if there is one. */
export function helperCallOf(init: AnyNode | undefined): AnyNode | null {
  const callee = init?.type === 'CallExpression' ? (init.callee as AnyNode) : undefined;
  return callee?.type === 'Identifier' && isHelperName(callee.name as string) ? init! : null;
}

/**
 * `runTimeCheck`: the URL is not known before run time, so the helper gets the input to check it. Otherwise the URL
 * was checked here, and the input goes along only when the helper needs a Request's headers.
 */
export function rewriteCall(ctx: RewriteContext, path: ASTPath<CallExpression>, input: AnyNode, init: AnyNode | undefined, runTimeCheck: boolean): CallOutcome {
  const line = (path.node.loc?.start.line ?? 0).toString();
  const helperCall = helperCallOf(init);
  const ownInit = helperCall ? initOfHelperCall(helperCall) : init;
  const needsInput = runTimeCheck || (!initSetsHeaders(ownInit) && inputMayBeRequest(path, input));
  if (!needsInput) {
    if (helperCall) return { kind: 'unchanged' };
    wrapInit(ctx, input, init, null);
    return { kind: 'rewritten' };
  }
  if (isRereadable(input)) {
    wrapInit(ctx, input, init, ctx.source.slice(ctx.pos.start(input), ctx.pos.end(input)));
    return { kind: 'rewritten' };
  }

  const site = hoistSite(ctx, path);
  if (!site && isRereadableText(input)) {
    wrapInit(ctx, input, init, ctx.source.slice(ctx.pos.start(input), ctx.pos.end(input)));
    return { kind: 'rewritten' };
  }
  if (!site) {
    const statement = enclosingListStatement(path);
    const note = `line ${line}: fetch input is an expression that cannot be read twice and has no safe place for a variable; call left unchanged`;
    return statement ? { kind: 'marker', statement, note } : { kind: 'skipped', note };
  }
  const name = freshHoistName(ctx, site.scopeKey);
  const inputText = (): string => ctx.edits.textOf(ctx.pos.start(input), ctx.pos.end(input));
  ctx.edits.replace(ctx.pos.start(input), ctx.pos.end(input), name);
  wrapInit(ctx, input, init, name);
  const semi = ctx.style.semicolons ? ';' : '';

  if (site.kind === 'statement') {
    const statement = site.statement.node as unknown as AnyNode;
    const target = lineIndent(ctx.source, ctx.pos.start(statement));
    shiftLines(ctx, input, lineIndent(ctx.source, ctx.pos.start(input)), target);
    ctx.edits.insert(ctx.pos.start(statement), () => `const ${name} = ${inputText()}${semi}\n${target}`);
    return { kind: 'rewritten' };
  }

  // Arrow function with an expression body: `(id) => fetch(build(id))` gets a block body.
  const body = (site.arrow.node as unknown as AnyNode).body as AnyNode;
  const outer = lineIndent(ctx.source, site.arrowTokenEnd);
  const inner = outer + ctx.style.indent;
  // The body's lines (the input's among them) move one level in, into the new block.
  shiftLines(ctx, body, lineIndent(ctx.source, ctx.pos.start(body)), inner);
  ctx.edits.replace(site.arrowTokenEnd, ctx.pos.end(body), () =>
    [
      ' {',
      `${inner}const ${name} = ${inputText()}${semi}`,
      `${inner}return ${ctx.edits.textOf(ctx.pos.start(body), ctx.pos.end(body))}${semi}`,
      `${outer}}`,
    ].join('\n'),
  );
  return { kind: 'rewritten' };
}

/**
 * Re-bases the second and later lines of a node's text from indentation `from` to `to`, as edits. Lines that start
 * inside a multi-line template literal or string keep their text: it is part of the value. Blank lines and lines not
 * starting with `from` stay as they are.
 */
function shiftLines(ctx: RewriteContext, node: AnyNode, from: string, to: string): void {
  if (from === to) return;
  const { source, pos } = ctx;
  const start = pos.start(node);
  const end = pos.end(node);
  const literals = [node, ...ctx.j(node as never).find(ctx.j.Node).nodes()]
    .map((n) => n as unknown as AnyNode)
    .filter((n) => ['TemplateLiteral', 'StringLiteral', 'Literal', 'JSXText'].includes(n.type))
    .map((n) => ({ start: pos.start(n), end: pos.end(n) }));
  for (let lineStart = source.indexOf('\n', start) + 1; lineStart > 0 && lineStart < end; lineStart = source.indexOf('\n', lineStart) + 1) {
    if (literals.some((literal) => literal.start < lineStart && lineStart < literal.end)) continue;
    const lineEnd = source.indexOf('\n', lineStart);
    const line = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd);
    if (line.trim() === '' || !line.startsWith(from)) continue;
    ctx.edits.replace(lineStart, lineStart + from.length, to);
  }
}

/**
 * Wraps init (or adds one) so it goes through the helper; `inputText` is passed as the helper's second argument. When
 * init already is a helper call (an earlier run's, without the input), only the input is added to it.
 */
function wrapInit(ctx: RewriteContext, input: AnyNode, init: AnyNode | undefined, inputText: string | null): void {
  const helper = ctx.helperName;
  const helperCall = helperCallOf(init);
  if (helperCall) {
    const first = (helperCall.arguments as AnyNode[])[0];
    if (first) ctx.edits.insert(ctx.pos.end(first), `, ${inputText}`);
    else ctx.edits.insert(ctx.pos.end(helperCall) - 1, `undefined, ${inputText}`);
  } else if (init) {
    ctx.edits.insert(ctx.pos.start(init), `${helper}(`);
    ctx.edits.insert(ctx.pos.end(init), inputText ? `, ${inputText})` : ')');
  } else {
    ctx.edits.insert(ctx.pos.end(input), inputText ? `, ${helper}(undefined, ${inputText})` : `, ${helper}()`);
  }
}

/** Undoes an earlier run's wrapping: `fetch(u, withTraceHeaders(init, u))` → `fetch(u, init)`, and without init `fetch(u)`. */
export function unwrapCall(ctx: RewriteContext, input: AnyNode, helperCall: AnyNode): void {
  const init = initOfHelperCall(helperCall);
  if (init) ctx.edits.replace(ctx.pos.start(helperCall), ctx.pos.end(helperCall), ctx.source.slice(ctx.pos.start(init), ctx.pos.end(init)));
  else ctx.edits.replace(ctx.pos.end(input), ctx.pos.end(helperCall), '');
}

/** The caller's init inside a helper call: its first argument, unless absent or `undefined`. */
function initOfHelperCall(helperCall: AnyNode): AnyNode | undefined {
  const first = (helperCall.arguments as AnyNode[])[0];
  return first && !(first.type === 'Identifier' && first.name === 'undefined') ? first : undefined;
}

type HoistSite =
  | { kind: 'statement'; statement: ASTPath; scopeKey: unknown }
  | { kind: 'arrow'; arrow: ASTPath; arrowTokenEnd: number; scopeKey: unknown };

const TRANSPARENT = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);
const LIST_PARENTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock']);

/**
 * Where the input can be evaluated earlier without changing what runs before it: the call must be the first thing
 * its statement evaluates (only awaits, `.then(…)` chains, `x = `, `const x = ` and `return` around it), and the
 * statement must sit in a block; or the call is (in the same sense) an arrow function's expression body.
 */
function hoistSite(ctx: RewriteContext, path: ASTPath): HoistSite | null {
  let child = path;
  for (let parent = path.parent as ASTPath | null; parent; child = parent, parent = parent.parent as ASTPath | null) {
    const node = parent.node as unknown as AnyNode;
    const inner = child.node as unknown;
    if (TRANSPARENT.has(node.type)) continue;
    switch (node.type) {
      case 'AwaitExpression':
        if (node.argument === inner) continue;
        return null;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (node.object === inner) continue;
        return null;
      case 'CallExpression':
      case 'OptionalCallExpression':
        if (node.callee === inner) continue;
        return null;
      case 'AssignmentExpression':
        if (node.right === inner && node.operator === '=' && (node.left as AnyNode).type === 'Identifier') continue;
        return null;
      case 'VariableDeclarator':
        if (node.init === inner) continue;
        return null;
      case 'VariableDeclaration':
        return (node.declarations as unknown[])[0] === inner ? statementSite(parent) : null;
      case 'ExpressionStatement':
      case 'ReturnStatement':
        return statementSite(parent);
      case 'ArrowFunctionExpression': {
        const body = node.body as AnyNode;
        if (body !== inner || (body.extra as { parenthesized?: boolean } | undefined)?.parenthesized) return null;
        const bodyStart = ctx.pos.start(body);
        const arrowAt = ctx.source.lastIndexOf('=>', bodyStart);
        // Only whitespace between `=>` and the body: nothing (a comment) is lost when the body is replaced.
        if (arrowAt < 0 || ctx.source.slice(arrowAt + 2, bodyStart).trim() !== '') return null;
        return { kind: 'arrow', arrow: parent, arrowTokenEnd: arrowAt + 2, scopeKey: node };
      }
      default:
        return null;
    }
  }
  return null;
}

function statementSite(statement: ASTPath): HoistSite | null {
  const exported = (statement.parent?.node as AnyNode | undefined)?.type === 'ExportNamedDeclaration' ? (statement.parent as ASTPath) : statement;
  if (!isInStatementList(exported)) return null;
  return { kind: 'statement', statement: exported, scopeKey: enclosingFunction(exported) };
}

const isInStatementList = (path: ASTPath): boolean =>
  Array.isArray(path.parentPath?.value) && LIST_PARENTS.has((path.parent?.node as AnyNode | undefined)?.type ?? '');

/** The nearest statement that sits directly in a block or the program: where a marker comment can go. */
export function enclosingListStatement(path: ASTPath): ASTPath | null {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    if (isInStatementList(current)) return current;
  }
  return null;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod', 'Program']);

export function enclosingFunction(path: ASTPath): unknown {
  for (let current = path.parent as ASTPath | null; current; current = current.parent as ASTPath | null) {
    if (FUNCTION_TYPES.has((current.node as AnyNode).type)) return current.node;
  }
  return null;
}

function freshHoistName(ctx: RewriteContext, scopeKey: unknown): string {
  let used = ctx.hoistedNames.get(scopeKey);
  if (!used) ctx.hoistedNames.set(scopeKey, (used = new Set()));
  const name = freshName(HOISTED_INPUT_BASE_NAME, new Set([...ctx.fileNames, ...used]));
  used.add(name);
  return name;
}
