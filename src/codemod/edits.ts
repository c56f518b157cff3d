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

export class SourceEdits {
  private readonly edits: Edit[] = [];

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

  get size(): number {
    return this.edits.length;
  }

  /** The text with every edit applied. */
  apply(): string {
    const text = new MagicString(this.source);
    const replacements = this.edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
    replacements.forEach((edit, i) => {
      if (i > 0 && edit.start < replacements[i - 1].end) throw new Error(`overlapping edits at offset ${edit.start}`);
      if (edit.text) text.overwrite(edit.start, edit.end, edit.text);
      else text.remove(edit.start, edit.end);
    });
    for (const edit of this.edits) {
      if (edit.end > edit.start) continue;
      if (replacements.some((r) => r.start < edit.start && edit.start < r.end)) throw new Error(`an insertion inside a replaced range at offset ${edit.start}`);
      // Appended to whatever ends at this offset: after a replacement ending here, before one starting here.
      text.appendLeft(edit.start, edit.text);
    }
    return text.toString();
  }

  private push(start: number, end: number, code: string): void {
    if (start < 0 || end < start || end > this.source.length) throw new Error(`edit out of range: [${start}, ${end})`);
    this.edits.push({ start, end, text: this.eol === '\n' ? code : code.replace(/\r?\n/g, this.eol) });
  }
}
