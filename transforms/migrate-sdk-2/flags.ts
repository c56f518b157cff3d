/**
 * What the codemod cannot rewrite safely: each statement gets one report line with the upgrade guide's advice and,
 * unless `--no-todo`, one `// TODO(otel-codemod): …` comment above it, written once (a later run finds it).
 */
import type { ASTPath } from 'jscodeshift';
import type { Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { lineIndent, lineStart } from '../../src/codemod/text.js';
import { statementOf } from './references.js';

const TODO_MARKER = 'TODO(otel-codemod):';

export class Flags {
  private readonly statements = new Map<Node, string[]>();

  constructor(
    private readonly file: CodemodFile,
    private readonly todo: boolean,
  ) {}

  /** Flags the statement holding `path`. */
  add(path: ASTPath, advice: string): void {
    this.addStatement(statementOf(path).node as unknown as Node, advice);
  }

  /** Flags a statement (a node in a statement list). */
  addStatement(statement: Node, advice: string): void {
    const list = this.statements.get(statement) ?? [];
    if (!list.includes(advice)) list.push(advice);
    this.statements.set(statement, list);
  }

  get size(): number {
    return this.statements.size;
  }

  write(): void {
    const { file } = this;
    const { source } = file;
    const sorted = [...this.statements].sort(([a], [b]) => a.start - b.start);
    for (const [statement, advice] of sorted) {
      const text = advice.join('; ');
      file.report(statement, `left for a person: ${text}`);
      if (!this.todo) continue;
      // After a byte order mark, which stays first.
      const start = Math.max(lineStart(source, statement.start), file.start);
      if (hasTodoAbove(source, start)) continue;
      const comment = `${lineIndent(source, statement.start)}// ${TODO_MARKER} ${text}\n`;
      file.edits.insert(start, comment);
    }
  }
}

/** A TODO of this codemod in the comment lines right above the line starting at `start`. */
function hasTodoAbove(source: string, start: number): boolean {
  let end = start;
  while (end > 0) {
    const lineEndAt = end - 1;
    const begin = source.lastIndexOf('\n', lineEndAt - 1) + 1;
    const line = source.slice(begin, lineEndAt).trim();
    if (!line.startsWith('//')) return false;
    if (line.includes(TODO_MARKER)) return true;
    end = begin;
  }
  return false;
}
