/** Configuration: where it is found, what it may say, and one clear line naming the key and file when it is wrong. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CodemodOptionSpec } from '../../src/codemod/types.js';
import { loadConfig, validateConfig, type ConfigVocabulary } from '../../src/app/config/index.js';
import { mergeCodemodOptions } from '../../src/app/cli/codemod-options.js';
import { tempDir, type TempDir } from './helpers.js';

const wrapOptions: CodemodOptionSpec[] = [
  { flags: '--tracer-name <name>', key: 'tracerName', description: 'tracer', kind: 'string' },
  { flags: '--functions <names>', key: 'functions', description: 'names', kind: 'list', default: [] },
  { flags: '--exported', key: 'exported', description: 'exported', kind: 'boolean', default: false },
];
const vocabulary: ConfigVocabulary = {
  codemods: [
    { name: 'wrap-spans', options: wrapOptions },
    { name: 'pino-mixin', options: [] },
  ],
  rules: ['end-span-in-finally', 'record-span-errors'],
  rulePrefix: 'otel',
};

let temp: TempDir;
afterEach(() => temp?.remove());

describe('validateConfig', () => {
  it('accepts the documented shape and prefixes rule names', () => {
    const config = validateConfig(
      {
        codemods: { 'wrap-spans': { tracerName: 'shop', functions: ['load*', 'Cart.total'], exported: true } },
        rules: { 'record-span-errors': ['error', { errorHelpers: ['setSpanError'] }], 'otel/end-span-in-finally': 'warn' },
        ignore: ['src/generated/'],
        skip: ['pino-mixin'],
        types: true,
      },
      'cfg.json',
      vocabulary,
    );
    expect(config).toEqual({
      codemods: { 'wrap-spans': { tracerName: 'shop', functions: ['load*', 'Cart.total'], exported: true } },
      rules: {
        'otel/record-span-errors': ['error', { errorHelpers: ['setSpanError'] }],
        'otel/end-span-in-finally': 'warn',
      },
      ignore: ['src/generated/'],
      skip: ['pino-mixin'],
      types: true,
    });
  });

  it.each([
    [{ codemod: {} }, 'cfg.json: unknown key "codemod" (expected codemods, rules, ignore, skip, types, reportUnusedDisableDirectives)'],
    [{ codemods: { 'wrap-span': {} } }, 'cfg.json: unknown codemod "wrap-span" in "codemods" (expected wrap-spans, pino-mixin)'],
    [
      { codemods: { 'wrap-spans': { tracer: 'x' } } },
      'cfg.json: unknown option "tracer" for codemod "wrap-spans" (expected tracerName, functions, exported)',
    ],
    [{ codemods: { 'pino-mixin': { level: 'x' } } }, 'cfg.json: unknown option "level" for codemod "pino-mixin" (it takes no options)'],
    [{ codemods: { 'wrap-spans': { exported: 'yes' } } }, 'cfg.json: "codemods.wrap-spans.exported" must be true or false'],
    [{ codemods: { 'wrap-spans': { functions: 'a,b' } } }, 'cfg.json: "codemods.wrap-spans.functions" must be an array of strings'],
    [{ codemods: { 'wrap-spans': { tracerName: 3 } } }, 'cfg.json: "codemods.wrap-spans.tracerName" must be a string'],
    [{ rules: { 'end-span': 'error' } }, 'cfg.json: unknown rule "end-span" in "rules" (expected end-span-in-finally, record-span-errors)'],
    [
      { rules: { 'end-span-in-finally': 'on' } },
      'cfg.json: "rules.end-span-in-finally" must be "off", "warn", "error" (or 0, 1, 2), or an array starting with one of them',
    ],
    [{ skip: ['pino'] }, 'cfg.json: unknown codemod "pino" in "skip" (expected wrap-spans, pino-mixin)'],
    [{ ignore: 'dist' }, 'cfg.json: "ignore" must be an array of strings'],
    [{ types: 'true' }, 'cfg.json: "types" must be true or false'],
    [{ types: 1 }, 'cfg.json: "types" must be true or false'],
    [[], 'cfg.json: the configuration must be a JSON object'],
  ])('rejects %j', (value, message) => {
    expect(() => validateConfig(value, 'cfg.json', vocabulary)).toThrowError(message);
  });
});

describe('loadConfig', () => {
  it('reads otel-codemod.config.json from the working directory', () => {
    temp = tempDir('config-file');
    temp.write('otel-codemod.config.json', JSON.stringify({ ignore: ['gen/'] }));
    const loaded = loadConfig(temp.dir, vocabulary);
    expect(loaded).toEqual({
      config: { codemods: {}, rules: {}, ignore: ['gen/'], skip: [] },
      source: 'otel-codemod.config.json',
      baseDir: temp.dir,
    });
  });

  it('reads the "otel-codemod" key of the nearest package.json above, skipping package.json files without it', () => {
    temp = tempDir('config-pkg');
    temp.write('package.json', JSON.stringify({ name: 'root', 'otel-codemod': { skip: ['pino-mixin'] } }));
    temp.write('packages/app/package.json', JSON.stringify({ name: 'app' }));
    const loaded = loadConfig(temp.path('packages/app'), vocabulary);
    expect(loaded.config.skip).toEqual(['pino-mixin']);
    expect(loaded.baseDir).toBe(temp.dir);
    expect(loaded.source).toBe(`${temp.path('package.json')} "otel-codemod"`);
  });

  it('names the file and key in errors', () => {
    temp = tempDir('config-error');
    temp.write('package.json', JSON.stringify({ name: 'x', 'otel-codemod': { codemods: { 'wrap-spans': { tracer: 'x' } } } }));
    expect(() => loadConfig(temp.dir, vocabulary)).toThrowError(
      'package.json "otel-codemod": unknown option "tracer" for codemod "wrap-spans"',
    );
  });

  it('refuses two configurations in one folder', () => {
    temp = tempDir('config-both');
    temp.write('package.json', JSON.stringify({ 'otel-codemod': {} }));
    temp.write('otel-codemod.config.json', '{}');
    expect(() => loadConfig(temp.dir, vocabulary)).toThrowError(/both otel-codemod.config.json and package.json "otel-codemod"/);
  });

  it('reports invalid JSON in one line', () => {
    temp = tempDir('config-json');
    temp.write('otel-codemod.config.json', '{ "ignore": [,] }');
    expect(() => loadConfig(temp.dir, vocabulary)).toThrowError(/otel-codemod.config.json: invalid JSON \(.+\)$/);
  });

  it('uses an explicit --config file', () => {
    temp = tempDir('config-explicit');
    temp.write('ci/otel.json', JSON.stringify({ ignore: ['x/'] }));
    expect(loadConfig(temp.dir, vocabulary, 'ci/otel.json')).toMatchObject({ config: { ignore: ['x/'] }, baseDir: temp.path('ci') });
    expect(() => loadConfig(temp.dir, vocabulary, 'ci/none.json')).toThrowError(/configuration file not found/);
  });
});

describe('mergeCodemodOptions', () => {
  it('layers spec defaults, then configuration, then command-line flags', () => {
    expect(mergeCodemodOptions(wrapOptions, undefined, {})).toEqual({ functions: [], exported: false });
    expect(mergeCodemodOptions(wrapOptions, { tracerName: 'cfg', exported: true }, {})).toEqual({
      tracerName: 'cfg',
      functions: [],
      exported: true,
    });
    expect(mergeCodemodOptions(wrapOptions, { tracerName: 'cfg', exported: true }, { tracerName: 'cli', exported: false })).toEqual({
      tracerName: 'cli',
      functions: [],
      exported: false,
    });
  });
});
