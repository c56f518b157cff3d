/**
 * Spans ended from promise callbacks: `work().finally(() => span.end())` is as good as a `finally` block;
 * `.then(onFulfilled, onRejected)` counts when both callbacks end the span (anywhere in the same chain, so
 * `.then(a).catch(b)` counts too). A chain that ends the span only on success leaks it on rejection, unless
 * the chain is awaited, in which case the rejection is an ordinary throw at the `await`.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { chainTop, isNullish, memberName, skipTypeWrappers, type FunctionNode } from '../ast.js';
import type { ClosureRole } from './span-uses.js';

export interface PromisePlan {
  /** Closures whose creation point counts as ending the span. */
  endingFunctions: Set<TSESTree.Node>;
  /** `await chain` where the chain ends the span on success: the span is ended once the await resolves. */
  endsOnResolve: Set<TSESTree.Node>;
  /** `await chain` where the chain ends the span on rejection: a throw at this await leaks nothing. */
  rejectionEnds: Set<TSESTree.Node>;
  /**
   * Chains that end the span: their calls are taken not to throw synchronously (a promise-returning call
   * rejects instead), or `fetch(url).then(...).finally(() => span.end())` could never be right.
   */
  quietChains: TSESTree.Node[];
  /** Chains not awaited that end the span on success only: it leaks when they reject. */
  rejectionLeaks: TSESTree.Node[];
  /**
   * Of those, the chains with no rejection handler at all (`fetch(url).then((r) => { span.end(); return r; })`): a
   * rejection leaves the span open with nothing recorded on it. Each with the `.then` call whose callback ends it.
   */
  unhandledRejections: { chain: TSESTree.Node; endingCall: TSESTree.CallExpression }[];
  /**
   * Of the others, the chains whose rejection handler, written inline after the call that ends the span, does not end
   * it (`work().then((r) => { span.end(); return r; }).catch((e) => { span.recordException(e); throw e; })`): a
   * rejection certainly leaves the span open, even where the chain alone ends it (callback-style code).
   */
  handledRejectionLeaks: TSESTree.Node[];
}

export function planPromiseChains(endingClosures: ReadonlyMap<FunctionNode | TSESTree.Expression, ClosureRole>): PromisePlan {
  const plan: PromisePlan = {
    endingFunctions: new Set(),
    endsOnResolve: new Set(),
    rejectionEnds: new Set(),
    quietChains: [],
    rejectionLeaks: [],
    unhandledRejections: [],
    handledRejectionLeaks: [],
  };
  const chains = new Map<TSESTree.Node, { roles: Set<ClosureRole>; ends: TSESTree.Node[]; calls: TSESTree.CallExpression[] }>();
  for (const [closure, role] of endingClosures) {
    const call = closure.parent as TSESTree.CallExpression;
    const top = chainTop(call);
    let chain = chains.get(top);
    if (!chain) {
      chain = { roles: new Set(), ends: [], calls: [] };
      chains.set(top, chain);
    }
    chain.roles.add(role);
    // Where the path search meets the hand-over: an inline closure where it is made, a named one at the call taking it.
    chain.ends.push(ASTUtils.isFunction(closure) ? closure : call);
    chain.calls.push(call);
  }
  for (const [top, { roles, ends, calls }] of chains) {
    plan.quietChains.push(top);
    const awaited = top.parent?.type === AST_NODE_TYPES.AwaitExpression ? top.parent : null;
    const onSuccess = roles.has('finally') || roles.has('fulfilled');
    const onFailure = roles.has('finally') || roles.has('rejected');
    if (onSuccess && onFailure) {
      for (const end of ends) plan.endingFunctions.add(end);
    } else if (awaited) {
      (onSuccess ? plan.endsOnResolve : plan.rejectionEnds).add(awaited);
    } else if (onSuccess) {
      // Judge the synchronous paths as if the chain ended the span, and report the rejection on its own.
      for (const end of ends) plan.endingFunctions.add(end);
      plan.rejectionLeaks.push(top);
      if (!handlesRejection(top)) plan.unhandledRejections.push({ chain: top, endingCall: calls[0] });
      else if (calls.every((call) => inlineRejectionHandlerAbove(top, call))) plan.handledRejectionLeaks.push(top);
    }
    // A chain that ends the span only on rejection, not awaited: the synchronous paths must end it.
  }
  return plan;
}

/**
 * A call between the chain's top and `endingCall` (so run after it) handles a rejection with a function written
 * there: `.catch((e) => ...)` or `.then(f, (e) => ...)`. A handler passed by name may be the one that ends the span.
 */
function inlineRejectionHandlerAbove(top: TSESTree.Node, endingCall: TSESTree.CallExpression): boolean {
  let node = skipTypeWrappers(top.type === AST_NODE_TYPES.ChainExpression ? top.expression : top);
  while (node !== endingCall && node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = memberName(node.callee);
    const handler = method === 'catch' ? node.arguments[0] : method === 'then' ? node.arguments[1] : undefined;
    if (handler && ASTUtils.isFunction(handler)) return true;
    node = skipTypeWrappers(node.callee.object);
  }
  return false;
}

/** Some call of the chain handles a rejection: `.catch(f)` or `.then(f, g)` anywhere in it. */
function handlesRejection(top: TSESTree.Node): boolean {
  let node = skipTypeWrappers(top.type === AST_NODE_TYPES.ChainExpression ? top.expression : top);
  while (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = memberName(node.callee);
    if (method === 'catch' || (method === 'then' && node.arguments.length > 1 && !isNullish(node.arguments[1]))) return true;
    if (method !== 'then' && method !== 'finally') return false;
    node = skipTypeWrappers(node.callee.object);
  }
  return false;
}

