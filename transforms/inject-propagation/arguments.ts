/**
 * Reading a fetch call's arguments: does the helper need the input (a Request's own headers), and can the input
 * expression be written a second time without running anything twice?
 *
 * The helper needs the input only when the input may be a Request and init may lack headers: fetch replaces a
 * Request's headers with init's when init has some, and the helper's new `headers` would otherwise drop them.
 */
import type { ASTPath } from 'jscodeshift';
import { isIdentifier, parentOf, skipTypeWrappers } from '../../src/codemod/ast.js';

type AnyNode = { type: string; [key: string]: unknown };

interface Scope {
  lookup(name: string): Scope | null;
  getBindings(): Record<string, ASTPath[] | undefined>;
}

/** An init object literal that certainly sets headers: `{ headers: {…} | […] | new Headers(…) }`, not overridden by a later spread. */
export function initSetsHeaders(init: AnyNode | undefined): boolean {
  if (!init) return false;
  const node = skipTypeWrappers(init);
  if (node.type !== 'ObjectExpression') return false;
  let sets = false;
  for (const property of node.properties as AnyNode[]) {
    if (property.type === 'SpreadElement' || property.type === 'SpreadProperty') {
      sets = false; // a later spread may replace headers with undefined
      continue;
    }
    if ((property.type !== 'Property' && property.type !== 'ObjectProperty') || property.computed) continue;
    const key = property.key as AnyNode;
    const name = key.type === 'Identifier' ? key.name : key.value;
    if (name !== 'headers') continue;
    // A variable may hold undefined at run time, and then fetch keeps the Request's headers.
    const value = skipTypeWrappers(property.value as AnyNode);
    sets = value.type === 'ObjectExpression' || value.type === 'ArrayExpression' || value.type === 'NewExpression';
  }
  return sets;
}

/**
 * False when the input is certainly not a Request: literals, template literals, string concatenation, `new URL(…)`,
 * `String(…)`, `x.toString()`, `x.href`, and constants or typed parameters holding those.
 */
export function inputMayBeRequest(path: ASTPath, node: AnyNode, depth = 0): boolean {
  const input = skipTypeWrappers(node);
  switch (input.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return false;
    case 'Literal':
      return typeof input.value !== 'string';
    case 'BinaryExpression':
      return false; // a string (concatenation) or a number: never a Request
    case 'NewExpression':
      return !isIdentifier(input.callee, 'URL');
    case 'CallExpression': {
      const callee = input.callee as AnyNode;
      if (isIdentifier(callee, 'String') || isIdentifier(callee, 'encodeURI')) return false;
      return !(callee.type === 'MemberExpression' && isIdentifier(callee.property, 'toString') && !callee.computed);
    }
    case 'MemberExpression':
      return !(!input.computed && isIdentifier(input.property, 'href'));
    case 'Identifier':
      return depth < 3 ? identifierMayBeRequest(path, input.name as string, depth) : true;
    default:
      return true;
  }
}

/** Follows a `const` to its initializer, or reads a parameter's type annotation. */
function identifierMayBeRequest(path: ASTPath, name: string, depth: number): boolean {
  const binding = bindingOf(path, name);
  if (!binding) return true;
  const constant = constantOf(binding);
  if (constant) return inputMayBeRequest(constant.path, constant.init, depth + 1);
  // A parameter typed string, URL, or a union of those.
  const id = binding.node as unknown as AnyNode;
  const annotation = (id.typeAnnotation as AnyNode | undefined)?.typeAnnotation as AnyNode | undefined;
  return !(annotation && isStringOrUrlType(annotation));
}

/** The one declaration of `name` seen from `path`, or null (a global, or declared more than once). */
function bindingOf(path: ASTPath, name: string): ASTPath | null {
  const scope = (path as unknown as { scope: Scope | null }).scope?.lookup(name);
  const declarations = scope?.getBindings()[name];
  return declarations?.length === 1 ? declarations[0] : null;
}

/** A `const name = init` declarator around a bound identifier: its initializer and the declarator's path. */
function constantOf(idPath: ASTPath): { path: ASTPath; init: AnyNode } | null {
  const declaratorPath = parentOf(idPath);
  const parent = declaratorPath?.node as AnyNode | undefined;
  if (!declaratorPath || parent?.type !== 'VariableDeclarator' || parent.id !== idPath.node || !parent.init) return null;
  const declaration = parentOf(declaratorPath)?.node as AnyNode | undefined;
  if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return null;
  return { path: declaratorPath, init: parent.init as AnyNode };
}

/** What a `const` named `name` (seen from `path`) was initialised with, or null for anything else. */
export function constInitializer(path: ASTPath, name: string): { path: ASTPath; init: AnyNode } | null {
  const binding = bindingOf(path, name);
  return binding ? constantOf(binding) : null;
}

function isStringOrUrlType(type: AnyNode): boolean {
  if (type.type === 'TSStringKeyword') return true;
  if (type.type === 'TSTypeReference') return isIdentifier(type.typeName, 'URL');
  if (type.type === 'TSUnionType') return (type.types as AnyNode[]).every(isStringOrUrlType);
  return false;
}


/**
 * An expression that reads the same value when written twice and runs nothing: `url`, `this.url`, `config.api.url`,
 * `req['url']`. Calls, `new`, `await` and the like are not.
 */
export function isRereadable(node: AnyNode): boolean {
  const input = skipTypeWrappers(node);
  switch (input.type) {
    case 'Identifier':
    case 'ThisExpression':
      return true;
    case 'MemberExpression': {
      if (input.optional) return false;
      const property = input.property as AnyNode;
      const keyOk = input.computed
        ? ['StringLiteral', 'NumericLiteral', 'Literal'].includes(property.type)
        : property.type === 'Identifier' || property.type === 'PrivateName';
      return keyOk && isRereadable(input.object as AnyNode);
    }
    default:
      return false;
  }
}

/**
 * A string built from rereadable values only: `` `${base}/orders/${id}` ``, `base + '/x'`. Written twice it builds
 * the same text, so it may be repeated where it cannot move into a `const` (a call nested in another call).
 */
export function isRereadableText(node: AnyNode): boolean {
  const input = skipTypeWrappers(node);
  switch (input.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return (input.expressions as AnyNode[]).every((expression) => isRereadable(expression) || isRereadableText(expression));
    case 'BinaryExpression':
      return input.operator === '+' && [input.left, input.right].every((side) => isRereadable(side as AnyNode) || isRereadableText(side as AnyNode));
    default:
      return false;
  }
}
