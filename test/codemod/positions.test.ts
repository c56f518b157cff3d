import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { rangeWithComments, sourcePositions } from '../../src/codemod/positions.js';

/** The source text of every call expression, sliced with the mapped offsets. */
function callTexts(source: string, parser: 'babylon' | 'ts' = 'babylon'): string[] {
  const j = jscodeshift.withParser(parser);
  const root = j(source);
  const pos = sourcePositions(root, source);
  return root.find(j.CallExpression).nodes().map((node) => source.slice(pos.start(node), pos.end(node)));
}

describe('sourcePositions', () => {
  it('maps offsets in a tab-indented file back to the original text', () => {
    const source = `function f() {\n\tif (a) {\n\t\treturn load(a, {\n\t\t\tb: 1,\n\t\t});\n\t}\n}\n`;
    expect(callTexts(source)).toEqual([`load(a, {\n\t\t\tb: 1,\n\t\t})`]);
  });

  it('maps offsets with mixed tabs and spaces, and CRLF line endings', () => {
    const source = `if (a) {\r\n \tfirst(1);\r\n\t  second(2);\r\n}\r\n`;
    expect(callTexts(source, 'ts')).toEqual(['first(1)', 'second(2)']);
  });

  it('uses the parser offsets as they are when recast parsed the text unchanged', () => {
    const source = `if (a) {\n  first(1);\n}\n`;
    expect(callTexts(source)).toEqual(['first(1)']);
  });

  it('widens a node range over its attached comments', () => {
    const source = `// lead\nimport a from 'a'; // trail\nfoo();\n`;
    const j = jscodeshift.withParser('babylon');
    const root = j(source);
    const range = rangeWithComments(root.find(j.ImportDeclaration).get().node, sourcePositions(root, source));
    expect(source.slice(range.start, range.end)).toBe(`// lead\nimport a from 'a'; // trail`);
  });
});
