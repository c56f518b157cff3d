/**
 * What ESLint's code-path analysis tells us about one code path (a function, the module, a static block or a
 * class-field initializer), kept on a stack the way react-hooks' RulesOfHooks does.
 *
 * While ESLint walks a code path we note, per segment and in execution order, the few nodes a span's fate
 * depends on: calls, `new`, `await` (places that can throw, or end a span), `return`/`throw`, and nested
 * functions (a closure created here may end the span). The judgement runs once, in onCodePathEnd.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { SpanCreation } from '../tracer-evidence.js';

export type CodePath = TSESLint.CodePath;
export type Segment = TSESLint.CodePathSegment;

/** An event's place: its segment and its index in that segment's event list. */
export interface EventPosition {
  segment: Segment;
  index: number;
}

/** A span this code path owns: a `startSpan` call bound here, or the span parameter of a `startActiveSpan` callback. */
export interface TrackedSpan {
  creation: SpanCreation;
  /** True for a `startActiveSpan` callback: the span exists from the callback's first segment. */
  startsAtEntry: boolean;
}

export class CodePathRecord {
  /** Segments ESLint is in right now (a `finally` block runs in several at once: normal, return, throw). */
  readonly current = new Set<Segment>();
  /** Per segment id: the recorded nodes, in execution order. */
  readonly events = new Map<string, TSESTree.Node[]>();
  /** The segments each `catch` clause starts in: where a throw inside its `try` block lands. */
  readonly catchEntries = new Map<TSESTree.CatchClause, Segment[]>();
  /** Where each tracked `startSpan` call sits once its arguments have run. */
  readonly creationPositions = new Map<TSESTree.Node, EventPosition[]>();
  readonly spans: TrackedSpan[] = [];
  /** The segments events were recorded in, by id. */
  private readonly segments = new Map<string, Segment>();
  private sets: { catchEntries: ReadonlySet<string>; thrownFinals: ReadonlySet<string> } | null = null;

  constructor(
    readonly codePath: CodePath,
    /** The function, Program, StaticBlock or field initializer this code path belongs to. */
    readonly owner: TSESTree.Node,
  ) {}

  /** Appends `node` to every current segment and returns where it went. */
  record(node: TSESTree.Node): EventPosition[] {
    const positions: EventPosition[] = [];
    for (const segment of this.current) {
      let list = this.events.get(segment.id);
      if (!list) {
        list = [];
        this.events.set(segment.id, list);
        this.segments.set(segment.id, segment);
      }
      positions.push({ segment, index: list.length });
      list.push(node);
    }
    return positions;
  }

  /** Where a recorded node sits (one position per segment it was recorded in). */
  positionsOf(node: TSESTree.Node): EventPosition[] {
    const positions: EventPosition[] = [];
    for (const segment of this.segments.values()) {
      const index = this.eventsOf(segment).indexOf(node);
      if (index >= 0) positions.push({ segment, index });
    }
    return positions;
  }

  /**
   * Ids of the segments catch clauses start in, and of the code path's thrown final segments; for the path searches
   * once the code path has ended (the same for every span of this code path).
   */
  segmentSets(): { catchEntries: ReadonlySet<string>; thrownFinals: ReadonlySet<string> } {
    if (!this.sets) {
      const catchEntries = new Set<string>();
      for (const segments of this.catchEntries.values()) for (const segment of segments) catchEntries.add(segment.id);
      this.sets = { catchEntries, thrownFinals: new Set(this.codePath.thrownSegments.map((segment) => segment.id)) };
    }
    return this.sets;
  }

  eventsOf(segment: Segment): readonly TSESTree.Node[] {
    return this.events.get(segment.id) ?? [];
  }
}
