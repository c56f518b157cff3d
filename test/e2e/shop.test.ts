/**
 * The end-to-end proof on fixtures/shop: after wrap-spans, inject-propagation and pino-mixin (run through the built
 * CLI on a copy), the three services emit ONE connected trace per request, with the wrapped business functions
 * under the HTTP server spans, the failure recorded, and every log line stamped with its request's trace id.
 * The same drive on an untransformed copy gives disconnected traces: the codemods are what connect them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_PREFIX, rules } from '../../rules/index.js';
import { codemods } from '../../transforms/index.js';
import { assertBuilt, runCli } from './helpers/cli.js';
import { type ReceivedSpan, SpanKind, StatusCode, startOtlpReceiver } from './helpers/otlp-receiver.js';
import {
  copyShop,
  killStrays,
  type LogLine,
  SERVICES,
  SHOP_FIXTURE,
  type ServiceName,
  type ServiceOutput,
  type ShopCopy,
  startShop,
} from './helpers/shop.js';

interface ShopRequest {
  kind: 'checkout' | 'lookup';
  orderId: string;
  tenant: string;
  expectedStatus: number;
}

/** Sent concurrently, so log lines and spans of different requests interleave; every order id appears once. */
const REQUESTS: readonly ShopRequest[] = [
  { kind: 'checkout', orderId: 'A100', tenant: 'acme', expectedStatus: 200 },
  { kind: 'checkout', orderId: 'A101', tenant: 'globex', expectedStatus: 200 },
  // A200's card is declined in payments: the failing path.
  { kind: 'checkout', orderId: 'A200', tenant: 'acme', expectedStatus: 402 },
  { kind: 'lookup', orderId: 'A102', tenant: 'initech', expectedStatus: 200 },
];
const FAILING_ORDER = 'A200';

/** The services a request reaches, and the spans the `@traced` functions get in each (names from the tags). */
const WRAPPED_SPANS: Record<ShopRequest['kind'], Partial<Record<ServiceName, string[]>>> = {
  checkout: {
    gateway: ['gateway.place_order'],
    orders: ['orders.checkout', 'orders.load', 'priceOrder'],
    payments: ['CardProcessor.charge'],
  },
  lookup: {
    gateway: ['gateway.get_order'],
    orders: ['orders.load', 'priceOrder'],
  },
};
const ALL_WRAPPED_NAMES = new Set(Object.values(WRAPPED_SPANS).flatMap((byService) => Object.values(byService).flat()));

/** `service/span` that made the outgoing fetch starting each downstream server span. */
const CALLER_SPAN: Record<ShopRequest['kind'], Partial<Record<ServiceName, string>>> = {
  checkout: { orders: 'gateway/gateway.place_order', payments: 'orders/orders.checkout' },
  lookup: { orders: 'gateway/gateway.get_order' },
};

const CODEMODS = ['wrap-spans', 'inject-propagation', 'pino-mixin'] as const;
type CodemodName = (typeof CODEMODS)[number];

/** The files each codemod has work in: the @traced functions, the fetch calls, the pino loggers. */
const CODEMOD_TARGETS: Record<CodemodName, string[]> = {
  'wrap-spans': ['services/gateway.js', 'services/orders.js', 'services/payments.js'],
  'inject-propagation': ['services/gateway.js', 'services/orders.js'],
  'pino-mixin': ['services/gateway.js', 'services/orders.js', 'services/payments.js'],
};

/** `otel-codemod <codemod> --json`, as far as this test reads it. */
interface CodemodJson {
  files: { path: string; status: string; written: boolean }[];
  summary: { changed: number; failed: number };
  exitCode: number;
}

/** `otel-codemod check --format json`, as far as this test reads it. */
interface CheckJson {
  files: { path: string; findings: { ruleId: string; line: number; message: string }[] }[];
  failures: unknown[];
  codemods: { name: string; ran: boolean; pendingFiles: number }[];
  exitCode: number;
}

async function runCheck(dir: string): Promise<CheckJson> {
  const run = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
  let report: CheckJson;
  try {
    report = JSON.parse(run.stdout) as CheckJson;
  } catch {
    throw new Error(`otel-codemod check printed no JSON (exit ${run.status})\n${run.stdout}\n${run.stderr}`);
  }
  expect(run.status, run.stderr).toBe(report.exitCode);
  return report;
}

/** `ruleId  path` for every finding whose rule id starts with `prefix`, one per (rule, file) for codemods. */
function findingPairs(report: CheckJson, prefix: 'otel/' | 'codemod/'): string[] {
  const pairs = report.files.flatMap((file) =>
    file.findings.filter((finding) => finding.ruleId.startsWith(prefix)).map((finding) => `${finding.ruleId}  ${file.path}`),
  );
  return (prefix === 'codemod/' ? [...new Set(pairs)] : pairs).sort();
}

interface DriveResult {
  responses: Map<string, { status: number; body: unknown }>;
  spans: ReceivedSpan[];
  outputs: Record<ServiceName, ServiceOutput>;
  rejectedExports: string[];
}

async function send(
  gatewayUrl: string,
  request: ShopRequest,
  into: Map<string, { status: number; body: unknown }>,
): Promise<void> {
  const url =
    request.kind === 'checkout' ? `${gatewayUrl}/checkout/${request.orderId}` : `${gatewayUrl}/orders/${request.orderId}`;
  const response = await fetch(url, {
    method: request.kind === 'checkout' ? 'POST' : 'GET',
    headers: { 'x-tenant-id': request.tenant, authorization: 'Bearer demo-token' },
    signal: AbortSignal.timeout(15_000),
  });
  into.set(request.orderId, { status: response.status, body: await response.json() });
}

async function driveShop(dir: string): Promise<DriveResult> {
  const receiver = await startOtlpReceiver();
  try {
    const shop = await startShop(dir, receiver.endpoint);
    const responses = new Map<string, { status: number; body: unknown }>();
    const sent = await Promise.all(REQUESTS.map((request) => send(shop.gatewayUrl, request, responses))).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Stopping is what flushes the BatchSpanProcessors: every span is in the receiver once all three exited.
    const outputs = await shop.stop();
    if (sent) throw new Error(`driving the shop failed: ${String(sent)}\n${JSON.stringify(outputs, null, 1)}`);
    return { responses, spans: [...receiver.spans], outputs, rejectedExports: [...receiver.rejected] };
  } finally {
    await receiver.close();
  }
}

/** The request path a server span recorded (stable HTTP semconv `url.path`, or the older `http.target`). */
function serverSpanPath(span: ReceivedSpan): string {
  const path = span.attributes['url.path'] ?? span.attributes['http.target'];
  return String(path ?? '').split('?')[0] ?? '';
}

function requestPath(request: ShopRequest): string {
  return request.kind === 'checkout' ? `/checkout/${request.orderId}` : `/orders/${request.orderId}`;
}

function gatewayServerSpan(spans: readonly ReceivedSpan[], request: ShopRequest): ReceivedSpan {
  const matches = spans.filter(
    (span) => span.service === 'gateway' && span.kind === SpanKind.SERVER && serverSpanPath(span) === requestPath(request),
  );
  expect(matches, `gateway server spans for ${requestPath(request)}`).toHaveLength(1);
  return matches[0]!;
}

function servicesOf(request: ShopRequest): ServiceName[] {
  return SERVICES.filter((service) => WRAPPED_SPANS[request.kind][service]);
}

/** Comparable response bodies: charge ids are random per run. */
function stableBody(body: unknown): unknown {
  if (body && typeof body === 'object' && 'chargeId' in body) return { ...body, chargeId: expect.stringMatching(/^ch_/) };
  return body;
}

function requestLines(output: ServiceOutput): LogLine[] {
  return output.logs.filter((line) => line.msg !== 'listening');
}

/** Findings documented in fixtures/shop/README.md ("Findings no codemod fixes"): `rule id  file` pairs. */
function documentedFindings(): string[] {
  const readme = readFileSync(join(SHOP_FIXTURE, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Findings no codemod fixes'));
  if (!section) throw new Error('fixtures/shop/README.md has no "## Findings no codemod fixes" section');
  const rows = [...section.matchAll(/^\|\s*`(otel\/[\w-]+)`\s*\|\s*`([^`]+)`\s*\|/gm)];
  return rows.map(([, rule, file]) => `${rule}  ${file}`).sort();
}

describe('fixtures/shop end to end', () => {
  let transformed: ShopCopy;
  let untransformed: ShopCopy;
  let after: DriveResult;
  let before: DriveResult;
  let checkBefore: CheckJson;
  let checkAfter: CheckJson;
  const codemodRuns = new Map<CodemodName, CodemodJson>();

  beforeAll(async () => {
    assertBuilt();
    transformed = copyShop('transformed');
    untransformed = copyShop('untransformed');
    checkBefore = await runCheck(untransformed.dir);
    // The copies are not in a git work tree, so the CLI writes without --force.
    for (const codemod of CODEMODS) {
      const run = await runCli([codemod, '.', '--json'], { cwd: transformed.dir });
      if (run.status !== 0) {
        throw new Error(`otel-codemod ${codemod} exited ${run.status}\n${run.stdout}\n${run.stderr}`);
      }
      codemodRuns.set(codemod, JSON.parse(run.stdout) as CodemodJson);
    }
    checkAfter = await runCheck(transformed.dir);
    // One drive at a time: side by side they would only compete for CPU and stretch every timeout.
    after = await driveShop(transformed.dir);
    before = await driveShop(untransformed.dir);
  }, 240_000);

  afterAll(() => {
    killStrays();
    transformed?.remove();
    untransformed?.remove();
  });

  describe('otel-codemod check', () => {
    it('reports the deliberate findings and pending work for every codemod on the untransformed app', () => {
      expect(checkBefore.failures).toEqual([]);
      expect(findingPairs(checkBefore, 'otel/')).toEqual(documentedFindings());
      const pending = CODEMODS.flatMap((codemod) => CODEMOD_TARGETS[codemod].map((file) => `codemod/${codemod}  ${file}`));
      expect(findingPairs(checkBefore, 'codemod/')).toEqual(pending.sort());
      expect(checkBefore.exitCode).toBe(1);
    });

    it('the codemods change exactly the files check said they would', () => {
      for (const codemod of CODEMODS) {
        const run = codemodRuns.get(codemod)!;
        const changed = run.files.filter((file) => file.status === 'changed' && file.written).map((file) => file.path);
        expect(changed.sort(), codemod).toEqual(CODEMOD_TARGETS[codemod]);
        expect(run.summary.failed, codemod).toBe(0);
      }
    });

    it('afterwards finds no pending codemod change, and exactly the documented findings no codemod fixes', () => {
      expect(checkAfter.failures).toEqual([]);
      // check runs every registered codemod; the migrations (migrate-sdk-2, semconv) find nothing in an app on SDK 2.x.
      expect(checkAfter.codemods.map(({ name, ran, pendingFiles }) => ({ name, ran, pendingFiles }))).toEqual(
        codemods.map(({ meta }) => ({ name: meta.name, ran: true, pendingFiles: 0 })),
      );
      expect(findingPairs(checkAfter, 'codemod/')).toEqual([]);
      expect(findingPairs(checkAfter, 'otel/')).toEqual(documentedFindings());
      // The app shows one deliberate mistake per recommended rule.
      const documentedRules = documentedFindings().map((pair) => pair.split('  ')[0]);
      const recommended = Object.entries(rules).filter(([, rule]) => rule.meta.docs?.recommended);
      expect(documentedRules.sort()).toEqual(recommended.map(([name]) => `${RULE_PREFIX}/${name}`).sort());
      expect(checkAfter.exitCode).toBe(1);
    });
  });

  describe('after the codemods', () => {
    it('answers every request as the untransformed app does, and exits cleanly', () => {
      for (const request of REQUESTS) {
        const response = after.responses.get(request.orderId);
        expect(response?.status, request.orderId).toBe(request.expectedStatus);
        expect(response?.body).toEqual(stableBody(before.responses.get(request.orderId)?.body));
      }
      for (const service of SERVICES) {
        const output = after.outputs[service];
        expect({ service, exit: output.exitCode, stderr: output.stderr, other: output.otherStdout }).toEqual({
          service,
          exit: 0,
          stderr: '',
          other: [],
        });
      }
      expect(after.rejectedExports).toEqual([]);
    });

    it('gives each request one trace across all the services it reaches, as one connected tree', () => {
      const traceIds = new Set<string>();
      for (const request of REQUESTS) {
        const root = gatewayServerSpan(after.spans, request);
        traceIds.add(root.traceId);
        const trace = after.spans.filter((span) => span.traceId === root.traceId);
        const byId = new Map(trace.map((span) => [span.spanId, span]));

        const servers = trace.filter((span) => span.kind === SpanKind.SERVER);
        expect(servers.map((span) => span.service).sort(), request.orderId).toEqual(servicesOf(request).sort());

        // One root (the gateway's server span); every other span's parent is in the same trace.
        expect(trace.filter((span) => !span.parentSpanId)).toEqual([root]);
        for (const span of trace) {
          if (span !== root) expect(byId.has(span.parentSpanId!), `${span.service}/${span.name} parent`).toBe(true);
        }

        // Each downstream server span hangs off the business span that made the fetch.
        for (const server of servers.filter((span) => span !== root)) {
          const caller = byId.get(server.parentSpanId!);
          expect(`${caller?.service}/${caller?.name}`, `caller of ${server.service}`).toBe(
            CALLER_SPAN[request.kind][server.service as ServiceName],
          );
        }
      }
      expect(traceIds.size).toBe(REQUESTS.length);
    });

    it('puts the wrapped business functions under the HTTP server span of their service', () => {
      for (const request of REQUESTS) {
        const root = gatewayServerSpan(after.spans, request);
        const trace = after.spans.filter((span) => span.traceId === root.traceId);
        const byId = new Map(trace.map((span) => [span.spanId, span]));
        for (const [service, names] of Object.entries(WRAPPED_SPANS[request.kind])) {
          for (const name of names) {
            const spans = trace.filter((span) => span.service === service && span.name === name);
            expect(spans, `${request.orderId}: ${service}/${name}`).toHaveLength(1);
            const span = spans[0]!;
            expect(span.kind).toBe(SpanKind.INTERNAL);
            // Walk up inside the service: the first server span reached is that service's.
            let ancestor = byId.get(span.parentSpanId ?? '');
            while (ancestor && ancestor.kind !== SpanKind.SERVER) ancestor = byId.get(ancestor.parentSpanId ?? '');
            expect(ancestor?.service, `${service}/${name} is under its own server span`).toBe(service);
          }
        }
      }
    });

    it('records the failure in payments: ERROR status and an exception event', () => {
      const failing = REQUESTS.find((request) => request.orderId === FAILING_ORDER)!;
      const trace = after.spans.filter((span) => span.traceId === gatewayServerSpan(after.spans, failing).traceId);
      const charge = trace.find((span) => span.service === 'payments' && span.name === 'CardProcessor.charge');
      expect(charge?.statusCode).toBe(StatusCode.ERROR);
      const exception = charge?.events.find((event) => event.name === 'exception');
      expect(exception?.attributes['exception.message']).toMatch(/card declined/);
      expect(exception?.attributes['exception.type']).toBe('CardDeclinedError');
      // orders rethrows the refusal as an HTTP 402 from its wrapped checkout: recorded there too.
      const checkout = trace.find((span) => span.service === 'orders' && span.name === 'orders.checkout');
      expect(checkout?.statusCode).toBe(StatusCode.ERROR);
      expect(checkout?.events.map((event) => event.name)).toContain('exception');

      for (const request of REQUESTS.filter((r) => r.orderId !== FAILING_ORDER)) {
        const ok = after.spans.filter((span) => span.traceId === gatewayServerSpan(after.spans, request).traceId);
        expect(ok.filter((span) => span.statusCode === StatusCode.ERROR).map((span) => span.name)).toEqual([]);
      }
    });

    it("stamps every log line written while serving a request with that request's trace id", () => {
      const traceOf = new Map(REQUESTS.map((request) => [request.orderId, gatewayServerSpan(after.spans, request).traceId]));
      for (const service of SERVICES) {
        const lines = requestLines(after.outputs[service]);
        expect(lines.length, `${service} log lines`).toBeGreaterThan(0);
        const spanIds = new Set(after.spans.filter((span) => span.service === service).map((span) => span.spanId));
        for (const line of lines) {
          const traceId = traceOf.get(String(line.orderId));
          expect(traceId, `${service} line without a known orderId: ${JSON.stringify(line)}`).toBeDefined();
          expect({ trace_id: line.trace_id, flags: line.trace_flags }, JSON.stringify(line)).toEqual({
            trace_id: traceId,
            flags: '01',
          });
          expect(spanIds.has(String(line.span_id)), `${service} span_id of ${JSON.stringify(line)}`).toBe(true);
        }
      }
      // pino-mixin kept payments' own mixin: its field is still on every line.
      expect(after.outputs.payments.logs.every((line) => line.service === 'payments')).toBe(true);
      // The listening line is written outside any request: no trace fields.
      for (const service of SERVICES) {
        const listening = after.outputs[service].logs.find((line) => line.msg === 'listening');
        expect(listening && 'trace_id' in listening, `${service} listening line`).toBe(false);
      }
    });

    it('carries the tenant baggage from the gateway to orders', () => {
      for (const request of REQUESTS.filter((r) => r.kind === 'checkout')) {
        const started = after.outputs.orders.logs.find(
          (line) => line.orderId === request.orderId && line.msg === 'checkout started',
        );
        expect(started?.tenant, request.orderId).toBe(request.tenant);
      }
    });
  });

  describe('without the codemods', () => {
    it('answers the same requests with the same statuses', () => {
      for (const request of REQUESTS) {
        expect(before.responses.get(request.orderId)?.status, request.orderId).toBe(request.expectedStatus);
      }
      for (const service of SERVICES) expect(before.outputs[service].exitCode, service).toBe(0);
      expect(before.rejectedExports).toEqual([]);
    });

    it('emits disconnected traces: no trace id is shared between services', () => {
      const servers = before.spans.filter((span) => span.kind === SpanKind.SERVER);
      // Every service did export its server spans, so the disconnection is not missing data.
      const expectedServerCounts = Object.fromEntries(
        SERVICES.map((service) => [service, REQUESTS.filter((r) => servicesOf(r).includes(service)).length]),
      );
      const serverCounts = Object.fromEntries(
        SERVICES.map((service) => [service, servers.filter((span) => span.service === service).length]),
      );
      expect(serverCounts).toEqual(expectedServerCounts);

      const traceIdsOf = (service: ServiceName) =>
        new Set(before.spans.filter((span) => span.service === service).map((span) => span.traceId));
      for (const [a, b] of [
        ['gateway', 'orders'],
        ['orders', 'payments'],
        ['gateway', 'payments'],
      ] as const) {
        const shared = [...traceIdsOf(a)].filter((traceId) => traceIdsOf(b).has(traceId));
        expect(shared, `${a} and ${b} share trace ids`).toEqual([]);
      }
      // Every server span is a root: nothing arrived with a traceparent.
      expect(servers.filter((span) => span.parentSpanId)).toEqual([]);
      expect(before.spans.filter((span) => ALL_WRAPPED_NAMES.has(span.name))).toEqual([]);
    });

    it('writes log lines without trace fields, and the tenant never reaches orders', () => {
      for (const service of SERVICES) {
        expect(before.outputs[service].logs.filter((line) => 'trace_id' in line)).toEqual([]);
      }
      const tenants = before.outputs.orders.logs.filter((line) => line.msg === 'checkout started').map((l) => l.tenant);
      expect(tenants).toEqual(['unknown', 'unknown', 'unknown']);
    });
  });
});
