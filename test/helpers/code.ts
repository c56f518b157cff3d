/** Template tag for test code: strips the leading newline and the common indentation, so line 1 is the first line of code. */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '').replace(/\n\s*$/, '\n');
  const indent = Math.min(...raw.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return raw
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}
