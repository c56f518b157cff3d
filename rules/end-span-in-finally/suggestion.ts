/**
 * The suggestion "End the span in a finally block.": for a span ended inside one `try` statement (in its block,
 * and maybe its `catch`), remove those `span.end()` statements and end the span once in `finally`.
 *
 * Offered only when that is safe: every `end()` is a whole statement at the top of the try block or catch
 * clause, followed by nothing but `return`/`throw` (so moving it does not delay it past other work), the span
 * is declared outside the `try`, and a replay of the path search with the new `finally` finds no leak left.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains } from '../../src/otel/ast.js';
import { enclosingTryBlock, type SpanAnalysis } from '../../src/otel/span-model/analyze.js';
import { findLeaks, type SpanFacts } from '../../src/otel/span-model/path-search.js';

export interface FinallyFix {
  tryStatement: TSESTree.TryStatement;
  endStatements: TSESTree.ExpressionStatement[];
  /** The `span.end(...)` expression, as written. */
  endText: string;
}

/** `span.end();` or `span?.end();` as a statement of its own. */
function statementOf(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | null {
  const expression = call.parent.type === AST_NODE_TYPES.ChainExpression ? call.parent : call;
  const statement = expression.parent;
  return statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression === expression ? statement : null;
}

/** The statement sits directly in `block` and only `return`/`throw` statements follow it. */
function endsItsBlock(statement: TSESTree.Statement, block: TSESTree.BlockStatement | undefined): boolean {
  if (!block || statement.parent !== block) return false;
  const after = block.body.slice(block.body.indexOf(statement) + 1);
  return after.every((s) => s.type === AST_NODE_TYPES.ReturnStatement || s.type === AST_NODE_TYPES.ThrowStatement);
}

export function planFinallyFix(sourceCode: Readonly<TSESLint.SourceCode>, analysis: SpanAnalysis): FinallyFix | null {
  const { record, binding, facts, uses } = analysis;
  if (!binding || !facts || !uses) return null;
  const { starts, variable, spanStart } = binding;
  if (uses.endingClosures.size > 0 || uses.directEnds.size === 0) return null;
  // Handed off on some path (returned, stored, given to a generator or a listener): a finally would end it under the taker.
  if (analysis.handedOff) return null;
  const ends = [...uses.directEnds];
  const tryStatement = enclosingTryBlock(ends[0], facts.owner);
  if (!tryStatement || tryStatement.range[0] < spanStart) return null;
  if (variable.defs.some((def) => contains(tryStatement, def.name))) return null;

  const endStatements: TSESTree.ExpressionStatement[] = [];
  let endedInBlock = false;
  for (const end of ends) {
    const statement = statementOf(end);
    if (!statement) return null;
    const inBlock = endsItsBlock(statement, tryStatement.block);
    if (!inBlock && !endsItsBlock(statement, tryStatement.handler?.body)) return null;
    endedInBlock ||= inBlock;
    endStatements.push(statement);
  }
  const texts = new Set(endStatements.map((s) => sourceCode.getText(s.expression)));
  if (!endedInBlock || texts.size !== 1) return null;

  // Replay the search as if the fix were applied: entering the try statement guarantees the end.
  const replay: SpanFacts = {
    ...facts,
    isEnd: (node) => contains(tryStatement, node),
    finallyEnds: (statement) => statement === tryStatement || facts.finallyEnds(statement),
  };
  if (findLeaks(record, starts, replay).leaks.length > 0) return null;
  return { tryStatement, endStatements, endText: [...texts][0] };
}

const indentOf = (sourceCode: Readonly<TSESLint.SourceCode>, line: number): string =>
  /^[ \t]*/.exec(sourceCode.lines[line - 1] ?? '')?.[0] ?? '';

/** Removes the statement, with its whole line when nothing else is on it. */
function removeStatement(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.Statement,
): TSESLint.RuleFix {
  const { start, end } = statement.loc;
  const lineText = sourceCode.lines[start.line - 1];
  const alone =
    start.line === end.line && lineText.slice(0, start.column).trim() === '' && lineText.slice(end.column).trim() === '';
  if (!alone) {
    // `{ work(); span.end(); }`: take the space before the statement with it.
    const before = sourceCode.getTokenBefore(statement);
    const from = before && before.loc.end.line === start.line ? before.range[1] : statement.range[0];
    return fixer.removeRange([from, statement.range[1]]);
  }
  const lineStart = sourceCode.getIndexFromLoc({ line: start.line, column: 0 });
  const nextLineStart =
    start.line < sourceCode.lines.length ? sourceCode.getIndexFromLoc({ line: start.line + 1, column: 0 }) : sourceCode.text.length;
  return fixer.removeRange([lineStart, nextLineStart]);
}

export function applyFinallyFix(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  fix: FinallyFix,
): TSESLint.RuleFix[] {
  const { tryStatement, endStatements, endText } = fix;
  const fixes = endStatements.map((statement) => removeStatement(fixer, sourceCode, statement));
  const eol = sourceCode.text.includes('\r\n') ? '\r\n' : '\n';
  const singleLine = tryStatement.loc.start.line === tryStatement.loc.end.line;
  const outer = indentOf(sourceCode, tryStatement.loc.start.line);
  const firstInner = tryStatement.block.body.at(0);
  const inner =
    firstInner && firstInner.loc.start.line !== tryStatement.block.loc.start.line
      ? indentOf(sourceCode, firstInner.loc.start.line)
      : `${outer}  `;
  const statement = `${endText};`;
  const finalizer = tryStatement.finalizer;
  if (!finalizer) {
    const text = singleLine ? ` finally { ${statement} }` : ` finally {${eol}${inner}${statement}${eol}${outer}}`;
    fixes.push(fixer.insertTextAfter(tryStatement.handler ?? tryStatement.block, text));
  } else if (finalizer.body.length > 0) {
    const last = finalizer.body[finalizer.body.length - 1];
    fixes.push(fixer.insertTextAfter(last, singleLine ? ` ${statement}` : `${eol}${inner}${statement}`));
  } else {
    fixes.push(fixer.replaceText(finalizer, singleLine ? `{ ${statement} }` : `{${eol}${inner}${statement}${eol}${outer}}`));
  }
  return fixes;
}
