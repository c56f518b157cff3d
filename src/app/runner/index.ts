/** The file-processing side of the CLI: which files, which of them to transform, where, and how to write them. */
export { applyTransform, describeFailure, type FileFailure, type TransformOutcome } from './apply-transform.js';
export { writeFileAtomic } from './atomic-write.js';
export {
  collectFiles,
  isSourceFile,
  SKIPPED_DIRECTORIES,
  SOURCE_EXTENSIONS,
  type CollectedFiles,
  type CollectOptions,
  type IgnorePatterns,
} from './files.js';
export { findDirtyWorkTrees, type DirtyWorkTree } from './git.js';
export { findNearestPackageJson, parsePackageJson, type NearestPackage } from '../package-json.js';
export {
  CodemodRunner,
  IN_PROCESS_LIMIT,
  type CodemodRunReport,
  type CodemodRunRequest,
  type FailedFileReport,
  type FileReport,
  type RunnerSettings,
} from './runner.js';
export { stripBom, unwrapSource, wrapSource, type SourceEnvelope } from './source-text.js';
export { UserError } from '../user-error.js';
