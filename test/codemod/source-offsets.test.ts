import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { sourceOffsets } from '../../src/codemod/source-offsets.js';

/** Every identifier's text, sliced from the file by the mapped offsets, must be its own name. */
function identifierSlices(source: string, parser: 'babylon' | 'ts' = 'babylon') {
  const j = jscodeshift.withParser(parser);
  const offsets = sourceOffsets(source);
  return j(source)
    .find(j.Identifier)
    .nodes()
    .map((node) => ({ name: node.name, text: offsets.text(node), naive: source.slice((node as { start?: number }).start, (node as { end?: number }).end) }));
}

describe('sourceOffsets', () => {
  it('maps nodes below tab-indented lines back to the file text', () => {
    const source = 'function f() {\n\tif (a) {\n\t\t\treturn alpha\n\t}\n}\nconst beta = gamma\n';
    const slices = identifierSlices(source);
    for (const { name, text } of slices) expect(text).toBe(name);
    // What the mapping is for: recast's expanded tabs shift the parser's own offsets.
    expect(slices.find((s) => s.name === 'gamma')!.naive).not.toBe('gamma');
  });

  it('maps nodes in files with CR LF, lone CR and mixed line endings', () => {
    const source = 'const one = 1\r\n\tconst two = one\r\rconst three = two\n  \t const four = three\r\n';
    for (const { name, text } of identifierSlices(source)) expect(text).toBe(name);
  });

  it('maps mixed space and tab indentation the way recast counts it (tab stops of 4)', () => {
    const source = 'if (x) {\n  \tconst a = x\n \t  \tconst b = a\n}\n';
    for (const { name, text } of identifierSlices(source, 'ts')) expect(text).toBe(name);
  });

  it('gives whole multi-line node text exactly as written', () => {
    const source = "call(\n\t{\n\t\tkey: 'v',\r\n\t},\n)\n";
    const j = jscodeshift.withParser('babylon');
    const call = j(source).find(j.CallExpression).nodes()[0];
    expect(sourceOffsets(source).text(call)).toBe("call(\n\t{\n\t\tkey: 'v',\r\n\t},\n)");
  });

  it('refuses a node without a location', () => {
    expect(() => sourceOffsets('x').start(jscodeshift.identifier('built'))).toThrow(/no location/);
  });
});
