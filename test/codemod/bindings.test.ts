/**
 * Answers about declarations: FileBindings' (which declaration a name at a call means, for pino-mixin) and
 * declaredAround's (whether generated code in a function would see another binding of a name, for wrap-spans).
 */
import { describe, expect, it } from 'vitest';
import { walk, type Node } from '../../src/codemod/ast.js';
import { FileBindings } from '../../src/codemod/bindings.js';
import { declaredAround } from '../../src/codemod/node-paths.js';
import { parseFile } from '../../src/codemod/parser.js';

function read(source: string, path = 'file.ts'): { program: Node; bindings: FileBindings; fn: (name: string) => Node; at: (text: string) => number } {
  const program = parseFile(source, path).program as Node;
  const functions = new Map<string, Node>();
  walk(program, (node, parent) => {
    // A function is named by the variable that holds it, else by its own name.
    const id = parent.type === 'VariableDeclarator' ? (parent.id as Node) : (node.id as Node | null | undefined);
    if (/Function/.test(node.type) && id?.type === 'Identifier') functions.set(id.name as string, node);
    return undefined;
  });
  return {
    program,
    bindings: new FileBindings(program, path),
    fn: (name) => functions.get(name) ?? expect.fail(`no function ${name}`),
    at: (text) => source.indexOf(text),
  };
}

describe('FileBindings.declarationsAt', () => {
  const source = [
    "import pino from 'pino';",
    'const options = { level: 1 };',
    'export function make(options: unknown, level = 2) {',
    '  if (level) {',
    '    const pino = (x: unknown) => x;',
    '    pino(options);',
    '  }',
    '  var late = 1;',
    '  return pino(late);',
    '}',
    'pino(options);',
  ].join('\n');
  const { bindings, at } = read(source);

  it('reads a name from the innermost scope that declares it, blocks included', () => {
    const inBlock = bindings.declarationsAt('pino', at('pino(options);'));
    expect(inBlock).toHaveLength(1);
    expect(inBlock[0].owner.type).toBe('VariableDeclarator');
    expect(inBlock[0].variableKind).toBe('const');
    const inFunction = bindings.declarationsAt('pino', at('pino(late)'));
    expect(inFunction[0].owner.type).toBe('ImportDefaultSpecifier');
  });

  it('gives parameters (with a default value too) as their function, and a var as its function’s', () => {
    const parameter = bindings.declarationsAt('options', at('pino(options);'))[0];
    expect(parameter.owner.type).toBe('FunctionDeclaration');
    expect(parameter.id.start).toBe(at('options: unknown'));
    expect(bindings.declarationsAt('level', at('if (level)'))[0].owner.type).toBe('FunctionDeclaration');
    expect(bindings.declarationsAt('late', at('return pino(late)'))[0].variableKind).toBe('var');
  });

  it('gives the top-level declaration outside the function, and nothing for a global', () => {
    const topLevel = bindings.declarationsAt('options', source.lastIndexOf('pino(options)'));
    expect(topLevel[0].owner.type).toBe('VariableDeclarator');
    expect(bindings.declarationsAt('console', at('pino(late)'))).toEqual([]);
  });
});

describe('declaredAround', () => {
  const source = [
    'const tracer = 1;',
    'export function withParameter(tracer: number) { return tracer; }',
    'export function withBlock(flag: boolean) { if (flag) { let tracer = 2; return tracer; } return 0; }',
    'export function outer() {',
    '  const tracer = 3;',
    '  return function inner() { return tracer; };',
    '}',
    'export function withNested() { return () => { const tracer = 4; return tracer; }; }',
    'export const named = function tracer() { return 1; };',
    'export function plain() { return tracer; }',
    'export function withCatch() { try { return 1; } catch (tracer) { return 2; } }',
    'export function withClass() { class tracer {} return tracer; }',
    'export const withDestructuring = ({ a: [tracer] }: { a: number[] }) => tracer;',
  ].join('\n');
  const { program, fn } = read(source);
  const shadowed = declaredAround({ source, program });

  it('counts a parameter, a declaration in any block (a catch binding, a class), and one in a function around the target', () => {
    expect(shadowed('tracer', fn('withParameter'))).toBe(true);
    expect(shadowed('tracer', fn('withBlock'))).toBe(true);
    expect(shadowed('tracer', fn('inner'))).toBe(true);
    expect(shadowed('tracer', fn('withCatch'))).toBe(true);
    expect(shadowed('tracer', fn('withClass'))).toBe(true);
    expect(shadowed('tracer', fn('withDestructuring'))).toBe(true);
    // A function expression's own name is seen inside it.
    expect(shadowed('tracer', fn('named'))).toBe(true);
  });

  it('does not count the top level, or a function nested inside the target', () => {
    expect(shadowed('tracer', fn('plain'))).toBe(false);
    expect(shadowed('tracer', fn('withNested'))).toBe(false);
  });
});
