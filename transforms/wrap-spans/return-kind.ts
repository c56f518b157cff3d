/**
 * What a sync function returns, which decides where its span ends:
 * - `sync`: not a promise; the span ends when the function returns;
 * - `promise`: always a promise; the span ends when it settles;
 * - `maybe`: sometimes a promise; the generated code checks `instanceof Promise` at run time.
 *
 * Syntax decides most cases (a declared return type, literal or `new Promise` returns, no value returned at all).
 * When it cannot, JavaScript gets the run-time check, which is correct for any value. TypeScript needs the real type
 * (an `instanceof` on a `number` does not compile), so the checker is asked, lazily: see ./types.ts.
 */
import type { Node } from '../../src/codemod/ast.js';
import { walkOwn } from './ast.js';
import type { Binding, FileBindings } from '../../src/codemod/bindings.js';
import { exportedType, exportedValue } from './modules.js';

export type ReturnKind = 'sync' | 'promise' | 'maybe';
/** `unknown`: syntax cannot tell. */
type Verdict = ReturnKind | 'unknown';

const PROMISE_TYPE_NAMES = new Set(['Promise', 'PromiseLike']);
const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any', 'try']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
/** Declared types that are never promises. */
const NON_PROMISE_REFERENCES = new Set([
  'Array', 'ReadonlyArray', 'Map', 'Set', 'ReadonlyMap', 'ReadonlySet', 'WeakMap', 'WeakSet', 'Record', 'Date', 'RegExp',
  'Error', 'Uint8Array', 'Buffer', 'URL', 'URLSearchParams', 'Iterable', 'Iterator', 'IterableIterator', 'Response',
  'Request', 'Headers', 'FormData', 'Blob', 'AbortController', 'AbortSignal',
]);
const SYNC_TYPE_NODES = new Set([
  'TSVoidKeyword', 'TSUndefinedKeyword', 'TSNullKeyword', 'TSNeverKeyword', 'TSNumberKeyword', 'TSStringKeyword',
  'TSBooleanKeyword', 'TSBigIntKeyword', 'TSSymbolKeyword', 'TSLiteralType', 'TSTemplateLiteralType', 'TSArrayType',
  'TSTupleType', 'TSTypeLiteral', 'TSFunctionType', 'TSConstructorType', 'TSThisType', 'TSTypePredicate', 'TSTypeOperator',
]);
const SYNC_EXPRESSIONS = new Set([
  'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'RegExpLiteral', 'BigIntLiteral', 'TemplateLiteral',
  'ObjectExpression', 'ArrayExpression', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression', 'UnaryExpression',
  'UpdateExpression', 'BinaryExpression', 'JSXElement', 'JSXFragment', 'ThisExpression',
]);

/**
 * The return kind of a sync function from its syntax, or null when only types can tell. `typeScript` files never
 * get `maybe` from a guess: the run-time check must compile against the real type. With the file's `bindings`, names
 * the file declares are followed (a `const`'s value, a parameter's declared type, a same-file function's own returns).
 */
export function syntacticReturnKind(fn: Node, typeScript: boolean, bindings: FileBindings | null = null): ReturnKind | null {
  const kind = functionKind(fn, { root: fn, bindings, visiting: new Set(), verdicts: new Map() });
  if (kind !== 'unknown') return kind;
  return typeScript ? null : 'maybe';
}

interface Context {
  /** The function being wrapped: its own type parameters say nothing about a promise (see ./types.ts). */
  readonly root: Node;
  readonly bindings: FileBindings | null;
  /** The functions and values being read, so that recursion (`function f() { return f() }`) stays unknown. */
  readonly visiting: Set<Node>;
  /**
   * Verdicts of functions, values and aliases read before for this root. A read that meets recursion is `unknown`,
   * and `unknown` wins every combination, so a verdict does not depend on the path it was reached by: it can be kept.
   * Without this, functions that call each other twice over (a recursive-descent parser) take exponential time. Not
   * kept across roots: what a type parameter says depends on the root.
   */
  readonly verdicts: Map<Node, Verdict>;
}

/** What calling `fn` gives, from its syntax. */
function functionKind(fn: Node, context: Context): Verdict {
  // A generator function gives a generator (an async one too), an async function a promise.
  if (fn.generator) return 'sync';
  if (fn.async) return 'promise';
  // Without a `return <value>` the function gives undefined or throws, whatever its declared type allows (`unknown`,
  // `any`): never a promise. (Checking `instanceof Promise` there would not even compile when the body always throws:
  // the code after it is unreachable, so TypeScript does not narrow the result there.)
  if (!returnsValue(fn)) return 'sync';
  const returnType = fn.returnType as Node | null | undefined;
  const declared = returnType ? typeKind(returnType.typeAnnotation as Node, context) : 'unknown';
  if (declared !== 'unknown') return declared;
  const body = once(fn, context, () => bodyKind(fn, context));
  // A declared type syntax cannot read is what the wrapper is type-checked against: the run-time check's promise
  // branch may not fit it (`): Database<T> & { $client: C }` with `return construct(…) as any`). Only the checker
  // can tell; a body that never gives a promise fits any type in the plain shape.
  return returnType && body === 'maybe' ? 'unknown' : body;
}

/** `read()` of a function, value or alias not already being read further up: recursion is `unknown`. */
function once(node: Node, context: Context, read: () => Verdict): Verdict {
  const known = context.verdicts.get(node);
  if (known !== undefined) return known;
  if (context.visiting.has(node)) return 'unknown';
  context.visiting.add(node);
  try {
    const verdict = read();
    context.verdicts.set(node, verdict);
    return verdict;
  } finally {
    context.visiting.delete(node);
  }
}

/** The function's own `return` statements (not those of nested functions); none for an expression-bodied arrow. */
export function ownReturns(fn: Node): Node[] {
  const returns: Node[] = [];
  walkOwn(fn.body as Node, (node) => {
    if (node.type === 'ReturnStatement') returns.push(node);
  });
  return returns;
}

/** Whether the function can give a value other than undefined: an expression body, or a `return` with a value. */
function returnsValue(fn: Node): boolean {
  if ((fn.body as Node).type !== 'BlockStatement') return true;
  return ownReturns(fn).some((r) => r.argument !== null && !isUndefined(r.argument as Node));
}

const isUndefined = (node: Node): boolean => node.type === 'Identifier' && node.name === 'undefined';

function bodyKind(fn: Node, context: Context): Verdict {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement') return expressionKind(body, context);
  const returns = ownReturns(fn).map((r) => r.argument as Node | null);
  const values = returns.filter((argument): argument is Node => argument !== null && !isUndefined(argument));
  const verdicts = values.map((value) => expressionKind(value, context));
  // `return;` or running off the end beside `return promise`: sometimes undefined, so `result.then` would throw.
  if (values.length < returns.length || !endsInExit(body)) verdicts.push('sync');
  return combine(verdicts);
}

/** Whether a statement never completes normally: it ends in a `return` or `throw` on every branch syntax can see. */
function endsInExit(statement: Node | null | undefined): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return endsInExit((statement.body as Node[]).at(-1));
    case 'IfStatement':
      return endsInExit(statement.consequent as Node) && endsInExit(statement.alternate as Node | null);
    default:
      return false;
  }
}

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.length === 0 || verdicts.every((v) => v === 'sync')) return 'sync';
  if (verdicts.includes('unknown')) return 'unknown';
  if (verdicts.every((v) => v === 'promise')) return 'promise';
  return 'maybe';
}

function expressionKind(node: Node, context: Context): Verdict {
  switch (node.type) {
    case 'ParenthesizedExpression':
    case 'TSNonNullExpression':
    case 'TypeCastExpression':
      return expressionKind(node.expression as Node, context);
    case 'TSAsExpression':
      // `[a, b] as const` is the operand, read-only.
      if (isConstAssertion(node)) return expressionKind(node.expression as Node, context);
      // The value has the asserted type, whatever the operand's: `x as unknown as T` is a `T` (only the checker knows
      // what that is), not an `unknown` the run-time check could be written against.
      return typeKind(node.typeAnnotation as Node, context);
    case 'TSSatisfiesExpression': {
      const declared = typeKind(node.typeAnnotation as Node, context);
      return declared !== 'unknown' ? declared : expressionKind(node.expression as Node, context);
    }
    case 'ConditionalExpression':
      return combine([expressionKind(node.consequent as Node, context), expressionKind(node.alternate as Node, context)]);
    case 'LogicalExpression':
      return combine([expressionKind(node.left as Node, context), expressionKind(node.right as Node, context)]);
    case 'SequenceExpression':
      return expressionKind((node.expressions as Node[])[(node.expressions as Node[]).length - 1], context);
    case 'AssignmentExpression':
      return expressionKind(node.right as Node, context);
    case 'Identifier':
      return node.name === 'undefined' ? 'sync' : valueKind(node, context);
    case 'MemberExpression':
      return isLengthRead(node) ? 'sync' : 'unknown';
    case 'NewExpression': {
      const callee = node.callee as Node;
      if (callee.type !== 'Identifier') return 'unknown';
      const name = callee.name as string;
      return name === 'Promise' ? 'promise' : /Promise/.test(name) ? 'unknown' : 'sync';
    }
    case 'CallExpression': {
      const callee = node.callee as Node;
      if (isBuiltinSyncCall(node)) return 'sync';
      if (callee.type === 'Identifier') return calledKind(node, context);
      if (callee.type !== 'MemberExpression' || callee.computed) return 'unknown';
      const property = callee.property as Node;
      if (property.type !== 'Identifier') return 'unknown';
      const method = property.name as string;
      const object = callee.object as Node;
      if (object.type === 'Identifier' && isReactNamespace(object, context)) return reactHookKind(method, node, context);
      if (object.type === 'Identifier' && object.name === 'Promise' && PROMISE_STATICS.has(method)) return 'promise';
      if (PROMISE_METHODS.has(method)) return 'promise';
      // Bluebird's `Promise.map`, `Promise.join`…
      const onPromise = object.type === 'Identifier' && object.name === 'Promise';
      return SYNC_METHODS.has(method) && !onPromise ? 'sync' : 'unknown';
    }
    default:
      return SYNC_EXPRESSIONS.has(node.type) ? 'sync' : 'unknown';
  }
}

/**
 * Methods of strings, arrays, numbers and dates whose names no common library gives to a method returning a promise
 * (not `find`, `get`, `keys`, `reduce`, `parse`: database clients and reducers over promises use those). A wrong
 * guess here would only end the span when the function returns; the wrapper compiles whatever the type.
 */
const SYNC_METHODS = new Set([
  'map', 'filter', 'flatMap', 'join', 'includes', 'indexOf', 'lastIndexOf', 'slice', 'concat', 'split',
  'replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith',
  'padStart', 'padEnd', 'substring', 'charAt', 'toString', 'toFixed', 'toISOString', 'toLocaleString',
  'toLocaleDateString', 'toLocaleTimeString', 'getTime',
]);

/**
 * A value name as the file declares it, or as a module of the project it imports by a relative path exports it
 * (./modules.ts): the binding, read in the context of the file that declares it.
 */
function valueBinding(identifier: Node, context: Context): { binding: Binding | null; context: Context } {
  const { bindings } = context;
  const binding = bindings?.resolve(identifier.name as string, identifier.start) ?? null;
  if (!bindings || binding?.kind !== 'import' || binding.source === REACT) return { binding, context };
  const exported = exportedValue(bindings, binding.source, binding.imported);
  return exported ? { binding: exported.binding, context: { ...context, bindings: exported.bindings } } : { binding, context };
}

/** A name's value where the file declares it: a `const`'s initializer, a parameter's declared type. */
function valueKind(identifier: Node, outer: Context): Verdict {
  const { binding, context } = valueBinding(identifier, outer);
  if (binding?.kind === 'function') return 'sync';
  let kind: Verdict = 'unknown';
  if (binding?.kind === 'parameter') kind = typeKind(binding.type, context);
  else if (binding?.kind === 'const') {
    const { init, type } = binding;
    // TypeScript reads a declared type, not the initializer (`const wide: unknown = Promise.resolve(1)`).
    kind = type ? typeKind(type, context) : once(init, context, () => expressionKind(init, context));
  }
  // Sometimes a promise by its declaration, but the return may read it narrowed (`if (typeof value === 'string')
  // return value`), and the run-time check would not compile against a narrowed `string`: only the checker knows.
  return kind === 'maybe' ? 'unknown' : kind;
}

/**
 * What a call of a name gives where the file declares the function (`function f() {}`, `const f = () => …`) or
 * imports it from React.
 */
function calledKind(call: Node, outer: Context): Verdict {
  const { binding, context } = valueBinding(call.callee as Node, outer);
  if (binding?.kind === 'function') return functionKind(binding.fn, context);
  if (binding?.kind === 'const' && !binding.type && (binding.init.type === 'ArrowFunctionExpression' || binding.init.type === 'FunctionExpression')) {
    return functionKind(binding.init, context);
  }
  if (binding?.kind === 'import' && binding.source === REACT) return reactHookKind(binding.imported, call, context);
  return 'unknown';
}

const REACT = 'react';
/**
 * React hooks that give a tuple, a ref, a function or an id, and React's element and component factories: never a
 * promise (`lazy` gives a component, whatever its loader returns).
 */
const REACT_SYNC_HOOKS = new Set([
  'useState', 'useReducer', 'useRef', 'useCallback', 'useId', 'useTransition', 'useActionState', 'useOptimistic',
  'createElement', 'cloneElement', 'createContext', 'createRef', 'forwardRef', 'memo', 'lazy',
]);

/** A React hook's result: `useMemo(() => value, deps)` gives what its callback returns. */
function reactHookKind(hook: string, call: Node, context: Context): Verdict {
  // `useMemo<unknown>(…)`: the type argument, not the callback, is what TypeScript reads.
  if (call.typeArguments || call.typeParameters) return 'unknown';
  if (REACT_SYNC_HOOKS.has(hook)) return 'sync';
  const factory = (call.arguments as Node[])[0] as Node | undefined;
  if (hook === 'useMemo' && factory && (factory.type === 'ArrowFunctionExpression' || factory.type === 'FunctionExpression')) {
    return functionKind(factory, context);
  }
  return 'unknown';
}

/** `React` in `React.useMemo(…)`: React's default or namespace import. */
function isReactNamespace(identifier: Node, context: Context): boolean {
  const binding = context.bindings?.resolve(identifier.name as string, identifier.start);
  return binding?.kind === 'import' && binding.source === REACT && (binding.imported === 'default' || binding.imported === '*');
}

const SYNC_GLOBAL_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone']);
const SYNC_GLOBAL_NAMESPACES = new Set(['JSON', 'Math', 'Object', 'Array', 'Number', 'String']);

/** `expression as const`. */
function isConstAssertion(node: Node): boolean {
  const type = node.typeAnnotation as Node;
  return type.type === 'TSTypeReference' && (type.typeName as Node).type === 'Identifier' && (type.typeName as Node).name === 'const';
}

/** `x.length`: a number on strings, arrays and functions (anything else calling a promise `length` is not worth a guess). */
function isLengthRead(node: Node): boolean {
  if (node.type !== 'MemberExpression' || node.computed) return false;
  const property = node.property as Node;
  return property.type === 'Identifier' && property.name === 'length';
}

/** Calls to standard built-ins that never return a promise (`JSON.parse(text)`, `Math.max(a, b)`, `String(x)`). */
export function isBuiltinSyncCall(node: Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee as Node;
  if (callee.type === 'Identifier') return SYNC_GLOBAL_FUNCTIONS.has(callee.name as string);
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const object = callee.object as Node;
  if (object.type !== 'Identifier' || !SYNC_GLOBAL_NAMESPACES.has(object.name as string)) return false;
  return (callee.property as Node).name !== 'fromAsync';
}

/**
 * The kind a declared type promises, as the checker would read it (./types.ts): a type is a promise by its name
 * (`Promise`, `PromiseLike`), so a same-file interface, class or enum never is, a type parameter says nothing (the
 * plain shape), and an alias is what it names. `unknown` when only the checker can resolve the name.
 */
function typeKind(type: Node, context: Context): Verdict {
  switch (type.type) {
    case 'TSParenthesizedType':
      return typeKind(type.typeAnnotation as Node, context);
    case 'TSAnyKeyword':
    case 'TSUnknownKeyword':
      return 'maybe';
    case 'TSUnionType': {
      const kinds = (type.types as Node[]).map((member) => typeKind(member, context));
      if (kinds.includes('unknown')) return 'unknown';
      if (kinds.every((k) => k === 'sync')) return 'sync';
      if (kinds.every((k) => k === 'promise')) return 'promise';
      return 'maybe';
    }
    case 'TSTypeReference': {
      const typeName = type.typeName as Node;
      if (typeName.type !== 'Identifier') return 'unknown';
      const name = typeName.name as string;
      if (PROMISE_TYPE_NAMES.has(name)) return 'promise';
      const declared = declaredTypeKind(typeName, context);
      if (declared !== null) return declared;
      return NON_PROMISE_REFERENCES.has(name) ? 'sync' : 'unknown';
    }
    default:
      return SYNC_TYPE_NODES.has(type.type) ? 'sync' : 'unknown';
  }
}

/**
 * A type name the file declares (or imports from its own modules): an interface, class or enum is no promise, an alias
 * is what it names, the wrapped function's own type parameter says nothing; another type parameter (a callee's, an
 * alias's) may stand for a promise where it is used. null when the file does not declare the name (a global).
 */
function declaredTypeKind(typeName: Node, outer: Context): Verdict | null {
  let context = outer;
  let binding = context.bindings?.resolveType(typeName.name as string, typeName.start);
  if (context.bindings && binding?.kind === 'import') {
    const exported = exportedType(context.bindings, binding.source, binding.imported);
    if (exported) {
      binding = exported.binding;
      context = { ...context, bindings: exported.bindings };
    }
  }
  if (!binding) return null;
  if (binding.kind === 'named') return 'sync';
  if (binding.kind === 'type-parameter') return binding.owner === context.root ? 'sync' : 'unknown';
  if (binding.kind !== 'alias') return 'unknown';
  return once(binding.type, context, () => typeKind(binding.type, context));
}
