/**
 * RECAST-BASED, for inject-propagation only until it moves to the edit pipeline (./codemod-file.ts); delete then.
 *
 * Printing with generated code kept exactly as written. recast pretty-prints new nodes its own way (one property per
 * line for `{ a, b }` patterns), so generated statements go in as placeholder statements and are swapped for their
 * text after printing.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import { printOptions, type FileStyle } from './file-style.js';

type Statement = import('jscodeshift').Program['body'][number];

const generatedByRoot = new WeakMap<Collection, Map<string, string>>();
const PLACEHOLDER_PREFIX = '__otelCodemodGenerated';

/** A statement node that prints as `code` (one or more whole lines) once the file goes through `printFile`. */
export function generatedStatement(j: JSCodeshift, root: Collection, code: string): Statement {
  const id = generatedIdentifier(j, root, code);
  statementIds(root).add(id.name);
  return j.expressionStatement(id);
}

/** Placeholders that stand for whole statements: their printed `;` belongs to the placeholder. */
const statementIdsByRoot = new WeakMap<Collection, Set<string>>();
function statementIds(root: Collection): Set<string> {
  let ids = statementIdsByRoot.get(root);
  if (!ids) statementIdsByRoot.set(root, (ids = new Set()));
  return ids;
}

/** An identifier node that prints as `code` (any expression or pattern text) once the file goes through `printFile`. */
export function generatedIdentifier(j: JSCodeshift, root: Collection, code: string): import('jscodeshift').Identifier {
  let generated = generatedByRoot.get(root);
  if (!generated) {
    generated = new Map();
    generatedByRoot.set(root, generated);
  }
  const id = `${PLACEHOLDER_PREFIX}${generated.size}__`;
  generated.set(id, code);
  return j.identifier(id);
}

/**
 * The code a generated statement or identifier stands for (undefined for any other node), for transforms that splice
 * text themselves instead of printing the whole file with recast.
 */
export function generatedCode(root: Collection, node: unknown): string | undefined {
  const placeholder = node as { type?: string; name?: string; expression?: { type?: string; name?: string } };
  const name = placeholder?.type === 'ExpressionStatement' ? placeholder.expression?.name : placeholder?.type === 'Identifier' ? placeholder.name : undefined;
  return name === undefined ? undefined : generatedByRoot.get(root)?.get(name);
}

/** Prints the file in its own style and substitutes generated statements. */
export function printFile(root: Collection, style: FileStyle, originalSource: string): string {
  let output = restoreDirectivePrologue(root, originalSource, root.toSource({ ...printOptions(style), lineTerminator: '\n' }));
  const statements = statementIds(root);
  for (const [id, code] of generatedByRoot.get(root) ?? []) {
    // A statement placeholder prints as `id;` (recast adds the semicolon): replace the whole token including it. An
    // expression placeholder keeps whatever follows it, such as the `;` ending its statement.
    output = output.replace(new RegExp(statements.has(id) ? `${id};?` : id), () => code);
  }
  return output;
}

/**
 * recast (with the babylon/ts/tsx parsers) reprints a modified program's directive prologue as `'use strict';;` and drops
 * the blank line after it. Put the original prologue text back.
 */
function restoreDirectivePrologue(root: Collection, source: string, output: string): string {
  const program = root.paths()[0]?.node as { program?: { directives?: { start?: number; end?: number }[] } } | undefined;
  const directives = program?.program?.directives ?? [];
  const last = directives[directives.length - 1];
  if (last?.start === undefined || last.end === undefined) return output;
  const text = source.slice(last.start, last.end);
  const gap = /^\s*/.exec(source.slice(last.end))![0];
  const at = output.indexOf(text);
  if (at < 0) return output;
  const printedGap = /^;?\s*/.exec(output.slice(at + text.length))![0];
  return output.slice(0, at + text.length) + gap + output.slice(at + text.length + printedGap.length);
}
