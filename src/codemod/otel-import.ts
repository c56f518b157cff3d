/**
 * Makes `@opentelemetry/api` exports available in a file, as edits in the file's own style: reuses an import or
 * require of the API that is there (named, namespace or default), adds missing names to it, or writes one import
 * (ESM and TypeScript) or require (CommonJS) at the end of the import block. Returns how generated code refers to each
 * name: `trace`, `api.trace`, or an alias (`otelTrace`) when the file binds the plain name to something else.
 */
import { API_MODULE } from '../otel/api.js';
import { requiredModule, type Node } from './ast.js';
import type { CodemodFile } from './codemod-file.js';
import { semicolon, stringLiteral, writesImports } from './file-style.js';
import { addImport, appendToList } from './generated-code.js';
import { topLevelNames } from './names.js';
import { skipTrivia } from './text.js';

export type ApiNames<N extends string> = Record<N, string>;

/**
 * Why a file is left as it is when useApiNames gives null: it imports and requires nothing, so an added import could
 * stop a classic browser script from loading, and an added require would fail in an ES module.
 */
export const NO_MODULE_SYNTAX_NOTE =
  'left unchanged: the file neither imports nor requires anything, so it may be a classic script that cannot import ' +
  `${API_MODULE}; add the import (or require) yourself, then run again`;

/**
 * Call once per file, with every name the generated code needs. Null when the names would need a new import or require
 * in a JavaScript file that has neither (FileStyle's 'script'): the caller leaves the file unchanged, with
 * NO_MODULE_SYNTAX_NOTE.
 */
export function useApiNames<N extends string>(file: CodemodFile, names: readonly N[]): ApiNames<N> | null {
  const { program, style } = file;
  let namedImport: Node | null = null;
  let requirePattern: Node | null = null;
  let namespace: string | null = null;
  // Only top-level imports and requires: a binding inside a function is not in scope where generated code goes.
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration') {
      // Type-only imports bind no values.
      if ((statement.source as Node).value !== API_MODULE || statement.importKind === 'type') continue;
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.type === 'ImportNamespaceSpecifier' || specifier.type === 'ImportDefaultSpecifier') {
          namespace ??= (specifier.local as Node).name as string;
        }
        if (specifier.type === 'ImportSpecifier') namedImport ??= statement;
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations as Node[]) {
        if (requiredModule(declarator.init) !== API_MODULE) continue;
        const id = declarator.id as Node;
        if (id.type === 'ObjectPattern' && !(id.properties as Node[]).some((p) => p.type === 'RestElement')) requirePattern ??= id;
        else if (id.type === 'Identifier') namespace ??= id.name as string;
      }
    }
  }

  const result = {} as ApiNames<N>;
  const missing: N[] = [];
  for (const name of names) {
    const local = importedLocal(namedImport, requirePattern, name);
    if (local) result[name] = local;
    else if (namespace) result[name] = `${namespace}.${name}`;
    else missing.push(name);
  }
  if (missing.length === 0) return result;
  if (!namedImport && !requirePattern && style.module === 'script' && !style.typescript) return null;

  const taken = topLevelNames(program);
  const added = missing.map((name) => {
    const local = taken.has(name) ? file.freshName(`otel${name[0].toUpperCase()}${name.slice(1)}`) : name;
    taken.add(local);
    result[name] = local;
    return { name, local };
  });
  const semi = semicolon(style);
  const module = stringLiteral(API_MODULE, style);
  if (namedImport) {
    const specifiers = (namedImport.specifiers as Node[]).filter((s) => s.type === 'ImportSpecifier');
    const last = specifiers[specifiers.length - 1];
    appendToList(file, braces(file.source, last), added.map((a) => (a.name === a.local ? a.name : `${a.name} as ${a.local}`)));
  } else if (requirePattern) {
    const properties = requirePattern.properties as Node[];
    const list = { open: requirePattern.start, close: requirePattern.end - 1, last: properties[properties.length - 1] ?? null };
    appendToList(file, list, added.map((a) => (a.name === a.local ? a.name : `${a.name}: ${a.local}`)));
  } else if (writesImports(style)) {
    const list = added.map((a) => (a.name === a.local ? a.name : `${a.name} as ${a.local}`)).join(', ');
    addImport(file, `import { ${list} } from ${module}${semi}`);
  } else {
    const list = added.map((a) => (a.name === a.local ? a.name : `${a.name}: ${a.local}`)).join(', ');
    addImport(file, `const { ${list} } = require(${module})${semi}`);
  }
  return result;
}

/** The braces around an import's named specifiers, found from the last one. */
function braces(source: string, last: Node): { open: number; close: number; last: Node } {
  let close = skipTrivia(source, last.end);
  if (source[close] === ',') close = skipTrivia(source, close + 1);
  return { open: source.lastIndexOf('{', last.start), close, last };
}

function importedLocal(namedImport: Node | null, requirePattern: Node | null, name: string): string | null {
  for (const s of (namedImport?.specifiers as Node[] | undefined) ?? []) {
    if (s.type !== 'ImportSpecifier' || s.importKind === 'type') continue;
    // `import { trace }` or `import { 'trace' as t }`.
    const imported = s.imported as Node;
    if ((imported.name ?? imported.value) === name) return (s.local as Node).name as string;
  }
  for (const p of (requirePattern?.properties as Node[] | undefined) ?? []) {
    if (p.type !== 'ObjectProperty' || p.computed) continue;
    const key = p.key as Node;
    const value = p.value as Node;
    if (key.type === 'Identifier' && key.name === name && value.type === 'Identifier') return value.name as string;
  }
  return null;
}
