/**
 * Functions of the project's own modules, read from disk when a span's code calls them
 * (`import { patchCallback } from './utils'`, `utils.mergeOptions(...)`), so that a helper that only builds a
 * closure or spreads an object is not taken for a call that can throw. Parsed once per file (and modification
 * time), only when a call needs it.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { resolveModule } from '../project-tracers.js';
import { isFunctionNode, skipTypeWrappers, type FunctionNode } from '../tracer-evidence.js';

/** Modules above this size are not read: a helper module is small, a bundle is not. */
const MAX_MODULE_BYTES = 256 * 1024;

const modules = new Map<string, { mtimeMs: number; functions: Map<string, FunctionNode> }>();

/** The module's top-level functions by name (`function f`, `const f = () => ...`, exported or not). */
function topLevelFunctions(file: string): Map<string, FunctionNode> {
  const { mtimeMs, size } = statSync(file);
  const cached = modules.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.functions;
  const functions = new Map<string, FunctionNode>();
  if (size <= MAX_MODULE_BYTES) {
    try {
      const ast = parse(readFileSync(file, 'utf8'), { range: true, loc: true, jsx: /\.[jt]sx$/.test(file), sourceType: 'module' });
      for (const statement of ast.body) {
        const node = (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) && statement.declaration ? statement.declaration : statement;
        if (node.type === AST_NODE_TYPES.FunctionDeclaration && node.id) functions.set(node.id.name, node);
        if (node.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of node.declarations) {
            const init = declarator.init && skipTypeWrappers(declarator.init);
            if (declarator.id.type === AST_NODE_TYPES.Identifier && isFunctionNode(init)) functions.set(declarator.id.name, init);
          }
        }
      }
    } catch {
      // A module we cannot parse tells us nothing: its calls count as throwing.
    }
  }
  modules.set(file, { mtimeMs, functions });
  return functions;
}

/** The function `name` of the project module `specifier` imported by `fromFile`, or null. */
export function siblingFunction(fromFile: string, specifier: string, name: string): FunctionNode | null {
  if (!fromFile || fromFile.startsWith('<')) return null;
  const file = resolveModule(fromFile, specifier);
  return file ? (topLevelFunctions(file).get(name) ?? null) : null;
}

