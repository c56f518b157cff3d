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
import type { ASTPath, CallExpression } from 'jscodeshift';
import { isFunction, isTypeWrapper, parentOf, walk, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { semicolon } from '../../src/codemod/file-style.js';
import { freshName } from '../../src/codemod/names.js';
import { lineIndent } from '../../src/codemod/text.js';
import { initSetsHeaders, inputMayBeRequest, isRereadable, isRereadableText } from './arguments.js';
import { isHelperName } from './helper.js';

export interface RewriteContext {
  file: CodemodFile;
  helperName: string;
  /** Names already given to hoisted inputs, per enclosing function (or program). */
  hoistedNames: Map<unknown, Set<string>>;
  /**
   * Inputs moving into a `const` above their statement, by statement: moved by `moveHoistedInputs` once every call
   * is read, so a marker comment for the same statement can go between the `const` and the statement.
   */
  hoists: Map<Node, { input: Node; before: string; after: string }>;
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
export function fetchArguments(call: CallExpression): [input: Node, init: Node | undefined] | null {
  const [input, init, ...more] = call.arguments as unknown as (Node | undefined)[];
  if (!input || more.length > 0 || input.type === 'SpreadElement' || init?.type === 'SpreadElement') return null;
  return [input, init];
}

/** The call to the helper an earlier run put in init's place, if there is one. */
export function helperCallOf(init: Node | undefined): Node | null {
  if (init?.type !== 'CallExpression') return null;
  const callee = init.callee as Node;
  return callee.type === 'Identifier' && isHelperName(callee.name as string) ? init : null;
}

/**
 * `runTimeCheck`: the URL is not known before run time, so the helper gets the input to check it. Otherwise the URL
 * was checked here, and the input goes along only when the helper needs a Request's headers.
 */
export function rewriteCall(ctx: RewriteContext, path: ASTPath<CallExpression>, input: Node, init: Node | undefined, runTimeCheck: boolean): CallOutcome {
  const { source, edits, style } = ctx.file;
  const helperCall = helperCallOf(init);
  const ownInit = helperCall ? initOfHelperCall(helperCall) : init;
  const needsInput = runTimeCheck || (!initSetsHeaders(ownInit) && inputMayBeRequest(path, input));
  if (!needsInput) {
    if (helperCall) return { kind: 'unchanged' };
    wrapInit(ctx, input, init, null);
    return { kind: 'rewritten' };
  }
  if (isRereadable(input)) {
    wrapInit(ctx, input, init, source.slice(input.start, input.end));
    return { kind: 'rewritten' };
  }

  const site = hoistSite(ctx, path);
  if (!site && isRereadableText(input)) {
    wrapInit(ctx, input, init, source.slice(input.start, input.end));
    return { kind: 'rewritten' };
  }
  if (!site) {
    const statement = enclosingListStatement(path);
    const note = 'fetch input is an expression that cannot be read twice and has no safe place for a variable; call left unchanged';
    return statement ? { kind: 'marker', statement, note } : { kind: 'skipped', note };
  }
  const name = freshHoistName(ctx, site.scopeKey);
  // The input moves, with any edits inside it, into `const <name> = …` above; its name takes its place (what goes
  // after the input is written there too: an insertion at its end would move with it).
  edits.insert(input.start, name);
  wrapInit(ctx, input, init, name, input.start);
  const semi = semicolon(style);

  if (site.kind === 'statement') {
    const statement = site.statement.node as unknown as Node;
    const target = lineIndent(source, statement.start);
    shiftLines(ctx, input, lineIndent(source, input.start), target);
    ctx.hoists.set(statement, { input, before: `const ${name} = `, after: `${semi}\n${target}` });
    return { kind: 'rewritten' };
  }

  // Arrow function with an expression body: `(id) => fetch(build(id))` gets a block body.
  const body = (site.arrow.node as unknown as Node).body as Node;
  const outer = lineIndent(source, site.arrowTokenEnd);
  const inner = outer + style.indent;
  // The body's lines (the input's among them) move one level in, into the new block.
  shiftLines(ctx, body, lineIndent(source, body.start), inner);
  edits.replace(site.arrowTokenEnd, body.start, ` {\n${inner}`);
  edits.move(input.start, input.end, body.start, { before: `const ${name} = `, after: `${semi}\n${inner}return ` });
  edits.insert(body.end, `${semi}\n${outer}}`);
  return { kind: 'rewritten' };
}

/** Moves the hoisted inputs (with the edits inside them) above their statements; `lineAbove` adds a line between. */
export function moveHoistedInputs(ctx: RewriteContext, lineAbove: (statement: Node) => string): void {
  for (const [statement, { input, before, after }] of ctx.hoists) {
    ctx.file.edits.move(input.start, input.end, statement.start, { before, after: after + lineAbove(statement) });
  }
}

const STRING_TYPES = new Set(['TemplateLiteral', 'StringLiteral', 'Literal', 'JSXText']);

/**
 * Re-bases the second and later lines of a node's text from indentation `from` to `to`, as edits. Lines that start
 * inside a multi-line template literal or string keep their text: it is part of the value. Blank lines and lines not
 * starting with `from` stay as they are.
 */
function shiftLines(ctx: RewriteContext, node: Node, from: string, to: string): void {
  if (from === to) return;
  const { source, edits } = ctx.file;
  const { start, end } = node;
  const literals: Node[] = STRING_TYPES.has(node.type) ? [node] : [];
  walk(node, (child) => {
    if (STRING_TYPES.has(child.type)) literals.push(child);
  });
  for (let lineStart = source.indexOf('\n', start) + 1; lineStart > 0 && lineStart < end; lineStart = source.indexOf('\n', lineStart) + 1) {
    if (literals.some((literal) => literal.start < lineStart && lineStart < literal.end)) continue;
    const lineEnd = source.indexOf('\n', lineStart);
    const line = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd);
    if (line.trim() === '' || !line.startsWith(from)) continue;
    edits.replace(lineStart, lineStart + from.length, to);
  }
}

/**
 * Wraps init (or adds one) so it goes through the helper; `inputText` is passed as the helper's second argument. When
 * init already is a helper call (an earlier run's, without the input), only the input is added to it. `afterInput`:
 * where text following the input goes.
 */
function wrapInit(ctx: RewriteContext, input: Node, init: Node | undefined, inputText: string | null, afterInput = input.end): void {
  const { edits } = ctx.file;
  const helper = ctx.helperName;
  const helperCall = helperCallOf(init);
  if (helperCall) {
    // Only a call that needs the input is brought back here.
    if (inputText === null) return;
    const first = (helperCall.arguments as (Node | undefined)[])[0];
    if (first) edits.insert(first.end, `, ${inputText}`);
    else edits.insert(helperCall.end - 1, `undefined, ${inputText}`);
  } else if (init) {
    edits.insert(init.start, `${helper}(`);
    edits.insert(init.end, inputText ? `, ${inputText})` : ')');
  } else {
    edits.insert(afterInput, inputText ? `, ${helper}(undefined, ${inputText})` : `, ${helper}()`);
  }
}

/** Undoes an earlier run's wrapping: `fetch(u, withTraceHeaders(init, u))` → `fetch(u, init)`, and without init `fetch(u)`. */
export function unwrapCall(ctx: RewriteContext, input: Node, helperCall: Node): void {
  const { edits } = ctx.file;
  const init = initOfHelperCall(helperCall);
  // Around init, so edits inside it (a nested fetch call) stay.
  if (init) {
    edits.remove(helperCall.start, init.start);
    edits.remove(init.end, helperCall.end);
  } else {
    edits.remove(input.end, helperCall.end);
  }
}

/** The caller's init inside a helper call: its first argument, unless absent or `undefined`. */
function initOfHelperCall(helperCall: Node): Node | undefined {
  const first = (helperCall.arguments as (Node | undefined)[])[0];
  return first && !(first.type === 'Identifier' && first.name === 'undefined') ? first : undefined;
}

type HoistSite =
  | { kind: 'statement'; statement: ASTPath; scopeKey: unknown }
  | { kind: 'arrow'; arrow: ASTPath; arrowTokenEnd: number; scopeKey: unknown };

const LIST_PARENTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock']);

/**
 * Where the input can be evaluated earlier without changing what runs before it: the call must be the first thing
 * its statement evaluates (only awaits, `.then(…)` chains, `x = `, `const x = ` and `return` around it), and the
 * statement must sit in a block; or the call is (in the same sense) an arrow function's expression body.
 */
function hoistSite(ctx: RewriteContext, path: ASTPath): HoistSite | null {
  let child = path;
  for (let parent = path.parent as ASTPath | null; parent; child = parent, parent = parent.parent as ASTPath | null) {
    const node = parent.node as unknown as Node;
    const inner = child.node as unknown;
    if (isTypeWrapper(node)) continue;
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
        if (node.right === inner && node.operator === '=' && (node.left as Node).type === 'Identifier') continue;
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
        const body = node.body as Node;
        if (body !== inner || (body.extra as { parenthesized?: boolean } | undefined)?.parenthesized) return null;
        const { source } = ctx.file;
        const arrowAt = source.lastIndexOf('=>', body.start);
        // Only whitespace between `=>` and the body: nothing (a comment) is lost when it is replaced.
        if (arrowAt < 0 || source.slice(arrowAt + 2, body.start).trim() !== '') return null;
        return { kind: 'arrow', arrow: parent, arrowTokenEnd: arrowAt + 2, scopeKey: node };
      }
      default:
        return null;
    }
  }
  return null;
}

function statementSite(statement: ASTPath): HoistSite | null {
  const parent = parentOf(statement);
  const exported = parent && (parent.node as Node).type === 'ExportNamedDeclaration' ? parent : statement;
  if (!isInStatementList(exported)) return null;
  return { kind: 'statement', statement: exported, scopeKey: enclosingFunction(exported) };
}

/** Directly in a block's (or the program's) statement list. */
function isInStatementList(path: ASTPath): boolean {
  // The list itself is the path's parentPath; the block holding it is its parent.
  const list = (path.parentPath as { value?: unknown } | null)?.value;
  const parentType = (parentOf(path)?.node as Node | undefined)?.type;
  return Array.isArray(list) && LIST_PARENTS.has(parentType ?? '');
}

/** The nearest statement that sits directly in a block or the program: where a marker comment can go. */
function enclosingListStatement(path: ASTPath): ASTPath | null {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    if (isInStatementList(current)) return current;
  }
  return null;
}

export function enclosingFunction(path: ASTPath): unknown {
  for (let current = path.parent as ASTPath | null; current; current = current.parent as ASTPath | null) {
    const node = current.node as Node;
    if (isFunction(node) || node.type === 'Program') return current.node;
  }
  return null;
}

function freshHoistName(ctx: RewriteContext, scopeKey: unknown): string {
  let used = ctx.hoistedNames.get(scopeKey);
  if (!used) ctx.hoistedNames.set(scopeKey, (used = new Set()));
  const name = freshName(HOISTED_INPUT_BASE_NAME, { has: (candidate) => used.has(candidate) || ctx.file.isTaken(candidate) });
  used.add(name);
  return name;
}
