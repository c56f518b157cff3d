/**
 * RECAST-BASED, for inject-propagation only until it moves to the edit pipeline (./codemod-file.ts, ./otel-import.ts);
 * delete this file, ./print.ts and ./positions.ts then. New code uses `useApiNames` from ./otel-import.ts.
 *
 * Makes `@opentelemetry/api` exports available in a file, in the file's own module style:
 * reuses an existing import/require (named, namespace or default), adds missing names to it, or writes one new
 * import/require after the file's last import. Returns how to refer to each name (`trace`, `api.trace`, or an alias
 * when the plain name is taken by something else at the top level).
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { API_MODULE } from '../otel/api.js';
import { requiredModule } from './ast.js';
import type { FileStyle } from './file-style.js';
import { generatedStatement } from './print.js';
import { freshName } from './names.js';

type Program = import('jscodeshift').Program;
type Statement = Program['body'][number];

export type ApiNames<N extends string> = Record<N, string>;

/** The Program of a parsed file without a whole-tree search (`root.find(j.Program)` visits every node). */
export function programOf(j: JSCodeshift, root: Collection): Program {
  const node = root.get().node as { type: string; program?: Program };
  return node.type === 'File' && node.program ? node.program : (root.find(j.Program).get().node as Program);
}

/** Names bound at the top level of the file (imports, declarations, requires), so a new binding does not collide. */
export function topLevelBindings(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  const program = programOf(j, root);
  for (const statement of program.body) {
    const declaration =
      (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration
        ? statement.declaration
        : statement;
    switch (declaration.type) {
      case 'ImportDeclaration':
        for (const s of declaration.specifiers ?? []) if (s.local) names.add(String(s.local.name));
        break;
      case 'VariableDeclaration':
        for (const d of declaration.declarations) {
          if (d.type === 'VariableDeclarator') collectPatternNames(d.id, names);
        }
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (declaration.id && declaration.id.type === 'Identifier') names.add(declaration.id.name);
        break;
      default:
        break;
    }
  }
  return names;
}

function collectPatternNames(pattern: unknown, into: Set<string>): void {
  const node = pattern as { type: string; name?: string; properties?: unknown[]; elements?: unknown[]; value?: unknown; argument?: unknown; left?: unknown };
  if (!node) return;
  switch (node.type) {
    case 'Identifier':
      into.add(node.name!);
      break;
    case 'ObjectPattern':
      for (const p of node.properties ?? []) {
        const prop = p as { type: string; value?: unknown; argument?: unknown };
        collectPatternNames(prop.type === 'RestElement' ? prop.argument : prop.value, into);
      }
      break;
    case 'ArrayPattern':
      for (const e of node.elements ?? []) collectPatternNames(e, into);
      break;
    case 'AssignmentPattern':
      collectPatternNames(node.left, into);
      break;
    case 'RestElement':
      collectPatternNames(node.argument, into);
      break;
    default:
      break;
  }
}

const isApiRequire = (node: unknown): boolean => requiredModule(node) === API_MODULE;

const isRequireStatement = (statement: Statement): boolean =>
  statement.type === 'VariableDeclaration' &&
  statement.declarations.some((d) => {
    if (d.type !== 'VariableDeclarator') return false;
    let init = d.init as { type?: string; object?: unknown; callee?: unknown } | null | undefined;
    // `require('x').y` and `require('x')`
    while (init?.type === 'MemberExpression') init = init.object as typeof init;
    return (
      init?.type === 'CallExpression' &&
      (init.callee as { type?: string; name?: string })?.type === 'Identifier' &&
      (init.callee as { name?: string }).name === 'require'
    );
  });

/** `import x from 'm'`, and TypeScript's `import x = require('m')`. */
const isImportLike = (statement: Statement): boolean =>
  statement.type === 'ImportDeclaration' || (statement.type as string) === 'TSImportEqualsDeclaration';

/**
 * Generated statements that are (or end with) imports or requires, with their text: the file's import block now ends
 * with them, so code inserted after imports later (a tracer declaration after a new API import) goes below them.
 */
const importStatementText = new WeakMap<object, string>();

/**
 * A generated statement (printed as `text`) that stands for an import or require: `insertAfterImports` treats it as part
 * of the import block. Use it to rewrite an existing import in place (a transform adding a specifier to it).
 */
export function importStatement(j: JSCodeshift, root: Collection, text: string): Statement {
  const statement = generatedStatement(j, root, text);
  importStatementText.set(statement, text);
  return statement;
}

/**
 * Inserts generated code (whole statements, as text) after the last top-level import or require, or at the top of the
 * file below a leading header comment. The last import is replaced in place by itself plus the new code, so recast
 * keeps the blank lines around it as they were.
 */
export function insertAfterImports(j: JSCodeshift, root: Collection, code: string): void {
  const program = programOf(j, root);
  let index = -1;
  program.body.forEach((statement, i) => {
    if (isImportLike(statement) || isRequireStatement(statement) || importStatementText.has(statement)) index = i;
  });
  if (index >= 0) {
    const anchor = program.body[index] as Statement & { comments?: unknown[] | null };
    const statement = importStatement(j, root, `${importStatementText.get(anchor) ?? j(anchor).toSource()}\n${code}`);
    // A generated anchor prints from its text only: keep the comments recast attached to it (a file header).
    if (importStatementText.has(anchor)) (statement as Statement & { comments?: unknown[] | null }).comments = anchor.comments;
    program.body[index] = statement;
    return;
  }
  const statement = importStatement(j, root, code) as Statement & { comments?: unknown[] };
  const first = program.body[0] as (Statement & { comments?: unknown[] | null }) | undefined;
  if (first?.comments?.length) {
    // Keep a license or file header comment at the top of the file, above the new statements.
    const header = headerComments(first);
    (statement as { comments?: unknown[] }).comments = header;
    first.comments = first.comments.filter((c) => !header.includes(c));
  }
  program.body.unshift(statement);
}

type Located = { leading?: boolean; loc?: { start: { line: number }; end: { line: number } } | null };

/**
 * The leading comments of the first statement that belong to the file rather than to the statement: those up to the
 * last one followed by a blank line. A comment right above the statement (its JSDoc, `@traced`) stays with it.
 */
function headerComments(first: { comments?: unknown[] | null; loc?: Located['loc'] }): unknown[] {
  const leading = (first.comments ?? []).filter((c) => (c as Located).leading !== false) as Located[];
  if (!first.loc || leading.some((c) => !c.loc)) return leading;
  let count = 0;
  leading.forEach((comment, i) => {
    const nextLine = i + 1 < leading.length ? leading[i + 1].loc!.start.line : first.loc!.start.line;
    if (nextLine - comment.loc!.end.line >= 2) count = i + 1;
  });
  return leading.slice(0, count);
}

/**
 * Adds items to the last `{ ... }` list in `text` (an import's specifiers or a require's pattern), keeping the list's
 * layout: one line stays one line; a multi-line list gets one item per line with its indentation and trailing comma style.
 */
export function appendToBraceList(text: string, items: readonly string[]): string {
  const close = text.lastIndexOf('}');
  const before = text.slice(0, close);
  const trimmed = before.trimEnd();
  const gap = before.slice(trimmed.length);
  if (!gap.includes('\n')) {
    const list = items.join(', ');
    return trimmed.endsWith(',') ? `${trimmed} ${list},${gap}${text.slice(close)}` : `${trimmed}, ${list}${gap}${text.slice(close)}`;
  }
  const itemIndent = /\n([ \t]*)[^\n]*$/.exec(trimmed)?.[1] ?? '  ';
  const trailingComma = trimmed.endsWith(',');
  const added = items.map((item) => `\n${itemIndent}${item}`).join(',');
  return `${trailingComma ? trimmed : `${trimmed},`}${added}${trailingComma ? ',' : ''}${gap}${text.slice(close)}`;
}

/**
 * Ensures each requested `@opentelemetry/api` export is bound in the file and returns the expression text to use for it.
 */
export function ensureApiNames<N extends string>(
  j: JSCodeshift,
  root: Collection,
  names: readonly N[],
  style: FileStyle,
): ApiNames<N> {
  const result = {} as ApiNames<N>;
  const missing: N[] = [];
  const taken = topLevelBindings(j, root);

  // Only top-level imports and requires: a binding inside a function is not in scope where generated code goes.
  const program = programOf(j, root);
  let namedImport: { node: import('jscodeshift').ImportDeclaration; index: number } | null = null;
  let requirePattern: { node: import('jscodeshift').ObjectPattern; index: number; alone: boolean } | null = null;
  let namespace: string | null = null;
  for (const [index, statement] of program.body.entries()) {
    // ESM: value imports of the API (type-only imports do not bind values).
    if (statement.type === 'ImportDeclaration') {
      if (statement.source.value !== API_MODULE || (statement as { importKind?: string }).importKind === 'type') continue;
      for (const s of statement.specifiers ?? []) {
        if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') namespace ??= String(s.local!.name);
        if (s.type === 'ImportSpecifier') namedImport ??= { node: statement, index };
      }
    }
    // CommonJS: `const { trace } = require('@opentelemetry/api')` or `const api = require('@opentelemetry/api')`.
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.type !== 'VariableDeclarator' || !isApiRequire(declarator.init)) continue;
        if (declarator.id.type === 'ObjectPattern') requirePattern ??= { node: declarator.id, index, alone: statement.declarations.length === 1 };
        else if (declarator.id.type === 'Identifier') namespace ??= declarator.id.name;
      }
    }
  }

  for (const name of names) {
    const local = findImportedLocal(namedImport?.node ?? null, requirePattern?.node ?? null, name);
    if (local) result[name] = local;
    else if (namespace) result[name] = `${namespace}.${name}`;
    else missing.push(name);
  }
  if (missing.length === 0) return result;

  const specs = missing.map((name) => {
    const local = taken.has(name) ? freshName(`otel${name[0].toUpperCase()}${name.slice(1)}`, taken) : name;
    taken.add(local);
    result[name] = local;
    return { name, local };
  });

  const q = style.quote === 'single' ? "'" : '"';
  const semi = style.semicolons ? ';' : '';
  if (namedImport) {
    const { node, index } = namedImport;
    const list = specs.map((s) => (s.name === s.local ? s.name : `${s.name} as ${s.local}`));
    program.body[index] = importStatement(j, root, withNamedSpecifiers(j(node).toSource(), list));
  } else if (requirePattern) {
    const { node, index, alone } = requirePattern;
    if (alone) {
      const text = j(program.body[index]).toSource();
      program.body[index] = importStatement(j, root, appendToBraceList(text, specs.map(patternEntry)));
    } else {
      node.properties.push(...specs.map((s) => shorthandProperty(j, s.name, s.local)));
    }
  } else if (style.module === 'esm') {
    const list = specs.map((s) => (s.name === s.local ? s.name : `${s.name} as ${s.local}`)).join(', ');
    insertAfterImports(j, root, `import { ${list} } from ${q}${API_MODULE}${q}${semi}`);
  } else {
    insertAfterImports(j, root, `const { ${specs.map(patternEntry).join(', ')} } = require(${q}${API_MODULE}${q})${semi}`);
  }
  return result;
}

const patternEntry = (s: { name: string; local: string }): string => (s.name === s.local ? s.name : `${s.name}: ${s.local}`);

/** `import x from 'm'` → `import x, { a } from 'm'`; `import { b } from 'm'` → `import { b, a } from 'm'`. */
function withNamedSpecifiers(text: string, items: readonly string[]): string {
  if (/\{[^]*\}\s*from/.test(text)) return appendToBraceList(text.slice(0, text.search(/\}\s*from/) + 1), items) + text.slice(text.search(/\}\s*from/) + 1);
  return text.replace(/\s+from\s/, (from) => `, { ${items.join(', ')} }${from}`);
}

function shorthandProperty(j: JSCodeshift, name: string, local: string) {
  const property = j.objectProperty(j.identifier(name), j.identifier(local));
  property.shorthand = name === local;
  return property;
}

function findImportedLocal(
  namedImport: import('jscodeshift').ImportDeclaration | null,
  requirePattern: import('jscodeshift').ObjectPattern | null,
  name: string,
): string | null {
  for (const s of namedImport?.specifiers ?? []) {
    if (s.type === 'ImportSpecifier' && s.imported.name === name && (s as { importKind?: string }).importKind !== 'type') {
      return String(s.local?.name ?? name);
    }
  }
  for (const p of requirePattern?.properties ?? []) {
    if ((p.type === 'ObjectProperty' || p.type === 'Property') && p.key.type === 'Identifier' && p.key.name === name && p.value.type === 'Identifier') {
      return p.value.name;
    }
  }
  return null;
}
