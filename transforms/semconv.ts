/**
 * `semconv`: deprecated @opentelemetry/semantic-conventions exports → their replacements. By default only export
 * renames, which keep every emitted key (`SEMATTRS_HTTP_METHOD` → `ATTR_HTTP_METHOD` from the incubating entry
 * point, still 'http.method'); with --rename-keys also key renames (`http.method` → `http.request.method`) in
 * constants and in attribute keys written as strings, which change what is emitted. The renames come from
 * src/otel/semconv-map.generated.ts (scripts/generate-semconv-map.mjs). See docs/codemods/semconv.md.
 */
import type { API, FileInfo, Options, Transform } from 'jscodeshift';
import { forEachChild, staticPropertyName, walk, type Node } from '../src/codemod/ast.js';
import { openFile, type CodemodFile } from '../src/codemod/codemod-file.js';
import { hasIgnoreComment } from '../src/codemod/ignore.js';
import { referencedNames } from '../src/codemod/names.js';
import type { CodemodMeta, PackageJson, ProjectVerdict } from '../src/codemod/types.js';
import {
  attributeKeyLiterals,
  attributeKeys,
  deprecatedExport,
  deprecatedKey,
  exportValue,
  keyText,
  moduleOf,
  replacementOf,
  SEMCONV_MODULE,
  type SemconvDecision,
} from '../src/otel/semconv.js';
import { findSemconvImports, ImportPlan, type NamedBinding, type SemconvImport } from './semconv/imports.js';

const NAME = 'semconv';
/** A literal that may be an attribute key, when keys are renamed: the calls and options attributeKeyLiterals reads. */
const KEY_SITES = /setAttributes?\s*\(|attributes\s*:|resourceFromAttributes|new\s+Resource\s*\(/;

export const meta: CodemodMeta = {
  name: NAME,
  description: 'Replace deprecated semantic-convention exports (SEMATTRS_*, SEMRESATTRS_*, SemanticAttributes.*) with ATTR_*; rename deprecated attribute keys with --rename-keys.',
  options: [
    {
      flags: '--rename-keys',
      key: 'renameKeys',
      kind: 'boolean',
      default: false,
      description:
        'Also rename deprecated attribute keys (http.method → http.request.method) in constants and attribute strings: the emitted keys change',
    },
  ],
  // Every export is imported from the package by name; attribute keys need a call or option that takes them.
  mayContainTarget: (source, options) => source.includes(SEMCONV_MODULE) || (Boolean(options.renameKeys) && KEY_SITES.test(source)),
  checkProject(_packageJson: PackageJson | null, options): ProjectVerdict | undefined {
    if (!options.renameKeys) return undefined;
    return {
      skip: false,
      note:
        'warning: --rename-keys changes emitted attribute keys (each change is a note above); update the dashboards, alerts and queries that read the old keys',
    };
  },
};

/** One use of an imported name: an identifier, a shorthand property `{ X }`, or a local export `export { X }`. */
interface Use {
  node: Node;
  kind: 'plain' | 'shorthand' | 'export';
  /** The enclosing nodes, nearest first (for `ns.X.Y`). */
  parents: readonly Node[];
}

const transform: Transform = (info: FileInfo, api: API, options: Options) => {
  if (!meta.mayContainTarget(info.source, options)) return undefined;
  const renameKeys = Boolean(options.renameKeys);
  const file = openFile(info, api);
  const found = findSemconvImports(file.program);
  // `// otel-codemod-ignore` (or `… semconv`) on an import keeps it and every use of its names.
  const imports = found.imports.filter((entry) => !hasIgnoreComment(entry.statement, NAME));
  const reexports = found.reexports;
  for (const statement of reexports) file.report(statement, 're-export of @opentelemetry/semantic-conventions left unchanged: renaming it would change this module’s exports');
  for (const statement of found.unread) {
    file.report(statement, 'require of @opentelemetry/semantic-conventions left unchanged: its pattern has a default value, a rest element or a nested pattern');
  }

  const watched = new Set<string>();
  for (const entry of imports) {
    for (const binding of entry.named) watched.add(binding.local);
    if (entry.namespace) watched.add(entry.namespace);
  }
  const scan = scanFile(file.program, watched, new Set(imports.map((e) => e.statement)), renameKeys);
  // Keys each function writes, as literals or as constants of the package: one that writes the old and the new key emits both on purpose.
  const written = new Map<Node, Set<string>>();
  const write = (scope: Node, key: string | number | undefined): void => {
    if (typeof key === 'string') written.set(scope, (written.get(scope) ?? new Set()).add(key));
  };
  for (const { node, scope } of scan.keyLiterals) write(scope, keyText(node));
  for (const { node, scope } of scan.keyExpressions) write(scope, constantValue(node, imports, scan.shadowed));
  const plan = new ImportPlan(file, imports);
  const rewriter = new Rewriter(file, plan, scan, renameKeys, (use) => written.get(scopeOf(use.parents, file.program)) ?? new Set());
  for (const entry of imports) for (const binding of entry.named) rewriter.binding(binding);
  for (const entry of imports) if (entry.namespace) rewriter.namespace(entry);
  plan.apply();
  if (renameKeys) for (const { node, scope } of scan.keyLiterals) rewriter.keyLiteral(node, written.get(scope) ?? new Set());
  return file.output();
};
export default transform;

/** The nearest function (or the program) around a node, from its enclosing nodes (nearest first). */
const scopeOf = (parents: readonly Node[], program: Node): Node => parents.find((p) => /Function|Method|^Program$/.test(p.type)) ?? program;

/** What a key written as a constant of the package emits (`ATTR_X`, `sc.ATTR_X`, `SemanticAttributes.X`), when known. */
function constantValue(node: Node, imports: readonly SemconvImport[], shadowed: ReadonlySet<string>): string | number | undefined {
  const named = (local: string): NamedBinding | undefined => {
    if (shadowed.has(local)) return undefined;
    for (const entry of imports) for (const binding of entry.named) if (binding.local === local) return binding;
    return undefined;
  };
  const isNamespace = (local: string): boolean => !shadowed.has(local) && imports.some((entry) => entry.namespace === local);
  if (node.type === 'Identifier') {
    const binding = named(node.name as string);
    return binding ? exportValue(binding.imported) : undefined;
  }
  if (node.type !== 'MemberExpression') return undefined;
  const member = staticPropertyName(node);
  const object = node.object as Node;
  if (member === null) return undefined;
  if (object.type === 'Identifier') {
    if (isNamespace(object.name as string)) return exportValue(member);
    const binding = named(object.name as string);
    const members = binding ? deprecatedExport(binding.imported)?.members : undefined;
    return members && Object.hasOwn(members, member) ? members[member].value : undefined;
  }
  const inner = object.type === 'MemberExpression' ? staticPropertyName(object) : null;
  const root = object.object as Node | undefined;
  if (inner === null || root?.type !== 'Identifier' || !isNamespace(root.name as string)) return undefined;
  const members = deprecatedExport(inner)?.members;
  return members && Object.hasOwn(members, member) ? members[member].value : undefined;
}

class Rewriter {
  private readonly taken: Set<string>;

  constructor(
    private readonly file: CodemodFile,
    private readonly plan: ImportPlan,
    private readonly scan: Scan,
    private readonly renameKeys: boolean,
    /** The keys the function around a use writes. */
    private readonly writtenAt: (use: Use) => ReadonlySet<string>,
  ) {
    this.taken = referencedNames(file.program);
  }

  binding(binding: NamedBinding): void {
    const decision = deprecatedExport(binding.imported);
    if (!decision) return;
    const uses = this.scan.uses.get(binding.local) ?? [];
    if (this.scan.ignored.has(binding.local)) {
      this.file.report(binding.node, `${binding.imported} left unchanged: code marked otel-codemod-ignore uses it`);
      return;
    }
    if (this.scan.shadowed.has(binding.local)) {
      this.file.report(binding.node, `${binding.imported} left unchanged: a local declaration in this file reuses the name ${binding.local}`);
      return;
    }
    if (decision.members) {
      this.objectBinding(binding, decision, uses);
      return;
    }
    const replacement = this.replacement(binding.imported, decision, binding.node, this.writesNewKey(decision, uses));
    if (!replacement) return;
    const { name, module } = replacement;
    const aliased = binding.imported !== binding.local;
    const existing = this.plan.localOf(module, name, binding.typeOnly);
    if (existing !== null) {
      this.plan.remove(binding);
      this.renameUses(uses, binding.local, existing);
    } else if (module === binding.declaration.module) {
      const local = aliased || !this.claim(name) ? binding.local : name;
      this.plan.renameInPlace(binding, name, local !== name);
      this.renameUses(uses, binding.local, local);
    } else {
      const local = aliased || !this.claim(name) ? binding.local : name;
      this.plan.remove(binding);
      this.plan.add(module, name, local, binding.typeOnly);
      this.renameUses(uses, binding.local, local);
    }
  }

  /** `SemanticAttributes.HTTP_METHOD` → `ATTR_HTTP_METHOD`; the object's import goes when no other use is left. */
  private objectBinding(binding: NamedBinding, decision: SemconvDecision, uses: readonly Use[]): void {
    let left = 0;
    for (const use of uses) {
      const member = memberOf(use);
      const memberDecision = member && Object.hasOwn(decision.members ?? {}, member.name) ? decision.members?.[member.name] : undefined;
      if (!member || !memberDecision) {
        left++;
        continue;
      }
      const replacement = this.replacement(`${binding.imported}.${member.name}`, memberDecision, member.node, this.writesNewKey(memberDecision, [use]));
      if (!replacement) {
        left++;
        continue;
      }
      this.file.edits.replace(member.node.start, member.node.end, this.importedLocal(replacement.module, replacement.name, binding.typeOnly));
    }
    if (left === 0) this.plan.remove(binding);
    else if (left < uses.length || uses.length === 0) {
      this.file.report(binding.node, `${binding.imported} kept: ${String(left)} use(s) read it other than as ${binding.imported}.<NAME> with a replacement`);
    }
  }

  /** `semconv.SEMATTRS_HTTP_METHOD` → `semconv.ATTR_HTTP_METHOD` (same module) or a named import of the other one. */
  namespace(entry: SemconvImport): void {
    const local = entry.namespace as string;
    if (this.scan.shadowed.has(local)) {
      this.file.report(entry.statement, `${local}.* left unchanged: a local declaration in this file reuses the name ${local}`);
      return;
    }
    // Uses in ignored code stay as they are, so the namespace import stays too.
    const keepImport = this.scan.ignored.has(local);
    const uses = this.scan.uses.get(local) ?? [];
    let left = 0;
    for (const use of uses) {
      const first = memberOf(use);
      const decision = first ? deprecatedExport(first.name) : undefined;
      if (!first || !decision) {
        left++;
        continue;
      }
      let target = first;
      let chosen = decision;
      let label = first.name;
      if (decision.members) {
        const second = memberOf({ node: first.node, kind: 'plain', parents: use.parents.slice(1) });
        const memberDecision = second && Object.hasOwn(decision.members, second.name) ? decision.members[second.name] : undefined;
        if (!second || !memberDecision) {
          left++;
          continue;
        }
        target = second;
        chosen = memberDecision;
        label = `${first.name}.${second.name}`;
      }
      const replacement = this.replacement(label, chosen, target.node, this.writesNewKey(chosen, [use]));
      if (!replacement) {
        left++;
        continue;
      }
      if (replacement.module === entry.module && target === first) {
        // `sc['SEMATTRS_X']` keeps its brackets and quotes: `sc['ATTR_X']`.
        const quote = first.node.computed === true ? this.file.source[first.property.start] : '';
        this.file.edits.replace(first.property.start, first.property.end, `${quote}${replacement.name}${quote}`);
        left++;
      } else if (replacement.module === entry.module) {
        this.file.edits.replace(target.node.start, target.node.end, `${local}.${replacement.name}`);
        left++;
      } else {
        this.file.edits.replace(target.node.start, target.node.end, this.importedLocal(replacement.module, replacement.name, false));
      }
    }
    if (left === 0 && uses.length > 0 && entry.named.length === 0 && !keepImport) this.plan.removeStatement(entry);
  }

  /** `written`: every key the literal's function (or the top level) writes as a literal. */
  keyLiteral(literal: Node, written: ReadonlySet<string>): void {
    const key = keyText(literal);
    const decision = deprecatedKey(key);
    if (!decision) return;
    if ('reason' in decision) {
      this.file.report(literal, `attribute key '${key}' left unchanged: ${decision.reason}`);
      return;
    }
    if (written.has(decision.to)) {
      // Both keys on purpose (a migration emitting old and new): renaming would drop the old one, or duplicate a key.
      this.file.report(literal, `attribute key '${key}' left unchanged: the same function writes '${decision.to}' too, so both keys are emitted on purpose`);
      return;
    }
    const quote = this.file.source[literal.start];
    this.file.edits.replace(literal.start, literal.end, `${quote}${decision.to}${quote}`);
    this.file.report(literal, `attribute key '${key}' → '${decision.to}' (the emitted key changes)`);
  }

  /** With key renames: the new key is written already where one of the uses is, so the old one is kept on purpose. */
  private writesNewKey(decision: SemconvDecision, uses: readonly Use[]): string | null {
    const key = decision.valueRename?.value;
    if (!this.renameKeys || key === undefined) return null;
    return uses.some((use) => this.writtenAt(use).has(key)) ? key : null;
  }

  /**
   * The replacement the run applies to a deprecated export, with a note when the emitted key changes or nothing is
   * done. `keptKey`: the new key the same function writes already, in which case the key is kept.
   */
  private replacement(label: string, decision: SemconvDecision, at: Node, keptKey: string | null): { name: string; module: string } | null {
    if (keptKey !== null) {
      const kept = replacementOf(decision, false);
      this.file.report(
        at,
        `${label} ${kept ? `→ ${kept.target.name}, key '${String(decision.value)}' kept` : 'left unchanged'}: the same function writes '${keptKey}' too, so both keys are emitted on purpose`,
      );
      return kept ? { name: kept.target.name, module: moduleOf(kept.target) } : null;
    }
    const chosen = replacementOf(decision, this.renameKeys);
    const value = decision.value === undefined ? '' : ` (emits '${String(decision.value)}')`;
    if (!chosen) {
      if (decision.valueRename) {
        this.file.report(at, `${label}${value} left unchanged: its key was renamed to '${decision.valueRename.value}'; rerun with --rename-keys to change the emitted key`);
      } else {
        this.file.report(at, `${label}${value} left unchanged: ${decision.reason ?? 'no replacement'}`);
      }
      return null;
    }
    if (chosen.value !== undefined) {
      this.file.report(at, `${label} → ${chosen.target.name}: the emitted key changes from '${String(decision.value)}' to '${chosen.value}'`);
    } else if (this.renameKeys && decision.reason) {
      this.file.report(at, `${label} → ${chosen.target.name}, key '${String(decision.value)}' kept: ${decision.reason}`);
    }
    return { name: chosen.target.name, module: moduleOf(chosen.target) };
  }

  /** The local name of `name` from `module`, importing it when the file does not have it. */
  private importedLocal(module: string, name: string, typeOnly: boolean): string {
    const existing = this.plan.localOf(module, name, typeOnly);
    if (existing !== null) return existing;
    const local = this.claim(name) ? name : this.file.freshName(name);
    this.taken.add(local);
    this.plan.add(module, name, local, typeOnly);
    return local;
  }

  /** Takes `name` for a new binding when nothing in the file uses it yet. */
  private claim(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  private renameUses(uses: readonly Use[], from: string, to: string): void {
    if (from === to) return;
    for (const use of uses) {
      const { node } = use;
      if (use.kind === 'shorthand') this.file.edits.replace(node.start, node.end, `${from}: ${to}`);
      else if (use.kind === 'export') this.file.edits.replace(node.start, node.end, `${to} as ${exportedName(node)}`);
      else this.file.edits.replace(node.start, node.end, to);
    }
  }
}

/** `x.NAME` (or `typeof x.NAME`) around a plain use: the member expression, its property and the name. */
function memberOf(use: Use): { node: Node; property: Node; name: string } | null {
  if (use.kind !== 'plain') return null;
  const parent = use.parents[0] as Node | undefined;
  if (!parent) return null;
  if (parent.type === 'MemberExpression' && parent.object === use.node) {
    const name = staticPropertyName(parent);
    return name === null ? null : { node: parent, property: parent.property as Node, name };
  }
  if (parent.type === 'TSQualifiedName' && parent.left === use.node) {
    const right = parent.right as Node;
    return { node: parent, property: right, name: right.name as string };
  }
  return null;
}

const exportedName = (specifier: Node): string => {
  const exported = specifier.exported as Node;
  return (exported.name ?? exported.value) as string;
};

interface Scan {
  /** Uses of the watched names, by name. */
  uses: Map<string, Use[]>;
  /** Watched names some other declaration in the file binds too (a parameter, a local const…). */
  shadowed: Set<string>;
  /** Attribute key literals, with the function (or program) they are in. */
  keyLiterals: { node: Node; scope: Node }[];
  /** Attribute keys that are not literals (`[ATTR_X]: v`, `setAttribute(sc.ATTR_X, v)`), with their function. */
  keyExpressions: { node: Node; scope: Node }[];
  /** Watched names used inside code marked `otel-codemod-ignore`: their imports stay as they are. */
  ignored: Set<string>;
}

const KEYED = new Set(['ObjectProperty', 'ObjectMethod', 'ClassMethod', 'ClassProperty', 'ClassPrivateProperty', 'TSPropertySignature', 'TSMethodSignature']);
const DECLARATIONS = new Set([
  'FunctionDeclaration', 'FunctionExpression', 'ClassDeclaration', 'ClassExpression', 'TSTypeAliasDeclaration', 'TSInterfaceDeclaration',
  'TSEnumDeclaration', 'TSModuleDeclaration',
]);

/** One walk: the uses of the watched names, their other declarations, and (with key renames) attribute key literals. */
function scanFile(program: Node, watched: ReadonlySet<string>, importStatements: ReadonlySet<Node>, renameKeys: boolean): Scan {
  const scan: Scan = { uses: new Map(), shadowed: new Set(), keyLiterals: [], keyExpressions: [], ignored: new Set() };
  const bindings = new Set<Node>();
  const addUse = (name: string, use: Use): void => {
    const list = scan.uses.get(name) ?? [];
    list.push(use);
    scan.uses.set(name, list);
  };
  const declare = (pattern: Node | null | undefined): void => {
    for (const id of patternIdentifiers(pattern)) {
      bindings.add(id);
      if (watched.has(id.name as string)) scan.shadowed.add(id.name as string);
    }
  };
  const parents: Node[] = [];
  const visit = (node: Node): void => {
    // An ignored import's names are not watched; an ignored statement keeps its uses and its keys.
    if (importStatements.has(node)) return;
    if (hasIgnoreComment(node, NAME)) {
      walk(node, (child) => {
        if (child.type === 'Identifier' && watched.has(child.name as string)) scan.ignored.add(child.name as string);
      });
      return;
    }
    const parent = parents[parents.length - 1] as Node | undefined;
    if (renameKeys && (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'OptionalCallExpression')) {
      const scope = [...parents].reverse().find((p) => /Function|Method|^Program$/.test(p.type)) ?? program;
      const literals = attributeKeyLiterals(node) as Node[];
      for (const literal of literals) scan.keyLiterals.push({ node: literal, scope });
      for (const key of attributeKeys(node) as Node[]) if (!literals.includes(key)) scan.keyExpressions.push({ node: key, scope });
    }
    switch (node.type) {
      case 'VariableDeclarator':
        declare(node.id as Node);
        break;
      case 'CatchClause':
        declare(node.param as Node | null);
        break;
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier':
      case 'TSImportEqualsDeclaration':
        declare((node.local ?? node.id) as Node);
        break;
      default:
        if (DECLARATIONS.has(node.type) && (node.id as Node | null)?.type === 'Identifier') declare(node.id as Node);
        if (/Function|Method/.test(node.type)) for (const param of (node.params as Node[] | undefined) ?? []) declare(param);
    }
    if (node.type === 'ObjectProperty' && node.shorthand && parent?.type === 'ObjectExpression') {
      const value = node.value as Node;
      if (value.type === 'Identifier' && watched.has(value.name as string)) addUse(value.name as string, { node, kind: 'shorthand', parents: [...parents].reverse() });
      return;
    }
    if (node.type === 'ExportSpecifier' && parent?.type === 'ExportNamedDeclaration' && !parent.source) {
      const local = node.local as Node;
      if (watched.has(local.name as string)) addUse(local.name as string, { node, kind: 'export', parents: [...parents].reverse() });
      return;
    }
    if (node.type === 'Identifier' && watched.has(node.name as string) && !bindings.has(node) && !isPropertyName(node, parent)) {
      addUse(node.name as string, { node, kind: 'plain', parents: [...parents].reverse() });
    }
    parents.push(node);
    forEachChild(node, visit);
    parents.pop();
  };
  visit(program);
  return scan;
}

function isPropertyName(node: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node) return !parent.computed;
  if (parent.type === 'TSQualifiedName' && parent.right === node) return true;
  // An enum member's name is its `id`: `enum E { SEMATTRS_X = 1 }` declares E.SEMATTRS_X, not a use of the import.
  if (parent.type === 'TSEnumMember') return parent.id === node;
  return KEYED.has(parent.type) && parent.key === node && !parent.computed;
}

/** The identifiers a binding pattern declares. */
function patternIdentifiers(pattern: Node | null | undefined): Node[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left as Node);
    case 'RestElement':
      return patternIdentifiers(pattern.argument as Node);
    case 'TSParameterProperty':
      return patternIdentifiers(pattern.parameter as Node);
    case 'ArrayPattern':
      return (pattern.elements as (Node | null)[]).flatMap((element) => patternIdentifiers(element));
    case 'ObjectPattern':
      return (pattern.properties as Node[]).flatMap((p) => patternIdentifiers((p.type === 'RestElement' ? p.argument : p.value) as Node));
    default:
      return [];
  }
}
