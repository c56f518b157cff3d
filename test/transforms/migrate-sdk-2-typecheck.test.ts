/**
 * migrate-sdk-2's TypeScript outputs type-check under --strict against the installed SDK 2.x packages
 * (@opentelemetry/resources, core, sdk-trace-base, sdk-trace-node, sdk-metrics 2.x; sdk-logs 0.2xx). The `flag-*` cases
 * are left out: they keep the 1.x calls the codemod flags instead of guessing (that is what they test).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { strictNodeOptions } from '../helpers/strict-program.js';
import { expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'migrate-sdk-2');
const files = readdirSync(fixtures)
  .filter((f) => /\.output\.(ts|mts|cts)$/.test(f) && !f.startsWith('flag-'))
  .map((f) => join(fixtures, f));

const options = strictNodeOptions();
const program = ts.createProgram(files, options);
// With verbatimModuleSyntax, an import of what 2.x exports only as a type (Resource, Span) must say `type`.
const verbatim = ts.createProgram(files, { ...options, verbatimModuleSyntax: true });

it('has TypeScript outputs to check', () => {
  expect(files.length).toBeGreaterThan(5);
});

const cases = files.map((f) => [f.slice(fixtures.length + 1), f]);
it.each(cases)('%s type-checks under --strict against SDK 2.x', (_name, file) => {
  expect(diagnosticsOf(program, file)).toEqual([]);
});

it.each(cases)('%s type-checks with verbatimModuleSyntax', (_name, file) => {
  expect(diagnosticsOf(verbatim, file)).toEqual([]);
});

function diagnosticsOf(program: ts.Program, file: string): string[] {
  const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
  return diagnostics.map((d) => {
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    return `${position ? `${position.line + 1}:${position.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

// The JavaScript outputs, checked as JavaScript (checkJs): every name they import or require exists in 2.x and is used
// as its type allows. logger-provider is left out: the installed sdk-logs is 0.223, whose SimpleLogRecordProcessor
// takes `{ exporter }` (a change after 0.201, the line package.json gets), which the input's own call does not.
const jsFiles = readdirSync(fixtures)
  .filter((f) => /\.output\.(js|cjs|mjs)$/.test(f) && !f.startsWith('flag-') && !f.startsWith('logger-provider.'))
  .map((f) => join(fixtures, f));
const jsProgram = ts.createProgram(jsFiles, { ...options, strict: false, allowJs: true, checkJs: true });

it('has JavaScript outputs to check', () => {
  expect(jsFiles.length).toBeGreaterThan(3);
});

it.each(jsFiles.map((f) => [f.slice(fixtures.length + 1), f]))('%s checks as JavaScript against SDK 2.x', (_name, file) => {
  expect(diagnosticsOf(jsProgram, file)).toEqual([]);
});
