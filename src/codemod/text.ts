/** Positions in a file's text: lines, indentation, whitespace and comments. LF and CRLF files alike. */

/** Where the line holding `offset` starts. */
export const lineStart = (source: string, offset: number): number => source.lastIndexOf('\n', offset - 1) + 1;

/** Where the line holding `offset` ends: at its line break ('\r\n' or '\n'), or at the end of the text. */
export function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  if (newline < 0) return source.length;
  return source[newline - 1] === '\r' && newline - 1 >= offset ? newline - 1 : newline;
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndent(source: string, offset: number): string {
  // `[ \t]*` matches any line (with '' at least); the fallback is only for the types.
  return /^[ \t]*/.exec(source.slice(lineStart(source, offset)))?.[0] ?? '';
}

/** The 1-based line number of `offset`. */
export function lineNumber(source: string, offset: number): number {
  let line = 1;
  for (let at = source.indexOf('\n'); at !== -1 && at < offset; at = source.indexOf('\n', at + 1)) line++;
  return line;
}

export function skipWhitespace(source: string, position: number): number {
  while (position < source.length && /\s/.test(source[position])) position++;
  return position;
}

/** Skips whitespace and comments. */
export function skipTrivia(source: string, position: number): number {
  for (;;) {
    position = skipWhitespace(source, position);
    if (source.startsWith('//', position)) {
      const end = source.indexOf('\n', position);
      position = end === -1 ? source.length : end;
    } else if (source.startsWith('/*', position)) {
      const end = source.indexOf('*/', position + 2);
      position = end === -1 ? source.length : end + 2;
    } else {
      return position;
    }
  }
}

/** Only spaces and tabs between `start` and `end`. */
export const isBlank = (source: string, start: number, end: number): boolean => /^[ \t]*$/.test(source.slice(start, end));

/**
 * Whether a line starting with this character continues the expression on the line before (no semicolon is inserted
 * there): an operator, a comma, `.`, `?.`, or a bracket or template that would apply to it.
 */
export const continuesExpression = (char: string): boolean => CONTINUES_EXPRESSION.test(char);

const CONTINUES_EXPRESSION = /[.,?:+\-*/%&|^=<>([`]/;
