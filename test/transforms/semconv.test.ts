/**
 * semconv: exact fixture pairs (each run twice, and again saved with CRLF and a BOM), the generated map against the
 * installed @opentelemetry/semantic-conventions (every deprecated export has a decision, every replacement exists
 * and emits what the map says), reports, and the TypeScript outputs type-checked under --strict.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEPRECATED_EXPORTS, DEPRECATED_KEYS, SEMCONV_PACKAGE_VERSION } from '../../src/otel/semconv-map.generated.js';
import { moduleOf, SEMCONV_INCUBATING_MODULE, SEMCONV_MODULE, type SemconvDecision } from '../../src/otel/semconv.js';
import * as semconv from '../../transforms/semconv.js';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'semconv');
const require = createRequire(import.meta.url);
const packageDir = join(dirname(require.resolve(SEMCONV_MODULE)), '..');

describeFixturePairs(FIXTURES, semconv, { windowsText: true });

describe('the generated map and the installed package', async () => {
  const main = (await import(SEMCONV_MODULE)) as Record<string, unknown>;
  const incubating = (await import(SEMCONV_INCUBATING_MODULE)) as Record<string, unknown>;
  const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };

  /** Names declared with a `@deprecated` JSDoc in the package's declaration files, read without the generator. */
  const deprecatedInPackage = new Set<string>();
  const declarations = readdirSync(join(packageDir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.mts'));
  for (const file of declarations) {
    const text = readFileSync(join(packageDir, 'dist', file), 'utf8');
    for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*declare const (\w+)/g)) {
      if (match[1].includes('@deprecated') && (match[2] in main || match[2] in incubating)) deprecatedInPackage.add(match[2]);
    }
  }

  it('was generated from the installed version (else: npm run generate:semconv)', () => {
    expect(SEMCONV_PACKAGE_VERSION).toBe(installed.version);
  });

  it('is what the generator writes today: nobody edited it by hand', { timeout: 60_000 }, () => {
    const script = join(import.meta.dirname, '..', '..', 'scripts', 'generate-semconv-map.mjs');
    const result = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a decision for every deprecated export of the installed package: a rename, or a reason', () => {
    expect(deprecatedInPackage.size).toBeGreaterThan(700);
    const undecided: string[] = [];
    const decided = (decision: SemconvDecision | undefined): boolean =>
      decision !== undefined &&
      (decision.members ? Object.values(decision.members).every(decided) : Boolean(decision.rename ?? decision.valueRename ?? decision.reason));
    for (const name of deprecatedInPackage) if (!decided(Object.hasOwn(DEPRECATED_EXPORTS, name) ? DEPRECATED_EXPORTS[name] : undefined)) undecided.push(name);
    expect(undecided).toEqual([]);
  });

  it('names only replacements that exist in their entry point, emitting the same value (export renames) or the new one', () => {
    const wrong: string[] = [];
    const check = (label: string, decision: SemconvDecision, value: unknown): void => {
      const moduleExports = (target: { incubating: boolean }) => (moduleOf(target) === SEMCONV_MODULE ? main : incubating);
      if (decision.rename) {
        const got = moduleExports(decision.rename)[decision.rename.name];
        if (got === undefined || (typeof got !== 'function' && got !== value)) wrong.push(`${label} → ${decision.rename.name}`);
      }
      if (decision.valueRename) {
        const got = moduleExports(decision.valueRename)[decision.valueRename.name];
        if (got === undefined || (typeof got !== 'function' && got !== decision.valueRename.value)) wrong.push(`${label} ⇒ ${decision.valueRename.name}`);
      }
    };
    for (const [name, decision] of Object.entries(DEPRECATED_EXPORTS)) {
      const value = main[name] ?? incubating[name];
      if (decision.members) for (const [member, d] of Object.entries(decision.members)) check(`${name}.${member}`, d, (value as Record<string, unknown>)[member]);
      else check(name, decision, value);
    }
    expect(wrong).toEqual([]);
  });

  it('renames the well-known keys, and leaves keys that split or depend on span kind with a reason', () => {
    expect(DEPRECATED_KEYS['http.method']).toEqual({ to: 'http.request.method' });
    expect(DEPRECATED_KEYS['http.status_code']).toEqual({ to: 'http.response.status_code' });
    expect(DEPRECATED_KEYS['db.statement']).toEqual({ to: 'db.query.text' });
    expect(DEPRECATED_KEYS['deployment.environment']).toEqual({ to: 'deployment.environment.name' });
    // A chain: messaging.kafka.consumer_group → messaging.kafka.consumer.group → messaging.consumer.group.name.
    expect(DEPRECATED_KEYS['messaging.kafka.consumer_group']).toEqual({ to: 'messaging.consumer.group.name' });
    expect(DEPRECATED_KEYS['http.target']).toEqual({ reason: expect.stringContaining('url.path') as string });
    expect(DEPRECATED_KEYS['net.peer.name']).toEqual({ reason: expect.stringContaining('client spans') as string });
    expect(DEPRECATED_KEYS['http.route']).toBeUndefined();
    expect(DEPRECATED_EXPORTS.SEMRESATTRS_DEPLOYMENT_ENVIRONMENT.valueRename?.name).toBe('ATTR_DEPLOYMENT_ENVIRONMENT_NAME');
  });
});

describe('semconv prefilter and reports', () => {
  it('parses only files that name the package, or, with --rename-keys, that set attributes', () => {
    expect(semconv.meta.mayContainTarget("span.setAttribute('http.method', m);", {})).toBe(false);
    expect(semconv.meta.mayContainTarget("span.setAttribute('http.method', m);", { renameKeys: true })).toBe(true);
    expect(semconv.meta.mayContainTarget("import { ATTR_X } from '@opentelemetry/semantic-conventions';", {})).toBe(true);
  });

  it('says which emitted keys change, and why a key is left', async () => {
    const input = readFileSync(join(FIXTURES, 'esm-named-keys.input.ts'), 'utf8');
    const run = await applyTransform(semconv.default, input, join(FIXTURES, 'esm-named-keys.ts'), { renameKeys: true });
    expect(run.reports).toEqual([
      "line 3: SEMATTRS_HTTP_METHOD → ATTR_HTTP_REQUEST_METHOD: the emitted key changes from 'http.method' to 'http.request.method'",
      "line 4: SEMATTRS_HTTP_TARGET → ATTR_HTTP_TARGET, key 'http.target' kept: Split to `url.path` and `url.query`.",
      "line 15: SemanticAttributes.DB_SYSTEM → ATTR_DB_SYSTEM_NAME: the emitted key changes from 'db.system' to 'db.system.name'",
      "line 13: attribute key 'http.target' left unchanged: Split to `url.path` and `url.query`.",
      "line 16: attribute key 'http.status_code' → 'http.response.status_code' (the emitted key changes)",
    ]);
  });

  it('without --rename-keys, says which constants still emit a renamed key', async () => {
    const source = "import { ATTR_HTTP_METHOD } from '@opentelemetry/semantic-conventions/incubating';\nexport const k = ATTR_HTTP_METHOD;\n";
    const run = await applyTransform(semconv.default, source, 'a.ts');
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual([
      "line 1: ATTR_HTTP_METHOD (emits 'http.method') left unchanged: its key was renamed to 'http.request.method'; rerun with --rename-keys to change the emitted key",
    ]);
  });

  it('says when a require is left as it is because of its pattern', async () => {
    const source = "const { SEMATTRS_HTTP_METHOD = 'http.method', SEMATTRS_HTTP_URL } = require('@opentelemetry/semantic-conventions');\nmodule.exports = [SEMATTRS_HTTP_METHOD, SEMATTRS_HTTP_URL];\n";
    const run = await applyTransform(semconv.default, source, 'a.js');
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual([
      'line 1: require of @opentelemetry/semantic-conventions left unchanged: its pattern has a default value, a rest element or a nested pattern',
    ]);
  });

  it('says when a namespace import is left because a local declaration reuses its name', async () => {
    const source = "import * as sc from '@opentelemetry/semantic-conventions';\nexport const f = (sc: { SEMATTRS_HTTP_URL: string }) => sc.SEMATTRS_HTTP_URL;\nexport const k = sc.SEMATTRS_HTTP_ROUTE;\n";
    const run = await applyTransform(semconv.default, source, 'a.ts');
    expect(run.output).toBeUndefined();
    expect(run.reports).toEqual(['line 1: sc.* left unchanged: a local declaration in this file reuses the name sc']);
  });

  it('warns in the run summary when --rename-keys is on', () => {
    expect(semconv.meta.checkProject?.(null, {}, { namedPaths: [], files: [] })).toBeUndefined();
    expect(semconv.meta.checkProject?.(null, { renameKeys: true }, { namedPaths: [], files: [] })?.note).toMatch(/changes emitted attribute keys/);
  });
});

describe('semconv TypeScript outputs', () => {
  it('type-check under --strict against the installed @opentelemetry/semantic-conventions', () => {
    const outputs = readdirSync(FIXTURES)
      .filter((f) => /\.output\.ts$/.test(f))
      .map((f) => join(FIXTURES, f));
    expect(outputs.length).toBeGreaterThan(2);
    const program = ts.createProgram(outputs, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
