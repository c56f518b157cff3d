/**
 * `pino-mixin`: every pino logger stamps `trace_id`, `span_id` and `trace_flags` from the active span on each line,
 * the keys @opentelemetry/instrumentation-pino writes. Each logger the file creates is wrapped as
 * `withTraceMixin(pino(…))`, one small helper per file that installs the mixin on the new logger. See
 * docs/codemods/pino-mixin.md for the generated code, the reasons for its shape, and its limits.
 */
import type { ASTPath, CallExpression, Collection, JSCodeshift, Transform } from 'jscodeshift';
import { detectFileStyle, type FileStyle } from '../src/codemod/file-style.js';
import { appendToBraceList, ensureApiNames, freshName, importStatement, topLevelBindings, programOf } from '../src/codemod/otel-import.js';
import { jscodeshiftFor } from '../src/codemod/parser.js';
import { generatedStatement, printFile } from '../src/codemod/print.js';
import type { CodemodMeta, PackageJson, ProjectVerdict } from '../src/codemod/types.js';
import { LOG_TRACE_ID_KEY, PINO_INSTRUMENTATION_PACKAGES } from '../src/otel/api.js';
import { findExistingHelper, HELPER_BASE_NAME, helperSource } from './pino-mixin/helper.js';
import { findPinoFile, PINO_MODULE, symbolsSource, type PinoBinding, type PinoFile } from './pino-mixin/pino-calls.js';
import { sourceText, type SourceText } from './pino-mixin/source-text.js';

const NAME = 'pino-mixin';
/** A comment with this on a statement (or any enclosing one) leaves the loggers created in it alone. */
const IGNORE = /otel-codemod-ignore(?:\s+([\w,\s-]*))?/;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

export const meta: CodemodMeta = {
  name: NAME,
  description: 'Stamp trace_id, span_id and trace_flags from the active span on every pino log line.',
  options: [
    {
      flags: '--force-mixin',
      key: 'forceMixin',
      kind: 'boolean',
      default: false,
      description: 'Add the mixin even when the project already has the pino instrumentation (it writes the same fields)',
    },
  ],
  mayContainTarget: (source) => source.includes(PINO_MODULE),
  checkProject(packageJson: PackageJson | null, options): ProjectVerdict | undefined {
    for (const field of DEPENDENCY_FIELDS) {
      const found = PINO_INSTRUMENTATION_PACKAGES.find((name) => packageJson?.[field]?.[name] !== undefined);
      if (!found) continue;
      if (options.forceMixin) {
        return { skip: false, note: `${found} is in ${field} and stamps the same fields; adding the mixin anyway (--force-mixin)` };
      }
      return {
        skip: true,
        note: `skipped: ${found} (in ${field}) already stamps trace_id, span_id and trace_flags on pino lines (use --force-mixin to add the mixin anyway)`,
      };
    }
    return undefined;
  },
};

const transform: Transform = (file, api) => {
  if (!meta.mayContainTarget(file.source, {})) return undefined;
  const j = jscodeshiftFor(api, file.path);
  const root = j(file.source);
  const pino = findPinoFile(j, root);
  if (pino.calls.length === 0) return undefined;

  const sourceAt = sourceText(root, file.source);
  const report = (path: ASTPath, note: string): void => {
    const line = (path.node as { loc?: { start: { line: number } } }).loc?.start.line ?? 0;
    // The runner prefixes each report with the file's path.
    api.report(`line ${line}: ${note}`);
  };
  const existingHelper = findExistingHelper(j, root, sourceAt);
  const targets = pino.calls.filter((path) => {
    if (existingHelper !== null && isWrappedBy(path, existingHelper)) return false;
    if (isIgnored(path)) return false;
    if (mixinWritesTraceFields(path, sourceAt)) {
      report(path, `pino logger left unchanged: its mixin already writes ${LOG_TRACE_ID_KEY}`);
      return false;
    }
    return true;
  });
  if (targets.length === 0) return undefined;

  const style = detectFileStyle(file.source, file.path);
  const typescript = /\.[cm]?tsx?$/i.test(file.path);
  const fileNames = identifierNames(j, root);
  const helperName = existingHelper ?? freshName(HELPER_BASE_NAME, new Set([...fileNames, ...topLevelBindings(j, root)]));

  // Wrap as text: recast reprints a whole `return`/`export default` statement (adding `;` to a file without them)
  // when its expression is replaced, so the wrapped text is parsed again for the import and helper additions.
  const wrapped = wrapCalls(file.source, sourceAt, targets, helperName);
  if (existingHelper) return wrapped;
  const wrappedRoot = j(wrapped);
  const pinoAfter = findPinoFile(j, wrappedRoot);
  // Positions in recast's copy of the text, like the bindings' `declaredAt`: only their order matters.
  const wrappedCalls = pinoAfter.calls.filter((path) => isWrappedBy(path, helperName));
  const firstCallAt = Math.min(...wrappedCalls.map((path) => (path.node as unknown as { start: number }).start));
  const symbols = reachSymbols(j, wrappedRoot, pinoAfter, { firstCallAt, typescript, style, fileNames, sourceAt: sourceText(wrappedRoot, wrapped) });
  // TypeScript compiles `import` to `require` in CommonJS output, and a `require` would leave the names untyped.
  const importStyle: FileStyle = typescript ? { ...style, module: 'esm' } : style;
  const apiNames = ensureApiNames(j, wrappedRoot, ['trace', 'isSpanContextValid'] as const, importStyle);
  addHelper(j, wrappedRoot, helperSource(helperName, { symbols, ...apiNames }, style, typescript));
  return printFile(wrappedRoot, style, wrapped);
};
export default transform;

/**
 * The expression the helper reads pino's `symbols` from. A TypeScript file whose only pino binding is the named
 * `pino` export gets `symbols` added to that import: pino's types declare no `symbols` on the named export.
 */
function reachSymbols(j: JSCodeshift, root: Collection, pino: PinoFile, file: SymbolsContext): string {
  const found = symbolsSource(pino, file.firstCallAt, file.typescript);
  if (found === null) {
    const q = file.style.quote === 'single' ? "'" : '"';
    return `require(${q}${PINO_MODULE}${q}).symbols`;
  }
  if ('expression' in found) return found.expression;
  return addSymbolsImport(j, root, found.addTo, new Set([...file.fileNames, ...topLevelBindings(j, root)]), file.sourceAt);
}

interface SymbolsContext {
  /** Where the first logger is created: a top-level require the helper reads must come before it. */
  firstCallAt: number;
  typescript: boolean;
  style: FileStyle;
  fileNames: ReadonlySet<string>;
  sourceAt: SourceText;
}

function addSymbolsImport(j: JSCodeshift, root: Collection, binding: PinoBinding, taken: ReadonlySet<string>, sourceAt: SourceText): string {
  const declaration = binding.importDeclaration as import('jscodeshift').ImportDeclaration & { comments?: unknown };
  const local = freshName('symbols', taken);
  const text = appendToBraceList(sourceAt.text(declaration), [local === 'symbols' ? local : `symbols as ${local}`]);
  const replacement = importStatement(j, root, text) as ReturnType<typeof importStatement> & { comments?: unknown };
  replacement.comments = declaration.comments;
  root
    .find(j.ImportDeclaration)
    .filter((path) => path.node === declaration)
    .replaceWith(() => replacement);
  return local;
}

/** Appends the helper at the end of the file, one blank line below the last statement (a function declaration is hoisted). */
function addHelper(j: JSCodeshift, root: Collection, code: string): void {
  const program = programOf(j, root);
  program.body.push(generatedStatement(j, root, `\n${code}`));
}

/** `pino(…)` → `withTraceMixin(pino(…))` for each call, everything else byte for byte. */
function wrapCalls(source: string, sourceAt: SourceText, calls: readonly ASTPath<CallExpression>[], helperName: string): string {
  const inserts = calls.flatMap((path) => [
    { at: sourceAt.start(path.node), text: `${helperName}(` },
    { at: sourceAt.end(path.node), text: ')' },
  ]);
  // From the end backwards, so earlier sourceAt stay valid; a `)` sorts before an opening at the same offset.
  inserts.sort((a, b) => b.at - a.at || (a.text === ')' ? 1 : -1));
  let text = source;
  for (const insert of inserts) text = text.slice(0, insert.at) + insert.text + text.slice(insert.at);
  return text;
}

/** `withTraceMixin(pino(…))`: the call is already the helper's argument. */
function isWrappedBy(path: ASTPath<CallExpression>, helperName: string): boolean {
  const parent = path.parent?.node as { type?: string; callee?: { type: string; name?: string }; arguments?: unknown[] } | undefined;
  return (
    parent?.type === 'CallExpression' &&
    parent.callee?.type === 'Identifier' &&
    parent.callee.name === helperName &&
    parent.arguments?.[0] === path.node
  );
}

/**
 * A logger whose options (an object literal, or a variable holding one) have a mixin that already writes `trace_id`:
 * someone stamps the trace fields by hand, and a second mixin would only repeat them.
 */
function mixinWritesTraceFields(path: ASTPath<CallExpression>, sourceAt: SourceText): boolean {
  const options = objectLiteralOf(path, path.node.arguments[0]);
  const mixin = options?.properties.find(
    (p) => (p.type === 'ObjectProperty' || p.type === 'Property' || p.type === 'ObjectMethod') && !p.computed && keyName(p.key) === 'mixin',
  ) as { type: string; value?: unknown } | undefined;
  if (!mixin) return false;
  const value = (mixin.type === 'ObjectMethod' ? mixin : mixin.value) as { type: string; name?: string };
  let text = sourceAt.text(value);
  if (value.type === 'Identifier') {
    // `mixin: traceFields`: read the function (or variable) it names, when the file declares it.
    const declared = declarationOf(path, value.name!);
    if (declared) text = sourceAt.text(declared);
  }
  return text.includes(LOG_TRACE_ID_KEY);
}

type ObjectExpression = import('jscodeshift').ObjectExpression;

function objectLiteralOf(path: ASTPath, node: unknown): ObjectExpression | null {
  const expression = node as { type?: string; name?: string } | undefined;
  if (expression?.type === 'ObjectExpression') return expression as ObjectExpression;
  if (expression?.type !== 'Identifier') return null;
  const declared = declarationOf(path, expression.name!) as { type?: string; init?: { type?: string } } | null;
  return declared?.type === 'VariableDeclarator' && declared.init?.type === 'ObjectExpression' ? (declared.init as ObjectExpression) : null;
}

/** The `const name = …` declarator or `function name…` declaration that binds `name` where `path` reads it. */
function declarationOf(path: ASTPath, name: string): unknown {
  const scope = (path as unknown as { scope: { lookup(n: string): { getBindings(): Record<string, ASTPath[]> } | null } | null }).scope?.lookup(name);
  const binding = scope?.getBindings()[name]?.[0];
  const parent = binding?.parent?.node as { type?: string; id?: unknown } | undefined;
  // A parameter's parent is its function too: only a declaration whose own name is the binding counts.
  const declares = (parent?.type === 'VariableDeclarator' || parent?.type === 'FunctionDeclaration') && parent.id === binding?.node;
  return declares ? parent : null;
}

function keyName(key: unknown): string | null {
  const node = key as { type: string; name?: string; value?: unknown };
  if (node.type === 'Identifier') return node.name!;
  if ((node.type === 'StringLiteral' || node.type === 'Literal') && typeof node.value === 'string') return node.value;
  return null;
}

function identifierNames(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  root.find(j.Identifier).forEach((p) => {
    names.add(p.node.name);
  });
  return names;
}

type Commented = { comments?: { value: string; leading?: boolean }[] | null };

/** An `otel-codemod-ignore` comment (bare, or naming this codemod) on the call's statement or any enclosing node. */
function isIgnored(path: ASTPath): boolean {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    for (const comment of (current.node as Commented).comments ?? []) {
      if (comment.leading === false) continue;
      const match = IGNORE.exec(comment.value);
      if (match && (!match[1]?.trim() || match[1].split(/[\s,]+/).includes(NAME))) return true;
    }
  }
  return false;
}
