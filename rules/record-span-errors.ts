/**
 * otel/record-span-errors: every error path inside an OpenTelemetry span's scope (a catch clause, or a promise
 * `.catch(fn)` / `.then(_, fn)` on work inside it) records the exception and sets ERROR status on that span.
 * Analyses live in ./record-span-errors/ (span ownership, effects and helpers, suggestion text).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { API_MODULE, SPAN_END, SPAN_STATUS_CODE_ENUM, START_ACTIVE_SPAN, START_SPAN } from '../src/otel/api.js';
import {
  fileMayUseOtel,
  getSpanCreation,
  isFunctionNode,
  memberName,
  skipTypeWrappers,
  type FunctionNode,
} from '../src/otel/tracer-evidence.js';
import { createRule } from '../src/util/create-rule.js';
import { boundNames, callsMethod, canThrow, chainTop, isConsumed, mentionsName, paramIdentifier, receiverOf } from './record-span-errors/ast.js';
import {
  answersClientError,
  BOTH,
  EffectsAnalyzer,
  errorUse,
  RECORD,
  STATUS,
  StatusNames,
  type BodyFacts,
  type SpanRef,
} from './record-span-errors/effects.js';
import { SpanIndex, trackSpan, type TrackedSpan } from './record-span-errors/spans.js';
import { SuggestionWriter } from './record-span-errors/suggestions.js';

export interface Options {
  requireRecordException?: boolean;
  errorHelpers?: string[];
}

export type MessageIds =
  | 'missingRecordAndStatus'
  | 'missingRecordException'
  | 'missingErrorStatus'
  | 'missingCatch'
  | 'okStatusInCatch'
  | 'suggestRecordAndStatus'
  | 'suggestRecordException'
  | 'suggestErrorStatus'
  | 'suggestCatch'
  | 'suggestErrorInsteadOfOk';

const MISSING_MESSAGE: Record<number, MessageIds> = {
  [BOTH]: 'missingRecordAndStatus',
  [RECORD]: 'missingRecordException',
  [STATUS]: 'missingErrorStatus',
};
const SUGGEST_MESSAGE: Record<number, MessageIds> = {
  [BOTH]: 'suggestRecordAndStatus',
  [RECORD]: 'suggestRecordException',
  [STATUS]: 'suggestErrorStatus',
};

/** An error path: a catch clause, or an inline promise rejection handler. */
interface ErrorPath {
  owner: TrackedSpan;
  body: TSESTree.Node;
  /** The parameter that receives the error (catch param, handler's first param). */
  param: TSESTree.Node | null;
  variables: readonly TSESLint.Scope.Variable[];
  /** Where a rethrow starts its way outwards, for the "an outer catch of the same span records" question; null: it escapes. */
  rethrowFrom: TSESTree.Node | null;
  loc: TSESTree.SourceLocation;
  catchClause: boolean;
  /** The span variable surely holds the span here, so suggested code may use it. */
  spanIsSet: boolean;
}

export default createRule<[Options], MessageIds>({
  name: 'record-span-errors',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require error paths inside an OpenTelemetry span to record the exception and set ERROR status',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      missingRecordAndStatus:
        "This error path leaves span '{{span}}' without recordException(err) and ERROR status, so the failure is exported as a success.",
      missingRecordException: "This error path sets ERROR status on span '{{span}}' but does not call recordException(err), so the exception is lost.",
      missingErrorStatus:
        "This error path does not set ERROR status on span '{{span}}' (setStatus({ code: SpanStatusCode.ERROR })), so the failure is exported as a success.",
      missingCatch:
        "Errors thrown in this try/finally leave span '{{span}}' without ERROR status or a recorded exception: add a catch that records them and rethrows.",
      okStatusInCatch: "OK status in an error path marks the failure of span '{{span}}' as a success, and a later ERROR is ignored.",
      suggestRecordAndStatus: "Record the exception and set ERROR status on '{{span}}'.",
      suggestRecordException: "Record the exception on '{{span}}'.",
      suggestErrorStatus: "Set ERROR status on '{{span}}'.",
      suggestCatch: "Add a catch that records the error on '{{span}}' and rethrows it.",
      suggestErrorInsteadOfOk: 'Set ERROR status instead of OK.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireRecordException: {
            type: 'boolean',
            description:
              'Require `span.recordException(err)` on each error path, not only ERROR status. Turn off when exceptions reach your backend through logs.',
          },
          errorHelpers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Treat calls to these functions (`setSpanError(span, err)`, `this.setSpanError(...)`, `utils.setSpanError(...)`) as recording the exception and setting ERROR status.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ requireRecordException: true, errorHelpers: [] }],
  create(context, [options]) {
    const { sourceCode } = context;
    // Spans come only from these two methods: files without them cost one string search.
    if (!sourceCode.text.includes(START_SPAN) && !sourceCode.text.includes(START_ACTIVE_SPAN)) return {};
    if (!fileMayUseOtel(context)) return {};

    const requireRecord = options.requireRecordException !== false;
    const spans = new SpanIndex();
    const statusNames = new StatusNames();
    const helpers = new Map<string, FunctionNode[]>();
    const catches: TSESTree.CatchClause[] = [];
    const handlers: { call: TSESTree.CallExpression; fn: FunctionNode }[] = [];
    const tryFinallies: TSESTree.TryStatement[] = [];

    const addHelper = (name: string | null, fn: TSESTree.Node | null | undefined): void => {
      if (!name || !isFunctionNode(fn)) return;
      const list = helpers.get(name);
      if (list) list.push(fn);
      else helpers.set(name, [fn]);
    };
    const keyName = (key: TSESTree.Node, computed: boolean): string | null =>
      !computed && (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) ? key.name : null;

    function check(): void {
      const analyzer = new EffectsAnalyzer(sourceCode.visitorKeys, statusNames, helpers, new Set(options.errorHelpers ?? []));
      const writer = new SuggestionWriter(sourceCode, context.filename, statusNames);
      const refOf = (span: TrackedSpan): SpanRef => ({ name: span.name, others: spans.spanNames() });

      for (const handler of catches) {
        const owner = spans.ownerOfCatch(handler);
        if (!owner) continue;
        const tryStatement = handler.parent;
        checkErrorPath(analyzer, writer, refOf(owner), {
          owner,
          body: handler.body,
          param: handler.param,
          variables: sourceCode.getDeclaredVariables(handler),
          rethrowFrom: tryStatement,
          loc: { start: handler.loc.start, end: sourceCode.getTokenBefore(handler.body)!.loc.end },
          catchClause: true,
          spanIsSet: owner.creation.kind === START_ACTIVE_SPAN || owner.creation.call.range[1] <= tryStatement.range[0],
        });
      }

      for (const { call, fn } of handlers) {
        // A handler on a promise nobody waits for may run after the span ended; it is not the span's error path.
        const chain = chainTop(call);
        if (!isConsumed(chain)) continue;
        const owner = spans.ownerOf({ node: fn, liveEnd: call.range[0], target: call });
        if (!owner) continue;
        // TypeScript's `function (this: T, err)` declares `this` first; the error is the first real parameter.
        const param = fn.params.find((p) => !(p.type === AST_NODE_TYPES.Identifier && p.name === 'this')) ?? null;
        const names = boundNames(param);
        checkErrorPath(analyzer, writer, refOf(owner), {
          owner,
          body: fn.body,
          param,
          variables: sourceCode.getDeclaredVariables(fn).filter((variable) => names.has(variable.name)),
          // Only an awaited chain hands a rejection to the enclosing try; a returned one escapes it.
          rethrowFrom: chain.parent?.type === AST_NODE_TYPES.AwaitExpression ? call : null,
          loc: { start: fn.loc.start, end: sourceCode.getTokenBefore(fn.body)!.loc.end },
          catchClause: false,
          spanIsSet: true,
        });
      }

      for (const tryStatement of tryFinallies) checkTryFinally(analyzer, writer, tryStatement);
    }

    function checkErrorPath(analyzer: EffectsAnalyzer, writer: SuggestionWriter, ref: SpanRef, path: ErrorPath): void {
      const errorNames = boundNames(path.param);
      const facts = analyzer.analyze(path.body, ref, errorNames);
      const span = spanLabel(path.owner);
      for (const { call, code } of facts.okStatus) {
        context.report({
          node: call,
          messageId: 'okStatusInCatch',
          data: { span },
          suggest: [{ messageId: 'suggestErrorInsteadOfOk', fix: (fixer) => writer.okToError(fixer, skipTypeWrappers(code) as TSESTree.Expression) }],
        });
      }
      // A rethrow that lands in an outer catch of the same span is that catch's to record.
      if (facts.throws.length > 0 && path.rethrowFrom && spans.hasOuterHandler(path.rethrowFrom, path.owner)) return;
      const use = errorUse(path.variables);
      // Stored for later (`lastError = err`, `errors.push(err)`): handled elsewhere, we cannot follow it.
      if (use.stored) return;
      // Not treated as an error: no rethrow, no recording, and the error unused or only logged at a quiet level,
      // or answered as the client's fault (HTTP semantic conventions leave server spans UNSET for 4xx).
      if (facts.throws.length === 0 && facts.effects === 0 && (!use.used || answersClientError(facts))) return;
      const required = requireRecord ? BOTH : STATUS;
      const missing = required & ~(facts.effects | (facts.okStatus.length > 0 ? STATUS : 0));
      if (!missing) return;
      context.report({
        loc: path.loc,
        messageId: MISSING_MESSAGE[missing]!,
        data: { span },
        suggest: suggestionFor(writer, path, facts, missing),
      });
    }

    function suggestionFor(
      writer: SuggestionWriter,
      path: ErrorPath,
      facts: BodyFacts,
      missing: number,
    ): TSESLint.ReportSuggestionArray<MessageIds> {
      const spanName = path.owner.name;
      if (!spanName || !path.spanIsSet || path.body.type !== AST_NODE_TYPES.BlockStatement) return [];
      const error = paramIdentifier(path.param);
      if (missing & RECORD && !error) return [];
      const body = path.body;
      const lines = writer.recordingLines(spanName, missing, body, error, path.catchClause);
      return [
        {
          messageId: SUGGEST_MESSAGE[missing]!,
          data: { span: spanName },
          fix: (fixer) => writer.insertIntoBody(fixer, body, lines, missing, facts, spanName),
        },
      ];
    }

    function checkTryFinally(analyzer: EffectsAnalyzer, writer: SuggestionWriter, tryStatement: TSESTree.TryStatement): void {
      const finalizer = tryStatement.finalizer!;
      const owner = spans.ownerOf({ node: tryStatement, liveEnd: tryStatement.block.range[1], target: tryStatement });
      if (!owner) return;
      // Only the try/finally that manages the span (its finally ends or touches it).
      if (owner.name ? !mentionsName(finalizer, sourceCode.visitorKeys, new Set([owner.name])) : !callsMethod(finalizer, sourceCode.visitorKeys, SPAN_END)) return;
      if (!canThrow(tryStatement.block, owner.name, sourceCode.visitorKeys)) return;
      if (spans.hasOuterHandler(tryStatement, owner)) return;
      // Errors already recorded inside (a nested catch, a `.catch` handler, a helper).
      if (analyzer.analyze(tryStatement.block, { name: owner.name, others: spans.spanNames() }, new Set()).effects !== 0) return;
      const span = spanLabel(owner);
      const spanName = owner.name;
      const spanIsSet = owner.creation.kind === START_ACTIVE_SPAN || owner.creation.call.range[1] <= tryStatement.range[0];
      context.report({
        loc: sourceCode.getFirstToken(tryStatement)!.loc,
        messageId: 'missingCatch',
        data: { span },
        suggest:
          spanName && spanIsSet
            ? [{ messageId: 'suggestCatch', data: { span }, fix: (fixer) => writer.addCatch(fixer, tryStatement, spanName, requireRecord) }]
            : [],
      });
    }

    return {
      CallExpression(node) {
        switch (memberName(node.callee)) {
          case START_SPAN:
          case START_ACTIVE_SPAN: {
            const creation = getSpanCreation(context, node);
            const span = creation && trackSpan(creation, sourceCode);
            if (span) spans.add(span);
            break;
          }
          case SPAN_END: {
            const receiver = receiverOf(node);
            if (receiver?.type === AST_NODE_TYPES.Identifier) spans.addEndCall(receiver.name, node);
            break;
          }
          case 'catch':
            if (node.arguments.length === 1 && isFunctionNode(node.arguments[0])) handlers.push({ call: node, fn: node.arguments[0] });
            break;
          case 'then':
            if (node.arguments.length === 2 && isFunctionNode(node.arguments[1])) handlers.push({ call: node, fn: node.arguments[1] });
            break;
          default:
            break;
        }
      },
      CatchClause(node) {
        catches.push(node);
      },
      TryStatement(node) {
        if (node.finalizer && !node.handler) tryFinallies.push(node);
      },
      ImportDeclaration(node) {
        if (node.source.value !== API_MODULE || node.importKind === 'type') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) statusNames.namespaces.add(specifier.local.name);
          else if (
            specifier.type === AST_NODE_TYPES.ImportSpecifier &&
            specifier.importKind !== 'type' &&
            (specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value) === SPAN_STATUS_CODE_ENUM
          ) {
            statusNames.enumNames.add(specifier.local.name);
          }
        }
      },
      VariableDeclarator(node) {
        const init = node.init && skipTypeWrappers(node.init);
        if (init && isRequireOfApi(init)) {
          if (node.id.type === AST_NODE_TYPES.Identifier) statusNames.namespaces.add(node.id.name);
          else if (node.id.type === AST_NODE_TYPES.ObjectPattern) {
            for (const property of node.id.properties) {
              if (
                property.type === AST_NODE_TYPES.Property &&
                keyName(property.key, property.computed) === SPAN_STATUS_CODE_ENUM &&
                property.value.type === AST_NODE_TYPES.Identifier
              ) {
                statusNames.enumNames.add(property.value.name);
              }
            }
          }
        }
        if (node.id.type === AST_NODE_TYPES.Identifier) addHelper(node.id.name, init);
      },
      FunctionDeclaration(node) {
        addHelper(node.id?.name ?? null, node);
      },
      MethodDefinition(node) {
        addHelper(keyName(node.key, node.computed), node.value);
      },
      PropertyDefinition(node) {
        addHelper(keyName(node.key, node.computed), node.value);
      },
      Property(node) {
        addHelper(keyName(node.key, node.computed), node.value);
      },
      AssignmentExpression(node) {
        // `exports.setError = function (span, err) {...}`, `module.exports.setError = ...`, `obj.setError = (...) => ...`
        if (isFunctionNode(node.right)) addHelper(memberName(node.left), node.right);
      },
      'Program:exit'() {
        if (spans.spans.length > 0) check();
      },
    };
  },
});

function spanLabel(span: TrackedSpan): string {
  return span.name ?? 'active span';
}

function isRequireOfApi(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === API_MODULE
  );
}
