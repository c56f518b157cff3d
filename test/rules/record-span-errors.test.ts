import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter, type ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/record-span-errors.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

/** The two-branch span's catch after either suggestion: both starts share the one catch. */
const twoBranchesRecorded = code`
  const { context, trace, SpanStatusCode } = require('@opentelemetry/api');
  const tracer = trace.getTracer('web');
  let bindingSpan;
  function traceSpan(name, func) {
    let singleSpan;
    if (bindingSpan) {
      singleSpan = tracer.startSpan(name, undefined, trace.setSpan(context.active(), bindingSpan));
    } else {
      singleSpan = tracer.startSpan(name);
    }
    return context.with(trace.setSpan(context.active(), singleSpan), () => {
      try {
        return func();
      } catch (error) {
        singleSpan.recordException(error as Error);
        singleSpan.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        singleSpan.end();
      }
    });
  }
  module.exports = { traceSpan };
`;

ruleTester.run('record-span-errors', rule, {
  valid: [
    {
      name: 'context.with hands the span to its callback as a parameter (the arguments after thisArg): recording on the parameter records on the span',
      code: code`
        import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('injector');
        export function traced<T>(name: string, work: () => T): T {
          const span = tracer.startSpan(name);
          return context.with(trace.setSpan(context.active(), span), (current: Span) => {
            try {
              return work();
            } catch (error) {
              current.recordException(error as Error);
              current.setStatus({ code: SpanStatusCode.ERROR });
              throw error;
            } finally {
              current.end();
            }
          }, undefined, span);
        }
      `,
    },
    {
      name: 'a facade over the span returned for the caller to drive (its recordException method): the taker records, nothing here to report',
      code: code`
        import { trace } from '@opentelemetry/api';
        type SpanLike = { end: () => void; recordException: (e: unknown) => void };
        export function startSpan(name: string): SpanLike {
          const span = trace.getTracer('chat').startSpan(name);
          return {
            end: () => span.end(),
            recordException: (e) => {
              span.recordException(e as Error);
            },
          };
        }
      `,
    },
    {
      name: "an 'exception' event written by hand (the event recordException adds) and ERROR status: both halves recorded",
      code: code`
        import { trace, type Span, type Tracer } from '@opentelemetry/api';
        export class Telemetry {
          private tracer: Tracer = trace.getTracer('gateway');
          async withSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
            const span = this.tracer.startSpan(name);
            try {
              return await fn(span);
            } catch (error) {
              const err = error as Error;
              span.setStatus({ code: 2, message: err.message });
              span.addEvent('exception', { 'exception.type': err.name, 'exception.message': err.message });
              throw error;
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'a span only made active for a callback whose one await cannot reject (a same-file async function that cannot fail): nothing to record',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('svc');
        let total = 0;
        async function bump(n: number) {
          total += n;
        }
        export async function run() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('run'));
          await context.with(ctx, async () => {
            await bump(1);
          });
        }
      `,
    },
    {
      name: "safeExecuteInTheMiddle's onFinish that records both in its if (err) branch, and a user hook's failure swallowed by preventThrowing",
      code: code`
        import { context, trace, SpanStatusCode } from '@opentelemetry/api';
        import { diag } from '@opentelemetry/api';
        import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
        const tracer = trace.getTracer('pubsub');
        export function publishPatch(this: unknown, original: (...args: unknown[]) => unknown, args: unknown[], hook?: (s: unknown) => void) {
          const span = tracer.startSpan('topic.publish');
          safeExecuteInTheMiddle(
            () => hook?.(span),
            (e) => {
              if (e) diag.error('hook failed', e);
            },
            true,
          );
          return context.with(trace.setSpan(context.active(), span), () =>
            safeExecuteInTheMiddle(
              () => original.apply(this, args),
              (err) => {
                if (err) {
                  span.recordException(err);
                  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
                }
                span.end();
              },
            ),
          );
        }
      `,
    },
    {
      name: 'OK status under a test of the error (a control-flow signal rethrown), every other error recorded',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { isRedirectError } from './navigation';
        const tracer = trace.getTracer('actions');
        export async function runAction<T>(name: string, action: () => Promise<T>): Promise<T> {
          return tracer.startActiveSpan(name, async (span) => {
            try {
              return await action();
            } catch (err) {
              if (isRedirectError(err)) {
                span.setStatus({ code: SpanStatusCode.OK });
                throw err;
              }
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'an error-report span handed, with the error, as an option to a helper named for failures',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const { captureFailure } = require('./failures');
        const tracer = trace.getTracer('process');
        process.on('uncaughtException', (error) => {
          tracer.startActiveSpan('process.uncaught_exception', (span) => {
            try {
              captureFailure(error, { kind: 'process', span });
            } finally {
              span.end();
            }
          });
        });
      `,
      filename: 'process.js',
      languageOptions: { sourceType: 'commonjs' },
    },
    {
      name: "an array callback's `(e) =>` (a result item) is no error path of the span started in it",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('checks');
        export function report(results: { ok: boolean; id: string }[]) {
          results.forEach((e) => {
            const span = tracer.startSpan('check.result');
            span.setAttribute('check.id', e.id);
            if (!e.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: 'check failed' });
            span.end();
          });
        }
      `,
    },
    {
      name: 'a per-item failure noted on the batch span as an event, the loop carrying on, is an expected condition',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export async function sendAll(items: string[], send: (item: string) => Promise<void>) {
          const span = tracer.startSpan('batch.send');
          const failed: string[] = [];
          try {
            for (const item of items) {
              try {
                await send(item);
              } catch (err) {
                span.addEvent('item failed', { item, reason: String(err) });
                failed.push(item);
              }
            }
          } finally {
            span.end();
          }
          return failed;
        }
      `,
    },
    {
      name: 'an error-report span that already carries the exception and ERROR status when a later call fails',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('autotel-web');
        export function captureException(error: unknown, exceptionList: unknown[]) {
          tracer.startActiveSpan('unhandled_error', (span) => {
            const normalized = error instanceof Error ? error : new Error(String(error));
            span.recordException(normalized);
            span.setStatus({ code: SpanStatusCode.ERROR, message: normalized.message });
            span.setAttribute('exception.list', JSON.stringify(exceptionList));
            span.end();
          });
        }
      `,
    },
    {
      name: "a React error boundary's report span records the exception first; a later failure does not make it unrecorded",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export class ErrorBoundary {
          componentDidCatch(error: Error, info: { componentStack: string }) {
            tracer.startActiveSpan('react.error', (span) => {
              span.recordException(error);
              span.setAttribute('react.info', JSON.stringify(info));
              span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
              span.end();
            });
          }
        }
      `,
    },
    {
      name: "a catch that records the exception, with the try's finally setting ERROR status from the response",
      code: code`
        import { SpanStatusCode, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('site');
        export function observability() {
          return async (ctx: { res?: { status: number } }, next: () => Promise<void>) => {
            await tracer.startActiveSpan('middleware', async (span) => {
              try {
                await next();
              } catch (e) {
                span.recordException(e as Error);
                throw e;
              } finally {
                const status = ctx.res?.status ?? 500;
                span.setStatus({ code: status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.OK });
                span.end();
              }
            });
          };
        }
      `,
    },
    {
      name: 'a span handed to a same-file wrapper that records the exception and sets ERROR status, and one ended by a helper that only ends it',
      code: code`
        import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function runJob(job: { id: string; run(): Promise<void> }) {
          const span = tracer.startSpan('job.run');
          await withSpan(span, () => job.run());
        }
        export function handle(message: string, handler: (m: string) => string) {
          const span = tracer.startSpan('message.handle');
          let result: string;
          try {
            result = handler(message);
          } catch (error) {
            span.recordException(error as Error);
            endSpan(span, error as Error);
            throw error;
          }
          endSpan(span);
          return result;
        }
        async function withSpan(span: Span, work: () => Promise<void>) {
          try {
            await work();
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        }
        function endSpan(span: Span, error?: Error) {
          if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          else span.setStatus({ code: SpanStatusCode.OK });
          span.end();
        }
      `,
    },
    {
      name: 'an error-report span recording through an optional chain',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('errors');
        export function report(error: Error, list: unknown[]) {
          const span = trace.getActiveSpan() ? tracer.startSpan('error.report') : undefined;
          span?.recordException(error);
          span?.setAttribute('exception.list', JSON.stringify(list));
          span?.end();
        }
      `,
    },
    {
      name: 'a catch that records both halves and hands the span to a wrapper helper; a wrapper configured in errorHelpers',
      code: code`
        import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function run(work: () => number) {
          const span = tracer.startSpan('run');
          try {
            return work();
          } catch (e) {
            span.recordException(e as Error);
            failSpan(span, e as Error);
            throw e;
          }
        }
        export function exec(original: () => number) {
          const span = tracer.startSpan('exec');
          return genericWrap(original, span);
        }
        function failSpan(span: Span, error: Error) {
          try {
            span.setAttribute('error.type', error.name);
          } catch {
            // attributes are best effort
          }
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
        function genericWrap(original: () => number, span: Span) {
          try {
            return original();
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      options: [{ errorHelpers: ['genericWrap'] }],
    },
    {
      name: "an 'error' listener declared first that records the error and sets ERROR status",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { SocketEvent } from './events';
        const tracer = trace.getTracer('tls-tracing');
        export function traceSecureConnect(socket: NodeJS.EventEmitter) {
          const span = tracer.startSpan('tls.connect');
          const onError = (e: Error) => {
            span.recordException(e);
            span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
            span.end();
          };
          socket.prependOnceListener(SocketEvent.SECURE_CONNECT, () => span.end());
          socket.once(SocketEvent.ERROR, onError);
        }
      `,
    },
    {
      name: "an imported or reassignable 'error' handler is not read, and an event constant that is not the error event is no error path",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { onSocketError } from './handlers';
        const tracer = trace.getTracer('tls-tracing');
        export function traceSecureConnect(socket: NodeJS.EventEmitter, Events: Record<string, string>) {
          const span = tracer.startSpan('tls.connect');
          let onClose = (hadError: boolean) => span.end();
          socket.once('error', onSocketError);
          socket.on(Events.ERROR_COUNT, (count: number) => span.setStatus({ code: SpanStatusCode.ERROR, message: String(count) }));
          socket.once('close', onClose);
          onClose = () => undefined;
        }
      `,
    },
    {
      name: "a span started in a page's 'error' listener records the error and sets ERROR status",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('page-errors');
        export function instrumentGlobalErrors() {
          window.addEventListener('error', (event) => {
            const span = tracer.startSpan('page.error');
            span.recordException(event.error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: event.message });
            span.end();
          });
        }
      `,
    },
    {
      name: 'a catch that notes the error as a span event and answers with a placeholder treats it as expected',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        export async function readDocument(name: string, parse: (name: string) => Promise<string>) {
          return tracer.startActiveSpan('file.read', async (span) => {
            try {
              const content = await parse(name);
              span.setAttribute('file.lines', content.split('\\n').length);
              return content;
            } catch (parseError) {
              span.addEvent('parse failed', { 'error.message': String(parseError).slice(0, 500) });
              span.setAttribute('file.outcome', 'parse_failed');
              return \`[could not parse \${name}]\`;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'a look-alike span (a wrapper made by a test helper) is not judged for recorded errors',
      code: code`
        import { context } from '@opentelemetry/api';
        import { createSpanTest } from './helpers';
        it('records attributes', async () => {
          const { wrappedSpan } = createSpanTest(context.active());
          wrappedSpan.setAttribute('a', 1);
          await wrappedSpan.flush();
          wrappedSpan.end();
        });
      `,
    },
    {
      name: 'a catch inside a callback stored for later is not in the span scope (and registering the listener cannot throw)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export function connect(socket: Socket) {
          const span = tracer.startSpan('ws.connect');
          socket.on('message', (raw: string) => {
            try {
              handle(JSON.parse(raw));
            } catch (err) {
              logger.error(err);
            }
          });
          span.end();
        }
      `,
    },
    {
      name: 'startActiveSpan: catch records the exception and sets ERROR with a message, then rethrows',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export function placeOrder(cart: Cart) {
          return tracer.startActiveSpan('checkout.place_order', async (span) => {
            try {
              return await orders.create(cart);
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'CommonJS startSpan with destructured require and `code: 2`',
      filename: 'worker.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('jobs');
        async function runJob(job) {
          const span = tracer.startSpan('jobs.run');
          try {
            await job.execute();
          } catch (error) {
            span.recordException(error);
            span.setStatus({ code: 2 });
            throw error;
          } finally {
            span.end();
          }
        }
        module.exports = { runJob };
      `,
    },
    {
      name: 'namespace import: api.SpanStatusCode.ERROR counts',
      code: code`
        import * as api from '@opentelemetry/api';
        const tracer = api.trace.getTracer('inventory');
        export async function reserve(sku: string) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            return await stock.reserve(sku);
          } catch (e) {
            span.recordException(e as Error);
            span.setStatus({ code: api.SpanStatusCode.ERROR });
            throw e;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'instrumentation style: otel.SpanStatusCode.ERROR after recordException, error normalised first',
      filename: 'instrumentation.js',
      languageOptions: commonjs,
      code: code`
        const otel = require('@opentelemetry/api');
        class PoolInstrumentation {
          _patchQuery(original) {
            const instrumentation = this;
            return function query(...args) {
              const span = instrumentation.tracer.startSpan('pool.query', { kind: otel.SpanKind.CLIENT });
              try {
                return original.apply(this, args);
              } catch (anyError) {
                const [error, message] = asErrorAndMessage(anyError);
                span.recordException(error);
                span.setStatus({ code: otel.SpanStatusCode.ERROR, message });
                throw anyError;
              } finally {
                span.end();
              }
            };
          }
        }
        module.exports = { PoolInstrumentation };
      `,
    },
    {
      name: 'cache read: `catch { return fallback }` without a binding is an expected condition',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export async function readCache(key: string): Promise<string | null> {
          const span = tracer.startSpan('cache.get');
          try {
            return await redis.get(key);
          } catch {
            return null;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'unused error binding and a fallback value is handled, not an error',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('config');
        export function loadFlags(raw: string) {
          return tracer.startActiveSpan('flags.parse', (span) => {
            let flags: Record<string, boolean>;
            try {
              flags = JSON.parse(raw);
            } catch (_ignored) {
              flags = {};
            }
            span.end();
            return flags;
          });
        }
      `,
    },
    {
      name: 'an error only logged at warn level while continuing a batch is handled',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('mailer');
        export async function sendAll(messages: Message[]) {
          return tracer.startActiveSpan('mailer.send_all', async (span) => {
            let sent = 0;
            for (const message of messages) {
              try {
                await smtp.send(message);
                sent++;
              } catch (err) {
                logger.warn({ err, to: message.to }, 'skipping undeliverable message');
              }
            }
            span.setAttribute('mailer.sent', sent);
            span.end();
            return sent;
          });
        }
      `,
    },
    {
      name: 'instrumentation hook failure reported through diag is not the traced operation failing',
      code: code`
        import { context, diag, trace, SpanStatusCode } from '@opentelemetry/api';
        export class QueueInstrumentation {
          private tracer = trace.getTracer('queue');
          patchPublish(original: Function, config: { publishHook?: (span: unknown, msg: unknown) => void }) {
            const self = this;
            return function publish(this: unknown, msg: unknown) {
              const span = self.tracer.startSpan('queue publish');
              if (config.publishHook) {
                try {
                  config.publishHook(span, msg);
                } catch (e) {
                  diag.error('queue instrumentation: publishHook failed', e);
                }
              }
              try {
                return context.with(trace.setSpan(context.active(), span), () => original.call(this, msg));
              } catch (err) {
                span.recordException(err as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                throw err;
              } finally {
                span.end();
              }
            };
          }
        }
      `,
    },
    {
      name: 'an inner catch rethrows to an outer catch of the same span, which records',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export async function charge(order: Order) {
          const span = tracer.startSpan('payments.charge');
          try {
            let receipt;
            try {
              receipt = await gateway.charge(order);
            } catch (err) {
              if (isRetryable(err)) receipt = await gateway.charge(order);
              else throw err;
            }
            return receipt;
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'errorHelpers option: plain, this. and member calls count',
      options: [{ errorHelpers: ['setSpanError'] }],
      code: code`
        import { trace } from '@opentelemetry/api';
        import { setSpanError } from './telemetry';
        import * as telemetry from './telemetry';
        const tracer = trace.getTracer('search');
        export class SearchService {
          async query(q: string) {
            const span = tracer.startSpan('search.query');
            try {
              return await this.index.search(q);
            } catch (err) {
              setSpanError(span, err);
              throw err;
            } finally {
              span.end();
            }
          }
          async suggest(q: string) {
            return tracer.startActiveSpan('search.suggest', async (span) => {
              try {
                return await this.index.suggest(q);
              } catch (err) {
                this.setSpanError(span, err);
                throw err;
              } finally {
                span.end();
              }
            });
          }
          async count(q: string) {
            const span = tracer.startSpan('search.count');
            return this.index.count(q).catch((err: Error) => {
              telemetry.setSpanError(span, err);
              throw err;
            }).finally(() => span.end());
          }
        }
      `,
    },
    {
      name: 'same-file helper function declaration that does both, defined after use',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        export async function invoice(customerId: string) {
          const span = tracer.startSpan('billing.invoice');
          try {
            return await invoices.create(customerId);
          } catch (error) {
            failSpan(span, error);
            throw error;
          } finally {
            span.end();
          }
        }
        function failSpan(span: Span, error: unknown) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        }
      `,
    },
    {
      name: 'two partial same-file helpers (const arrows) together do both',
      code: code`
        import { trace, SpanStatusCode, Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('uploads');
        const recordError = (target: Span, err: unknown) => target.recordException(err as Error);
        const markFailed = (target: Span) => target.setStatus({ code: SpanStatusCode.ERROR });
        export function upload(file: Blob) {
          return tracer.startActiveSpan('uploads.put', async (span) => {
            try {
              return await bucket.put(file);
            } catch (err) {
              recordError(span, err);
              markFailed(span);
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'class method helper `this.fail(span, err)`, which calls another helper',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        export class UserRepository {
          private readonly tracer = trace.getTracer('users');
          async find(id: string) {
            const span = this.tracer.startSpan('users.find');
            try {
              return await this.db.users.findUnique({ where: { id } });
            } catch (err) {
              this.fail(span, err);
              throw err;
            } finally {
              span.end();
            }
          }
          private fail(span: Span, err: unknown): void {
            this.#record(span, err);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          #record(span: Span, err: unknown) {
            span.recordException(err as Error);
          }
        }
      `,
    },
    {
      name: 'an imported helper handed both the span and the error is trusted (we cannot see into it)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { endSpan } from './utils';
        export class RedisInstrumentation {
          tracer = trace.getTracer('redis');
          wrapSend(original: (cmd: string) => unknown) {
            const self = this;
            return function send(this: unknown, cmd: string) {
              const span = self.tracer.startSpan(cmd);
              try {
                return original.call(this, cmd);
              } catch (error) {
                endSpan(span, error);
                throw error;
              }
            };
          }
        }
      `,
    },
    {
      name: 'requireRecordException: false accepts ERROR status alone',
      options: [{ requireRecordException: false }],
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('pricing');
        export async function quote(items: Item[]) {
          return tracer.startActiveSpan('pricing.quote', async (span) => {
            try {
              return await engine.quote(items);
            } catch (err) {
              logger.error({ err }, 'quote failed');
              span.setStatus({ code: SpanStatusCode.ERROR, message: 'quote failed' });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: "Sentry's startSpan({ name }, cb) is not OpenTelemetry",
      code: code`
        import * as Sentry from '@sentry/node';
        export async function handler(req: Request) {
          return Sentry.startSpan({ name: 'handler' }, async () => {
            try {
              return await process(req);
            } catch (err) {
              console.error(err);
              throw err;
            }
          });
        }
      `,
    },
    {
      name: 'a project wrapper named startSpan with another receiver is not a tracer',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { metrics } from './metrics';
        export async function sync() {
          const timer = metrics.startSpan('sync');
          try {
            await remote.sync();
          } catch (err) {
            console.error('sync failed', err);
          } finally {
            timer.end();
          }
          return trace.getActiveSpan();
        }
      `,
    },
    {
      name: 'promise chain: .catch records both and rethrows',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('profile');
        export function fetchProfile(id: string) {
          const span = tracer.startSpan('profile.fetch');
          return http
            .get(\`/profiles/\${id}\`)
            .then((res) => res.json())
            .catch((err) => {
              span.recordException(err);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            })
            .finally(() => span.end());
        }
      `,
    },
    {
      name: '.then(onFulfilled, onRejected) that records both',
      filename: 'avatar.mjs',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('avatars');
        export function resize(image) {
          return tracer.startActiveSpan('avatars.resize', (span) =>
            sharp(image).resize(128).toBuffer().then(
              (buffer) => { span.end(); return buffer; },
              (error) => {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw error;
              },
            ),
          );
        }
      `,
    },
    {
      name: 'a fire-and-forget .catch whose promise nobody awaits is not the span\'s error path',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('signup');
        export async function signup(user: User) {
          return tracer.startActiveSpan('signup', async (span) => {
            try {
              const created = await users.create(user);
              analytics.track('signup', created.id).catch((err) => logger.error(err, 'analytics failed'));
              return created;
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'express handler: records both, then hands the error to next()',
      filename: 'routes.js',
      languageOptions: commonjs,
      code: code`
        const express = require('express');
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('api');
        const router = express.Router();
        router.get('/orders/:id', async (req, res, next) => {
          const span = tracer.startSpan('GET /orders/:id');
          try {
            res.json(await orders.find(req.params.id));
          } catch (err) {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
            next(err);
          } finally {
            span.end();
          }
        });
        module.exports = router;
      `,
    },
    {
      name: 'nested spans: each catch records on its own span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export function syncAccount(id: string) {
          return tracer.startActiveSpan('sync.account', async (parent) => {
            try {
              const rows = await tracer.startActiveSpan('sync.fetch', async (child) => {
                try {
                  return await remote.fetch(id);
                } catch (err) {
                  child.recordException(err as Error);
                  child.setStatus({ code: SpanStatusCode.ERROR });
                  throw err;
                } finally {
                  child.end();
                }
              });
              return await store.save(rows);
            } catch (err) {
              parent.recordException(err as Error);
              parent.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              parent.end();
            }
          });
        }
      `,
    },
    {
      name: 'context.with(...) runs its callback at once: the catch inside records',
      code: code`
        import { context, trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('rpc');
        export function call(method: string, payload: unknown) {
          const span = tracer.startSpan(\`rpc \${method}\`);
          return context.with(trace.setSpan(context.active(), span), async () => {
            try {
              return await client.invoke(method, payload);
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'an error stored for later and recorded after the try',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export async function flush(queue: Job[]) {
          const span = tracer.startSpan('batch.flush');
          let failure: unknown;
          for (const job of queue) {
            try {
              await job.run();
            } catch (err) {
              failure = err;
            }
          }
          if (failure) {
            span.recordException(failure as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        }
      `,
    },
    {
      name: 'try/finally inside an outer try/catch of the same span that records',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        export async function copy(src: string, dst: string) {
          return tracer.startActiveSpan('files.copy', async (span) => {
            try {
              const handle = await fs.open(src);
              try {
                await pipeline(handle.createReadStream(), fs.createWriteStream(dst));
              } finally {
                await handle.close();
                span.addEvent('closed');
              }
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'try/finally whose body only sets span attributes cannot throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('tags');
        export function tag(name: string) {
          const span = tracer.startSpan('tag');
          try {
            span.setAttribute('tag.name', name);
            span.setAttribute('tag.length', name.length);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'status from a helper expression and the active span lookup count',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { toStatus } from './status';
        const tracer = trace.getTracer('grpc');
        export function unary(method: string, req: unknown) {
          return tracer.startActiveSpan(method, async (span) => {
            try {
              return await channel.unary(method, req);
            } catch (err) {
              trace.getActiveSpan()?.recordException(err as Error);
              span.setStatus(toStatus(err));
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'async generator streaming rows inside a span records on failure',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function* streamRows(sql: string) {
          const span = tracer.startSpan('db.stream');
          try {
            for await (const row of db.stream(sql)) yield row;
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a handler with its error unused (fallback value) in a returned chain',
      filename: 'geo.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('geo');
        export function lookup(ip) {
          return tracer.startActiveSpan('geo.lookup', (span) =>
            geoip.lookup(ip).catch(() => ({ country: 'unknown' })).finally(() => span.end()),
          );
        }
      `,
    },
    {
      name: 'OK status on the success path is fine',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('health');
        export async function probe() {
          const span = tracer.startSpan('health.probe');
          try {
            await db.ping();
            span.setStatus({ code: SpanStatusCode.OK });
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'an unbound span handed to a helper that owns it is not tracked',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function run(job: Job) {
          return withSpan(tracer.startSpan('jobs.run'), async () => {
            try {
              return await job.execute();
            } catch (err) {
              logger.error(err);
              throw err;
            }
          });
        }
      `,
    },
    {
      name: 'rollback and cleanup catches (inside a catch or a finally) are not the operation\'s error path',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('accounts');
        export async function transfer(from: string, to: string, amount: number) {
          const span = tracer.startSpan('accounts.transfer');
          const tx = await db.begin();
          try {
            await tx.debit(from, amount);
            await tx.credit(to, amount);
            await tx.commit();
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            try {
              await tx.rollback();
            } catch (rollbackError) {
              logger.error(rollbackError, 'rollback failed');
            }
            throw err;
          } finally {
            try {
              await tx.release();
            } catch (releaseError) {
              logger.error(releaseError, 'release failed');
            }
            span.end();
          }
        }
      `,
    },
    {
      name: 'an awaited .catch that rethrows into a recording catch of the same span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('feeds');
        export async function refresh(feed: Feed) {
          return tracer.startActiveSpan('feeds.refresh', async (span) => {
            try {
              const body = await http.get(feed.url).catch((err) => {
                metrics.increment('feeds.fetch_failed');
                throw err;
              });
              return parse(body);
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'a 4xx answer is the client\'s fault: HTTP conventions leave the server span UNSET',
      filename: 'signup-route.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('api');
        router.post('/signup', async (req, res) => {
          await tracer.startActiveSpan('POST /signup', async (span) => {
            try {
              const input = signupSchema.parse(req.body);
              res.status(201).json(await users.create(input));
            } catch (err) {
              res.status(400).json({ error: err.message });
            } finally {
              span.end();
            }
          });
        });
      `,
    },
    {
      name: 'OK in a catch that deliberately treats the error as success (already cancelled, answer 200)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function cancel(req: Request, res: Response) {
          return tracer.startActiveSpan('orders.cancel', async (span) => {
            try {
              await orders.cancel(req.params.id);
              return res.status(200).end();
            } catch (err) {
              if (!(err instanceof AlreadyCancelledError)) throw err;
              span.setStatus({ code: SpanStatusCode.OK });
              return res.status(200).end();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'an error callback that sets ERROR status, with the exception recorded by the same callback',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sdk');
        export function traced<T>(name: string, fn: () => T): T {
          return tracer.startActiveSpan(name, (span) =>
            handleCallbackErrors(
              fn,
              (error: Error) => {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
              },
              () => span.end(),
            ),
          );
        }
      `,
    },
    {
      name: 'setting ERROR status in a callback, with requireRecordException off',
      options: [{ requireRecordException: false }],
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sdk');
        export function traced<T>(name: string, fn: () => T): T {
          return tracer.startActiveSpan(name, (span) =>
            handleCallbackErrors(fn, () => span.setStatus({ code: SpanStatusCode.ERROR }), () => span.end()),
          );
        }
      `,
    },
    {
      name: 'another tracing library\'s span (context(), only passed around) from a tracer made here is not judged',
      filename: 'unit.spec.js',
      languageOptions: commonjs,
      code: code`
        const Tracer = require('../../dd-trace/src/tracer');
        const tracer = new Tracer(getConfig());
        it('adds trace_id when a span is active', () => {
          const span = tracer.startSpan('test');
          storage.run({ span }, () => {
            const record = {};
            publish(record);
            assert.strictEqual(record.trace_id, span.context().toTraceId());
          });
        });
        it('finds the root span', () => {
          const childOf = tracer.startSpan('parent');
          tracer.trace('child', { childOf }, () => {
            assert.strictEqual(getRootSpan(), childOf);
          });
        });
      `,
    },
    {
      name: 'ERROR status for a 5xx response in a finish listener, and for failed results in forEach: no exception to record',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function track(res: Response, results: Result[]) {
          const span = tracer.startSpan('http.track');
          results.forEach((r) => {
            if (!r.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: r.reason });
          });
          res.on('finish', () => {
            if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          });
        }
      `,
    },
    {
      name: 'a success-only chain kept in a variable whose rejection is handled on the same span elsewhere',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('catalog');
        export function load(url: string) {
          const span = tracer.startSpan('catalog.load');
          const p = fetch(url).then((r) => {
            span.end();
            return r;
          });
          p.catch((e) => {
            span.recordException(e);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          });
          return p;
        }
      `,
    },
    {
      name: 'a success-only chain is fine when a .catch later in the chain records and ends the span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('catalog');
        export function loadProduct(id: string) {
          const span = tracer.startSpan('catalog.load');
          return fetch('/products/' + id)
            .then((res) => {
              span.end();
              return res.json();
            })
            .catch((err) => {
              span.recordException(err);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw err;
            });
        }
      `,
    },
    {
      name: 'then(onFulfilled, onRejected) both ending the span, in CommonJS',
      filename: 'loader.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('loader');
        function load(key) {
          const span = tracer.startSpan('loader.load');
          return batch.load(key).then(
            (value) => {
              span.end();
              return value;
            },
            (error) => {
              span.recordException(error);
              span.setStatus({ code: api.SpanStatusCode.ERROR });
              span.end();
              throw error;
            },
          );
        }
        module.exports = { load };
      `,
    },
    {
      name: 'an awaited success-only chain: a rejection is a throw at the await, caught and recorded there',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export async function pull(source: Source) {
          const span = tracer.startSpan('sync.pull');
          try {
            await source.read().then((rows) => {
              span.setAttribute('rows', rows.length);
              span.end();
            });
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw err;
          }
        }
      `,
    },
    {
      name: 'a span handed to the caller along with a success-only chain is the caller\'s to finish',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('uploads');
        export function startUpload(file: Blob) {
          const span = tracer.startSpan('uploads.send');
          const done = send(file).then(() => span.end());
          return { span, done };
        }
      `,
    },
  ],
  invalid: [
    {
      name: "dd-trace's span (OpenTracing, finished in finally): a catch that answers 500 records nothing on it, and no suggestion writes OpenTelemetry calls",
      filename: 'legacy.js',
      languageOptions: commonjs,
      code: code`
        const tracer = require('dd-trace').init();
        module.exports = async (req, res) => {
          const span = tracer.startSpan('custom.operation');
          try {
            await doWork(req);
          } catch (err) {
            res.status(500).send(err.message);
          } finally {
            span.finish();
          }
        };
      `,
      errors: [{ messageId: 'foreignErrorNotRecorded', line: 6, data: { span: 'span', line: '3' }, suggestions: [] }],
    },
    {
      name: 'a span started on one of two branches into the same variable: the catch is the error path of each start, reported for each',
      code: code`
        const { context, trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('web');
        let bindingSpan;
        function traceSpan(name, func) {
          let singleSpan;
          if (bindingSpan) {
            singleSpan = tracer.startSpan(name, undefined, trace.setSpan(context.active(), bindingSpan));
          } else {
            singleSpan = tracer.startSpan(name);
          }
          return context.with(trace.setSpan(context.active(), singleSpan), () => {
            try {
              return func();
            } catch (error) {
              singleSpan.setStatus({ code: SpanStatusCode.ERROR });
              throw error;
            } finally {
              singleSpan.end();
            }
          });
        }
        module.exports = { traceSpan };
      `,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 14,
          data: { span: 'singleSpan', line: '9' },
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: twoBranchesRecorded,
            },
          ],
        },
        {
          messageId: 'missingRecordException',
          line: 14,
          data: { span: 'singleSpan', line: '7' },
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: twoBranchesRecorded,
            },
          ],
        },
      ],
    },
    {
      name: "a plugin's hook object returned to its framework reads the errors out of the result and records them without ERROR status: the span's error handling, not a facade",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('gql');

        export const useTracing = () => ({
          onExecute({ args }: { args: { operationName?: string } }) {
            const span = tracer.startSpan(args.operationName ?? 'execute');
            return {
              onExecuteDone({ result }: { result: { errors?: readonly Error[] } }) {
                for (const error of result.errors ?? []) span.recordException(error);
                span.end();
              },
            };
          },
        });
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 9 }],
    },
    {
      name: "an error-report span that writes the exception event by hand and sets no status",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function reportFailure(err: Error) {
          const span = tracer.startSpan('job.failed');
          span.addEvent(\`exception\`, { 'exception.message': err.message, 'exception.type': err.name });
          span.end();
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 5 }],
    },
    {
      name: 'context.with hands the span to its callback as a parameter: a catch that sets ERROR status on the parameter only still loses the exception',
      code: code`
        import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('injector');
        export function traced<T>(name: string, work: () => T): T {
          const span = tracer.startSpan(name);
          return context.with(trace.setSpan(context.active(), span), (current: Span) => {
            try {
              return work();
            } catch (error) {
              current.setStatus({ code: SpanStatusCode.ERROR });
              throw error;
            } finally {
              current.end();
            }
          }, undefined, span);
        }
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
                const tracer = trace.getTracer('injector');
                export function traced<T>(name: string, work: () => T): T {
                  const span = tracer.startSpan(name);
                  return context.with(trace.setSpan(context.active(), span), (current: Span) => {
                    try {
                      return work();
                    } catch (error) {
                      span.recordException(error as Error);
                      current.setStatus({ code: SpanStatusCode.ERROR });
                      throw error;
                    } finally {
                      current.end();
                    }
                  }, undefined, span);
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a hook returned to the framework that records the resolver's error without ERROR status is the span's error handling",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('graphql');
        export function onResolve(field: string) {
          const span = tracer.startSpan(field);
          return ({ result }: { result: unknown }) => {
            if (result instanceof Error) span.recordException(result);
            span.end();
          };
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 6 }],
    },
    {
      name: "an event with another name is not the exception: ERROR status and addEvent('error', ...) still lose the exception; an 'exception' event alone still lacks ERROR status",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { charge } from './payments';
        const tracer = trace.getTracer('billing');
        export async function pay(id: string) {
          const span = tracer.startSpan('pay');
          try {
            return await charge(id);
          } catch (err) {
            span.addEvent('error', { message: String(err) });
            span.setStatus({ code: 2 });
            throw err;
          } finally {
            span.end();
          }
        }
        export async function refund(id: string) {
          const span = tracer.startSpan('refund');
          try {
            return await charge(id);
          } catch (err) {
            span.addEvent('exception', { 'exception.message': String(err) });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { charge } from './payments';
                const tracer = trace.getTracer('billing');
                export async function pay(id: string) {
                  const span = tracer.startSpan('pay');
                  try {
                    return await charge(id);
                  } catch (err) {
                    span.addEvent('error', { message: String(err) });
                    span.recordException(err as Error);
                    span.setStatus({ code: 2 });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
                export async function refund(id: string) {
                  const span = tracer.startSpan('refund');
                  try {
                    return await charge(id);
                  } catch (err) {
                    span.addEvent('exception', { 'exception.message': String(err) });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
        {
          messageId: 'missingErrorStatus',
          line: 20,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { charge } from './payments';
                const tracer = trace.getTracer('billing');
                export async function pay(id: string) {
                  const span = tracer.startSpan('pay');
                  try {
                    return await charge(id);
                  } catch (err) {
                    span.addEvent('error', { message: String(err) });
                    span.setStatus({ code: 2 });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
                export async function refund(id: string) {
                  const span = tracer.startSpan('refund');
                  try {
                    return await charge(id);
                  } catch (err) {
                    span.addEvent('exception', { 'exception.message': String(err) });
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a numeric OK status (code: 1) with a message in a catch: one report, whose suggestions set ERROR and record the exception (it is not called an ERROR status)',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const fs = require('fs');
        const tracer = trace.getTracer('users');
        function readUsers() {
          return tracer.startActiveSpan('readUsers', (span) => {
            try {
              return JSON.parse(fs.readFileSync('users.json', 'utf8'));
            } catch (err) {
              span.setStatus({ code: 1, message: err.message });
              return [];
            } finally {
              span.end();
            }
          });
        }
        module.exports = { readUsers };
      `,
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        {
          messageId: 'okStatusInCatch',
          line: 9,
          suggestions: [
            {
              messageId: 'suggestErrorInsteadOfOk',
              output: code`
                const { trace } = require('@opentelemetry/api');
                const fs = require('fs');
                const tracer = trace.getTracer('users');
                function readUsers() {
                  return tracer.startActiveSpan('readUsers', (span) => {
                    try {
                      return JSON.parse(fs.readFileSync('users.json', 'utf8'));
                    } catch (err) {
                      span.setStatus({ code: 2, message: err.message });
                      return [];
                    } finally {
                      span.end();
                    }
                  });
                }
                module.exports = { readUsers };
              `,
            },
            {
              messageId: 'suggestRecordException',
              data: { span: 'span' },
              output: code`
                const { trace } = require('@opentelemetry/api');
                const fs = require('fs');
                const tracer = trace.getTracer('users');
                function readUsers() {
                  return tracer.startActiveSpan('readUsers', (span) => {
                    try {
                      return JSON.parse(fs.readFileSync('users.json', 'utf8'));
                    } catch (err) {
                      span.recordException(err as Error);
                      span.setStatus({ code: 1, message: err.message });
                      return [];
                    } finally {
                      span.end();
                    }
                  });
                }
                module.exports = { readUsers };
              `,
            },
          ],
        },
      ],
    },
    {
      name: "RxJS error callbacks are the span's error handling (a NestJS interceptor): tap's error that only sets ERROR status is reported, catchError that records both is not, and setup calls before the pipe are not reported",
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        import { Observable, tap, catchError, throwError } from 'rxjs';
        import { getContext } from './context';
        const tracer = trace.getTracer('nest');
        export class TraceInterceptor {
          intercept(next: { handle(): Observable<unknown> }) {
            return tracer.startActiveSpan('handler', (span: Span) => {
              span.setAttribute('tag', getContext().tag);
              return next.handle().pipe(
                tap({
                  error: (error: Error) => {
                    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
                  },
                  finalize: () => span.end(),
                }),
              );
            });
          }
          interceptTwo(next: { handle(): Observable<unknown> }) {
            return tracer.startActiveSpan('handler', (span: Span) => {
              span.setAttribute('tag', getContext().tag);
              return next.handle().pipe(
                catchError((error: Error) => {
                  span.recordException(error);
                  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
                  span.end();
                  return throwError(() => error);
                }),
                tap({ complete: () => span.end() }),
              );
            });
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 11,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              data: { span: 'span' },
              output: code`
                import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
                import { Observable, tap, catchError, throwError } from 'rxjs';
                import { getContext } from './context';
                const tracer = trace.getTracer('nest');
                export class TraceInterceptor {
                  intercept(next: { handle(): Observable<unknown> }) {
                    return tracer.startActiveSpan('handler', (span: Span) => {
                      span.setAttribute('tag', getContext().tag);
                      return next.handle().pipe(
                        tap({
                          error: (error: Error) => {
                            span.recordException(error);
                            span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
                          },
                          finalize: () => span.end(),
                        }),
                      );
                    });
                  }
                  interceptTwo(next: { handle(): Observable<unknown> }) {
                    return tracer.startActiveSpan('handler', (span: Span) => {
                      span.setAttribute('tag', getContext().tag);
                      return next.handle().pipe(
                        catchError((error: Error) => {
                          span.recordException(error);
                          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
                          span.end();
                          return throwError(() => error);
                        }),
                        tap({ complete: () => span.end() }),
                      );
                    });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "safeExecuteInTheMiddle's onFinish is the error path: a same-file endSpan(span, err) there records the exception without ERROR status",
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
        const tracer = trace.getTracer('pubsub');
        export function publishPatch(this: unknown, original: (...args: unknown[]) => unknown, args: unknown[]) {
          const span = tracer.startSpan('topic.publish');
          return context.with(trace.setSpan(context.active(), span), () =>
            safeExecuteInTheMiddle(
              () => original.apply(this, args),
              (err) => endSpan(span, err),
            ),
          );
        }
        function endSpan(span: Span, err?: Error) {
          if (err) span.recordException(err);
          span.end();
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 9 }],
    },
    {
      name: 'a span only made active for callbacks that never fetch it back: the first failure in them leaves it unrecorded',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        import { publish } from './work';
        const tracer = trace.getTracer('example');
        export async function main() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('test'));
          console.log('sending');
          await context.with(ctx, async () => {
            console.log('publishing');
            await publish('a');
          });
        }
        export async function quiet() {
          await context.with(trace.setSpan(context.active(), tracer.startSpan('quiet')), async () => {
            console.log('nothing here can fail');
          });
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 9, data: { span: 'span', line: '5', what: 'the await', at: '9' } }],
    },
    {
      name: 'an await of a sleep helper (a promise the file makes) with no try can reject with nothing recorded',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('smoke');
        const sleepy = () => new Promise((resolve) => setTimeout(resolve, 100));
        async function handle() {
          const span = tracer.startSpan('sleep');
          await sleepy();
          span.end();
        }
        module.exports = { handle };
      `,
      languageOptions: { sourceType: 'commonjs' },
      errors: [{ messageId: 'errorEscapes', line: 6 }],
    },
    {
      name: 'OK under a test of the error sorts that error out; the others still leave the span with nothing recorded',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { isRedirectError } from './navigation';
        const tracer = trace.getTracer('actions');
        export async function runAction<T>(name: string, action: () => Promise<T>): Promise<T> {
          return tracer.startActiveSpan(name, async (span) => {
            try {
              return await action();
            } catch (err) {
              if (isRedirectError(err)) {
                span.setStatus({ code: SpanStatusCode.OK });
                throw err;
              }
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                import { isRedirectError } from './navigation';
                const tracer = trace.getTracer('actions');
                export async function runAction<T>(name: string, action: () => Promise<T>): Promise<T> {
                  return tracer.startActiveSpan(name, async (span) => {
                    try {
                      return await action();
                    } catch (err) {
                      if (isRedirectError(err)) {
                        span.setStatus({ code: SpanStatusCode.OK });
                        throw err;
                      }
                      span.recordException(err as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'OK with a message under `err instanceof Error`, in a catch that records and rethrows: a test of being an Error sorts nothing out',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function runJob(work: () => Promise<void>) {
          const span = tracer.startSpan('job');
          try {
            await work();
          } catch (err) {
            span.recordException(err as Error);
            if (err instanceof Error) {
              span.setStatus({ code: SpanStatusCode.OK, message: err.message });
            }
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'okStatusInCatch',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestErrorInsteadOfOk',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('jobs');
                export async function runJob(work: () => Promise<void>) {
                  const span = tracer.startSpan('job');
                  try {
                    await work();
                  } catch (err) {
                    span.recordException(err as Error);
                    if (err instanceof Error) {
                      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
                    }
                    throw err;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'OK status under a test that is not about the error, in a catch that rethrows',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('actions');
        export async function runAction<T>(name: string, retried: boolean, action: () => Promise<T>): Promise<T> {
          return tracer.startActiveSpan(name, async (span) => {
            try {
              return await action();
            } catch (err) {
              if (retried) {
                span.setStatus({ code: SpanStatusCode.OK });
                throw err;
              }
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
      options: [{ requireRecordException: false }],
      errors: [{ messageId: 'okStatusInCatch', line: 9, suggestions: [{ messageId: 'suggestErrorInsteadOfOk', output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('actions');
        export async function runAction<T>(name: string, retried: boolean, action: () => Promise<T>): Promise<T> {
          return tracer.startActiveSpan(name, async (span) => {
            try {
              return await action();
            } catch (err) {
              if (retried) {
                span.setStatus({ code: SpanStatusCode.ERROR });
                throw err;
              }
              throw err;
            } finally {
              span.end();
            }
          });
        }
      ` }] }],
    },
    {
      name: "a same-file span factory's span: the caller's catch sets ERROR status without recordException",
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('orders');
        function startOrderSpan(name, orderId) {
          const span = tracer.startSpan(name);
          span.setAttribute('order.id', orderId);
          return span;
        }
        async function ship(order, carrier) {
          const span = startOrderSpan('order.ship', order.id);
          try {
            return await carrier.book(order);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
            throw err;
          } finally {
            span.end();
          }
        }
        module.exports = { ship };
      `,
      filename: 'orders.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        {
          messageId: 'missingRecordException',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                const { trace, SpanStatusCode } = require('@opentelemetry/api');
                const tracer = trace.getTracer('orders');
                function startOrderSpan(name, orderId) {
                  const span = tracer.startSpan(name);
                  span.setAttribute('order.id', orderId);
                  return span;
                }
                async function ship(order, carrier) {
                  const span = startOrderSpan('order.ship', order.id);
                  try {
                    return await carrier.book(order);
                  } catch (err) {
                    span.recordException(err);
                    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
                module.exports = { ship };
              `,
            },
          ],
        },
      ],
    },
    {
      name: "TypeScript: the suggestion for an 'unhandledRejection' listener casts the reason, which Node types as unknown",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('process');
        process.on('unhandledRejection', (reason) => {
          const span = tracer.startSpan('process.unhandled_rejection');
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        });
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('process');
                process.on('unhandledRejection', (reason) => {
                  const span = tracer.startSpan('process.unhandled_rejection');
                  span.recordException(reason as Error);
                  span.setStatus({ code: SpanStatusCode.ERROR });
                  span.end();
                });
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an error written into span attributes in a catch that answers 500 is still a failure with nothing recorded',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export async function handler(res: { json(v: unknown): void; status(code: number): { json(v: unknown): void } }, work: () => Promise<unknown>) {
          const span = tracer.startSpan('api.handle');
          try {
            res.json(await work());
          } catch (err) {
            span.setAttributes({ 'error.type': (err as Error).name, 'error.message': (err as Error).message });
            res.status(500).json({ message: 'internal error' });
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('api');
                export async function handler(res: { json(v: unknown): void; status(code: number): { json(v: unknown): void } }, work: () => Promise<unknown>) {
                  const span = tracer.startSpan('api.handle');
                  try {
                    res.json(await work());
                  } catch (err) {
                    span.recordException(err as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    span.setAttributes({ 'error.type': (err as Error).name, 'error.message': (err as Error).message });
                    res.status(500).json({ message: 'internal error' });
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a span started in Node's 'unhandledRejection' listener sets ERROR status without recording the reason (CommonJS; in TypeScript the suggestion casts the unknown reason)",
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('process');
        process.on('unhandledRejection', (reason) => {
          const span = tracer.startSpan('process.unhandled_rejection');
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(reason) });
          span.end();
        });
      `,
      filename: 'process.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        {
          messageId: 'missingRecordException',
          line: 3,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                const { trace, SpanStatusCode } = require('@opentelemetry/api');
                const tracer = trace.getTracer('process');
                process.on('unhandledRejection', (reason) => {
                  const span = tracer.startSpan('process.unhandled_rejection');
                  span.recordException(reason);
                  span.setStatus({ code: SpanStatusCode.ERROR, message: String(reason) });
                  span.end();
                });
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a span started in a page's 'unhandledrejection' listener sets ERROR status but never records the reason",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('page-errors');
        export function instrumentGlobalErrors() {
          window.addEventListener('unhandledrejection', (event) => {
            const span = tracer.startSpan('page.unhandled', { attributes: { 'error.message': String(event.reason) } });
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'Unhandled rejection' });
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'missingRecordException', line: 4 }],
    },
    {
      name: "a socket's 'error' listener ends the span through a class helper that only sets attributes",
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export class SocketTracing {
          watch(socket: WebSocket) {
            const span = tracer.startSpan('ws.connect');
            socket.addEventListener('open', () => span.end());
            socket.addEventListener('error', (event) => {
              this.endWithError(span, new Error(String(event.type)));
            });
          }
          private endWithError(span: Span, err: Error) {
            span.setAttribute('error.message', err.message);
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7 }],
    },
    {
      name: 'an error-report span that records the error only under a condition leaves a later failure unrecorded (CommonJS)',
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('errors');
        function reportError(error, details) {
          tracer.startActiveSpan('error.report', (span) => {
            if (error instanceof Error) {
              span.recordException(error);
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            span.setAttribute('error.details', JSON.stringify(details));
            span.end();
          });
        }
        module.exports = { reportError };
      `,
      filename: 'errors.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [{ messageId: 'errorEscapes', line: 9 }],
    },
    {
      name: "ERROR status set in a 'finish' listener registered first does not cover a call that fails after it",
      code: code`
        import { context, trace, SpanStatusCode } from '@opentelemetry/api';
        import type { NextFunction, Request, Response } from 'express';
        const tracer = trace.getTracer('http');
        export function tracing() {
          return (req: Request, res: Response, next: NextFunction) => {
            const span = tracer.startSpan('http.request');
            context.with(trace.setSpan(context.active(), span), () => {
              res.on('finish', () => {
                if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
              });
              next();
            });
          };
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 12 }],
    },
    {
      name: "a tracer handed in by the caller, whose callback ends the span it is given, is judged: its catch only sets ERROR status (CommonJS; the one whose callback never ends the span is a wrapper's)",
      code: code`
        module.exports = () => {
          return async (tracingObj) => {
            const { api, tracer } = tracingObj;
            const amqplib = require('amqplib');
            const connection = await amqplib.connect('amqp://queue');
            const channel = await connection.createChannel();
            const sendMessage = async (msg) => {
              tracer.startActiveSpan('publish_to_queue', async (span) => {
                try {
                  channel.sendToQueue('messages', Buffer.from(msg));
                  span.setStatus({ code: api.SpanStatusCode.OK });
                } catch (err) {
                  console.log(\`Error publishing message on the queue: \${err}\`);
                  span.setStatus({ code: api.SpanStatusCode.ERROR });
                }
                span.end();
              });
            };
            const consume = async (callback) => {
              tracer.startActiveSpan('consume', async (span) => {
                await callback(span);
              });
            };
            return { sendMessage, consume };
          };
        };
      `,
      filename: 'queue.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        {
          messageId: 'missingRecordException',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                module.exports = () => {
                  return async (tracingObj) => {
                    const { api, tracer } = tracingObj;
                    const amqplib = require('amqplib');
                    const connection = await amqplib.connect('amqp://queue');
                    const channel = await connection.createChannel();
                    const sendMessage = async (msg) => {
                      tracer.startActiveSpan('publish_to_queue', async (span) => {
                        try {
                          channel.sendToQueue('messages', Buffer.from(msg));
                          span.setStatus({ code: api.SpanStatusCode.OK });
                        } catch (err) {
                          console.log(\`Error publishing message on the queue: \${err}\`);
                          span.recordException(err);
                          span.setStatus({ code: api.SpanStatusCode.ERROR });
                        }
                        span.end();
                      });
                    };
                    const consume = async (callback) => {
                      tracer.startActiveSpan('consume', async (span) => {
                        await callback(span);
                      });
                    };
                    return { sendMessage, consume };
                  };
                };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'spans handed to a same-file wrapper whose catch only sets ERROR status are reported at each hand-off (CommonJS)',
      code: code`
        const { trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('sqlite');
        function exec(original, params) {
          const span = tracer.startSpan('exec', { kind: SpanKind.CLIENT });
          return genericWrap(original, this, params, span);
        }
        function prepare(original, params) {
          const span = tracer.startSpan('prepare', { kind: SpanKind.CLIENT, attributes: { 'db.query.text': params[0] } });
          return genericWrap(original, this, params, span);
        }
        function genericWrap(original, self, params, span) {
          try {
            const result = original.apply(self, params);
            span.setStatus({ code: SpanStatusCode.OK });
            return result;
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: err?.message });
            throw err;
          } finally {
            span.end();
          }
        }
        module.exports = { exec, prepare };
      `,
      filename: 'sqlite.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        { messageId: 'helperMissingRecordException', line: 5 },
        { messageId: 'helperMissingRecordException', line: 9 },
      ],
    },
    {
      name: 'a span handed to a same-file helper that catches, records the exception but never sets ERROR status',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function runJob(job: { id: string; run(): Promise<void> }) {
          const span = tracer.startSpan('job.run', { attributes: { 'job.id': job.id } });
          await withSpan(span, () => job.run());
        }
        async function withSpan(span: Span, work: () => Promise<void>) {
          try {
            await work();
          } catch (error) {
            span.recordException(error as Error);
            throw error;
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'helperMissingErrorStatus', line: 5 }],
    },
    {
      name: 'an error-report span: a call that fails before the exception is recorded leaves the span without it',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { buildReport, sendReport } from './report';
        const tracer = trace.getTracer('errors');
        export function report(error: Error, details: unknown) {
          return tracer.startActiveSpan('error.report', async (span) => {
            const payload = buildReport(error, details);
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            await sendReport(payload);
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 6 }],
    },
    {
      name: "a recording on another span, or before this span starts, is not this span's",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { notifier } from './notifier';
        const tracer = trace.getTracer('errors');
        export async function onError(ctx: { span: { recordException(e: unknown): void } }, err: Error) {
          ctx.span.recordException(err);
          const span = tracer.startSpan('error.notify');
          await notifier.send(err);
          span.end();
        }
        export async function onError2(err: Error) {
          trace.getActiveSpan()?.recordException(err);
          const span = tracer.startSpan('error.notify');
          await notifier.send(err);
          span.end();
        }
        export async function onError3(err: Error) {
          const active = trace.getActiveSpan();
          active!.recordException(err);
          const span = tracer.startSpan('error.notify');
          await notifier.send(err);
          span.end();
        }
      `,
      errors: [
        { messageId: 'errorEscapes', line: 7 },
        { messageId: 'errorEscapes', line: 13 },
        { messageId: 'errorEscapes', line: 20 },
      ],
    },
    {
      name: "a helper called in the finally without the error records nothing on the catch's path",
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        import { work } from './work';
        const tracer = trace.getTracer('jobs');
        function finishSpan(span: Span, error?: Error) {
          if (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          }
          span.end();
        }
        export async function run() {
          const span = tracer.startSpan('run');
          try {
            return await work();
          } catch (e) {
            console.error('run failed', e);
            throw e;
          } finally {
            finishSpan(span);
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 15,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
                import { work } from './work';
                const tracer = trace.getTracer('jobs');
                function finishSpan(span: Span, error?: Error) {
                  if (error) {
                    span.recordException(error);
                    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
                  }
                  span.end();
                }
                export async function run() {
                  const span = tracer.startSpan('run');
                  try {
                    return await work();
                  } catch (e) {
                    console.error('run failed', e);
                    span.recordException(e as Error);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    throw e;
                  } finally {
                    finishSpan(span);
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "an 'error' listener for a DOM element declared first gets no suggestion (its parameter is an Event)",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export function loadImage(img: HTMLImageElement, src: string) {
          const span = tracer.startSpan('image.load');
          const onError = (event: Event) => {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(event.type) });
            span.end();
          };
          img.addEventListener('load', () => span.end());
          img.addEventListener('error', onError);
          img.src = src;
        }
      `,
      errors: [{ messageId: 'missingRecordException', line: 5, suggestions: [] }],
    },
    {
      name: "an 'error' listener declared first and registered under an event constant sets ERROR status without recording the error",
      code: code`
        import { context, trace, SpanStatusCode } from '@opentelemetry/api';
        import type { Socket } from 'node:net';
        import { SocketEvent } from './events';

        const tracer = trace.getTracer('tls-tracing');

        export function traceSecureConnect(socket: Socket) {
          const tlsSpan = tracer.startSpan('tls.connect', undefined, context.active());
          const onSecureConnect = () => {
            tlsSpan.setAttribute('tls.protocol', 'TLSv1.3');
            tlsSpan.end();
          };
          const onError = (e: Error) => {
            tlsSpan.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
            tlsSpan.end();
          };
          socket.prependOnceListener(SocketEvent.SECURE_CONNECT, onSecureConnect);
          socket.once(SocketEvent.ERROR, onError);
          socket.once(SocketEvent.CLOSE, () => {
            socket.removeListener(SocketEvent.ERROR, onError);
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 13,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                import { context, trace, SpanStatusCode } from '@opentelemetry/api';
                import type { Socket } from 'node:net';
                import { SocketEvent } from './events';

                const tracer = trace.getTracer('tls-tracing');

                export function traceSecureConnect(socket: Socket) {
                  const tlsSpan = tracer.startSpan('tls.connect', undefined, context.active());
                  const onSecureConnect = () => {
                    tlsSpan.setAttribute('tls.protocol', 'TLSv1.3');
                    tlsSpan.end();
                  };
                  const onError = (e: Error) => {
                    tlsSpan.recordException(e);
                    tlsSpan.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
                    tlsSpan.end();
                  };
                  socket.prependOnceListener(SocketEvent.SECURE_CONNECT, onSecureConnect);
                  socket.once(SocketEvent.ERROR, onError);
                  socket.once(SocketEvent.CLOSE, () => {
                    socket.removeListener(SocketEvent.ERROR, onError);
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a function declared for a stream's 'error' event and registered twice is reported once (CommonJS)",
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('uploads');
        function traceUpload(stream) {
          const span = tracer.startSpan('upload');
          function failed(err) {
            span.recordException(err);
            span.end();
          }
          stream.on('finish', () => span.end());
          stream.once('error', failed);
          stream.prependListener('error', failed);
          return stream;
        }
        module.exports = { traceUpload };
      `,
      filename: 'uploads.js',
      languageOptions: { sourceType: 'commonjs' },
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                const { trace } = require('@opentelemetry/api');
                const tracer = trace.getTracer('uploads');
                function traceUpload(stream) {
                  const span = tracer.startSpan('upload');
                  function failed(err) {
                    span.recordException(err);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    span.end();
                  }
                  stream.on('finish', () => span.end());
                  stream.once('error', failed);
                  stream.prependListener('error', failed);
                  return stream;
                }
                module.exports = { traceUpload };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a catch that notes the error as a span event and rethrows still leaves the span without ERROR status',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        export async function readDocument(name: string, parse: (name: string) => Promise<string>) {
          return tracer.startActiveSpan('file.read', async (span) => {
            try {
              return await parse(name);
            } catch (parseError) {
              span.addEvent('parse failed', { 'error.message': String(parseError) });
              throw parseError;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('files');
                export async function readDocument(name: string, parse: (name: string) => Promise<string>) {
                  return tracer.startActiveSpan('file.read', async (span) => {
                    try {
                      return await parse(name);
                    } catch (parseError) {
                      span.recordException(parseError as Error);
                      span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      span.addEvent('parse failed', { 'error.message': String(parseError) });
                      throw parseError;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an error-report span in a variable that first held the active span: recorded, but no ERROR status',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('errors');
        export function consumeError(error: Error) {
          let span = trace.getActiveSpan();
          if (span) {
            span.recordException(error);
            return;
          }
          span = tracer.startSpan('error');
          span.recordException(error);
          span.end();
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 10 }],
    },
    {
      name: 'an error callback handed to a helper sets ERROR status, and nothing records the exception',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sdk');
        export function startSpan<T>(name: string, callback: (span: Span) => T): T {
          return tracer.startActiveSpan(name, (span) => {
            return handleCallbackErrors(
              () => callback(span),
              () => {
                span.setStatus({ code: SpanStatusCode.ERROR });
              },
              () => span.end(),
            );
          });
        }
      `,
      errors: [{ messageId: 'missingRecordException', line: 8 }],
    },
    {
      name: 'a node-style completion callback sets ERROR status only: one report, on its error branch (CommonJS)',
      filename: 'query.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('mysql');
        function query(connection, sql, done) {
          const span = tracer.startSpan('mysql.query');
          const finish = once((err, rows) => {
            if (err) {
              span.setStatus({ code: api.SpanStatusCode.ERROR, message: err.message });
            }
            span.end();
            done(err, rows);
          });
          return connection.query(sql, finish);
        }
        module.exports = { query };
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              data: { span: 'span' },
              output: code`
                const api = require('@opentelemetry/api');
                const tracer = api.trace.getTracer('mysql');
                function query(connection, sql, done) {
                  const span = tracer.startSpan('mysql.query');
                  const finish = once((err, rows) => {
                    if (err) {
                      span.recordException(err);
                      span.setStatus({ code: api.SpanStatusCode.ERROR, message: err.message });
                    }
                    span.end();
                    done(err, rows);
                  });
                  return connection.query(sql, finish);
                }
                module.exports = { query };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'the .catch suggestion goes inside a type assertion on the returned chain',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sdk');
        export function call<R>(p: Promise<R>): Promise<R> {
          const span = tracer.startSpan('sdk.call');
          return p.then((r) => {
            span.end();
            return r;
          }) as Promise<R>;
        }
      `,
      errors: [
        {
          messageId: 'unhandledRejection',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestRejectionHandler',
              data: { span: 'span', line: '4' },
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('sdk');
                export function call<R>(p: Promise<R>): Promise<R> {
                  const span = tracer.startSpan('sdk.call');
                  return p.then((r) => {
                    span.end();
                    return r;
                  }).catch((error) => { span.recordException(error); span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ }); span.end(); throw error; }) as Promise<R>;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a returned chain that ends the span only on success: a rejection is never recorded (suggests a .catch)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('catalog');
        export function loadProduct(id: string) {
          const span = tracer.startSpan('catalog.load');
          return fetch('/products/' + id).then((res) => {
            span.end();
            return res.json();
          });
        }
      `,
      errors: [
        {
          messageId: 'unhandledRejection',
          line: 5,
          column: 35,
          suggestions: [
            {
              messageId: 'suggestRejectionHandler',
              data: { span: 'span', line: '4' },
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('catalog');
                export function loadProduct(id: string) {
                  const span = tracer.startSpan('catalog.load');
                  return fetch('/products/' + id).then((res) => {
                    span.end();
                    return res.json();
                  }).catch((error) => { span.recordException(error); span.setStatus({ code: SpanStatusCode.ERROR }); span.end(); throw error; });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a floating chain in a context.with callback, CommonJS, nested spans: each span is judged on its own chain',
      filename: 'page.js',
      languageOptions: commonjs,
      code: code`
        const { context, trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('page');
        function loadAll(urls) {
          const outer = tracer.startSpan('page.load');
          context.with(trace.setSpan(context.active(), outer), () => {
            const first = tracer.startSpan('page.first');
            getData(urls[0]).then((data) => {
              first.setAttribute('size', data.length);
              first.end();
            });
            const second = tracer.startSpan('page.second');
            getData(urls[1])
              .then((data) => render(data))
              .finally(() => second.end());
          });
          outer.end();
        }
        module.exports = { loadAll };
      `,
      errors: [
        // getData can throw synchronously inside the callback context.with runs at once, with 'outer' open.
        { messageId: 'errorEscapes', line: 5 },
        {
          messageId: 'unhandledRejection',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRejectionHandler',
              data: { span: 'first', line: '6' },
              output: code`
                const { context, trace } = require('@opentelemetry/api');
                const tracer = trace.getTracer('page');
                function loadAll(urls) {
                  const outer = tracer.startSpan('page.load');
                  context.with(trace.setSpan(context.active(), outer), () => {
                    const first = tracer.startSpan('page.first');
                    getData(urls[0]).then((data) => {
                      first.setAttribute('size', data.length);
                      first.end();
                    }).catch((error) => { first.recordException(error); first.setStatus({ code: 2 /* SpanStatusCode.ERROR */ }); first.end(); throw error; });
                    const second = tracer.startSpan('page.second');
                    getData(urls[1])
                      .then((data) => render(data))
                      .finally(() => second.end());
                  });
                  outer.end();
                }
                module.exports = { loadAll };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a catch before the span is created is not in its scope (only the unguarded render call is)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('report');
        export async function buildReport(path: string) {
          let template: string;
          try {
            template = await fs.readFile(path, 'utf8');
          } catch (err) {
            logger.error(err);
            throw err;
          }
          const span = tracer.startSpan('report.render');
          const html = render(template);
          span.end();
          return html;
        }
      `,
      // No try at all around the call: the error leaves the span unrecorded (pattern 6 of ACCURACY.md).
      errors: [{ messageId: 'errorEscapes', line: 12 }],
    },
    {
      name: 'a catch after the span was ended unconditionally is not in its scope (only the unguarded prepare call is)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('exporter');
        export async function exportBatch(batch: Row[]) {
          const span = tracer.startSpan('exporter.prepare');
          const rows = prepare(batch);
          span.end();
          try {
            await sink.write(rows);
          } catch (err) {
            logger.error(err);
            throw err;
          }
        }
      `,
      // No try at all around the call: the error leaves the span unrecorded (pattern 6 of ACCURACY.md).
      errors: [{ messageId: 'errorEscapes', line: 5 }],
    },
    {
      name: 'startActiveSpan: catch logs and rethrows without recording',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export function placeOrder(cart: Cart) {
          return tracer.startActiveSpan('checkout.place_order', async (span) => {
            try {
              return await orders.create(cart);
            } catch (err) {
              logger.error({ err }, 'order failed');
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('checkout');
                export function placeOrder(cart: Cart) {
                  return tracer.startActiveSpan('checkout.place_order', async (span) => {
                    try {
                      return await orders.create(cart);
                    } catch (err) {
                      logger.error({ err }, 'order failed');
                      span.recordException(err as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'recordException without ERROR status: the failure still shows green',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('images');
        export async function thumbnail(id: string) {
          const span = tracer.startSpan('images.thumbnail');
          try {
            return await resize(await load(id));
          } catch (err) {
            span.recordException(err as Error);
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('images');
                export async function thumbnail(id: string) {
                  const span = tracer.startSpan('images.thumbnail');
                  try {
                    return await resize(await load(id));
                  } catch (err) {
                    span.recordException(err as Error);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    throw err;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'instrumentation style: ERROR status with a message but no recordException',
      filename: 'pg.js',
      languageOptions: commonjs,
      code: code`
        const { SpanStatusCode, trace } = require('@opentelemetry/api');
        class PgInstrumentation {
          constructor() {
            this.tracer = trace.getTracer('pg');
          }
          _patchQuery(original) {
            const plugin = this;
            return function query(config) {
              const span = plugin.tracer.startSpan('pg.query');
              try {
                return original.apply(this, arguments);
              } catch (e) {
                span.setStatus({ code: SpanStatusCode.ERROR, message: getErrorMessage(e) });
                span.end();
                throw e;
              }
            };
          }
        }
        module.exports = { PgInstrumentation };
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                const { SpanStatusCode, trace } = require('@opentelemetry/api');
                class PgInstrumentation {
                  constructor() {
                    this.tracer = trace.getTracer('pg');
                  }
                  _patchQuery(original) {
                    const plugin = this;
                    return function query(config) {
                      const span = plugin.tracer.startSpan('pg.query');
                      try {
                        return original.apply(this, arguments);
                      } catch (e) {
                        span.recordException(e);
                        span.setStatus({ code: SpanStatusCode.ERROR, message: getErrorMessage(e) });
                        span.end();
                        throw e;
                      }
                    };
                  }
                }
                module.exports = { PgInstrumentation };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'try/finally without a catch around work that can throw',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('ledger');
        export async function post(entry: Entry) {
          return tracer.startActiveSpan('ledger.post', async (span) => {
            try {
              return await ledger.append(entry);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingCatch',
          line: 5,
          column: 5,
          endColumn: 8,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('ledger');
                export async function post(entry: Entry) {
                  return tracer.startActiveSpan('ledger.post', async (span) => {
                    try {
                      return await ledger.append(entry);
                    } catch (error) {
                      span.recordException(error as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw error;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'OK status with a failure message set in a catch (enum and literal 1)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export async function search(q: string) {
          const span = tracer.startSpan('search');
          try {
            return await index.search(q);
          } catch {
            span.setStatus({ code: SpanStatusCode.OK, message: 'search failed' });
            return [];
          } finally {
            span.end();
          }
        }
        export async function count(q: string) {
          return tracer.startActiveSpan('search.count', async (span) => {
            try {
              return await index.count(q);
            } catch (_err) {
              span.setStatus({ code: 1, message: 'count failed' });
              return 0;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'okStatusInCatch',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestErrorInsteadOfOk',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('search');
                export async function search(q: string) {
                  const span = tracer.startSpan('search');
                  try {
                    return await index.search(q);
                  } catch {
                    span.setStatus({ code: SpanStatusCode.ERROR, message: 'search failed' });
                    return [];
                  } finally {
                    span.end();
                  }
                }
                export async function count(q: string) {
                  return tracer.startActiveSpan('search.count', async (span) => {
                    try {
                      return await index.count(q);
                    } catch (_err) {
                      span.setStatus({ code: 1, message: 'count failed' });
                      return 0;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
        {
          messageId: 'okStatusInCatch',
          line: 19,
          suggestions: [
            {
              messageId: 'suggestErrorInsteadOfOk',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('search');
                export async function search(q: string) {
                  const span = tracer.startSpan('search');
                  try {
                    return await index.search(q);
                  } catch {
                    span.setStatus({ code: SpanStatusCode.OK, message: 'search failed' });
                    return [];
                  } finally {
                    span.end();
                  }
                }
                export async function count(q: string) {
                  return tracer.startActiveSpan('search.count', async (span) => {
                    try {
                      return await index.count(q);
                    } catch (_err) {
                      span.setStatus({ code: 2, message: 'count failed' });
                      return 0;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'express handler (CommonJS): the error goes to next() unrecorded',
      filename: 'routes.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('api');
        app.get('/orders', async (req, res, next) => {
          const span = tracer.startSpan('GET /orders');
          try {
            res.json(await orders.list(req.query));
          } catch (err) {
            next(err);
          } finally {
            span.end();
          }
        });
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                const { trace, SpanStatusCode } = require('@opentelemetry/api');
                const tracer = trace.getTracer('api');
                app.get('/orders', async (req, res, next) => {
                  const span = tracer.startSpan('GET /orders');
                  try {
                    res.json(await orders.list(req.query));
                  } catch (err) {
                    span.recordException(err);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    next(err);
                  } finally {
                    span.end();
                  }
                });
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'promise chain: a returned .catch that logs and rethrows',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('weather');
        export function forecast(city: string) {
          const span = tracer.startSpan('weather.forecast');
          return api
            .get(city)
            .catch((err) => {
              logger.error(err);
              throw err;
            })
            .finally(() => span.end());
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('weather');
                export function forecast(city: string) {
                  const span = tracer.startSpan('weather.forecast');
                  return api
                    .get(city)
                    .catch((err) => {
                      logger.error(err);
                      span.recordException(err);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    })
                    .finally(() => span.end());
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: '.then(_, onRejected) that ends the span and rethrows without recording',
      filename: 'avatar.mjs',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('avatars');
        export function resize(image) {
          return tracer.startActiveSpan('avatars.resize', (span) =>
            sharp(image).toBuffer().then(
              (buffer) => { span.end(); return buffer; },
              (error) => {
                span.end();
                throw error;
              },
            ),
          );
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('avatars');
                export function resize(image) {
                  return tracer.startActiveSpan('avatars.resize', (span) =>
                    sharp(image).toBuffer().then(
                      (buffer) => { span.end(); return buffer; },
                      (error) => {
                        span.recordException(error);
                        span.setStatus({ code: SpanStatusCode.ERROR });
                        span.end();
                        throw error;
                      },
                    ),
                  );
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'nested spans: the inner catch records on the outer span only',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export function syncAccount(id: string) {
          return tracer.startActiveSpan('sync.account', async (parent) => {
            const child = tracer.startSpan('sync.fetch');
            try {
              return await remote.fetch(id);
            } catch (err) {
              parent.recordException(err as Error);
              parent.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              child.end();
              parent.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          data: { span: 'child', line: '5' },
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('sync');
                export function syncAccount(id: string) {
                  return tracer.startActiveSpan('sync.account', async (parent) => {
                    const child = tracer.startSpan('sync.fetch');
                    try {
                      return await remote.fetch(id);
                    } catch (err) {
                      parent.recordException(err as Error);
                      parent.setStatus({ code: SpanStatusCode.ERROR });
                      child.recordException(err as Error);
                      child.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    } finally {
                      child.end();
                      parent.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an inner catch rethrows to an outer catch that does not record: only the outer one is reported',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export async function refund(id: string) {
          const span = tracer.startSpan('payments.refund');
          try {
            try {
              await gateway.refund(id);
            } catch (err) {
              metrics.increment('refund.failed');
              throw err;
            }
          } catch (err) {
            logger.error(err);
            throw new RefundError(id, { cause: err });
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('payments');
                export async function refund(id: string) {
                  const span = tracer.startSpan('payments.refund');
                  try {
                    try {
                      await gateway.refund(id);
                    } catch (err) {
                      metrics.increment('refund.failed');
                      throw err;
                    }
                  } catch (err) {
                    logger.error(err);
                    span.recordException(err as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    throw new RefundError(id, { cause: err });
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a partial same-file helper (records only) leaves the status missing',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        function noteError(span: Span, error: unknown) {
          span.recordException(error as Error);
        }
        export async function invoice(customerId: string) {
          const span = tracer.startSpan('billing.invoice');
          try {
            return await invoices.create(customerId);
          } catch (error) {
            noteError(span, error);
            throw error;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
                const tracer = trace.getTracer('billing');
                function noteError(span: Span, error: unknown) {
                  span.recordException(error as Error);
                }
                export async function invoice(customerId: string) {
                  const span = tracer.startSpan('billing.invoice');
                  try {
                    return await invoices.create(customerId);
                  } catch (error) {
                    noteError(span, error);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    throw error;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a same-file helper handed the span that only logs does not count',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        const logFailure = (span: Span, error: unknown) => logger.error({ traceId: span.spanContext().traceId, error });
        export async function refundAll(ids: string[]) {
          const span = tracer.startSpan('billing.refund_all');
          try {
            await Promise.all(ids.map((id) => invoices.refund(id)));
          } catch (error) {
            logFailure(span, error);
            throw error;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
                const tracer = trace.getTracer('billing');
                const logFailure = (span: Span, error: unknown) => logger.error({ traceId: span.spanContext().traceId, error });
                export async function refundAll(ids: string[]) {
                  const span = tracer.startSpan('billing.refund_all');
                  try {
                    await Promise.all(ids.map((id) => invoices.refund(id)));
                  } catch (error) {
                    span.recordException(error as Error);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    logFailure(span, error);
                    throw error;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'requireRecordException: false still wants ERROR status',
      options: [{ requireRecordException: false }],
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('pricing');
        export async function quote(items: Item[]) {
          return tracer.startActiveSpan('pricing.quote', async (span) => {
            try {
              return await engine.quote(items);
            } catch (err) {
              logger.error({ err }, 'quote failed');
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('pricing');
                export async function quote(items: Item[]) {
                  return tracer.startActiveSpan('pricing.quote', async (span) => {
                    try {
                      return await engine.quote(items);
                    } catch (err) {
                      logger.error({ err }, 'quote failed');
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'requireRecordException: false: the added catch only sets status',
      options: [{ requireRecordException: false }],
      filename: 'ledger.js',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('ledger');
        export async function post(entry) {
          const span = tracer.startSpan('ledger.post');
          try {
            await ledger.append(entry);
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingCatch',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('ledger');
                export async function post(entry) {
                  const span = tracer.startSpan('ledger.post');
                  try {
                    await ledger.append(entry);
                  } catch (error) {
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    throw error;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'namespace import: the suggestion uses api.SpanStatusCode.ERROR',
      code: code`
        import * as api from '@opentelemetry/api';
        const tracer = api.trace.getTracer('inventory');
        export async function reserve(sku: string) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            return await stock.reserve(sku);
          } catch (e: any) {
            console.error('reserve failed', e);
            return { ok: false, reason: e.message };
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import * as api from '@opentelemetry/api';
                const tracer = api.trace.getTracer('inventory');
                export async function reserve(sku: string) {
                  const span = tracer.startSpan('inventory.reserve');
                  try {
                    return await stock.reserve(sku);
                  } catch (e: any) {
                    span.recordException(e);
                    span.setStatus({ code: api.SpanStatusCode.ERROR });
                    console.error('reserve failed', e);
                    return { ok: false, reason: e.message };
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'class-based service: this.tracer span, error logged and turned into a result',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        import { SpanStatusCode as Status } from '@opentelemetry/api';
        export class OrderService {
          constructor(private readonly tracer: Tracer, private readonly logger: Logger) {}
          async cancel(id: string): Promise<Result> {
            const span = this.tracer.startSpan('orders.cancel');
            try {
              await this.repo.cancel(id);
              return { ok: true };
            } catch (error) {
              this.logger.error('cancel failed', error);
              return { ok: false, error: String(error) };
            } finally {
              span.end();
            }
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, type Tracer } from '@opentelemetry/api';
                import { SpanStatusCode as Status } from '@opentelemetry/api';
                export class OrderService {
                  constructor(private readonly tracer: Tracer, private readonly logger: Logger) {}
                  async cancel(id: string): Promise<Result> {
                    const span = this.tracer.startSpan('orders.cancel');
                    try {
                      await this.repo.cancel(id);
                      return { ok: true };
                    } catch (error) {
                      span.recordException(error as Error);
                      span.setStatus({ code: Status.ERROR });
                      this.logger.error('cancel failed', error);
                      return { ok: false, error: String(error) };
                    } finally {
                      span.end();
                    }
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'startActiveSpan overloads with options and context',
      code: code`
        import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('consumer');
        export function consume(msg: Message, parentCtx: Context) {
          return tracer.startActiveSpan('queue process', { kind: SpanKind.CONSUMER }, parentCtx, async (span) => {
            try {
              await handlers[msg.type](msg);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR });
              await msg.nack();
            } finally {
              span.end();
            }
          });
        }
        export function produce(msg: Message) {
          return tracer.startActiveSpan('queue send', { kind: SpanKind.PRODUCER }, async (span) => {
            try {
              await queue.send(msg);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        { messageId: 'missingRecordException', line: 7, suggestions: [{ messageId: 'suggestRecordException', output: code`
          import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
          const tracer = trace.getTracer('consumer');
          export function consume(msg: Message, parentCtx: Context) {
            return tracer.startActiveSpan('queue process', { kind: SpanKind.CONSUMER }, parentCtx, async (span) => {
              try {
                await handlers[msg.type](msg);
              } catch (err) {
                span.recordException(err as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                await msg.nack();
              } finally {
                span.end();
              }
            });
          }
          export function produce(msg: Message) {
            return tracer.startActiveSpan('queue send', { kind: SpanKind.PRODUCER }, async (span) => {
              try {
                await queue.send(msg);
              } finally {
                span.end();
              }
            });
          }
        ` }] },
        { messageId: 'missingCatch', line: 17, suggestions: [{ messageId: 'suggestCatch', output: code`
          import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
          const tracer = trace.getTracer('consumer');
          export function consume(msg: Message, parentCtx: Context) {
            return tracer.startActiveSpan('queue process', { kind: SpanKind.CONSUMER }, parentCtx, async (span) => {
              try {
                await handlers[msg.type](msg);
              } catch (err) {
                span.setStatus({ code: SpanStatusCode.ERROR });
                await msg.nack();
              } finally {
                span.end();
              }
            });
          }
          export function produce(msg: Message) {
            return tracer.startActiveSpan('queue send', { kind: SpanKind.PRODUCER }, async (span) => {
              try {
                await queue.send(msg);
              } catch (error) {
                span.recordException(error as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                throw error;
              } finally {
                span.end();
              }
            });
          }
        ` }] },
      ],
    },
    {
      name: 'a startActiveSpan callback without parameters: reported without a suggestion',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cron');
        export function nightly() {
          return tracer.startActiveSpan('cron.nightly', async () => {
            try {
              await cleanup();
            } catch (e) {
              console.error(e);
              throw e;
            } finally {
              trace.getActiveSpan()?.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7, data: { span: 'active span', line: '4' }, suggestions: [] }],
    },
    {
      name: 'a Promise executor runs at once: its catch rejects without recording',
      filename: 'decode.js',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('codec');
        export function decode(buffer) {
          const span = tracer.startSpan('codec.decode');
          return new Promise((resolve, reject) => {
            try {
              resolve(codec.decode(buffer));
            } catch (err) {
              reject(err);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('codec');
                export function decode(buffer) {
                  const span = tracer.startSpan('codec.decode');
                  return new Promise((resolve, reject) => {
                    try {
                      resolve(codec.decode(buffer));
                    } catch (err) {
                      span.recordException(err);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      reject(err);
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a warn log is quiet, but answering 500 with the error message treats it as a failure',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export async function getUser(req: Req, res: Res) {
          await tracer.startActiveSpan('GET /users/:id', async (span) => {
            try {
              res.json(await users.get(req.params.id));
            } catch (err) {
              req.log.warn(err);
              res.status(500).json({ error: (err as Error).message });
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('api');
                export async function getUser(req: Req, res: Res) {
                  await tracer.startActiveSpan('GET /users/:id', async (span) => {
                    try {
                      res.json(await users.get(req.params.id));
                    } catch (err) {
                      span.recordException(err as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      req.log.warn(err);
                      res.status(500).json({ error: (err as Error).message });
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'OK status with literal 1 in a .catch handler',
      filename: 'ping.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ping');
        export async function ping(host) {
          const span = tracer.startSpan('ping');
          const ok = await net.ping(host).catch(() => {
            span.setStatus({ code: 1, message: 'unreachable' });
            return false;
          });
          span.end();
          return ok;
        }
      `,
      errors: [
        {
          messageId: 'okStatusInCatch',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestErrorInsteadOfOk',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('ping');
                export async function ping(host) {
                  const span = tracer.startSpan('ping');
                  const ok = await net.ping(host).catch(() => {
                    span.setStatus({ code: 2, message: 'unreachable' });
                    return false;
                  });
                  span.end();
                  return ok;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS namespace require: the suggestion uses otel.SpanStatusCode.ERROR',
      filename: 'mailer.cjs',
      languageOptions: commonjs,
      code: code`
        const otel = require('@opentelemetry/api');
        const tracer = otel.trace.getTracer('mailer');
        exports.send = async function send(message) {
          const span = tracer.startSpan('mailer.send');
          try {
            await transport.sendMail(message);
          } catch (error) {
            span.end();
            throw error;
          }
          span.end();
        };
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 7,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                const otel = require('@opentelemetry/api');
                const tracer = otel.trace.getTracer('mailer');
                exports.send = async function send(message) {
                  const span = tracer.startSpan('mailer.send');
                  try {
                    await transport.sendMail(message);
                  } catch (error) {
                    span.recordException(error);
                    span.setStatus({ code: otel.SpanStatusCode.ERROR });
                    span.end();
                    throw error;
                  }
                  span.end();
                };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'context.with callback: its catch belongs to the span',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('rpc');
        export function call(method: string) {
          const span = tracer.startSpan(method);
          return context.with(trace.setSpan(context.active(), span), async () => {
            try {
              return await client.invoke(method);
            } catch (err) {
              throw new RpcError(method, err);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { context, trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('rpc');
                export function call(method: string) {
                  const span = tracer.startSpan(method);
                  return context.with(trace.setSpan(context.active(), span), async () => {
                    try {
                      return await client.invoke(method);
                    } catch (err) {
                      span.recordException(err as Error);
                      span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      throw new RpcError(method, err);
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'sequential spans: the second catch records on the first span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        export async function importFile(path: string) {
          const readSpan = tracer.startSpan('import.read');
          const rows = await read(path);
          readSpan.end();
          const writeSpan = tracer.startSpan('import.write');
          try {
            await db.insert(rows);
          } catch (err) {
            readSpan.recordException(err as Error);
            readSpan.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            writeSpan.end();
          }
        }
      `,
      // readSpan has no try at all around its await: that error is its own report.
      errors: [{ messageId: 'errorEscapes', line: 5, data: { span: 'readSpan', line: '4', what: 'the await', at: '5' } }, { messageId: 'missingRecordAndStatus', line: 10, data: { span: 'writeSpan', line: '7' }, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        export async function importFile(path: string) {
          const readSpan = tracer.startSpan('import.read');
          const rows = await read(path);
          readSpan.end();
          const writeSpan = tracer.startSpan('import.write');
          try {
            await db.insert(rows);
          } catch (err) {
            readSpan.recordException(err as Error);
            readSpan.setStatus({ code: SpanStatusCode.ERROR });
            writeSpan.recordException(err as Error);
            writeSpan.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            writeSpan.end();
          }
        }
      ` }] }],
    },
    {
      name: 'a destructured catch binding: reported, no suggestion (nothing to pass to recordException)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export async function login(creds: Credentials) {
          const span = tracer.startSpan('auth.login');
          try {
            return await idp.login(creds);
          } catch ({ message }) {
            return { ok: false, message };
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7, suggestions: [] }],
    },
    {
      name: 'the span is assigned inside the try: reported, no suggestion (it may be unset in the catch)',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('upload');
        export async function upload(file: File) {
          let span: Span | undefined;
          try {
            span = tracer.startSpan('upload');
            await storage.put(file);
          } catch (err) {
            console.error(err);
            throw err;
          } finally {
            span?.end();
          }
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 8, suggestions: [] }],
    },
    {
      name: 'an async generator with try/finally only',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function* streamRows(sql: string) {
          const span = tracer.startSpan('db.stream');
          try {
            for await (const row of db.stream(sql)) yield row;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingCatch',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('db');
                export async function* streamRows(sql: string) {
                  const span = tracer.startSpan('db.stream');
                  try {
                    for await (const row of db.stream(sql)) yield row;
                  } catch (error) {
                    span.recordException(error as Error);
                    span.setStatus({ code: SpanStatusCode.ERROR });
                    throw error;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'errorHelpers called on another span does not count for this one',
      options: [{ errorHelpers: ['setSpanError'] }],
      code: code`
        import { trace } from '@opentelemetry/api';
        import { setSpanError } from './telemetry';
        const tracer = trace.getTracer('orders');
        export function submit(order: Order) {
          return tracer.startActiveSpan('orders.submit', async (rootSpan) => {
            const validateSpan = tracer.startSpan('orders.validate');
            try {
              await validate(order);
            } catch (err) {
              setSpanError(rootSpan, err);
              throw err;
            } finally {
              validateSpan.end();
              rootSpan.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 9, data: { span: 'validateSpan', line: '6' }, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace } from '@opentelemetry/api';
        import { setSpanError } from './telemetry';
        const tracer = trace.getTracer('orders');
        export function submit(order: Order) {
          return tracer.startActiveSpan('orders.submit', async (rootSpan) => {
            const validateSpan = tracer.startSpan('orders.validate');
            try {
              await validate(order);
            } catch (err) {
              setSpanError(rootSpan, err);
              validateSpan.recordException(err as Error);
              validateSpan.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
              throw err;
            } finally {
              validateSpan.end();
              rootSpan.end();
            }
          });
        }
      ` }] }],
    },
    {
      name: 'a returned .catch inside a sync try escapes that try: both handlers are reported',
      code: code`
        import { trace, Span } from '@opentelemetry/api';
        export function traced(name: string, fn: (...args: unknown[]) => unknown) {
          return (...args: unknown[]) =>
            trace.getTracer('app').startActiveSpan(name, (span: Span) => {
              try {
                const result = fn(...args);
                if (result instanceof Promise) {
                  return result
                    .then((value) => { span.end(); return value; })
                    .catch((err) => {
                      span.end();
                      throw err;
                    });
                }
                span.end();
                return result;
              } catch (err) {
                span.end();
                throw err;
              }
            });
        }
      `,
      errors: [
        { messageId: 'missingRecordAndStatus', line: 10, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
          import { trace, Span } from '@opentelemetry/api';
          export function traced(name: string, fn: (...args: unknown[]) => unknown) {
            return (...args: unknown[]) =>
              trace.getTracer('app').startActiveSpan(name, (span: Span) => {
                try {
                  const result = fn(...args);
                  if (result instanceof Promise) {
                    return result
                      .then((value) => { span.end(); return value; })
                      .catch((err) => {
                        span.recordException(err);
                        span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                        span.end();
                        throw err;
                      });
                  }
                  span.end();
                  return result;
                } catch (err) {
                  span.end();
                  throw err;
                }
              });
          }
        ` }] },
        { messageId: 'missingRecordAndStatus', line: 17, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
          import { trace, Span } from '@opentelemetry/api';
          export function traced(name: string, fn: (...args: unknown[]) => unknown) {
            return (...args: unknown[]) =>
              trace.getTracer('app').startActiveSpan(name, (span: Span) => {
                try {
                  const result = fn(...args);
                  if (result instanceof Promise) {
                    return result
                      .then((value) => { span.end(); return value; })
                      .catch((err) => {
                        span.end();
                        throw err;
                      });
                  }
                  span.end();
                  return result;
                } catch (err) {
                  span.recordException(err as Error);
                  span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                  span.end();
                  throw err;
                }
              });
          }
        ` }] },
      ],
    },
    {
      name: 'a catch answering 400 or 500 by error kind still fails the span on the 500 path',
      filename: 'orders-route.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('api');
        router.post('/orders', async (req, res) => {
          const span = tracer.startSpan('POST /orders');
          try {
            res.status(201).json(await orders.create(req.body));
          } catch (err) {
            if (err instanceof ValidationError) return res.status(400).json({ error: err.message });
            res.status(500).json({ error: 'internal' });
          } finally {
            span.end();
          }
        });
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('api');
        router.post('/orders', async (req, res) => {
          const span = tracer.startSpan('POST /orders');
          try {
            res.status(201).json(await orders.create(req.body));
          } catch (err) {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR });
            if (err instanceof ValidationError) return res.status(400).json({ error: err.message });
            res.status(500).json({ error: 'internal' });
          } finally {
            span.end();
          }
        });
      ` }] }],
    },
    {
      name: 'a one-line catch body gets the statements on the same line',
      filename: 'kv.js',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('kv');
        export async function put(key, value) {
          const span = tracer.startSpan('kv.put');
          try { await kv.put(key, value); } catch (err) { throw wrap(err); } finally { span.end(); }
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 5, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('kv');
        export async function put(key, value) {
          const span = tracer.startSpan('kv.put');
          try { await kv.put(key, value); } catch (err) { span.recordException(err); span.setStatus({ code: SpanStatusCode.ERROR }); throw wrap(err); } finally { span.end(); }
        }
      ` }] }],
    },
    {
      name: 'a try/finally that hands the span to a helper not named for errors, with nothing error-like, still needs a catch',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { annotate } from './annotate.js';
        const tracer = trace.getTracer('search');
        export async function search(query: string, run: (q: string) => Promise<string[]>) {
          const span = tracer.startSpan('search');
          try {
            annotate(span, query);
            return await run(query);
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'missingCatch', line: 6, suggestions: [{ messageId: 'suggestCatch', data: { span: 'span' }, output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        import { annotate } from './annotate.js';
        const tracer = trace.getTracer('search');
        export async function search(query: string, run: (q: string) => Promise<string[]>) {
          const span = tracer.startSpan('search');
          try {
            annotate(span, query);
            return await run(query);
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        }
      ` }] }],
    },
  ],
});

describe('record-span-errors with type information', () => {
  const typedTester = new RuleTester({
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: join(import.meta.dirname, '..', '..', 'fixtures', 'typed') },
    },
  });
  const filename = 'record-errors-service.ts';

  typedTester.run('record-span-errors (typed)', rule, {
    valid: [
      {
        name: 'a look-alike tracer named `tracer` whose type is not an OpenTelemetry Tracer',
        filename,
        code: code`
          import { trace } from '@opentelemetry/api';
          import { tracer } from './record-errors-lookalike.js';
          export async function profile(work: () => Promise<void>) {
            const span = tracer.startSpan('profile');
            try {
              await work();
            } catch (err) {
              console.error(err);
              throw err;
            } finally {
              span.end();
            }
            return trace.getActiveSpan();
          }
        `,
      },
      {
        name: 'the typed sample itself records both',
        filename,
        code: code`
          import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
          const t: Tracer = trace.getTracer('orders');
          export async function loadOrder(id: string, fetchOrder: (id: string) => Promise<unknown>): Promise<unknown> {
            const span = t.startSpan('orders.load');
            try {
              return await fetchOrder(id);
            } catch (err) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          }
        `,
      },
    ],
    invalid: [
      {
        name: 'a tracer under an unremarkable name is found through its type',
        filename,
        code: code`
          import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
          function makeTracer(): Tracer {
            return trace.getTracer('orders');
          }
          const t = makeTracer();
          export async function loadOrder(id: string, fetchOrder: (id: string) => Promise<unknown>): Promise<unknown> {
            const span = t.startSpan('orders.load');
            try {
              return await fetchOrder(id);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          }
        `,
        errors: [
          {
            messageId: 'missingRecordException',
            line: 10,
            suggestions: [
              {
                messageId: 'suggestRecordException',
                output: code`
                  import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
                  function makeTracer(): Tracer {
                    return trace.getTracer('orders');
                  }
                  const t = makeTracer();
                  export async function loadOrder(id: string, fetchOrder: (id: string) => Promise<unknown>): Promise<unknown> {
                    const span = t.startSpan('orders.load');
                    try {
                      return await fetchOrder(id);
                    } catch (err) {
                      span.recordException(err as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw err;
                    } finally {
                      span.end();
                    }
                  }
                `,
              },
            ],
          },
        ],
      },
      {
        name: 'a type-only SpanStatusCode import is not a value: the suggestion falls back to 2',
        filename,
        code: code`
          import { trace, type SpanStatusCode, type Tracer } from '@opentelemetry/api';
          declare const t: Tracer;
          export async function ship(id: string, send: (id: string) => Promise<void>) {
            const span = t.startSpan('ship');
            try {
              await send(id);
            } finally {
              span.end();
            }
          }
        `,
        errors: [
          {
            messageId: 'missingCatch',
            line: 5,
            suggestions: [
              {
                messageId: 'suggestCatch',
                output: code`
                  import { trace, type SpanStatusCode, type Tracer } from '@opentelemetry/api';
                  declare const t: Tracer;
                  export async function ship(id: string, send: (id: string) => Promise<void>) {
                    const span = t.startSpan('ship');
                    try {
                      await send(id);
                    } catch (error) {
                      span.recordException(error as Error);
                      span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      throw error;
                    } finally {
                      span.end();
                    }
                  }
                `,
              },
            ],
          },
        ],
      },
    ],
  });
});

describe('record-span-errors on varied syntax', () => {
  const linter = new Linter({ configType: 'flat' });
  const ruleConfig = {
    plugins: { otel: { rules: { 'record-span-errors': rule } } as unknown as ESLint.Plugin },
    rules: { 'otel/record-span-errors': 'error' },
  } satisfies Linter.Config;
  const lint = (source: string, filename: string, languageOptions: Linter.LanguageOptions) =>
    linter.verify(source, [{ files: ['**/*.*'], languageOptions, ...ruleConfig }], { filename });

  it('does not crash on decorators, JSX, using, generators, class fields, static blocks and optional chaining', () => {
    const source = code`
      import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
      import * as React from 'react';
      const tracer = trace.getTracer('ui');
      const logged = (_value: unknown, _context: ClassMethodDecoratorContext) => undefined;
      enum Mode { Fast, Slow }
      export class Widget<T,> {
        static #count = 0n;
        static {
          try { Widget.#count = BigInt(process.env.N ?? 0); } catch { Widget.#count = 1_000n; }
        }
        #span?: Span;
        label = 'widget' as const;
        accessor mode = Mode.Fast;
        @logged
        async *items(source: AsyncIterable<number>) {
          const span = tracer.startSpan('items');
          try {
            for await (const item of source) yield item * 2;
          } catch ({ message }) {
            span.recordException(String(message));
            throw new Error(message);
          } finally {
            span.end();
          }
        }
        get size(): number { return this.#span ? 1 : 0; }
        render = () => (
          <div onClick={() => tracer.startActiveSpan('click', (s) => {
            try { this.label satisfies string; } catch (e) { throw e; } finally { s?.end?.(); }
          })}>{this.label}</div>
        );
      }
      export async function resources(open: () => Promise<AsyncDisposable>, acquire: () => Disposable) {
        await using handle = await open();
        using lock = acquire();
        const span = tracer?.startSpan?.(\`resource \${typeof handle}\`);
        outer: for (const x of [1, 2]) {
          try {
            if (x > 1) continue outer;
            await tracer['startActiveSpan']('inner', async (inner) => {
              try { return await fetch(import.meta.url); } catch (err) { console.error(err); throw err; } finally { inner.end(); }
            });
          } catch {
            break outer;
          }
        }
        span?.setStatus({ code: SpanStatusCode.OK });
        span?.end();
        return lock;
      }
      export default function* ids(): Generator<number> { let i = 0; while (true) yield i++; }
    `;
    const messages = lint(source, 'widget.tsx', { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } });
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    // Line 29's catch cannot run (its try only reads a field), so it is not judged.
    expect(messages.map((m) => `${m.line}:${m.messageId}`)).toEqual(['19:missingErrorStatus', '41:missingRecordAndStatus']);
  });

  it('works with the default parser (espree) on CommonJS', () => {
    const source = code`
      const { trace } = require('@opentelemetry/api');
      const tracer = trace.getTracer('jobs');
      exports.run = async (job) => {
        const span = tracer.startSpan('jobs.run');
        try {
          return await job();
        } catch (err) {
          console.error(err);
          throw err;
        } finally {
          span.end();
        }
      };
    `;
    const messages = lint(source, 'jobs.cjs', { sourceType: 'commonjs', ecmaVersion: 'latest' });
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.map((m) => `${m.line}:${m.messageId}`)).toEqual(['7:missingRecordAndStatus']);
  });
});

// Lifecycle hooks hand the error in an event object: `onStop(({ error }) => { if (error) {...} })` (a web framework
// plugin's request and handler spans).
ruleTester.run('record-span-errors (an error destructured from a hook event)', rule, {
  valid: [
    {
      name: "a span a timer ends: a call after the timer is scheduled is not the span's work (Express middleware)",
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { NextFunction, Request, Response } from 'express';
        const tracer = trace.getTracer('web');
        export function slowRequestSpan(req: Request, _res: Response, next: NextFunction) {
          const span = tracer.startSpan('request.window', { attributes: { 'http.route': req.path } });
          setTimeout(() => {
            span.addEvent('window.closed');
            span.end();
          }, 200);
          next();
        }
      `,
    },
    {
      name: 'a node-style callback made after the span was ended is not its error path (a test span made active for the callback)',
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { context, trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('fs-test');
        exports.run = function run(fs, args, done) {
          const span = tracer.startSpan('test');
          span.end();
          return context.with(trace.setSpan(context.active(), span), () => {
            args.push((err) => {
              if (err) {
                done(err);
              }
            });
            return fs.readFile.apply(fs, args);
          });
        };
      `,
    },
    {
      name: "the error branch of a hook is not the error path of a span the hook starts after it (CommonJS)",
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('ci');
        class PlaywrightPlugin {
          constructor() {
            this.addSub('ci:playwright:test:finish', ({ span, error, steps }) => {
              if (error) {
                span.setAttribute('test.error', String(error));
              }
              for (const step of steps) {
                const stepSpan = tracer.startSpan('playwright.step', { startTime: step.startTime });
                stepSpan.setAttribute('playwright.step', step.title);
                stepSpan.end(step.startTime + step.duration);
              }
            });
          }
        }
        module.exports = { PlaywrightPlugin };
      `,
    },
    {
      name: 'the hook records the destructured error and sets ERROR status',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('server');
        export function onHandle(hooks: Hooks) {
          hooks.onHandle(({ onStop }) => {
            const span = tracer.startSpan('Handle');
            onStop(({ error }) => {
              if (error) {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
              }
              span.end();
            });
          });
        }
      `,
    },
    {
      name: "one item's error in a batch's results is not the span's failure",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('queue');
        export function report(results: { id: string; error?: Error }[]) {
          const span = tracer.startSpan('batch.report');
          let failed = 0;
          results.forEach(({ id, error }) => {
            if (error) {
              failed++;
              span.addEvent('message.failed', { 'messaging.message.id': id });
            }
          });
          span.setAttribute('batch.failed', failed);
          span.end();
        }
      `,
    },
    {
      name: 'a hook whose event has no error field is not an error path',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('server');
        export function onHandle(hooks: Hooks) {
          hooks.onHandle(({ server }) => {
            const span = tracer.startSpan('Handle');
            server.on('response', ({ response }) => {
              if (response) span.setAttribute('http.status', response.status);
              span.end();
            });
          });
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a span a timer ends: a call before the timer is scheduled leaves it unrecorded',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { NextFunction, Request, Response } from 'express';
        const tracer = trace.getTracer('web');
        export function slowRequestSpan(req: Request, _res: Response, next: NextFunction, audit: (r: Request) => void) {
          const span = tracer.startSpan('request.window', { attributes: { 'http.route': req.path } });
          audit(req);
          setTimeout(() => {
            span.end();
          }, 200);
          next();
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 6, data: { span: 'span', line: '5', what: 'the call', at: '6' } }],
    },
    {
      name: "a helper that ends the span only when the root has ended does not end it before the hook's error branch",
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function instrument(hooks: { onHandle(cb: (e: { onStop(cb: (e: { error?: Error }) => void): void }) => void): void }, rootSpan: Span & { ended?: boolean }) {
          function setParent(span: Span) {
            if (rootSpan.ended) return void span.end();
          }
          hooks.onHandle(({ onStop }) => {
            const span = tracer.startSpan('Handle');
            setParent(span);
            onStop(({ error }) => {
              if (error) {
                span.recordException(error);
              }
              span.end();
            });
          });
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 11,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { trace, type Span } from '@opentelemetry/api';
                const tracer = trace.getTracer('http');
                export function instrument(hooks: { onHandle(cb: (e: { onStop(cb: (e: { error?: Error }) => void): void }) => void): void }, rootSpan: Span & { ended?: boolean }) {
                  function setParent(span: Span) {
                    if (rootSpan.ended) return void span.end();
                  }
                  hooks.onHandle(({ onStop }) => {
                    const span = tracer.startSpan('Handle');
                    setParent(span);
                    onStop(({ error }) => {
                      if (error) {
                        span.recordException(error);
                        span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      }
                      span.end();
                    });
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'the hook records the destructured error without ERROR status',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('server');
        export function onHandle(hooks: Hooks) {
          hooks.onHandle(({ onStop }) => {
            const span = tracer.startSpan('Handle');
            onStop(({ error }) => {
              if ((span as any).ended) return;
              if (error) {
                span.recordException(error);
              }
              span.end();
            });
          });
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              data: { span: 'span' },
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('server');
                export function onHandle(hooks: Hooks) {
                  hooks.onHandle(({ onStop }) => {
                    const span = tracer.startSpan('Handle');
                    onStop(({ error }) => {
                      if ((span as any).ended) return;
                      if (error) {
                        span.recordException(error);
                        span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      }
                      span.end();
                    });
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'the hook only copies a renamed error into attributes (CommonJS)',
      filename: 'hooks.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('server');
        function onEvent(event) {
          const span = tracer.startSpan(event.name);
          event.onStop(({ error: failure }) => {
            if (failure) {
              span.setAttributes({ 'error.type': failure.name, 'error.stack': failure.stack });
            }
            span.end();
          });
        }
        module.exports = { onEvent };
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 6,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              data: { span: 'span' },
              output: code`
                const { trace } = require('@opentelemetry/api');
                const tracer = trace.getTracer('server');
                function onEvent(event) {
                  const span = tracer.startSpan(event.name);
                  event.onStop(({ error: failure }) => {
                    if (failure) {
                      span.recordException(failure);
                      span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                      span.setAttributes({ 'error.type': failure.name, 'error.stack': failure.stack });
                    }
                    span.end();
                  });
                }
                module.exports = { onEvent };
              `,
            },
          ],
        },
      ],
    },
    {
      // A recording on the outer span inside a callback judged for the inner one is still checked.
      name: 'a node-style callback records both on the child and only the exception on the parent',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function run(runStep: (cb: (err?: Error) => void) => void) {
          const parent = tracer.startSpan('job');
          const child = tracer.startSpan('job.step');
          runStep((err) => {
            if (err) {
              child.recordException(err);
              child.setStatus({ code: SpanStatusCode.ERROR });
              parent.recordException(err);
            }
            child.end();
            parent.end();
          });
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 10 }],
    },
  ],
});

// A catch that hands the error to a same-file helper that always throws rethrows it, to the span's own catch.
ruleTester.run('record-span-errors (a helper that always throws is a rethrow)', rule, {
  valid: [
    {
      name: "the inner catch's helper rethrows into the catch that records (as wrap-spans wraps such a function)",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        const handleDatabaseError = (error: unknown): never => {
          if (error instanceof TypeError) {
            throw new Error(error.message);
          }
          throw error;
        };
        export const deleteSession = async (token: string) => {
          return tracer.startActiveSpan('deleteSession', async (span) => {
            try {
              try {
                const result = await db.session.deleteMany({ where: { token } });
                return result.count;
              } catch (error) {
                return handleDatabaseError(error);
              }
            } catch (error2) {
              span.recordException(error2 as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw error2;
            } finally {
              span.end();
            }
          });
        };
      `,
    },
  ],
  invalid: [
    {
      name: 'with no catch of the span around it, the rethrown error is recorded nowhere',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        function fail(error: unknown): never {
          throw error;
        }
        export async function deleteSession(token: string) {
          const span = tracer.startSpan('deleteSession');
          try {
            return await db.session.deleteMany({ where: { token } });
          } catch (error) {
            fail(error);
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              data: { span: 'span' },
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('auth');
                function fail(error: unknown): never {
                  throw error;
                }
                export async function deleteSession(token: string) {
                  const span = tracer.startSpan('deleteSession');
                  try {
                    return await db.session.deleteMany({ where: { token } });
                  } catch (error) {
                    span.recordException(error as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    fail(error);
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('record-span-errors (error reporting SDK calls do not throw)', rule, {
  valid: [
    {
      name: "Sentry's capture and scope calls are built never to throw",
      code: code`
        import { trace } from '@opentelemetry/api';
        import * as Sentry from '@sentry/node';
        const tracer = trace.getTracer('app');
        export function reportFailure(message: string) {
          const span = tracer.startSpan('report-failure');
          Sentry.setTag('report', 'manual');
          Sentry.captureException(new Error(message));
          span.end();
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a span returned after an await: the rejection leaves before the hand-off, unrecorded (a stored one is the taker’s after)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        export async function startStream(client: { open(): Promise<AsyncIterable<string>> }) {
          const span = tracer.startSpan('llm.stream');
          const stream = await client.open();
          return { span, stream };
        }
        export async function startStored(spans: Map<string, unknown>, id: string, client: { open(): Promise<void> }) {
          const span = tracer.startSpan('llm.stream');
          spans.set(id, span);
          await client.open();
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 5, data: { span: 'span', line: '4', what: 'the await', at: '5' } }],
    },
    {
      name: "Deno: the API imported by an npm: specifier with a version is the API (its SpanStatusCode too)",
      code: code`
        import { SpanStatusCode, trace } from 'npm:@opentelemetry/api@1.9.0';
        import { getPage } from './page.ts';
        const tracer = trace.getTracer('site');
        export function load(url: string) {
          return tracer.startActiveSpan('load-data', async (span) => {
            try {
              return await getPage(url);
            } catch (e) {
              span.recordException(e as Error);
              throw e;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                import { SpanStatusCode, trace } from 'npm:@opentelemetry/api@1.9.0';
                import { getPage } from './page.ts';
                const tracer = trace.getTracer('site');
                export function load(url: string) {
                  return tracer.startActiveSpan('load-data', async (span) => {
                    try {
                      return await getPage(url);
                    } catch (e) {
                      span.recordException(e as Error);
                      span.setStatus({ code: SpanStatusCode.ERROR });
                      throw e;
                    } finally {
                      span.end();
                    }
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "Sentry's withScope runs a callback that can throw",
      code: code`
        import { trace } from '@opentelemetry/api';
        import * as Sentry from '@sentry/node';
        const tracer = trace.getTracer('app');
        export function run(work: () => void) {
          const span = tracer.startSpan('run');
          Sentry.withScope(() => work());
          span.end();
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 6 }],
    },
  ],
});

ruleTester.run('record-span-errors (a catch in a callback that runs later)', rule, {
  valid: [
    {
      name: 'a nested callback catch that records both halves',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export function onPropertyUpdated(bus: Bus, uow: UnitOfWork) {
          bus.register('property.updated', async (payload: { id: string }) => {
            await tracer.startActiveSpan('updateSearchIndex', async (span) => {
              try {
                await uow.withTransaction(async (repo) => {
                  const property = await repo.getById(payload.id);
                  try {
                    await searchIndex.update(property);
                  } catch (error) {
                    span.recordException(error as Error);
                    span.setStatus({ code: SpanStatusCode.ERROR, message: 'index update failed' });
                  }
                });
              } finally {
                span.end();
              }
            });
          });
        }
      `,
    },
    {
      name: 'a nested callback catch that sets ERROR and rethrows into the catch that records',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export async function reindex(uow: UnitOfWork, id: string) {
          return tracer.startActiveSpan('reindex', async (span) => {
            try {
              await uow.withTransaction(async (repo) => {
                try {
                  await searchIndex.update(await repo.getById(id));
                } catch (error) {
                  span.setStatus({ code: SpanStatusCode.ERROR, message: 'index update failed' });
                  throw error;
                }
              });
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw error;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'the catch of a closure that finishes the span is about finishing it',
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('agent');
        function runTool(tool, input) {
          const span = tracer.startSpan('tool.run');
          const finish = (meta) => {
            try {
              span.setAttribute('tool.output', JSON.stringify(meta.output));
              if (meta.error) {
                span.recordException(meta.error);
                span.setStatus({ code: SpanStatusCode.ERROR });
              }
            } catch (e) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: 'bad output' });
            } finally {
              span.end();
            }
          };
          return tool.run(input).then((output) => finish({ output }), (error) => finish({ error }));
        }
      `,
      languageOptions: commonjs,
    },
    {
      name: 'a catch in a callback that swallows the error without touching the span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function drain(queue: Queue) {
          const span = tracer.startSpan('drain');
          try {
            await queue.each(async (job) => {
              try {
                await job.run();
              } catch {
                await queue.retry(job);
              }
            });
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a catch in a listener may run after the span ended: not judged (socket.on, channel.consume)',
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('ws');
        async function connect(socket, channel, queue) {
          const span = tracer.startSpan('ws.connect');
          socket.on('message', (data) => {
            try {
              handle(JSON.parse(data));
            } catch (e) {
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
          });
          try {
            await channel.consume(queue, async (message) => {
              try {
                await handle(message);
              } catch (err) {
                span.recordException(err);
              }
            });
          } finally {
            span.end();
          }
        }
        module.exports = { connect };
      `,
      languageOptions: commonjs,
    },
    {
      name: 'a catch that hands the error on (returned rejection, reject, destroy) to where the span records it',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('store');
        export async function save(uow: UnitOfWork, item: Item, stream: Writable) {
          const span = tracer.startSpan('save');
          try {
            await uow.withTransaction(async (repo) => {
              try {
                await repo.insert(item);
              } catch (err) {
                span.setStatus({ code: SpanStatusCode.ERROR });
                return Promise.reject(err);
              }
            });
            await new Promise<void>((resolve, reject) =>
              stream.write(item, (error) => (error ? reject(error) : resolve())),
            );
            await uow.withTransaction(async (repo) => {
              try {
                await repo.audit(item);
              } catch (err) {
                span.setStatus({ code: SpanStatusCode.ERROR });
                stream.destroy(err as Error);
              }
            });
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: "cleanup inside an 'error' listener is not a second error path",
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function watch(emitter: EventEmitter) {
          const span = tracer.startSpan('watch');
          emitter.on('error', (err: Error) => {
            try {
              cleanup();
            } catch (e) {
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          });
          emitter.on('done', () => span.end());
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'ERROR status only, in a catch inside an awaited transaction callback (TypeScript, ESM)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export function onPropertyUpdated(bus: Bus, uow: UnitOfWork) {
          bus.register('property.updated', async (payload: { id: string }) => {
            tracer.startActiveSpan('updateSearchIndex', async (span) => {
              try {
                await uow.withTransaction(async (repo) => {
                  const property = await repo.getById(payload.id);
                  try {
                    property.indexedAt = await searchIndex.update(property);
                  } catch (error) {
                    span.setStatus({ code: SpanStatusCode.ERROR, message: 'index update failed' });
                    property.indexFailedAt = new Date();
                  }
                  await repo.save(property);
                });
                span.end();
              } catch (ex) {
                span.recordException(ex as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw ex;
              }
            });
          });
        }
      `,
      errors: [
        {
          messageId: 'missingRecordException',
          line: 11,
          suggestions: [
            {
              messageId: 'suggestRecordException',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('search');
                export function onPropertyUpdated(bus: Bus, uow: UnitOfWork) {
                  bus.register('property.updated', async (payload: { id: string }) => {
                    tracer.startActiveSpan('updateSearchIndex', async (span) => {
                      try {
                        await uow.withTransaction(async (repo) => {
                          const property = await repo.getById(payload.id);
                          try {
                            property.indexedAt = await searchIndex.update(property);
                          } catch (error) {
                            span.recordException(error as Error);
                            span.setStatus({ code: SpanStatusCode.ERROR, message: 'index update failed' });
                            property.indexFailedAt = new Date();
                          }
                          await repo.save(property);
                        });
                        span.end();
                      } catch (ex) {
                        span.recordException(ex as Error);
                        span.setStatus({ code: SpanStatusCode.ERROR });
                        span.end();
                        throw ex;
                      }
                    });
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an exception recorded without ERROR status, in a catch of a callback an awaited call runs per item (CommonJS)',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const pMap = require('p-map');
        const tracer = trace.getTracer('importer');
        async function importRows(rows) {
          const span = tracer.startSpan('import');
          try {
            await pMap(rows, async (row) => {
              try {
                await db.insert(normalize(row));
              } catch (err) {
                span.recordException(err);
                skipped.add(row.id);
              }
            }, { concurrency: 4 });
          } finally {
            span.end();
          }
        }
        module.exports = { importRows };
      `,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'missingErrorStatus',
          line: 10,
          suggestions: [
            {
              messageId: 'suggestErrorStatus',
              output: code`
                const { trace } = require('@opentelemetry/api');
                const pMap = require('p-map');
                const tracer = trace.getTracer('importer');
                async function importRows(rows) {
                  const span = tracer.startSpan('import');
                  try {
                    await pMap(rows, async (row) => {
                      try {
                        await db.insert(normalize(row));
                      } catch (err) {
                        span.recordException(err);
                        span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                        skipped.add(row.id);
                      }
                    }, { concurrency: 4 });
                  } finally {
                    span.end();
                  }
                }
                module.exports = { importRows };
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('record-span-errors (a span left open into a catch that cannot see it)', rule, {
  valid: [
    {
      name: 'the outer catch swallows quietly (best-effort telemetry): no error path',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { telemetryDebug } from './debug';
        export async function send(data: Payload) {
          try {
            const span = trace.getTracer('cli').startSpan('send');
            span.setAttribute('cli.command', data.command.name);
            span.end();
            await processor.forceFlush();
          } catch (error) {
            telemetryDebug('could not send telemetry: %O', error);
          }
        }
      `,
    },
    {
      name: 'the outer catch returns a fallback after an empty catch body: no error path',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('mesh');
        async function emit(call) {
          try {
            const span = tracer.startSpan('llm.call');
            await emitMonitoringLog(call);
            span.end();
          } catch {
            // monitoring must never break the request
          }
        }
        module.exports = { emit };
      `,
      languageOptions: commonjs,
    },
    {
      name: 'the inner span is ended in its own finally and records in its own catch',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('votes');
        export async function handler(req: Request, res: Response, next: NextFunction) {
          try {
            const connectSpan = tracer.startSpan('connect');
            try {
              await client.connect();
            } catch (err) {
              connectSpan.recordException(err as Error);
              connectSpan.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              connectSpan.end();
            }
            res.json({ ok: true });
          } catch (err) {
            next(err);
          }
        }
      `,
    },
    {
      name: 'a catch of the span that only logs the error through a debug logger function carries on: swallowed',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logDebug } from '../log';
        const tracer = trace.getTracer('chat');
        export async function setTitle(client: ChatClient, text: string) {
          const span = tracer.startSpan('chat.setTitle');
          try {
            await client.generateTitle(text);
          } catch (error) {
            logDebug('ChatController', 'setTitle', { verbose: error });
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a span declared with var in the try is visible in the catch, which records on it (CommonJS)',
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('db');
        async function handler(req, res, next) {
          try {
            var span = tracer.startSpan('db.connect');
            await db.connect();
            span.end();
          } catch (err) {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            next(err);
          }
        }
        module.exports = { handler };
      `,
      languageOptions: commonjs,
    },
    {
      name: "a best-effort span whose own failure an inner catch swallows is not blamed for what fails after that try",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function createOrder(req: Request, res: Response, next: NextFunction) {
          try {
            try {
              const span = tracer.startSpan('analytics.track');
              await analytics.track('order.create', req.body);
              span.end();
            } catch {
              // analytics is best-effort
            }
            const order = await orders.insert(req.body);
            res.status(201).json(order);
          } catch (err) {
            next(err);
          }
        }
      `,
    },
    {
      name: 'in a loop, a failure before the start (reached by looping back after a continue) is not the span\'s',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('items');
        export async function run(items: Item[]) {
          for (const item of items) {
            try {
              await prepare(item);
              const span = tracer.startSpan('item.validate');
              if (!item.valid) continue;
              span.end();
            } catch (e) {
              throw new ProcessingError(item.id, e);
            }
          }
        }
      `,
    },
    {
      name: 'a same-file closure that hands the span to an error helper as an option, then sets ERROR (sync and promise paths)',
      code: code`
        import { context, trace, SpanStatusCode, type Context } from '@opentelemetry/api';
        export function runInSpan<T>(ops: SpanOps, name: string, fn: () => T, parent: Context = context.active()): T {
          const span = ops.startSpan(name, {}, parent);
          const failWith = (error: unknown) => {
            try {
              ops.recordError(error as Error, undefined, { span });
            } catch {
              // recordError should never throw; never mask the original error.
            }
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          };
          try {
            const result = context.with(trace.setSpan(parent, span), fn);
            if (result instanceof Promise) {
              return result.then(
                (value) => {
                  span.end();
                  return value;
                },
                (error) => {
                  failWith(error);
                  throw error;
                },
              ) as unknown as T;
            }
            span.end();
            return result;
          } catch (error) {
            failWith(error);
            throw error;
          }
        }
      `,
    },
    {
      name: 'a catch that debug-logs through void (as no-floating-promises asks) and answers a fallback swallows the error',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logDebug } from './log';
        const tracer = trace.getTracer('prefs');
        export async function loadPrefs(userId: string) {
          return tracer.startActiveSpan('load-prefs', async (span) => {
            try {
              return await fetchPrefs(userId);
            } catch (e) {
              void logDebug('prefs unavailable, using defaults', e);
              return {};
            } finally {
              span.end();
            }
          });
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'child spans in a route handler whose catch passes the error on (CommonJS)',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('service-green');
        router.get('/votes', async (req, res, next) => {
          try {
            const connectSpan = tracer.startSpan('mongodb-connect');
            await client.connect();
            connectSpan.end();
            const countSpan = tracer.startSpan('mongodb-count');
            const total = await votes.countDocuments();
            countSpan.end();
            return res.json({ total });
          } catch (err) {
            return next(err);
          }
        });
      `,
      languageOptions: commonjs,
      errors: [
        { messageId: 'errorEscapes', line: 6, data: { span: 'connectSpan', line: '5', what: 'the await', at: '6' } },
        { messageId: 'errorEscapes', line: 9, data: { span: 'countSpan', line: '8', what: 'the await', at: '9' } },
      ],
    },
    {
      name: 'the catch records on the outer span only and rethrows: the inner span carries nothing',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('mcp-fetch');
        export class FetchServer {
          async fetchPage(url: string): Promise<string> {
            return tracer.startActiveSpan('fetch-page', async (span) => {
              try {
                const fetchSpan = tracer.startSpan('http-fetch');
                const response = await fetch(url);
                const text = await response.text();
                fetchSpan.end();
                return text;
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
      `,
      errors: [{ messageId: 'errorEscapes', line: 8, data: { span: 'fetchSpan', line: '7', what: 'the await', at: '8' } }],
    },
    {
      name: 'a span declared with var in the try: its catch records only the exception (CommonJS)',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('billing');
        async function pay(order) {
          try {
            var span = tracer.startSpan('charge');
            const receipt = await charge(order);
            span.end();
            return receipt;
          } catch (e) {
            span.recordException(e);
            span.end();
            throw e;
          }
        }
        module.exports = { pay };
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'missingErrorStatus', line: 9 }],
    },
    {
      name: "a same-file helper that logs the span's ids with the error records nothing on the span",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger';
        const tracer = trace.getTracer('worker');
        export async function processJob(job: { id: string }) {
          const span = tracer.startSpan('process-job');
          const { traceId, spanId } = span.spanContext();
          const onFailure = (error: unknown) => {
            logger.error('job failed', { jobId: job.id, error, traceId, spanId });
          };
          try {
            await runJob(job);
          } catch (error) {
            onFailure(error);
            throw error;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 12,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { logger } from './logger';
                const tracer = trace.getTracer('worker');
                export async function processJob(job: { id: string }) {
                  const span = tracer.startSpan('process-job');
                  const { traceId, spanId } = span.spanContext();
                  const onFailure = (error: unknown) => {
                    logger.error('job failed', { jobId: job.id, error, traceId, spanId });
                  };
                  try {
                    await runJob(job);
                  } catch (error) {
                    onFailure(error);
                    span.recordException(error as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    throw error;
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a function named like a debug logger whose value answers the failure formats the error: not a log line',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { serializeErrorForDebug } from './errors';
        const tracer = trace.getTracer('reports');
        export async function exportReport(req: Request, res: Response) {
          const span = tracer.startSpan('report.export');
          try {
            return res.send(await renderReport(req.params.id));
          } catch (err) {
            return res.status(500).json({ error: serializeErrorForDebug(err) });
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'missingRecordAndStatus',
          line: 8,
          suggestions: [
            {
              messageId: 'suggestRecordAndStatus',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { serializeErrorForDebug } from './errors';
                const tracer = trace.getTracer('reports');
                export async function exportReport(req: Request, res: Response) {
                  const span = tracer.startSpan('report.export');
                  try {
                    return res.send(await renderReport(req.params.id));
                  } catch (err) {
                    span.recordException(err as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    return res.status(500).json({ error: serializeErrorForDebug(err) });
                  } finally {
                    span.end();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});
