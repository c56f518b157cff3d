/**
 * The verdict for one span, given at the end of its code path: never ended; not ended on some path; or
 * ended in the try block and the catch clause but not in `finally`. Null means fine, or not ours to judge
 * (ownership leaves the function, or we cannot see the variable).
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { findLeaks, type Leak, type SpanFacts } from './path-search.js';
import { planPromiseChains } from './promise-chains.js';
import type { CodePathRecord, EventPosition, TrackedSpan } from './recorder.js';
import { collectSpanUses, testedIdentifier, type SpanUses } from './span-uses.js';
import { contains, enclosingTryBlock, planFinallyFix, type FinallyFix } from './suggestion.js';
import type { ThrowAnalysis } from './throwables.js';

export type Verdict =
  | { kind: 'neverEnded' }
  | { kind: 'leaks'; leak: Leak; fix: FinallyFix | null }
  | { kind: 'tryAndCatch'; tryStatement: TSESTree.TryStatement; fix: FinallyFix | null };

/** A callback without a span parameter can still reach its span through the context API or `arguments`. */
const REACHES_SPAN_OTHERWISE = /\b(getActiveSpan|getSpan|arguments)\b/;

interface Binding {
  variable: TSESLint.Scope.Variable;
  starts: readonly EventPosition[];
  /** Source index from which the span exists. */
  spanStart: number;
}

function bindingOf(sourceCode: Readonly<TSESLint.SourceCode>, record: CodePathRecord, span: TrackedSpan): Binding | null {
  const { creation } = span;
  const spanId = creation.spanId;
  if (!spanId) return null;
  let variable: TSESLint.Scope.Variable | null | undefined;
  let starts: readonly EventPosition[] | undefined;
  let spanStart: number;
  if (span.startsAtEntry && creation.callback) {
    variable = sourceCode.getDeclaredVariables(creation.callback).find((v) => v.name === spanId.name);
    starts = [{ segment: record.codePath.initialSegment, index: -1 }];
    spanStart = creation.callback.body.range[0];
  } else {
    const parent = spanId.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator !== '=') return null; // `span ??= ...`
    // `export const span = ...`: the module hands it out.
    if (parent?.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return null;
    variable =
      parent?.type === AST_NODE_TYPES.VariableDeclarator
        ? sourceCode.getDeclaredVariables(parent).find((v) => v.name === spanId.name)
        : ASTUtils.findVariable(sourceCode.getScope(spanId), spanId);
    starts = record.creationPositions.get(creation.call);
    spanStart = creation.call.range[1];
  }
  // A variable of an outer function is shared state: whoever else sees it may end the span.
  if (!variable || !starts || starts.length === 0 || variable.scope.variableScope.block !== record.owner) return null;
  return { variable, starts, spanStart };
}

const leakOrder = (leak: Leak, owner: TSESTree.Node): number => (leak.node ? leak.node.range[0] : owner.range[1]);

/** A try statement with the span ended in its block and its catch clause, and not in its finally block. */
function tryAndCatchEnding(uses: SpanUses, owner: TSESTree.Node, facts: SpanFacts): TSESTree.TryStatement | null {
  for (const end of uses.directEnds) {
    const tryStatement = enclosingTryBlock(end, owner);
    const handler = tryStatement?.handler;
    if (!tryStatement || !handler || facts.finallyEnds(tryStatement)) continue;
    if ([...uses.directEnds].some((other) => contains(handler.body, other))) return tryStatement;
  }
  return null;
}

export function judgeSpan(
  sourceCode: Readonly<TSESLint.SourceCode>,
  throws: ThrowAnalysis,
  record: CodePathRecord,
  span: TrackedSpan,
): Verdict | null {
  const { creation } = span;
  const callback = creation.callback;
  if (span.startsAtEntry && callback && !creation.spanId) {
    // `startActiveSpan('x', () => {...})`: nothing can end the span unless the body fetches it.
    if (callback.params.length > 0 || REACHES_SPAN_OTHERWISE.test(sourceCode.getText(callback.body))) return null;
    return { kind: 'neverEnded' };
  }
  const binding = bindingOf(sourceCode, record, span);
  if (!binding) return null;
  const owner = record.owner;
  const uses = collectSpanUses(binding.variable, owner, creation.call);
  if (uses.handedOff) return null;
  if (uses.directEnds.size === 0 && uses.endingClosures.size === 0) {
    const reachedOtherwise = !!callback && span.startsAtEntry && REACHES_SPAN_OTHERWISE.test(sourceCode.getText(callback.body));
    return uses.putInContext || reachedOtherwise ? null : { kind: 'neverEnded' };
  }

  const plan = planPromiseChains(uses.endingClosures);
  const endsWithin = (node: TSESTree.Node): boolean => [...uses.directEnds].some((end) => contains(node, end));
  const testsSpan = (test: TSESTree.Node): boolean => {
    const identifier = testedIdentifier(test);
    return !!identifier && uses.reads.has(identifier);
  };
  const facts: SpanFacts = {
    owner,
    isEnd: (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
          return uses.directEnds.has(node);
        case AST_NODE_TYPES.IfStatement:
          return testsSpan(node.test) && endsWithin(node.consequent);
        case AST_NODE_TYPES.LogicalExpression:
          return testsSpan(node.left) && endsWithin(node.right);
        case AST_NODE_TYPES.ChainExpression:
          return endsWithin(node);
        case AST_NODE_TYPES.BlockStatement:
          return node.parent.type === AST_NODE_TYPES.TryStatement && facts.finallyEnds(node.parent);
        default:
          return plan.endingFunctions.has(node);
      }
    },
    isAgain: (node) => node === creation.call || uses.recreations.has(node),
    canThrow: (node) => {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          return !throws.isQuietCall(node, uses.reads) && !plan.quietChains.some((chain) => contains(chain, node));
        case AST_NODE_TYPES.AwaitExpression:
          return !plan.rejectionEnds.has(node);
        case AST_NODE_TYPES.YieldExpression:
          return true; // the consumer may stop (`return()`) or `throw()` into the generator here
        default:
          return false;
      }
    },
    endsOnResolve: (node) => plan.endsOnResolve.has(node),
    handles: (clause) => [...uses.reads].some((read) => contains(clause.body, read)),
    finallyEnds: (tryStatement) => {
      const finalizer = tryStatement.finalizer;
      return !!finalizer && [...uses.directEnds].some((end) => contains(finalizer, end));
    },
  };

  const leaks = findLeaks(record, binding.starts, facts);
  for (const node of plan.rejectionLeaks) leaks.push({ kind: 'reject', node });
  leaks.sort((a, b) => leakOrder(a, owner) - leakOrder(b, owner));

  // Exits and re-creations first: they are plain bugs. Then the fragile try/catch pattern, then throws.
  const exit = leaks.find((leak) => leak.kind === 'exit' || leak.kind === 'again');
  const tryStatement = exit ? null : tryAndCatchEnding(uses, owner, facts);
  const leak = exit ?? leaks.find((l) => l.kind === 'throw') ?? leaks.find((l) => l.kind === 'reject');
  if (!tryStatement && !leak) return null;

  const fix = planFinallyFix({ sourceCode, record, starts: binding.starts, facts, uses, variable: binding.variable, spanStart: binding.spanStart });
  if (tryStatement) return { kind: 'tryAndCatch', tryStatement, fix };
  return { kind: 'leaks', leak: leak!, fix };
}
