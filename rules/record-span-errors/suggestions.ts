/**
 * Text for the rule's suggestions. They change what code does at run time (a span gets marked as failed),
 * so they are offered, never applied as autofixes.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SPAN_END, SPAN_RECORD_EXCEPTION, SPAN_SET_STATUS, SPAN_STATUS_CODE_ENUM, SpanStatus } from '../../src/otel/api.js';
import { RECORD, STATUS, type BodyFacts, type StatusNames } from './effects.js';
import { skipTypeWrappers } from '../../src/otel/ast.js';

type Fixer = TSESLint.RuleFixer;
type Fix = TSESLint.RuleFix;

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/i;

export class SuggestionWriter {
  private readonly typescript: boolean;

  constructor(
    private readonly sourceCode: TSESLint.SourceCode,
    filename: string,
    private readonly statusNames: StatusNames,
  ) {
    this.typescript = TYPESCRIPT_FILE.test(filename);
  }

  /**
   * `SpanStatusCode.ERROR` when the enum (or an alias) is in scope at `at`, `api.SpanStatusCode.ERROR`
   * through a namespace import or require of the API, else the literal `2` with a comment.
   */
  errorStatusCode(at: TSESTree.Node): string {
    for (const name of this.statusNames.enumNames) {
      if (this.valueInScope(at, name)) return `${name}.ERROR`;
    }
    for (const namespace of this.statusNames.namespaces) {
      if (this.valueInScope(at, namespace)) return `${namespace}.${SPAN_STATUS_CODE_ENUM}.ERROR`;
    }
    return `${String(SpanStatus.ERROR)} /* ${SPAN_STATUS_CODE_ENUM}.ERROR */`;
  }

  /**
   * The statements that record on `span` (the receiver: `span` or `span?`). `error` is the caught value's name; strict TypeScript types a catch
   * variable (and a handler parameter annotated `unknown`) as `unknown`, which `recordException` does not accept.
   */
  recordingLines(span: string, missing: number, at: TSESTree.Node, error: TSESTree.Identifier | null, catchClause: boolean): string[] {
    const lines: string[] = [];
    if (missing & RECORD && error) lines.push(`${span}.${SPAN_RECORD_EXCEPTION}(${this.errorArgument(error, catchClause)});`);
    if (missing & STATUS) lines.push(`${span}.${SPAN_SET_STATUS}({ code: ${this.errorStatusCode(at)} });`);
    return lines;
  }

  private errorArgument(error: TSESTree.Identifier, catchClause: boolean): string {
    const annotation = error.typeAnnotation?.typeAnnotation.type;
    const unknownType = annotation === AST_NODE_TYPES.TSUnknownKeyword || (catchClause && annotation === undefined);
    return this.typescript && unknownType ? `${error.name} as Error` : error.name;
  }

  /**
   * Inserts `lines` into an error-path body: next to the existing half of the recording when there is one,
   * else before a lone trailing `throw` (so early "expected condition" exits stay unrecorded) when nothing
   * before it touches the span, else at the start of the body.
   */
  insertIntoBody(fixer: Fixer, body: TSESTree.BlockStatement, lines: string[], missing: number, facts: BodyFacts, span: string): Fix {
    const topLevel = (calls: TSESTree.CallExpression[]): TSESTree.Statement | undefined =>
      calls.map((call) => call.parent).find((parent): parent is TSESTree.ExpressionStatement => parent.type === AST_NODE_TYPES.ExpressionStatement && parent.parent === body);
    if (missing === RECORD) {
      const statusStatement = topLevel(facts.statusCalls);
      if (statusStatement) return this.insertBefore(fixer, statusStatement, lines);
    }
    if (missing === STATUS) {
      const recordStatement = topLevel(facts.recordCalls);
      if (recordStatement) return this.insertAfter(fixer, recordStatement, lines);
    }
    // The rethrow: the one throw, or the body's last statement when earlier ones leave from branches of their own.
    const last = body.body.at(-1);
    const throwIndex =
      facts.throws.length === 1 ? body.body.indexOf(facts.throws[0]) : last?.type === AST_NODE_TYPES.ThrowStatement && body.body.slice(0, -1).every((statement) => statement.type !== AST_NODE_TYPES.ThrowStatement) ? body.body.length - 1 : -1;
    if (throwIndex > 0) {
      const spanWord = new RegExp(`\\b${span.replace(/\$/g, '\\$')}\\b`);
      const before = body.body.slice(0, throwIndex);
      // An `if` that leaves the catch on its own (`if (isRedirectError(err)) { span.setStatus(OK); throw err; }`) is
      // another path: recording goes after it, on the path to this throw.
      if (!before.some((statement) => !leavesOnItsOwn(statement) && spanWord.test(this.sourceCode.getText(statement)))) {
        return this.insertBefore(fixer, body.body[throwIndex], lines);
      }
    }
    const first = body.body.at(0);
    if (first) return this.insertBefore(fixer, first, lines);
    return fixer.replaceText(body, `{ ${lines.join(' ')} }`);
  }

  /**
   * ` catch (error) { <record>; throw error; }` after the try block of a try/finally. `span` here and below is the
   * receiver as the lines call it: `span`, or `span?` for a span that may be missing.
   */
  addCatch(fixer: Fixer, tryStatement: TSESTree.TryStatement, span: string, requireRecord: boolean): Fix {
    const errorName = span.replace(/\?$/, '') === 'error' ? 'err' : 'error';
    const base = this.indentOf(tryStatement.block.loc.end.line);
    const first = tryStatement.block.body.at(0);
    const firstIndent = first && this.startsLine(first) ? this.indentOf(first.loc.start.line) : '';
    const inner = firstIndent.length > base.length && firstIndent.startsWith(base) ? firstIndent : `${base}  `;
    const cast = this.typescript ? `${errorName} as Error` : errorName;
    const lines = [
      ...(requireRecord ? [`${span}.${SPAN_RECORD_EXCEPTION}(${cast});`] : []),
      `${span}.${SPAN_SET_STATUS}({ code: ${this.errorStatusCode(tryStatement)} });`,
      `throw ${errorName};`,
    ];
    return fixer.insertTextAfter(tryStatement.block, ` catch (${errorName}) {\n${lines.map((line) => inner + line).join('\n')}\n${base}}`);
  }

  /**
   * `.catch((error) => { <record>; span.end(); throw error; })` at the end of a promise chain: the chain resolves
   * and rejects as before, and a rejection is recorded on the span and ends it.
   */
  addRejectionHandler(fixer: Fixer, chain: TSESTree.Node, span: string, requireRecord: boolean): Fix {
    const errorName = span.replace(/\?$/, '') === 'error' ? 'err' : 'error';
    const lines = [
      ...(requireRecord ? [`${span}.${SPAN_RECORD_EXCEPTION}(${errorName});`] : []),
      `${span}.${SPAN_SET_STATUS}({ code: ${this.errorStatusCode(chain)} });`,
      `${span}.${SPAN_END}();`,
      `throw ${errorName};`,
    ];
    // After the chain itself: `p.then(f) as Promise<R>` gets `p.then(f).catch(...) as Promise<R>`.
    return fixer.insertTextAfter(skipTypeWrappers(chain), `.catch((${errorName}) => { ${lines.join(' ')} })`);
  }

  /** `SpanStatusCode.OK` → `SpanStatusCode.ERROR`, `1` → `2`. */
  okToError(fixer: Fixer, code: TSESTree.Expression): Fix | null {
    if (code.type === AST_NODE_TYPES.MemberExpression && !code.computed) return fixer.replaceText(code.property, 'ERROR');
    if (code.type === AST_NODE_TYPES.Literal) return fixer.replaceText(code, String(SpanStatus.ERROR));
    return null;
  }

  private insertBefore(fixer: Fixer, statement: TSESTree.Node, lines: string[]): Fix {
    if (!this.startsLine(statement)) return fixer.insertTextBefore(statement, `${lines.join(' ')} `);
    const indent = this.indentOf(statement.loc.start.line);
    return fixer.insertTextBefore(statement, lines.map((line) => `${line}\n${indent}`).join(''));
  }

  private insertAfter(fixer: Fixer, statement: TSESTree.Node, lines: string[]): Fix {
    if (!this.startsLine(statement)) return fixer.insertTextAfter(statement, ` ${lines.join(' ')}`);
    const indent = this.indentOf(statement.loc.start.line);
    return fixer.insertTextAfter(statement, lines.map((line) => `\n${indent}${line}`).join(''));
  }

  private startsLine(node: TSESTree.Node): boolean {
    const line = this.sourceCode.lines[node.loc.start.line - 1] ?? '';
    return line.slice(0, node.loc.start.column).trim() === '';
  }

  private indentOf(line: number): string {
    return /^\s*/.exec(this.sourceCode.lines[line - 1] ?? '')?.[0] ?? '';
  }

  private valueInScope(at: TSESTree.Node, name: string): boolean {
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(at);
    while (scope) {
      const variable = scope.set.get(name);
      if (variable) return variable.defs.length > 0 && !variable.defs.every(isTypeOnlyDefinition);
      scope = scope.upper;
    }
    return false;
  }
}

/** `import type { X }`, `import { type X }`, type aliases and interfaces bind no value. */
function isTypeOnlyDefinition(definition: TSESLint.Scope.Definition): boolean {
  const node = definition.node as TSESTree.Node;
  if (node.type === AST_NODE_TYPES.ImportSpecifier) {
    return node.importKind === 'type' || (node.parent.type === AST_NODE_TYPES.ImportDeclaration && node.parent.importKind === 'type');
  }
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier || node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
    return node.parent.importKind === 'type';
  }
  return node.type === AST_NODE_TYPES.TSTypeAliasDeclaration || node.type === AST_NODE_TYPES.TSInterfaceDeclaration;
}

/** `if (test) { ...; throw err; }` (or `return`) without an `else`: its branch never reaches what follows. */
function leavesOnItsOwn(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate) return false;
  const last = statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body.at(-1) : statement.consequent;
  return last?.type === AST_NODE_TYPES.ThrowStatement || last?.type === AST_NODE_TYPES.ReturnStatement;
}
