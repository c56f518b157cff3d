/**
 * Return types from the TypeScript checker, for the sync functions whose syntax does not tell whether they return a
 * promise. Asked only when such a function is wrapped: the file gets a program (the file and what it imports, under the
 * nearest tsconfig.json's options) from the thread's checker service (src/codemod/type-checker.ts), which keeps parsed
 * files for the next file and drops the program when the file is done.
 */
import type * as TS from 'typescript';
import { isTypesTooLarge, typesFor, type FileTypes } from '../../src/codemod/type-checker.js';
import type { ReturnKind } from './return-kind.js';

export interface TypeLookup {
  /**
   * The kind of value the function whose body starts at `bodyStart` returns; `unresolved` when its type is one the
   * checker could not resolve (see kindOfType), `too-large` when it could not because the file's program did not fit in
   * the run's memory (src/codemod/type-checker.ts);
   * null when the checker cannot find the function.
   */
  returnKind(bodyStart: number): ReturnKind | 'unresolved' | 'too-large' | null;
  /** Forgets the file's program and types (parsed files stay cached for the next file). */
  dispose(): void;
}

/** A lookup over `source` as the text of `filePath`; nothing is parsed until the first question. */
export function lazyTypeLookup(filePath: string, source: string): TypeLookup {
  // TypeScript drops a byte order mark from the text it reads: positions there are one less than in `source`.
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  let types: FileTypes | undefined;
  return {
    returnKind(bodyStart) {
      try {
        types ??= typesFor(filePath, source.slice(bom));
      } catch (error) {
        if (isTypesTooLarge(error)) return 'too-large';
        throw error;
      }
      const { ts, checker, sourceFile } = types;
      bodyStart -= bom;
      for (let node: TS.Node | undefined = nodeAt(ts, sourceFile, bodyStart); node; node = node.parent) {
        if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) {
          if (node.body && startOf(ts, node.body, sourceFile) === bodyStart) {
            const signature = checker.getSignatureFromDeclaration(node);
            if (!signature) throw new Error('Expected the node to have a signature.');
            const kind = kindOfType(ts, checker, checker.getReturnTypeOfSignature(signature));
            // Unresolved because the program left some imports unloaded, not because they are missing.
            return kind === 'unresolved' && types.truncated ? 'too-large' : kind;
          }
        }
      }
      return null;
    },
    dispose() {
      types = undefined;
    },
  };
}

/** The deepest node whose full range (leading trivia included) holds `position`. */
function nodeAt(ts: typeof TS, sourceFile: TS.SourceFile, position: number): TS.Node | undefined {
  if (position < sourceFile.pos || position >= sourceFile.end) return undefined;
  let node: TS.Node = sourceFile;
  for (;;) {
    const child: TS.Node | undefined = ts.forEachChild(node, (candidate) => (candidate.pos <= position && position < candidate.end ? candidate : undefined));
    if (!child) return node;
    node = child;
  }
}

/** Body start as babel reports it: a parenthesized arrow body starts inside its parentheses. */
function startOf(ts: typeof TS, body: TS.Node, sourceFile: TS.SourceFile): number {
  let node = body;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node.getStart(sourceFile);
}

function kindOfType(ts: typeof TS, checker: TS.TypeChecker, type: TS.Type): ReturnKind | 'unresolved' {
  // A type parameter may be a promise or not: the run-time check, which gives the promise back as the type parameter.
  if ((type.flags & ts.TypeFlags.TypeParameter) !== 0) return 'maybe';
  const parts = type.isUnion() ? type.types : [type];
  // A type the checker could not resolve (a module or a global it did not find: dependencies not installed, a path
  // alias or ambient types outside the file's program) is TypeScript's error type, an `any` that is not the checker's
  // own `any`. It says nothing about the value; the caller says so, and gives it the run-time check, which compiles
  // whatever the project's own build finds the type to be.
  if (parts.some((part) => isUnresolved(ts, checker, part))) return 'unresolved';
  const anyOrUnknown = (part: TS.Type): boolean => (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  if (parts.some(anyOrUnknown)) return 'maybe';
  const promises = parts.filter(isPromiseType).length;
  if (promises === 0) return 'sync';
  return promises === parts.length ? 'promise' : 'maybe';
}

/** The error type: flagged `any`, but not the `any` a declaration, an inference or `JSON.parse` gives. */
const isUnresolved = (ts: typeof TS, checker: TS.TypeChecker, type: TS.Type): boolean =>
  (type.flags & ts.TypeFlags.Any) !== 0 && type !== checker.getAnyType();

function isPromiseType(type: TS.Type): boolean {
  const name = type.getSymbol()?.getName();
  return name === 'Promise' || name === 'PromiseLike';
}
