/**
 * `getEnv().OTEL_X` → `get{String,Number,Boolean,StringList}FromEnv('OTEL_X') ?? <1.x default>` (without the default
 * for `getEnvWithoutDefaults()`), also through `const { OTEL_X } = getEnv()` and `const env = getEnv(); env.OTEL_X`.
 * Kinds and defaults come from src/otel/sdk-2-migration.ts.
 */
import type { ASTPath } from 'jscodeshift';
import { parentNode, staticPropertyName, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { stringLiteral } from '../../src/codemod/file-style.js';
import { API_MODULE } from '../../src/otel/api.js';
import { CORE_MODULE, ENV_READERS, ENV_VARIABLES, LOG_LEVEL_READER, type EnvVariable } from '../../src/otel/sdk-2-migration.js';
import type { ImportPlan } from './imports.js';
import { removeStatement } from './imports.js';

/** Rewrites one `getEnv()` call's use; false when it is not one the codemod can read (the caller flags it). */
export function rewriteEnvCall(file: CodemodFile, plan: ImportPlan, call: ASTPath, withDefaults: boolean): boolean {
  const callNode = call.node as unknown as Node;
  if ((callNode.arguments as Node[]).length !== 0) return false;
  const parentPath = call.parent as ASTPath;
  const parent = parentNode(call);
  if (!parent) return false;
  const read = (name: string): string | null => {
    const variable = ENV_VARIABLES.get(name);
    return variable ? envRead(file, plan, name, variable, withDefaults) : null;
  };

  // getEnv().OTEL_X
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === callNode) {
    if (isWritten(parentPath)) return false;
    const name = staticPropertyName(parent);
    const text = name === null ? null : read(name);
    if (text === null) return false;
    file.edits.replace(parent.start, parent.end, wrap(text, parentPath, withDefaults && hasDefault(name)));
    return true;
  }

  if (parent.type !== 'VariableDeclarator' || parent.init !== callNode) return false;
  const declaration = parentNode(parentPath);
  if (declaration?.type !== 'VariableDeclaration' || (declaration.declarations as Node[]).length !== 1) return false;
  const id = parent.id as Node;

  // const { OTEL_A, OTEL_B: b } = getEnv()
  if (id.type === 'ObjectPattern') {
    const parts: string[] = [];
    for (const property of id.properties as Node[]) {
      const key = property.key as Node | undefined;
      const value = property.value as Node | undefined;
      if (property.type !== 'ObjectProperty' || property.computed || key?.type !== 'Identifier' || value?.type !== 'Identifier') return false;
      const text = read(key.name as string);
      if (text === null) return false;
      parts.push(`${value.name as string} = ${text}`);
    }
    if (parts.length === 0) return false;
    file.edits.replace(parent.start, parent.end, parts.join(', '));
    return true;
  }

  // const env = getEnv(); … env.OTEL_X …
  if (id.type !== 'Identifier') return false;
  const local = id.name as string;
  const declarationScope = (parentPath.scope as { lookup(n: string): unknown } | null)?.lookup(local);
  const { j, root } = file;
  const uses: { member: Node; path: ASTPath; name: string }[] = [];
  let other = false;
  for (const path of root.find(j.Identifier, { name: local }).paths()) {
    if (path.node === (id as unknown)) continue;
    const p = parentNode(path);
    if (!p) continue;
    if ((p.type === 'MemberExpression' || p.type === 'OptionalMemberExpression') && p.property === (path.node as unknown) && !p.computed) continue;
    if ((p.type === 'ObjectProperty' || p.type === 'ClassProperty' || p.type === 'TSPropertySignature') && p.key === (path.node as unknown) && !p.computed && !p.shorthand) continue;
    const scope = (path.scope as { lookup(n: string): unknown } | null)?.lookup(local);
    if (scope !== declarationScope) continue;
    const memberPath = path.parent as ASTPath;
    const name = (p.type === 'MemberExpression' || p.type === 'OptionalMemberExpression') && p.object === (path.node as unknown) ? staticPropertyName(p) : null;
    if (name === null || !ENV_VARIABLES.has(name) || isWritten(memberPath)) other = true;
    else uses.push({ member: p, path: memberPath, name });
  }
  if (other || uses.length === 0) return false;
  for (const use of uses) {
    const text = read(use.name);
    if (text === null) return false;
    file.edits.replace(use.member.start, use.member.end, wrap(text, use.path, withDefaults && hasDefault(use.name)));
  }
  removeStatement(file, declaration);
  return true;
}

const hasDefault = (name: string | null): boolean => name !== null && ENV_VARIABLES.get(name)?.default !== null;

/** The 2.x read of one variable. */
function envRead(file: CodemodFile, plan: ImportPlan, name: string, variable: EnvVariable, withDefaults: boolean): string {
  const { style } = file;
  const literal = stringLiteral(name, style);
  const getString = (): string => plan.need(CORE_MODULE, ENV_READERS.string, false);
  const read =
    variable.kind === 'logLevel'
      ? `${plan.need(CORE_MODULE, LOG_LEVEL_READER, false)}(${getString()}(${literal}))`
      : `${plan.need(CORE_MODULE, ENV_READERS[variable.kind], false)}(${literal})`;
  const value = variable.default;
  if (!withDefaults || value === null) return read;
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : 'Infinity';
  else if (typeof value === 'string') text = stringLiteral(value, style);
  else if (Array.isArray(value)) text = `[${(value as readonly string[]).map((item) => stringLiteral(item, style)).join(', ')}]`;
  else {
    const expression = value as { code: string; needs: readonly string[] };
    text = expression.code;
    for (const needed of expression.needs) text = text.replace(new RegExp(`\\b${needed}\\b`), plan.need(API_MODULE, needed, false));
  }
  return `${read} ?? ${text}`;
}

/** Parents where `a ?? b` needs no parentheses. */
const LOOSE_PARENTS: Record<string, string[] | true> = {
  VariableDeclarator: ['init'],
  AssignmentExpression: ['right'],
  AssignmentPattern: ['right'],
  ObjectProperty: ['value'],
  CallExpression: ['arguments'],
  NewExpression: ['arguments'],
  ReturnStatement: true,
  ArrowFunctionExpression: ['body'],
  ArrayExpression: true,
  ExpressionStatement: true,
  ConditionalExpression: ['consequent', 'alternate'],
  TemplateLiteral: true,
  SpreadElement: true,
  ParenthesizedExpression: true,
  ClassProperty: ['value'],
  JSXExpressionContainer: true,
};

function wrap(text: string, path: ASTPath, withDefault: boolean): string {
  if (!withDefault) return text;
  const node = path.node as unknown as Node;
  const parent = parentNode(path);
  if (!parent) return text;
  const loose = LOOSE_PARENTS[parent.type] as string[] | true | undefined;
  if (loose === true) return text;
  if (loose?.some((field) => parent[field] === node || (Array.isArray(parent[field]) && (parent[field] as Node[]).includes(node)))) return text;
  if (parent.type === 'LogicalExpression' && parent.operator === '??' && parent.left === node) return text;
  return `(${text})`;
}

/** An assignment target or update operand. */
function isWritten(path: ASTPath): boolean {
  const node = path.node as unknown as Node;
  const parent = parentNode(path);
  if (!parent) return false;
  return (parent.type === 'AssignmentExpression' && parent.left === node) || parent.type === 'UpdateExpression' || (parent.type === 'UnaryExpression' && parent.operator === 'delete');
}
