/** Opens text as a CodemodFile the way a transform does, with reports collected. */
import jscodeshift, { type API } from 'jscodeshift';
import { openFile, type CodemodFile } from '../../src/codemod/codemod-file.js';

export function open(path: string, source: string, reports: string[] = []): CodemodFile {
  const api: API = { jscodeshift, j: jscodeshift, stats: () => {}, report: (message: string) => reports.push(message) };
  return openFile({ path, source }, api);
}

/** The file's text after its edits (the source itself when there are none). */
export const outputOf = (file: CodemodFile): string => file.output() ?? file.source;
