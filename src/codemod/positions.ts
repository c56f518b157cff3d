/**
 * RECAST-BASED, for inject-propagation only until it moves to the edit pipeline (./codemod-file.ts); delete then.
 *
 * Offsets of nodes in the file's own text. recast does not hand the parser the file as written: it re-renders every
 * line's leading whitespace as spaces (tabs expanded, a BOM dropped) and joins lines with '\n'. So `node.start`/`end`
 * point into that re-rendered text, and slicing the original source with them goes wrong in any file indented with
 * tabs (or with CRLF line endings under plain jscodeshift). This maps them back.
 */
import type { Collection } from 'jscodeshift';

export interface SourcePositions {
  /** Offset in the original source where the node starts. */
  start(node: unknown): number;
  /** Offset in the original source just after the node. */
  end(node: unknown): number;
}

const LINE_BREAK = /\r\n|\r(?!\n)|\n|\u2028|\u2029/g;
const LEADING_SPACE = /^\s*/;

interface LineTable {
  starts: number[];
  /** Length of each line's leading whitespace. */
  leading: number[];
}

function lineTable(text: string): LineTable {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  const leading = starts.map((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const line = text.slice(start, end).replace(/(\r\n|\r|\n|\u2028|\u2029)$/, '');
    return LEADING_SPACE.exec(line)![0].length;
  });
  return { starts, leading };
}

export function sourcePositions(root: Collection, source: string): SourcePositions {
  const file = root.get().node as { loc?: { lines?: { toString(options: object): string } } };
  const parsed = file.loc?.lines?.toString({ tabWidth: 4, reuseWhitespace: false, useTabs: false }) ?? source;
  const offsetOf = (key: 'start' | 'end') => (node: unknown): number => {
    const value = (node as Record<string, unknown>)[key];
    if (typeof value !== 'number') throw new Error(`node has no ${key} offset`);
    return value;
  };
  if (parsed === source) return { start: offsetOf('start'), end: offsetOf('end') };

  const from = lineTable(parsed);
  const to = lineTable(source);
  const map = (offset: number): number => {
    let low = 0;
    let high = from.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (from.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const column = offset - from.starts[low]!;
    const parsedIndent = from.leading[low]!;
    const sourceIndent = to.leading[low] ?? 0;
    const lineStart = to.starts[low] ?? source.length;
    return lineStart + (column >= parsedIndent ? sourceIndent + column - parsedIndent : Math.min(column, sourceIndent));
  };
  return { start: (node) => map(offsetOf('start')(node)), end: (node) => map(offsetOf('end')(node)) };
}

/** A node's range in the original source, widened over the comments attached to it (as recast prints them). */
export function rangeWithComments(node: unknown, pos: SourcePositions): { start: number; end: number } {
  let start = pos.start(node);
  let end = pos.end(node);
  for (const comment of (node as { comments?: unknown[] | null }).comments ?? []) {
    start = Math.min(start, pos.start(comment));
    end = Math.max(end, pos.end(comment));
  }
  return { start, end };
}
