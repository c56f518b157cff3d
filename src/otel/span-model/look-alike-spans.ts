/**
 * Values a function uses as spans although no tracer call in the file starts them: `const span = new SpanImpl(...)`
 * or `const span = makeSpan('x')` in an SDK's, a bridge's or a wrapper's own tests, `const span = wrapSpan(raw)`.
 * Only `no-span-use-after-end` judges them (a use after `end()` is as lost on these as on a tracer's span); the leak
 * and error rules never do, since nothing says who owns such a value.
 *
 * The evidence is the variable's own calls: `end()` and span methods only spans have. A name alone is not enough
 * (a stream has `end()`), nor is one method (`res.setStatus(...)`, `el.setAttribute(...)`): the name must say
 * "span", or two distinct span methods besides `end()` must be called on it.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SPAN_CHAINABLE_METHODS, SPAN_END, SPAN_RECORD_EXCEPTION } from '../api.js';
import { memberName, outerExpression } from '../ast.js';

/** Methods only a span has (beside `end()`); `isRecording()` and `spanContext()` read, so they are not evidence of use. */
const SPAN_ONLY_METHODS: ReadonlySet<string> = new Set([...SPAN_CHAINABLE_METHODS, SPAN_RECORD_EXCEPTION]);

const SPAN_NAMED = /span/i;

/**
 * The variables `value` initializes (`const span = <value>`, `const { span } = <value>`, also through `await` and
 * type assertions) that the function's own calls show to be spans.
 */
export function lookAlikeSpanIds(sourceCode: Readonly<TSESLint.SourceCode>, value: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Identifier[] {
  let outer = outerExpression(value, { throughChains: true });
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerExpression(outer.parent, { throughChains: true });
  // `let span = spans.get(key) ?? null`: the value is the span when there is one.
  if (outer.parent?.type === AST_NODE_TYPES.LogicalExpression && outer.parent.left === outer && outer.parent.operator !== '&&') outer = outer.parent;
  const holder = outer.parent;
  // `if (!span) span = createChildSpan(...)`: a span made when the function had none.
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' && holder.right === outer && holder.left.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(holder), holder.left);
    return variable && usedAsSpan(variable, holder.left) ? [holder.left] : [];
  }
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== outer) return [];
  const declarator = holder;
  const declared = (id: TSESTree.Identifier) => sourceCode.getDeclaredVariables(declarator).find((candidate) => candidate.name === id.name);
  const { id } = declarator;
  if (id.type === AST_NODE_TYPES.Identifier) return usedAsSpan(declared(id), id) ? [id] : [];
  if (id.type !== AST_NODE_TYPES.ObjectPattern) return [];
  return id.properties.flatMap((property) =>
    property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && usedAsSpan(declared(property.value), property.value)
      ? [property.value]
      : [],
  );
}

function usedAsSpan(variable: TSESLint.Scope.Variable | null | undefined, id: TSESTree.Identifier): boolean {
  if (!variable) return false;
  let ends = 0;
  const methods = new Set<string>();
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) continue;
    const method = memberName(member);
    if (method === SPAN_END) ends++;
    else if (method && SPAN_ONLY_METHODS.has(method)) methods.add(method);
  }
  if (ends === 0) return false;
  return (SPAN_NAMED.test(id.name) && (methods.size > 0 || ends > 1)) || methods.size >= 2;
}
