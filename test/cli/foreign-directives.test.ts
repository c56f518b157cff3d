/**
 * Inline comments that belong to the project's own ESLint setup (other plugins' disable directives, legacy
 * `eslint-env`, `global`, rule-setting comments, malformed ones) never become findings or failures of `lint` and
 * `check`, while `eslint-disable … otel/*` keeps working and unused otel/* directives are reported only when asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBin, tempDir, type TempDir } from './helpers.js';

let temps: TempDir[] = [];
afterEach(() => {
  for (const temp of temps) temp.remove();
  temps = [];
});

/** A CommonJS service module with the comment shapes real repositories are full of. */
const COMMONJS_SERVICE = `/* eslint-env node, mocha */
/* global __DEV__: readonly, window */
/*global $*/
/* exported startAudit */
/* eslint no-console: "off", unicorn/no-null: 0 */
/* eslint max-len: ["error", { "code": 120 }] */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-var-requires, import/no-extraneous-dependencies -- loaded lazily
const { SpanStatusCode, trace } = require('@opentelemetry/api');
const express = require('express'); // eslint-disable-line import/no-unresolved

const tracer = trace.getTracer('audit');

/* eslint-disable react-hooks/exhaustive-deps, unicorn/no-array-for-each */
async function loadOrders(db, ids) {
  return tracer.startActiveSpan('loadOrders', async (span) => {
    try {
      // eslint-disable-next-line no-restricted-syntax
      for (const id of ids) await db.touch(id);
      return await db.orders(ids);
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
/* eslint-enable react-hooks/exhaustive-deps, unicorn/no-array-for-each */

/* eslint-env browser */
function render(order) {
  // eslint-disable-next-line no-console -- debugging aid
  console.log(order === null ? 'none' : order.id); // eslint-disable-line unicorn/no-null
  return express;
}
/* eslint-enable */
//__LEAK__
module.exports = { loadOrders, render };
`;

/** An ESM TypeScript module: typescript-eslint, unicorn and react-hooks directives, ts-comments, a legacy env. */
const TYPESCRIPT_SERVICE = `/* eslint-env node */
/* eslint @typescript-eslint/explicit-function-return-type: ["warn"] */
/* eslint quotes: [error, single */
import { SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('payments');

/* eslint-disable @typescript-eslint/no-explicit-any */
export class PaymentsClient {
  constructor(private readonly http: any) {}

  // eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types
  async charge(orderId: string, amountCents: number) {
    return tracer.startActiveSpan('payments.charge', async (span) => {
      try {
        // eslint-disable-next-line @typescript-eslint/ban-ts-comment
        // @ts-ignore the client is untyped
        return await this.http.post('/charges', { orderId, amountCents });
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */

// eslint-disable-next-line unicorn/prefer-top-level-await, @typescript-eslint/no-floating-promises
export const ready = Promise.resolve(true);
//__LEAK__
`;

const LEAK_JS = `function startAudit(order) {
  const span = tracer.startSpan('audit');
  span.setAttribute('order.count', 1);
  return order;
}`;
const LEAK_TS = `export function startAudit(order: { id: string }) {
  const span = tracer.startSpan('audit');
  span.setAttribute('order.count', 1);
  return order;
}`;

function project(withLeak: boolean, extra: Record<string, string> = {}): TempDir {
  const temp = tempDir('directives');
  temps.push(temp);
  temp.write('package.json', JSON.stringify({ name: 'shop-services', private: true }));
  temp.write('src/audit.cjs', COMMONJS_SERVICE.replace('//__LEAK__', withLeak ? LEAK_JS : ''));
  temp.write('src/payments.ts', TYPESCRIPT_SERVICE.replace('//__LEAK__', withLeak ? LEAK_TS : ''));
  for (const [path, text] of Object.entries(extra)) temp.write(path, text);
  return temp;
}

interface JsonFinding {
  ruleId: string;
  line: number;
}
interface JsonReport {
  files: { path: string; findings: JsonFinding[] }[];
  failures: unknown[];
}

async function lintJson(args: string[], temp: TempDir): Promise<{ status: number | null; report: JsonReport }> {
  const result = await runBin([...args, '--format', 'json', 'src'], temp.dir);
  expect(result.stderr).toBe('');
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport };
}

function findingsOf(report: JsonReport): string[] {
  return report.files.flatMap((file) => file.findings.map((finding) => `${file.path}:${finding.line} ${finding.ruleId}`));
}

describe("other tools' inline comments", { timeout: 120_000 }, () => {
  it.each(['lint', 'check'])('%s: files full of them exit 0 with no findings and no failures', async (command) => {
    const temp = project(false);
    const result = await runBin([command, 'src'], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/eslint-env|Definition for rule|already configured|Unused eslint/);
    expect(result.stdout).toMatch(/0 findings/);
    expect(result.stdout).toMatch(/0 failed/);
    expect(result.status).toBe(0);
  });

  it('the same files with an unended span report exactly that span', async () => {
    const temp = project(true);
    const { status, report } = await lintJson(['lint'], temp);
    expect(report.failures).toEqual([]);
    const jsLine = COMMONJS_SERVICE.split('\n').indexOf('//__LEAK__') + 2;
    const tsLine = TYPESCRIPT_SERVICE.split('\n').indexOf('//__LEAK__') + 2;
    expect(findingsOf(report).sort()).toEqual([
      `src/audit.cjs:${jsLine} otel/end-span-in-finally`,
      `src/payments.ts:${tsLine} otel/end-span-in-finally`,
    ]);
    expect(status).toBe(1);
  });

  it('a file that does not parse is still a failure (exit 2), next to files with legacy comments', async () => {
    const temp = project(false, { 'src/broken.ts': '/* eslint-env node */\nexport const = 1;\n' });
    const { status, report } = await lintJson(['lint'], temp);
    expect(JSON.stringify(report.failures)).toMatch(/Parsing error/);
    expect(JSON.stringify(report.failures)).not.toMatch(/eslint-env/);
    expect(status).toBe(2);
  });
});

describe('otel/* directives', { timeout: 120_000 }, () => {
  const suppressed = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
export function startJob(name: string) {
  // eslint-disable-next-line otel/end-span-in-finally -- ended by the job runner
  const span = tracer.startSpan(name);
  span.setAttribute('job.kind', 'batch');
  return name;
}
`;
  const unused = `import { SpanStatusCode, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('jobs');
// eslint-disable-next-line otel/end-span-in-finally -- stale
export function run(job: { go(): void }) {
  return tracer.startActiveSpan('run', (span) => {
    try {
      return job.go();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
// eslint-disable-next-line no-console, @typescript-eslint/no-unused-vars
export const unusedForeign = 1;
/* eslint-disable */
export const blanket = 2;
`;

  it('eslint-disable-next-line otel/… still suppresses our finding', async () => {
    const temp = project(false, { 'src/jobs.ts': suppressed });
    const { status, report } = await lintJson(['lint'], temp);
    expect(findingsOf(report)).toEqual([]);
    expect(status).toBe(0);
  });

  it('an unused otel/* directive is silent by default', async () => {
    const temp = project(false, { 'src/stale.ts': unused });
    const { status, report } = await lintJson(['lint'], temp);
    expect(findingsOf(report)).toEqual([]);
    expect(status).toBe(0);
  });

  it('--report-unused-disable-directives reports unused otel/* directives only, never other tools\' ones', async () => {
    const temp = project(false, { 'src/stale.ts': unused });
    const { status, report } = await lintJson(['lint', '--report-unused-disable-directives'], temp);
    expect(findingsOf(report)).toEqual(['src/stale.ts:3 null']);
    expect(status).toBe(1);

    const stylish = await runBin(['lint', '--report-unused-disable-directives', 'src'], temp.dir);
    expect(stylish.stdout).toMatch(/Unused eslint-disable directive \(no problems were reported from 'otel\/end-span-in-finally'\)/);
  });

  it('the configuration key turns the report on, and a used directive is not reported', async () => {
    const temp = project(false, { 'src/stale.ts': unused, 'src/jobs.ts': suppressed });
    temp.write('package.json', JSON.stringify({ name: 'shop-services', 'otel-codemod': { reportUnusedDisableDirectives: true } }));
    const { report } = await lintJson(['check'], temp);
    expect(findingsOf(report)).toEqual(['src/stale.ts:3 null']);
  });

  it('a non-boolean configuration value is one clear line', async () => {
    const temp = project(false);
    temp.write('package.json', JSON.stringify({ name: 'shop-services', 'otel-codemod': { reportUnusedDisableDirectives: 'yes' } }));
    const result = await runBin(['lint', 'src'], temp.dir);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/"reportUnusedDisableDirectives" must be true or false/);
    expect(result.status).toBe(2);
  });
});
