/**
 * Return types from the TypeScript checker, for the sync functions whose syntax does not tell whether they return a
 * promise. Built only when such a function is wrapped: one ts-morph Project per tsconfig.json (found upward from the
 * file), holding just the files being asked about; the checker follows their imports, not the whole program.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Node as TsNode, Project, Type } from 'ts-morph';
import type { ReturnKind } from './return-kind.js';

type TsMorph = typeof import('ts-morph');
let tsMorph: TsMorph | undefined;
// Loaded on first use: most runs never need the checker, and loading TypeScript costs a noticeable part of a second.
const loadTsMorph = (): TsMorph => (tsMorph ??= createRequire(import.meta.url)('ts-morph') as TsMorph);

const projects = new Map<string, Project>();

function projectFor(filePath: string): Project {
  const { Project, ts } = loadTsMorph();
  const tsconfig = ts.findConfigFile(dirname(filePath), ts.sys.fileExists) ?? '';
  let project = projects.get(tsconfig);
  if (!project) {
    project = tsconfig
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
      : new Project({
          compilerOptions: {
            strict: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.NodeNext,
            moduleResolution: ts.ModuleResolutionKind.NodeNext,
            skipLibCheck: true,
          },
        });
    projects.set(tsconfig, project);
  }
  return project;
}

export interface TypeLookup {
  /** The kind of value the function whose body starts at `bodyStart` returns, or null when the checker cannot say. */
  returnKind(bodyStart: number): ReturnKind | null;
  /** Forgets the file (keeps the project and its loaded dependencies for the next file). */
  dispose(): void;
}

/** A lookup over `source` as the text of `filePath`; nothing is parsed until the first question. */
export function lazyTypeLookup(filePath: string, source: string): TypeLookup {
  // TypeScript drops a byte order mark from the text it reads: positions there are one less than in `source`.
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  let file: ReturnType<Project['createSourceFile']> | undefined;
  let project: Project | undefined;
  return {
    returnKind(bodyStart) {
      if (!file) {
        project = projectFor(resolve(filePath));
        file = project.createSourceFile(resolve(filePath), source.slice(bom), { overwrite: true });
      }
      bodyStart -= bom;
      const { Node: TsNode } = loadTsMorph();
      for (let node: TsNode | undefined = file.getDescendantAtPos(bodyStart); node; node = node.getParent()) {
        if (TsNode.isFunctionDeclaration(node) || TsNode.isFunctionExpression(node) || TsNode.isArrowFunction(node) || TsNode.isMethodDeclaration(node)) {
          const body = node.getBody();
          if (body && startOf(body) === bodyStart) return kindOfType(node.getReturnType());
        }
      }
      return null;
    },
    dispose() {
      if (file && project) project.removeSourceFile(file);
      file = undefined;
    },
  };
}

/** Body start as babel reports it: a parenthesized arrow body starts inside its parentheses. */
function startOf(body: TsNode): number {
  let node = body;
  while (loadTsMorph().Node.isParenthesizedExpression(node)) node = node.getExpression();
  return node.getStart();
}

function kindOfType(type: Type): ReturnKind {
  // A type parameter may be a promise or not; `T | Promise<…>` would change the function's type, so the span ends
  // when the function returns (the code stays correct; only the span may be shorter than the work).
  if (type.isTypeParameter()) return 'sync';
  if (type.isAny() || type.isUnknown()) return 'maybe';
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  if (parts.some((part) => part.isAny() || part.isUnknown())) return 'maybe';
  const promises = parts.filter(isPromiseType).length;
  if (promises === 0) return 'sync';
  return promises === parts.length ? 'promise' : 'maybe';
}

function isPromiseType(type: Type): boolean {
  const name = type.getSymbol()?.getName();
  return name === 'Promise' || name === 'PromiseLike';
}
