/**
 * What the span analyses look up by name, collected during ESLint's own traversal of the file (no extra walk):
 * same-file functions and methods by name, and the names holding metrics instruments or local collections.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, nameOf, skipTypeWrappers } from '../ast.js';

/** `meter.createCounter(...)` and friends: their instruments' `add`/`record` never throw. */
const INSTRUMENT_FACTORY = /^create(Counter|UpDownCounter|Histogram|Gauge|Observable\w*)$/;
/** Collections built in this file: `new Map()`, `new Set()`; their methods do not throw. */
const COLLECTION_CONSTRUCTOR = /^(Map|Set|WeakMap|WeakSet)$/;

export class FileIndex {
  /** Declarations, `const` functions, methods, function-valued properties and assignments, by the name calls use. */
  readonly functions = new Map<string, FunctionNode[]>();
  /** Variables and members holding a metrics instrument or a local `Map`/`Set`. */
  readonly quietReceivers = new Set<string>();

  private addFunction(name: string | null, value: TSESTree.Node | null | undefined): void {
    const fn = value && skipTypeWrappers(value);
    if (!name || !ASTUtils.isFunction(fn)) return;
    const list = this.functions.get(name);
    if (list) list.push(fn);
    else this.functions.set(name, [fn]);
  }

  private addValue(name: string | null, value: TSESTree.Node | null | undefined): void {
    if (name && value && isQuietReceiverValue(skipTypeWrappers(value))) this.quietReceivers.add(name);
  }

  /** The listeners that fill the index; registered with the model's recording listeners. */
  listeners(): Record<string, (node: never) => void> {
    const keyName = (key: TSESTree.Node, computed: boolean): string | null =>
      !computed && (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) ? key.name : null;
    // Only functions, calls and `new` can be indexed (see addFunction, addValue): anything else is skipped first.
    const mayIndex = (value: TSESTree.Node | null | undefined): value is TSESTree.Node => {
      if (!value) return false;
      const inner = skipTypeWrappers(value);
      return ASTUtils.isFunction(inner) || inner.type === AST_NODE_TYPES.CallExpression || inner.type === AST_NODE_TYPES.NewExpression;
    };
    return {
      FunctionDeclaration: (node: TSESTree.FunctionDeclaration) => {
        this.addFunction(node.id?.name ?? null, node);
      },
      VariableDeclarator: (node: TSESTree.VariableDeclarator) => {
        if (!mayIndex(node.init)) return;
        const name = node.id.type === AST_NODE_TYPES.Identifier ? node.id.name : null;
        this.addFunction(name, node.init);
        this.addValue(name, node.init);
      },
      MethodDefinition: (node: TSESTree.MethodDefinition) => {
        this.addFunction(keyName(node.key, node.computed), node.value);
      },
      PropertyDefinition: (node: TSESTree.PropertyDefinition) => {
        if (!mayIndex(node.value)) return;
        const name = keyName(node.key, node.computed);
        this.addFunction(name, node.value);
        this.addValue(name, node.value);
      },
      Property: (node: TSESTree.Property) => {
        if (mayIndex(node.value)) this.addFunction(keyName(node.key, node.computed), node.value);
      },
      // `exports.setError = function (span, err) {...}`, `this.counter = meter.createCounter(...)`
      AssignmentExpression: (node: TSESTree.AssignmentExpression) => {
        if (!mayIndex(node.right)) return;
        const name = nameOf(node.left);
        this.addFunction(name, node.right);
        this.addValue(name, node.right);
      },
    };
  }
}

function isQuietReceiverValue(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.NewExpression) return value.callee.type === AST_NODE_TYPES.Identifier && COLLECTION_CONSTRUCTOR.test(value.callee.name);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  const name = nameOf(callee);
  return !!name && INSTRUMENT_FACTORY.test(name);
}
