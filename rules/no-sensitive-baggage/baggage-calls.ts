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
 * What is the propagation API and what is a Baggage: src/otel/api-values.ts.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { PROPAGATION_API } from '../../src/otel/api.js';
import { OtelValues } from '../../src/otel/api-values.js';
import { memberName, skipValueWrappers } from '../../src/otel/ast.js';
import { propertyKeyName, resolveVariable, type SourceCode, staticString, bindingValue } from '../../src/otel/bindings.js';

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

export class BaggageCalls {
  private readonly sourceCode: SourceCode;
  private readonly values: OtelValues;

  constructor(context: Context) {
    this.sourceCode = context.sourceCode;
    this.values = new OtelValues(context);
  }

  /** The entries `call` writes when it is `propagation.createBaggage({...})`, else null. */
  createBaggageWrites(call: TSESTree.CallExpression, receiver: TSESTree.Node): BaggageWrite[] | null {
    if (!this.values.isApiObject(receiver, PROPAGATION_API)) return null;
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
    const keyArg = call.arguments.at(0);
    const entryArg = call.arguments.at(1);
    if (!keyArg || keyArg.type === AST_NODE_TYPES.SpreadElement) return null;
    if (!this.values.isBaggage(receiver)) return null;
    return [{ key: staticString(this.sourceCode, keyArg), keyNode: keyArg, valueNode: entryArg ? this.entryValue(entryArg) : null }];
  }

  /** The object literal behind `node`: the node itself or a `const` bound to one. */
  private objectBehind(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | null {
    if (!node) return null;
    const inner = skipValueWrappers(node, { throughAwait: true });
    if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
    if (inner.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolveVariable(this.sourceCode, inner);
    const bound = variable ? bindingValue(variable) : null;
    if (!bound || bound.path.length !== 0) return null;
    const init = skipValueWrappers(bound.init, { throughAwait: true });
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
