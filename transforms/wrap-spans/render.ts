/**
 * Writes the wrapped functions as text edits on the original source, so everything outside the wrapped bodies stays
 * byte-for-byte the same and the original statements keep their comments and layout, one or two levels deeper.
 *
 * Edits nest (a wrapped function inside another's body): each edit renders its own text given the indentation its
 * enclosing edits add (`shift`), and the lines between edits are shifted the same way, except lines that start
 * inside a multi-line string or template literal, whose leading whitespace is part of the value.
 */
import type { FileStyle } from '../../src/codemod/file-style.js';
import { walkAll, walkOwn, type Node } from './ast.js';
import { isBuiltinSyncCall, ownReturns, type ReturnKind } from './return-kind.js';

export type Shape = 'async' | ReturnKind;

export interface WrapPlan {
  fn: Node;
  shape: Shape;
  spanName: string;
  /** `code.function.name` / `code.file.path` values when `--attributes` is on. */
  attributes: { functionName: string; filePath: string } | null;
  /** Fresh local names for this function (they must not shadow anything its body uses). */
  names: { span: string; error: string; result: string; value: string };
}

export interface FileContext {
  source: string;
  style: FileStyle;
  typeScript: boolean;
  /** Expression for the tracer (`tracer`) and for `SpanStatusCode` (`SpanStatusCode`, `api.SpanStatusCode`). */
  tracer: string;
  statusCode: string;
}

interface Edit {
  start: number;
  end: number;
  children: Edit[];
  render(shift: string, children: Edit[]): string;
}

/** The source with every plan applied. */
export function renderWraps(program: Node, context: FileContext, plans: readonly WrapPlan[]): string {
  const protectedRanges = multiLineLiterals(program, context.source);
  const renderer = new Renderer(context, protectedRanges);
  const edits = plans.flatMap((plan) => renderer.editsFor(plan));
  return renderer.range(0, context.source.length, '', nest(edits));
}

/** Sorts edits and puts each inside the edit whose range contains it. */
function nest(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const roots: Edit[] = [];
  const stack: Edit[] = [];
  // An insertion at an edit's very end belongs after it, not inside it.
  const contains = (outer: Edit, inner: Edit) => inner.start >= outer.start && inner.end <= outer.end && inner.start < outer.end;
  for (const edit of sorted) {
    while (stack.length > 0 && !contains(stack[stack.length - 1], edit)) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1].children : roots).push(edit);
    if (edit.end > edit.start) stack.push(edit);
  }
  return roots;
}

/**
 * [start, end] ranges of string literals and template chunks that span lines. (JSX text is not among them: JSX drops
 * whitespace that contains a line break, so re-indenting it changes nothing.)
 */
function multiLineLiterals(program: Node, source: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  walkAll(program, (node) => {
    const isLiteral = node.type === 'TemplateElement' || node.type === 'StringLiteral' || node.type === 'DirectiveLiteral';
    if (isLiteral && source.slice(node.start, node.end).includes('\n')) ranges.push([node.start, node.end]);
  });
  return ranges.sort((a, b) => a[0] - b[0]);
}

class Renderer {
  private readonly indent: string;
  private readonly semi: string;

  constructor(
    private readonly context: FileContext,
    private readonly protectedRanges: Array<[number, number]>,
  ) {
    this.indent = context.style.indent;
    this.semi = context.style.semicolons ? ';' : '';
  }

  /** Source text of [start, end) with nested edits applied and `shift` added to every line start. */
  range(start: number, end: number, shift: string, edits: Edit[]): string {
    let out = '';
    let position = start;
    for (const edit of edits) {
      out += this.shiftLines(position, edit.start, shift);
      out += edit.render(shift, edit.children);
      position = edit.end;
    }
    return out + this.shiftLines(position, end, shift);
  }

  private shiftLines(start: number, end: number, shift: string): string {
    const text = this.context.source.slice(start, end);
    if (!shift) return text;
    return text.replace(/\n(?=([^\n]?))/g, (newline, next: string, offset: number) => {
      const lineStart = start + offset + 1;
      if (next === '' || next === '\r' || this.isProtected(lineStart)) return newline;
      return `\n${shift}`;
    });
  }

  private isProtected(position: number): boolean {
    return this.protectedRanges.some(([start, end]) => position > start && position <= end);
  }

  editsFor(plan: WrapPlan): Edit[] {
    const edits: Edit[] = [this.bodyEdit(plan)];
    const body = plan.fn.body as Node;
    if (body.type !== 'BlockStatement') return edits;
    const returns = ownReturns(plan.fn).filter((r) => r.argument);
    if (plan.shape === 'async') {
      // `return promise` inside try/finally would end the span before the promise settles (and miss its rejection).
      for (const statement of returns) {
        const argument = statement.argument as Node;
        if (!needsAwait(argument) || isSettledLocal(plan.fn, argument)) continue;
        const wrap = needsParens(argument);
        edits.push(insertion(statement.start + 'return'.length, wrap ? ' await (' : ' await'));
        if (wrap) edits.push(insertion(argument.end, ')'));
      }
    } else if ((plan.shape === 'promise' || plan.shape === 'maybe') && isHoistable(plan.fn)) {
      const statement = returns[0];
      const argument = statement.argument as Node;
      const next = this.context.source[statement.start + 'return'.length];
      const text = `${plan.names.result} =${/\s/.test(next) ? '' : ' '}`;
      edits.push({ start: statement.start, end: statement.start + 'return'.length, children: [], render: () => text });
      // `return a, b` returns b; `result = a, b` would assign a.
      if (argument.type === 'SequenceExpression' && !argument.extra?.parenthesized) edits.push(insertion(argument.start, '('), insertion(argument.end, ')'));
    }
    return edits;
  }

  private bodyEdit(plan: WrapPlan): Edit {
    const { source } = this.context;
    const body = plan.fn.body as Node;
    if (body.type === 'BlockStatement') {
      return {
        start: body.start,
        end: body.end,
        children: [],
        render: (shift, children) => this.blockBody(plan, shift, children),
      };
    }
    // Expression body: replace from after `=>` to the end of the expression (and its parentheses).
    const arrow = source.lastIndexOf('=>', expressionStart(body));
    return {
      start: arrow + 2,
      end: expressionEnd(source, body),
      children: [],
      render: (shift, children) => this.expressionBody(plan, arrow, shift, children),
    };
  }

  private blockBody(plan: WrapPlan, shift: string, children: Edit[]): string {
    const { source } = this.context;
    const block = plan.fn.body as Node;
    const base = shift + lineIndent(source, block.start);
    const directives = (block.directives as Node[] | undefined) ?? [];
    const contentStart = directives.length > 0 ? directives[directives.length - 1].end : block.start + 1;
    const lines = ['{', ...directives.map((d) => base + this.indent + source.slice(d.start, d.end))];
    const levels = plan.shape === 'async' || plan.shape === 'sync' || isHoistable(plan.fn) ? 3 : 4;
    const content = this.blockContent(contentStart, block.end - 1, base, levels, shift, children);
    lines.push(...this.wrapper(plan, base, content));
    lines.push(`${base}}`);
    return lines.join('\n');
  }

  private expressionBody(plan: WrapPlan, arrow: number, shift: string, children: Edit[]): string {
    const { source } = this.context;
    const body = plan.fn.body as Node;
    const base = shift + lineIndent(source, arrow);
    // The expression's own text without the parentheses around it, then made safe for the operator put before it.
    // Comments between `=>` and the expression stay, inside parentheses (`return // why` would return undefined).
    const end = expressionEnd(source, body);
    const hasComments = /\/[/*]/.test(source.slice(arrow + 2, body.start) + source.slice(body.end, end));
    const first = hasComments ? skipWhitespace(source, arrow + 2) : body.start;
    const target = base + this.indent.repeat(3);
    const firstLineIndent = shift + lineIndent(source, first);
    const continuationShift = target.startsWith(firstLineIndent) ? shift + target.slice(firstLineIndent.length) : shift + this.indent.repeat(3);
    let expression = this.range(first, hasComments ? end : body.end, continuationShift, children);
    if (hasComments && !expression.startsWith('(')) expression = `(${expression})`;
    const bare = !hasComments;
    let lead = 'return ';
    if (plan.shape === 'async' && needsAwait(body)) {
      lead = 'return await ';
      if (bare && !AWAIT_OPERAND.has(body.type)) expression = `(${expression})`;
    } else if (plan.shape === 'promise' || plan.shape === 'maybe') {
      lead = `${plan.names.result} = `;
      if (bare && body.type === 'SequenceExpression') expression = `(${expression})`;
    }
    const content = `${target}${lead}${expression}${this.semi}`;
    return [' {', ...this.wrapper(plan, base, content), `${base}}`].join('\n');
  }

  /**
   * The original statements between `start` and `end`, re-indented to `levels` below `base`. Leading and trailing blank
   * space is dropped; a body written on the brace's line (`{ return x; }`) gets a line of its own.
   */
  private blockContent(start: number, end: number, base: string, levels: number, shift: string, children: Edit[]): string {
    const { source } = this.context;
    const first = skipWhitespace(source, start);
    if (first >= end) return '';
    let last = end;
    while (last > first && /\s/.test(source[last - 1])) last--;
    const target = base + this.indent.repeat(levels);
    const onOwnLine = source.slice(start, first).includes('\n');
    if (!onOwnLine) return target + this.range(first, last, shift + this.indent.repeat(levels - 1), children);
    const lineStart = source.lastIndexOf('\n', first - 1) + 1;
    const originalIndent = shift + source.slice(lineStart, first);
    const innerShift = target.startsWith(originalIndent) ? shift + target.slice(originalIndent.length) : shift + this.indent.repeat(levels - 1);
    return innerShift + this.range(lineStart, last, innerShift, children);
  }

  /** The lines from `return tracer.startActiveSpan(…` to `});`, around `content` (already indented). */
  private wrapper(plan: WrapPlan, base: string, content: string): string[] {
    const { tracer, statusCode, typeScript } = this.context;
    const { span, error, result, value } = plan.names;
    const semi = this.semi;
    const at = (level: number, text: string) => base + this.indent.repeat(level) + text;
    const withContent = (lines: string[]) => (content ? [...lines, content] : lines);
    const record = (level: number, cast: boolean) => [
      at(level, `${span}.recordException(${error}${cast && typeScript ? ' as Error' : ''})${semi}`),
      at(level, `${span}.setStatus({ code: ${statusCode}.ERROR, message: ${error} instanceof Error ? ${error}.message : String(${error}) })${semi}`),
    ];
    const declared = typeScript ? this.declaredReturnType(plan.fn) : null;
    const options = plan.attributes ? `, ${this.attributesText(plan.attributes)}` : '';
    const open = (callback: string) => at(1, `return ${tracer}.startActiveSpan(${this.literal(plan.spanName)}${options}, ${callback} => {`);
    const close = at(1, `})${semi}`);

    if (plan.shape === 'async' || plan.shape === 'sync') {
      return [
        open(`${plan.shape === 'async' ? 'async ' : ''}(${span})${declared ? `: ${declared}` : ''}`),
        ...withContent([at(2, 'try {')]),
        at(2, `} catch (${error}) {`),
        ...record(3, true),
        at(3, `throw ${error}${semi}`),
        at(2, '} finally {'),
        at(3, `${span}.end()${semi}`),
        at(2, '}'),
        close,
      ];
    }

    // Sync functions that return a promise (or may): the span ends when the promise settles.
    const settle = (level: number) => [
      at(level, `return ${result}.then(`),
      at(level + 1, `(${value}) => {`),
      at(level + 2, `${span}.end()${semi}`),
      at(level + 2, `return ${value}${semi}`),
      at(level + 1, '},'),
      at(level + 1, `(${error}) => {`),
      ...record(level + 2, false),
      at(level + 2, `${span}.end()${semi}`),
      at(level + 2, `throw ${error}${semi}`),
      at(level + 1, '}'),
      at(level, `)${semi}`),
    ];
    const body = isHoistable(plan.fn)
      ? withContent([at(2, 'try {')])
      : [at(2, 'try {'), at(3, `${result} = (${declared ? `(): ${declared}` : '()'} => {`), ...(content ? [content] : []), at(3, `})()${semi}`)];
    return [
      open(`(${span})`),
      at(2, `let ${result}${declared ? `: ${declared}` : ''}${semi}`),
      ...body,
      at(2, `} catch (${error}) {`),
      ...record(3, true),
      at(3, `${span}.end()${semi}`),
      at(3, `throw ${error}${semi}`),
      at(2, '}'),
      ...(plan.shape === 'promise'
        ? settle(2)
        : [at(2, `if (${result} instanceof Promise) {`), ...settle(3), at(2, '}'), at(2, `${span}.end()${semi}`), at(2, `return ${result}${semi}`)]),
      close,
    ];
  }

  /** The declared return type's text, for the callback (type predicates and assertions stay on the function). */
  private declaredReturnType(fn: Node): string | null {
    const annotation = fn.returnType?.typeAnnotation as Node | undefined;
    if (!annotation || annotation.type === 'TSTypePredicate') return null;
    return this.context.source.slice(annotation.start, annotation.end);
  }

  private attributesText(attributes: { functionName: string; filePath: string }): string {
    const key = (name: string) => this.literal(name);
    return `{ attributes: { ${key('code.function.name')}: ${this.literal(attributes.functionName)}, ${key('code.file.path')}: ${this.literal(attributes.filePath)} } }`;
  }

  private literal(text: string): string {
    return stringLiteral(text, this.context.style);
  }
}

/** `text` as a string literal in the file's quote style. */
export function stringLiteral(text: string, style: FileStyle): string {
  const quote = style.quote === 'single' ? "'" : '"';
  const escaped = text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');
  return `${quote}${escaped}${quote}`;
}

const insertion = (at: number, text: string): Edit => ({ start: at, end: at, children: [], render: () => text });

/** A promise-returning sync function's body can become `try { …; result = <last return value>; }`: one return, at the end. */
function isHoistable(fn: Node): boolean {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement') return true;
  const returns = ownReturns(fn);
  const statements = body.body as Node[];
  return returns.length === 1 && statements[statements.length - 1] === returns[0] && returns[0].argument !== null;
}

const NO_AWAIT_NEEDED = new Set([
  'AwaitExpression', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'RegExpLiteral', 'BigIntLiteral',
  'TemplateLiteral', 'ObjectExpression', 'ArrayExpression', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression',
  'UnaryExpression', 'UpdateExpression', 'BinaryExpression', 'JSXElement', 'JSXFragment', 'ThisExpression',
]);

function needsAwait(argument: Node): boolean {
  if (argument.type === 'Identifier' && argument.name === 'undefined') return false;
  // Property reads are values far more often than stored promises; `return await this.size` would be noise.
  if (isBuiltinSyncCall(argument) || argument.type === 'MemberExpression') return false;
  return !NO_AWAIT_NEEDED.has(argument.type);
}

/**
 * `return order` where every value the function gives `order` is already awaited or plainly not a promise
 * (`const order = await db.get(id)`, `let count = 0; count++`): awaiting it again would only add noise.
 */
function isSettledLocal(fn: Node, argument: Node): boolean {
  if (argument.type !== 'Identifier') return false;
  const name = argument.name as string;
  const values: (Node | null)[] = [];
  walkOwn(fn.body as Node, (node) => {
    // `let x;` starts as undefined; `for (const x of …)` takes values we cannot see.
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === name && node.init) values.push(node.init as Node);
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && node.left.name === name) values.push(node.operator === '=' ? (node.right as Node) : null);
    if ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type === 'VariableDeclaration') {
      for (const declarator of node.left.declarations as Node[]) if (declarator.id.type === 'Identifier' && declarator.id.name === name) values.push(null);
    }
  });
  return values.length > 0 && values.every((value) => value !== null && !needsAwait(value));
}

/** Expressions that `await x` would split (`await a || b` is `(await a) || b`). */
const AWAIT_OPERAND = new Set([
  'Identifier', 'MemberExpression', 'OptionalMemberExpression', 'CallExpression', 'OptionalCallExpression', 'NewExpression',
  'TaggedTemplateExpression', 'ThisExpression', 'TSNonNullExpression', 'Import', 'MetaProperty', 'Super',
]);

function needsParens(argument: Node): boolean {
  return !argument.extra?.parenthesized && !AWAIT_OPERAND.has(argument.type);
}

/** Where an expression body starts, its opening parenthesis included. */
const expressionStart = (body: Node): number => (body.extra?.parenthesized ? (body.extra.parenStart as number) : body.start);

/** Where an expression body ends, its closing parenthesis included. */
function expressionEnd(source: string, body: Node): number {
  return body.extra?.parenthesized ? source.indexOf(')', skipTrivia(source, body.end)) + 1 : body.end;
}

function lineIndent(source: string, position: number): string {
  const lineStart = source.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

function skipWhitespace(source: string, position: number): number {
  while (position < source.length && /\s/.test(source[position])) position++;
  return position;
}

/** Skips whitespace and comments. */
function skipTrivia(source: string, position: number): number {
  for (;;) {
    position = skipWhitespace(source, position);
    if (source.startsWith('//', position)) position = source.indexOf('\n', position) === -1 ? source.length : source.indexOf('\n', position);
    else if (source.startsWith('/*', position)) position = source.indexOf('*/', position) + 2;
    else return position;
  }
}
