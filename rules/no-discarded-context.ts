/**
 * otel/no-discarded-context: OpenTelemetry contexts and baggage are immutable. `trace.setSpan(ctx, span)`,
 * `propagation.setBaggage(ctx, bag)`, `ctx.setValue(key, v)`, `bag.setEntry(k, v)` and their kin return a new
 * object and change nothing else, so a statement made of one does nothing.
 *
 * What is the `trace`/`propagation` API, a Context or a Baggage: src/otel/api-values.ts (types decide when the
 * parser has them). Look-alikes (a form library's `setValue`, a cache's `setEntry`, Sentry's `setSpan`) are not
 * OpenTelemetry values and stay silent.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTEXT_API, CREATE_BAGGAGE, IMMUTABLE_RESULT_METHODS, isOtelModule, SET_BAGGAGE, SET_SPAN, type ApiObjectName } from '../src/otel/api.js';
import { OtelValues } from '../src/otel/api-values.js';
import { memberName, skipTypeWrappers, someNode, type VisitorKeys } from '../src/otel/ast.js';
import { assignedValues, moduleOrigin, resolveVariable } from '../src/otel/bindings.js';
import { fileMayHoldOtelValues } from '../src/otel/tracer-evidence.js';
import { createRule } from '../src/util/create-rule.js';

export type MessageIds = 'discardedContext' | 'discardedBaggage' | 'discardedSpan' | 'assignResult' | 'runInContext';

/** What the discarded call returns, by the kind of receiver. */
type Receiver = ApiObjectName | 'baggage';
/** The statements after a discarded call, at least one. */
type Statements = [TSESTree.Statement, ...TSESTree.Statement[]];

const WRAP_SPAN_CONTEXT = 'wrapSpanContext';
/** The calls whose first argument is the context they derive from. */
const CONTEXT_TAKING_METHODS: ReadonlySet<string> = new Set([SET_SPAN, 'setSpanContext', 'deleteSpan', SET_BAGGAGE, 'deleteBaggage']);
const ALL_METHODS: ReadonlySet<string> = new Set(Object.values(IMMUTABLE_RESULT_METHODS).flatMap((methods) => [...methods]));
/** Any of ALL_METHODS in a file's text (one pass over it): a file without one has nothing to report. */
const ALL_METHODS_TEXT = new RegExp([...ALL_METHODS].join('|'));
const { DefinitionType } = TSESLint.Scope;

export default createRule<[], MessageIds>({
  name: 'no-discarded-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow discarding the new Context or Baggage that immutable OpenTelemetry calls return',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      discardedContext:
        '{{call}}() returns a new Context and changes nothing else: its result is discarded here, so this line has no effect. Pass the result to context.with(), startSpan() or inject().',
      discardedBaggage:
        '{{call}}() returns a new Baggage (baggage is immutable) and changes nothing else: its result is discarded here, so this line has no effect. Keep the result and put it in a context with propagation.setBaggage().',
      discardedSpan: '{{call}}() returns a new non-recording Span and changes nothing else: its result is discarded here, so this line has no effect.',
      assignResult: 'Assign the result back to {{name}}.',
      runInContext: 'Run the rest of this block inside context.with() on the new context.',
    },
    schema: [],
  },
  create(context) {
    // Only OpenTelemetry values are reported, and OtelValues recognizes none in other files (see fileMayHoldOtelValues).
    if (!fileMayHoldOtelValues(context)) return {};
    const sourceCode = context.sourceCode;
    // Every report is on a call of one of ALL_METHODS in a file whose text names one: that one pass over the text is
    // made at the file's first such call, not for every file.
    let values: OtelValues | null | undefined;
    const otelValues = (): OtelValues | null => {
      if (values === undefined) values = ALL_METHODS_TEXT.test(sourceCode.text) ? new OtelValues(context) : null;
      return values;
    };

    return {
      ExpressionStatement(statement) {
        const call = discardedCall(statement.expression);
        if (!call) return;
        const callee = skipTypeWrappers(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = memberName(callee);
        if (method === null || !ALL_METHODS.has(method)) return;
        const known = otelValues();
        const receiver = known ? receiverKind(known, callee.object, method) : null;
        if (!receiver || passesForeignContext(sourceCode, receiver, call)) return;
        const returns = receiver === 'baggage' || method === CREATE_BAGGAGE ? 'baggage' : method === WRAP_SPAN_CONTEXT ? 'span' : 'context';
        const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
        // createBaggage(entries) and wrapSpanContext(sc) make something new of another kind: nothing to assign back to.
        const reassigned = returns === 'span' || method === CREATE_BAGGAGE ? null : reassignableTarget(sourceCode, receiver, callee.object, call);
        if (reassigned) {
          suggest.push({
            messageId: 'assignResult',
            data: { name: reassigned.name },
            fix: (fixer) => fixer.insertTextBefore(call, `${reassigned.name} = `),
          });
        }
        const contextApi = returns === 'context' ? contextApiName(sourceCode, receiver, callee.object, statement) : null;
        const rest = contextApi ? restOfBlock(statement, sourceCode.visitorKeys) : null;
        if (contextApi && rest) {
          suggest.push({
            messageId: 'runInContext',
            fix: (fixer) => wrapRestInContext(fixer, sourceCode, statement, call, rest, contextApi),
          });
        }
        context.report({
          node: call,
          messageId: returns === 'baggage' ? 'discardedBaggage' : returns === 'span' ? 'discardedSpan' : 'discardedContext',
          data: { call: sourceCode.getText(callee).replace(/\s+/g, '') },
          suggest,
        });
      },
    };
  },
});

/** The call an expression statement throws away: `f();`, `await f();`, `void f();`, `x?.f();`. */
function discardedCall(expression: TSESTree.Expression): TSESTree.CallExpression | null {
  let node: TSESTree.Node = skipTypeWrappers(expression);
  for (;;) {
    if (node.type === AST_NODE_TYPES.AwaitExpression) node = skipTypeWrappers(node.argument);
    else if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void') node = skipTypeWrappers(node.argument);
    else if (node.type === AST_NODE_TYPES.ChainExpression) node = node.expression;
    else break;
  }
  return node.type === AST_NODE_TYPES.CallExpression ? node : null;
}

/** The OpenTelemetry value `method` is called on, when it is one whose `method` returns a new object. */
function receiverKind(values: OtelValues, receiver: TSESTree.Node, method: string): Receiver | null {
  if (IMMUTABLE_RESULT_METHODS.trace.has(method) && values.isApiObject(receiver, 'trace')) return 'trace';
  if (IMMUTABLE_RESULT_METHODS.propagation.has(method) && values.isApiObject(receiver, 'propagation')) return 'propagation';
  if (IMMUTABLE_RESULT_METHODS.context.has(method) && values.isContext(receiver)) return 'context';
  // `clear` is every collection's method: a Baggage only on evidence, not by name.
  if (IMMUTABLE_RESULT_METHODS.baggage.has(method) && values.isBaggage(receiver, 0, method !== 'clear')) return 'baggage';
  return null;
}

/**
 * `trace.setSpan(capturing, span)` where `capturing` is an object of the file's own (`{ setValue() {...} }`, `new
 * Recorder()`): a context stand-in whose methods have effects, called on purpose for them.
 */
function passesForeignContext(sourceCode: Readonly<TSESLint.SourceCode>, receiver: Receiver, call: TSESTree.CallExpression): boolean {
  if ((receiver !== 'trace' && receiver !== 'propagation') || !CONTEXT_TAKING_METHODS.has(memberName(skipTypeWrappers(call.callee)) ?? '')) return false;
  const first = call.arguments.at(0);
  if (!first) return false;
  const argument = skipTypeWrappers(first);
  const isOwnObject = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.ObjectExpression || node.type === AST_NODE_TYPES.NewExpression;
  if (isOwnObject(argument)) return true;
  if (argument.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(sourceCode, argument);
  return !!variable && assignedValues(variable).some((value) => isOwnObject(skipTypeWrappers(value)));
}

/**
 * The `let`/`var` the result belongs in: the receiver of `bag.setEntry(...)` / `ctx.setValue(...)`, or the context
 * argument of `trace.setSpan(ctx, span)` / `propagation.setBaggage(ctx, bag)`. Null for a `const` or anything else.
 */
function reassignableTarget(
  sourceCode: Readonly<TSESLint.SourceCode>,
  receiver: Receiver,
  object: TSESTree.Node,
  call: TSESTree.CallExpression,
): TSESTree.Identifier | null {
  const candidate = skipTypeWrappers(receiver === 'baggage' || receiver === 'context' ? object : (call.arguments[0] ?? object));
  if (candidate.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(sourceCode, candidate);
  const def = variable?.defs[0];
  if (!def) return null;
  if (def.type === DefinitionType.Parameter) return candidate;
  return def.type === DefinitionType.Variable && def.parent.kind !== 'const' ? candidate : null;
}

/**
 * The local name of the OpenTelemetry context API where `statement` is: `api.context` beside `api.trace`, or an
 * imported `context` that nothing closer shadows.
 */
function contextApiName(sourceCode: Readonly<TSESLint.SourceCode>, kind: Receiver, object: TSESTree.Node, statement: TSESTree.Node): string | null {
  const receiver = skipTypeWrappers(object);
  if (kind !== 'context' && receiver.type === AST_NODE_TYPES.MemberExpression && !receiver.computed && receiver.object.type === AST_NODE_TYPES.Identifier) {
    return `${receiver.object.name}.${CONTEXT_API}`;
  }
  const globalScope = sourceCode.scopeManager?.globalScope;
  for (const scope of [globalScope?.childScopes[0], globalScope]) {
    for (const variable of scope?.variables ?? []) {
      const origin = moduleOrigin(variable);
      if (!origin || !isOtelModule(origin.module) || origin.imported !== CONTEXT_API) continue;
      const seen = ASTUtils.findVariable(sourceCode.getScope(statement), variable.name);
      return seen === variable ? variable.name : null;
    }
  }
  return null;
}

/**
 * The statements after `statement` in its block, when they can move into a callback unchanged: no `return`,
 * `break`, `continue`, `yield`, `var` or function declaration of their own (an `await` needs an async function).
 */
function restOfBlock(statement: TSESTree.ExpressionStatement, visitorKeys: VisitorKeys): Statements | null {
  const parent = statement.parent;
  if (parent.type !== AST_NODE_TYPES.BlockStatement && parent.type !== AST_NODE_TYPES.Program) return null;
  if (parent.type === AST_NODE_TYPES.Program) return null; // module scope: its declarations are the module's
  const rest = parent.body.slice(parent.body.indexOf(statement) + 1);
  return isNonEmpty(rest) && rest.every((item) => isMovable(item, visitorKeys)) ? rest : null;
}

const isNonEmpty = (statements: TSESTree.Statement[]): statements is Statements => statements.length > 0;

/** Nothing in `root` (outside nested functions) that would behave differently inside a callback. */
function isMovable(root: TSESTree.Statement, visitorKeys: VisitorKeys): boolean {
  const blocks = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.ReturnStatement ||
    node.type === AST_NODE_TYPES.BreakStatement ||
    node.type === AST_NODE_TYPES.ContinueStatement ||
    node.type === AST_NODE_TYPES.YieldExpression ||
    node.type === AST_NODE_TYPES.AwaitExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'var');
  // Inside a nested function these belong to it.
  return !someNode(root, visitorKeys, blocks, (node) => !ASTUtils.isFunction(node));
}

/** `trace.setSpan(ctx, span);\n a();\n b();` → `context.with(trace.setSpan(ctx, span), () => {\n  a();\n  b();\n});` */
function wrapRestInContext(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.ExpressionStatement,
  call: TSESTree.CallExpression,
  rest: Statements,
  contextApi: string,
): TSESLint.RuleFix {
  const indent = /^[ \t]*/.exec(sourceCode.lines[statement.loc.start.line - 1] ?? '')?.[0] ?? '';
  const unit = indent.startsWith('\t') ? '\t' : '  ';
  const last = rest[rest.length - 1];
  const restText = sourceCode.text.slice(rest[0].range[0], last.range[1]);
  // Template literals keep their lines as they are; everything else moves one level in.
  const hasMultilineTemplate = restText.includes('`');
  const body = hasMultilineTemplate ? restText : restText.replace(/\n(?=[^\n])/g, `\n${unit}`);
  const semi = sourceCode.getText(statement).trimEnd().endsWith(';') ? ';' : '';
  const replacement = `${contextApi}.with(${sourceCode.getText(call)}, () => {\n${indent}${unit}${body}\n${indent}})${semi}`;
  return fixer.replaceTextRange([statement.range[0], last.range[1]], replacement);
}
