/**
 * The one splicer: insertions and replacements at offsets in the file's own text, collected while the transform reads
 * the tree and applied together at the end (with magic-string). Text outside the edits is never touched, so untouched
 * code stays byte for byte; inserted code is written with '\n' and gets the file's own line ending here.
 */
import MagicString from 'magic-string';

interface Edit {
  start: number;
  /** Equal to start for an insertion. */
  end: number;
  text: string;
}

interface Move {
  start: number;
  end: number;
  to: number;
  before: string;
  after: string;
}

export class SourceEdits {
  private readonly edits: Edit[] = [];
  private readonly moves: Move[] = [];

  constructor(
    readonly source: string,
    private readonly eol: '\n' | '\r\n' = '\n',
  ) {}

  /** Inserts `code` at `at`. Insertions at one offset keep the order they were made in; they go before a replacement starting there. */
  insert(at: number, code: string): void {
    this.push(at, at, code);
  }

  /** Replaces `[start, end)` with `code`. Replacements may touch but not overlap; an insertion may not fall inside one. */
  replace(start: number, end: number, code: string): void {
    this.push(start, end, code);
  }

  remove(start: number, end: number): void {
    this.push(start, end, '');
  }

  /**
   * Moves `[start, end)`, with the edits inside it, to `to` (outside the range), written there as `before`, the
   * text, `after`. Insertions made at `to` go before it; an insertion at `start` stays where the text was (a name
   * standing for it). For hoisting an expression into a declaration above its statement.
   */
  move(start: number, end: number, to: number, code: { before?: string; after?: string } = {}): void {
    if (start < 0 || end <= start || end > this.source.length || (to > start && to < end)) {
      throw new Error(`move out of range: [${String(start)}, ${String(end)}) to ${String(to)}`);
    }
    this.moves.push({ start, end, to, before: this.lineEndings(code.before ?? ''), after: this.lineEndings(code.after ?? '') });
  }

  get size(): number {
    return this.edits.length + this.moves.length;
  }

  /** The text with every edit applied. */
  apply(): string {
    const text = new MagicString(this.source);
    const replacements = this.edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
    replacements.forEach((edit, i) => {
      if (i > 0 && edit.start < replacements[i - 1].end) {
        throw new Error(`overlapping edits at offset ${String(edit.start)}`);
      }
      if (edit.text) text.overwrite(edit.start, edit.end, edit.text);
      else text.remove(edit.start, edit.end);
    });
    for (const move of this.moves) {
      if (replacements.some((r) => r.start < move.end && move.start < r.end && !(move.start <= r.start && r.end <= move.end))) {
        throw new Error(`a move across a replaced range at offset ${String(move.start)}`);
      }
      text.move(move.start, move.end, move.to);
    }
    for (const edit of this.edits) {
      if (edit.end > edit.start) continue;
      if (replacements.some((r) => r.start < edit.start && edit.start < r.end)) {
        throw new Error(`an insertion inside a replaced range at offset ${String(edit.start)}`);
      }
      // Appended to whatever ends at this offset: after a replacement ending here, before one starting here.
      text.appendLeft(edit.start, edit.text);
    }
    for (const move of this.moves) {
      text.appendLeft(move.to, move.before);
      text.appendRight(move.to, move.after);
    }
    return text.toString();
  }

  private push(start: number, end: number, code: string): void {
    if (start < 0 || end < start || end > this.source.length) {
      throw new Error(`edit out of range: [${String(start)}, ${String(end)})`);
    }
    this.edits.push({ start, end, text: this.lineEndings(code) });
  }

  private lineEndings(code: string): string {
    return this.eol === '\n' ? code : code.replace(/\r?\n/g, this.eol);
  }
}
