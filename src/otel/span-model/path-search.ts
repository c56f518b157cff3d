/**
 * The path question: starting right after the span is created, can execution leave the function, throw out
 * of it, or create the span again without passing an `end()`?
 *
 * A depth-first walk over the code path's segments, reading the events the recorder noted. The only state on a
 * path is "still open", so visiting each segment once is exact. Throws from calls are not edges in ESLint's
 * graph: at each throwing event we jump to the enclosing `catch` clause ourselves, or count a leak when the
 * throw leaves the function without a `finally` that ends the span.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { contains, outerExpression } from '../ast.js';
import type { CodePathRecord, EventPosition, Segment } from './recorder.js';
import { catchingClause, jumpsThroughEndingFinally, throwTarget } from './throws.js';

export type Leak =
  /** The function returns or throws (`node`), or runs off its end (`node` null), with the span open. */
  | { kind: 'exit'; node: TSESTree.ReturnStatement | TSESTree.ThrowStatement | null }
  /** The span's creation runs again (a loop) or another span overwrites the variable. */
  | { kind: 'again'; node: TSESTree.Node }
  /** A call, `new` or `await` here can throw out of the function with the span open. */
  | { kind: 'throw'; node: TSESTree.Node }
  /** A promise chain ends the span on success only. */
  | { kind: 'reject'; node: TSESTree.Node };

/** A throw that can happen while the span is open and leaves the function: straight out, or through a `finally` that ends the span. */
export interface ErrorExit {
  node: TSESTree.Node;
  through: 'escapes' | 'ended';
}

export interface SearchResult {
  leaks: Leak[];
  errorExits: ErrorExit[];
  /** Catch clauses entered by a throw while the span is open, with the first throw that gets there. */
  catchesReached: Map<TSESTree.CatchClause, TSESTree.Node>;
  /** Recorded events reached while the span is open. */
  openEvents: Set<TSESTree.Node>;
}

/** What the walk needs to know about one span. */
export interface SpanFacts {
  owner: TSESTree.Node;
  /** The event ends the span (or hands it to something that will). */
  isEnd(node: TSESTree.Node): boolean;
  /** The event creates this span again. */
  isAgain(node: TSESTree.Node): boolean;
  /** The event can throw. */
  canThrow(node: TSESTree.Node): boolean;
  /** An `await` after which the span is ended if it resolved. */
  endsOnResolve(node: TSESTree.Node): boolean;
  /** The try statement's finally block ends the span (a property: the searches hand it on as a function). */
  finallyEnds: (tryStatement: TSESTree.TryStatement) => boolean;
  /** The catch clause touches the span (so it is this span's error handling, and a leak from it is its own). */
  handles(clause: TSESTree.CatchClause): boolean;
}

/** The throw that sent a path into a catch clause: where the leak starts if the clause, not about this span, rethrows. */
interface ThrowOrigin {
  node: TSESTree.Node;
  clause: TSESTree.CatchClause;
}


interface PathItem {
  segment: Segment;
  index: number;
  lastExit: TSESTree.ReturnStatement | TSESTree.ThrowStatement | null;
  origin: ThrowOrigin | null;
}

export function findLeaks(record: CodePathRecord, starts: readonly EventPosition[], facts: SpanFacts): SearchResult {
  const leaks: Leak[] = [];
  const errorExits: ErrorExit[] = [];
  const catchesReached = new Map<TSESTree.CatchClause, TSESTree.Node>();
  const openEvents = new Set<TSESTree.Node>();
  // A segment is walked once per pending exit: a `return` and a rethrow that share a `finally` block each reach
  // the end of the function on their own.
  const visited = new Map<string, Set<TSESTree.Node | null>>();
  // Throws reach a catch clause only through our own jumps: ESLint's approximate edges into catch blocks
  // (from the first expression that might throw, and from the end of the try block) are not followed.
  const { catchEntries, thrownFinals } = record.segmentSets();
  const stack: PathItem[] = starts.map((start) => ({ segment: start.segment, index: start.index + 1, lastExit: null, origin: null }));
  const enter = (segment: Segment, lastExit: PathItem['lastExit'], origin: ThrowOrigin | null): void => {
    let exits = visited.get(segment.id);
    if (!exits) {
      exits = new Set();
      visited.set(segment.id, exits);
    }
    if (exits.has(lastExit)) return;
    exits.add(lastExit);
    stack.push({ segment, index: 0, lastExit, origin });
  };
  const jumpToCatch = (clause: TSESTree.CatchClause, from: TSESTree.Node, origin: ThrowOrigin | null): void => {
    // A throw inside a catch clause that was itself entered by a throw keeps the first throw as the origin.
    let first = origin && contains(origin.clause.body, from) ? origin.node : from;
    // `await work()`: the call's synchronous throw and the rejection are one failure; name the await.
    const awaited = outerExpression(first, { throughChains: true }).parent;
    if (awaited?.type === AST_NODE_TYPES.AwaitExpression) first = awaited;
    if (!catchesReached.has(clause)) catchesReached.set(clause, first);
    for (const segment of record.catchEntries.get(clause) ?? []) enter(segment, null, { node: first, clause });
  };
  /**
   * A leak at `node` on a path that entered a catch clause which does not touch the span (another span's error
   * handling, say) and rethrows: the leak is the throw that led there ("if the await on line 7 rejects").
   */
  const throwLeak = (node: TSESTree.Node, origin: ThrowOrigin | null): Leak => {
    const own: Leak =
      node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement ? { kind: 'exit', node } : { kind: 'throw', node };
    if (!origin || node.type === AST_NODE_TYPES.ReturnStatement || !contains(origin.clause.body, node) || facts.handles(origin.clause)) return own;
    return origin.node.type === AST_NODE_TYPES.ThrowStatement ? { kind: 'exit', node: origin.node } : { kind: 'throw', node: origin.node };
  };

  for (let item = stack.pop(); item; item = stack.pop()) {
    const events = record.eventsOf(item.segment);
    const origin = item.origin;
    let lastExit = item.lastExit;
    let closed = false;
    for (let i = item.index; i < events.length && !closed; i++) {
      const node = events[i];
      openEvents.add(node);
      if (facts.isEnd(node)) {
        closed = true;
      } else if (facts.isAgain(node)) {
        leaks.push({ kind: 'again', node });
        closed = true;
      } else if (node.type === AST_NODE_TYPES.ReturnStatement) {
        lastExit = node;
      } else if (node.type === AST_NODE_TYPES.ThrowStatement) {
        const clause = catchingClause(node, facts.owner);
        if (clause) {
          jumpToCatch(clause, node, origin);
          closed = true;
        } else {
          lastExit = node;
          const target = throwTarget(node, facts.owner, facts.finallyEnds);
          if (target.kind !== 'catch') errorExits.push({ node, through: target.kind });
        }
      } else if (node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) {
        closed = jumpsThroughEndingFinally(node, facts.finallyEnds);
      } else {
        if (facts.canThrow(node)) {
          const target = throwTarget(node, facts.owner, facts.finallyEnds);
          if (target.kind === 'escapes') leaks.push(throwLeak(node, origin));
          else if (target.kind === 'catch') jumpToCatch(target.clause, node, origin);
          if (target.kind !== 'catch' && node.type !== AST_NODE_TYPES.YieldExpression) errorExits.push({ node, through: target.kind });
        }
        closed = facts.endsOnResolve(node);
      }
    }
    if (closed) continue;
    const next = item.segment.nextSegments.filter((segment) => !catchEntries.has(segment.id));
    if (item.segment.nextSegments.length === 0) {
      // A thrown end with no `throw` statement on the way is ESLint's "anything may throw" edge: the throws
      // that matter were judged at their calls above.
      if (lastExit || !thrownFinals.has(item.segment.id)) leaks.push(lastExit ? throwLeak(lastExit, origin) : { kind: 'exit', node: null });
    }
    for (const segment of next) enter(segment, lastExit, origin);
  }
  return { leaks, errorExits, catchesReached, openEvents };
}
