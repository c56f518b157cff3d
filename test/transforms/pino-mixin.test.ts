/**
 * pino-mixin: exact fixture pairs (each run twice), the project check, the prefilter, reports, and the text-level
 * guarantees (untouched bytes stay, tabs and mixed line endings do not shift the edits).
 * Execution and type-checking of the outputs: pino-mixin-exec.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pinoMixin from '../../transforms/pino-mixin.js';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'pino-mixin');
const { meta } = pinoMixin;

describeFixturePairs(FIXTURES, pinoMixin);

describe('pino-mixin project check', () => {
  const check = (packageJson: Parameters<NonNullable<typeof meta.checkProject>>[0], options = {}) =>
    meta.checkProject!(packageJson, options);

  it('runs when no package.json or no pino instrumentation is found', () => {
    expect(check(null)).toBeUndefined();
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
    expect(run.output).toContain('export const plain = withTraceMixin(pino());');
    expect(run.output).toContain('export const stamped = pino({ mixin: () => ({ trace_id: currentTraceId() }) });');
    expect(run.reports).toEqual(['line 3: pino logger left unchanged: its mixin already writes trace_id']);
  });
});

describe('pino-mixin text guarantees', () => {
  it('wraps the right calls in a file indented with tabs and with CR LF line endings', async () => {
    // recast re-renders tab indentation and line breaks before parsing: positions must be mapped back to this text.
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
    const lines = output!.split('\n');
    expect(lines).toContain('\t\treturn withTraceMixin(pino(options, destination))');
    expect(lines).toContain('const b = \twithTraceMixin(pino.default())');
    expect(lines).toContain("\t\tconst options = { name: 'a' }");
  });

  it('leaves every byte outside the wrapped calls as it was', async () => {
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
      'export const logger = withTraceMixin(pino( { level : "info" } ))  ;',
      '/* trailing */',
      '',
    ].join('\n');
    expect(output!.startsWith(expectedHead)).toBe(true);
    // Then one blank line and the helper, ending the file.
    expect(output!.slice(expectedHead.length)).toMatch(/^\n\/\*\*\n \* Stamps[^]*\nfunction withTraceMixin\(logger\) \{\n[^]*\n\}\n$/);
  });

  it('adds one helper for many loggers, and none when the file creates no pino logger', async () => {
    const many = "import pino from 'pino';\nexport const a = pino();\nexport const b = pino.pino();\nexport const c = a.child({});\n";
    const { output } = await applyTransform(pinoMixin.default, many, 'many.js');
    expect(output!.match(/function withTraceMixin\(/g)).toHaveLength(1);
    expect(output!.match(/withTraceMixin\(pino/g)).toHaveLength(2);
    expect(output).toContain('export const c = a.child({});');

    const childOnly = "export function requestLogger(logger) {\n  return logger.child({ pino: 'child' });\n}\n";
    expect((await applyTransform(pinoMixin.default, childOnly, 'child.js')).output).toBeUndefined();
  });
});
