/**
 * The file's imports and requires of @opentelemetry/semantic-conventions (both entry points), and the edits that
 * rename, move, add and remove their names: a name that stays in its module is renamed where it is; one that moves
 * goes to an import of its new module (an existing one, or a new line in the file's style); an import left empty
 * goes, with its line.
 */
import type { Node } from '../../src/codemod/ast.js';
import { requiredModule } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { braceList, semicolon, stringLiteral, writesImports } from '../../src/codemod/file-style.js';
import { addImport, appendToList } from '../../src/codemod/generated-code.js';
import { lineEnd, lineStart, skipTrivia } from '../../src/codemod/text.js';
import { isSemconvModule } from '../../src/otel/semconv.js';

/** One named binding: `{ A }`, `{ A as B }`, `{ type A }`, `const { A, B: C } = require(…)`. */
export interface NamedBinding {
  node: Node;
  imported: string;
  local: string;
  typeOnly: boolean;
  declaration: SemconvImport;
}

export interface SemconvImport {
  statement: Node;
  module: string;
  kind: 'esm' | 'cjs';
  /** `import type { … }`. */
  typeOnly: boolean;
  /** The `{ … }` list: the import declaration or the object pattern. */
  list: Node | null;
  named: NamedBinding[];
  /** `import * as x`, `import x` (CommonJS interop), `const x = require(…)`. */
  namespace: string | null;
}

/**
 * Top-level imports and requires of the package; re-exports (`export … from`) are returned apart, never edited, and so
 * are requires whose pattern is left as it is (`unread`).
 */
export function findSemconvImports(program: Node): { imports: SemconvImport[]; reexports: Node[]; unread: Node[] } {
  const imports: SemconvImport[] = [];
  const reexports: Node[] = [];
  const unread: Node[] = [];
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration' && isSemconvModule((statement.source as Node).value as string)) {
      const entry: SemconvImport = {
        statement,
        module: (statement.source as Node).value as string,
        kind: 'esm',
        typeOnly: statement.importKind === 'type',
        list: null,
        named: [],
        namespace: null,
      };
      for (const specifier of statement.specifiers as Node[]) {
        if (specifier.type === 'ImportSpecifier') {
          const imported = specifier.imported as Node;
          entry.list = statement;
          entry.named.push({
            node: specifier,
            imported: (imported.name ?? imported.value) as string,
            local: (specifier.local as Node).name as string,
            typeOnly: entry.typeOnly || specifier.importKind === 'type',
            declaration: entry,
          });
        } else {
          entry.namespace = (specifier.local as Node).name as string;
        }
      }
      imports.push(entry);
    } else if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.source) {
      if (isSemconvModule((statement.source as Node).value as string)) reexports.push(statement);
    } else if (statement.type === 'VariableDeclaration' && (statement.declarations as Node[]).length === 1) {
      const declarator = (statement.declarations as Node[])[0];
      const module = requiredModule(declarator.init);
      if (!isSemconvModule(module)) continue;
      const id = declarator.id as Node;
      const entry: SemconvImport = { statement, module: module as string, kind: 'cjs', typeOnly: false, list: null, named: [], namespace: null };
      if (id.type === 'Identifier') entry.namespace = id.name as string;
      else if (id.type === 'ObjectPattern') {
        const properties = id.properties as Node[];
        // A rest element or a nested pattern: the pattern is left as it is.
        if (properties.some((p) => p.type !== 'ObjectProperty' || p.computed || (p.value as Node).type !== 'Identifier')) {
          unread.push(statement);
          continue;
        }
        entry.list = id;
        for (const property of properties) {
          entry.named.push({
            node: property,
            imported: (property.key as Node).name as string,
            local: (property.value as Node).name as string,
            typeOnly: false,
            declaration: entry,
          });
        }
      } else continue;
      imports.push(entry);
    }
  }
  return { imports, reexports, unread };
}

interface Addition {
  name: string;
  local: string;
  typeOnly: boolean;
}

/** Collects the import edits of one file and writes them at the end. */
export class ImportPlan {
  private readonly removed = new Set<Node>();
  private readonly removedStatements = new Set<Node>();
  private readonly additions = new Map<string, Addition[]>();

  constructor(
    private readonly file: CodemodFile,
    private readonly imports: readonly SemconvImport[],
  ) {}

  /** The local name of `name` imported (as a value, unless `typeOnly`) from `module`, if the file has or will have it. */
  localOf(module: string, name: string, typeOnly: boolean): string | null {
    for (const entry of this.imports) {
      if (entry.module !== module) continue;
      const found = entry.named.find((b) => b.imported === name && !this.removed.has(b.node) && (typeOnly || !b.typeOnly));
      if (found) return found.local;
    }
    return this.additions.get(module)?.find((a) => a.name === name && (typeOnly || !a.typeOnly))?.local ?? null;
  }

  /** Renames an imported name where it is: `A` → `B` (references follow), `A as x` → `B as x`. */
  renameInPlace(binding: NamedBinding, name: string, keepLocal: boolean): void {
    const { node } = binding;
    const type = binding.typeOnly && !binding.declaration.typeOnly ? 'type ' : '';
    const aliased = keepLocal ? binding.local : null;
    let text: string;
    if (binding.declaration.kind === 'esm') text = `${type}${name}${aliased ? ` as ${aliased}` : ''}`;
    else text = `${name}${aliased ? `: ${aliased}` : ''}`;
    this.file.edits.replace(node.start, node.end, text);
  }

  remove(binding: NamedBinding): void {
    this.removed.add(binding.node);
  }

  /** A namespace import none of whose uses is left. */
  removeStatement(entry: SemconvImport): void {
    this.removedStatements.add(entry.statement);
  }

  /** Imports `name` from `module` under `local` (the caller picks a free local name). */
  add(module: string, name: string, local: string, typeOnly: boolean): void {
    const list = this.additions.get(module) ?? [];
    if (!list.some((a) => a.name === name && a.local === local && a.typeOnly === typeOnly)) list.push({ name, local, typeOnly });
    this.additions.set(module, list);
  }

  /** Writes the edits: additions (in the place of a removed name, into an import of the module, or as new lines), then removals. */
  apply(): void {
    const { file } = this;
    const isEmptied = (entry: SemconvImport): boolean =>
      this.removedStatements.has(entry.statement) ||
      (entry.named.length > 0 && entry.namespace === null && entry.named.every((b) => this.removed.has(b.node)));
    const reused = new Set<Node>();
    // Modules the file imports already go first: their imports take the names before an emptied one is reused.
    const modules = [...this.additions.keys()].sort(
      (a, b) => Number(!this.imports.some((e) => e.module === a)) - Number(!this.imports.some((e) => e.module === b)),
    );
    for (const module of modules) {
      const additions = this.additions.get(module) ?? [];
      for (const typeOnly of [false, true]) {
        const group = additions.filter((a) => a.typeOnly === typeOnly);
        if (group.length === 0) continue;
        // An import of the module that takes names of this kind.
        const host = this.imports.find(
          (e) =>
            e.module === module &&
            e.list !== null &&
            !this.removedStatements.has(e.statement) &&
            !reused.has(e.statement) &&
            (typeOnly ? e.kind === 'esm' : !e.typeOnly),
        );
        const slot = host?.named.find((b) => this.removed.has(b.node));
        if (host && slot) {
          // The first name this import loses gives its place (and its layout) to the new ones.
          this.removed.delete(slot.node);
          file.edits.replace(slot.node.start, slot.node.end, this.items(host, group, typeOnly).join(', '));
        } else if (host && !isEmptied(host)) {
          this.appendTo(host, group, typeOnly);
        } else {
          // An import the moves emptied takes the new names in its place; else a new line goes after the imports.
          // (A namespace import all of whose uses moved is one: `import * as sc from` was the last import, so a new line after it would land inside the removed one.)
          const emptied = this.imports.find((e) => isEmptied(e) && !reused.has(e.statement));
          if (emptied) {
            reused.add(emptied.statement);
            file.edits.replace(emptied.statement.start, emptied.statement.end, this.lineFor(module, group, typeOnly, emptied.kind === 'esm'));
          } else addImport(file, this.lineFor(module, group, typeOnly, writesImports(file.style)));
        }
      }
    }
    for (const entry of this.imports) {
      if (reused.has(entry.statement)) continue;
      if (isEmptied(entry)) {
        this.removeLine(entry.statement);
        continue;
      }
      const nodes = entry.named.map((b) => b.node);
      let lastKept = -1;
      nodes.forEach((node, index) => {
        if (!this.removed.has(node)) lastKept = index;
      });
      if (lastKept < 0) {
        if (!nodes.some((node) => this.removed.has(node))) continue;
        // Only removed items, a default import beside them: `import x, { A } from` → `import x from`.
        const open = file.source.lastIndexOf('{', nodes[0].start);
        const close = file.source.indexOf('}', (nodes.at(-1) as Node).end);
        file.edits.remove(file.source.lastIndexOf(',', open), close + 1);
        continue;
      }
      // `A, B` → `B`: an item before the last kept one goes up to the next item; the items after it go with the comma before them.
      nodes.forEach((node, index) => {
        if (index < lastKept && this.removed.has(node)) file.edits.remove(node.start, nodes[index + 1].start);
      });
      if (lastKept < nodes.length - 1) this.removeTrailing(nodes.slice(lastKept + 1), nodes[lastKept]);
    }
  }

  private items(entry: SemconvImport, group: readonly Addition[], typeOnly: boolean): string[] {
    return group.map((a) => {
      if (entry.kind === 'cjs') return a.name === a.local ? a.name : `${a.name}: ${a.local}`;
      const type = typeOnly && !entry.typeOnly ? 'type ' : '';
      return `${type}${a.name}${a.name === a.local ? '' : ` as ${a.local}`}`;
    });
  }

  private appendTo(entry: SemconvImport, group: readonly Addition[], typeOnly: boolean): void {
    const list = entry.list as Node;
    const items = this.items(entry, group, typeOnly);
    const last = entry.named.at(-1)?.node ?? null;
    if (entry.kind === 'cjs') {
      appendToList(this.file, { open: list.start, close: list.end - 1, last }, items);
      return;
    }
    let close = skipTrivia(this.file.source, (last as Node).end);
    if (this.file.source[close] === ',') close = skipTrivia(this.file.source, close + 1);
    appendToList(this.file, { open: this.file.source.lastIndexOf('{', (last as Node).start), close, last }, items);
  }

  private lineFor(module: string, group: readonly Addition[], typeOnly: boolean, esm: boolean): string {
    const { style } = this.file;
    const semi = semicolon(style);
    const source = stringLiteral(module, style);
    const { source: text } = this.file;
    if (esm) {
      const items = group.map((a) => (a.name === a.local ? a.name : `${a.name} as ${a.local}`));
      return braceList(text, style, `import ${typeOnly ? 'type ' : ''}`, items, ` from ${source}${semi}`);
    }
    const items = group.map((a) => (a.name === a.local ? a.name : `${a.name}: ${a.local}`));
    return braceList(text, style, 'const ', items, ` = require(${source})${semi}`);
  }

  /**
   * Removes the items after the last kept one: one per line, each goes with its line (its comma and its comment, so
   * the kept item keeps its own comment); else with the comma before them (`A, B` → `A`).
   */
  private removeTrailing(removed: readonly Node[], lastKept: Node): void {
    const { source, edits } = this.file;
    const ownLine = (node: Node): boolean =>
      source.slice(lineStart(source, node.start), node.start).trim() === '' &&
      /^\s*,?\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(source.slice(node.end, lineEnd(source, node.end)));
    if (!removed.every(ownLine)) {
      edits.remove(lastKept.end, (removed.at(-1) as Node).end);
      return;
    }
    for (const node of removed) {
      const end = lineEnd(source, node.end);
      const breakLength = source.startsWith('\r\n', end) ? 2 : source[end] === '\n' ? 1 : 0;
      edits.remove(lineStart(source, node.start), end + breakLength);
    }
  }

  /** Removes a statement with its line (and its line break), or just the statement when it shares the line. */
  private removeLine(statement: Node): void {
    const { source, edits } = this.file;
    const start = lineStart(source, statement.start);
    const end = lineEnd(source, statement.end);
    const alone = source.slice(start, statement.start).trim() === '' && source.slice(statement.end, end).trim() === '';
    if (!alone) {
      edits.remove(statement.start, statement.end);
      return;
    }
    const breakLength = source.startsWith('\r\n', end) ? 2 : source[end] === '\n' ? 1 : 0;
    edits.remove(start, end + breakLength);
  }
}
