/**
 * What a name means at a place in the file, as far as syntax tells it: for return-kind.ts, so that `return result`
 * after `const result = { … }`, or `return helper()` for a same-file `function helper() { return 1 }`, is decided
 * without the TypeScript checker (a program per file, the slowest part of `wrap-spans --exported`).
 *
 * Every binding of the file is collected once, with the range of the scope it is visible in; a name is read at a place
 * from its innermost binding there. Only these kinds are ever followed — a `const` with an initializer, a parameter with
 * a declared type, a function declaration, an import (its module and name) — and any other binding of the name there (`let`, `var`, an import, a
 * destructured parameter, a class, a second declaration in the same scope, overloads) leaves it unknown.
 */
import { forEachChild, isFunction, keyName, type Node } from '../../src/codemod/ast.js';
import { collectPatternNames } from '../../src/codemod/names.js';

export type Binding =
  /** `const name = init` (init may be a function). */
  | { kind: 'const'; init: Node }
  /** `(name: Type)`: the declared type. */
  | { kind: 'parameter'; type: Node }
  /** `function name() {}` */
  | { kind: 'function'; fn: Node }
  /** `import { imported as name } from 'source'` (`default` and `*` for the other two forms). */
  | { kind: 'import'; source: string; imported: string }
  /** Anything else, or a name declared twice in one scope. */
  | { kind: 'other' };

interface Declared {
  name: string;
  binding: Binding;
  scope: Node;
}

const BLOCK_SCOPES = new Set(['BlockStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'CatchClause', 'StaticBlock', 'TSModuleBlock']);
const OTHER: Binding = { kind: 'other' };

export class FileBindings {
  private byName: Map<string, Declared[]> | undefined;

  constructor(private readonly program: Node) {}

  /** The binding `name` refers to at `position`; null when the file does not declare it there (a global, say). */
  resolve(name: string, position: number): Binding | null {
    this.byName ??= collect(this.program);
    let innermost: Declared | null = null;
    let twice = false;
    for (const declared of this.byName.get(name) ?? []) {
      const { scope } = declared;
      if (position < scope.start || position >= scope.end) continue;
      if (innermost && scope.start === innermost.scope.start && scope.end === innermost.scope.end) twice = true;
      else if (!innermost || scope.start > innermost.scope.start || scope.end < innermost.scope.end) {
        innermost = declared;
        twice = false;
      }
    }
    if (!innermost) return null;
    return twice ? OTHER : innermost.binding;
  }
}

function collect(program: Node): Map<string, Declared[]> {
  const byName = new Map<string, Declared[]>();
  const add = (name: string, binding: Binding, scope: Node): void => {
    const list = byName.get(name);
    if (list) list.push({ name, binding, scope });
    else byName.set(name, [{ name, binding, scope }]);
  };
  const addAll = (pattern: Node | null | undefined, scope: Node): void => {
    const names = new Set<string>();
    collectPatternNames(pattern, names);
    for (const name of names) add(name, OTHER, scope);
  };

  // `block`: the innermost block scope; `functionScope`: the innermost function (or the program), for `var`.
  const visit = (node: Node, block: Node, functionScope: Node): void => {
    forEachChild(node, (child) => {
      if (isFunction(child)) {
        const id = child.id as Node | null | undefined;
        if (id?.type === 'Identifier') {
          if (child.type === 'FunctionDeclaration') add(id.name as string, { kind: 'function', fn: child }, block);
          // A function expression's own name is seen only inside it.
          else add(id.name as string, OTHER, child);
        }
        for (const param of (child.params as Node[] | undefined) ?? []) {
          const type = param.type === 'Identifier' ? (param.typeAnnotation as Node | null | undefined)?.typeAnnotation : undefined;
          if (type) add(param.name as string, { kind: 'parameter', type: type as Node }, child);
          else addAll(param, child);
        }
        visit(child, child, child);
        return;
      }
      switch (child.type) {
        case 'TSDeclareFunction':
          // An overload signature: with the implementation, the name is declared twice here and left unknown.
          if ((child.id as Node | null)?.type === 'Identifier') add((child.id as Node).name as string, OTHER, block);
          return;
        case 'VariableDeclaration': {
          const kind = child.kind as string;
          for (const declarator of child.declarations as Node[]) {
            const id = declarator.id as Node;
            const init = declarator.init as Node | null;
            if (kind === 'const' && id.type === 'Identifier' && init) add(id.name as string, { kind: 'const', init }, block);
            else addAll(id, kind === 'var' ? functionScope : block);
          }
          break;
        }
        case 'ClassDeclaration':
        case 'TSEnumDeclaration':
        case 'TSImportEqualsDeclaration':
          addAll(child.id as Node | null, block);
          break;
        case 'ImportDeclaration':
          for (const specifier of child.specifiers as Node[]) {
            const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : keyName(specifier.imported as Node, false);
            const binding: Binding = child.importKind === 'type' || specifier.importKind === 'type' || imported === null
              ? OTHER
              : { kind: 'import', source: String((child.source as Node).value), imported };
            add((specifier.local as Node).name as string, binding, program);
          }
          return;
        case 'CatchClause':
          addAll(child.param as Node | null, child);
          break;
        case 'ClassExpression':
          // Like a function expression's, its own name is seen only inside it.
          addAll(child.id as Node | null, child);
          break;
        default:
          break;
      }
      visit(child, BLOCK_SCOPES.has(child.type) ? child : block, functionScope);
    });
  };
  visit(program, program, program);
  return byName;
}
