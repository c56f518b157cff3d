/**
 * Text edits on the original source. Rewritten fetch calls are spliced as text (insertions around the init argument)
 * instead of being rebuilt as nodes, so everything inside a call — a multi-line init literal, comments, odd spacing —
 * stays byte-for-byte as the user wrote it. The transform then swaps each outermost edited node for the edited text.
 */
export interface TextEdit {
  start: number;
  /** Equal to start for an insertion. */
  end: number;
  /** Computed when the text is assembled, so an edit can embed the edited text of other ranges. */
  text: string | (() => string);
}

export class TextEdits {
  private readonly edits: TextEdit[] = [];

  constructor(readonly source: string) {}

  insert(at: number, text: TextEdit['text']): void {
    this.edits.push({ start: at, end: at, text });
  }

  replace(start: number, end: number, text: TextEdit['text']): void {
    this.edits.push({ start, end, text });
  }

  /**
   * `source[start, end)` with the edits inside it applied. An insertion counts at the start of the range (a line put
   * before a statement) but not at its end (that belongs to whatever follows). A replacement of exactly this range is
   * left out, so a replacement's text may embed `textOf` its own range; an edit inside a range another edit replaces
   * belongs to that replacement.
   */
  textOf(start: number, end: number): string {
    const inside = this.edits
      .filter((e) => (e.start === e.end ? start <= e.start && e.start < end : start <= e.start && e.end <= end && !(e.start === start && e.end === end)))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    let text = '';
    let cursor = start;
    for (const edit of inside) {
      if (edit.start < cursor) continue; // nested in the previous replacement
      text += this.source.slice(cursor, edit.start) + (typeof edit.text === 'function' ? edit.text() : edit.text);
      cursor = edit.end;
    }
    return text + this.source.slice(cursor, end);
  }

  get size(): number {
    return this.edits.length;
  }
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndent(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}
