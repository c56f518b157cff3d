/**
 * pino-mixin: exact fixture pairs (each run twice, and again saved with CRLF and a BOM), the project check, the
 * prefilter, reports, and the text-level guarantees (untouched bytes stay, tabs and mixed line endings do not shift
 * the edits). Execution and type-checking of the outputs: pino-mixin-exec.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pinoMixin from '../../transforms/pino-mixin.js';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'pino-mixin');
const { meta } = pinoMixin;

describeFixturePairs(FIXTURES, pinoMixin, { windowsText: true });

describe('pino-mixin package check', () => {
  const check = (dependencies: Parameters<NonNullable<typeof meta.checkPackage>>[0], options = {}) =>
    meta.checkPackage!(dependencies, options);

  it('runs when no package.json or no pino instrumentation is found', () => {
    expect(check({})).toBeUndefined();
    expect(check({ name: 'app', dependencies: { pino: '^9.0.0', '@opentelemetry/api': '^1.9.0' } })).toBeUndefined();
  });

  it.each([
    ['dependencies', '@opentelemetry/instrumentation-pino'],
    ['devDependencies', '@opentelemetry/instrumentation-pino'],
    ['dependencies', '@opentelemetry/auto-instrumentations-node'],
    ['optionalDependencies', '@opentelemetry/auto-instrumentations-node'],
  ])('skips with a note when %s lists %s', (field, name) => {
    const verdict = check({ name: 'app', [field]: { pino: '^9.0.0', [name]: '^0.50.0' } });
    expect(verdict?.skip).toBe(true);
    expect(verdict?.note).toContain(name);
    expect(verdict?.note).toContain('--force-mixin');
  });

  it('runs anyway with --force-mixin, and still says why it would have skipped', () => {
    const verdict = check({ dependencies: { '@opentelemetry/instrumentation-pino': '^0.50.0' } }, { forceMixin: true });
    expect(verdict?.skip).toBe(false);
    expect(verdict?.note).toContain('@opentelemetry/instrumentation-pino');
  });

  it('declares --force-mixin for the CLI', () => {
    expect(meta.options).toEqual([expect.objectContaining({ flags: '--force-mixin', key: 'forceMixin', kind: 'boolean' })]);
  });
});

describe('pino-mixin prefilter and reports', () => {
  it('never parses a file that cannot mention pino', async () => {
    expect(meta.mayContainTarget('export const logger = console;', {})).toBe(false);
    expect(meta.mayContainTarget("import pino from 'pino';", {})).toBe(true);
    expect(meta.mayContainTarget('const { pino } = require("pino");', {})).toBe(true);
    expect(meta.mayContainTarget("export const cities = ['Arpino', 'Pinot'];", {})).toBe(false);
    // The transform applies the same prefilter: even unparseable text without the word is skipped, not failed.
    expect((await applyTransform(pinoMixin.default, 'const = ;', 'broken.js')).output).toBeUndefined();
  });

  it('lets a parse error reach the runner, which reports the file and leaves it untouched', async () => {
    await expect(applyTransform(pinoMixin.default, "import pino from 'pino';\nconst logger = pino({ ;\n", 'broken.js')).rejects.toThrow();
  });

  it('reports each logger it leaves alone because its mixin already writes trace_id', async () => {
    const source = [
      "import pino from 'pino';",
      '',
      'export const stamped = pino({ mixin: () => ({ trace_id: currentTraceId() }) });',
      'export const plain = pino();',
      '',
    ].join('\n');
    const run = await applyTransform(pinoMixin.default, source, 'src/log.js');
    expect(run.output).toContain('export const plain = pino({ mixin: traceMixin() });');
    expect(run.output).toContain('export const stamped = pino({ mixin: () => ({ trace_id: currentTraceId() }) });');
    expect(run.reports).toEqual(['line 3: pino logger left unchanged: its mixin already writes trace_id']);
  });
});

describe('pino-mixin reports', () => {
  const reportsOf = async (fixture: string): Promise<string[]> => {
    const [, base, ext] = /^(.+)\.(\w+)$/.exec(fixture)!;
    const input = readFileSync(join(FIXTURES, `${base}.input.${ext}`), 'utf8');
    return (await applyTransform(pinoMixin.default, input, join(FIXTURES, fixture))).reports;
  };

  it.each([
    ['destinations.mjs', ['line 27: pino logger left unchanged: its argument `optionsOrDestination` may be options or a destination']],
    ['options-variable.js', ["line 21: pino logger left unchanged: its options are built by `loggerOptions('search')`, which the codemod cannot see into"]],
    ['options-variable-ts.ts', ['line 17: pino logger left unchanged: its argument `config` may be options or a destination']],
    [
      'old-symbols-helper-kept.js',
      [
        'line 9: pino logger left on withTraceMixin (the pino.symbols helper of earlier versions): its options are built by `loggerOptions(name)`, which the codemod cannot see into',
      ],
    ],
    ['old-symbols-helper.js', ["line 14: moved one logger from withTraceMixin (pino.symbols) to pino's mixin option"]],
    ['old-symbols-helper-ts.ts', ["line 21: moved 2 loggers from withTraceMixin (pino.symbols) to pino's mixin option"]],
  ])('%s', async (fixture, expected) => {
    expect(await reportsOf(fixture)).toEqual(expected);
  });

  it('says why it leaves a logger whose options it cannot extend safely', async () => {
    const run = async (source: string, path = 'a.js') => (await applyTransform(pinoMixin.default, `import pino from 'pino';\n${source}\n`, path)).reports;
    expect(await run('export const a = (o) => pino({ ...o.build(), level: 1 });')).toEqual([
      'line 2: pino logger left unchanged: its options spread `o.build()`, which the codemod cannot read again',
    ]);
    expect(await run('export const a = (o) => pino({ mixin: m, ...o });')).toEqual(['line 2: pino logger left unchanged: a spread after its mixin may replace it']);
    expect(await run('export const a = pino({ mixin() { return this.fields } });')).toEqual([
      'line 2: pino logger left unchanged: its mixin method uses `this` or `super`',
    ]);
    expect(await run('const options = { level: 1 };\noptions.name = "x";\nexport const a = pino(options, process.stdout);')).toEqual([
      'line 4: pino logger left unchanged: its options `options` are changed after they are created',
    ]);
    // Written to under its name, whatever the call casts it to; a module name with no space before it (minified).
    expect(await run('const options = { level: "info" };\nexport const a = pino(options as any);\noptions.level = "debug";', 'a.ts')).toEqual([
      'line 3: pino logger left unchanged: its options `options as any` are changed after they are created',
    ]);
    const cast = await applyTransform(pinoMixin.default, `import pino from 'pino';\ndeclare const options: object;\nexport const a = pino(options as pino.LoggerOptions);\n`, 'a.ts');
    expect(cast.output).toContain('pino({ ...options as pino.LoggerOptions, mixin: traceMixin((options as pino.LoggerOptions)?.mixin) })');
    expect((await applyTransform(pinoMixin.default, `import pino from'pino';export const log=pino()\n`, 'min.js')).output).toContain('mixin');
    expect(await run('export const a = (o: { level: string }, d: pino.DestinationStream) => pino({ ...o }, d);', 'a.ts')).toEqual([
      'line 2: pino logger left unchanged: its options spread an object whose type may not have a `mixin` property',
    ]);
    expect(await run("export const a = pino(process.stdout, 'info');")).toEqual([
      'line 2: pino logger left unchanged: its first argument looks like a destination, but a second one follows',
    ]);
    expect(await run('export const a = (o: { level: string }, d: pino.DestinationStream) => pino(o, d);', 'a.ts')).toEqual([
      'line 2: pino logger left unchanged: its options `o` have a type that may not have a `mixin` property',
    ]);
  });

  it('composes the mixins that spreads may bring, the latest first', async () => {
    const source = [
      "import pino from 'pino';",
      'const base = { mixin: () => ({ team: 1 }) };',
      'export const a = (extra) => pino({ ...base, ...extra, level: 1 });',
      '',
    ].join('\n');
    const { output } = await applyTransform(pinoMixin.default, source, 'a.js');
    expect(output).toContain('export const a = (extra) => pino({ ...base, ...extra, level: 1, mixin: traceMixin(extra?.mixin ?? base.mixin) });');
  });
});

describe('pino-mixin text guarantees', () => {
  it('edits the right calls in a file indented with tabs and with CR LF line endings', async () => {
    const source = [
      "const pino = require('pino')\r",
      'function a(destination) {\r',
      "\t\tconst options = { name: 'a' }\r",
      '\t\treturn pino(options, destination)\r',
      '}\r',
      'const b = \tpino.default()\r',
      'module.exports = { a, b }\r',
      '',
    ].join('\n');
    const { output } = await applyTransform(pinoMixin.default, source, 'lib/log.js');
    const lines = output!.split('\r\n');
    expect(lines).toContain('\t\treturn pino({ ...options, mixin: traceMixin() }, destination)');
    expect(lines).toContain('const b = \tpino.default({ mixin: traceMixin() })');
    expect(lines).toContain("\t\tconst options = { name: 'a' }");
    expect(lines).toContain('\treturn (...args) => {');
    expect(output!.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('leaves every byte outside the edited options as it was', async () => {
    const source = [
      '// @ts-check',
      "import   pino   from 'pino'  // spacing kept",
      '',
      'export const logger = pino( { level : "info" } )  ;',
      '/* trailing */',
      '',
    ].join('\n');
    const { output } = await applyTransform(pinoMixin.default, source, 'a.mjs');
    const expectedHead = [
      '// @ts-check',
      "import   pino   from 'pino'  // spacing kept",
      "import { trace, isSpanContextValid } from '@opentelemetry/api';",
      '',
      'export const logger = pino( { level : "info", mixin: traceMixin() } )  ;',
      '',
    ].join('\n');
    expect(output!.startsWith(expectedHead)).toBe(true);
    // Then the helper, one blank line below the last statement, and the trailing comment stays last.
    expect(output!.slice(expectedHead.length)).toMatch(/^\n\/\*\*\n \* A pino mixin[^]*\nfunction traceMixin\(mixin\) \{\n[^]*\n\}\n\/\* trailing \*\/\n$/);
  });

  it('adds one helper for many loggers, and none when the file creates no pino logger', async () => {
    const many = "import pino from 'pino';\nexport const a = pino();\nexport const b = pino.pino();\nexport const c = a.child({});\n";
    const { output } = await applyTransform(pinoMixin.default, many, 'many.js');
    expect(output!.match(/function traceMixin\(/g)).toHaveLength(1);
    expect(output!.match(/\{ mixin: traceMixin\(\) \}/g)).toHaveLength(2);
    expect(output).toContain('export const c = a.child({});');
    expect(output).not.toContain('symbols');

    const childOnly = "export function requestLogger(logger) {\n  return logger.child({ pino: 'child' });\n}\n";
    expect((await applyTransform(pinoMixin.default, childOnly, 'child.js')).output).toBeUndefined();
  });

  it('keeps each line ending of a file with mixed ones, and writes its usual one', async () => {
    const source = "import pino from 'pino'\r\nexport const a = pino()\nexport const b = 1\r\n";
    const { output } = await applyTransform(pinoMixin.default, source, 'mixed.js');
    expect(output!.startsWith("import pino from 'pino'\r\nimport { trace, isSpanContextValid } from '@opentelemetry/api'\r\nexport const a = pino({ mixin: traceMixin() })\nexport const b = 1\r\n\r\n/**\r\n")).toBe(true);
    expect(output!.endsWith('\r\n}\r\n')).toBe(true);
  });

  it('tells the factory from a name declared again anywhere in the file, and finds a call spelled with an escape', async () => {
    const source = [
      "import pino from 'pino';",
      'export const a = pino();',
      // A named function expression binds its own name inside itself.
      'export const make = function pino(level) { return level ? pino() : null; };',
      'export class Logs { build() { return pino(); } }',
      'export const b = \\u0070ino();',
      '',
    ].join('\n');
    const { output } = await applyTransform(pinoMixin.default, source, 'again.js');
    expect(output).toContain('export const a = pino({ mixin: traceMixin() });');
    expect(output).toContain('return level ? pino() : null;');
    expect(output).toContain('build() { return pino({ mixin: traceMixin() }); }');
    expect(output).toContain('export const b = \\u0070ino({ mixin: traceMixin() });');
    // A require inside a function whose name is declared once: still read through its scope.
    const inner = "export function make() {\n  const pino = require('pino');\n  return pino();\n}\nexport const other = pino();\n";
    const innerOut = (await applyTransform(pinoMixin.default, inner, 'inner.js')).output!;
    expect(innerOut).toContain('return pino({ mixin: traceMixin() });');
    expect(innerOut).toContain('export const other = pino();');
  });

  it('reads names by block scope: a block that declares the name again, options in a block, a shadowed undefined', async () => {
    const source = [
      "import pino from 'pino';",
      // ast-types' scopes put a block's `const` in the function's scope, beside the import: this call is not pino's.
      'if (test) { const pino = (level) => level; pino(); }',
      'export function make(verbose) {',
      '  if (verbose) {',
      "    const options = { level: 'debug' };",
      '    return pino(options);',
      '  }',
      '  return pino();',
      '}',
      'export function withUndefined(undefined) { return pino(undefined); }',
      // A function declared in a block of a script may be its function's too (Annex B): left alone.
      'export function annexB(debug) { if (debug) { function pino() { return null; } } return pino(); }',
      '',
    ].join('\n');
    const { output, reports } = await applyTransform(pinoMixin.default, source, 'blocks.js');
    expect(output).toContain('if (test) { const pino = (level) => level; pino(); }');
    expect(output).toContain('return pino({ ...options, mixin: traceMixin() });');
    expect(output).toContain('return pino({ mixin: traceMixin() });\n}');
    expect(output).toContain('return pino(undefined); }');
    expect(reports.join('\n')).toContain('its argument `undefined` may be options or a destination');
    // The parameter hides the function expression's own name: its declared type is read.
    const named = "import pino, { LoggerOptions } from 'pino';\nexport const make = function opts(opts: LoggerOptions) { return pino(opts); };\n";
    expect((await applyTransform(pinoMixin.default, named, 'named.ts')).output).toContain('return pino({ ...opts, mixin: traceMixin(opts?.mixin) }); };');
    expect(output).toContain('function pino() { return null; } } return pino(); }');
  });

  it('reads a file with a catch clause without a binding', async () => {
    const source = "import pino from 'pino';\ntry { load() } catch { retry() }\nexport const a = pino();\n";
    expect((await applyTransform(pinoMixin.default, source, 'a.js')).output).toContain('export const a = pino({ mixin: traceMixin() });');
  });
});
