/**
 * inject-propagation: where trace context may go. The shared host knowledge (src/otel/propagation-targets.ts), the
 * static reading of literal URLs, the generated helper's run-time check agreeing with both, the reports, and the
 * `propagateTo` option through the CLI (flag and configuration).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jscodeshift, { type ASTPath, type CallExpression } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROPAGATE_TO,
  isPropagationTarget,
  mayEndOwnHost,
  normalizeHostPattern,
  propagationPatterns,
  RELATIVE_URL_BASE,
} from '../../src/otel/propagation-targets.js';
import * as injectPropagation from '../../transforms/inject-propagation.js';
import { helperSource } from '../../transforms/inject-propagation/helper.js';
import { staticTarget, type Target } from '../../transforms/inject-propagation/targets.js';
import { expectStatus, runBin, tempDir } from '../cli/helpers.js';
import { open } from '../helpers/codemod-file.js';
import { applyTransform } from '../helpers/fixture-pairs.js';

describe('host patterns', () => {
  it.each([
    ['api.shop.test', 'api.shop.test'],
    ['  API.Shop.Test ', 'api.shop.test'],
    ['*.corp.example', '*.corp.example'],
    ['*.Corp.Example.', '*.corp.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['orders_v2', 'orders_v2'],
    ['10.1.2.3', '10.1.2.3'],
    ['[0:0::1]', '[::1]'],
  ])('%j is the pattern %j', (raw, pattern) => {
    expect(normalizeHostPattern(raw)).toEqual({ pattern });
  });

  it.each(['', '*', '*.', 'https://api.example.com', 'api.example.com:8443', 'api.example.com/v1', 'user@api.example.com', 'a*.example.com', '*.*.example.com', 'two words', '*.10.0.0.1', '*.[::1]'])(
    '%j is refused in one line',
    (raw) => {
      const result = normalizeHostPattern(raw);
      expect(result).toHaveProperty('problem');
      expect((result as { problem: string }).problem).toMatch(new RegExp(`^"${raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a host pattern: [^\\n]+$`));
    },
  );

  it('adds the team patterns after the built-in ones, once each', () => {
    expect(propagationPatterns(['*.corp.example', '*.CORP.example', '*.svc'])).toEqual([...DEFAULT_PROPAGATE_TO, '*.corp.example']);
    expect(() => propagationPatterns(['https://x.example'])).toThrowError(/"https:\/\/x\.example" is not a host pattern/);
  });
});

/** Hosts as `URL#hostname` spells them, and whether the built-in list (plus *.corp.example, api.shop.test) allows them. */
const HOSTS: [host: string, own: boolean][] = [
  ['localhost', true],
  ['orders', true],
  ['127.0.0.1', true],
  ['127.255.3.9', true],
  ['10.0.0.1', true],
  ['172.16.0.1', true],
  ['172.31.255.255', true],
  ['192.168.0.10', true],
  ['169.254.169.254', true],
  ['[::1]', true],
  ['[fd12:3456::7]', true],
  ['[fc00::1]', true],
  ['[fe80::1]', true],
  ['payments.internal', true],
  ['printer.local', true],
  ['orders.shop.svc', true],
  ['orders.shop.svc.cluster.local', true],
  ['api.localhost', true],
  ['a.corp.example', true],
  ['a.b.corp.example', true],
  ['api.shop.test', true],
  ['api.shop.test.', true],
  ['corp.example', false],
  ['beta.api.shop.test', false],
  ['172.15.0.1', false],
  ['172.32.0.1', false],
  ['11.0.0.1', false],
  ['8.8.8.8', false],
  ['[2001:db8::1]', false],
  ['[fc::1]', false],
  ['[::ffff:7f00:1]', false],
  ['api.github.com', false],
  ['10.example.com', false],
  ['internal.example.com', false],
  ['payments.internal.example.com', false],
  ['', false],
];
const TEAM = propagationPatterns(['*.corp.example', 'api.shop.test']);

describe('isPropagationTarget', () => {
  it.each(HOSTS)('%s: %s', (host, own) => {
    expect(isPropagationTarget(host, TEAM)).toBe(own);
  });
});

/** Static ends of hosts whose start is a run-time value, and whether some start can make an own service (TEAM). */
const HOST_ENDS: [end: string, mayBeOwn: boolean][] = [
  ['.openai.azure.com', false],
  ['.example.com', false],
  ['-api.stripe.com', false],
  ['.internal', true],
  ['.shop.svc', true],
  ['.svc.cluster.local', true],
  ['.cluster.local', true],
  ['.corp.example', true],
  ['corp.example', true],
  ['.example', true],
  ['.shop.test', true],
  ['shop.test', true],
  ['.test', true],
  ['.github.com', false],
  ['-orders', true],
  ['.0.1', true],
  ['.Internal.', true],
];

describe('mayEndOwnHost', () => {
  it.each(HOST_ENDS)('%s: %s', (end, mayBeOwn) => {
    expect(mayEndOwnHost(end, TEAM)).toBe(mayBeOwn);
  });
});

describe('static targets of fetch inputs', () => {
  const targetOf = (expression: string): Target => {
    const root = jscodeshift.withParser('babel')(`const C = 'http://orders:3001';\nconst X = 'https://api.github.com';\nfetch(${expression});\n`);
    let path: ASTPath<CallExpression> | undefined;
    root.find(jscodeshift.CallExpression, { callee: { name: 'fetch' } }).forEach((p) => {
      path = p;
    });
    return staticTarget(path!, path!.node.arguments[0] as never);
  };
  const host = (name: string): Target => ({ kind: 'host', host: name });
  const relative: Target = { kind: 'relative' };
  const dynamic: Target = { kind: 'dynamic' };

  it.each<[string, Target]>([
    [`'https://api.github.com/repos'`, host('api.github.com')],
    [`'HTTPS://API.GitHub.com./x'`, host('api.github.com')],
    [`'  https://api.github.com/x'`, host('api.github.com')],
    [`'//api.github.com/x'`, host('api.github.com')],
    [`'http://user:pw@api.github.com/x'`, host('api.github.com')],
    [`'http://[::1]:3000/x'`, host('[::1]')],
    [`'/api/orders'`, relative],
    [`'./orders'`, relative],
    [`'orders/1'`, relative],
    ['`http://orders:3001/orders/${id}`', host('orders')],
    ['`http://orders:${port}/orders`', host('orders')],
    ['`http://orders:${port}`', host('orders')],
    ['`${C}/orders/${id}`', host('orders')],
    ['`${X}/repos/${repo}`', host('api.github.com')],
    ["C + '/orders/' + id", host('orders')],
    ['`/api/${id}`', relative],
    ['`api/${id}`', relative],
    ['`?page=${page}`', relative],
    ['`https://${tenant}.openai.azure.com/openai/v1/files/${id}`', { kind: 'hostEnd', end: '.openai.azure.com' }],
    ['`https://api-${region}.Example.com:8443?x=1`', { kind: 'hostEnd', end: '.example.com' }],
    ['`http://${svc}.shop.svc/x`', { kind: 'hostEnd', end: '.shop.svc' }],
    ['`http://${a}.${b}.com/x`', dynamic],
    ['`http://${svc}:8080/x`', dynamic],
    ['`http://${user}@api.github.com/x`', dynamic],
    ['`https://${base}/x`', dynamic],
    ['`${base}/x`', dynamic],
    ['`/${path}`', dynamic],
    ['`http${s}://api.github.com`', dynamic],
    ['`http://orders${suffix}/x`', dynamic],
    ['`http://deploy:${password}@${host}/x`', dynamic],
    ['`http://deploy:${password}@api.github.com/x`', dynamic],
    [`new URL('/x', 'http://10.0.0.2')`, host('10.0.0.2')],
    ['new URL(`/orders/${id}`, C)', host('orders')],
    [`new URL('https://api.github.com/x', base)`, host('api.github.com')],
    [`new URL(path, 'http://orders')`, dynamic],
    [`new URL('/x', base)`, dynamic],
    [`new Request('https://api.openai.com/v1')`, host('api.openai.com')],
    [`String(new URL('https://api.github.com'))`, host('api.github.com')],
    [`new URL('https://api.github.com').href`, host('api.github.com')],
    [`new URL('https://api.github.com').toString()`, host('api.github.com')],
    [`'data:text/plain,hi'`, { kind: 'other', what: 'a data: URL' }],
    [`'http://[bad'`, { kind: 'other', what: 'an invalid URL' }],
    [`new URL('/x')`, { kind: 'other', what: 'a relative URL without a base' }],
    ['url', dynamic],
    ['getUrl()', dynamic],
  ])('%s', (expression, expected) => {
    expect(targetOf(expression)).toEqual(expected);
  });
});

/** The generated JavaScript helper, evaluated with a propagation stand-in that writes a traceparent. */
function loadHelper(patterns: readonly string[]): (init?: unknown, input?: unknown) => { headers?: Record<string, string> } | undefined {
  const source = helperSource('withTraceHeaders', { propagation: 'propagation', context: 'context' }, open('a.js', '').style, false, patterns);
  const propagation = {
    inject: (_ctx: unknown, carrier: Record<string, string>, setter: { set(c: unknown, k: string, v: string): void }) => setter.set(carrier, 'traceparent', 'tp'),
  };
  const context = { active: () => ({}) };
  return new Function('propagation', 'context', `${source}\nreturn withTraceHeaders;`)(propagation, context);
}

describe('the generated helper decides like the codemod', () => {
  const helper = loadHelper(TEAM);
  const injected = (input: unknown): boolean => helper(undefined, input)?.headers?.traceparent === 'tp';

  it.each(HOSTS.filter(([host]) => host !== ''))('http://%s:8080/x: %s', (host, own) => {
    const url = `http://${host}:8080/x`;
    expect(isPropagationTarget(new URL(url).hostname, TEAM)).toBe(own);
    expect(injected(url)).toBe(own);
    expect(injected(new URL(url))).toBe(own);
    expect(injected(new Request(url))).toBe(own);
  });

  it('treats relative URLs as own services and never throws on a bad URL', () => {
    expect(injected('/api/orders')).toBe(true);
    expect(injected('orders/1')).toBe(true);
    expect(injected(`${RELATIVE_URL_BASE}/x`)).toBe(true);
    const unprintable = { toString: () => { throw new Error('no text'); } };
    for (const bad of ['http://[bad', 'http://exa mple.com/', '//[::1', unprintable]) {
      expect(() => helper({ method: 'GET' }, bad)).not.toThrow();
      expect(helper({ method: 'GET' }, bad)).toEqual({ method: 'GET' });
    }
  });

  it('returns init itself for a third party, and injects without checking when no input is given', () => {
    const init = { method: 'POST', headers: { authorization: 'Bearer x' } };
    expect(helper(init, 'https://api.github.com/x')).toBe(init);
    expect(helper(undefined, 'https://api.github.com/x')).toBeUndefined();
    expect(helper(init)?.headers).toEqual({ authorization: 'Bearer x', traceparent: 'tp' });
  });

  it('keeps a Request input referrer and referrerPolicy when init has no field, as fetch does', () => {
    const request = new Request('http://orders/x', { referrer: 'http://orders/page', referrerPolicy: 'unsafe-url' });
    expect(helper(undefined, request)).toMatchObject({ referrer: 'http://orders/page', referrerPolicy: 'unsafe-url' });
    expect(helper({}, request)).toMatchObject({ referrer: 'http://orders/page', referrerPolicy: 'unsafe-url' });
    expect(helper({ signal: undefined }, request)).toMatchObject({ referrer: 'http://orders/page' });
    // With a field of its own, fetch resets them anyway: nothing is added.
    expect(helper({ method: 'PUT' }, request)).not.toHaveProperty('referrer');
    expect(helper({ referrer: '' }, request)).toMatchObject({ referrer: '' });
  });
});

describe('inject-propagation reports', () => {
  it('names the line, the host and the way to allow it (the runner adds the file)', async () => {
    const source = `export const a = () => fetch('https://api.github.com/user');\n\nexport const b = (id) => fetch(\`https://api.stripe.com/v1/charges/\${id}\`);\n`;
    const { output, reports } = await applyTransform(injectPropagation.default, source, 'src/third.js');
    expect(output).toBeUndefined();
    expect(reports).toEqual([
      'line 1: fetch to api.github.com left unchanged: host is not in propagateTo (add it with --propagate-to)',
      'line 3: fetch to api.stripe.com left unchanged: host is not in propagateTo (add it with --propagate-to)',
    ]);
  });

  it('leaves a fetch whose host only starts at run time alone when no start makes an own service, else checks it at run time', async () => {
    const source = [
      'export const file = (tenant, id) => fetch(`https://${tenant}.openai.azure.com/openai/v1/files/${id}`);',
      'export const order = (svc, id) => fetch(`http://${svc}.internal/orders/${id}`);',
      '',
    ].join('\n');
    const { output, reports } = await applyTransform(injectPropagation.default, source, 'src/hosts.js');
    expect(reports).toEqual([
      'line 1: fetch to a host ending in .openai.azure.com left unchanged: host is not in propagateTo (add it with --propagate-to)',
    ]);
    expect(output).toContain('export const file = (tenant, id) => fetch(`https://${tenant}.openai.azure.com/openai/v1/files/${id}`);\n');
    // The helper is given the URL: it decides at run time whether the host is an own service.
    expect(output).toContain(
      ['export const order = (svc, id) => {', '  const fetchInput = `http://${svc}.internal/orders/${id}`;', '  return fetch(fetchInput, withTraceHeaders(undefined, fetchInput));', '};'].join('\n'),
    );
  });

  it('reads propagateTo as jscodeshift passes it (kebab-case, comma-separated) and refuses a bad pattern', async () => {
    const source = `export const a = () => fetch('https://api.github.com/user');\n`;
    const { output } = await applyTransform(injectPropagation.default, source, 'src/a.js', { 'propagate-to': 'api.github.com,*.corp.example' });
    expect(output).toContain(`fetch('https://api.github.com/user', withTraceHeaders())`);
    expect(output).toContain(`const propagateTo = ['*.internal', '*.local', '*.localhost', '*.svc', 'api.github.com', '*.corp.example'];`);
    await expect(applyTransform(injectPropagation.default, source, 'src/a.js', { propagateTo: ['https://api.github.com'] })).rejects.toThrowError(
      /^inject-propagation: propagateTo: "https:\/\/api\.github\.com" is not a host pattern/,
    );
  });

  it('says what it did to a file an earlier version rewrote', async () => {
    const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'inject-propagation');
    const { reports } = await applyTransform(injectPropagation.default, readFileSync(join(fixtures, 'outdated-helper.input.mjs'), 'utf8'), 'src/orders.mjs');
    expect(reports).toEqual([
      'withTraceHeaders replaced with the current helper, which sends trace context only to own services and propagateTo hosts',
      'line 13: trace context removed from the fetch to orders.example.com: host is not in propagateTo (add it with --propagate-to)',
      'line 17: trace context removed from the fetch to orders.example.com: host is not in propagateTo (add it with --propagate-to)',
      'line 33: trace context removed from a fetch call whose URL cannot be checked; move its first argument into a variable, then rerun',
      'line 33: trace context removed from a fetch call whose URL cannot be checked; move its first argument into a variable, then rerun',
      'line 39: trace context removed from the fetch to orders.example.com: host is not in propagateTo (add it with --propagate-to)',
    ]);
    const { reports: listed } = await applyTransform(injectPropagation.default, readFileSync(join(fixtures, 'helper-list.input.mjs'), 'utf8'), 'src/a.mjs', {
      propagateTo: ['*.corp.example'],
    });
    expect(listed[0]).toBe('the host patterns in withTraceHeaders now follow propagateTo');
  });

  it('uses a hand-written helper as it is, and says that it does not check hosts', async () => {
    const source = [
      `import { context, propagation } from '@opentelemetry/api';`,
      `export const get = (url) => fetch(url);`,
      `function withTraceHeaders(init, input) {`,
      `  const headers = {};`,
      `  propagation.inject(context.active(), headers);`,
      `  return { ...init, headers };`,
      `}`,
      ``,
    ].join('\n');
    const { output, reports } = await applyTransform(injectPropagation.default, source, 'src/own.js');
    expect(output).toBe(source.replace('fetch(url)', 'fetch(url, withTraceHeaders(undefined, url))'));
    expect(reports).toEqual([
      'withTraceHeaders was not written by otel-codemod and does not check hosts: calls through it send trace context to any host',
    ]);
  });
});

describe('propagateTo through the CLI', () => {
  const source = `export const a = () => fetch('https://api.github.com/user');\nexport const b = () => fetch('https://a.corp.example/x');\n`;

  it('adds up repeated --propagate-to flags', async () => {
    const temp = tempDir('propagate-to-flag');
    try {
      temp.write('src/a.js', source);
      const result = expectStatus(await runBin(['inject-propagation', '--diff', '--propagate-to', 'api.github.com', '--propagate-to', '*.corp.example', 'src'], temp.dir), 0);
      expect(result.stdout).toContain(`+export const a = () => fetch('https://api.github.com/user', withTraceHeaders());`);
      expect(result.stdout).toContain(`+export const b = () => fetch('https://a.corp.example/x', withTraceHeaders());`);
    } finally {
      temp.remove();
    }
  });

  it('reads codemods["inject-propagation"].propagateTo from the configuration, and reports what it leaves', async () => {
    const temp = tempDir('propagate-to-config');
    try {
      temp.write('otel-codemod.config.json', JSON.stringify({ codemods: { 'inject-propagation': { propagateTo: ['*.corp.example'] } } }));
      temp.write('src/a.js', source);
      const result = expectStatus(await runBin(['inject-propagation', '--dry', 'src'], temp.dir), 0);
      expect(result.stdout).toContain('would change src/a.js');
      expect(result.stdout).toMatch(/line 1: fetch to api\.github\.com left unchanged: host is not in propagateTo \(add it with --propagate-to\)/);
    } finally {
      temp.remove();
    }
  });

  it('refuses a bad pattern in one line, from a flag or from the configuration', async () => {
    const temp = tempDir('propagate-to-bad');
    try {
      mkdirSync(temp.path('src'));
      temp.write('src/a.js', source);
      const flag = expectStatus(await runBin(['inject-propagation', '--dry', '--propagate-to', 'https://api.github.com', 'src'], temp.dir), 2);
      expect(flag.stderr.trim().split('\n')).toHaveLength(1);
      expect(flag.stderr).toMatch(/option '--propagate-to <hosts>' argument 'https:\/\/api\.github\.com' is invalid\. "https:\/\/api\.github\.com" is not a host pattern/);

      temp.write('otel-codemod.config.json', JSON.stringify({ codemods: { 'inject-propagation': { propagateTo: ['api.github.com:443'] } } }));
      const config = expectStatus(await runBin(['inject-propagation', '--dry', 'src'], temp.dir), 2);
      expect(config.stderr.trim().split('\n')).toHaveLength(1);
      expect(config.stderr).toMatch(/"codemods\.inject-propagation\.propagateTo": "api\.github\.com:443" is not a host pattern/);
    } finally {
      temp.remove();
    }
  });
});
