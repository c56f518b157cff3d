/**
 * Adds the `@opentelemetry/api` names and the helper to the (already rewritten) file text, without printing the file
 * with recast: recast reprints parts of statements nobody touched (it wraps `...a ? b : c` and `throw a, b` in
 * parentheses, for one), and untouched code must stay byte-for-byte the same.
 *
 * `ensureApiNames` still decides what to change (reuse an import, extend it, alias, or write a new one in the file's
 * module style); what it changes is always whole top-level statements, which are spliced here as text. Anything it
 * does that cannot be read that way falls back to printing with recast.
 */
import type { JSCodeshift } from 'jscodeshift';
import { requiredModule } from '../../src/codemod/ast.js';
import type { FileStyle } from '../../src/codemod/file-style.js';
import { ensureApiNames, programOf } from '../../src/codemod/otel-import.js';
import { rangeWithComments, sourcePositions, type SourcePositions } from '../../src/codemod/positions.js';
import { generatedCode, generatedStatement, printFile } from '../../src/codemod/print.js';
import { API_MODULE, CONTEXT_API, PROPAGATION_API } from '../../src/otel/api.js';
import { helperSource } from './helper.js';
import { TextEdits } from './text-edits.js';

type Program = import('jscodeshift').Program;
type Statement = Program['body'][number];
type Commented = { comments?: { leading?: boolean }[] | null };

export function addImportAndHelper(
  j: JSCodeshift,
  source: string,
  style: FileStyle,
  helperName: string,
  typescript: boolean,
  patterns: readonly string[],
): string {
  const root = j(source);
  const program = programOf(j, root);
  const before = [...program.body];
  const requirePatterns = apiRequirePatterns(j, root);
  // TypeScript gets an `import` even in CommonJS (it compiles to require, and keeps the API's types).
  const api = ensureApiNames(j, root, [CONTEXT_API, PROPAGATION_API] as const, typescript ? { ...style, module: 'esm' } : style);
  const helper = helperSource(helperName, { propagation: api.propagation, context: api.context }, style, typescript, patterns);

  const pos = sourcePositions(root, source);
  const edits = new TextEdits(source);
  const spliced = requirePatterns.every(([pattern, size]) => pattern.properties.length === size) && spliceStatements(root, before, program.body, pos, edits);
  if (!spliced) {
    // The leading newline leaves one blank line between the file's last statement and the helper.
    program.body.push(generatedStatement(j, root, `\n${helper}`));
    return printFile(root, style, source);
  }
  // The helper goes after the last statement's line, so a trailing `//# sourceMappingURL=` comment stays last.
  const lineEnd = source.indexOf('\n', pos.end(before[before.length - 1]));
  if (lineEnd < 0) return `${edits.textOf(0, source.length)}\n\n${helper}`;
  edits.insert(lineEnd, `\n\n${helper}`);
  return edits.textOf(0, source.length);
}

/**
 * Turns ensureApiNames' changes into text edits: statements replaced in place, or one statement put first (a file
 * without imports). False when the change has another shape.
 */
function spliceStatements(root: ReturnType<JSCodeshift>, before: Statement[], after: Statement[], pos: SourcePositions, edits: TextEdits): boolean {
  if (after.length === before.length) {
    for (let i = 0; i < after.length; i++) {
      if (after[i] === before[i]) continue;
      const code = generatedCode(root, after[i]);
      if (code === undefined) return false;
      const range = rangeWithComments(before[i], pos);
      edits.replace(range.start, range.end, code);
    }
    return true;
  }
  if (after.length !== before.length + 1 || !before.every((statement, i) => after[i + 1] === statement)) return false;
  const code = generatedCode(root, after[0]);
  if (code === undefined) return false;
  // The new first statement took over the first statement's leading comments: a file header (followed by a blank
  // line) stays above the import; a comment right above the statement stays with it, below the import.
  const comments = ((after[0] as Commented).comments ?? []).filter((c) => c.leading !== false);
  const firstStart = pos.start(before[0]);
  let at = firstStart;
  if (comments.length > 0) {
    const headerEnd = pos.end(comments[comments.length - 1]);
    if (!/\n[ \t]*\n/.test(edits.source.slice(headerEnd, firstStart))) at = pos.start(comments[0]);
  }
  // At the start of the line, so a statement indented for no reason keeps its indentation.
  const lineStart = edits.source.lastIndexOf('\n', at - 1) + 1;
  edits.insert(edits.source.slice(lineStart, at).trim() === '' ? lineStart : at, `${code}\n\n`);
  return true;
}

/** `const { … } = require('@opentelemetry/api')` patterns with their sizes: ensureApiNames may extend one in place. */
function apiRequirePatterns(j: JSCodeshift, root: ReturnType<JSCodeshift>): [import('jscodeshift').ObjectPattern, number][] {
  const patterns: [import('jscodeshift').ObjectPattern, number][] = [];
  root.find(j.VariableDeclarator).forEach((p) => {
    if (p.node.id.type === 'ObjectPattern' && requiredModule(p.node.init) === API_MODULE) {
      patterns.push([p.node.id, p.node.id.properties.length]);
    }
  });
  return patterns;
}
