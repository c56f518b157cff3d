/**
 * Reading a fetch call's arguments: does the helper need the input (a Request's own headers), and can the input
 * expression be written a second time without running anything twice?
 *
 * The helper needs the input only when the input may be a Request and init may lack headers: fetch replaces a
 * Request's headers with init's when init has some, and the helper's new `headers` would otherwise drop them.
 */
import type { ASTPath } from 'jscodeshift';

type AnyNode = { type: string; [key: string]: unknown };

interface Scope {
  lookup(name: string): Scope | null;
  getBindings(): Record<string, ASTPath[] | undefined>;
}

const unwrapTs = (node: AnyNode): AnyNode => {
  let current = node;
  while (['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression'].includes(current.type)) {
    current = current.expression as AnyNode;
  }
  return current;
};

/** An init object literal that certainly sets headers: `{ headers: {…} | […] | new Headers(…) }`, not overridden by a later spread. */
export function initSetsHeaders(init: AnyNode | undefined): boolean {
  if (!init) return false;
  const node = unwrapTs(init);
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
    const value = unwrapTs(property.value as AnyNode);
    sets = value.type === 'ObjectExpression' || value.type === 'ArrayExpression' || value.type === 'NewExpression';
  }
  return sets;
}

/**
 * False when the input is certainly not a Request: literals, template literals, string concatenation, `new URL(…)`,
 * `String(…)`, `x.toString()`, `x.href`, and constants or typed parameters holding those.
 */
export function inputMayBeRequest(path: ASTPath, node: AnyNode, depth = 0): boolean {
  const input = unwrapTs(node);
  switch (input.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return false;
    case 'Literal':
      return typeof input.value !== 'string';
    case 'BinaryExpression':
      return false; // a string (concatenation) or a number: never a Request
    case 'NewExpression':
      return !isIdentifier(input.callee as AnyNode, 'URL');
    case 'CallExpression': {
      const callee = input.callee as AnyNode;
      if (isIdentifier(callee, 'String') || isIdentifier(callee, 'encodeURI')) return false;
      return !(callee.type === 'MemberExpression' && isIdentifier(callee.property as AnyNode, 'toString') && !callee.computed);
    }
    case 'MemberExpression':
      return !(!input.computed && isIdentifier(input.property as AnyNode, 'href'));
    case 'Identifier':
      return depth < 3 ? identifierMayBeRequest(path, input.name as string, depth) : true;
    default:
      return true;
  }
}

/** Follows a `const` to its initializer, or reads a parameter's type annotation. */
function identifierMayBeRequest(path: ASTPath, name: string, depth: number): boolean {
  const scope = (path as unknown as { scope: Scope | null }).scope?.lookup(name);
  const declarations = scope?.getBindings()[name];
  if (!declarations || declarations.length !== 1) return true;
  const idPath = declarations[0]!;
  const id = idPath.node as unknown as AnyNode;
  const parent = idPath.parent?.node as AnyNode | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id === id && parent.init) {
    const declaration = idPath.parent.parent?.node as AnyNode | undefined;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return true;
    return inputMayBeRequest(idPath.parent, parent.init as AnyNode, depth + 1);
  }
  // A parameter typed string, URL, or a union of those.
  const annotation = (id.typeAnnotation as AnyNode | undefined)?.typeAnnotation as AnyNode | undefined;
  return !(annotation && isStringOrUrlType(annotation));
}

function isStringOrUrlType(type: AnyNode): boolean {
  if (type.type === 'TSStringKeyword') return true;
  if (type.type === 'TSTypeReference') return isIdentifier(type.typeName as AnyNode, 'URL');
  if (type.type === 'TSUnionType') return (type.types as AnyNode[]).every(isStringOrUrlType);
  return false;
}

const isIdentifier = (node: AnyNode | undefined, name: string): boolean => node?.type === 'Identifier' && node.name === name;

/**
 * An expression that reads the same value when written twice and runs nothing: `url`, `this.url`, `config.api.url`,
 * `req['url']`. Calls, `new`, `await` and the like are not.
 */
export function isRereadable(node: AnyNode): boolean {
  const input = unwrapTs(node);
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
