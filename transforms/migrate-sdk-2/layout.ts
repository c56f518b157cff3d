/** The width a file's code is written to, for code the codemod lays out. */

/** The longest line of the file, within 80 to 160 columns. */
export function lineWidth(source: string): number {
  let longest = 0;
  for (const line of source.split('\n')) longest = Math.max(longest, line.replace(/\r$/, '').length);
  return Math.min(160, Math.max(80, longest));
}
