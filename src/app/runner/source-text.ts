/**
 * What the runner strips from a file before a transform sees it, and restores afterwards: a byte-order mark and
 * CRLF line endings. Transforms then only ever see LF text, and untouched lines come back byte-identical.
 */
export interface SourceEnvelope {
  bom: boolean;
  /** Every line break in the file is CRLF. Mixed files are passed through as they are. */
  crlf: boolean;
}

const BOM = '\uFEFF';

export function unwrapSource(raw: string): { text: string; envelope: SourceEnvelope } {
  const bom = raw.startsWith(BOM);
  const withoutBom = bom ? raw.slice(1) : raw;
  // Only a file whose every '\n' is preceded by '\r' is converted: converting a mixed file back would turn its
  // LF lines into CRLF, touching lines the transform never changed.
  const lf = countOf(withoutBom, '\n');
  const crlf = lf > 0 && countOf(withoutBom, '\r\n') === lf;
  return { text: crlf ? withoutBom.replaceAll('\r\n', '\n') : withoutBom, envelope: { bom, crlf } };
}

export function wrapSource(text: string, envelope: SourceEnvelope): string {
  const withEndings = envelope.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  return envelope.bom ? BOM + withEndings : withEndings;
}

/** The text without a leading BOM (what diffs and line numbers are computed on). */
export function stripBom(raw: string): string {
  return raw.startsWith(BOM) ? raw.slice(1) : raw;
}

function countOf(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
