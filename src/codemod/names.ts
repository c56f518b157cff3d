/** Names in a file: which ones are used, which ones the top level binds, and fresh ones for generated code. */
import { forEachChild, identifierName, type Node } from './ast.js';

/** Identifier names in a subtree that may refer to a binding (property names after `.` and object keys excluded). */
export function referencedNames(root: Node, into: Set<string> = new Set()): Set<string> {
  const visit = (node: Node, parent: Node | null): void => {
    if (node.type === 'Identifier' && !isPropertyName(node, parent)) into.add(node.name as string);
    forEachChild(node, (child) => {
      visit(child, node);
    });
  };
  visit(root, null);
  return into;
}

const KEYED = new Set(['ObjectProperty', 'ObjectMethod', 'ClassMethod', 'ClassProperty', 'TSPropertySignature', 'TSMethodSignature']);

/** A property name after `.`, or an object or class member's key: a name that refers to no binding. */
export function isPropertyName(node: Node, parent: Node | null): boolean {
  if (parent === null || parent.computed) return false;
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node) return true;
  return KEYED.has(parent.type) && parent.key === node && !parent.shorthand;
}

/** The names a binding pattern declares (`a`, `{ b, c: d }`, `[e = 1, ...f]`, a TypeScript parameter property). */
export function collectPatternNames(pattern: Node | null | undefined, into: Set<string>): void {
  for (const id of patternIdentifiers(pattern)) into.add(id.name as string);
}

/** The identifiers that declare a binding pattern's names, in source order. */
export function patternIdentifiers(pattern: Node | null | undefined, into: Node[] = []): Node[] {
  if (!pattern) return into;
  switch (pattern.type) {
    case 'Identifier':
      into.push(pattern);
      break;
    case 'AssignmentPattern':
      patternIdentifiers(pattern.left as Node, into);
      break;
    case 'RestElement':
      patternIdentifiers(pattern.argument as Node, into);
      break;
    case 'TSParameterProperty':
      patternIdentifiers(pattern.parameter as Node, into);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements as (Node | null)[]) patternIdentifiers(element, into);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties as Node[]) {
        patternIdentifiers((property.type === 'RestElement' ? property.argument : property.value) as Node, into);
      }
      break;
    default:
      break;
  }
  return into;
}

/**
 * The names a node declares itself, in whatever scope: a variable declarator's pattern, a function's or class's name
 * and a function's parameters, a catch clause's parameter, import specifiers, `import x = require()`, an enum or a
 * namespace. Type-only names are left out, except where a value of the same name may be meant (enums, namespaces).
 */
export function declaredNames(node: Node): Set<string> {
  const names = new Set<string>();
  switch (node.type) {
    case 'VariableDeclarator':
      collectPatternNames(node.id as Node, names);
      break;
    case 'CatchClause':
      collectPatternNames(node.param as Node | null, names);
      break;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      collectPatternNames(node.local as Node, names);
      break;
    case 'TSImportEqualsDeclaration':
    case 'ClassDeclaration':
    case 'ClassExpression':
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
      collectPatternNames(node.id as Node | null, names);
      break;
    default:
      if (/Function|Method/.test(node.type) && Array.isArray(node.params)) {
        if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'TSDeclareFunction') {
          collectPatternNames(node.id as Node | null, names);
        }
        for (const param of node.params as Node[]) collectPatternNames(param, names);
      }
  }
  return names;
}

/** Names bound at the top level of the program (imports, declarations, requires), so a new top-level binding does not collide. */
export function topLevelNames(program: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body as Node[]) {
    const declaration =
      (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration
        ? (statement.declaration as Node)
        : statement;
    switch (declaration.type) {
      case 'ImportDeclaration':
        for (const specifier of declaration.specifiers as Node[]) names.add((specifier.local as Node).name as string);
        break;
      case 'TSImportEqualsDeclaration':
        names.add((declaration.id as Node).name as string);
        break;
      case 'VariableDeclaration':
        for (const declarator of declaration.declarations as Node[]) collectPatternNames(declarator.id as Node, names);
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration': {
        const name = identifierName(declaration.id);
        if (name !== null) names.add(name);
        break;
      }
      default:
        break;
    }
  }
  return names;
}

/** `base`, or `base2`, `base3`… whichever is not in `taken`. */
export function freshName(base: string, taken: { has(name: string): boolean }): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(base + String(i))) return base + String(i);
}
