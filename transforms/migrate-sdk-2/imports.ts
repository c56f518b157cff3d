/**
 * The SDK imports of a file and the edits to them, planned while the rewrites run and written once at the end:
 * specifiers renamed, moved to another package, dropped when nothing uses them, made type-only when only types use
 * them, and names added (to an import of the module that is there, or in a new import or require in the file's style).
 * ESM imports (`import { a as b }`, `import type`, inline `type`), namespace imports, TypeScript's
 * `import m = require('m')`, and CommonJS `const { a: b } = require('m')` / `const m = require('m')` (and
 * `const { a } = m` below it).
 */
import { requiredModule, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { semicolon, stringLiteral, writesImports } from '../../src/codemod/file-style.js';
import { addImport, appendToList, leadingImports } from '../../src/codemod/generated-code.js';
import { referencedNames, topLevelNames } from '../../src/codemod/names.js';
import { lineEnd, lineStart, skipTrivia } from '../../src/codemod/text.js';
import { isOtelModule } from '../../src/otel/api.js';

/** One import statement (or require declarator with a destructuring pattern) of an SDK module. */
interface Owner {
  kind: 'import' | 'require';
  module: string;
  statement: Node;
  /** `import type { … }`. */
  typeOnly: boolean;
  /** ImportSpecifiers or ObjectProperties, in source order. */
  items: Node[];
  /** The `{ … }` of the specifiers or the pattern; null for `import x from` / `import * as x` alone. */
  braces: { open: number; close: number } | null;
  /** The declarator of a require (a statement may declare more than one). */
  declarator?: Node;
}

/** A named import of an SDK export. */
export interface Binding {
  module: string;
  imported: string;
  local: string;
  /** The specifier is type-only (`import type { … }` or `{ type X }`). */
  typeOnly: boolean;
  node: Node;
  owner: Owner;
  /** References left that read it as a value, and as a type; names handed out by `need` count as uses. */
  valueUses: number;
  typeUses: number;
  /** The codemod rewrote a use away: the import goes when none is left (an import that was unused stays as it was). */
  dropped?: boolean;
  /** In 2.x the export is only a type: a binding left with type uses only is written as a type import. */
  becomesTypeOnly?: boolean;
  /** Set by `move`: the 2.x name and module. */
  moved?: { module: string; name: string; local: string; typeOnly: boolean };
}

interface Addition {
  module: string;
  name: string;
  local: string;
  typeOnly: boolean;
}

export class ImportPlan {
  readonly bindings: Binding[] = [];
  /** Namespace imports and plain requires: local name → module. */
  readonly namespaces = new Map<string, string>();
  /** References to each namespace (set by collectRefs, then kept up to date by `need` and `dropNamespace`). */
  private readonly namespaceUses = new Map<string, number>();
  /** Namespaces whose statement holds nothing else (`import * as m`, `const m = require('m')`): removable. */
  private readonly namespaceStatements = new Map<string, Node>();
  /** Namespaces a rewrite took a reference from. */
  private readonly droppedNamespaces = new Set<string>();
  /** Import statements removed whole. */
  private readonly removedStatements = new Set<Node>();
  private readonly owners: Owner[] = [];
  private readonly additions: Addition[] = [];
  private readonly taken: Set<string>;

  /**
   * `typeOnlyImports`: an import of what 2.x exports only as a type (`Resource`, the SDK's `Span`), used only as a
   * type, becomes `import { type X }` (1.x code under `verbatimModuleSyntax`); off for code written for 2.x already.
   */
  constructor(
    private readonly file: CodemodFile,
    private readonly typeOnlyImports = true,
  ) {
    const { program } = file;
    this.taken = referencedNames(program, topLevelNames(program));
    for (const statement of program.body as Node[]) {
      if (statement.type === 'ImportDeclaration') this.readImport(statement);
      else if (statement.type === 'VariableDeclaration') this.readRequires(statement);
      else if (statement.type === 'TSImportEqualsDeclaration') this.readImportEquals(statement);
    }
  }

  /** The named binding a local name refers to at the top level. */
  binding(local: string): Binding | undefined {
    return this.bindings.find((b) => b.local === local);
  }

  /**
   * How code refers to `name` of `module`: an import of it that is there (counted as a use), `ns.name` through a
   * namespace import, or a name added to the imports (a fresh alias when the name is taken).
   */
  need(module: string, name: string, typeOnly: boolean): string {
    const existing = this.bindings.find(
      (b) => !b.moved && b.module === module && b.imported === name && (typeOnly || !b.typeOnly),
    ) ?? this.bindings.find((b) => b.moved?.module === module && b.moved.name === name && (typeOnly || !b.moved.typeOnly));
    if (existing) {
      if (typeOnly) existing.typeUses++;
      else existing.valueUses++;
      return existing.moved ? existing.moved.local : existing.local;
    }
    const added = this.additions.find((a) => a.module === module && a.name === name);
    if (added) {
      if (!typeOnly) added.typeOnly = false;
      return added.local;
    }
    for (const [local, ns] of this.namespaces) {
      if (ns !== module || typeOnly) continue;
      this.useNamespace(local);
      return `${local}.${name}`;
    }
    const local = this.taken.has(name) ? this.fresh(name) : name;
    this.taken.add(local);
    this.additions.push({ module, name, local, typeOnly });
    return local;
  }

  /**
   * The binding's export is `name` of `module` in 2.x. Returns the local name references must use: the same one when
   * the specifier was aliased or the new name is taken (`{ hostDetector as hostDetectorSync }`), else the new name.
   */
  move(binding: Binding, module: string, name: string, typeOnly: boolean): string {
    const same = this.bindings.find((b) => b !== binding && !b.moved && b.module === module && b.imported === name);
    if (same && (binding.typeOnly || typeOnly || !same.typeOnly)) {
      // `import { detectResources, detectResourcesSync }`: the references move to the import that is there.
      binding.moved = { module, name, local: same.local, typeOnly };
      binding.dropped = true;
      same.valueUses += binding.valueUses;
      same.typeUses += binding.typeUses;
      // `IResource` onto the `Resource` import: a type in 2.x, written as one if nothing else reads it as a value.
      if (typeOnly) same.becomesTypeOnly = true;
      binding.valueUses = 0;
      binding.typeUses = 0;
      return same.local;
    }
    const local = binding.local === binding.imported && !this.taken.has(name) ? name : binding.local;
    this.taken.add(local);
    binding.moved = { module, name, local, typeOnly: typeOnly || binding.typeOnly };
    return local;
  }

  /** One more reference to a namespace. */
  useNamespace(local: string): void {
    this.namespaceUses.set(local, (this.namespaceUses.get(local) ?? 0) + 1);
  }

  /** A reference to a namespace was rewritten away: its import goes when none is left. */
  dropNamespace(local: string): void {
    this.namespaceUses.set(local, (this.namespaceUses.get(local) ?? 0) - 1);
    this.droppedNamespaces.add(local);
  }

  /** Writes the planned import edits. */
  apply(): void {
    for (const local of this.droppedNamespaces) {
      const statement = this.namespaceStatements.get(local);
      if (statement && this.namespaceUses.get(local) === 0) this.removeStatement(statement);
    }
    const removed = new Set<Node>();
    const replaced = new Map<Node, string>();
    const typed = new Set<Node>();
    const moves: Addition[] = [];
    for (const b of this.bindings) {
      const unused = b.valueUses === 0 && b.typeUses === 0;
      if (b.moved) {
        const typeOnly = b.typeOnly || (b.moved.typeOnly && this.file.style.typescript);
        const merged = b.moved.local !== b.local && this.bindings.some((o) => o !== b && !o.moved && o.local === b.moved?.local);
        if (unused && (merged || b.dropped)) {
          removed.add(b.node);
        } else if (b.moved.module === b.module) {
          replaced.set(b.node, this.specifierText(b.owner, b.moved.name, b.moved.local, typeOnly));
        } else {
          removed.add(b.node);
          moves.push({ module: b.moved.module, name: b.moved.name, local: b.moved.local, typeOnly });
        }
      } else if (unused && b.dropped) {
        removed.add(b.node);
      } else if (this.typeOnlyImports && b.becomesTypeOnly && b.valueUses === 0 && !b.typeOnly && b.owner.kind === 'import' && this.file.typescript) {
        typed.add(b.node);
      }
    }
    const pending = [...moves, ...this.additions];
    for (const owner of this.owners) {
      const mine = pending.filter((a) => this.accepts(owner, a));
      for (const a of mine) pending.splice(pending.indexOf(a), 1);
      this.applyOwner(owner, removed, replaced, typed, mine);
    }
    this.addStatements(pending);
  }

  private fresh(name: string): string {
    let i = 2;
    while (this.taken.has(`${name}${String(i)}`)) i++;
    return `${name}${String(i)}`;
  }

  private readImport(statement: Node): void {
    const module = (statement.source as Node).value as string;
    if (!isOtelModule(module)) return;
    const specifiers = statement.specifiers as Node[];
    const named = specifiers.filter((s) => s.type === 'ImportSpecifier');
    const owner: Owner = {
      kind: 'import',
      module,
      statement,
      typeOnly: statement.importKind === 'type',
      items: named,
      braces: named.length > 0 || !specifiers.some((s) => s.type !== 'ImportSpecifier') ? this.importBraces(statement) : null,
    };
    this.owners.push(owner);
    for (const specifier of specifiers) {
      const local = (specifier.local as Node).name as string;
      if (specifier.type === 'ImportNamespaceSpecifier' || specifier.type === 'ImportDefaultSpecifier') {
        if (owner.typeOnly) continue;
        this.namespaces.set(local, module);
        if (specifiers.length === 1) this.namespaceStatements.set(local, statement);
        continue;
      }
      const imported = specifier.imported as Node;
      this.bindings.push({
        module,
        imported: (imported.name ?? imported.value) as string,
        local,
        typeOnly: owner.typeOnly || specifier.importKind === 'type',
        node: specifier,
        owner,
        valueUses: 0,
        typeUses: 0,
      });
    }
  }

  /** TypeScript's `import m = require('m')`: a namespace. */
  private readImportEquals(statement: Node): void {
    const reference = statement.moduleReference as Node;
    const module = reference.type === 'TSExternalModuleReference' ? (reference.expression as Node).value : null;
    if (typeof module !== 'string' || !isOtelModule(module) || statement.importKind === 'type') return;
    const local = (statement.id as Node).name as string;
    this.namespaces.set(local, module);
    if (!statement.isExport) this.namespaceStatements.set(local, statement);
  }

  private importBraces(statement: Node): { open: number; close: number } | null {
    const source = this.file.source;
    const from = (statement.source as Node).start;
    const open = source.indexOf('{', statement.start);
    if (open < 0 || open > from) return null;
    const close = source.lastIndexOf('}', from);
    return close > open ? { open, close } : null;
  }

  private readRequires(statement: Node): void {
    for (const declarator of statement.declarations as Node[]) {
      const init = declarator.init as Node | null;
      const id = declarator.id as Node;
      // `const { Resource } = resources`, with `resources` a namespace read above: that module's exports.
      const module = init?.type === 'Identifier' && id.type === 'ObjectPattern' ? (this.namespaces.get(init.name as string) ?? null) : requiredModule(init);
      if (module === null || !isOtelModule(module)) continue;
      if (id.type === 'Identifier') {
        this.namespaces.set(id.name as string, module);
        if ((statement.declarations as Node[]).length === 1) this.namespaceStatements.set(id.name as string, statement);
        continue;
      }
      if (id.type !== 'ObjectPattern') continue;
      const properties = id.properties as Node[];
      if (properties.some((p) => p.type !== 'ObjectProperty' || p.computed || (p.value as Node).type !== 'Identifier')) continue;
      const owner: Owner = { kind: 'require', module, statement, typeOnly: false, items: properties, braces: { open: id.start, close: id.end - 1 }, declarator };
      this.owners.push(owner);
      for (const property of properties) {
        const key = property.key as Node;
        this.bindings.push({
          module,
          imported: (key.name ?? key.value) as string,
          local: (property.value as Node).name as string,
          typeOnly: false,
          node: property,
          owner,
          valueUses: 0,
          typeUses: 0,
        });
      }
    }
  }

  private specifierText(owner: Owner, name: string, local: string, typeOnly: boolean): string {
    if (owner.kind === 'require') return name === local ? name : `${name}: ${local}`;
    const prefix = typeOnly && !owner.typeOnly ? 'type ' : '';
    return `${prefix}${name === local ? name : `${name} as ${local}`}`;
  }

  /** Whether an addition can go into this owner's braces. */
  private accepts(owner: Owner, a: Addition): boolean {
    if (owner.module !== a.module || !owner.braces) return false;
    if (owner.kind === 'require') return !a.typeOnly;
    if (owner.typeOnly) return a.typeOnly;
    return !a.typeOnly || this.file.style.typescript;
  }

  private applyOwner(owner: Owner, removed: Set<Node>, replaced: Map<Node, string>, typed: Set<Node>, additions: Addition[]): void {
    const { edits } = this.file;
    const texts = additions.map((a) => this.specifierText(owner, a.name, a.local, a.typeOnly));
    // Owners that are the statement's only content: removed whole when nothing is left.
    const otherSpecifiers = owner.kind === 'import' ? (owner.statement.specifiers as Node[]).length - owner.items.length : 0;
    const kept = owner.items.filter((item) => !removed.has(item));
    if (kept.length === 0 && texts.length === 0 && otherSpecifiers === 0 && owner.items.length > 0) {
      const declarations = owner.kind === 'require' ? (owner.statement.declarations as Node[]) : [];
      if (declarations.length <= 1) this.removeStatement(owner.statement);
      else if (owner.declarator) removeListItem(this.file, declarations, declarations.indexOf(owner.declarator));
      return;
    }
    for (const item of owner.items) {
      const text = replaced.get(item);
      if (text !== undefined) edits.replace(item.start, item.end, text);
      else if (typed.has(item)) edits.insert(item.start, 'type ');
    }
    // Removed specifiers take the added ones' places first, so the list keeps its layout.
    const removedItems = owner.items.filter((item) => removed.has(item));
    const queue = [...texts];
    const dropped: Node[] = [];
    for (const item of removedItems) {
      const text = queue.shift();
      if (text === undefined) dropped.push(item);
      else edits.replace(item.start, item.end, text);
    }
    removeRuns(this.file, owner.items, new Set(dropped));
    if (queue.length > 0 && owner.braces) {
      const last = [...owner.items].reverse().find((item) => !dropped.includes(item)) ?? null;
      appendToList(this.file, { ...owner.braces, last }, queue);
    }
  }

  private removeStatement(statement: Node): void {
    removeStatement(this.file, statement);
    this.removedStatements.add(statement);
  }

  /**
   * Adds an import at the end of the import block; when the block's last import is removed, in its place (the end of
   * its line is inside the removed range).
   */
  private addImport(code: string): void {
    const last = leadingImports(this.file.program).at(-1);
    if (last && this.removedStatements.has(last)) this.file.edits.insert(lineStart(this.file.source, last.start), `${code}\n`);
    else addImport(this.file, code);
  }

  /** New import statements (or requires) for what no existing import could take. */
  private addStatements(pending: Addition[]): void {
    const { style } = this.file;
    const semi = semicolon(style);
    const modules = [...new Set(pending.map((a) => a.module))];
    for (const module of modules) {
      const quoted = stringLiteral(module, style);
      for (const typeOnly of [false, true]) {
        const mine = pending.filter((a) => a.module === module && a.typeOnly === typeOnly);
        if (mine.length === 0) continue;
        if (writesImports(style)) {
          const list = mine.map((a) => (a.name === a.local ? a.name : `${a.name} as ${a.local}`)).join(', ');
          this.addImport(`import ${typeOnly ? 'type ' : ''}{ ${list} } from ${quoted}${semi}`);
        } else if (!typeOnly) {
          const list = mine.map((a) => (a.name === a.local ? a.name : `${a.name}: ${a.local}`)).join(', ');
          this.addImport(`const { ${list} } = require(${quoted})${semi}`);
        }
      }
    }
  }
}

/** Removes a whole statement with its line when it is alone there. */
export function removeStatement(file: CodemodFile, statement: Node): void {
  const { source } = file;
  const start = lineStart(source, statement.start);
  const end = lineEnd(source, statement.end);
  const alone = source.slice(start, statement.start).trim() === '' && source.slice(statement.end, end).trim() === '';
  if (alone) {
    const next = source.indexOf('\n', end);
    file.edits.remove(start, next < 0 ? end : next + 1);
  } else {
    file.edits.remove(statement.start, skipTrivia(source, statement.end) === end ? statement.end : statement.end);
  }
}

/** Removes list items at `indices` with their separators. */
function removeRuns(file: CodemodFile, items: readonly Node[], dropped: ReadonlySet<Node>): void {
  let i = 0;
  while (i < items.length) {
    if (!dropped.has(items[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && dropped.has(items[j + 1])) j++;
    if (j + 1 < items.length) file.edits.remove(items[i].start, items[j + 1].start);
    else if (i > 0) file.edits.remove(items[i - 1].end, items[j].end);
    else file.edits.remove(items[i].start, items[j].end);
    i = j + 1;
  }
}

/** Removes one item of a comma-separated list. */
export function removeListItem(file: CodemodFile, items: readonly Node[], index: number): void {
  removeRuns(file, items, new Set([items[index]]));
}
