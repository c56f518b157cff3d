/**
 * Where generated code goes, as edits: new imports at the end of the file's import block, declarations after it,
 * helpers at the end of the file, items appended to a `{ … }` list in the list's own layout, and finding a helper an
 * earlier run wrote.
 */
import { requiredModule, type Node } from './ast.js';
import type { CodemodFile } from './codemod-file.js';
import { isBlank, lineEnd, lineIndent, lineStart, skipTrivia } from './text.js';

/** `import x from 'm'`, `import x = require('m')`, and `const x = require('m')` / `require('m').y`. */
function isImportLike(statement: Node): boolean {
  if (statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration') return true;
  if (statement.type !== 'VariableDeclaration') return false;
  return (statement.declarations as Node[]).some((declarator) => {
    let init = declarator.init as Node | null;
    while (init?.type === 'MemberExpression') init = init.object as Node;
    return requiredModule(init) !== null;
  });
}

/**
 * The imports and requires the file starts with. Code added after them runs before anything else in the file, so a
 * logger created (or a wrapped function called) at the top level never meets a `const` still in its temporal dead zone.
 */
export function leadingImports(program: Node): Node[] {
  const body = program.body as Node[];
  const end = body.findIndex((statement) => !isImportLike(statement));
  return body.slice(0, end < 0 ? body.length : end);
}

/** Adds an import or require (whole lines) to the end of the file's import block, or starts one at the top of the file. */
export function addImport(file: CodemodFile, code: string): void {
  const imports = leadingImports(file.program);
  if (imports.length > 0) file.edits.insert(lineEnd(file.source, imports[imports.length - 1].end), `\n${code}`);
  else file.edits.insert(topOfFile(file), `${code}\n\n`);
}

/** Adds declarations (whole lines) below the import block, with a blank line on each side. */
export function addAfterImports(file: CodemodFile, code: string): void {
  const imports = leadingImports(file.program);
  if (imports.length === 0) {
    file.edits.insert(topOfFile(file), `${code}\n\n`);
    return;
  }
  const at = lineEnd(file.source, imports[imports.length - 1].end);
  const rest = file.source.slice(at);
  const blankBelow = rest === '' || /^\r?\n[ \t]*(\r?\n|$)/.test(rest);
  file.edits.insert(at, `\n\n${code}${blankBelow ? '' : '\n'}`);
}

/** Adds a helper (whole lines) after the file's last statement, one blank line below it; a trailing comment stays last. */
export function addHelperAtEnd(file: CodemodFile, code: string): void {
  const body = file.program.body as Node[];
  const at = body.length > 0 ? lineEnd(file.source, body[body.length - 1].end) : file.source.length;
  file.edits.insert(at, `\n\n${code}`);
}

/**
 * Where code goes in a file without imports: after the directive prologue and a file header (comments followed by a
 * blank line), above the first statement and the comments right above it (its JSDoc stays with it).
 */
function topOfFile(file: CodemodFile): number {
  const { program, source } = file;
  const first = (program.body as Node[]).at(0);
  const directives = (program.directives as Node[] | undefined) ?? [];
  const prologueEnd = directives.length > 0 ? directives[directives.length - 1].end : ((program.interpreter as Node | null)?.end ?? 0);
  if (!first) return prologueEnd > 0 ? lineEnd(source, prologueEnd) : file.start;
  const comments = ((file.ast.comments as Node[] | undefined) ?? []).filter((c) => c.start >= prologueEnd && c.end <= first.start);
  let header = 0;
  comments.forEach((comment, i) => {
    const next = i + 1 < comments.length ? comments[i + 1].start : first.start;
    if (/\n[ \t]*\r?\n/.test(source.slice(comment.end, next))) header = i + 1;
  });
  const at = header < comments.length ? comments[header].start : first.start;
  const start = lineStart(source, at);
  return Math.max(isBlank(source, start, at) ? start : at, file.start);
}

/** A `{ … }` list: the offsets of its braces and its last item (null when empty). */
export interface BraceList {
  open: number;
  close: number;
  last: Node | null;
}

/**
 * Appends items to a `{ … }` list (an object literal, an object pattern, import specifiers) in its own layout: on one
 * line, `, item`; one item per line, a new line at the items' indentation, keeping the trailing-comma style and any
 * comment at the end of the last item's line.
 */
export function appendToList(file: CodemodFile, list: BraceList, items: readonly string[]): void {
  const { source, edits } = file;
  if (!list.last) {
    if (/^\s*$/.test(source.slice(list.open + 1, list.close))) {
      edits.replace(list.open + 1, list.close, ` ${items.join(', ')} `);
    } else {
      edits.insert(list.open + 1, ` ${items.join(', ')},`);
    }
    return;
  }
  const next = skipTrivia(source, list.last.end);
  const comma = next < list.close && source[next] === ',' ? next : -1;
  const anchor = comma >= 0 ? comma + 1 : list.last.end;
  if (!source.slice(anchor, list.close).includes('\n')) {
    edits.insert(list.last.end, items.map((item) => `, ${item}`).join(''));
    return;
  }
  const ownLine = isBlank(source, lineStart(source, list.last.start), list.last.start);
  const indent = ownLine ? lineIndent(source, list.last.start) : lineIndent(source, list.close) + file.style.indent;
  if (comma < 0) edits.insert(list.last.end, ',');
  const at = Math.min(lineEnd(source, anchor), list.close);
  edits.insert(at, `${items.map((item) => `\n${indent}${item}`).join(',')}${comma >= 0 ? ',' : ''}`);
}

/** The helper names a codemod writes: `base`, or `base2`… when the file had the name already. */
export const helperNamePattern = (base: string): RegExp => new RegExp(`^${base}\\d*$`);

/**
 * A top-level function (exported or not) whose name fits `name` and that `matches` (a shape check: an earlier run's
 * helper, or one written by hand to the same contract).
 */
export function findTopLevelFunction(program: Node, name: RegExp, matches: (fn: Node) => boolean): Node | null {
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node | null) : statement;
    if (declaration?.type !== 'FunctionDeclaration') continue;
    const id = declaration.id as Node | null;
    if (id?.type !== 'Identifier') continue;
    if (name.test(id.name as string) && matches(declaration)) return declaration;
  }
  return null;
}
