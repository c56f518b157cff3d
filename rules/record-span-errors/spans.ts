/**
 * Which span owns an error path. A catch clause or promise handler belongs to the innermost span whose
 * scope contains it: the same function body (looking through `context.with(ctx, fn)`, `new Promise(fn)`
 * and IIFEs, which run at once), where the span variable is visible, created before the guarded work,
 * and not already ended unconditionally before it. Error paths inside another catch or a finally block
 * (rollback, cleanup) belong to no span.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { START_ACTIVE_SPAN, START_SPAN } from '../../src/otel/api.js';
import type { SpanCreation } from '../../src/otel/tracer-evidence.js';
import { contains, scopeBoundaryOf, type ScopeBoundary } from './ast.js';

export interface TrackedSpan {
  creation: SpanCreation;
  /**
   * The variable the span is bound to. Null for a `startActiveSpan` callback without parameters,
   * which can only reach its span through `trace.getActiveSpan()`.
   */
  name: string | null;
  boundary: ScopeBoundary;
  /** Code of `boundary` at or after this offset runs while the span is live. */
  start: number;
  /** Where the span variable can be named (the whole callback for `startActiveSpan`). */
  visible: TSESTree.Range;
}

/** Where an error path sits, for the ownership question. */
export interface ErrorSite {
  /** The catch clause or handler function: it must be inside the span's scope and see its variable. */
  node: TSESTree.Node;
  /** A `startSpan` call must begin before this offset (the end of the guarded try block, or the chain start). */
  liveEnd: number;
  /** The statement-level node that must not follow an unconditional `span.end()`. */
  target: TSESTree.Node;
}

export function trackSpan(creation: SpanCreation, sourceCode: TSESLint.SourceCode): TrackedSpan | null {
  if (creation.kind === START_ACTIVE_SPAN) {
    const callback = creation.callback;
    if (!callback) return null;
    // A destructured or defaulted span parameter cannot be named in a suggestion or matched reliably.
    if (callback.params.length > 0 && !creation.spanId) return null;
    return { creation, name: creation.spanId?.name ?? null, boundary: callback, start: callback.body.range[0], visible: callback.range };
  }
  const spanId = creation.spanId;
  if (!spanId) return null;
  const visible = variableScopeRange(sourceCode, spanId);
  if (!visible) return null;
  return { creation, name: spanId.name, boundary: scopeBoundaryOf(creation.call), start: creation.call.range[1], visible };
}

/** The range of the scope that declares `id` (block for let/const, function for var and params). */
function variableScopeRange(sourceCode: TSESLint.SourceCode, id: TSESTree.Identifier): TSESTree.Range | null {
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(id);
  while (scope) {
    const variable = scope.set.get(id.name);
    if (variable) return variable.scope.block.range;
    scope = scope.upper;
  }
  return null;
}

export class SpanIndex {
  readonly spans: TrackedSpan[] = [];
  private readonly byBoundary = new Map<TSESTree.Node, TrackedSpan[]>();
  /** `x.end()` calls by receiver name, for the "ended before" question. */
  private readonly endCalls = new Map<string, TSESTree.CallExpression[]>();
  private readonly catchOwners = new Map<TSESTree.CatchClause, TrackedSpan | null>();
  private names: Set<string> | null = null;

  add(span: TrackedSpan): void {
    this.spans.push(span);
    const list = this.byBoundary.get(span.boundary);
    if (list) list.push(span);
    else this.byBoundary.set(span.boundary, [span]);
    this.names = null;
  }

  addEndCall(receiverName: string, call: TSESTree.CallExpression): void {
    const list = this.endCalls.get(receiverName);
    if (list) list.push(call);
    else this.endCalls.set(receiverName, [call]);
  }

  /** Names of all tracked span variables: a receiver with one of them is that span, not another. */
  spanNames(): ReadonlySet<string> {
    this.names ??= new Set(this.spans.flatMap((span) => (span.name ? [span.name] : [])));
    return this.names;
  }

  ownerOf(site: ErrorSite): TrackedSpan | null {
    if (this.spans.length === 0) return null;
    const boundary = scopeBoundaryOf(site.node);
    const candidates = this.byBoundary.get(boundary);
    if (!candidates || insideCleanup(site.node, boundary)) return null;
    let best: TrackedSpan | null = null;
    for (const span of candidates) {
      if (span.creation.kind === START_SPAN) {
        if (!(span.visible[0] <= site.node.range[0] && site.node.range[1] <= span.visible[1])) continue;
        if (span.creation.call.range[0] >= site.liveEnd) continue;
      }
      if (this.endedBefore(span, site.target)) continue;
      if (!best || span.start > best.start) best = span;
    }
    return best;
  }

  ownerOfCatch(handler: TSESTree.CatchClause): TrackedSpan | null {
    let owner = this.catchOwners.get(handler);
    if (owner === undefined) {
      const tryStatement = handler.parent;
      owner = this.ownerOf({ node: handler, liveEnd: tryStatement.block.range[1], target: tryStatement });
      this.catchOwners.set(handler, owner);
    }
    return owner;
  }

  /**
   * True when an error thrown at `from` lands in an enclosing catch that belongs to the same span
   * (that catch is checked on its own).
   */
  hasOuterHandler(from: TSESTree.Node, span: TrackedSpan): boolean {
    let current = from;
    while (current !== span.boundary && current.parent) {
      const parent: TSESTree.Node = current.parent;
      if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) {
        if (this.ownerOfCatch(parent.handler) === span) return true;
      }
      current = parent;
    }
    return false;
  }

  /** `span.end()` runs on every path from the span's start to `target`, so `target` runs after the span ended. */
  private endedBefore(span: TrackedSpan, target: TSESTree.Node): boolean {
    if (!span.name) return false;
    for (const call of this.endCalls.get(span.name) ?? []) {
      if (call.range[0] < span.start || call.range[1] > target.range[0]) continue;
      if (scopeBoundaryOf(call) !== span.boundary) continue;
      if (runsUnconditionallyBefore(call, target)) return true;
    }
    return false;
  }
}

/**
 * `call` is a statement in a block that also holds `target` (or in a `finally`, or a bare block, on the way
 * to such a block), so every path that reaches `target` ran it. Conditional ends (`if (x) { span.end(); return }`)
 * do not count.
 */
function runsUnconditionallyBefore(call: TSESTree.CallExpression, target: TSESTree.Node): boolean {
  let statement: TSESTree.Node | undefined = call.parent;
  if (statement?.type === AST_NODE_TYPES.ChainExpression) statement = statement.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  let current: TSESTree.Node = statement;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      !parent ||
      (parent.type !== AST_NODE_TYPES.BlockStatement &&
        parent.type !== AST_NODE_TYPES.Program &&
        parent.type !== AST_NODE_TYPES.StaticBlock)
    ) {
      return false;
    }
    if (contains(parent, target)) return true;
    const owner: TSESTree.Node | undefined = parent.parent;
    if (owner?.type === AST_NODE_TYPES.TryStatement && owner.finalizer === parent) current = owner;
    else if (parent.type === AST_NODE_TYPES.BlockStatement && owner?.type === AST_NODE_TYPES.BlockStatement) current = parent;
    else return false;
  }
}

/**
 * `node` sits in another catch body or in a finally block: a rollback or cleanup whose failure is not the
 * operation's failure (the enclosing error path, if any, is checked on its own).
 */
function insideCleanup(node: TSESTree.Node, boundary: ScopeBoundary): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && current !== boundary) {
    if (current.type === AST_NODE_TYPES.CatchClause && current !== node) return true;
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) return true;
    child = current;
    current = current.parent;
  }
  return false;
}
