import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { detectFileStyle } from '../../src/codemod/file-style.js';
import { generatedCode, generatedIdentifier, generatedStatement, printFile } from '../../src/codemod/print.js';

describe('printFile', () => {
  it('keeps the semicolon after an expression placeholder that ends a statement', () => {
    const source = `const a = load(x);\nconst b = 2;\n`;
    const j = jscodeshift.withParser('babylon');
    const root = j(source);
    root.find(j.CallExpression).replaceWith(() => generatedIdentifier(j, root, 'load(x, extra)'));
    expect(printFile(root, detectFileStyle(source, 'a.js'), source)).toBe(`const a = load(x, extra);\nconst b = 2;\n`);
  });

  it('replaces a statement placeholder together with the semicolon recast prints after it', () => {
    const source = `const a = 1\n`;
    const j = jscodeshift.withParser('babylon');
    const root = j(source);
    root.find(j.Program).get().node.body.push(generatedStatement(j, root, 'const b = 2'));
    expect(printFile(root, detectFileStyle(source, 'a.js'), source)).toBe(`const a = 1\nconst b = 2\n`);
  });

  it('keeps one tab per level on lines recast reprints in a tab-indented file', () => {
    // recast reprints a return statement whose argument changed; its indentation must fold back into tabs.
    const source = `function f() {\n\tif (x) {\n\t\treturn load(x);\n\t}\n}\n`;
    const j = jscodeshift.withParser('babylon');
    const root = j(source);
    root.find(j.CallExpression).replaceWith(() => generatedIdentifier(j, root, 'load(x, extra)'));
    expect(printFile(root, detectFileStyle(source, 'a.js'), source)).toBe(`function f() {\n\tif (x) {\n\t\treturn load(x, extra);\n\t}\n}\n`);
  });

  it('tells the code a generated node stands for, and nothing for other nodes', () => {
    const j = jscodeshift.withParser('babylon');
    const root = j(`const a = 1;\n`);
    const statement = generatedStatement(j, root, 'const b = 2;');
    const identifier = generatedIdentifier(j, root, 'load(x)');
    expect(generatedCode(root, statement)).toBe('const b = 2;');
    expect(generatedCode(root, identifier)).toBe('load(x)');
    expect(generatedCode(root, root.find(j.VariableDeclaration).get().node)).toBeUndefined();
    expect(generatedCode(j(`x;\n`), statement)).toBeUndefined();
  });
});
