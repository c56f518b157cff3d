/**
 * Same-file functions, read through: `function f() {}`, `const f = () => {}`, `const f = function () {}`.
 * Calls of them are judged by their bodies (can it throw? does it end the span it is given?), memoised per file.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileIndex } from './file-index.js';
import { type FunctionNode, skipTypeWrappers } from '../ast.js';

/** The function a name is declared as in this file: `function f() {}`, `const f = () => {}`; null otherwise. */
export function declaredFunction(sourceCode: Readonly<TSESLint.SourceCode>, id: TSESTree.Identifier): FunctionNode | null {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id), id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return null;
  // `declare function run(): void` (TypeScript's TSDeclareFunction) has no body to read.
  if (def.type === TSESLint.Scope.DefinitionType.FunctionName) return ASTUtils.isFunction(def.node) ? def.node : null;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const') return null;
  const init = def.node.init ? skipTypeWrappers(def.node.init) : null;
  return ASTUtils.isFunction(init) ? init : null;
}

export class LocalFunctions {
  /** Per ending method (`end`, OpenTracing's `finish`): the parameters each function ends. */
  private readonly endingParams = new Map<string, Map<FunctionNode, Set<number>>>();
  /**
   * Scope look-ups, once per node: the span analyses ask about the same calls for every span and every path that
   * reaches them, and a look-up walks the scope chain each time.
   */
  private readonly resolved = new Map<TSESTree.Node, FunctionNode | null>();
  private readonly bindings = new Map<TSESTree.Identifier, { source: string; imported: string | null } | null>();
  private readonly parameters = new Map<TSESTree.Identifier, boolean>();

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly index: FileIndex,
  ) {}

  /**
   * The same-file function a callee names, or null: `helper(...)` by scope; `this.helper(...)`,
   * `self.helper(...)`, `plugin._handle(...)` by the one method or function property of that name in the file.
   */
  resolve(callee: TSESTree.Node): FunctionNode | null {
    let result = this.resolved.get(callee);
    if (result === undefined) {
      const found = this.resolveDeclared(callee);
      // `declare function f(): void` and overload signatures have no body to read.
      result = found && (found as { body?: unknown }).body ? found : null;
      this.resolved.set(callee, result);
    }
    return result;
  }

  private resolveDeclared(callee: TSESTree.Node): FunctionNode | null {
    const node = skipTypeWrappers(callee);
    if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type !== AST_NODE_TYPES.PrivateIdentifier) {
      const object = skipTypeWrappers(node.object);
      if (object.type !== AST_NODE_TYPES.ThisExpression && object.type !== AST_NODE_TYPES.Identifier) return null;
      const found = this.index.functions.get(node.property.name);
      return found?.length === 1 ? found[0] : null;
    }
    return node.type === AST_NODE_TYPES.Identifier ? declaredFunction(this.sourceCode, node) : null;
  }

  /** The module an identifier is imported (or required) from, or null. */
  importSource(id: TSESTree.Identifier): string | null {
    return this.importBinding(id)?.source ?? null;
  }

  /**
   * Where an imported identifier comes from: the module and the name it has there (`import { a as b }` → `a`;
   * null for a namespace or default import).
   */
  importBinding(id: TSESTree.Identifier): { source: string; imported: string | null } | null {
    let binding = this.bindings.get(id);
    if (binding === undefined) {
      binding = this.findImportBinding(id);
      this.bindings.set(id, binding);
    }
    return binding;
  }

  private findImportBinding(id: TSESTree.Identifier): { source: string; imported: string | null } | null {
    const def = ASTUtils.findVariable(this.sourceCode.getScope(id), id)?.defs[0];
    if (def?.type !== TSESLint.Scope.DefinitionType.ImportBinding || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return null;
    const specifier = def.node;
    const imported =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value
        : null;
    return { source: def.parent.source.value, imported };
  }

  /** The identifier names a parameter of an enclosing function (a callback the caller passed in). */
  isParameter(id: TSESTree.Identifier): boolean {
    let parameter = this.parameters.get(id);
    if (parameter === undefined) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
      parameter = !!variable && variable.defs.some((def) => def.type === TSESLint.Scope.DefinitionType.Parameter);
      this.parameters.set(id, parameter);
    }
    return parameter;
  }

  /**
   * The parameter indexes a function ends: `function finish(span, err) { ...; span.end(); }`. A parameter
   * ended anywhere in the body (nested callbacks included) counts: the function takes over ending it.
   */
  endsParams(fn: FunctionNode, endMethod: string, isEndCall: (identifier: TSESTree.Node) => boolean): ReadonlySet<number> {
    let byFunction = this.endingParams.get(endMethod);
    if (!byFunction) this.endingParams.set(endMethod, (byFunction = new Map<FunctionNode, Set<number>>()));
    let ends = byFunction.get(fn);
    if (ends) return ends;
    ends = new Set();
    byFunction.set(fn, ends);
    const variables = this.sourceCode.getDeclaredVariables(fn);
    fn.params.forEach((param, index) => {
      const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (id.type !== AST_NODE_TYPES.Identifier) return;
      const variable = variables.find((v) => v.name === id.name);
      if (variable?.references.some((reference) => isEndCall(reference.identifier))) ends.add(index);
    });
    return ends;
  }

  /**
   * Whether `fn` ends the `key` property of the object it gets as parameter `index`, destructured there:
   * `function finish({ span, response }) { span.end(); }` ends `span`, not `response`.
   */
  endsParamProperty(fn: FunctionNode, index: number, key: string, isEndCall: (identifier: TSESTree.Node) => boolean): boolean {
    const param = fn.params.at(index);
    const pattern = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (index < 0 || pattern?.type !== AST_NODE_TYPES.ObjectPattern) return false;
    const property = pattern.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key,
    );
    const value = property && (property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value);
    if (value?.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.sourceCode.getDeclaredVariables(fn).find((v) => v.identifiers.includes(value));
    return !!variable?.references.some((reference) => isEndCall(reference.identifier));
  }
}
