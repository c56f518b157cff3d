/**
 * Small scope helpers shared by the rules: where a name comes from (a module, a const initializer,
 * a destructuring pattern) and what string a key expression holds.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, memberName, skipTypeWrappers, skipValueWrappers } from './ast.js';

export type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

/** Where an imported or required binding comes from: `import { propagation as p } from 'm'` → { module: 'm', imported: 'propagation' }. */
export interface ModuleOrigin {
  module: string;
  /** The exported name, `*` for the whole module (namespace, default, `require(m)`). */
  imported: string;
}

export function resolveVariable(sourceCode: SourceCode, id: TSESTree.Identifier): Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(id), id);
}

function stringLiteral(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The module a `require('m')` / `await import('m')` expression loads, or null. */
function requiredModule(node: TSESTree.Node): string | null {
  const inner = skipValueWrappers(node, { throughAwait: true });
  if (inner.type === AST_NODE_TYPES.ImportExpression) return stringLiteral(inner.source);
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === 'require'
  ) {
    return stringLiteral(inner.arguments[0]);
  }
  return null;
}

/**
 * The path of property names from a destructuring pattern's root to `target`:
 * `{ headers: { authorization } }` → ['headers', 'authorization']. Null when `target` sits under something else
 * (array patterns, computed keys, rest elements).
 */
function patternPath(pattern: TSESTree.Node, target: TSESTree.Identifier): string[] | null {
  if (pattern === target) return [];
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return patternPath(pattern.left, target);
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKeyName(property);
    if (key === null) continue;
    const rest = patternPath(property.value, target);
    if (rest) return [key, ...rest];
  }
  return null;
}

/** A property's key as a string: `a`, `'a'`, `['a']`, `` [`a`] ``; null for other computed keys. */
/** The variable a function's parameter `index` declares, when it is a plain identifier (`(span) => …`), else null. */
export function parameterVariable(sourceCode: SourceCode, fn: FunctionNode, index: number): Variable | null {
  const param = fn.params.at(index);
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  return sourceCode.getDeclaredVariables(fn).find((declared) => declared.name === param.name) ?? null;
}

export function propertyKeyName(property: TSESTree.Property): string | null {
  if (!property.computed) {
    if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
    return String(property.key.value);
  }
  return stringLiteral(property.key);
}

/** The import/require a binding comes from, or null when it is declared some other way. */
export function moduleOrigin(variable: Variable): ModuleOrigin | null {
  const def = variable.defs.at(0);
  if (!def) return null;
  if (def.type === DefinitionType.ImportBinding) {
    const node = def.node;
    if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      return ref.type === AST_NODE_TYPES.TSExternalModuleReference && typeof ref.expression.value === 'string'
        ? { module: ref.expression.value, imported: '*' }
        : null;
    }
    const declaration = node.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return null;
    if (node.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
      return { module: declaration.source.value, imported };
    }
    return { module: declaration.source.value, imported: '*' };
  }
  if (def.type === DefinitionType.Variable && def.node.init) {
    const init = skipValueWrappers(def.node.init, { throughAwait: true });
    // const x = require('m').name
    if (init.type === AST_NODE_TYPES.MemberExpression) {
      const module = requiredModule(init.object);
      const name = memberName(init);
      if (module !== null && name !== null && def.node.id.type === AST_NODE_TYPES.Identifier) return { module, imported: name };
      return null;
    }
    const module = requiredModule(init);
    if (module === null) return null;
    const path = patternPath(def.node.id, def.name);
    if (!path) return null;
    return { module, imported: path[0] ?? '*' };
  }
  return null;
}

/**
 * The expression a binding always holds: a `const` initializer, or a `let`/`var` initializer that is never
 * reassigned. For a destructured binding, the destructured expression and the path into it.
 */
export function bindingValue(variable: Variable): { init: TSESTree.Expression; path: string[] } | null {
  if (variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def.type !== DefinitionType.Variable || !def.node.init) return null;
  const declaration = def.node.parent;
  const isConst = declaration.kind === 'const';
  if (!isConst && variable.references.some((ref) => ref.isWrite() && !ref.init)) return null;
  const path = patternPath(def.node.id, def.name);
  return path ? { init: def.node.init, path } : null;
}

/** Every expression ever assigned to a binding: its initializer and each `x = expr`. */
export function assignedValues(variable: Variable): TSESTree.Expression[] {
  const values: TSESTree.Expression[] = [];
  for (const ref of variable.references) {
    if (!ref.isWrite()) continue;
    const parent = ref.identifier.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === ref.identifier && parent.init) values.push(parent.init);
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === ref.identifier && parent.operator === '=') {
      values.push(parent.right);
    }
  }
  return values;
}

/**
 * The string a key expression holds: a string literal, a template without expressions, or a `const` bound to one.
 * Null when it cannot be known.
 */
export function staticString(sourceCode: SourceCode, node: TSESTree.Node): string | null {
  const inner = skipTypeWrappers(node);
  const literal = stringLiteral(inner);
  if (literal !== null) return literal;
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(sourceCode, inner);
  const bound = variable ? bindingValue(variable) : null;
  return bound && bound.path.length === 0 ? stringLiteral(skipTypeWrappers(bound.init)) : null;
}
