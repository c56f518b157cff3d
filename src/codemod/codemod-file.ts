/**
 * The output pipeline every transform uses: parse the file once, read it, collect edits at offsets of the file's own
 * text, and apply them together. Nothing is printed from the tree, so code the transform did not edit comes back
 * byte for byte (a BOM and CRLF line endings included: the offsets are the text's own, and inserted code gets the
 * file's line endings).
 *
 *   const file = openFile(info, api, 'pino-mixin');
 *   const names = useApiNames(file, ['trace']);          // an import or require, as edits (./otel-import.ts)
 *   file.edits.insert(call.end - 1, `{ mixin: … }`);     // the transform's own edits
 *   addHelperAtEnd(file, helperText);                     // generated code in file.style (./generated-code.ts)
 *   return file.output();                                 // undefined when nothing was edited
 */
import type { API, Collection, FileInfo, JSCodeshift } from 'jscodeshift';
import type { Node } from './ast.js';
import { SourceEdits } from './edits.js';
import { detectFileStyle, detectLineEnding, isTypeScriptPath, type FileStyle } from './file-style.js';
import { freshName } from './names.js';
import { nameReferences, walkNear } from './node-paths.js';
import { jscodeshiftFor, parseFile } from './parser.js';
import { lineNumber } from './text.js';

export interface CodemodFile {
  readonly path: string;
  /** The text as the transform was given it: under plain jscodeshift, with its BOM and CRLF line endings. */
  readonly source: string;
  /** The babel `Program`: node offsets are offsets into `source`. */
  readonly program: Node;
  /** The babel `File`: `comments` lists every comment. */
  readonly ast: Node;
  /** jscodeshift bound to the file's parser (builders, `find`). */
  readonly j: JSCodeshift;
  /** A jscodeshift collection over the same tree, for `find` and scope lookups; built on first use. */
  readonly root: Collection;
  readonly style: FileStyle;
  /** A TypeScript file, by its path (`style.typescript` without reading the rest of the style). */
  readonly typescript: boolean;
  readonly edits: SourceEdits;
  /** Where code inserted at the very top goes: after a BOM. */
  readonly start: number;
  /** A name no identifier in the file refers to and no earlier call returned (`base`, `base2`…). */
  freshName(base: string): string;
  /** Whether an identifier in the file refers to `name` (property names do not), or freshName returned it. */
  isTaken(name: string): boolean;
  /** One line for the run's summary, prefixed with the line of `at` (an offset or a node). */
  report(at: number | Node, message: string): void;
  /** The edited text, or undefined when nothing was edited. */
  output(): string | undefined;
}

export function openFile(info: FileInfo, api: API): CodemodFile {
  const { path, source } = info;
  const ast = parseFile(source, path);
  const program = ast.program as Node;
  // The style, the edits and jscodeshift's view of the tree are made on first use: many files are read and left.
  let style: FileStyle | undefined;
  let edits: SourceEdits | undefined;
  let j: JSCodeshift | undefined;
  let root: Collection | undefined;
  // Names freshName returned, and what the file's identifiers were found to refer to, name by name.
  const given = new Set<string>();
  const referenced = new Map<string, boolean>();
  // Only the parts of the tree whose text holds the name (./node-paths.ts): most files are never walked whole.
  const references = nameReferences(source);
  const refersTo = (name: string): boolean => {
    const known = referenced.get(name);
    if (known !== undefined) return known;
    const found = references(program, name);
    referenced.set(name, found);
    return found;
  };
  return {
    path,
    source,
    program,
    ast,
    get style() {
      return (style ??= detectFileStyle(source, path, program));
    },
    typescript: isTypeScriptPath(path),
    get edits() {
      return (edits ??= new SourceEdits(source, detectLineEnding(source)));
    },
    start: source.startsWith('\uFEFF') ? 1 : 0,
    get j() {
      return (j ??= jscodeshiftFor(api, path));
    },
    get root() {
      if (!root) {
        standInCatchBindings(source, program);
        root = this.j(ast as never);
      }
      return root;
    },
    freshName(base) {
      const name = freshName(base, { has: (candidate) => this.isTaken(candidate) });
      given.add(name);
      return name;
    },
    isTaken(name) {
      return given.has(name) || refersTo(name);
    },
    report(at, message) {
      // The runner prefixes each report with the file's path.
      api.report(`line ${String(lineNumber(source, typeof at === 'number' ? at : at.start))}: ${message}`);
    },
    output() {
      return edits === undefined || edits.size === 0 ? undefined : edits.apply();
    },
  };
}

/**
 * ast-types' scope analysis throws on `catch {}` (no binding). The tree is only read, never printed, so such a clause
 * gets a stand-in binding without a position (walkers over positioned nodes never see it), before jscodeshift first
 * reads the tree.
 */
function standInCatchBindings(source: string, program: Node): void {
  // `catch {`: only whitespace or a comment between the keyword and the block.
  if (!/\bcatch\s*(?:\{|\/[*/])/.test(source)) return;
  walkNear({ source, program }, 'catch', (node) => {
    if (node.type === 'CatchClause' && node.param === null) node.param = { type: 'Identifier', name: '__otelCodemodNoCatchBinding' };
    return undefined;
  });
}
