/**
 * migrate-sdk-2: exact fixture pairs (each run twice, and again saved with CRLF and a BOM), look-alikes left alone,
 * the report and the TODO marker, and package.json ranges. Type-checking of the TypeScript outputs against the
 * installed 2.x packages: migrate-sdk-2-typecheck.test.ts; the CLI: test/cli/migrate-sdk-2.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as migrate from '../../transforms/migrate-sdk-2.js';
import { migratePackageJson } from '../../transforms/migrate-sdk-2/package-json.js';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'migrate-sdk-2');
const run = (source: string, path = 'src/app.ts', options = {}) => applyTransform(migrate.default, source, path, options);

describeFixturePairs(FIXTURES, migrate, { windowsText: true });

describe('migrate-sdk-2 rewrites', () => {
  it('never parses a file without an @opentelemetry import', async () => {
    expect(migrate.meta.mayContainTarget('class Resource {}\nnew Resource();', {})).toBe(false);
    expect((await run('const = ;', 'broken.js')).output).toBeUndefined();
  });

  it('parses only files that name an export it acts on beside its module, or a span field it rewrites', () => {
    const may = (source: string) => migrate.meta.mayContainTarget(source, {});
    // 2.x code: the API, a current export, a provider class name from the API package, Span from the API.
    expect(may("import { trace, Span } from '@opentelemetry/api';\nexport function f(span: Span) { trace.getActiveSpan(); }")).toBe(false);
    expect(may("import { resourceFromAttributes } from '@opentelemetry/resources';\nresourceFromAttributes({});")).toBe(false);
    expect(may("import { Span } from '@opentelemetry/api';\nimport { hrTime } from '@opentelemetry/core';")).toBe(false);
    // The Resource class is a target of the resources package, not of another one.
    expect(may("import { Resource } from '@opentelemetry/resources';")).toBe(true);
    expect(may("const { Resource } = require('@opentelemetry/resources');")).toBe(true);
    expect(may("import * as core from '@opentelemetry/core';\ncore.getEnv();")).toBe(true);
    expect(may("import { View } from '@opentelemetry/sdk-metrics';")).toBe(true);
    expect(may("import { Span } from '@opentelemetry/sdk-trace-base';")).toBe(true);
    expect(may("import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';")).toBe(true);
    expect(may("import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';\nexporter.getFinishedSpans()[0].parentSpanId;")).toBe(true);
    // A word inside a longer name does not count.
    expect(may("import { ResourceDetectionConfig } from '@opentelemetry/resources';")).toBe(false);
  });

  it('leaves a file whose OpenTelemetry imports need nothing byte for byte', async () => {
    const source = "import { trace } from '@opentelemetry/api';\nexport const tracer = trace.getTracer('x');\n";
    expect((await run(source)).output).toBeUndefined();
  });

  it('leaves a Resource that shadows the import alone', async () => {
    const source = [
      "import { Resource } from '@opentelemetry/resources';",
      'export const a = new Resource({ x: 1 });',
      'export function f(Resource: new (x: object) => object) {',
      '  return new Resource({ y: 2 });',
      '}',
      '',
    ].join('\n');
    const { output } = await run(source);
    expect(output).toContain('export const a = resourceFromAttributes({ x: 1 });');
    expect(output).toContain('  return new Resource({ y: 2 });');
  });

  it('reuses a name that is there and picks a fresh one when a name is taken', async () => {
    const source = [
      "import { detectResources, detectResourcesSync, Resource } from '@opentelemetry/resources';",
      'const resourceFromAttributes = 1;',
      'export const r = [detectResources, detectResourcesSync({}), new Resource({}), resourceFromAttributes];',
      '',
    ].join('\n');
    const { output } = await run(source);
    expect(output).toBe(
      [
        "import { detectResources, resourceFromAttributes as resourceFromAttributes2 } from '@opentelemetry/resources';",
        'const resourceFromAttributes = 1;',
        'export const r = [detectResources, detectResources({}), resourceFromAttributes2({}), resourceFromAttributes];',
        '',
      ].join('\n'),
    );
  });

  it('flags a getEnv variable it does not know, and other uses of getEnv, instead of guessing', async () => {
    const source = "import { getEnv } from '@opentelemetry/core';\nexport const a = getEnv().MY_OWN_VARIABLE;\nexport const all = getEnv();\n";
    const { output, reports } = await run(source);
    expect(output).toBe(
      "import { getEnv } from '@opentelemetry/core';\n// TODO(otel-codemod): getEnv() is removed in 2.x: read each variable with get{String,Number,Boolean,StringList}FromEnv('OTEL_…') ?? its default\nexport const a = getEnv().MY_OWN_VARIABLE;\n// TODO(otel-codemod): getEnv() is removed in 2.x: read each variable with get{String,Number,Boolean,StringList}FromEnv('OTEL_…') ?? its default\nexport const all = getEnv();\n",
    );
    expect(reports).toEqual([expect.stringMatching(/^line 2: left for a person: getEnv\(\)/), expect.stringMatching(/^line 3: /)]);
  });

  it('does not fold an adder that is not right after its provider, nor into options it cannot see', async () => {
    const source = [
      "import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';",
      "import { SimpleSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';",
      'import { options } from "./options";',
      'const a = new NodeTracerProvider(options);',
      'a.addSpanProcessor(new SimpleSpanProcessor(new ConsoleSpanExporter()));',
      'const b = new NodeTracerProvider();',
      'console.log(b);',
      'b.addSpanProcessor(new SimpleSpanProcessor(new ConsoleSpanExporter()));',
      '',
    ].join('\n');
    const { output, reports } = await run(source);
    expect(output).toContain('const a = new NodeTracerProvider(options);');
    expect(output).toContain('const b = new NodeTracerProvider();\nconsole.log(b);\n// TODO(otel-codemod): addSpanProcessor()');
    expect(reports.map((r) => r.slice(0, 8))).toEqual(['line 5: ', 'line 8: ']);
    // In a project on SDK 1.x, options the codemod cannot see may hold a resource 2.x no longer merges.
    const sdk1 = await run(source, 'src/app.ts', { [migrate.FROM_SDK_1]: true });
    expect(sdk1.reports.map((r) => r.slice(0, 8))).toEqual(['line 4: ', 'line 5: ', 'line 8: ']);
    expect(sdk1.reports[0]).toContain('defaultResource().merge');
  });

  it('leaves an adder call alone under a test of the method itself (code written for both major versions)', async () => {
    const source = [
      "import { trace } from '@opentelemetry/api';",
      "import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';",
      'export function attach(exporter: InMemorySpanExporter) {',
      '  const processor = new SimpleSpanProcessor(exporter);',
      '  const globalProvider: any = trace.getTracerProvider();',
      "  if (globalProvider && typeof globalProvider.addSpanProcessor === 'function') {",
      '    globalProvider.addSpanProcessor(processor);',
      '  } else {',
      '    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [processor] }));',
      '  }',
      "  if ('addSpanProcessor' in globalProvider) globalProvider.addSpanProcessor(processor);",
      '  globalProvider.addSpanProcessor && globalProvider.addSpanProcessor(processor);',
      '  globalProvider.addSpanProcessor(processor);',
      '}',
      '',
    ].join('\n');
    const { output, reports } = await run(source);
    // Only the unguarded call on line 13 is flagged.
    expect(reports.map((r) => r.slice(0, 9))).toEqual(['line 13: ']);
    expect(output?.match(/TODO\(otel-codemod\)/g)).toHaveLength(1);
  });

  it('flags optional adder calls only in files that import a provider class, and reports register() on a BasicTracerProvider', async () => {
    // No provider class imported: `x?.addSpanProcessor(p)` may be anything (the plain-call rule).
    const noProvider = "import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';\nexport const f = (x, e) => x?.addSpanProcessor(new SimpleSpanProcessor(e));\n";
    const silent = await run(noProvider, 'src/app.js');
    expect([silent.output, silent.reports]).toEqual([undefined, []]);
    const withProvider = await run(`import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';\n${noProvider}`, 'src/app.js');
    expect(withProvider.reports).toEqual([expect.stringMatching(/^line 3: left for a person: addSpanProcessor\(\) is removed/)]);
    const source = "import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';\nconst provider = new BasicTracerProvider({ spanProcessors: [] });\nprovider.register();\n";
    const { output, reports } = await run(source, 'src/app.ts', { todo: false });
    expect(output).toBeUndefined();
    expect(reports).toEqual([expect.stringMatching(/^line 3: left for a person: BasicTracerProvider#register\(\) is removed in 2\.x: .*trace\.setGlobalTracerProvider\(provider\)/)]);
  });

  it('merges the default resource into a provider\'s resource only when the project is on SDK 1.x', async () => {
    const source = [
      "import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';",
      "import { resourceFromAttributes } from '@opentelemetry/resources';",
      "export const p = new BasicTracerProvider({ resource: resourceFromAttributes({ a: 'b' }), spanProcessors: [] });",
      '',
    ].join('\n');
    const unknown = await run(source);
    expect(unknown.output).toBeUndefined();
    expect(unknown.reports).toEqual([expect.stringMatching(/^line 3: if this code was written for SDK 1\.x: .*defaultResource\(\)\.merge/)]);
    const sdk1 = await run(source, 'src/app.ts', { [migrate.FROM_SDK_1]: true });
    expect(sdk1.output).toBe(
      source
        .replace("import { resourceFromAttributes }", "import { resourceFromAttributes, defaultResource }")
        .replace("resource: resourceFromAttributes({ a: 'b' })", "resource: defaultResource().merge(resourceFromAttributes({ a: 'b' }))"),
    );
    expect((await run(sdk1.output!, 'src/app.ts', { [migrate.FROM_SDK_1]: true })).output).toBeUndefined();
  });

  it('checkProject: SDK 1.x ranges in package.json turn the resource merge on', () => {
    const check = (packageJson: Parameters<NonNullable<typeof migrate.meta.checkProject>>[0]) =>
      migrate.meta.checkProject!(packageJson, {}, { namedPaths: [], files: [] });
    expect(check(null)).toBeUndefined();
    expect(check({ dependencies: { '@opentelemetry/api': '^1.9.0' } })).toBeUndefined();
    // A project on 2.x: its code is 2.x code (0.200 is already the 2.x generation; its ranges still move to 0.201).
    const onSdk2 = { skip: false, options: { [migrate.ON_SDK_2]: true } };
    expect(check({ dependencies: { '@opentelemetry/sdk-trace-node': '^2.0.0', '@opentelemetry/api': '^1.9.0' } })).toEqual(onSdk2);
    expect(check({ dependencies: { '@opentelemetry/sdk-node': '^0.200.0' } })).toEqual(onSdk2);
    // One package still on 1.x: the project is mid-migration, its code 1.x.
    expect(check({ dependencies: { '@opentelemetry/sdk-trace-web': '^2.0.0', '@opentelemetry/sdk-metrics': '^1.30.0' } })).toEqual({
      skip: false,
      note: 'package.json is on SDK 1.x (@opentelemetry/sdk-metrics)',
      options: { [migrate.FROM_SDK_1]: true },
    });
    expect(check({ dependencies: { '@opentelemetry/sdk-trace-node': '^1.30.1', '@opentelemetry/sdk-node': '^0.57.0' } })).toEqual({
      skip: false,
      note: 'package.json is on SDK 1.x (@opentelemetry/sdk-trace-node, @opentelemetry/sdk-node)',
      options: { [migrate.FROM_SDK_1]: true },
    });
  });

  it('leaves the Resource and Span type imports of a project already on 2.x as written, and makes them type-only otherwise', async () => {
    const source = [
      "import { Resource, resourceFromAttributes } from '@opentelemetry/resources';",
      "import { Span } from '@opentelemetry/sdk-trace-base';",
      'export const base: Resource = resourceFromAttributes({});',
      'export function name(span: Span): string { return span.name; }',
      '',
    ].join('\n');
    expect((await run(source, 'src/app.ts', { [migrate.ON_SDK_2]: true })).output).toBeUndefined();
    const output = (await run(source)).output!;
    expect(output).toContain("import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';");
    expect(output).toContain("import { type Span } from '@opentelemetry/sdk-trace-base';");
  });

  it('keeps aliases, follows namespace imports, and turns the View and Aggregation types into their 2.x option types', async () => {
    const source = [
      "import { hostDetectorSync as host } from '@opentelemetry/resources';",
      "import * as resources from '@opentelemetry/resources';",
      "import { View, Aggregation, SumAggregation } from '@opentelemetry/sdk-metrics';",
      'export const detectors = [host, resources.osDetectorSync];',
      'export const r: resources.IResource = new resources.Resource({});',
      'export const views: View[] = [];',
      'export const pick = (): Aggregation => new SumAggregation();',
      '',
    ].join('\n');
    const { output } = await run(source);
    expect(output).toBe(
      [
        "import { hostDetector as host, type Resource } from '@opentelemetry/resources';",
        "import * as resources from '@opentelemetry/resources';",
        "import { type ViewOptions, AggregationType, type AggregationOption } from '@opentelemetry/sdk-metrics';",
        'export const detectors = [host, resources.osDetector];',
        'export const r: Resource = resources.resourceFromAttributes({});',
        'export const views: ViewOptions[] = [];',
        'export const pick = (): AggregationOption => ({ type: AggregationType.SUM });',
        '',
      ].join('\n'),
    );
  });

  it('flags other value uses of the Resource class and keeps its import for them', async () => {
    const source = [
      "import { Resource } from '@opentelemetry/resources';",
      'export const isResource = (x: unknown): boolean => x instanceof Resource;',
      'export const r = new Resource({});',
      '',
    ].join('\n');
    const { output, reports } = await run(source);
    expect(output).toBe(
      [
        "import { Resource, resourceFromAttributes } from '@opentelemetry/resources';",
        '// TODO(otel-codemod): the Resource class is no longer exported in 2.x: use resourceFromAttributes(), defaultResource() or emptyResource(), and the Resource type',
        'export const isResource = (x: unknown): boolean => x instanceof Resource;',
        'export const r = resourceFromAttributes({});',
        '',
      ].join('\n'),
    );
    expect(reports).toHaveLength(1);
  });

  it('leaves unused imports it did not touch, renames unused ones of moved exports, flags unused removed ones', async () => {
    const source = [
      "import { W3CTraceContextPropagator, AlwaysOnSampler, hexToBase64 } from '@opentelemetry/core';",
      "import { detectResourcesSync, Resource } from '@opentelemetry/resources';",
      'export const r = new Resource({});',
      '',
    ].join('\n');
    const { output } = await run(source);
    expect(output).toBe(
      [
        '// TODO(otel-codemod): hexToBase64 removed in 2.x without replacement (it was internal to the OTLP exporters)',
        "import { W3CTraceContextPropagator, hexToBase64 } from '@opentelemetry/core';",
        "import { detectResources, resourceFromAttributes } from '@opentelemetry/resources';",
        "import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';",
        'export const r = resourceFromAttributes({});',
        '',
      ].join('\n'),
    );
  });

  it('--no-todo reports the same places and writes no comment', async () => {
    const source = "import { hexToBase64 } from '@opentelemetry/core';\nexport const id = hexToBase64('00');\n";
    const withTodo = await run(source);
    const without = await run(source, 'src/app.ts', { todo: false });
    expect(without.output).toBeUndefined();
    expect(without.reports).toEqual(withTodo.reports);
    expect(withTodo.output?.match(/TODO\(otel-codemod\)/g)).toHaveLength(1);
  });
});

describe('migrate-sdk-2 package.json', () => {
  const text = `{
    "name": "app",
    "dependencies": {
        "@opentelemetry/api": "^1.9.0",
        "@opentelemetry/sdk-trace-node": "^1.30.1",
        "@opentelemetry/resources": "~1.25.0",
        "@opentelemetry/exporter-trace-otlp-http": "^0.57.2",
        "@opentelemetry/sdk-metrics": "^2.0.1",
        "@opentelemetry/sdk-node": "^0.201.1",
        "@opentelemetry/api-logs": "^0.200.0",
        "@opentelemetry/instrumentation-express": "^0.47.0",
        "@opentelemetry/core": "workspace:*",
        "otel1-core": "npm:@opentelemetry/core@^1.30.1"
    },
    "devDependencies": { "@opentelemetry/sdk-logs": "0.57.1", "@opentelemetry/semantic-conventions": "^1.28.0" }
}`;

  it('moves stable packages to ^2.0.0 and experimental ones to ^0.201.0, editing only the version strings', () => {
    const { output, notes } = migratePackageJson(text);
    expect(output).toBe(
      text
        .replace('"^1.30.1",', '"^2.0.0",')
        .replace('"~1.25.0"', '"^2.0.0"')
        .replace('"^0.57.2"', '"^0.201.0"')
        .replace('"0.57.1"', '"^0.201.0"')
        .replace('"^0.200.0"', '"^0.201.0"'),
    );
    expect(notes).toEqual([
      'dependencies.@opentelemetry/sdk-trace-node: ^1.30.1 → ^2.0.0',
      'dependencies.@opentelemetry/resources: ~1.25.0 → ^2.0.0',
      'dependencies.@opentelemetry/exporter-trace-otlp-http: ^0.57.2 → ^0.201.0',
      'dependencies.@opentelemetry/api-logs: ^0.200.0 → ^0.201.0',
      'dependencies.@opentelemetry/core: "workspace:*" left as is (not a version range); the SDK 2.x line is ^2.0.0',
      'devDependencies.@opentelemetry/sdk-logs: 0.57.1 → ^0.201.0',
      'not part of SDK 2.x, left as is: @opentelemetry/instrumentation-express (use releases built for SDK 2.x)',
      'run your package manager to install the new versions (nothing was installed)',
    ]);
    expect(migratePackageJson(output!).output).toBeUndefined();
  });

  it('names contrib packages only in a package.json whose SDK packages it moves, not in one already on 2.x', () => {
    const onSdk2 = '{ "dependencies": { "@opentelemetry/sdk-node": "^0.218.0", "@opentelemetry/sdk-trace-base": "^2.7.1", "@opentelemetry/auto-instrumentations-node": "^0.76.0" } }\n';
    expect(migratePackageJson(onSdk2)).toEqual({ output: undefined, notes: [] });
  });

  it('leaves invalid JSON and files without SDK packages unchanged', () => {
    expect(migratePackageJson('{ "dependencies": ').output).toBeUndefined();
    expect(migratePackageJson('{ "name": "x", "dependencies": { "pino": "^9.0.0" } }\n')).toEqual({ output: undefined, notes: [] });
  });

  it('leaves ranges that already admit 2.x (a library peer range, an open lower bound) and moves the rest', () => {
    const text = [
      '{',
      '  "peerDependencies": {',
      '    "@opentelemetry/sdk-trace-base": "^1.0.0 || ^2.0.0",',
      '    "@opentelemetry/resources": ">=1.10.0",',
      '    "@opentelemetry/sdk-metrics": ">=1.0.0 <2.0.0",',
      '    "@opentelemetry/sdk-logs": "^0.57.0 || ^0.58.0"',
      '  }',
      '}',
      '',
    ].join('\n');
    const { output } = migratePackageJson(text);
    expect(output).toBe(
      text.replace('">=1.0.0 <2.0.0"', '"^2.0.0"').replace('"^0.57.0 || ^0.58.0"', '"^0.201.0"'),
    );
  });
});
