/** TypeScript fixtures, before and after the transform, type-check under --strict (the catch variable is `unknown`). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wrap-spans');
const files = readdirSync(fixtures)
  .filter((f) => /\.(input|output)\.(ts|mts|cts|tsx)$/.test(f))
  .map((f) => join(fixtures, f));

// ledger-client.d.ts: the types of a package the transform could not see (fixture unresolved-types).
const program = ts.createProgram([...files, join(fixtures, 'jsx.d.ts'), join(fixtures, 'ledger-client.d.ts')], {
  strict: true,
  noImplicitReturns: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
  types: ['node'],
});

it('has TypeScript fixtures to check', () => {
  expect(files.filter((f) => f.includes('.output.')).length).toBeGreaterThan(5);
});

it.each(files.map((f) => [f.slice(fixtures.length + 1), f]))('%s type-checks under --strict', (_name, file) => {
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
  const messages = diagnostics.map((d) => {
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    return `${position ? `${position.line + 1}:${position.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(messages).toEqual([]);
});
