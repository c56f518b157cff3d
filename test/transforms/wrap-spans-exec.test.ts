/**
 * Runs the transformed exec-* fixtures under the real SDK (in-memory exporter, async-hooks context) next to their
 * untransformed inputs: same return values and errors, plus spans with the right parents, statuses, exception events
 * and durations that cover the promises they wait for.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import ts from 'typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupOtelSdk } from '../helpers/otel-sdk.js';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'fixtures', 'wrap-spans');
const sdk = setupOtelSdk();
const workDir = mkdtempSync(join(tmpdir(), 'wrap-spans-exec-'));
// Bare imports (`@opentelemetry/api`) from the temp folder resolve to this repository's packages.
symlinkSync(join(repo, 'node_modules'), join(workDir, 'node_modules'), 'dir');
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(() => sdk.reset());

/** Writes a fixture (transpiled when TypeScript) to the temp folder and imports it with Node's own loader. */
async function load<T>(fixture: string): Promise<T> {
  const text = readFileSync(join(fixtures, fixture), 'utf8');
  const isTs = fixture.endsWith('.ts');
  const code = isTs
    ? ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
    : text;
  const file = join(workDir, fixture.replace(/\.ts$/, '.mjs'));
  writeFileSync(file, code);
  const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T & { default?: T };
  return fixture.endsWith('.cjs') ? (module.default as T) : module;
}

const spans = (): ReadableSpan[] => sdk.exporter.getFinishedSpans();
const span = (name: string): ReadableSpan => {
  const found = spans().filter((s) => s.name === name);
  expect(found, `one span named ${name}`).toHaveLength(1);
  return found[0];
};
const durationMs = (s: ReadableSpan): number => s.duration[0] * 1e3 + s.duration[1] / 1e6;
const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

function expectError(s: ReadableSpan, message: string, type: string): void {
  expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message });
  const exception = s.events.find((e) => e.name === 'exception');
  expect(exception?.attributes).toMatchObject({ 'exception.message': message, 'exception.type': type });
}

type Orders = typeof import('../../fixtures/wrap-spans/exec-orders.input.js');

describe('exec-orders.ts (TypeScript, ESM)', () => {
  let wrapped: Orders;
  let original: Orders;
  beforeAll(async () => {
    wrapped = await load<Orders>('exec-orders.output.ts');
    original = await load<Orders>('exec-orders.input.ts');
  });

  it('returns what the original returns, inside a span named by the tag', async () => {
    expect(await wrapped.loadOrder('a')).toEqual(await original.loadOrder('a'));
    const load = span('orders.load');
    expect(load.status.code).toBe(SpanStatusCode.UNSET);
    expect(load.instrumentationScope.name).toBe('shop');
    expect(durationMs(load)).toBeGreaterThanOrEqual(4);
  });

  it('records a rejection and rethrows the same error', async () => {
    const failure = await wrapped.loadOrder('zzz').catch((error: unknown) => error);
    const originalFailure = await original.loadOrder('zzz').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(wrapped.OrderError);
    expect(String(failure)).toBe(String(originalFailure));
    expectError(span('orders.load'), 'order zzz not found', 'OrderError');
  });

  it('nests child spans under the method that awaits them, keeping `this`', async () => {
    const checkout = new wrapped.Checkout(0.25);
    expect(await checkout.total(['a', 'b'])).toBe(await new original.Checkout(0.25).total(['a', 'b']));
    const total = span('Checkout.total');
    const children = spans().filter((s) => parentOf(s) === total.spanContext().spanId);
    expect(children.map((s) => s.name).sort()).toEqual(['Checkout.#withTax', 'orders.load', 'orders.load']);
    expect(new Set(spans().map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(parentOf(total)).toBeUndefined();
  });

  it('ends the span of a sync function returning a promise when the promise settles', async () => {
    const started = performance.now();
    expect(await wrapped.later('done', 60)).toBe('done');
    const waited = performance.now() - started;
    const later = span('later');
    expect(durationMs(later)).toBeGreaterThanOrEqual(55);
    expect(durationMs(later)).toBeLessThanOrEqual(waited + 1);
  });

  it('records the rejection of a returned promise', async () => {
    await expect(wrapped.failLater(20)).rejects.toThrow('payment declined');
    const failLater = span('failLater');
    expectError(failLater, 'payment declined', 'OrderError');
    expect(durationMs(failLater)).toBeGreaterThanOrEqual(15);
  });

  it('returns a plain value synchronously when the function does, a promise when it does', async () => {
    const sync = wrapped.quote(false);
    expect(sync).toBe(41);
    expect(span('quote').ended).toBe(true);
    sdk.reset();
    const pending = wrapped.quote(true);
    expect(pending).toBeInstanceOf(Promise);
    expect(spans().filter((s) => s.name === 'quote')).toHaveLength(0);
    expect(await pending).toBe(await original.quote(true));
    expect(durationMs(span('quote'))).toBeGreaterThanOrEqual(25);
    expect(parentOf(span('later'))).toBe(span('quote').spanContext().spanId);
  });

  it('gives back the very promise the function returned, methods of its own included, and ends the span when it settles', async () => {
    const inventory = { hold: (sku: string) => wrapped.holdLater(sku, 20) };
    const hold = wrapped.reserve(inventory, 'a-1');
    expect(hold.release()).toBe('released a-1');
    expect(spans().filter((s) => s.name === 'reserve')).toHaveLength(0);
    expect(await hold).toBe('a-1');
    expect(span('reserve').status.code).toBe(SpanStatusCode.UNSET);
    expect(durationMs(span('reserve'))).toBeGreaterThanOrEqual(15);
    sdk.reset();
    const failing = wrapped.reserve({ hold: (sku: string) => wrapped.holdLater(sku, 10, true) }, 'b-2');
    await expect(failing).rejects.toThrow('b-2 sold out');
    expectError(span('reserve'), 'b-2 sold out', 'OrderError');
  });

  it('throws the very same error object synchronously, and records it', () => {
    const error = new RangeError('boom');
    let thrown: unknown;
    try {
      wrapped.rethrow(error);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBe(error);
    expectError(span('rethrow'), 'boom', 'RangeError');
  });

  it('records a thrown non-Error with its string form', () => {
    expect(() => wrapped.rethrow('plain string')).toThrow('plain string');
    expect(span('rethrow').status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
  });

  it('keeps static methods and `arguments`', () => {
    expect(() => wrapped.Checkout.parseAmount('x')).toThrow(TypeError);
    expectError(span('Checkout.parseAmount'), 'not an amount: x', 'TypeError');
    expect(wrapped.Checkout.parseAmount('2.5')).toBe(2.5);
    expect(wrapped.countArguments(1, 2, 3)).toBe(original.countArguments(1, 2, 3));
    expect(wrapped.countArguments(1, 2, 3)).toBe(3);
  });
});

interface Legacy {
  lookup(key: string, asynchronously?: boolean): number | Promise<number>;
  rejectLater(message: string): Promise<never>;
  sum(...values: number[]): number;
  counter: { count: number };
}

describe('exec-legacy.cjs (CommonJS, --exported)', () => {
  let wrapped: Legacy;
  beforeAll(async () => {
    wrapped = await load<Legacy>('exec-legacy.output.cjs');
  });

  it('checks at run time whether the result is a promise', async () => {
    expect(wrapped.lookup('a')).toBe(1);
    expect(span('lookup').ended).toBe(true);
    sdk.reset();
    const started = performance.now();
    const pending = wrapped.lookup('b', true);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(2);
    expect(durationMs(span('lookup'))).toBeGreaterThanOrEqual(20);
    expect(durationMs(span('lookup'))).toBeLessThanOrEqual(performance.now() - started + 1);
  });

  it('records a synchronous throw from a maybe-promise function', () => {
    expect(() => wrapped.lookup('nope')).toThrow(RangeError);
    expectError(span('lookup'), 'unknown key nope', 'RangeError');
  });

  it('records a rejection from a promise-returning function', async () => {
    await expect(wrapped.rejectLater('gone')).rejects.toThrow('gone');
    expectError(span('rejectLater'), 'gone', 'Error');
  });

  it('passes `arguments` and `this` through', () => {
    expect(wrapped.sum(1, 2, 3)).toBe(6);
    expect(wrapped.counter.count).toBe(6);
    expect(span('sum').status.code).toBe(SpanStatusCode.UNSET);
  });
});
