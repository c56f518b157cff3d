/** Where nodes are in the file's own text: recast parses a re-rendered copy (see src/codemod/positions.ts). */
import type { Collection } from 'jscodeshift';
import { sourcePositions } from '../../src/codemod/positions.js';

export interface SourceText {
  start(node: unknown): number;
  end(node: unknown): number;
  /** The node's text exactly as the file has it. */
  text(node: unknown): string;
}

export function sourceText(root: Collection, source: string): SourceText {
  const positions = sourcePositions(root, source);
  return { ...positions, text: (node) => source.slice(positions.start(node), positions.end(node)) };
}
