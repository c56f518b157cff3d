/**
 * Offsets into the file's own text for nodes parsed through jscodeshift. recast does not give the parser the file: it
 * gives a copy whose leading indentation is re-rendered with spaces (a tab advances to the next multiple of the tab
 * width, 4 unless the parse was given another) and whose line breaks are all '\n'. So `node.start` / `node.end` index
 * that copy, and slicing the file with them goes wrong as soon as a line above is indented with a tab or ends in
 * CRLF. Lines are the same in both texts and only each line's leading whitespace differs, so `loc` (line, column in
 * the copy) maps back exactly.
 */

/** recast's own line split (ECMAScript line terminators). */
const LINE_TERMINATOR = /\r\n|\r(?!\n)|\n|\u2028|\u2029/g;
const LEADING_WHITESPACE = /^\s*/;
const RECAST_DEFAULT_TAB_WIDTH = 4;

export interface Position {
  line: number;
  column: number;
}

interface Located {
  loc?: { start: Position; end: Position } | null;
}

export interface SourceOffsets {
  /** Offset in the file of a position (1-based line, column in recast's copy). */
  offsetOf(position: Position): number;
  start(node: unknown): number;
  end(node: unknown): number;
  /** The node's text exactly as the file has it. */
  text(node: unknown): string;
}

export function sourceOffsets(source: string, tabWidth = RECAST_DEFAULT_TAB_WIDTH): SourceOffsets {
  const lineStarts = [0];
  for (const match of source.matchAll(LINE_TERMINATOR)) lineStarts.push(match.index + match[0].length);

  const offsetOf = ({ line, column }: Position): number => {
    const lineStart = lineStarts[line - 1];
    if (lineStart === undefined) throw new RangeError(`line ${line} is past the end of the source`);
    const lineEnd = line < lineStarts.length ? lineStarts[line] : source.length;
    const leading = LEADING_WHITESPACE.exec(source.slice(lineStart, lineEnd))![0];
    const indent = indentWidth(leading, tabWidth);
    // A column inside the indentation (none of a node's ends is) maps to the first non-blank character.
    return lineStart + leading.length + Math.max(0, column - indent);
  };
  const loc = (node: unknown) => {
    const located = (node as Located).loc;
    if (!located) throw new Error('source-offsets: the node has no location (was it built, not parsed?)');
    return located;
  };
  const start = (node: unknown): number => offsetOf(loc(node).start);
  const end = (node: unknown): number => offsetOf(loc(node).end);
  return { offsetOf, start, end, text: (node) => source.slice(start(node), end(node)) };
}

/** recast's `countSpaces`: the width leading whitespace renders to in its copy. */
function indentWidth(whitespace: string, tabWidth: number): number {
  let width = 0;
  for (const char of whitespace) {
    if (char === '\t') width = (Math.floor(width / tabWidth) + 1) * tabWidth;
    else if (char === '\v' || char === '\f' || char === '\r' || char === '\uFEFF') continue;
    else width += 1;
  }
  return width;
}
