/**
 * Reads a file's own conventions, once, so inserted code looks like its neighbours: quotes, semicolons, indentation,
 * line endings, and CommonJS or ESM. Code is generated with '\n' and `style.indent`; the edits give it the file's line
 * endings (./edits.ts).
 */
import { walk, type Node } from './ast.js';

export interface FileStyle {
  quote: 'single' | 'double';
  semicolons: boolean;
  /** One level of indentation: '  ', '    ' or '\t'. */
  indent: string;
  /**
   * 'script': a .js or .jsx file with neither imports, exports nor requires. It may be a browser's classic
   * `<script>`, which an added `import` would stop from loading: see useApiNames (./otel-import.ts).
   */
  module: 'esm' | 'cjs' | 'script';
  /** The file's line ending: CRLF when most of its lines end so. */
  eol: '\n' | '\r\n';
  /** A TypeScript file: added imports are `import` declarations even in CommonJS (TypeScript compiles them to require). */
  typescript: boolean;
}

/** A TypeScript source (`.ts`, `.tsx`, `.mts`, `.cts`): what its path says, before any parse. */
export const isTypeScriptPath = (path: string): boolean => /\.(ts|tsx|mts|cts)$/i.test(path);

/** `program` is the parsed file: semicolons are counted on its statements. */
export function detectFileStyle(source: string, path: string, program: Node): FileStyle {
  return {
    quote: detectQuote(source),
    semicolons: countSemicolons(source, program),
    indent: detectIndent(source),
    module: detectModuleKind(source, path, program),
    eol: detectLineEnding(source),
    typescript: isTypeScriptPath(path),
  };
}

/** `text` as a string literal in the file's quote style. */
export function stringLiteral(text: string, style: Pick<FileStyle, 'quote'>): string {
  const quote = style.quote === 'single' ? "'" : '"';
  const escaped = text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');
  return `${quote}${escaped}${quote}`;
}

/** The statement terminator to write: ';' or nothing. */
export const semicolon = (style: Pick<FileStyle, 'semicolons'>): string => (style.semicolons ? ';' : '');

/** Whether added imports are `import` declarations (ESM and every TypeScript file) or `require` calls. */
export const writesImports = (style: Pick<FileStyle, 'module' | 'typescript'>): boolean => style.typescript || style.module !== 'cjs';

/** The width a file's code is written to, for code a codemod lays out: its longest line, within 80 to 160 columns. */
export function lineWidth(source: string): number {
  let longest = 0;
  for (const line of source.split('\n')) longest = Math.max(longest, line.replace(/\r$/, '').length);
  return Math.min(160, Math.max(80, longest));
}

/**
 * `{ a, b }` on one line, or one item per line (with a trailing comma when the file's own multi-line import and
 * require lists end with one) when `prefix{ … }suffix` would run past the file's line width.
 */
export function braceList(source: string, style: Pick<FileStyle, 'indent'>, prefix: string, items: readonly string[], suffix: string): string {
  const oneLine = `${prefix}{ ${items.join(', ')} }${suffix}`;
  if (oneLine.length <= lineWidth(source) || items.length < 2) return oneLine;
  const trailing = /,\s*\r?\n\s*\}\s*(?:from\b|=\s*require\()/.test(source) ? ',' : '';
  return `${prefix}{\n${items.map((item) => `${style.indent}${item}`).join(',\n')}${trailing}\n}${suffix}`;
}

/** Indents `[depth, text]` lines with the file's indent unit and joins them with '\n'. */
export function indentLines(lines: readonly (readonly [depth: number, text: string])[], style: Pick<FileStyle, 'indent'>): string {
  return lines.map(([depth, text]) => style.indent.repeat(depth) + text).join('\n');
}

function detectQuote(source: string): 'single' | 'double' {
  // Module specifiers are the most reliable sample; fall back to all string-looking tokens.
  const specifiers = source.match(/(?:from\s+|require\(\s*|import\(\s*)(['"])/g) ?? [];
  const sample = specifiers.length > 0 ? specifiers.map((s) => s.slice(-1)) : (source.match(/['"]/g) ?? []);
  const single = sample.filter((q) => q === "'").length;
  return single * 2 >= sample.length ? 'single' : 'double';
}

/** Statements (and class members) that end with a semicolon in a file that writes them. */
const TERMINATED = new Set([
  'ExpressionStatement', 'VariableDeclaration', 'ReturnStatement', 'ThrowStatement', 'BreakStatement', 'ContinueStatement',
  'ImportDeclaration', 'ExportAllDeclaration', 'TSImportEqualsDeclaration', 'TSTypeAliasDeclaration', 'ClassProperty',
  'ClassPrivateProperty', 'DebuggerStatement',
]);

/** Statements counted before deciding: a file keeps one habit, and a large file's whole tree takes a while to walk. */
const SEMICOLON_SAMPLE = 60;
/** Nodes looked at before deciding: statements deep in expressions (test callbacks, bundles) are reached all the same. */
const SEMICOLON_NODES = 2_000;

/**
 * Counts the statements that end with ';' against those that do not, over the first SEMICOLON_SAMPLE of them in
 * source order (within the first SEMICOLON_NODES nodes); a tie (or none at all) means semicolons.
 */
function countSemicolons(source: string, program: Node): boolean {
  let withSemi = 0;
  let without = 0;
  let nodes = 0;
  walk(program, (node, parent) => {
    if (withSemi + without >= SEMICOLON_SAMPLE || ++nodes > SEMICOLON_NODES) return false;
    let counts = TERMINATED.has(node.type);
    // `for (let i = 0; …)` ends its declaration with the loop's own ';'.
    if (node.type === 'VariableDeclaration' && /^For/.test(parent.type)) counts = false;
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
      const declaration = node.declaration as Node | null;
      counts = !declaration || !/Declaration$/.test(declaration.type);
      if (declaration?.type === 'VariableDeclaration') counts = false; // counted as the declaration itself
    }
    if (counts) {
      if (source[node.end - 1] === ';') withSemi++;
      else without++;
    }
    return !holdsNoStatement(node.type);
  });
  return withSemi >= without;
}

/**
 * JSX and TypeScript's types: subtrees a sample of statements can skip (a JSX attribute's arrow function has some, but
 * a component's own statements come first). TypeScript's expressions and namespaces hold code.
 */
const holdsNoStatement = (type: string): boolean => type.startsWith('JSX') || (type.startsWith('TS') && !TS_WITH_CODE.has(type));

const TS_WITH_CODE = new Set([
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression',
  'TSParameterProperty', 'TSExportAssignment', 'TSModuleDeclaration', 'TSModuleBlock',
]);

function detectIndent(source: string): string {
  let tabs = 0;
  let two = 0;
  let four = 0;
  // Line by line without splitting: a large file's lines are most of what this would allocate.
  for (let start = 0; start < source.length; start = nextLine(source, start)) {
    if (source[start] === '\t') {
      tabs++;
      continue;
    }
    // The line's leading spaces count when code follows them (not a tab, not a blank line).
    let end = start;
    while (source[end] === ' ') end++;
    if ((end - start === 2 || end - start === 4) && end < source.length && !/\s/.test(source[end])) {
      if (end - start === 2) two++;
      else four++;
    }
  }
  if (tabs > two + four) return '\t';
  // Any two-space-indented line means the unit is two (four-space lines are then the second level).
  if (two > 0) return '  ';
  return four > 0 ? '    ' : '  ';
}

/** Where the line after the one at `start` starts (the text's length after the last line). */
function nextLine(source: string, start: number): number {
  const newline = source.indexOf('\n', start);
  return newline === -1 ? source.length : newline + 1;
}

function detectModuleKind(source: string, path: string, program: Node): FileStyle['module'] {
  if (/\.(mjs|mts)$/i.test(path)) return 'esm';
  if (/\.(cjs|cts)$/i.test(path)) return 'cjs';
  // Read from the tree: minified code (`import a from'a';export const b=…`) and an `import` in a comment or a string
  // are told apart from the text's look.
  const esm = (program.body as Node[]).some((statement) => /^(?:Import|Export)[A-Za-z]*Declaration$/.test(statement.type));
  const cjs = /\brequire\(\s*['"]|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(source);
  if (cjs && !esm) return 'cjs';
  if (!esm && !cjs && /\.jsx?$/i.test(path)) return 'script';
  return 'esm';
}

export function detectLineEnding(source: string): '\n' | '\r\n' {
  let lines = 0;
  let crlf = 0;
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) {
    lines++;
    if (source[at - 1] === '\r') crlf++;
  }
  return lines > 0 && crlf * 2 > lines ? '\r\n' : '\n';
}
