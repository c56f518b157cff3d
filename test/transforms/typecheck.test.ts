/**
 * Codemod output type-checks where its input did.
 * - wrap-spans fixture pairs: inputs and outputs type-check under --strict (the catch variable is `unknown`).
 * - fixtures/typed-project, a small TypeScript service under its own strict tsconfig.json: each codemod runs on every
 *   file (as the CLI would, the transform's type checker reading the project), and the output project must have no
 *   diagnostic the input did not (the input has none), leave every line outside what the codemod may touch byte for
 *   byte (test/helpers/untouched-lines.ts), and not change on a second run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'jscodeshift';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodemodModule } from '../../src/codemod/types.js';
import * as injectPropagation from '../../transforms/inject-propagation.js';
import * as pinoMixin from '../../transforms/pino-mixin.js';
import * as wrapSpans from '../../transforms/wrap-spans.js';
import { applyTransform } from '../helpers/fixture-pairs.js';
import { strictNodeOptions } from '../helpers/strict-program.js';
import { codemodViolations, type CodemodName } from '../helpers/untouched-lines.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** Diagnostics as `file:line:column message`, the file relative to `root`. */
function messages(diagnostics: readonly ts.Diagnostic[], root: string): string[] {
  return diagnostics.map((d) => {
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const where = d.file ? `${d.file.fileName.slice(root.length + 1)}:` : '';
    return `${where}${position ? `${String(position.line + 1)}:${String(position.character + 1)} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('wrap-spans fixture pairs', () => {
  const fixtures = join(FIXTURES, 'wrap-spans');
  const files = readdirSync(fixtures)
    .filter((f) => /\.(input|output)\.(ts|mts|cts|tsx)$/.test(f))
    .map((f) => join(fixtures, f));
  // ledger-client.d.ts: the types of a package the transform could not see (fixture unresolved-types); react.d.ts: the
  // hooks fixture local-return-kinds calls.
  const program = ts.createProgram([...files, join(fixtures, 'jsx.d.ts'), join(fixtures, 'ledger-client.d.ts'), join(fixtures, 'react.d.ts')], strictNodeOptions({ noImplicitReturns: true, jsx: ts.JsxEmit.Preserve }));

  it('has TypeScript fixtures to check', () => {
    expect(files.filter((f) => f.includes('.output.')).length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(fixtures.length + 1), f]))('%s type-checks under --strict', (_name, file) => {
    expect(messages(ts.getPreEmitDiagnostics(program, program.getSourceFile(file)), fixtures)).toEqual([]);
  });
});

const project = join(FIXTURES, 'typed-project');
const config = ts.getParsedCommandLineOfConfigFile(join(project, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  },
});
if (!config) throw new Error('fixtures/typed-project/tsconfig.json did not parse');
const sources = new Map(config.fileNames.map((file) => [file, readFileSync(file, 'utf8')]));

/** The project's program with these file texts in place of the files on disk. */
function projectProgram(texts: ReadonlyMap<string, string>): ts.Program {
  const host = ts.createCompilerHost(config!.options);
  const read = host.readFile.bind(host);
  host.readFile = (file) => texts.get(file) ?? read(file);
  return ts.createProgram({ rootNames: [...texts.keys()], options: config!.options, host });
}

function projectDiagnostics(texts: ReadonlyMap<string, string>): string[] {
  return messages(ts.getPreEmitDiagnostics(projectProgram(texts)), project);
}

/** Every export's type as callers see it (`file#name: type`), class members included. */
function exportedTypes(texts: ReadonlyMap<string, string>): string[] {
  const program = projectProgram(texts);
  const checker = program.getTypeChecker();
  const types: string[] = [];
  for (const file of texts.keys()) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    for (const symbol of module ? checker.getExportsOfModule(module) : []) {
      const declaration = symbol.declarations?.[0];
      if (!declaration) continue;
      const where = `${file.slice(project.length + 1)}#${symbol.name}`;
      types.push(`${where}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration))}`);
      if (!ts.isClassDeclaration(declaration)) continue;
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      for (const member of checker.getPropertiesOfType(instance)) {
        types.push(`${where}.${member.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(member, declaration))}`);
      }
    }
  }
  return types;
}

const everyFile = [...sources.keys()].map((f) => f.slice(project.length + 1)).sort();
/** [how the test names the run, codemod, its options, the files it changes]. */
const CODEMODS: [string, CodemodName, CodemodModule, Options, string[]][] = [
  // Every file exports a function: without types (what syntax does not decide is checked at run time), and with them.
  ['wrap-spans', 'wrap-spans', wrapSpans, { exported: true }, everyFile],
  ['wrap-spans --types', 'wrap-spans', wrapSpans, { exported: true, types: true }, everyFile],
  ['inject-propagation', 'inject-propagation', injectPropagation, {}, ['src/http/inventory.ts', 'src/http/payments.ts']],
  ['pino-mixin', 'pino-mixin', pinoMixin, {}, ['src/lib/logger.ts']],
];

it('the input project type-checks', () => {
  expect(sources.size).toBeGreaterThan(5);
  expect(projectDiagnostics(sources)).toEqual([]);
});

describe.each(CODEMODS)('%s on fixtures/typed-project', (_run, name, codemod, options, expected) => {
  const outputs = new Map<string, string>();
  const reports: string[] = [];
  beforeAll(async () => {
    for (const [file, text] of sources) {
      const run = await applyTransform(codemod.default, text, file, options);
      if (run.output !== undefined && run.output !== text) outputs.set(file, run.output);
      reports.push(...run.reports.map((r) => `${file.slice(project.length + 1)}: ${r}`));
    }
  });

  it('changes the files it should', () => {
    expect([...outputs.keys()].map((f) => f.slice(project.length + 1)).sort()).toEqual(expected);
  });

  it('adds no type error', () => {
    expect(projectDiagnostics(new Map([...sources].map(([file, text]) => [file, outputs.get(file) ?? text])))).toEqual([]);
  });

  it('keeps the type of every export as its callers see it', () => {
    expect(exportedTypes(new Map([...sources].map(([file, text]) => [file, outputs.get(file) ?? text])))).toEqual(exportedTypes(sources));
  });

  it('leaves every line outside what it may touch byte for byte', () => {
    for (const [file, output] of outputs) {
      expect({ file, violations: codemodViolations(name, sources.get(file)!, output, file) }).toEqual({ file, violations: [] });
    }
  });

  it('changes nothing on a second run', async () => {
    for (const [file, output] of outputs) {
      const again = await applyTransform(codemod.default, output, file, options);
      expect({ file, output: again.output ?? output }).toEqual({ file, output });
    }
  });

  it('reports', () => {
    expect(reports).toMatchSnapshot();
  });
});
