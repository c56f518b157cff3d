/**
 * Which calls write OpenTelemetry baggage, and which entries they write.
 *
 * `propagation.createBaggage({...})`: the receiver is the OpenTelemetry propagation API — `propagation` imported or
 * required from `@opentelemetry/*` (under any local name), `api.propagation` on a namespace/default import or
 * require, or, in a file that already imports `@opentelemetry/*`, any `propagation` / `x.propagation` that is not
 * bound to another module.
 * `bag.setEntry(key, entry)`: the receiver is a Baggage — a `createBaggage/getBaggage/getActiveBaggage` result, another
 * `setEntry/removeEntry/removeEntries/clear` result, a binding holding one, something annotated `Baggage`, or a
 * name ending in `baggage`. `map.setEntry(...)` on anything else stays silent.
 * With type information the checker decides (`PropagationAPI` / `Baggage` declared under `@opentelemetry/`);
 * `any` falls back to the evidence above, and only in files that import `@opentelemetry/*`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  BAGGAGE_DERIVING_METHODS,
  BAGGAGE_SOURCE_METHODS,
  BAGGAGE_TYPE,
  isOtelModule,
  PROPAGATION_API,
  PROPAGATION_API_TYPE,
} from '../../src/otel/api.js';
import { fileImportsOtel, memberName } from '../../src/otel/tracer-evidence.js';
import {
  assignedValues,
  moduleOrigin,
  propertyKeyName,
  resolveVariable,
  type SourceCode,
  staticString,
  unwrap,
  bindingValue,
} from './bindings.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** One entry a baggage call writes. */
export interface BaggageWrite {
  /** The key, when it is a literal (or a const bound to one); null for computed keys we cannot read. */
  key: string | null;
  /** Where a key problem is reported. */
  keyNode: TSESTree.Node;
  /** The entry's `value` expression, when the entry is an object we can see. */
  valueNode: TSESTree.Node | null;
}

const BAGGAGE_NAME = /baggage$/i;
/** Bindings are followed this many times (`const a = b; const b = propagation.getActiveBaggage()`). */
const MAX_HOPS = 3;

export class BaggageCalls {
  private readonly sourceCode: SourceCode;
  private readonly typed: TypeQuery | null;
  /** Names and shapes count only in files that import @opentelemetry/*; elsewhere only types can tell. */
  private readonly fileImportsOtel: boolean;

  constructor(context: Context) {
    this.sourceCode = context.sourceCode;
    this.typed = TypeQuery.from(context);
    this.fileImportsOtel = fileImportsOtel(context);
  }

  /** The entries `call` writes when it is `propagation.createBaggage({...})`, else null. */
  createBaggageWrites(call: TSESTree.CallExpression, receiver: TSESTree.Node): BaggageWrite[] | null {
    if (!this.isPropagationApi(receiver, 0)) return null;
    const entries = this.objectBehind(call.arguments[0]);
    if (!entries) return [];
    const writes: BaggageWrite[] = [];
    for (const property of entries.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      // `[KEY]: {...}` with `const KEY = 'auth.token'` reads like setEntry(KEY, ...).
      const key = property.computed && property.key.type === AST_NODE_TYPES.Identifier
        ? staticString(this.sourceCode, property.key)
        : propertyKeyName(property);
      writes.push({ key, keyNode: property.key, valueNode: this.entryValue(property.value) });
    }
    return writes;
  }

  /** The entry `call` writes when it is `baggage.setEntry(key, entry)`, else null. */
  setEntryWrites(call: TSESTree.CallExpression, receiver: TSESTree.Node): BaggageWrite[] | null {
    const [keyArg, entryArg] = call.arguments;
    if (!keyArg || keyArg.type === AST_NODE_TYPES.SpreadElement) return null;
    if (!this.isBaggage(receiver, 0)) return null;
    return [{ key: staticString(this.sourceCode, keyArg), keyNode: keyArg, valueNode: entryArg ? this.entryValue(entryArg) : null }];
  }

  private isPropagationApi(node: TSESTree.Node, hops: number): boolean {
    const typed = this.typed?.is(node, PROPAGATION_API_TYPE) ?? 'unknown';
    if (typed !== 'unknown') return typed === 'yes';
    if (!this.fileImportsOtel) return false;
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      return memberName(inner) === PROPAGATION_API && this.mayBeOtelNamespace(inner.object);
    }
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = resolveVariable(this.sourceCode, inner);
    if (!variable || variable.defs.length === 0) return inner.name === PROPAGATION_API;
    const origin = moduleOrigin(variable);
    if (origin) return isOtelModule(origin.module) && origin.imported === PROPAGATION_API;
    const bound = bindingValue(variable);
    if (bound && bound.path.length === 0 && hops < MAX_HOPS) return this.isPropagationApi(bound.init, hops + 1);
    // `const { propagation } = api`, parameters and the like: trust the name (the file imports @opentelemetry/*).
    return inner.name === PROPAGATION_API;
  }

  /** False only when `node` is a binding provably imported from a module other than `@opentelemetry/*`. */
  private mayBeOtelNamespace(node: TSESTree.Node): boolean {
    const inner = unwrap(node);
    if (inner.type !== AST_NODE_TYPES.Identifier) return true;
    const variable = resolveVariable(this.sourceCode, inner);
    const origin = variable ? moduleOrigin(variable) : null;
    return !origin || isOtelModule(origin.module);
  }

  private isBaggage(node: TSESTree.Node, hops: number): boolean {
    const typed = this.typed?.is(node, BAGGAGE_TYPE) ?? 'unknown';
    if (typed !== 'unknown') return typed === 'yes';
    if (!this.fileImportsOtel) return false;
    const inner = unwrap(node);
    switch (inner.type) {
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrap(inner.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        const method = memberName(callee);
        if (method !== null && BAGGAGE_SOURCE_METHODS.has(method)) return this.isPropagationApi(callee.object, 0);
        if (method !== null && BAGGAGE_DERIVING_METHODS.has(method)) return this.isBaggage(callee.object, hops);
        return false;
      }
      case AST_NODE_TYPES.LogicalExpression:
        return this.isBaggage(inner.left, hops) || this.isBaggage(inner.right, hops);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.isBaggage(inner.consequent, hops) || this.isBaggage(inner.alternate, hops);
      case AST_NODE_TYPES.MemberExpression: {
        const name = memberName(inner);
        return name !== null && BAGGAGE_NAME.test(name);
      }
      case AST_NODE_TYPES.Identifier:
        return this.isBaggageBinding(inner, hops);
      default:
        return false;
    }
  }

  private isBaggageBinding(id: TSESTree.Identifier, hops: number): boolean {
    const variable = resolveVariable(this.sourceCode, id);
    if (!variable || variable.defs.length === 0) return BAGGAGE_NAME.test(id.name);
    if (variable.defs.some((def) => isBaggageAnnotated(def.name))) return true;
    const values = assignedValues(variable);
    if (hops < MAX_HOPS && values.some((value) => this.isBaggage(value, hops + 1))) return true;
    // A name like `baggage` counts unless what it holds is plainly something else (`new Map()`, `{}`, `[]`).
    return BAGGAGE_NAME.test(id.name) && !values.some(isPlainlyNotBaggage);
  }

  /** The object literal behind `node`: the node itself or a `const` bound to one. */
  private objectBehind(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | null {
    if (!node) return null;
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
    if (inner.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolveVariable(this.sourceCode, inner);
    const bound = variable ? bindingValue(variable) : null;
    if (!bound || bound.path.length !== 0) return null;
    const init = unwrap(bound.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
  }

  /** `{ value: x, metadata }` → x; a const bound to such an object works too. */
  private entryValue(node: TSESTree.Node): TSESTree.Node | null {
    const entry = this.objectBehind(node);
    if (!entry) return null;
    for (const property of entry.properties) {
      if (property.type === AST_NODE_TYPES.Property && propertyKeyName(property) === 'value') return property.value;
    }
    return null;
  }
}

/** The method name of `x.method(...)` / `x?.method(...)` and its receiver. */
export function methodCall(call: TSESTree.CallExpression): { method: string; receiver: TSESTree.Node } | null {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = memberName(callee);
  return method === null ? null : { method, receiver: callee.object };
}

function isBaggageAnnotated(id: TSESTree.Node): boolean {
  if (id.type !== AST_NODE_TYPES.Identifier || !id.typeAnnotation) return false;
  return typeMentionsBaggage(id.typeAnnotation.typeAnnotation);
}

/** `Baggage`, `api.Baggage`, `Baggage | undefined`. */
function typeMentionsBaggage(type: TSESTree.TypeNode): boolean {
  if (type.type === AST_NODE_TYPES.TSUnionType) return type.types.some(typeMentionsBaggage);
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return name.name === BAGGAGE_TYPE;
  return name.type === AST_NODE_TYPES.TSQualifiedName && name.right.name === BAGGAGE_TYPE;
}

function isPlainlyNotBaggage(value: TSESTree.Expression): boolean {
  const inner = unwrap(value);
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
    const tsNode = this.services.esTreeNodeToTSNodeMap?.get(node as never);
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
