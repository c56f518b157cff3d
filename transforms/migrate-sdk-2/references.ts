/**
 * References to the SDK exports a file imports: each identifier bound (at the top level) to a named import, and each
 * `ns.name` through a namespace import or require, with whether it stands in a type position. One walk of
 * jscodeshift's tree, with its scopes: a parameter or local that shadows the import is not a reference.
 */
import type { ASTPath } from 'jscodeshift';
import type { Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { isIgnored } from '../../src/codemod/ignore.js';
import type { Binding, ImportPlan } from './imports.js';

export interface Ref {
  /** The identifier, or the `ns.name` member (or `ns.Name` qualified type name). */
  path: ASTPath;
  node: Node;
  module: string;
  /** The export's 1.x name. */
  name: string;
  binding?: Binding;
  namespace?: string;
  type: boolean;
}

const TYPE_PARENTS = new Set(['TSTypeReference', 'TSTypeQuery', 'TSExpressionWithTypeArguments', 'TSClassImplements', 'TSInterfaceHeritage']);
const DECLARING_PARENTS = new Set(['ImportSpecifier', 'ImportDefaultSpecifier', 'ImportNamespaceSpecifier', 'LabeledStatement', 'BreakStatement', 'ContinueStatement']);
const KEYED = new Set(['ObjectProperty', 'ObjectMethod', 'ClassMethod', 'ClassProperty', 'ClassPrivateProperty', 'TSPropertySignature', 'TSMethodSignature', 'TSEnumMember', 'ClassAccessorProperty']);

export function collectRefs(file: CodemodFile, plan: ImportPlan, codemod: string): Ref[] {
  const { j, root } = file;
  const locals = new Set(plan.bindings.map((b) => b.local));
  const names = new Set([...locals, ...plan.namespaces.keys()]);
  if (names.size === 0) return [];
  const declarations = new Set<Node>(plan.bindings.map((b) => b.node));
  const refs: Ref[] = [];
  root.find(j.Identifier).forEach((path) => {
    const node = path.node as unknown as Node;
    const name = node.name as string;
    if (!names.has(name)) return;
    const parentPath = path.parent as ASTPath | null;
    const parent = parentPath?.node as unknown as Node | undefined;
    if (!parent || !isReference(node, parent, declarations)) return;
    const scope = (path.scope as { lookup(name: string): { isGlobal: boolean } | null } | null)?.lookup(name);
    if (scope && !scope.isGlobal) return;
    if (isIgnored(path, codemod)) return;
    const binding = plan.binding(name);
    if (binding) {
      const typeParent = TYPE_PARENTS.has(parent.type) || (parent.type === 'TSQualifiedName' && parent.left === node);
      refs.push({ path, node, module: binding.module, name: binding.imported, binding, type: typeParent });
      return;
    }
    const module = plan.namespaces.get(name);
    if (module === undefined || !parentPath) return;
    plan.useNamespace(name);
    // `ns.name` (a value) or `ns.Name` in a type.
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === node && !parent.computed) {
      refs.push({ path: parentPath, node: parent, module, name: (parent.property as Node).name as string, namespace: name, type: false });
    } else if (parent.type === 'TSQualifiedName' && parent.left === node) {
      refs.push({ path: parentPath, node: parent, module, name: (parent.right as Node).name as string, namespace: name, type: true });
    }
  });
  return refs;
}

function isReference(node: Node, parent: Node, declarations: ReadonlySet<Node>): boolean {
  if (DECLARING_PARENTS.has(parent.type)) return false;
  if (declarations.has(parent)) return false; // a require pattern's own property
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node && !parent.computed) return false;
  if (parent.type === 'TSQualifiedName' && parent.right === node) return false;
  if (KEYED.has(parent.type) && parent.key === node && !parent.computed && !parent.shorthand) return false;
  // A shorthand property's key and value are both this name: the value counts.
  if (parent.type === 'ObjectProperty' && parent.shorthand && parent.key === node && parent.value !== node) return false;
  if (parent.type === 'ExportSpecifier' && parent.exported === node && parent.local !== node) return false;
  if ((parent.type === 'VariableDeclarator' && parent.id === node) || (parent.type === 'ClassDeclaration' && parent.id === node)) return false;
  if (parent.type === 'TSImportEqualsDeclaration' && parent.id === node) return false;
  if ((parent.type === 'FunctionDeclaration' || parent.type === 'TSInterfaceDeclaration' || parent.type === 'TSTypeAliasDeclaration') && parent.id === node) return false;
  return true;
}

/** Node types that hold statements in a list. */
const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase', 'TSModuleBlock', 'ClassBody']);

/** The statement (or class member) holding a path: where a TODO comment goes. */
export function statementOf(path: ASTPath): ASTPath {
  let current = path;
  for (;;) {
    const parent = current.parent as ASTPath | null;
    if (!parent) return current;
    const parentNode = parent.node as unknown as Node;
    if (STATEMENT_LISTS.has(parentNode.type)) {
      // `export const x = …`: the export is the statement.
      return current;
    }
    current = parent;
  }
}
