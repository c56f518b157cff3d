/**
 * The compiler options the type-check tests hold codemod outputs to: strict, Node's module resolution, Node's own
 * types (fetch, Request, Headers) and no DOM lib.
 */
import ts from 'typescript';

export function strictNodeOptions(extra: ts.CompilerOptions = {}): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    skipLibCheck: true,
    types: ['node'],
    ...extra,
  };
}
