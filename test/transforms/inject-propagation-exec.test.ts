/**
 * inject-propagation, executed: a client module with every fetch call shape is transformed, written to a temp folder,
 * imported, and run against a loopback HTTP server that echoes the headers it received. The untransformed module runs
 * against the same server, so "the caller's headers are intact" is checked against what fetch itself sends, for global
 * fetch, undici and node-fetch, in ESM, CommonJS and TypeScript (type-checked under --strict, then transpiled).
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { context, propagation, trace, type Span } from '@opentelemetry/api';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as injectPropagation from '../../transforms/inject-propagation.js';
import { applyTransform } from '../helpers/fixture-pairs.js';
import { setupOtelSdk } from '../helpers/otel-sdk.js';

/** What the server saw: headers as Node parsed them, and the raw name/value list (to count repeated headers). */
interface Echo {
  headers: IncomingHttpHeaders;
  raw: string[];
}

/** How one fetch implementation is reached in the client module. */
interface Implementation {
  name: string;
  esm: string;
  /** null: not loadable with require (node-fetch 3 is ESM only). */
  cjs: string | null;
  fetch: string;
  Headers: string;
  Request: string;
}

const IMPLEMENTATIONS: Implementation[] = [
  { name: 'global fetch', esm: '', cjs: '', fetch: 'fetch', Headers: 'Headers', Request: 'Request' },
  { name: 'globalThis.fetch', esm: '', cjs: '', fetch: 'globalThis.fetch', Headers: 'Headers', Request: 'Request' },
  {
    name: 'undici fetch (named import)',
    esm: `import { fetch as undiciFetch, Headers as UndiciHeaders, Request as UndiciRequest } from 'undici';`,
    cjs: `const { fetch: undiciFetch, Headers: UndiciHeaders, Request: UndiciRequest } = require('undici');`,
    fetch: 'undiciFetch',
    Headers: 'UndiciHeaders',
    Request: 'UndiciRequest',
  },
  {
    name: 'undici.fetch (namespace)',
    esm: `import * as undici from 'undici';`,
    cjs: `const undici = require('undici');`,
    fetch: 'undici.fetch',
    Headers: 'undici.Headers',
    Request: 'undici.Request',
  },
  {
    name: 'node-fetch (default import)',
    esm: `import nodeFetch, { Headers as NodeFetchHeaders, Request as NodeFetchRequest } from 'node-fetch';`,
    cjs: null,
    fetch: 'nodeFetch',
    Headers: 'NodeFetchHeaders',
    Request: 'NodeFetchRequest',
  },
];

type Flavour = 'esm' | 'cjs' | 'ts';

/** The client module: one exported function per call shape, each returning the server's echo. */
function clientSource(impl: Implementation, flavour: Flavour): string {
  const t = (annotation: string): string => (flavour === 'ts' ? annotation : '');
  const F = impl.fetch;
  const H = impl.Headers;
  const R = impl.Request;
  const functions: [name: string, params: string, body: string][] = [
    ['plain', `url${t(': string')}`, `return read(${F}(url));`],
    ['templateUrl', `base${t(': string')}`, 'return read(' + F + '(`${base}/template`));'],
    ['initVariable', `url${t(': string')}, init${t('?: any')}`, `return read(${F}(url, init));`],
    [
      'objectHeaders',
      `url${t(': string')}`,
      `return read(${F}(url, { method: 'POST', headers: { 'x-a': '1', 'Content-Type': 'text/plain' }, body: 'hi' }));`,
    ],
    ['headersInstance', `url${t(': string')}`, `return read(${F}(url, { headers: new ${H}({ 'x-a': '1', 'x-b': '2' }) }));`],
    [
      'tupleHeaders',
      `url${t(': string')}`,
      `return read(${F}(url, { headers: [['x-a', '1'], ['X-A', '2'], ['x-b', '3']] }));`,
    ],
    ['variableHeaders', `url${t(': string')}, headers${t(': any')}`, `return read(${F}(url, { method: 'GET', headers }));`],
    ['noHeadersInit', `url${t(': string')}`, `return read(${F}(url, { method: 'DELETE' }));`],
    [
      'requestInput',
      `url${t(': string')}`,
      `const request = new ${R}(url, { headers: { 'x-from-request': 'yes' } });\n  return read(${F}(request));`,
    ],
    [
      'requestWithInit',
      `url${t(': string')}`,
      `const request = new ${R}(url, { headers: { 'x-from-request': 'yes' } });\n  return read(${F}(request, { method: 'PUT', body: 'x' }));`,
    ],
    [
      'requestWithInitHeaders',
      `url${t(': string')}`,
      `const request = new ${R}(url, { headers: { 'x-from-request': 'yes' } });\n  return read(${F}(request, { headers: { 'x-from-init': 'yes' } }));`,
    ],
    [
      'inlineRequest',
      `url${t(': string')}`,
      `const response = await ${F}(new ${R}(url, { headers: { 'x-from-request': 'yes' } }));\n  return response.json();`,
    ],
  ];
  const declare = (name: string, params: string, body: string): string =>
    `${flavour === 'cjs' ? '' : 'export '}async function ${name}(${params}) {\n  ${body}\n}\n`;
  const readFunction =
    flavour === 'ts'
      ? `async function read(pending: Promise<{ json(): Promise<unknown> }>): Promise<unknown> {\n  return (await pending).json();\n}\n`
      : `async function read(pending) {\n  return (await pending).json();\n}\n`;
  const imports = flavour === 'cjs' ? impl.cjs : impl.esm;
  return [
    ...(flavour === 'cjs' ? [`'use strict';\n`] : []),
    ...(imports ? [`${imports}\n`] : []),
    ...functions.map(([name, params, body]) => declare(name, params, body)),
    readFunction,
    ...(flavour === 'cjs' ? [`module.exports = { ${functions.map(([name]) => name).join(', ')} };\n`] : []),
  ].join('\n');
}

type Client = Record<string, (...args: unknown[]) => Promise<Echo>>;

const TRACE_HEADERS = ['traceparent', 'tracestate', 'baggage'];
const withoutTraceHeaders = (headers: IncomingHttpHeaders): IncomingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !TRACE_HEADERS.includes(name)));
const countRaw = (echo: Echo, name: string): number => echo.raw.filter((_, i) => i % 2 === 0 && echo.raw[i]!.toLowerCase() === name).length;

const sdk = setupOtelSdk();
const tracer = trace.getTracer('inject-propagation-exec');

/** Runs `fn` in a new active span that carries baggage; returns its result and the span. */
async function inSpan<T>(fn: () => Promise<T>): Promise<{ result: T; span: Span }> {
  const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
  return context.with(propagation.setBaggage(context.active(), baggage), () =>
    tracer.startActiveSpan('client', async (span) => {
      try {
        return { result: await fn(), span };
      } finally {
        span.end();
      }
    }),
  );
}

const traceparentOf = (span: Span): string => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

let server: Server;
let url: string;
let workDir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ headers: request.headers, raw: request.rawHeaders } satisfies Echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  workDir = mkdtempSync(join(tmpdir(), 'inject-propagation-'));
  // The transformed code imports @opentelemetry/api, undici and node-fetch like user code does: from node_modules.
  symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(workDir, 'node_modules'), 'dir');
  writeFileSync(join(workDir, 'package.json'), JSON.stringify({ type: 'module' }));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

let moduleCount = 0;

/** Writes a module into the temp folder and imports it. */
async function load(code: string, extension: '.mjs' | '.cjs'): Promise<Client> {
  const file = join(workDir, `client-${++moduleCount}${extension}`);
  writeFileSync(file, code);
  const loaded = (await import(pathToFileURL(file).href)) as Client & { default?: Client };
  return extension === '.cjs' ? loaded.default! : loaded;
}

async function transformed(source: string, path: string): Promise<string> {
  const { output } = await applyTransform(injectPropagation.default, source, join(workDir, path));
  if (output === undefined) throw new Error(`the transform left ${path} unchanged`);
  return output;
}

/**
 * Type-checks TypeScript modules under --strict in the temp folder (so their imports resolve), all in one program,
 * and transpiles each to ESM.
 */
function compileTypeScript(sources: Map<string, string>): Map<string, string> {
  const files = new Map([...sources].map(([key, code]) => [key, join(workDir, `${key}.ts`)] as const));
  for (const [key, file] of files) writeFileSync(file, sources.get(key)!);
  const program = ts.createProgram([...files.values()], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ['node'],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(diagnostics, 'the client modules type-check under --strict').toEqual([]);
  const compilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext };
  return new Map([...sources].map(([key, code]) => [key, ts.transpileModule(code, { compilerOptions }).outputText]));
}

interface Variant {
  label: string;
  impl: Implementation;
  flavour: Flavour;
}

const variants: Variant[] = [
  ...IMPLEMENTATIONS.map((impl) => ({ label: `${impl.name}, ESM`, impl, flavour: 'esm' as const })),
  ...IMPLEMENTATIONS.filter((impl) => impl.cjs !== null).map((impl) => ({ label: `${impl.name}, CommonJS`, impl, flavour: 'cjs' as const })),
  ...IMPLEMENTATIONS.map((impl) => ({ label: `${impl.name}, TypeScript`, impl, flavour: 'ts' as const })),
];

/** Every TypeScript client, original and transformed, compiled once: one type-check program is slow to build. */
let compiledTypeScript: Map<string, string>;
beforeAll(async () => {
  const sources = new Map<string, string>();
  for (const impl of IMPLEMENTATIONS) {
    const source = clientSource(impl, 'ts');
    sources.set(typeScriptKey(impl, 'original'), source);
    sources.set(typeScriptKey(impl, 'transformed'), await transformed(source, 'client.ts'));
  }
  compiledTypeScript = compileTypeScript(sources);
});

/** Also the module's file name in the temp folder. */
const typeScriptKey = (impl: Implementation, version: 'original' | 'transformed'): string =>
  `${impl.name.replace(/\W+/g, '-')}-${version}`;

describe.each(variants)('inject-propagation at run time: $label', ({ impl, flavour }) => {
  let original: Client;
  let client: Client;

  beforeAll(async () => {
    const source = clientSource(impl, flavour);
    if (flavour === 'ts') {
      original = await load(compiledTypeScript.get(typeScriptKey(impl, 'original'))!, '.mjs');
      client = await load(compiledTypeScript.get(typeScriptKey(impl, 'transformed'))!, '.mjs');
    } else {
      const extension = flavour === 'cjs' ? '.cjs' : '.mjs';
      original = await load(source, extension);
      client = await load(await transformed(source, `client${extension}`), extension);
    }
    sdk.reset();
  });

  const shapes: [name: string, args: () => unknown[]][] = [
    ['plain', () => [url]],
    ['templateUrl', () => [url]],
    ['initVariable', () => [url, { method: 'GET', headers: { 'x-a': '1' } }]],
    ['initVariable', () => [url, undefined]],
    ['objectHeaders', () => [url]],
    ['headersInstance', () => [url]],
    ['tupleHeaders', () => [url]],
    ['variableHeaders', () => [url, { 'x-a': '1' }]],
    ['variableHeaders', () => [url, undefined]],
    ['variableHeaders', () => [url, new Map([['x-a', '1'], ['x-b', '2']])]],
    ['noHeadersInit', () => [url]],
    ['requestInput', () => [url]],
    ['requestWithInit', () => [url]],
    ['requestWithInitHeaders', () => [url]],
    ['inlineRequest', () => [url]],
  ];

  it.each(shapes)('%s: same headers as without the codemod, plus trace context inside a span', async (name, args) => {
    const expected = await original[name]!(...args());
    expect(expected.headers.traceparent).toBeUndefined();

    // Outside a span: nothing is added.
    const outside = await client[name]!(...args());
    expect(outside.headers).toEqual(expected.headers);

    // Inside a span with baggage: the span's context and the baggage arrive, the caller's headers are intact.
    const { result: inside, span } = await inSpan(() => client[name]!(...args()));
    expect(inside.headers.traceparent).toBe(traceparentOf(span));
    expect(countRaw(inside, 'traceparent')).toBe(1);
    expect(inside.headers.baggage).toBe('tenant=acme');
    expect(withoutTraceHeaders(inside.headers)).toEqual(expected.headers);
  });

  it('keeps the Request input headers when init has none', async () => {
    const { result, span } = await inSpan(() => client.requestInput!(url));
    expect(result.headers['x-from-request']).toBe('yes');
    expect(result.headers.traceparent).toBe(traceparentOf(span));
    const { result: withInit } = await inSpan(() => client.requestWithInit!(url));
    expect(withInit.headers['x-from-request']).toBe('yes');
  });

  it('works with a frozen headers object and leaves it as it was', async () => {
    const frozen = Object.freeze({ 'x-a': '1' });
    const { result, span } = await inSpan(() => client.variableHeaders!(url, frozen));
    expect(result.headers['x-a']).toBe('1');
    expect(result.headers.traceparent).toBe(traceparentOf(span));
    expect(frozen).toEqual({ 'x-a': '1' });
  });

  it('does not carry a stale traceparent from a shared headers object into a later call', async () => {
    const shared: Record<string, string> = { 'x-a': '1' };
    const first = await inSpan(() => client.variableHeaders!(url, shared));
    const second = await inSpan(() => client.variableHeaders!(url, shared));
    const after = await client.variableHeaders!(url, shared);
    expect(first.result.headers.traceparent).toBe(traceparentOf(first.span));
    expect(second.result.headers.traceparent).toBe(traceparentOf(second.span));
    expect(second.span.spanContext().traceId).not.toBe(first.span.spanContext().traceId);
    expect(after.headers.traceparent).toBeUndefined();
    expect(shared).toEqual({ 'x-a': '1' });
  });

  it("does not write into the caller's Headers instance", async () => {
    const HeadersClass = await headersClass(impl);
    const headers = new HeadersClass({ 'x-a': '1' });
    const { result, span } = await inSpan(() => client.variableHeaders!(url, headers));
    expect(result.headers.traceparent).toBe(traceparentOf(span));
    expect(result.headers['x-a']).toBe('1');
    expect(headers.has('traceparent')).toBe(false);
  });

  it("keeps a traceparent the caller set, and sends it once", async () => {
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { result } = await inSpan(() => client.variableHeaders!(url, { TraceParent: own }));
    expect(result.headers.traceparent).toBe(own);
    expect(countRaw(result, 'traceparent')).toBe(1);
    expect(result.headers.baggage).toBe('tenant=acme');
  });
});

/** The Headers class the implementation's callers would use. */
async function headersClass(impl: Implementation): Promise<new (init: Record<string, string>) => { has(name: string): boolean }> {
  if (impl.Headers === 'Headers') return Headers;
  if (impl.Headers === 'NodeFetchHeaders') return (await import('node-fetch')).Headers;
  return (await import('undici')).Headers;
}

/**
 * Where trace context goes, at run time. Third-party hosts cannot be reached from here, so `globalThis.fetch` is
 * wrapped for these tests: a request to the loopback server goes through to it; any other request is answered by the
 * wrapper with the headers fetch itself would have sent (`new Request(input, init)`), without any networking.
 */
describe('inject-propagation at run time: trace context only for own services', () => {
  const source = [
    'export async function thirdParty(user) {',
    "  return read(fetch(`https://api.github.com/users/${user}`, { headers: { authorization: 'Bearer t' } }));",
    '}',
    'export async function thirdPartyRequest() {',
    "  return read(fetch(new Request('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' })));",
    '}',
    'export async function loopback(port) {',
    "  return read(fetch(`http://127.0.0.1:${port}/orders`, { headers: { 'x-a': '1' } }));",
    '}',
    'export async function anyUrl(url) {',
    '  return read(fetch(url));',
    '}',
    'export async function anyUrlWithInit(url) {',
    "  return read(fetch(`${url}/orders`, { method: 'POST', body: 'x' }));",
    '}',
    'export async function withReferrer(url, referrerPolicy) {',
    "  const request = new Request(url, { referrer: `${url}/page`, referrerPolicy, headers: { 'x-from-request': 'yes' } });",
    '  return read(fetch(request));',
    '}',
    'async function read(pending) {',
    '  return (await pending).json();',
    '}',
    '',
  ].join('\n');

  let original: Client;
  let client: Client;
  let transformedSource: string;
  /** Requests the wrapper answered itself: the URL and the headers fetch would have sent. */
  const intercepted: { url: string; headers: Record<string, string> }[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    transformedSource = await transformed(source, 'targets.mjs');
    original = await load(source, '.mjs');
    client = await load(transformedSource, '.mjs');
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (new URL(request.url).hostname === '127.0.0.1') return realFetch(request);
      const headers = Object.fromEntries(request.headers);
      intercepted.push({ url: request.url, headers });
      return Response.json({ headers, raw: [] } satisfies Echo);
    }) as typeof fetch;
  });

  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  const port = (): string => new URL(url).port;

  it('leaves literal third-party URLs as they were, and checks the others at run time', () => {
    expect(transformedSource).toContain("fetch(`https://api.github.com/users/${user}`, { headers: { authorization: 'Bearer t' } })");
    expect(transformedSource).toContain("fetch(new Request('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{}' }))");
    expect(transformedSource).toContain("fetch(`http://127.0.0.1:${port}/orders`, withTraceHeaders({ headers: { 'x-a': '1' } }))");
    expect(transformedSource).toContain('fetch(url, withTraceHeaders(undefined, url))');
  });

  it('sends no trace context or baggage to a third party, even inside a span', async () => {
    intercepted.length = 0;
    const { result } = await inSpan(() => client.thirdParty!('octocat'));
    const { result: viaRequest } = await inSpan(() => client.thirdPartyRequest!());
    expect(intercepted.map((r) => r.url)).toEqual(['https://api.github.com/users/octocat', 'https://api.openai.com/v1/chat/completions']);
    for (const echo of [result, viaRequest]) {
      expect(Object.keys(echo.headers).filter((name) => TRACE_HEADERS.includes(name))).toEqual([]);
    }
    expect(result.headers.authorization).toBe('Bearer t');
  });

  it('sends trace context and baggage to a literal loopback URL', async () => {
    const { result, span } = await inSpan(() => client.loopback!(port()));
    expect(result.headers.traceparent).toBe(traceparentOf(span));
    expect(result.headers.baggage).toBe('tenant=acme');
    expect(result.headers['x-a']).toBe('1');
  });

  it('decides a URL known only at run time when the call runs, both ways', async () => {
    const own = await inSpan(() => client.anyUrl!(url));
    expect(own.result.headers.traceparent).toBe(traceparentOf(own.span));
    const ownWithInit = await inSpan(() => client.anyUrlWithInit!(url));
    expect(ownWithInit.result.headers.traceparent).toBe(traceparentOf(ownWithInit.span));

    intercepted.length = 0;
    const external = await inSpan(() => client.anyUrl!('https://api.github.com/zen'));
    const externalWithInit = await inSpan(() => client.anyUrlWithInit!('https://hooks.slack.com'));
    expect(intercepted.map((r) => r.url)).toEqual(['https://api.github.com/zen', 'https://hooks.slack.com/orders']);
    expect(external.result.headers.traceparent).toBeUndefined();
    expect(external.result.headers.baggage).toBeUndefined();
    expect(externalWithInit.result.headers).toEqual((await original.anyUrlWithInit!('https://hooks.slack.com')).headers);
  });

  it.each(['unsafe-url', 'origin'] as const)('keeps a Request input referrer and referrerPolicy (%s)', async (policy) => {
    const expected = await original.withReferrer!(url, policy);
    // The policy decides how much of the referrer is sent: all of it, or its origin only.
    expect(expected.headers.referer).toBe(policy === 'origin' ? `${url}/` : `${url}/page`);
    const { result, span } = await inSpan(() => client.withReferrer!(url, policy));
    expect(result.headers.traceparent).toBe(traceparentOf(span));
    expect(result.headers['x-from-request']).toBe('yes');
    expect(withoutTraceHeaders(result.headers)).toEqual(expected.headers);
  });
});
