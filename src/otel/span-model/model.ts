/**
 * One span model per file, shared by every span rule.
 *
 * ESLint's code-path events feed a stack of per-function records (./recorder.ts) while the file is walked. The
 * first span rule created for a file feeds the model; the others read it. Spans are analysed lazily, once each,
 * when a rule asks (at the end of the Program's code path), and only in files that start spans.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { CONTEXT_WITH, SET_SPAN, START_ACTIVE_SPAN, START_SPAN } from '../api.js';
import { fileImportsOtel, fileMayUseOtel, getSpanCreation, hasTypeInformation, importsTracingModule, mentions, spanValue, tracerSettingsKey, type SpanCreation, type TracerSettings } from '../tracer-evidence.js';
import { enclosingFunction, isNullish, memberName, skipTypeWrappers, type FunctionNode } from '../ast.js';
import { fileFacts } from '../file-facts.js';
import { analyzeSpan, type SpanAnalysis } from './analyze.js';
import { CodePathRecord, type CodePath, type Segment } from './recorder.js';
import { contextRead, testedIdentifier } from './span-uses.js';
import { declaredFunction } from './local-functions.js';
import { FileIndex } from './file-index.js';
import { lookAlikeSpanIds } from './look-alike-spans.js';
import { SpanFactories } from './span-factories.js';
import { ThrowAnalysis } from './throws.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export class SpanModel {
  readonly throws: ThrowAnalysis;
  /** Same-file functions and quiet receivers by name, filled during the traversal. */
  readonly index = new FileIndex();
  /** Every code path record, in the order their code paths started. */
  readonly records: CodePathRecord[] = [];
  /** Spans created and dropped on the spot: `tracer.startSpan('x');`. */
  readonly discarded: SpanCreation[] = [];
  /**
   * Of those, the spans only made active for callbacks that never fetch them back (activeOnlyForCallback): the
   * callbacks run inside the span, and nothing in them can record on it.
   */
  readonly contextOnly = new Map<SpanCreation, FunctionNode[]>();
  private readonly stack: CodePathRecord[] = [];
  /** startActiveSpan callbacks seen at their call, waiting for their code path to start. */
  private readonly callbackSpans = new Map<FunctionNode, SpanCreation>();
  private analyses: SpanAnalysis[] | null = null;
  private lookAlikeAnalyses: SpanAnalysis[] | null = null;
  /** Look-alike spans are tracked only in files that import OpenTelemetry (a native APM agent's spans are not its). */
  private readonly lookAlikes: boolean;
  private readonly typed: boolean;
  private readonly factories: SpanFactories;

  /**
   * @param tracerSpans false where the file cannot start an OpenTelemetry span but imports the API: only look-alike
   * spans (./look-alike-spans.ts) are tracked there.
   */
  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly context: Context,
    private readonly settings: TracerSettings,
    private readonly tracerSpans = true,
  ) {
    this.throws = new ThrowAnalysis(sourceCode, this.index, context.filename);
    this.lookAlikes = fileImportsOtel(context);
    this.typed = hasTypeInformation(context);
    this.factories = new SpanFactories(context, settings, (id) => this.throws.siblingFunctionOf(id, null));
  }

  /**
   * Every span a tracer starts, analysed (once); with `lookAlikes`, also the values used as spans
   * (./look-alike-spans.ts). Call when the Program's code path has ended.
   */
  spans({ lookAlikes = false } = {}): readonly SpanAnalysis[] {
    this.analyses ??= this.analyze(false);
    if (!lookAlikes) return this.analyses;
    // Only no-span-use-after-end asks for these: analysed on its first call, not for every span rule.
    this.lookAlikeAnalyses ??= this.analyze(true);
    return [...this.analyses, ...this.lookAlikeAnalyses];
  }

  private analyze(lookAlikes: boolean): SpanAnalysis[] {
    const byOwner = new Map<TSESTree.Node, CodePathRecord>(this.records.map((record) => [record.owner, record]));
    const recordOf = (fn: FunctionNode): CodePathRecord | undefined => byOwner.get(fn);
    return this.records.flatMap((record) =>
      record.spans
        .filter((span) => (span.creation.lookAlike === true) === lookAlikes)
        .map((span) => analyzeSpan(this.sourceCode, this.throws, record, span, recordOf)),
    );
  }

  /** `const span = new SpanImpl(...)`, `const span = makeSpan()`: tracked for no-span-use-after-end only. */
  private trackLookAlike(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const record = this.stack[this.stack.length - 1] as CodePathRecord | undefined;
    // With types, a `startSpan` call the span model chose not to judge (an ORM's query tracer) is not a span either.
    // Without them, a wrapper's `Laminar.startActiveSpan({ name })` is judged by its uses like any other value.
    if (!this.lookAlikes || !record) return;
    if (this.typed && node.type === AST_NODE_TYPES.CallExpression && startsSpanByName(node, this.settings)) return;
    for (const spanId of lookAlikeSpanIds(this.sourceCode, node)) {
      const creation: SpanCreation = { kind: START_SPAN, call: node, callback: null, spanId, autoEnding: false, certain: false, lookAlike: true };
      record.spans.push({ creation, startsAtEntry: false });
    }
  }

  /** The listeners that record code paths; registered by one rule per file. */
  listeners(): Record<string, (...args: never[]) => void> {
    const top = (): CodePathRecord | undefined => this.stack[this.stack.length - 1];
    const recordEvent = (node: TSESTree.Node): void => {
      top()?.record(node);
    };
    // A call or `new` is an event (it may throw); where it starts a span, the span starts at its positions.
    const recordCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const record = top();
      if (!record) return;
      const positions = record.record(node);
      if (record.spans.some((span) => span.creation.call === node)) record.creationPositions.set(node, positions);
    };
    const indexListeners = this.index.listeners() as { VariableDeclarator?: (node: TSESTree.VariableDeclarator) => void };
    return {
      ...indexListeners,
      onCodePathStart: (codePath: CodePath, node: TSESTree.Node): void => {
        // A closure created here may end the span: note where in the enclosing function it is created.
        if (ASTUtils.isFunction(node)) recordEvent(node);
        const record = new CodePathRecord(codePath, node);
        const creation = ASTUtils.isFunction(node) ? this.callbackSpans.get(node) : undefined;
        if (creation) {
          this.callbackSpans.delete(node as FunctionNode);
          record.spans.push({ creation, startsAtEntry: true });
        }
        this.stack.push(record);
        this.records.push(record);
      },
      onCodePathEnd: (): void => {
        this.stack.pop();
      },
      onCodePathSegmentStart: (segment: Segment): void => {
        top()?.current.add(segment);
      },
      onCodePathSegmentEnd: (segment: Segment): void => {
        top()?.current.delete(segment);
      },
      CallExpression: (node: TSESTree.CallExpression): void => {
        const creation = this.tracerSpans ? (getSpanCreation(this.context, node, this.settings) ?? this.factories.creation(node)) : null;
        if (!creation) {
          this.trackLookAlike(node);
          return;
        }
        if (creation.kind === START_ACTIVE_SPAN) {
          if (creation.callback) this.callbackSpans.set(creation.callback, creation);
          return;
        }
        if (creation.spanId) top()?.spans.push({ creation, startsAtEntry: false });
        else if (isDiscarded(node)) this.discarded.push(creation);
        else {
          const callbacks = activeOnlyForCallback(this.sourceCode, node);
          if (callbacks) {
            this.discarded.push(creation);
            this.contextOnly.set(creation, callbacks);
          }
        }
      },
      NewExpression: (node: TSESTree.NewExpression): void => {
        this.trackLookAlike(node);
      },
      'CallExpression:exit': recordCall,
      'NewExpression:exit': recordCall,
      'AwaitExpression:exit': recordEvent,
      'YieldExpression:exit': recordEvent,
      ReturnStatement: recordEvent,
      ThrowStatement: recordEvent,
      // Tests of the span itself (`if (span)`, `span && span.end()`, `span?.end()`): the branch that skips the
      // end() never runs, so the judge treats the test as the end. Recorded before the branch forks.
      IfStatement: (node: TSESTree.IfStatement): void => {
        if (testedIdentifier(node.test)) recordEvent(node);
      },
      LogicalExpression: (node: TSESTree.LogicalExpression): void => {
        if (node.operator === '&&' && testedIdentifier(node.left)) recordEvent(node);
      },
      ChainExpression: recordEvent,
      // Entering a finally block that ends the span counts as the end, however the block guards its end() call.
      BlockStatement: (node: TSESTree.BlockStatement): void => {
        if (node.parent.type === AST_NODE_TYPES.TryStatement && node.parent.finalizer === node) recordEvent(node);
        // `if (!span) { return work(); }`: entering the branch where a variable is missing (analyze.ts judges whether
        // it is the span: a tracer that may hand out none).
        else if (node.parent.type === AST_NODE_TYPES.IfStatement && node.parent.consequent === node && testsMissing(node.parent.test)) recordEvent(node);
      },
      // `let span = null` run again in a loop puts another value in the variable (after-end.ts, declarationResets).
      VariableDeclarator: (node: TSESTree.VariableDeclarator): void => {
        indexListeners.VariableDeclarator?.(node);
        if (node.init && node.parent.kind !== 'const') recordEvent(node);
      },
      BreakStatement: recordEvent,
      ContinueStatement: recordEvent,
      CatchClause: (node: TSESTree.CatchClause): void => {
        const record = top();
        record?.catchEntries.set(node, [...record.current]);
      },
    };
  }
}

/** `!x`, `x == null`, `x === undefined`: a test that holds where the variable is missing. */
function testsMissing(test: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(test);
  if (inner.type === AST_NODE_TYPES.UnaryExpression) return inner.operator === '!' && skipTypeWrappers(inner.argument).type === AST_NODE_TYPES.Identifier;
  return inner.type === AST_NODE_TYPES.BinaryExpression && (inner.operator === '==' || inner.operator === '===') && isNullish(inner.right);
}

/** `tracer.startSpan('x');` or `void tracer.startSpan('x')`: the span is dropped on the spot. */
function isDiscarded(call: TSESTree.CallExpression): boolean {
  // `tracer.startSpan('x').setAttribute('id', id);`: dropped with the attributes set on it.
  const parent = spanValue(call).parent;
  return (
    parent?.type === AST_NODE_TYPES.ExpressionStatement ||
    (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void')
  );
}

/**
 * `context.with(trace.setSpan(context.active(), tracer.startSpan(name)), async () => {...})`: a span no variable holds,
 * made active for a callback that never fetches it back (no `getActiveSpan()`, `getSpan(...)`, in it or in a same-file
 * function it calls): nothing can end it. The same when the context is held in a (not exported) `const` that only such
 * calls read (`const ctx = trace.setSpan(context.active(), tracer.startSpan('test')); await context.with(ctx, ...)`),
 * or that is read as a parent for child spans, to inject headers or by a test's assertion (span-uses.ts contextRead):
 * no reader of it can reach the span. Returns the callbacks that run with the span active.
 */
function activeOnlyForCallback(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): FunctionNode[] | null {
  const value = spanValue(call);
  const setSpan = value.parent;
  if (setSpan?.type !== AST_NODE_TYPES.CallExpression || memberName(setSpan.callee) !== SET_SPAN || setSpan.arguments[1] !== value) return null;
  const resolve = (callee: TSESTree.Node): FunctionNode | null => (callee.type === AST_NODE_TYPES.Identifier ? declaredFunction(sourceCode, callee) : null);
  // The callbacks that run with the span active, if every read of the context is one that cannot reach the span.
  const callbacks: FunctionNode[] = [];
  const unreaching = (read: TSESTree.Node): boolean => {
    const use = contextRead(sourceCode, read, resolve);
    if (use?.kind === 'run' && use.handler && !use.reaches) callbacks.push(use.handler);
    return !!use && (use.kind !== 'run' || (!!use.handler && !use.reaches));
  };
  if (isContextWithArgument(setSpan)) return unreaching(setSpan) ? callbacks : null;
  const declarator = setSpan.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== setSpan || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  // `export const rootContext = ...`: any importer may fetch the span from it and end it.
  if (declarator.parent.kind !== 'const' || declarator.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return null;
  const variable = sourceCode.getDeclaredVariables(declarator).at(0);
  if (!variable) return null;
  const home = enclosingFunction(setSpan);
  const here = (node: TSESTree.Node): boolean => enclosingFunction(node) === home;
  return variable.references.every((reference) => reference.init === true || (here(reference.identifier) && unreaching(reference.identifier)) || contextRead(sourceCode, reference.identifier, resolve)?.kind === 'compare')
    ? callbacks
    : null;
}

/** `context.with(trace.setSpan(...), callback)`: the context is made for the call. */
function isContextWithArgument(contextValue: TSESTree.Node): boolean {
  const run = contextValue.parent;
  return run?.type === AST_NODE_TYPES.CallExpression && memberName(run.callee) === CONTEXT_WITH && run.arguments[0] === contextValue;
}

/** `x.startSpan(...)`, `x.startActiveSpan(...)` or a configured start function, by the callee's last name. */
function startsSpanByName(call: TSESTree.CallExpression, settings: TracerSettings): boolean {
  const callee = call.callee;
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : memberName(callee);
  if (name === null) return false;
  return name === START_SPAN || name === START_ACTIVE_SPAN || settings.startSpanFunctions.some((configured) => configured.slice(configured.lastIndexOf('.') + 1) === name);
}

/** Every file that creates a span with an OpenTelemetry tracer contains one of these names. */
function mayCreateSpans(sourceCode: TSESLint.SourceCode, settings: TracerSettings): boolean {
  if (mentions(sourceCode, START_SPAN) || mentions(sourceCode, START_ACTIVE_SPAN)) return true;
  // Spans from the project tracing module's factories, ended here.
  if (sourceCode.text.includes('.end(') && importsTracingModule(sourceCode)) return true;
  return settings.startSpanFunctions.some((name) => mentions(sourceCode, name.slice(name.lastIndexOf('.') + 1)));
}

/**
 * A file that imports OpenTelemetry and calls `end()` and a span method (or `end()` of a name that says span), without starting a span with a tracer: an
 * SDK's or a span wrapper's own code and tests (./look-alike-spans.ts).
 */
function mayHoldLookAlikeSpans(context: Context): boolean {
  const text = context.sourceCode.text;
  return fileImportsOtel(context) && END_CALL.test(text) && (SPAN_METHOD_CALL.test(text) || SPAN_NAMED_END_CALL.test(text));
}

const END_CALL = /\.\s*end\s*\(/;
const SPAN_NAMED_END_CALL = /span\s*\.\s*end\s*\(/i;
const SPAN_METHOD_CALL = /\.\s*(?:addEvent|addLinks?|recordException|setAttributes?|setStatus|updateName)\s*\(/;

/**
 * The file's span model and the listeners this rule must register: the recording listeners for the first rule
 * that asks, nothing for the rest. Null when the file cannot start an OpenTelemetry span (no work at all); that
 * verdict is also reached once per file, not once per span rule.
 */
export function useSpanModel(
  context: Context,
  settings: TracerSettings,
): { model: SpanModel; listeners: Record<string, (...args: never[]) => void> } | null {
  const sourceCode = context.sourceCode;
  const models = fileFacts(sourceCode).spanModels;
  const key = tracerSettingsKey(settings);
  const existing = models.get(key);
  if (existing === null) return null;
  if (existing) return { model: existing, listeners: {} };
  const tracerSpans = mayCreateSpans(sourceCode, settings) && fileMayUseOtel(context, settings);
  if (!tracerSpans && !mayHoldLookAlikeSpans(context)) {
    models.set(key, null);
    return null;
  }
  const model = new SpanModel(sourceCode, context, settings, tracerSpans);
  models.set(key, model);
  return { model, listeners: model.listeners() };
}

/**
 * The listeners a span rule returns: the model's recording listeners (when this rule feeds it), `extra` listeners
 * of the rule's own, and `judge` once the Program's code path has ended (every span is recorded by then).
 */
export function spanRuleListeners(
  modelListeners: Record<string, (...args: never[]) => void>,
  judge: () => void,
  extra: TSESLint.RuleListener = {},
): TSESLint.RuleListener {
  const listeners: Record<string, ((...args: never[]) => void) | undefined> = { ...modelListeners };
  for (const [selector, listener] of Object.entries(extra)) {
    const own = listeners[selector];
    listeners[selector] = own
      ? (...args: never[]): void => {
          own(...args);
          (listener as (...a: never[]) => void)(...args);
        }
      : listener;
  }
  const record = listeners.onCodePathEnd;
  listeners.onCodePathEnd = (...args: never[]): void => {
    record?.(...args);
    if ((args[1] as TSESTree.Node).type === AST_NODE_TYPES.Program) judge();
  };
  // The code-path listeners are not in typescript-eslint's RuleListener type (typescript-eslint#6993): they pass as
  // catch-all selectors.
  return listeners;
}
