/**
 * The edits that wrap chosen functions in `tracer.startActiveSpan`. The original statements stay where they are, one
 * or two levels deeper: each wrap replaces only the text before and after its function's statements (the brace or
 * `=>`, and the closing brace) with the wrapper's lines, and every line of the statements gets the added indentation
 * inserted at its start. Lines that start inside a multi-line string or template literal are left alone: their
 * leading whitespace is part of the value.
 *
 * Wraps nest (a wrapped function inside another's body): a line gets the indentation of every wrap around it, and a
 * nested wrapper's own lines are written at the depth its enclosing wraps give its first line.
 */
import { walk, type Node } from '../../src/codemod/ast.js';
import type { SourceEdits } from '../../src/codemod/edits.js';
import { semicolon, stringLiteral, type FileStyle } from '../../src/codemod/file-style.js';
import { topLevelNames } from '../../src/codemod/names.js';
import { lineIndent, lineStart, skipTrivia, skipWhitespace } from '../../src/codemod/text.js';
import { ATTR_CODE_FILE_PATH, ATTR_CODE_FUNCTION_NAME, SPAN_END, SPAN_RECORD_EXCEPTION, SPAN_SET_STATUS, START_ACTIVE_SPAN } from '../../src/otel/api.js';
import { walkOwn } from './ast.js';
import { isBuiltinSyncCall, ownReturns, type ReturnKind } from './return-kind.js';

export type Shape = 'async' | ReturnKind;

export interface WrapPlan {
  fn: Node;
  shape: Shape;
  spanName: string;
  /** `code.function.name` / `code.file.path` values when `--attributes` is on. */
  attributes: { functionName: string; filePath: string } | null;
  /** Fresh local names for this function (they must not shadow anything its body uses). */
  names: { span: string; error: string; result: string; value: string; pending: string; run: string; endsOnSettle: string };
}

export interface FileContext {
  source: string;
  style: FileStyle;
  /** Expression for the tracer (`tracer`) and for `SpanStatusCode` (`SpanStatusCode`, `api.SpanStatusCode`). */
  tracer: string;
  statusCode: string;
  /** Whether a function around a wrapped one (or it) declares a name again (declaredAround in node-paths.ts). */
  shadowed: (name: string, fn: Node) => boolean;
}

/** Lines whose starts in `[from, to)` get `indent` added. */
interface Region {
  from: number;
  to: number;
  indent: string;
}

/** How one wrap reshapes its function body, before the indentation around it is known. */
interface Layout {
  plan: Node;
  /** The offset whose line the wrapper's own lines are indented from (the `{`, or the `=>`). */
  anchor: number;
  region: Region | null;
  /** The edits, given the indentation the wraps around this one add to its anchor's line. */
  edits(outer: string): { start: number; end: number; text: string }[];
}

/** Adds the edits for every plan. */
export function addWrapEdits(program: Node, context: FileContext, plans: readonly WrapPlan[], edits: SourceEdits): void {
  const wrapper = new Wrapper(context, globalsFor(program, context));
  const layouts = plans.map((plan) => wrapper.layout(plan));
  const regions = layouts.flatMap((layout) => (layout.region ? [layout.region] : [])).sort((a, b) => a.from - b.from);
  const indentAt = (position: number): string =>
    regions
      .filter((r) => r.from <= position && position < r.to)
      .map((r) => r.indent)
      .join('');

  const replaced: Array<[number, number]> = [];
  for (const layout of layouts) {
    for (const edit of layout.edits(indentAt(layout.anchor))) {
      if (edit.end > edit.start) replaced.push([edit.start, edit.end]);
      edits.replace(edit.start, edit.end, edit.text);
    }
  }
  for (const plan of plans) for (const edit of wrapper.returnEdits(plan)) edits.replace(edit.start, edit.end, edit.text);

  // Every line start inside a region, but not inside a replaced range (the wrapper writes those lines itself), not on
  // a blank line, and not inside a multi-line literal.
  const { source } = context;
  const literals = multiLineLiterals(plans, source);
  const starts = new Set<number>();
  for (const region of regions) {
    for (let at = source.indexOf('\n', region.from - 1); at !== -1 && at + 1 < region.to; at = source.indexOf('\n', at + 1)) {
      if (at + 1 >= region.from) starts.add(at + 1);
    }
  }
  for (const start of [...starts].sort((a, b) => a - b)) {
    const next = source.charAt(start);
    if (next === '\n' || next === '\r' || next === '') continue;
    if (replaced.some(([from, to]) => from < start && start < to)) continue;
    if (literals.some(([from, to]) => from < start && start <= to)) continue;
    const indent = indentAt(start);
    if (indent) edits.insert(start, indent);
  }
}

/**
 * [start, end] ranges of string literals and template chunks that span lines, in the wrapped functions (the only
 * lines re-indented). (JSX text is not among them: JSX drops whitespace that contains a line break, so re-indenting it
 * changes nothing; a JSX attribute's string is among them, and keeps its line breaks and indentation as written.)
 */
function multiLineLiterals(plans: readonly WrapPlan[], source: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let walkedTo = -1;
  for (const { fn } of [...plans].sort((a, b) => a.fn.start - b.fn.start)) {
    // A wrapped function inside another was walked with it.
    if (fn.start < walkedTo) continue;
    walkedTo = fn.end;
    walk(fn, (node) => {
      const isLiteral = node.type === 'TemplateElement' || node.type === 'StringLiteral' || node.type === 'DirectiveLiteral';
      if (isLiteral && source.slice(node.start, node.end).includes('\n')) ranges.push([node.start, node.end]);
      return undefined;
    });
  }
  return ranges;
}

/** How the wrapper's code names the globals it uses. */
type GlobalRefs = Record<'Error' | 'String' | 'Promise', string>;

/**
 * How a wrapped function's code names each global: `globalThis.Error` where the file binds `Error` itself, at the top
 * (a React component called `Error`, an imported `Promise`, an `interface Error`) or in a function around the wrapped
 * one; else the plain name. `error instanceof Error` against a component is false, and `as Error` a type error.
 */
function globalsFor(program: Node, { source, shadowed }: FileContext): (fn: Node) => GlobalRefs {
  const top = topLevelNames(program);
  for (const statement of program.body as Node[]) {
    const declaration = statement.type.startsWith('Export') && statement.declaration ? (statement.declaration as Node) : statement;
    if (declaration.type === 'TSInterfaceDeclaration' || declaration.type === 'TSTypeAliasDeclaration') top.add((declaration.id as Node).name as string);
  }
  // Type parameters (`<T, Error = unknown>`, `<const Error>`) of functions and classes, with the node whose scope they
  // are in; only looked for where the text has one of the names after a `<` or a `,` (and a modifier).
  const typeParameters: [Node, string][] = [];
  if (/[<,]\s*(?:(?:const|in|out)\s+)*(?:Error|String|Promise)\b/.test(source)) walk(program, (node) => {
    const declaration = node.typeParameters as Node | null | undefined;
    if (declaration?.type !== 'TSTypeParameterDeclaration') return undefined;
    for (const parameter of declaration.params as Node[]) {
      // A string in Babel 7's AST, an identifier in Babel 8's.
      const name = parameter.name as string | Node;
      typeParameters.push([node, typeof name === 'string' ? name : (name.name as string)]);
    }
    return undefined;
  });
  return (fn) => {
    const typeParameter = (name: string): boolean =>
      typeParameters.some(([scope, declared]) => declared === name && scope.start <= fn.start && fn.end <= scope.end);
    const bound = (name: string): boolean => top.has(name) || shadowed(name, fn) || typeParameter(name);
    const ref = (name: string): string => (bound(name) ? `globalThis.${name}` : name);
    return { Error: ref('Error'), String: ref('String'), Promise: ref('Promise') };
  };
}

class Wrapper {
  private readonly indent: string;
  private readonly semi: string;

  constructor(
    private readonly context: FileContext,
    private readonly globals: (fn: Node) => GlobalRefs,
  ) {
    this.indent = context.style.indent;
    this.semi = semicolon(context.style);
  }

  layout(plan: WrapPlan): Layout {
    return (plan.fn.body as Node).type === 'BlockStatement' ? this.blockLayout(plan) : this.expressionLayout(plan);
  }

  /** `return promise` gets an await; the one return of a hoistable promise function assigns the result. */
  returnEdits(plan: WrapPlan): { start: number; end: number; text: string }[] {
    const edits: { start: number; end: number; text: string }[] = [];
    const insert = (at: number, text: string) => edits.push({ start: at, end: at, text });
    if ((plan.fn.body as Node).type !== 'BlockStatement') return edits;
    const returns = ownReturns(plan.fn).filter((r) => r.argument);
    if (plan.shape === 'async') {
      // `return promise` inside try/finally would end the span before the promise settles (and miss its rejection).
      for (const statement of returns) {
        const argument = statement.argument as Node;
        if (!needsAwait(argument) || isSettledLocal(plan.fn, argument)) continue;
        const wrap = needsParens(argument);
        insert(statement.start + 'return'.length, ' await');
        if (wrap) {
          insert(argument.start, '(');
          insert(argument.end, ')');
        }
      }
    } else if ((plan.shape === 'promise' || plan.shape === 'maybe') && isHoistable(plan.fn) && !this.runsInArrow(plan)) {
      const statement = returns[0];
      const argument = statement.argument as Node;
      const next = this.context.source[statement.start + 'return'.length];
      edits.push({ start: statement.start, end: statement.start + 'return'.length, text: `${plan.names.result} =${/\s/.test(next) ? '' : ' '}` });
      // `return a, b` returns b; `result = a, b` would assign a.
      if (argument.type === 'SequenceExpression' && !isParenthesized(argument)) {
        insert(argument.start, '(');
        insert(argument.end, ')');
      }
    }
    return edits;
  }

  /**
   * `{ statements }` becomes `{ directives; return tracer.startActiveSpan(…, (span) => { try { statements } … }) }`.
   * A body written on the brace's line (`{ return x; }`) gets a line of its own.
   */
  private blockLayout(plan: WrapPlan): Layout {
    const { source } = this.context;
    const block = plan.fn.body as Node;
    const directives = (block.directives as Node[] | undefined) ?? [];
    const contentStart = directives.length > 0 ? directives[directives.length - 1].end : block.start + 1;
    const levels = plan.shape === 'async' || plan.shape === 'sync' || this.runsInArrow(plan) || isHoistable(plan.fn) ? 3 : 4;
    const first = skipWhitespace(source, contentStart);
    const empty = first >= block.end - 1;
    let last = block.end - 1;
    while (last > first && /\s/.test(source[last - 1])) last--;
    const onOwnLine = source.slice(contentStart, first).includes('\n');
    const firstLine = lineStart(source, first);
    // The indentation the statements gain: from where their first line is to `levels` below the brace's line.
    const target = lineIndent(source, block.start) + this.indent.repeat(levels);
    const current = source.slice(firstLine, first);
    const indent = onOwnLine && target.startsWith(current) ? target.slice(current.length) : this.indent.repeat(levels - 1);
    const region = empty ? null : { from: onOwnLine ? firstLine : first, to: last, indent };

    return {
      plan: plan.fn,
      anchor: block.start,
      region,
      edits: (outer) => {
        const base = outer + lineIndent(source, block.start);
        const { before, after } = this.wrapper(plan, base);
        const opening = ['{', ...directives.map((d) => base + this.indent + source.slice(d.start, d.end)), ...before];
        const closing = [...after, `${base}}`];
        if (empty) return [{ start: block.start, end: block.end, text: [...opening, ...closing].join('\n') }];
        return [
          onOwnLine
            ? { start: block.start, end: firstLine, text: `${opening.join('\n')}\n` }
            : { start: block.start, end: first, text: `${opening.join('\n')}\n${base}${this.indent.repeat(levels)}` },
          { start: last, end: block.end, text: `\n${closing.join('\n')}` },
        ];
      },
    };
  }

  /** `=> expression` becomes `=> { return tracer.startActiveSpan(…, (span) => { try { return expression; } … }) }`. */
  private expressionLayout(plan: WrapPlan): Layout {
    const { source } = this.context;
    const body = plan.fn.body as Node;
    const arrow = source.lastIndexOf('=>', expressionStart(body));
    // The expression's own text without the parentheses around it, then made safe for the operator put before it.
    // Comments between `=>` and the expression stay, inside parentheses (`return // why` would return undefined).
    const end = expressionEnd(source, body);
    const hasComments = /\/[/*]/.test(source.slice(arrow + 2, body.start) + source.slice(body.end, end));
    const first = hasComments ? skipWhitespace(source, arrow + 2) : body.start;
    const textEnd = hasComments ? end : body.end;
    const target = lineIndent(source, arrow) + this.indent.repeat(3);
    const current = lineIndent(source, first);
    const indent = target.startsWith(current) ? target.slice(current.length) : this.indent.repeat(3);

    let parens = hasComments && source[first] !== '(';
    let lead = 'return ';
    if (plan.shape === 'async' && needsAwait(body)) {
      lead = 'return await ';
      if (!hasComments && !AWAIT_OPERAND.has(body.type)) parens = true;
    } else if (this.runsInArrow(plan)) {
      // `return a, b` is fine as it is.
    } else if (plan.shape === 'promise' || plan.shape === 'maybe') {
      lead = `${plan.names.result} = `;
      if (!hasComments && body.type === 'SequenceExpression') parens = true;
    }
    return {
      plan: plan.fn,
      anchor: arrow,
      // The first line follows the lead the wrapper writes; the lines after it are shifted.
      region: { from: first + 1, to: textEnd, indent },
      edits: (outer) => {
        const base = outer + lineIndent(source, arrow);
        const { before, after } = this.wrapper(plan, base);
        const opening = [' {', ...before].join('\n');
        const closing = [...after, `${base}}`].join('\n');
        return [
          { start: arrow + 2, end: first, text: `${opening}\n${base}${this.indent.repeat(3)}${lead}${parens ? '(' : ''}` },
          { start: textEnd, end, text: `${parens ? ')' : ''}${this.semi}\n${closing}` },
        ];
      },
    };
  }

  /** The lines from `return tracer.startActiveSpan(…` to `});` before and after the function's own statements. */
  private wrapper(plan: WrapPlan, base: string): { before: string[]; after: string[] } {
    const { tracer, statusCode, style } = this.context;
    const typeScript = style.typescript;
    // Each shape reads only the names it declares: a name is looked for in the file's text when first read (freshNames).
    const { span, error } = plan.names;
    const semi = this.semi;
    const at = (level: number, text: string) => base + this.indent.repeat(level) + text;
    const globals = this.globals(plan.fn);
    const record = (level: number, cast: boolean) => [
      at(level, `${span}.${SPAN_RECORD_EXCEPTION}(${error}${cast && typeScript ? ` as ${globals.Error}` : ''})${semi}`),
      at(
        level,
        `${span}.${SPAN_SET_STATUS}({ code: ${statusCode}.ERROR, message: ${error} instanceof ${globals.Error} ? ${error}.message : ${globals.String}(${error}) })${semi}`,
      ),
    ];
    const returnType = typeScript ? this.declaredReturnType(plan.fn) : null;
    // A conditional type over the function's type parameters (`Promise<P extends X ? A : undefined>`) accepts a bare
    // `return` in the function itself, but not in a callback written inside it (TS2322). Such a type goes on the call
    // as a cast instead, and the callback's return type is inferred.
    const conditional = returnType !== null && hasConditionalType(plan.fn);
    const declared = conditional ? null : returnType;
    const options = plan.attributes ? `, ${this.attributesText(plan.attributes)}` : '';
    const open = (callback: string) => at(1, `return ${tracer}.${START_ACTIVE_SPAN}(${this.literal(plan.spanName)}${options}, ${callback} => {`);
    const close = at(1, `})${conditional ? ` as ${returnType}` : ''}${semi}`);

    if (plan.shape === 'async' || plan.shape === 'sync') {
      return {
        before: [open(`${plan.shape === 'async' ? 'async ' : ''}(${span})${declared ? `: ${declared}` : ''}`), at(2, 'try {')],
        after: [
          at(2, `} catch (${error}) {`),
          ...record(3, true),
          at(3, `throw ${error}${semi}`),
          at(2, '} finally {'),
          at(3, `${span}.${SPAN_END}()${semi}`),
          at(2, '}'),
          close,
        ],
      };
    }

    const { result } = plan.names;
    // Sync functions that always return a promise: the span ends when it settles, in the promise's own chain.
    const settle = (level: number) => {
      const { value } = plan.names;
      return [
        at(level, `return ${result}.then(`),
        at(level + 1, `(${value}) => {`),
        at(level + 2, `${span}.${SPAN_END}()${semi}`),
        at(level + 2, `return ${value}${semi}`),
        at(level + 1, '},'),
        at(level + 1, `(${error}) => {`),
        ...record(level + 2, false),
        at(level + 2, `${span}.${SPAN_END}()${semi}`),
        at(level + 2, `throw ${error}${semi}`),
        at(level + 1, '}'),
        at(level, `)${semi}`),
      ];
    };
    const hoistable = isHoistable(plan.fn);
    const catchAndEnd = [
      at(2, `} catch (${error}) {`),
      ...record(3, true),
      at(3, `${span}.${SPAN_END}()${semi}`),
      at(3, `throw ${error}${semi}`),
      at(2, '}'),
    ];
    if (plan.shape === 'promise') {
      return {
        before: [
          open(`(${span})`),
          at(2, `let ${result}${declared ? `: ${declared}` : ''}${semi}`),
          at(2, 'try {'),
          ...(hoistable ? [] : [at(3, `${result} = (${declared ? `(): ${declared}` : '()'} => {`)]),
        ],
        after: [...(hoistable ? [] : [at(3, `})()${semi}`)]), ...catchAndEnd, ...settle(2), close],
      };
    }

    // Sometimes a promise, or nobody can tell: checked at run time. A promise takes the span over (a flag says so) and
    // ends it from a branch of its own; otherwise the span ends once, in finally (an end after the try and another in
    // the catch is the shape the rules report). The function returns its own result, untouched (a promise with methods
    // of its own, such as ky's or got's, keeps them). In TypeScript the check reads the result as `unknown`, so it
    // compiles whatever the function returns, and the body runs in an arrow whose return type types the result: a
    // `let` would widen its literal types (`'none' | Promise<…>` to `string | Promise<…>`).
    const { pending, endsOnSettle } = plan.names;
    const tested = typeScript ? pending : result;
    const check = [
      ...(typeScript ? [at(3, `const ${pending}: unknown = ${result}${semi}`)] : []),
      at(3, `if (${tested} instanceof ${globals.Promise}) {`),
      // `void`: the branch's own promise never rejects, and linters that want promises handled accept it so.
      at(4, `void ${tested}.then(`),
      at(5, '() => {'),
      at(6, `${span}.${SPAN_END}()${semi}`),
      at(5, '},'),
      at(5, `(${error}) => {`),
      ...record(6, false),
      at(6, `${span}.${SPAN_END}()${semi}`),
      at(5, '}'),
      at(4, `)${semi}`),
      // Set once the branch is attached: a promise subclass whose `then` throws leaves the span to finally.
      at(4, `${endsOnSettle} = true${semi}`),
      at(3, '}'),
    ];
    const catchAndEndUnlessSettling = [
      at(2, `} catch (${error}) {`),
      ...record(3, true),
      at(3, `throw ${error}${semi}`),
      at(2, '} finally {'),
      at(3, `if (!${endsOnSettle}) {`),
      at(4, `${span}.${SPAN_END}()${semi}`),
      at(3, '}'),
      at(2, '}'),
      at(2, `return ${result}${semi}`),
    ];
    const flag = at(2, `let ${endsOnSettle} = false${semi}`);
    if (this.runsInArrow(plan)) {
      const { run } = plan.names;
      return {
        before: [open(`(${span})`), at(2, `const ${run} = (${declared ? `): ${declared}` : ')'} => {`)],
        after: [
          at(2, `}${semi}`),
          at(2, `let ${result}: ReturnType<typeof ${run}>${semi}`),
          flag,
          at(2, 'try {'),
          at(3, `${result} = ${run}()${semi}`),
          ...check,
          ...catchAndEndUnlessSettling,
          close,
        ],
      };
    }
    return {
      before: [open(`(${span})`), at(2, `let ${result}${semi}`), flag, at(2, 'try {'), ...(hoistable ? [] : [at(3, `${result} = (() => {`)])],
      after: [...(hoistable ? [] : [at(3, `})()${semi}`)]), ...check, ...catchAndEndUnlessSettling, close],
    };
  }

  /** TypeScript's run-time check: the body is kept in an arrow `run`, whose return type types the result. */
  private runsInArrow(plan: WrapPlan): boolean {
    return plan.shape === 'maybe' && this.context.style.typescript;
  }

  /** The declared return type's text, for the callback (type predicates and assertions stay on the function). */
  private declaredReturnType(fn: Node): string | null {
    const annotation = (fn.returnType as Node | null | undefined)?.typeAnnotation as Node | undefined;
    if (!annotation || annotation.type === 'TSTypePredicate') return null;
    return this.context.source.slice(annotation.start, annotation.end);
  }

  private attributesText(attributes: { functionName: string; filePath: string }): string {
    const key = (name: string) => this.literal(name);
    return `{ attributes: { ${key(ATTR_CODE_FUNCTION_NAME)}: ${this.literal(attributes.functionName)}, ${key(ATTR_CODE_FILE_PATH)}: ${this.literal(attributes.filePath)} } }`;
  }

  private literal(text: string): string {
    return stringLiteral(text, this.context.style);
  }
}

/** Whether the function's declared return type has a conditional type in it. */
function hasConditionalType(fn: Node): boolean {
  const annotation = (fn.returnType as Node | null | undefined)?.typeAnnotation as Node | undefined;
  if (!annotation) return false;
  let found = annotation.type === 'TSConditionalType';
  walk(annotation, (node) => {
    if (node.type === 'TSConditionalType') found = true;
  });
  return found;
}

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
  const isName = (target: Node): boolean => target.type === 'Identifier' && target.name === name;
  walkOwn(fn.body as Node, (node) => {
    // `let x;` starts as undefined; `for (const x of …)` takes values we cannot see.
    if (node.type === 'VariableDeclarator' && isName(node.id as Node) && node.init) values.push(node.init as Node);
    if (node.type === 'AssignmentExpression' && isName(node.left as Node)) {
      values.push(node.operator === '=' ? (node.right as Node) : null);
    }
    const left = node.type === 'ForOfStatement' || node.type === 'ForInStatement' ? (node.left as Node) : null;
    if (left?.type === 'VariableDeclaration') {
      for (const declarator of left.declarations as Node[]) if (isName(declarator.id as Node)) values.push(null);
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
  return !isParenthesized(argument) && !AWAIT_OPERAND.has(argument.type);
}

/** babel's note on a parenthesized expression. */
type Extra = { parenthesized: true; parenStart: number } | { parenthesized?: false };

const isParenthesized = (node: Node): boolean => (node.extra as Extra | undefined)?.parenthesized === true;

/** Where an expression body starts, its opening parenthesis included. */
function expressionStart(body: Node): number {
  const extra = body.extra as Extra | undefined;
  return extra?.parenthesized ? extra.parenStart : body.start;
}

/** Where an expression body ends, its closing parenthesis included. */
function expressionEnd(source: string, body: Node): number {
  return isParenthesized(body) ? source.indexOf(')', skipTrivia(source, body.end)) + 1 : body.end;
}
