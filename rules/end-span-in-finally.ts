/**
 * otel/end-span-in-finally: every span from an OpenTelemetry tracer's `startSpan`/`startActiveSpan` is ended on
 * every path, throws included, by `span.end()` in a `finally` block or an equivalent guaranteed place
 * (`promise.finally(() => span.end())`, or `.then(onFulfilled, onRejected)` that both end it).
 *
 * ESLint's code-path events feed a stack of per-function records (./end-span-in-finally/recorder.ts); each span
 * is judged once, when its function's code path ends (./end-span-in-finally/judge.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SPAN_CREATING_METHODS, START_ACTIVE_SPAN, START_SPAN } from '../src/otel/api.js';
import {
  fileMayUseOtel,
  getSpanCreation,
  isFunctionNode,
  memberName,
  type FunctionNode,
  type SpanCreation,
} from '../src/otel/tracer-evidence.js';
import { createRule } from '../src/util/create-rule.js';
import { judgeSpan } from './end-span-in-finally/judge.js';
import type { Leak } from './end-span-in-finally/path-search.js';
import { CodePathRecord, type CodePath, type Segment } from './end-span-in-finally/recorder.js';
import { testedIdentifier } from './end-span-in-finally/span-uses.js';
import { ThrowAnalysis } from './end-span-in-finally/throwables.js';
import { applyFinallyFix } from './end-span-in-finally/suggestion.js';

export type MessageIds = 'neverEnded' | 'notEndedOnSomePath' | 'endedInTryAndCatch' | 'endInFinally';
export type Options = [];

/** Every file that creates a span contains one of these; anything else is skipped before any work. */
const mayCreateSpans = (text: string): boolean => text.includes(START_SPAN) || text.includes(START_ACTIVE_SPAN);

export default createRule<Options, MessageIds>({
  name: 'end-span-in-finally',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every OpenTelemetry span to be ended on every path, throws included, in a finally block',
      recommended: true,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      neverEnded:
        "Span '{{name}}' from {{method}}() is never ended: it leaks memory and never reaches the backend. End it in a finally block.",
      notEndedOnSomePath:
        "Span '{{name}}' from {{method}}() is not ended {{where}}. End it in a finally block that covers every path.",
      endedInTryAndCatch:
        "Span '{{name}}' from {{method}}() is ended in the try block and in the catch clause but not in a finally block: a throw before either end() leaks it. End it once, in finally.",
      endInFinally: 'End the span in a finally block.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    if (!mayCreateSpans(sourceCode.text) || !fileMayUseOtel(context)) return {};

    const throws = new ThrowAnalysis(sourceCode);
    const records: CodePathRecord[] = [];
    /** startActiveSpan callbacks seen at their call, waiting for their code path to start. */
    const callbackSpans = new Map<FunctionNode, SpanCreation>();
    const top = (): CodePathRecord | undefined => records[records.length - 1];
    const recordEvent = (node: TSESTree.Node): void => {
      top()?.record(node);
    };

    function reportVerdict(record: CodePathRecord): void {
      for (const span of record.spans) {
        const verdict = judgeSpan(sourceCode, throws, record, span);
        if (!verdict) continue;
        const { call } = span.creation;
        const data = {
          name: span.creation.spanId?.name ?? 'span',
          method: memberName(call.callee) ?? START_ACTIVE_SPAN,
          where: verdict.kind === 'leaks' ? describeLeak(verdict.leak, record.owner) : '',
        };
        const fix = verdict.kind === 'neverEnded' ? null : verdict.fix;
        context.report({
          node: call,
          // The call's head, not the whole callback of a startActiveSpan call.
          loc: { start: call.loc.start, end: call.callee.loc.end },
          messageId: verdict.kind === 'neverEnded' ? 'neverEnded' : verdict.kind === 'leaks' ? 'notEndedOnSomePath' : 'endedInTryAndCatch',
          data,
          suggest: fix ? [{ messageId: 'endInFinally', data, fix: (fixer) => applyFinallyFix(fixer, sourceCode, fix) }] : [],
        });
      }
    }

    const listeners = {
      onCodePathStart(codePath: CodePath, node: TSESTree.Node): void {
        // A closure created here may end the span: note where in the enclosing function it is created.
        if (isFunctionNode(node)) recordEvent(node);
        const record = new CodePathRecord(codePath, node);
        const creation = isFunctionNode(node) ? callbackSpans.get(node) : undefined;
        if (creation) {
          callbackSpans.delete(node as FunctionNode);
          record.spans.push({ creation, startsAtEntry: true });
        }
        records.push(record);
      },
      onCodePathEnd(): void {
        const record = records.pop();
        if (record && record.spans.length > 0) reportVerdict(record);
      },
      onCodePathSegmentStart(segment: Segment): void {
        top()?.current.add(segment);
      },
      onCodePathSegmentEnd(segment: Segment): void {
        top()?.current.delete(segment);
      },
      CallExpression(node: TSESTree.CallExpression): void {
        if (node.callee.type !== AST_NODE_TYPES.MemberExpression || !SPAN_CREATING_METHODS.has(memberName(node.callee) ?? '')) return;
        const creation = getSpanCreation(context, node);
        if (!creation) return;
        if (creation.kind === START_ACTIVE_SPAN) {
          if (creation.callback) callbackSpans.set(creation.callback, creation);
          return;
        }
        if (creation.spanId) {
          top()?.spans.push({ creation, startsAtEntry: false });
        } else if (isDiscarded(node)) {
          context.report({
            node,
            messageId: 'neverEnded',
            data: { name: 'span', method: memberName(node.callee) ?? '' },
          });
        }
      },
      'CallExpression:exit'(node: TSESTree.CallExpression): void {
        const record = top();
        if (!record) return;
        const positions = record.record(node);
        if (record.spans.some((span) => span.creation.call === node)) record.creationPositions.set(node, positions);
      },
      'NewExpression:exit': recordEvent,
      'AwaitExpression:exit': recordEvent,
      'YieldExpression:exit': recordEvent,
      ReturnStatement: recordEvent,
      ThrowStatement: recordEvent,
      // Tests of the span itself (`if (span)`, `span && span.end()`, `span?.end()`): the branch that skips the
      // end() never runs, so the judge treats the test as the end. Recorded before the branch forks.
      IfStatement(node: TSESTree.IfStatement): void {
        if (testedIdentifier(node.test)) recordEvent(node);
      },
      LogicalExpression(node: TSESTree.LogicalExpression): void {
        if (node.operator === '&&' && testedIdentifier(node.left)) recordEvent(node);
      },
      ChainExpression: recordEvent,
      // Entering a finally block that ends the span counts as the end, however the block guards its end() call.
      BlockStatement(node: TSESTree.BlockStatement): void {
        if (node.parent.type === AST_NODE_TYPES.TryStatement && node.parent.finalizer === node) recordEvent(node);
      },
      BreakStatement: recordEvent,
      ContinueStatement: recordEvent,
      CatchClause(node: TSESTree.CatchClause): void {
        const record = top();
        record?.catchEntries.set(node, [...record.current]);
      },
    };
    // The code-path listeners are not in typescript-eslint's RuleListener type (typescript-eslint#6993).
    return listeners as unknown as TSESLint.RuleListener;
  },
});

/** `tracer.startSpan('x');` or `void tracer.startSpan('x')`: the span is dropped on the spot. */
function isDiscarded(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (
    parent?.type === AST_NODE_TYPES.ExpressionStatement ||
    (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void')
  );
}

function describeLeak(leak: Leak, owner: TSESTree.Node): string {
  const line = (node: TSESTree.Node): number => node.loc.start.line;
  switch (leak.kind) {
    case 'exit':
      if (!leak.node) {
        const end = owner.type === AST_NODE_TYPES.Program ? 'the end of the module' : 'the end of the function';
        return `when execution reaches ${end} (line ${owner.loc.end.line})`;
      }
      return `${leak.node.type === AST_NODE_TYPES.ReturnStatement ? 'at the return' : 'at the throw'} on line ${line(leak.node)}`;
    case 'again':
      return `before a new span replaces it on line ${line(leak.node)}`;
    case 'throw':
      if (leak.node.type === AST_NODE_TYPES.AwaitExpression) return `if the await on line ${line(leak.node)} rejects`;
      if (leak.node.type === AST_NODE_TYPES.YieldExpression) return `if the consumer stops at the yield on line ${line(leak.node)}`;
      return `if the ${leak.node.type === AST_NODE_TYPES.NewExpression ? 'constructor' : 'call'} on line ${line(leak.node)} throws`;
    case 'reject':
      return `if the promise on line ${line(leak.node)} rejects`;
  }
}
