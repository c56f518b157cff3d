import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import { stripBom } from '../runner/source-text.js';

/** A git-style unified diff (`--- a/path`, `+++ b/path`) of the bytes as written, so it applies with `git apply`. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  const options = { context: 3 };
  const patch = structuredPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, options);
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** A changed stretch of the original file, for reporting a pending change at a location. */
export interface ChangedRegion {
  /** 1-based lines of the original text; for a pure insertion, the line the new code goes before (or the last line). */
  startLine: number;
  endLine: number;
  /** Length of `endLine`, so a region can end after its last character. */
  endLineLength: number;
  added: number;
  removed: number;
}

/** Changed regions, neighbours less than four lines apart merged so one rewritten function is one region. */
export function changedRegions(before: string, after: string): ChangedRegion[] {
  const oldText = stripBom(before);
  const patch = structuredPatch('a', 'b', oldText, stripBom(after), undefined, undefined, { context: 0 });
  const lines = oldText.split('\n');
  const lastLine = Math.max(1, lines.at(-1) === '' ? lines.length - 1 : lines.length);
  const regions: ChangedRegion[] = [];
  for (const hunk of patch.hunks) {
    // For a pure insertion jsdiff's oldStart is the line the new code goes before; past the end, the last line.
    const startLine = Math.min(lastLine, Math.max(1, hunk.oldStart));
    const endLine = hunk.oldLines === 0 ? startLine : hunk.oldStart + hunk.oldLines - 1;
    const added = hunk.lines.filter((line) => line.startsWith('+')).length;
    const removed = hunk.lines.filter((line) => line.startsWith('-')).length;
    const previous = regions.at(-1);
    if (previous && startLine - previous.endLine <= 3) {
      previous.endLine = Math.max(previous.endLine, endLine);
      previous.added += added;
      previous.removed += removed;
    } else {
      regions.push({ startLine, endLine, endLineLength: 0, added, removed });
    }
  }
  for (const region of regions) region.endLineLength = (lines[region.endLine - 1] ?? '').replace(/\r$/, '').length;
  return regions;
}
