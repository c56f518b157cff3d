/**
 * What an expression holds, in OpenTelemetry API terms: one of the API singletons (`trace`, `propagation`,
 * `context`), a Baggage, or a Context.
 *
 * - A singleton: imported or required from `@opentelemetry/*` under any local name, `api.trace` on a namespace,
 *   default import or require, or, in a file that imports `@opentelemetry/*`, any `trace` / `x.trace` not bound to
 *   another module.
 * - A Baggage: a `createBaggage/getBaggage/getActiveBaggage` result, a `setEntry/removeEntry/...` result, a binding
 *   holding one, something annotated `Baggage`, or a name ending in `baggage`.
 * - A Context: `context.active()`, `ROOT_CONTEXT`, the result of a call that returns one (`trace.setSpan(...)`,
 *   `propagation.extract(...)`, `ctx.setValue(...)`), a binding holding one, or something annotated `Context`.
 *
 * With type information the checker decides (the type declared under `@opentelemetry/`); `any` falls back to the
 * evidence above, and only in files that import `@opentelemetry/*`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  API_OBJECT_TYPES,
  BAGGAGE_DERIVING_METHODS,
  BAGGAGE_SOURCE_METHODS,
  BAGGAGE_TYPE,
  CONTEXT_API,
  CONTEXT_RETURNING_METHODS,
  CONTEXT_TYPE,
  isOtelModule,
  ROOT_CONTEXT,
  type ApiObjectName,
} from './api.js';
import { assignedValues, bindingValue, moduleOrigin, resolveVariable, type SourceCode } from './bindings.js';
import { fileImportsOtel } from './tracer-evidence.js';
import { memberName, skipValueWrappers } from './ast.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const BAGGAGE_NAME = /baggage$/i;
/** Bindings are followed this many times (`const a = b; const b = propagation.getActiveBaggage()`). */
const MAX_HOPS = 3;

export class OtelValues {
  private readonly sourceCode: SourceCode;
  private readonly typed: TypeQuery | null;
  /** Names and shapes count only in files that import @opentelemetry/*; elsewhere only types can tell. */
  private readonly fileImportsOtel: boolean;

  constructor(context: Context) {
    this.sourceCode = context.sourceCode;
    this.typed = TypeQuery.from(context);
    this.fileImportsOtel = fileImportsOtel(context);
  }

  /** `node` is the API singleton `name` (`trace`, `propagation`, `context`). */
  isApiObject(node: TSESTree.Node, name: ApiObjectName, hops = 0): boolean {
    const typed = this.typed?.is(node, API_OBJECT_TYPES[name]) ?? 'unknown';
    if (typed !== 'unknown') return typed === 'yes';
    if (!this.fileImportsOtel) return false;
    const inner = skipValueWrappers(node, { throughAwait: true });
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      return memberName(inner) === name && this.mayBeOtelNamespace(inner.object);
    }
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = resolveVariable(this.sourceCode, inner);
    if (!variable || variable.defs.length === 0) return inner.name === name;
    const origin = moduleOrigin(variable);
    if (origin) return isOtelModule(origin.module) && origin.imported === name;
    const bound = bindingValue(variable);
    if (bound && bound.path.length === 0 && hops < MAX_HOPS) return this.isApiObject(bound.init, name, hops + 1);
    // `const { propagation } = api`, parameters and the like: trust the name (the file imports @opentelemetry/*).
    return inner.name === name;
  }

  /** `node` holds an OpenTelemetry Baggage. */
  isBaggage(node: TSESTree.Node, hops = 0, trustNames = true): boolean {
    const typed = this.typed?.is(node, BAGGAGE_TYPE) ?? 'unknown';
    if (typed !== 'unknown') return typed === 'yes';
    if (!this.fileImportsOtel) return false;
    const inner = skipValueWrappers(node, { throughAwait: true });
    switch (inner.type) {
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipValueWrappers(inner.callee, { throughAwait: true });
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        const method = memberName(callee);
        if (method !== null && BAGGAGE_SOURCE_METHODS.has(method)) return this.isApiObject(callee.object, 'propagation');
        if (method !== null && BAGGAGE_DERIVING_METHODS.has(method)) return this.isBaggage(callee.object, hops, trustNames);
        return false;
      }
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ConditionalExpression:
        return valueBranches(inner).some((branch) => this.isBaggage(branch, hops, trustNames));
      case AST_NODE_TYPES.MemberExpression: {
        const name = memberName(inner);
        return trustNames && name !== null && BAGGAGE_NAME.test(name);
      }
      case AST_NODE_TYPES.Identifier:
        return this.bindingHolds(inner, hops, BAGGAGE_TYPE, (value, next) => this.isBaggage(value, next, trustNames), trustNames ? BAGGAGE_NAME : null);
      default:
        return false;
    }
  }

  /** `node` holds an OpenTelemetry Context. */
  isContext(node: TSESTree.Node, hops = 0): boolean {
    const typed = this.typed?.is(node, CONTEXT_TYPE) ?? 'unknown';
    if (typed !== 'unknown') return typed === 'yes';
    if (!this.fileImportsOtel) return false;
    const inner = skipValueWrappers(node, { throughAwait: true });
    switch (inner.type) {
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipValueWrappers(inner.callee, { throughAwait: true });
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        const method = memberName(callee);
        if (method === null || !CONTEXT_RETURNING_METHODS.has(method)) return false;
        return (
          this.isApiObject(callee.object, 'trace') ||
          this.isApiObject(callee.object, 'propagation') ||
          this.isApiObject(callee.object, 'context') ||
          this.isContext(callee.object, hops)
        );
      }
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.ConditionalExpression:
        return valueBranches(inner).some((branch) => this.isContext(branch, hops));
      case AST_NODE_TYPES.Identifier: {
        if (inner.name === ROOT_CONTEXT) {
          const variable = resolveVariable(this.sourceCode, inner);
          const origin = variable ? moduleOrigin(variable) : null;
          if (!variable || variable.defs.length === 0 || (origin && isOtelModule(origin.module))) return true;
        }
        // The API singleton is not a Context (it has no setValue).
        if (inner.name === CONTEXT_API && this.isApiObject(inner, 'context')) return false;
        return this.bindingHolds(inner, hops, CONTEXT_TYPE, (value, next) => this.isContext(value, next), null);
      }
      default:
        return false;
    }
  }

  /**
   * A binding annotated `typeName`, or assigned only values that `holds` accepts; failing that, a name matching
   * `name` unless what it holds is plainly something else (`new Map()`, `{}`, `[]`).
   */
  private bindingHolds(
    id: TSESTree.Identifier,
    hops: number,
    typeName: string,
    holds: (value: TSESTree.Node, hops: number) => boolean,
    name: RegExp | null,
  ): boolean {
    const variable = resolveVariable(this.sourceCode, id);
    if (!variable || variable.defs.length === 0) return !!name?.test(id.name);
    // Annotated: the annotation decides (`baggage: Map<string, string>` is no Baggage; nor a project's own `Context`).
    const annotated = variable.defs.map((def) => annotationOf(def.name)).find((type) => type !== null);
    if (annotated) return this.typeIsOtel(annotated, typeName);
    const values = assignedValues(variable);
    if (hops < MAX_HOPS && values.some((value) => holds(value, hops + 1))) return true;
    return !!name?.test(id.name) && !values.some(isPlainlyOtherValue);
  }

  /** `Baggage`, `api.Baggage`, `Baggage | undefined`, unless the name is imported from a module other than `@opentelemetry/*`. */
  private typeIsOtel(type: TSESTree.TypeNode, typeName: string): boolean {
    if (type.type === AST_NODE_TYPES.TSUnionType) return type.types.some((part) => this.typeIsOtel(part, typeName));
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
    const name = type.typeName;
    if (name.type === AST_NODE_TYPES.TSQualifiedName) return name.right.name === typeName && this.mayBeOtelNamespace(name.left);
    if (name.type !== AST_NODE_TYPES.Identifier || name.name !== typeName) return false;
    return this.mayBeOtelNamespace(name);
  }

  /** False only when `node` is a binding provably imported from a module other than `@opentelemetry/*`. */
  private mayBeOtelNamespace(node: TSESTree.Node): boolean {
    const inner = skipValueWrappers(node, { throughAwait: true });
    if (inner.type !== AST_NODE_TYPES.Identifier) return true;
    const variable = resolveVariable(this.sourceCode, inner);
    const origin = variable ? moduleOrigin(variable) : null;
    return !origin || isOtelModule(origin.module);
  }
}

/** The values `a || b` and `c ? a : b` can take. */
function valueBranches(node: TSESTree.LogicalExpression | TSESTree.ConditionalExpression): TSESTree.Node[] {
  return node.type === AST_NODE_TYPES.LogicalExpression ? [node.left, node.right] : [node.consequent, node.alternate];
}

function annotationOf(id: TSESTree.Node): TSESTree.TypeNode | null {
  return id.type === AST_NODE_TYPES.Identifier && id.typeAnnotation ? id.typeAnnotation.typeAnnotation : null;
}

function isPlainlyOtherValue(value: TSESTree.Expression): boolean {
  const inner = skipValueWrappers(value, { throughAwait: true });
  return (
    inner.type === AST_NODE_TYPES.NewExpression ||
    inner.type === AST_NODE_TYPES.ObjectExpression ||
    inner.type === AST_NODE_TYPES.ArrayExpression ||
    inner.type === AST_NODE_TYPES.Literal
  );
}

/** Asks the type checker, when the parser provides a program, whether an expression has an OpenTelemetry type. */
class TypeQuery {
  private constructor(private readonly services: NonNullable<SourceCode['parserServices']>) {}

  static from(context: Context): TypeQuery | null {
    const services = context.sourceCode.parserServices;
    return services?.program && services.esTreeNodeToTSNodeMap ? new TypeQuery(services) : null;
  }

  /** 'yes' when some part of the type is `typeName` declared under @opentelemetry/, 'unknown' for any/unknown/errors. */
  is(node: TSESTree.Node, typeName: string): 'yes' | 'no' | 'unknown' {
    const program = this.services.program;
    const tsNode = this.services.esTreeNodeToTSNodeMap?.get(node);
    if (!program || !tsNode) return 'unknown';
    const type = program.getTypeChecker().getTypeAtLocation(tsNode);
    // TypeFlags.Any = 1, TypeFlags.Unknown = 2
    if (type.flags & 3) return 'unknown';
    const parts = type.isUnion() ? type.types : [type];
    for (const part of parts) {
      const symbol = part.getSymbol() ?? part.aliasSymbol;
      if (symbol?.getName() !== typeName) continue;
      const declarations = symbol.getDeclarations() ?? [];
      if (declarations.some((d) => /[\\/]@opentelemetry[\\/]/.test(d.getSourceFile().fileName))) return 'yes';
    }
    return 'no';
  }
}
