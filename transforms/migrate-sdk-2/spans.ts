/**
 * `span.parentSpanId` → `span.parentSpanContext?.spanId` and `.instrumentationLibrary` → `.instrumentationScope`, only
 * on values the file shows to be SDK spans (or an SDK Tracer, for the scope): a binding annotated with the SDK's
 * `ReadableSpan`/`Span` (imported from an SDK trace package), an element of an array annotated so or returned by
 * `getFinishedSpans()`, a callback parameter or for-of variable over such an array, or a variable initialised with
 * one. Anything else named so (a look-alike of the user's own) is left alone. Destructuring either field from such a
 * span (`const { parentSpanId } = span`) is flagged.
 */
import type { ASTPath } from 'jscodeshift';
import { parentNode, propertyKeyName, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { isIgnored } from '../../src/codemod/ignore.js';
import {
  FINISHED_SPANS_METHOD,
  INSTRUMENTATION_LIBRARY,
  INSTRUMENTATION_SCOPE,
  PARENT_SPAN_CONTEXT,
  PARENT_SPAN_ID,
  SDK_SPAN_TYPES,
  SDK_TRACE_MODULES,
} from '../../src/otel/sdk-2-migration.js';
import type { Flags } from './flags.js';
import type { ImportPlan } from './imports.js';

const ELEMENT_METHODS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'flatMap', 'reduce']);
const ARRAY_METHODS = new Set(['filter', 'slice', 'concat', 'reverse', 'sort', 'toSorted', 'toReversed']);

export function rewriteSpanFields(file: CodemodFile, plan: ImportPlan, flags: Flags, codemod: string): void {
  if (!file.source.includes(PARENT_SPAN_ID) && !file.source.includes(INSTRUMENTATION_LIBRARY)) return;
  const spanTypes = new Set(
    plan.bindings.filter((b) => SDK_TRACE_MODULES.includes(b.module) && SDK_SPAN_TYPES.has(b.imported)).map((b) => b.local),
  );
  const tracerTypes = new Set(plan.bindings.filter((b) => SDK_TRACE_MODULES.includes(b.module) && b.imported === 'Tracer').map((b) => b.local));
  const judge = new SpanJudge(spanTypes, tracerTypes);
  const { j, root } = file;
  root.find(j.MemberExpression).forEach((path) => {
    const member = path.node as unknown as Node;
    const property = member.property as Node;
    if (member.computed || property.type !== 'Identifier') return;
    const field = property.name as string;
    if (field !== PARENT_SPAN_ID && field !== INSTRUMENTATION_LIBRARY) return;
    const objectPath = path.get('object') as ASTPath;
    const isSpan = judge.isSpan(objectPath);
    if (!isSpan && !(field === INSTRUMENTATION_LIBRARY && judge.isTracer(objectPath))) return;
    if (isIgnored(path, codemod)) return;
    const parent = parentNode(path);
    if ((parent?.type === 'AssignmentExpression' && parent.left === member) || parent?.type === 'UpdateExpression') {
      flags.add(path, `${field} is gone in 2.x: set ${field === PARENT_SPAN_ID ? `${PARENT_SPAN_CONTEXT} (a SpanContext)` : INSTRUMENTATION_SCOPE} instead`);
      return;
    }
    file.edits.replace(property.start, property.end, field === PARENT_SPAN_ID ? `${PARENT_SPAN_CONTEXT}?.spanId` : INSTRUMENTATION_SCOPE);
  });
  // `const { parentSpanId } = span`: read from a field 2.x spans no longer have (undefined in JavaScript).
  root.find(j.ObjectPattern).forEach((path) => {
    const pattern = path.node as unknown as Node;
    const fields = (pattern.properties as Node[])
      .filter((p) => p.type === 'ObjectProperty' && !p.computed)
      .map((p) => propertyKeyName(p))
      .filter((name) => name === PARENT_SPAN_ID || name === INSTRUMENTATION_LIBRARY);
    if (fields.length === 0 || !judge.holdsSpan(path) || isIgnored(path, codemod)) return;
    for (const field of fields) {
      flags.add(path, `${field} is gone in 2.x: read ${field === PARENT_SPAN_ID ? `${PARENT_SPAN_CONTEXT}?.spanId` : INSTRUMENTATION_SCOPE} instead of destructuring ${field}`);
    }
  });
}

interface Scope {
  lookup(name: string): { getBindings(): Record<string, ASTPath[]> } | null;
}

class SpanJudge {
  constructor(
    private readonly spanTypes: ReadonlySet<string>,
    private readonly tracerTypes: ReadonlySet<string>,
  ) {}

  isSpan(path: ASTPath, depth = 0): boolean {
    if (depth > 6) return false;
    const node = path.node as unknown as Node;
    if (node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression') return this.isSpan(path.get('expression') as ASTPath, depth + 1);
    if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && node.computed) {
      return this.isSpanArray(path.get('object') as ASTPath, depth + 1);
    }
    if ((node.type === 'CallExpression' || node.type === 'OptionalCallExpression') && this.isArrayMethodCall(path, ['find', 'findLast', 'at', 'pop', 'shift'], depth)) return true;
    if (node.type !== 'Identifier') return false;
    const declaring = declaringPath(path, node.name as string);
    return declaring !== null && this.holdsSpan(declaring, depth);
  }

  /**
   * Whether what a declaration, parameter or loop binds (an identifier, or a destructuring pattern) is an SDK span:
   * annotated so, initialised with one, the first element of a span array (`const [span] = spans`), a for-of variable
   * or an element callback's parameter over a span array.
   */
  holdsSpan(declaring: ASTPath, depth = 0): boolean {
    const id = declaring.node as unknown as Node;
    if (this.annotatedAs(id, this.spanTypes, false)) return true;
    const parent = parentNode(declaring);
    if (!parent) return false;
    // const [span] = spans
    if (parent.type === 'ArrayPattern' && (parent.elements as (Node | null)[])[0] === id) {
      const patternPath = declaring.parent as ASTPath;
      const declarator = parentNode(patternPath);
      if (declarator?.type === 'VariableDeclarator' && declarator.id === parent && declarator.init) {
        return this.isSpanArray((patternPath.parent as ASTPath).get('init') as ASTPath, depth + 1);
      }
      return false;
    }
    // const span = spans[0]
    if (parent.type === 'VariableDeclarator' && parent.id === id && parent.init) return this.isSpan((declaring.parent as ASTPath).get('init') as ASTPath, depth + 1);
    // for (const span of spans)
    if (parent.type === 'VariableDeclarator') {
      const declaration = (declaring.parent as ASTPath).parent as ASTPath;
      const loop = parentNode(declaration);
      if (loop?.type === 'ForOfStatement' && loop.left === (declaration.node as unknown)) {
        return this.isSpanArray((declaration.parent as ASTPath).get('right') as ASTPath, depth + 1);
      }
    }
    // spans.forEach((span) => …)
    if ((parent.type === 'ArrowFunctionExpression' || parent.type === 'FunctionExpression') && (parent.params as Node[])[0] === id) {
      const fnPath = declaring.parent as ASTPath;
      const call = parentNode(fnPath);
      if (call?.type === 'CallExpression' && (call.arguments as Node[])[0] === parent) {
        const callee = call.callee as Node;
        if (callee.type === 'MemberExpression' && !callee.computed && ELEMENT_METHODS.has((callee.property as Node).name as string)) {
          return this.isSpanArray((fnPath.parent as ASTPath).get('callee', 'object') as ASTPath, depth + 1);
        }
      }
    }
    return false;
  }

  isTracer(path: ASTPath): boolean {
    const node = path.node as unknown as Node;
    if (node.type !== 'Identifier') return false;
    const declaring = declaringPath(path, node.name as string);
    return declaring !== null && this.annotatedAs(declaring.node as unknown as Node, this.tracerTypes, false);
  }

  private isSpanArray(path: ASTPath, depth: number): boolean {
    if (depth > 6) return false;
    const node = path.node as unknown as Node;
    if (node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression' || node.type === 'AwaitExpression') {
      return this.isSpanArray(path.get(node.type === 'AwaitExpression' ? 'argument' : 'expression') as ASTPath, depth + 1);
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node;
      if (callee.type === 'MemberExpression' && !callee.computed && (callee.property as Node).name === FINISHED_SPANS_METHOD) return true;
      return this.isArrayMethodCall(path, [...ARRAY_METHODS], depth);
    }
    if (node.type !== 'Identifier') return false;
    const declaring = declaringPath(path, node.name as string);
    if (!declaring) return false;
    const id = declaring.node as unknown as Node;
    if (this.annotatedAs(id, this.spanTypes, true)) return true;
    const parent = parentNode(declaring);
    if (parent?.type === 'VariableDeclarator' && parent.id === id && parent.init) return this.isSpanArray((declaring.parent as ASTPath).get('init') as ASTPath, depth + 1);
    return false;
  }

  /** `spans.find(…)` (an element) or `spans.filter(…)` (an array) of a span array. */
  private isArrayMethodCall(path: ASTPath, methods: readonly string[], depth: number): boolean {
    const node = path.node as unknown as Node;
    const callee = node.callee as Node;
    if (callee.type !== 'MemberExpression' || callee.computed || !methods.includes((callee.property as Node).name as string)) return false;
    return this.isSpanArray(path.get('callee', 'object') as ASTPath, depth + 1);
  }

  /** `x: T`, `x: T[]`, `x: Array<T>`, `x: readonly T[]`, `x: ReadonlyArray<T>` with T one of `types`. */
  private annotatedAs(id: Node, types: ReadonlySet<string>, array: boolean): boolean {
    let type = (id.typeAnnotation as Node | undefined)?.typeAnnotation as Node | undefined;
    if (!type) return false;
    if (array) {
      if (type.type === 'TSTypeOperator') type = type.typeAnnotation as Node;
      if (type.type === 'TSArrayType') type = type.elementType as Node;
      else if (type.type === 'TSTypeReference' && ['Array', 'ReadonlyArray'].includes((type.typeName as Node).name as string)) {
        type = ((type.typeParameters as Node | undefined)?.params as Node[] | undefined)?.[0];
      } else return false;
    }
    return type?.type === 'TSTypeReference' && (type.typeName as Node).type === 'Identifier' && types.has((type.typeName as Node).name as string);
  }
}

/** The identifier that declares `name` where `path` reads it. */
function declaringPath(path: ASTPath, name: string): ASTPath | null {
  const scope = (path.scope as Scope | null)?.lookup(name);
  const found = scope?.getBindings()[name];
  return found && found.length > 0 ? found[0] : null;
}
