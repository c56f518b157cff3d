/**
 * What a name means at a place in the file, as far as syntax tells it: for wrap-spans' return kinds, so that `return
 * result` after `const result = { … }`, or `return helper()` for a same-file `function helper() { return 1 }`, is
 * decided without the TypeScript checker (a program per file, the slowest part of `wrap-spans --exported`); and for
 * pino-mixin, which declaration a name read at a call is (declarationsAt), without building ast-types' scopes.
 *
 * Every binding of the file is collected once, with the range of the scope it is visible in; a name is read at a place
 * from its innermost binding there. Only these kinds are ever followed — a `const` with an initializer, a parameter with
 * a declared type, a function declaration, an import (its module and name) — and any other binding of the name there (`let`, `var`, an import, a
 * destructured parameter, a class, a second declaration in the same scope, overloads) leaves it unknown.
 */
import { forEachChild, isFunction, keyName, type Node } from './ast.js';
import { patternIdentifiers } from './names.js';
import { holdsAny, wordOffsets } from './node-paths.js';

export type Binding =
  /** `const name = init` (init may be a function); `type`: the declared type, which is what TypeScript reads. */
  | { kind: 'const'; init: Node; type: Node | null }
  /** `(name: Type)`: the declared type. */
  | { kind: 'parameter'; type: Node }
  /** `function name() {}` */
  | { kind: 'function'; fn: Node }
  /** `import { imported as name } from 'source'` (`default` and `*` for the other two forms). */
  | { kind: 'import'; source: string; imported: string }
  /** Anything else, or a name declared twice in one scope. */
  | { kind: 'other' };

/** What a type name means: the checker reads a type by its own name, so only aliases can turn out to be promises. */
export type TypeBinding =
  /** `type Name = type` */
  | { kind: 'alias'; type: Node }
  /** An interface, class or enum: a type of its own name (not `Promise`, whatever it extends). */
  | { kind: 'named' }
  /** A type parameter of `owner` (a function, class, interface or alias). */
  | { kind: 'type-parameter'; owner: Node }
  /** `import { imported as Name } from 'source'` (also `import type`). */
  | { kind: 'import'; source: string; imported: string }
  | { kind: 'other' };

/** Where a name is declared. */
export interface Declaration {
  /** The identifier that declares the name. */
  id: Node;
  /**
   * The node whose declaration it is: a VariableDeclarator (its `id` holds `id`), a function (for its name, or a
   * parameter: its `params` hold `id`), an import specifier, a class, enum, catch clause, namespace or
   * `import x = require()`.
   */
  owner: Node;
  /** `var`, `let`, `const` (`using`…) for a variable; null otherwise. */
  variableKind: string | null;
}

interface Declared<B> {
  binding: B | typeof OTHER;
  scope: Node;
  /** Null for a type's name. */
  site: Declaration | null;
}

type Scoped<B> = Map<string, Declared<B>[]>;

const BLOCK_SCOPES = new Set(['BlockStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'CatchClause', 'StaticBlock', 'TSModuleBlock']);
const OTHER = { kind: 'other' } as const;

/**
 * Names looked up one by one, each by a walk of only the parts of the tree whose text holds it, before the whole file's
 * bindings are collected in one walk instead. wrap-spans asks one to three names in most files that ask any (on the
 * benchmark's dense set, 328 names in 170 of 613 files), and the whole-file walk was a tenth of its time there.
 */
const NAMES_BEFORE_WHOLE_FILE = 6;

export class FileBindings {
  private collected: Collected | undefined;
  private readonly byName = new Map<string, Collected>();

  /**
   * `path`: the file's path, for the modules it imports (./modules.ts); null when it has none (a snippet).
   * `source`: the text the program's offsets point into; with it, a name is looked up near its words only.
   */
  constructor(
    readonly program: Node,
    readonly path: string | null = null,
    private readonly source?: string,
  ) {}

  /** The binding `name` refers to at `position`; null when the file does not declare it there (a global, say). */
  resolve(name: string, position: number): Binding | null {
    const collected = this.collectedFor(name);
    if (inNamespace(collected, position)) return OTHER;
    return innermost(collected.values, name, position);
  }

  /**
   * The bindings of `name` (and of other names met on the way): every declaration, assignment and scope of a name
   * holds its word, so the subtrees without it are skipped.
   */
  private collectedFor(name: string): Collected {
    if (this.collected) return this.collected;
    if (this.source === undefined || this.byName.size >= NAMES_BEFORE_WHOLE_FILE) return (this.collected = collect(this.program));
    let near = this.byName.get(name);
    if (!near) this.byName.set(name, (near = collect(this.program, wordOffsets(this.source, name))));
    return near;
  }

  /**
   * The declarations of `name` in the innermost scope around `position` that declares it: one, or more where that
   * scope declares the name twice (overloads, `var` again); none for a name the file does not declare there (a
   * global). Block scopes count (`let` in a block), unlike ast-types' scopes (programs, functions, catch clauses).
   */
  declarationsAt(name: string, position: number): Declaration[] {
    let innermostScope: Node | null = null;
    let sites: Declaration[] = [];
    for (const { scope, site } of this.collectedFor(name).values.get(name) ?? []) {
      if (!site || position < scope.start || position >= scope.end) continue;
      if (innermostScope && scope.start === innermostScope.start && scope.end === innermostScope.end) sites.push(site);
      else if (!innermostScope || scope.start > innermostScope.start || scope.end < innermostScope.end) {
        innermostScope = scope;
        sites = [site];
      }
    }
    return sites;
  }

  /** The same for a type name (`Invoice` in `): Invoice {`). */
  resolveType(name: string, position: number): TypeBinding | null {
    const collected = this.collectedFor(name);
    if (inNamespace(collected, position)) return OTHER;
    return innermost(collected.types, name, position);
  }
}

const inNamespace = (collected: Collected, position: number): boolean =>
  collected.opaque.some((namespace) => namespace.start <= position && position < namespace.end);

/** The declaration of `name` in the innermost scope around `position`; `other` when that scope declares it twice. */
function innermost<B>(scoped: Scoped<B>, name: string, position: number): B | typeof OTHER | null {
  let found: Declared<B> | null = null;
  let twice = false;
  for (const declared of scoped.get(name) ?? []) {
    const { scope } = declared;
    if (position < scope.start || position >= scope.end) continue;
    if (found && scope.start === found.scope.start && scope.end === found.scope.end) twice = true;
    else if (!found || scope.start > found.scope.start || scope.end < found.scope.end) {
      found = declared;
      twice = false;
    }
  }
  if (!found) return null;
  return twice ? OTHER : found.binding;
}

function push<B>(scoped: Scoped<B>, name: string, binding: B, scope: Node, site: Declaration | null = null): void {
  const list = scoped.get(name);
  if (list) list.push({ binding, scope, site });
  else scoped.set(name, [{ binding, scope, site }]);
}

interface Collected {
  values: Scoped<Binding>;
  types: Scoped<TypeBinding>;
  /** Namespaces: a name read inside one is not followed. */
  opaque: Node[];
}

/** Every binding of the file; with `near` (sorted offsets of a name's words), of the subtrees that hold one only. */
function collect(program: Node, near?: readonly number[]): Collected {
  const values: Scoped<Binding> = new Map();
  const types: Scoped<TypeBinding> = new Map();
  const opaque: Node[] = [];
  const assigned = new Set<string>();
  /** `id` declares a value in `scope`, as part of `owner`'s declaration. */
  const add = (id: Node, binding: Binding, scope: Node, owner: Node, variableKind: string | null = null): void => {
    push(values, id.name as string, binding, scope, { id, owner, variableKind });
  };
  const addType = (id: Node | null | undefined, binding: TypeBinding, scope: Node): void => {
    if (id?.type === 'Identifier') push(types, id.name as string, binding, scope);
  };
  /** Type parameters (`<T>`) of a function, class, interface or alias, seen inside it. */
  const addTypeParameters = (node: Node): void => {
    const parameters = (node.typeParameters as Node | null | undefined)?.params as Node[] | undefined;
    for (const parameter of parameters ?? []) {
      if (typeof parameter.name === 'string') push(types, parameter.name, { kind: 'type-parameter', owner: node }, node);
    }
  };
  const addAll = (pattern: Node | null | undefined, scope: Node, owner: Node, variableKind: string | null = null): void => {
    for (const id of patternIdentifiers(pattern)) add(id, OTHER, scope, owner, variableKind);
  };

  // `block`: the innermost block scope; `functionScope`: the innermost function (or the program), for `var`.
  const visit = (node: Node, block: Node, functionScope: Node): void => {
    forEachChild(node, (child) => {
      if (near && !holdsAny(near, child.start, child.end)) return;
      if (isFunction(child)) {
        addTypeParameters(child);
        for (const param of (child.params as Node[] | undefined) ?? []) {
          // An optional parameter may be undefined whatever its type says.
          const type = param.type === 'Identifier' && !param.optional ? (param.typeAnnotation as Node | null | undefined)?.typeAnnotation : undefined;
          if (type) add(param, { kind: 'parameter', type: type as Node }, child, child);
          else addAll(param, child, child);
        }
        const id = child.id as Node | null | undefined;
        if (id?.type === 'Identifier') {
          if (child.type === 'FunctionDeclaration') {
            add(id, { kind: 'function', fn: child }, block, child);
            // In a block of a script, the function is also its function's (Annex B): not followed there.
            if (block !== functionScope) add(id, OTHER, functionScope, child);
          }
          // A function expression's own name is seen only inside it, after its parameters (which hide it).
          else add(id, OTHER, child, child);
        }
        visit(child, child, child);
        return;
      }
      switch (child.type) {
        case 'TSDeclareFunction':
          // An overload signature: with the implementation, the name is declared twice here and left unknown.
          if ((child.id as Node | null)?.type === 'Identifier') add(child.id as Node, OTHER, block, child);
          return;
        case 'VariableDeclaration': {
          const kind = child.kind as string;
          for (const declarator of child.declarations as Node[]) {
            const id = declarator.id as Node;
            const init = declarator.init as Node | null;
            if (kind === 'const' && id.type === 'Identifier' && init) {
              const type = (id.typeAnnotation as Node | null | undefined)?.typeAnnotation as Node | undefined;
              add(id, { kind: 'const', init, type: type ?? null }, block, declarator, kind);
            }
            else addAll(id, kind === 'var' ? functionScope : block, declarator, kind);
          }
          break;
        }
        case 'ClassDeclaration':
        case 'TSEnumDeclaration':
          addAll(child.id as Node | null, block, child);
          addType(child.id as Node | null, { kind: 'named' }, block);
          if (child.type === 'ClassDeclaration') addTypeParameters(child);
          break;
        case 'TSInterfaceDeclaration':
          addType(child.id as Node, { kind: 'named' }, block);
          addTypeParameters(child);
          break;
        case 'TSTypeAliasDeclaration':
          addType(child.id as Node, { kind: 'alias', type: child.typeAnnotation as Node }, block);
          addTypeParameters(child);
          break;
        case 'TSImportEqualsDeclaration':
          addAll(child.id as Node | null, block, child);
          addType(child.id as Node | null, OTHER, block);
          break;
        case 'ImportDeclaration':
          for (const specifier of child.specifiers as Node[]) {
            const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : keyName(specifier.imported as Node, false);
            const from = imported === null ? OTHER : ({ kind: 'import', source: String((child.source as Node).value), imported } as const);
            const typeOnly = child.importKind === 'type' || specifier.importKind === 'type';
            add(specifier.local as Node, typeOnly ? OTHER : from, program, specifier);
            addType(specifier.local as Node, from, program);
          }
          return;
        case 'CatchClause':
          addAll(child.param as Node | null, child, child);
          break;
        case 'TSModuleDeclaration':
          // A namespace merges with other declarations of itself and exports its names into them: not followed.
          addAll(child.id as Node, block, child);
          opaque.push(child);
          break;
        case 'AssignmentExpression':
        case 'UpdateExpression': {
          // A function declaration can be assigned (JavaScript): the name no longer says which function it holds.
          const target = (child.type === 'AssignmentExpression' ? child.left : child.argument) as Node;
          if (target.type === 'Identifier') assigned.add(target.name as string);
          break;
        }
        case 'ClassExpression':
          // Like a function expression's, its own name is seen only inside it.
          addAll(child.id as Node | null, child, child);
          addType(child.id as Node | null, { kind: 'named' }, child);
          addTypeParameters(child);
          break;
        default:
          break;
      }
      // A function's body is the function's own scope: its declarations, `var`s and parameters are one scope.
      visit(child, BLOCK_SCOPES.has(child.type) && child !== functionScope.body ? child : block, functionScope);
    });
  };
  visit(program, program, program);
  for (const name of assigned) {
    for (const declared of values.get(name) ?? []) if (declared.binding.kind === 'function') declared.binding = OTHER;
  }
  return { values, types, opaque };
}
