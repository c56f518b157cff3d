/** What the file already has: wrapped functions, functions that start spans themselves, a tracer to reuse. */
import { API_MODULE, GET_TRACER, SPAN_CREATING_METHODS, SPAN_END, START_ACTIVE_SPAN, TRACE_API } from '../../src/otel/api.js';
import { childNode, identifierName, isFunction, requiredModule, stringValue, walk, type Node } from '../../src/codemod/ast.js';
import { collectPatternNames } from '../../src/codemod/names.js';
import { walkOwn } from './ast.js';

/**
 * The function's body is `return x.startActiveSpan(…, (span) => { … span.end() … })` (or the same call as its only
 * statement or expression body): wrapped already, by us or by hand.
 */
export function isAlreadyWrapped(fn: Node): boolean {
  const body = fn.body as Node;
  let expression: Node | null = body;
  if (body.type === 'BlockStatement') {
    const statements = body.body as Node[];
    const only = statements.length === 1 ? statements[0] : null;
    expression = only?.type === 'ReturnStatement' ? (only.argument as Node | null) : only?.type === 'ExpressionStatement' ? (only.expression as Node) : null;
  }
  if (expression?.type === 'AwaitExpression') expression = expression.argument as Node;
  if (expression?.type !== 'CallExpression' || methodName(expression) !== START_ACTIVE_SPAN) return false;
  const callback = (expression.arguments as Node[]).at(-1);
  const spanName = callback && isFunction(callback) ? identifierName((callback.params as Node[])[0]) : null;
  if (!callback || spanName === null) return false;
  let ends = false;
  walk(callback, (node) => {
    // methodName answers only for member calls: the callee has an object.
    if (node.type === 'CallExpression' && methodName(node) === SPAN_END && identifierName(childNode(childNode(node, 'callee'), 'object')) === spanName) {
      ends = true;
    }
  });
  return ends;
}

/** The function calls `startSpan`/`startActiveSpan` itself (outside nested functions): a second span would nest in it. */
export function startsOwnSpan(fn: Node): boolean {
  let found = false;
  walkOwn(fn.body as Node, (node) => {
    if (node.type === 'CallExpression' && SPAN_CREATING_METHODS.has(methodName(node) ?? '')) found = true;
  });
  return found;
}

/**
 * The function reads itself by `name` (`return visit(node.left)`, `items.map(visit)`, `this.visit(child)` in a
 * method), nested functions included. TypeScript infers such a function's return type past the recursion, but once
 * wrapped the recursion sits in the span's callback, whose type is the function's own: an implicit `any` (TS7023).
 */
export function readsItself(fn: Node, name: string): boolean {
  const method = fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod' || fn.type === 'ObjectMethod';
  let found = false;
  walk(fn.body as Node, (node, parent) => {
    if (found) return false;
    if (method) {
      const property = node.type === 'MemberExpression' && !node.computed && (node.object as Node).type === 'ThisExpression' ? (node.property as Node) : null;
      const key = property?.type === 'PrivateName' ? `#${identifierName(property.id) ?? ''}` : property ? identifierName(property) : null;
      if (key === name) found = true;
      return undefined;
    }
    if (node.type !== 'Identifier' || node.name !== name) return undefined;
    // A property's name, not a reference: `x.visit`, `{ visit: 1 }`.
    const isPropertyName =
      ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === node && !parent.computed) ||
      ((parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassProperty' || parent.type === 'ClassMethod') &&
        parent.key === node &&
        !parent.computed &&
        !(parent.type === 'ObjectProperty' && parent.shorthand));
    if (!isPropertyName) found = true;
    return undefined;
  });
  return found;
}

/**
 * A parameter that the body redeclares with `var` or a function declaration. Inside the span callback that
 * declaration would make a new variable instead of reusing the parameter, so such functions are left alone.
 */
export function redeclaredParameter(fn: Node): string | null {
  const params = new Set<string>();
  for (const param of fn.params as Node[]) collectPatternNames(param, params);
  let found: string | null = null;
  walkOwn(fn.body as Node, (node) => {
    if (node.type === 'VariableDeclaration' && node.kind === 'var') {
      const names = new Set<string>();
      for (const declarator of node.declarations as Node[]) collectPatternNames(declarator.id as Node, names);
      for (const name of names) if (params.has(name)) found ??= name;
    }
    const declared = node.type === 'FunctionDeclaration' ? identifierName(node.id) : null;
    if (declared !== null && params.has(declared)) found ??= declared;
  });
  return found;
}

/** A top-level `const x = trace.getTracer(…)` (with `trace` from @opentelemetry/api): its name, to reuse. */
export function findExistingTracer(program: Node): string | null {
  const { traceNames, namespaceNames } = apiBindings(program);
  const isApiTrace = (node: Node): boolean => {
    if (node.type === 'Identifier') return traceNames.has(node.name as string);
    if (node.type !== 'MemberExpression' || node.computed || identifierName(node.property) !== TRACE_API) return false;
    const object = node.object as Node;
    return (object.type === 'Identifier' && namespaceNames.has(object.name as string)) || isApiRequire(object);
  };
  for (const statement of program.body as Node[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node | null) : statement;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') continue;
    for (const declarator of declaration.declarations as Node[]) {
      const init = declarator.init as Node | null;
      const name = identifierName(declarator.id);
      if (name === null || init?.type !== 'CallExpression' || methodName(init) !== GET_TRACER) continue;
      const receiver = childNode(childNode(init, 'callee'), 'object');
      if (receiver && isApiTrace(receiver)) return name;
    }
  }
  return null;
}

function apiBindings(program: Node): { traceNames: Set<string>; namespaceNames: Set<string> } {
  const traceNames = new Set<string>();
  const namespaceNames = new Set<string>();
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration' && stringValue(statement.source) === API_MODULE && statement.importKind !== 'type') {
      for (const specifier of statement.specifiers as Node[]) {
        const local = (specifier.local as Node).name as string;
        const imported = childNode(specifier, 'imported');
        if (specifier.type === 'ImportSpecifier' && specifier.importKind !== 'type' && (identifierName(imported) ?? stringValue(imported)) === TRACE_API) traceNames.add(local);
        if (specifier.type === 'ImportNamespaceSpecifier' || specifier.type === 'ImportDefaultSpecifier') namespaceNames.add(local);
      }
    }
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations as Node[]) {
      const init = declarator.init as Node | null;
      if (!init) continue;
      const id = declarator.id as Node;
      const name = identifierName(id);
      if (isApiRequire(init)) {
        if (name !== null) namespaceNames.add(name);
        if (id.type === 'ObjectPattern') {
          for (const property of id.properties as Node[]) {
            const value = property.type === 'ObjectProperty' && identifierName(property.key) === TRACE_API ? identifierName(property.value) : null;
            if (value !== null) traceNames.add(value);
          }
        }
      } else if (init.type === 'MemberExpression' && isApiRequire(init.object as Node) && identifierName(init.property) === TRACE_API && name !== null) {
        traceNames.add(name);
      }
    }
  }
  return { traceNames, namespaceNames };
}

const isApiRequire = (node: Node): boolean => requiredModule(node) === API_MODULE;

/** `x.method(…)` → 'method'. */
function methodName(call: Node): string | null {
  const callee = call.callee as Node;
  if ((callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') || callee.computed) return null;
  return identifierName(callee.property);
}
