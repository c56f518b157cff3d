/**
 * inject-propagation: exact fixture pairs (each run twice), TypeScript outputs under --strict, the project check, and
 * the cases a fixture cannot show (files the transform must leave byte-identical).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as injectPropagation from '../../transforms/inject-propagation.js';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';
import { strictNodeOptions } from '../helpers/strict-program.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'inject-propagation');

describeFixturePairs(fixtures, injectPropagation, { windowsText: true });

describe('inject-propagation TypeScript output', () => {
  // Pairs the transform changes: the input must type-check (a valid fixture) and so must the output.
  const changed = readdirSync(fixtures)
    .filter((f) => /\.output\.(ts|mts|cts|tsx)$/.test(f))
    .filter((f) => readFileSync(join(fixtures, f), 'utf8') !== readFileSync(join(fixtures, f.replace('.output.', '.input.')), 'utf8'))
    .flatMap((f) => [f.replace('.output.', '.input.'), f]);
  const program = ts.createProgram(
    changed.map((f) => join(fixtures, f)),
    strictNodeOptions({ jsx: ts.JsxEmit.Preserve }),
  );

  it('has changed TypeScript fixtures to check', () => {
    expect(changed.filter((f) => f.includes('.output.')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(changed)('%s type-checks under --strict', (file) => {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(join(fixtures, file)));
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  });
});

describe('inject-propagation transform', () => {
  const run = async (source: string, path = 'src/client.js') => (await applyTransform(injectPropagation.default, source, path)).output;

  it('leaves files without a fetch call unchanged (undefined, not reprinted text)', async () => {
    expect(await run(`const fetched = load();\nexport { fetched }\n`)).toBeUndefined();
    expect(await run(`export const  a = 1;;\n`)).toBeUndefined();
  });

  it("leaves a telemetry exporter's own requests alone, with a note", async () => {
    const source = [
      "import { ExportResultCode, type ExportResult } from '@opentelemetry/core';",
      "import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';",
      'export class AuditExporter implements SpanExporter {',
      '  constructor(private readonly url: string) {}',
      '  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {',
      "    fetch(this.url, { method: 'POST', body: JSON.stringify(spans.map((span) => span.name)) })",
      '      .then(() => done({ code: ExportResultCode.SUCCESS }), (error: Error) => done({ code: ExportResultCode.FAILED, error }));',
      '  }',
      '  shutdown(): Promise<void> {',
      '    return Promise.resolve();',
      '  }',
      '}',
      '',
    ].join('\n');
    const { output, reports } = await applyTransform(injectPropagation.default, source, 'src/audit-exporter.ts');
    expect(output).toBeUndefined();
    expect(reports).toEqual(['implements a telemetry exporter: its requests carry telemetry, not the traced operation; left as is']);
    // The same fetch outside an exporter class is rewritten.
    const plain = await applyTransform(injectPropagation.default, source.replace(' implements SpanExporter', ''), 'src/audit-exporter.ts');
    expect(plain.output).toContain('withTraceHeaders(');
  });

  it('leaves a file whose calls are all wrapped unchanged', async () => {
    const once = await run(`export const get = (url) => fetch(url);\n`);
    expect(once).toContain('withTraceHeaders(undefined, url)');
    expect(await run(once!)).toBeUndefined();
  });

  it('finds node-fetch loaded inside a function, and escapes anywhere in the file do not stop it', async () => {
    const nested = await run(
      [
        `export const getJson = async (url) => {`,
        `  const { default: nodeFetch } = await import('node-fetch');`,
        `  return nodeFetch(url);`,
        `};`,
        `export const head = (url) => { const nf = require('node-fetch'); return nf(url, { method: 'HEAD' }); };`,
        `/* \\u{110000} is past the last code point; \\u{0000000000066}etch is fetch */`,
        `export const local = (\\u{0000000000066}etch) => fetch('/ping');`,
        ``,
      ].join('\n'),
    );
    expect(nested).toContain('nodeFetch(url, withTraceHeaders(undefined, url))');
    expect(nested).toContain(`nf(url, withTraceHeaders({ method: 'HEAD' }, url))`);
    // A parameter named fetch, spelled with an escape: not the global.
    expect(nested).toContain(`fetch('/ping');`);
  });

  it('wraps a new call with the existing helper instead of adding a second one', async () => {
    const once = (await run(`export const get = (url) => fetch(url);\n`))!;
    const twice = (await run(`${once}export const head = (url) => fetch(url, { method: 'HEAD' });\n`))!;
    expect(twice.match(/function withTraceHeaders/g)).toHaveLength(1);
    expect(twice.match(/from '@opentelemetry\/api'/g)).toHaveLength(1);
    expect(twice).toContain(`fetch(url, withTraceHeaders({ method: 'HEAD' }, url))`);
  });

  it('keeps a tab-indented file tab-indented', async () => {
    const output = (await run(`export async function get(url) {\n\tif (url) {\n\t\treturn fetch(url)\n\t}\n}\n`))!;
    expect(output).toContain(`\tif (url) {\n\t\treturn fetch(url, withTraceHeaders(undefined, url))\n\t}\n`);
  });

  it('passes the text of a call spanning lines through unchanged around the inserted helper call', async () => {
    const source = `export const post = (url, body) =>\n  fetch(url, {\n    method: 'POST', // create\n    body,\n  });\n`;
    const output = (await run(source))!;
    expect(output).toContain(`  fetch(url, withTraceHeaders({\n    method: 'POST', // create\n    body,\n  }, url));\n`);
  });

  it.each([
    // A URL known only at run time: the helper gets the input to check its host.
    [`fetch(u.href, { method: 'GET' })`, `return fetch(u.href, withTraceHeaders({ method: 'GET' }, u.href));`],
    [`fetch(u, { headers: [['a', 'b']] })`, `return fetch(u, withTraceHeaders({ headers: [['a', 'b']] }, u));`],
    [`fetch(new URL('/x', base))`, `const fetchInput = new URL('/x', base);\n  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));`],
    [`fetch(base + '/x')`, `const fetchInput = base + '/x';\n  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));`],
    // A literal URL of an own service is checked here: no input, unless the helper needs a Request's headers.
    [`fetch(new URL('/x', 'http://orders'))`, `return fetch(new URL('/x', 'http://orders'), withTraceHeaders());`],
    [`fetch(String(new URL('http://10.0.0.7/x')))`, `return fetch(String(new URL('http://10.0.0.7/x')), withTraceHeaders());`],
    [`fetch(new Request('http://orders/x'), { headers: {} })`, `return fetch(new Request('http://orders/x'), withTraceHeaders({ headers: {} }));`],
    [
      `fetch(new Request('http://orders/x'))`,
      `const fetchInput = new Request('http://orders/x');\n  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));`,
    ],
    // A headers variable may be undefined at run time, and a later spread may replace headers.
    [`fetch(u, { headers })`, `return fetch(u, withTraceHeaders({ headers }, u));`],
    [`fetch(u, { headers: {}, ...rest })`, `return fetch(u, withTraceHeaders({ headers: {}, ...rest }, u));`],
    // Read again only when reading runs nothing.
    [`fetch(config.api['url'])`, `return fetch(config.api['url'], withTraceHeaders(undefined, config.api['url']));`],
    [`fetch(list[0])`, `return fetch(list[0], withTraceHeaders(undefined, list[0]));`],
    [`fetch(list[i])`, `const fetchInput = list[i];\n  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));`],
    [`fetch(u?.request)`, `const fetchInput = u?.request;\n  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));`],
    // No place for a const: a template of plain values is written twice.
    ['read(fetch(`${base}/x/${u.id}`))', 'return read(fetch(`${base}/x/${u.id}`, withTraceHeaders(undefined, `${base}/x/${u.id}`)));'],
  ])('%s', async (call, expected) => {
    const output = await run(`export async function load(u, base, config, list, i, headers, rest, read) {\n  return ${call};\n}\n`);
    expect(output).toContain(`\n  ${expected}\n}`);
  });

  it('keeps untouched code byte-identical where recast would reprint it', async () => {
    // recast wraps these in parentheses whenever it reprints the statement list.
    const source = `const all = [...a ? b : c];\nfunction f(e) {\n  throw e = [e], e;\n}\nexport const get = (url) => fetch(url);\n`;
    const output = (await run(source))!;
    expect(output.startsWith(`import { context, propagation } from '@opentelemetry/api';\n\n${source.replace('fetch(url)', 'fetch(url, withTraceHeaders(undefined, url))')}\n/**`)).toBe(true);
  });

  it('puts the helper before a trailing source map comment, and keeps a missing final newline missing', async () => {
    const mapped = (await run(`export const get = (url) => fetch(url);\n//# sourceMappingURL=client.js.map\n`))!;
    expect(mapped).toMatch(/\n}\n\/\/# sourceMappingURL=client\.js\.map\n$/);
    const unterminated = (await run(`export const get = (url) => fetch(url);`))!;
    expect(unterminated).toMatch(/\n  return \{ \.\.\.referrer, \.\.\.init, headers \};\n}$/);
  });

  it('puts a new import above an indented first statement without moving its indentation', async () => {
    const output = (await run(`\tlet x = 1\nexport const get = (url) => fetch(url)\n`))!;
    expect(output.startsWith(`import { context, propagation } from '@opentelemetry/api'\n\n\tlet x = 1\n`)).toBe(true);
  });

  it('extends an existing import with a comment above it without repeating the comment', async () => {
    const source = `// Tracing.\nimport { trace } from '@opentelemetry/api';\n\nexport const get = (url) => fetch(url);\n`;
    const output = (await run(source))!;
    expect(output.startsWith(`// Tracing.\nimport { trace, context, propagation } from '@opentelemetry/api';\n\nexport const get`)).toBe(true);
  });

  it('reports a call it cannot rewrite, and marks its statement once', async () => {
    const { output, reports } = await applyTransform(
      injectPropagation.default,
      `export const both = (make) => Promise.all([fetch(make(1)), fetch(make(2))]);\n`,
      'src/both.js',
    );
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/^line 1: .*left unchanged$/);
    expect(output!.match(/otel-codemod\(inject-propagation\)/g)).toHaveLength(1);
    expect(output).not.toContain('withTraceHeaders');
  });

  it('puts a marker below a const hoisted above the same statement, and writes it once', async () => {
    const source = `export async function f(make) {\n  const r = await fetch(make(1), { body: fetch(make(2)) });\n  return r;\n}\n`;
    const once = (await run(source))!;
    expect(once).toContain(
      `  const fetchInput = make(1);\n  // otel-codemod(inject-propagation): no trace context added to a fetch call here; move its first argument into a variable, then rerun\n  const r = await fetch(fetchInput, withTraceHeaders({ body: fetch(make(2)) }, fetchInput));\n`,
    );
    expect(await run(once)).toBeUndefined();
  });

  it('leaves an unparseable file to the runner as an error, without output', async () => {
    await expect(run(`fetch(url,, {`)).rejects.toThrow();
  });
});

describe('inject-propagation meta', () => {
  const { meta } = injectPropagation;

  it('skips packages whose fetch calls are already instrumented, unless forced', () => {
    for (const name of ['@opentelemetry/instrumentation-undici', '@opentelemetry/auto-instrumentations-node']) {
      const verdict = meta.checkPackage!({ dependencies: { [name]: '^1.0.0' } }, {});
      expect(verdict?.skip).toBe(true);
      expect(verdict?.note).toContain(name);
      expect(verdict?.note).toContain('--force-inject');
      expect(meta.checkPackage!({ devDependencies: { [name]: '^1.0.0' } }, {})?.skip).toBe(true);
      const forced = meta.checkPackage!({ dependencies: { [name]: '^1.0.0' } }, { forceInject: true });
      expect(forced?.skip).toBe(false);
      expect(forced?.note).toContain(name);
    }
  });

  it('runs on packages without fetch auto-instrumentation', () => {
    expect(meta.checkPackage!({}, {})).toBeUndefined();
    expect(meta.checkPackage!({ dependencies: { '@opentelemetry/instrumentation-http': '^0.200.0' } }, {})).toBeUndefined();
  });

  it('declares --propagate-to and --force-inject, and prefilters on the word fetch', () => {
    expect(meta.options.map((o) => [o.flags, o.key, o.kind])).toEqual([
      ['--propagate-to <hosts>', 'propagateTo', 'list'],
      ['--force-inject', 'forceInject', 'boolean'],
    ]);
    expect(meta.mayContainTarget('await fetch(url)', {})).toBe(true);
    expect(meta.mayContainTarget('await load(url)', {})).toBe(false);
    expect(meta.mayContainTarget("import nf from 'node-fetch';", {})).toBe(true);
    expect(meta.mayContainTarget('await globalThis.fetch(url)', {})).toBe(true);
    expect(meta.mayContainTarget('const { data, refetch, isFetching } = useQuery(prefetched);', {})).toBe(false);
  });
});

function formatDiagnostic(d: ts.Diagnostic): string {
  const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
  return `${position ? `${position.line + 1}:${position.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
}
