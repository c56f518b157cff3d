/** The file-processing side of the CLI: which files, which of them to transform, where, and how to write them. */
export { collectFiles, type CollectedFiles } from './files.js';
export { findDirtyWorkTrees } from './git.js';
export {
  changedTexts,
  CodemodRunner,
  type CodemodRunReport,
  type FailedFileReport,
  type FileReport,
} from './runner.js';
export { unwrapSource, wrapSource } from './source-text.js';
