/** Reads a file's own conventions so inserted code looks like its neighbours. */
export interface FileStyle {
  quote: 'single' | 'double';
  semicolons: boolean;
  /** One level of indentation: '  ', '    ' or '\t'. */
  indent: string;
  module: 'esm' | 'cjs';
}

export function detectFileStyle(source: string, path: string): FileStyle {
  return {
    quote: detectQuote(source),
    semicolons: detectSemicolons(source),
    indent: detectIndent(source),
    module: detectModuleKind(source, path),
  };
}

function detectQuote(source: string): 'single' | 'double' {
  // Module specifiers are the most reliable sample; fall back to all string-looking tokens.
  const specifiers = source.match(/(?:from\s+|require\(\s*|import\(\s*)(['"])/g) ?? [];
  const sample = specifiers.length > 0 ? specifiers.map((s) => s.slice(-1)) : (source.match(/['"]/g) ?? []);
  const single = sample.filter((q) => q === "'").length;
  return single * 2 >= sample.length ? 'single' : 'double';
}

function detectSemicolons(source: string): boolean {
  // Lines that end a statement-like construct: count those ending in ';' vs those ending in an identifier, ')' or a literal.
  let withSemi = 0;
  let without = 0;
  for (const line of source.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(';')) withSemi++;
    else if (/^\s*(const|let|var|return|import|export)\b.*[\w)'"`\]]$/.test(trimmed)) without++;
  }
  return withSemi >= without;
}

function detectIndent(source: string): string {
  const counts = new Map<string, number>();
  let tabs = 0;
  for (const line of source.split('\n')) {
    if (line.startsWith('\t')) {
      tabs++;
      continue;
    }
    const spaces = /^( +)\S/.exec(line)?.[1].length ?? 0;
    if (spaces === 2 || spaces === 4) counts.set(' '.repeat(spaces), (counts.get(' '.repeat(spaces)) ?? 0) + 1);
  }
  const two = counts.get('  ') ?? 0;
  const four = counts.get('    ') ?? 0;
  if (tabs > two + four) return '\t';
  // Any two-space-indented line means the unit is two (four-space lines are then the second level).
  if (two > 0) return '  ';
  return four > 0 ? '    ' : '  ';
}

function detectModuleKind(source: string, path: string): 'esm' | 'cjs' {
  if (/\.(mjs|mts)$/i.test(path)) return 'esm';
  if (/\.(cjs|cts)$/i.test(path)) return 'cjs';
  const esm = /^\s*(import\s[\s\S]*?from\s|import\s+['"]|export\s)/m.test(source);
  const cjs = /\brequire\(\s*['"]|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(source);
  if (cjs && !esm) return 'cjs';
  return 'esm';
}

/** Options for recast's printer that match the file. */
export function printOptions(style: FileStyle): { quote: 'single' | 'double'; tabWidth: number; useTabs: boolean } {
  // recast parses with tabs expanded to 4 columns (its default tabWidth); printing must fold 4 columns back into one
  // tab, or every reprinted line of a tab-indented file doubles its indentation.
  return { quote: style.quote, tabWidth: style.indent === '\t' ? 4 : style.indent.length, useTabs: style.indent === '\t' };
}
