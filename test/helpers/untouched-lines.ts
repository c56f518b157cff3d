/**
 * Checks that a codemod left every line it had no business touching byte for byte as it was (a changed `\r\n` or a
 * trailing space counts), from the input and output texts alone, not from the transform's own edit list: the check
 * does not trust what it checks. A line diff (the `diff` package) locates what broke.
 *
 * What a codemod may touch is read from the input's syntax tree, independently of the transform:
 * - every codemod: the leading import block (and the file header above the first statement), any `import` or
 *   top-level `require` statement, and the end of the file (where helpers go);
 * - wrap-spans: function bodies; and no more function bodies may be touched than spans were added;
 * - inject-propagation: the statements holding fetch calls (global, `x.fetch`, undici's and node-fetch's under any
 *   local name; a hoisted input goes right above its statement);
 * - pino-mixin: the statements holding pino calls and the declarations of the variables passed to them.
 * Every run of lines outside those regions must be in the output unchanged and in order (lines may be added only
 * inside a region or at its edges); see untouchedViolations.
 */
import { diffLines } from 'diff';
import { requiredModule, walk, type Node } from '../../src/codemod/ast.js';
import { parseFile } from '../../src/codemod/parser.js';

/** Offsets `[from, to)` in the input; a codemod may rewrite the lines these touch and insert lines at their edges. */
export type Region = readonly [number, number];

export interface Hunk {
  /** 0-based index, in the input, of the first line removed (or of the line the added lines go before). */
  line: number;
  removed: string[];
  added: string[];
}

/** The input's lines, each with its line ending. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Changed runs of lines, in input order. */
export function lineHunks(before: string, after: string): Hunk[] {
  const hunks: Hunk[] = [];
  let line = 0;
  let open: Hunk | null = null;
  for (const part of diffLines(before, after)) {
    const lines = splitLines(part.value);
    if (!part.added && !part.removed) {
      open = null;
      line += lines.length;
      continue;
    }
    if (!open) {
      open = { line, removed: [], added: [] };
      hunks.push(open);
    }
    if (part.removed) {
      open.removed.push(...lines);
      line += lines.length;
    } else {
      open.added.push(...lines);
    }
  }
  return hunks;
}

export interface Violation {
  /** 1-based line in the input. */
  line: number;
  text: string;
}

/**
 * Untouched text that did not survive: the input minus `regions` (each widened to whole lines) falls into runs of
 * lines, and every run must appear byte for byte in the output, in order (found left to right, each after the one
 * before: the earliest match leaves the most room, so this finds an order whenever one exists). Working on runs rather
 * than on the diff's hunks makes the verdict independent of how the diff happens to align equal lines (a blank line
 * or a `}` matched with one a few lines away); the diff only says where a run broke.
 */
export function untouchedViolations(before: string, after: string, regions: readonly Region[]): Violation[] {
  const widened = regions
    .map(([start, end]): [number, number] => {
      const next = before.indexOf('\n', Math.max(start, end - 1));
      return [before.lastIndexOf('\n', start - 1) + 1, next < 0 ? before.length : next + 1];
    })
    .sort((a, b) => a[0] - b[0]);
  const runs: [number, number][] = [];
  let at = 0;
  for (const [start, end] of widened) {
    if (start > at) runs.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < before.length) runs.push([at, before.length]);

  const violations: Violation[] = [];
  let from = 0;
  for (const [start, end] of runs) {
    const text = before.slice(start, end);
    const found = after.indexOf(text, from);
    if (found >= 0) {
      from = found + text.length;
      continue;
    }
    violations.push(firstChangedLine(before, after, start, end));
  }
  return violations;
}

/** The first line of `before[start, end)` the line diff shows as removed (else the run's first line). */
function firstChangedLine(before: string, after: string, start: number, end: number): Violation {
  const lines = splitLines(before);
  const startLine = before.slice(0, start).split('\n').length - 1;
  const endLine = before.slice(0, end).split('\n').length - 1;
  for (const hunk of lineHunks(before, after)) {
    for (let i = 0; i < hunk.removed.length; i++) {
      const line = hunk.line + i;
      if (line >= startLine && line < Math.max(endLine, startLine + 1)) return { line: line + 1, text: hunk.removed[i].replace(/\r?\n$/, '') };
    }
    if (hunk.removed.length === 0 && hunk.line > startLine && hunk.line < endLine) {
      return { line: hunk.line + 1, text: `+ ${hunk.added[0].replace(/\r?\n$/, '')}` };
    }
  }
  return { line: startLine + 1, text: (lines[startLine] ?? '').replace(/\r?\n$/, '') };
}

export type CodemodName = 'wrap-spans' | 'inject-propagation' | 'pino-mixin';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

/** The regions of `source` (the file at `path`) that `codemod` may change; see the module comment. */
function allowedRegions(codemod: CodemodName, source: string, path: string): Region[] {
  const program = parseFile(source, path).program as Node;
  const body = program.body as Node[];
  const regions: Region[] = [];
  const firstOther = body.find((statement) => !isImportLike(statement));
  // The header and import block; where there is no statement at all, the whole file.
  regions.push([0, firstOther ? firstOther.start : source.length]);
  for (const statement of body) if (isImportLike(statement)) regions.push([statement.start, statement.end]);
  // Below the last statement's line (helpers go there); that line itself only if it is inside another region.
  const lastEnd = body.length > 0 ? body[body.length - 1].end : 0;
  const newline = source.indexOf('\n', lastEnd);
  regions.push([newline < 0 ? source.length : newline + 1, source.length]);

  const pinoNames = codemod === 'pino-mixin' ? ['pino', ...localNamesOf(program, 'pino')] : [];
  // `import { fetch as undiciFetch } from 'undici'`, `import nodeFetch from 'node-fetch'`.
  const fetchNames = codemod === 'inject-propagation' ? ['fetch', ...localNamesOf(program, 'undici'), ...localNamesOf(program, 'node-fetch')] : [];
  const statementAround = (ancestors: readonly Node[]): Node | undefined =>
    [...ancestors].reverse().find((node) => /Statement$|Declaration$/.test(node.type) && node.type !== 'BlockStatement');
  walkWithAncestors(program, (node, ancestors) => {
    if (codemod === 'wrap-spans' && FUNCTION_TYPES.has(node.type)) {
      const fnBody = node.body as Node;
      // An expression body becomes a block: the `=>` before it is rewritten too.
      regions.push([fnBody.type === 'BlockStatement' ? fnBody.start : node.start, node.end]);
    }
    if (codemod === 'inject-propagation' && fetchNames.some((name) => isCallNaming(node, name))) {
      const statement = statementAround(ancestors);
      if (statement) regions.push([statement.start, statement.end]);
    }
    if (codemod === 'pino-mixin' && pinoNames.some((name) => isCallNaming(node, name))) {
      const statement = statementAround(ancestors);
      regions.push(statement ? [statement.start, statement.end] : [node.start, node.end]);
      for (const argument of node.arguments as Node[]) {
        if (argument.type === 'Identifier') regions.push(...declarationsOf(program, argument.name as string));
      }
    }
  });
  return regions;
}

/**
 * Violations of the untouched-region rule for one codemod's output, plus (wrap-spans) one for every function body
 * touched beyond the number of spans added.
 */
export function codemodViolations(codemod: CodemodName, before: string, after: string, path: string): Violation[] {
  const regions = allowedRegions(codemod, before, path);
  const violations = untouchedViolations(before, after, regions);
  if (codemod === 'wrap-spans') {
    violations.push(...literalLineViolations(before, after, path));
    const wraps = count(after, '.startActiveSpan(') - count(before, '.startActiveSpan(');
    const touched = touchedOutermostFunctions(before, after, path);
    if (touched > wraps) violations.push({ line: 0, text: `${String(touched)} function bodies changed, ${String(wraps)} spans added` });
  }
  return violations;
}

/**
 * Lines that start inside a string, template chunk or JSX attribute string spanning lines: part of a value, so a
 * re-indented function body must keep them as they are. The output must hold each such line at least as many times as
 * the input's literals do (an unchanged copy elsewhere does not stand in for a changed one).
 */
function literalLineViolations(before: string, after: string, path: string): Violation[] {
  const program = parseFile(before, path).program as Node;
  const left = new Map<string, number>();
  for (const line of splitLines(after)) {
    const text = line.replace(/\r?\n$/, '');
    left.set(text, (left.get(text) ?? 0) + 1);
  }
  const violations: Violation[] = [];
  walk(program, (node) => {
    if (node.type !== 'StringLiteral' && node.type !== 'TemplateElement' && node.type !== 'DirectiveLiteral') return true;
    for (let at = before.indexOf('\n', node.start); at !== -1 && at < node.end; at = before.indexOf('\n', at + 1)) {
      const end = before.indexOf('\n', at + 1);
      const line = before.slice(at + 1, end === -1 ? before.length : end).replace(/\r$/, '');
      const count = left.get(line) ?? 0;
      if (count > 0) left.set(line, count - 1);
      else violations.push({ line: before.slice(0, at + 1).split('\n').length, text: `inside a literal: ${line}` });
    }
    return true;
  });
  return violations;
}

/** Outermost functions whose text holds a removed line or an insertion point. */
function touchedOutermostFunctions(before: string, after: string, path: string): number {
  const program = parseFile(before, path).program as Node;
  const outermost: Node[] = [];
  walk(program, (node) => {
    if (!FUNCTION_TYPES.has(node.type)) return true;
    outermost.push(node);
    return false;
  });
  const lines = splitLines(before);
  const starts = [0];
  for (const line of lines) starts.push(starts[starts.length - 1] + line.length);
  const touched = new Set<Node>();
  for (const hunk of lineHunks(before, after)) {
    const from = starts[hunk.line];
    const to = hunk.removed.length > 0 ? starts[hunk.line + hunk.removed.length] - 1 : from;
    // An insertion at a line boundary touches the function only if it lands strictly inside it.
    for (const fn of outermost) if (hunk.removed.length > 0 ? from <= fn.end && to >= fn.start : fn.start < from && from < fn.end) touched.add(fn);
  }
  return touched.size;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function isImportLike(statement: Node): boolean {
  if (statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration') return true;
  let text = false;
  walk(statement, (node) => {
    if (node.type === 'CallExpression' && (node.callee as Node).type === 'Identifier' && (node.callee as Node).name === 'require') text = true;
    return !text;
  });
  return statement.type === 'VariableDeclaration' && text;
}

/** A call whose callee is `name`, `x.name`, `name.y` or `require('name')(…)`-like: any callee whose text names it. */
function isCallNaming(node: Node, name: string): boolean {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression' && node.type !== 'NewExpression') return false;
  let found = false;
  walk({ type: 'Wrapper', start: 0, end: 0, callee: node.callee as Node }, (child) => {
    if (child.type === 'Identifier' && child.name === name) found = true;
    if ((child.type === 'StringLiteral' || child.type === 'Literal') && child.value === name) found = true;
    return !found;
  });
  return found;
}

/** Local names bound to module `name` by an import or a `require`. */
function localNamesOf(program: Node, name: string): string[] {
  const names: string[] = [];
  walk(program, (node) => {
    if (node.type === 'ImportDeclaration' && (node.source as Node).value === name) {
      for (const specifier of node.specifiers as Node[]) names.push((specifier.local as Node).name as string);
    }
    const init = node.type === 'VariableDeclarator' ? (node.init as Node | null) : null;
    if (init && (node.id as Node).type === 'Identifier' && requiredModule(init) === name) {
      names.push((node.id as Node).name as string);
    }
  });
  return names;
}

function declarationsOf(program: Node, name: string): Region[] {
  const regions: Region[] = [];
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as Node).type === 'Identifier' && (node.id as Node).name === name) regions.push([node.start, node.end]);
  });
  return regions;
}

function walkWithAncestors(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const enter = (node: Node): void => {
    visit(node, ancestors);
    ancestors.push(node);
    walk(node, (child, parent) => {
      if (parent !== node) return false;
      enter(child);
      return false;
    });
    ancestors.pop();
  };
  enter(root);
}
