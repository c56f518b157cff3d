import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-span-use-after-end.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('no-span-use-after-end', rule, {
  valid: [
    {
      name: 'look-alike: a stream ended twice is no span (the name does not say span, no span method)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { createWriteStream } from 'node:fs';
        export function flush(path: string) {
          trace.getActiveSpan()?.addEvent('flush');
          const out = createWriteStream(path);
          out.end();
          out.end();
        }
      `,
    },
    {
      name: 'look-alike: a response with one span-like method (setStatus) is no span',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function reply(res: { setStatus(code: number): void; end(): void }) {
          trace.getActiveSpan()?.addEvent('reply');
          const response = wrap(res);
          response.end();
          response.setStatus(500);
        }
        declare function wrap<T>(value: T): T;
      `,
    },
    {
      name: 'look-alike: a native APM agent span in a file without an OpenTelemetry import is not judged',
      code: code`
        const agent = require('elastic-apm-node').start();
        const Span = require('./span');
        test('span methods after end do not throw', () => {
          const span = new Span(agent.startTransaction('t'));
          span.end();
          span.addLink({ context: { traceId: '1', spanId: '2' } });
          span.setAttributes({ a: 1 });
        });
      `,
      languageOptions: commonjs,
    },
    {
      name: 'a span made on some turns of a loop, in a variable declared empty each turn, ended in finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function runSome(jobs: { run(): Promise<void>; traced: boolean }[]) {
          for (const job of jobs) {
            let span = null;
            if (job.traced) span = tracer.startSpan('job');
            try {
              await job.run();
            } finally {
              span?.end();
            }
          }
        }
      `,
    },
    {
      name: 'look-alike: a span taken from a map or made, in a loop (a new one each turn), ended once per turn',
      code: code`
        import { SpanStatusCode, type Span } from '@opentelemetry/api';
        export async function runGuardrails(guardrails: Guardrail[], streamSpans?: Map<string, Span>) {
          for (const guardrail of guardrails) {
            let span = streamSpans?.get(guardrail.id) ?? null;
            if (!span) span = createChildSpan(guardrail.id);
            span.setAttribute('guardrail.name', guardrail.name);
            try {
              await guardrail.check();
              span.setStatus({ code: SpanStatusCode.OK });
              span.end();
            } catch (error) {
              span.recordException(error as Error);
              span.end();
              throw error;
            }
          }
        }
        interface Guardrail { id: string; name: string; check(): Promise<void> }
        declare function createChildSpan(name: string): Span;
      `,
    },
    {
      name: 'look-alike: a wrapper span used before its end() only',
      code: code`
        import { type Span } from '@opentelemetry/api';
        import { SpanWrapper } from '../src/span-wrapper';
        it('delegates', () => {
          const span = new SpanWrapper(mockSpan());
          span.setAttribute('a', 1);
          span.addEvent('b');
          span.end();
          expect(span.isRecording()).toBe(false);
        });
        declare function mockSpan(): Span;
      `,
    },
    {
      name: 'regression: a declare function (no body) called while the span is open does not crash the span rules',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('x');
        declare function audit(): void;
        export function f() {
          const span = tracer.startSpan('a');
          audit();
          span.end();
        }
      `,
    },
    {
      name: 'a helper that ends the span only on error is no end: the success path still has a live span',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        function failSpan(span: Span, err?: Error) {
          if (err) {
            span.recordException(err);
            span.end();
          }
        }
        export async function run(job: () => Promise<Error | undefined>) {
          const span = tracer.startSpan('job.run');
          const err = await job();
          failSpan(span, err);
          if (err) return;
          span.setAttribute('ok', true);
          span.end();
        }
      `,
    },
    {
      name: 'startSpan ended once in finally, attributes and exception recorded before it (TS, ESM)',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function loadOrder(id: string): Promise<Order> {
          const span: Span = tracer.startSpan('orders.load');
          try {
            const order = await db.orders.findOne({ id });
            span.setAttribute('order.items', order.items.length);
            return order;
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
      name: 'code paths, not line order: end() in the then-branch, setStatus() in the else-branch',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export function check(token: string | undefined): boolean {
          const span = tracer.startSpan('auth.check');
          if (token) span.end();
          else {
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'missing token' });
            span.end();
          }
          return !!token;
        }
      `,
    },
    {
      name: 'isRecording() and spanContext() after end() are allowed',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function handle(req: Request, res: Response) {
          const span = tracer.startSpan('http.handle');
          res.setHeader('x-request-id', req.id);
          span.end();
          res.setHeader('traceparent', \`00-\${span.spanContext().traceId}-\${span.spanContext().spanId}-01\`);
          logger.debug({ recording: span.isRecording() }, 'request traced');
        }
      `,
    },
    {
      name: 'early return after end() in a guard branch, the rest of the function uses the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export async function findUser(id: string) {
          const span = tracer.startSpan('users.find');
          const cached = cache.get(id);
          if (cached) {
            span.setAttribute('cache.hit', true);
            span.end();
            return cached;
          }
          span.setAttribute('cache.hit', false);
          try {
            return await db.users.findById(id);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'chained setStatus(...).end() is one use, not a use after end',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export function refuse(reason: string) {
          const span = tracer.startSpan('payments.refuse');
          span.setAttribute('payment.refusal', reason).setStatus({ code: SpanStatusCode.ERROR, message: reason }).end();
        }
      `,
    },
    {
      name: 'a span created inside the loop body is a new span each iteration',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('importer');
        export async function importRows(rows: Row[]) {
          for (const row of rows) {
            const span = tracer.startSpan('importer.row');
            span.setAttribute('row.id', row.id);
            try {
              await db.rows.insert(row);
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'span = tracer.startSpan(...) after end() makes the variable live again',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export async function syncAll(source: Source) {
          let span: Span = tracer.startSpan('sync.fetch');
          const items = await source.list();
          span.setAttribute('sync.count', items.length);
          span.end();
          span = tracer.startSpan('sync.store');
          await store.saveAll(items);
          span.addEvent('stored');
          span.end();
        }
      `,
    },
    {
      name: 'a retry loop that re-creates the span before each attempt',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('http-client');
        export async function getWithRetry(url: string) {
          let span = tracer.startSpan('GET');
          for (let attempt = 1; attempt <= 3; attempt++) {
            span.setAttribute('http.resend_count', attempt - 1);
            const res = await fetch(url);
            if (res.ok) {
              span.end();
              return res;
            }
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            span = tracer.startSpan('GET');
          }
          span.end();
          throw new Error('gave up');
        }
      `,
    },
    {
      name: 'use after end guarded by span.isRecording()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export function warm(keys: string[]) {
          const span = tracer.startSpan('cache.warm');
          if (keys.length === 0) span.end();
          if (span.isRecording()) {
            span.setAttribute('cache.keys', keys.length);
            span.end();
          }
        }
      `,
    },
    {
      name: 'logical guard: span.isRecording() && span.addEvent(...) after the finally that ends it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export async function evict(key: string) {
          const span = tracer.startSpan('cache.evict');
          try {
            await cache.delete(key);
          } finally {
            span.end();
          }
          span.isRecording() && span.addEvent('evicted', { key });
        }
      `,
    },
    {
      name: 'use after end guarded by !span.ended (JS, reads the SDK property)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export function onClose(socket, code) {
          const span = tracer.startSpan('ws.session');
          if (code !== 1000) span.end();
          if (!span.ended) {
            span.setAttribute('ws.close_code', code);
            span.end();
          }
        }
      `,
    },
    {
      name: 'a local `ended` flag the function sets guards the second end()',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('upload');
        export async function upload(file: File) {
          const span = tracer.startSpan('upload.file');
          let ended = false;
          try {
            const id = await storage.put(file);
            span.setAttribute('upload.id', id);
            span.end();
            ended = true;
            await index.add(id);
          } catch (err) {
            if (!ended) {
              span.recordException(err as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
            }
            throw err;
          }
        }
      `,
    },
    {
      name: 'uses inside a nested closure (a response listener) are not judged',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('express');
        export function tracing(req, res, next) {
          const span = tracer.startSpan(\`\${req.method} \${req.path}\`);
          span.end();
          res.on('finish', () => {
            span.setAttribute('http.status_code', res.statusCode);
          });
          next();
        }
      `,
    },
    {
      name: 'a span handed in from outside (a parameter) is not judged',
      code: code`
        import type { Span } from '@opentelemetry/api';
        export function finish(span: Span, result: { rows: number }) {
          span.end();
          span.setAttribute('db.rows', result.rows);
        }
      `,
    },
    {
      name: 'Sentry startInactiveSpan: not an OpenTelemetry span',
      code: code`
        import * as Sentry from '@sentry/node';
        export async function checkout(cart: Cart) {
          const span = Sentry.startInactiveSpan({ name: 'checkout', op: 'function' });
          await payments.charge(cart);
          span.end();
          span.setAttribute('cart.total', cart.total);
          span.end();
        }
      `,
    },
    {
      name: 'Sentry startSpan({ name }, callback) in a file that also imports OpenTelemetry',
      code: code`
        import * as Sentry from '@sentry/node';
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('shop');
        export function render(page: Page) {
          return Sentry.startSpan({ name: 'render' }, (span) => {
            const html = page.render();
            span.end();
            span.setAttribute('html.length', html.length);
            return html;
          });
        }
      `,
    },
    {
      name: 'a user class with end() (a stopwatch), not a span',
      code: code`
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('metrics');
        class Stopwatch {
          private started = Date.now();
          elapsed = 0;
          end() {
            this.elapsed = Date.now() - this.started;
          }
        }
        export function measure(fn: () => void) {
          const watch = new Stopwatch();
          fn();
          watch.end();
          watch.end();
          return watch.elapsed;
        }
      `,
    },
    {
      name: 'a file without any OpenTelemetry evidence is not judged',
      filename: 'x.js',
      code: code`
        import { createRecorder } from './recorder.js';
        const tracer = createRecorder();
        export function render(view) {
          const span = tracer.startSpan('render');
          const html = view.render();
          span.end();
          span.end();
          return html;
        }
      `,
    },
    {
      name: 'try ends on success, catch ends on failure and rethrows: no path ends twice',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        export async function invoice(customerId: string) {
          const span = tracer.startSpan('billing.invoice');
          try {
            const invoice = await billing.create(customerId);
            span.setAttribute('invoice.id', invoice.id);
            span.end();
            return invoice;
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
      name: 'throws are followed only through await: a plain call after end() in the try block does not lead into the catch',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('signup');
        export async function signup(input: SignupInput) {
          const span = tracer.startSpan('signup');
          try {
            const user = await users.create(input);
            span.end();
            metrics.increment('signup.count');
            return user;
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
      name: 'catch ends and rethrows, success path ends after the try statement',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('mailer');
        async function sendMail(message) {
          const span = tracer.startSpan('mail.send');
          try {
            await transport.send(message);
          } catch (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw error;
          }
          span.addEvent('sent');
          span.end();
        }
        module.exports = { sendMail };
      `,
    },
    {
      name: 'startActiveSpan with an async callback, ended in finally',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export function charge(card: Card, amount: number) {
          return tracer.startActiveSpan('payments.charge', async (span) => {
            try {
              const result = await gateway.charge(card, amount);
              span.setAttribute('payment.id', result.id);
              return result;
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
      name: 'nested spans: the child is ended, then the parent gets attributes',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export async function checkout(cart: Cart) {
          const parent = tracer.startSpan('checkout');
          const ctx = trace.setSpan(context.active(), parent);
          const child = tracer.startSpan('checkout.price', undefined, ctx);
          const total = await pricing.total(cart);
          child.setAttribute('cart.total', total);
          child.end();
          parent.setAttribute('cart.total', total);
          parent.addEvent('priced');
          parent.end();
          return total;
        }
      `,
    },
    {
      name: 'switch: each case ends the span and breaks',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function report(job: Job) {
          const span = tracer.startSpan('jobs.report');
          switch (job.state) {
            case 'done':
              span.setAttribute('job.state', 'done');
              span.end();
              break;
            case 'failed':
              span.setStatus({ code: SpanStatusCode.ERROR, message: job.error });
              span.end();
              break;
            default:
              span.end();
          }
          return job.state;
        }
      `,
    },
    {
      name: 'context.with runs the work with the span active, end() comes last',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('render');
        export function renderPage(page: Page) {
          const span = tracer.startSpan('render.page');
          const html = context.with(trace.setSpan(context.active(), span), () => page.render());
          span.setAttribute('html.bytes', html.length);
          span.end();
          return html;
        }
      `,
    },
    {
      name: 'Koa middleware: attributes after await next(), then end()',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export async function tracing(ctx, next) {
          const span = tracer.startSpan(\`\${ctx.method} \${ctx.path}\`);
          try {
            await next();
            span.setAttribute('http.status_code', ctx.status);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'queue worker (CommonJS) acks, nacks and ends once in finally',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('worker');
        function start(channel) {
          channel.consume('orders', async (msg) => {
            const span = tracer.startSpan('orders.process', { kind: api.SpanKind.CONSUMER });
            try {
              await processOrder(JSON.parse(msg.content.toString()));
              channel.ack(msg);
            } catch (err) {
              span.recordException(err);
              span.setStatus({ code: api.SpanStatusCode.ERROR });
              channel.nack(msg, false, false);
            } finally {
              span.end();
            }
          });
        }
        module.exports = { start };
      `,
    },
    {
      name: 'repository class with this.tracer: each method ends its own span once',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class OrderRepository {
          private readonly tracer: Tracer = trace.getTracer('orders');
          constructor(private readonly db: Db) {}
          async save(order: Order) {
            const span = this.tracer.startSpan('orders.save');
            try {
              await this.db.insert('orders', order);
              span.addEvent('inserted');
            } finally {
              span.end();
            }
          }
          async remove(id: string) {
            const span = this.tracer.startSpan('orders.remove');
            span.setAttribute('order.id', id);
            await this.db.delete('orders', id);
            span.end();
          }
        }
      `,
    },
    {
      name: 'an alias used before the end() of the original',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export function search(query: string) {
          const span = tracer.startSpan('search');
          const s = span;
          s.setAttribute('search.query.length', query.length);
          const hits = index.search(query);
          s.setAttribute('search.hits', hits.length);
          span.end();
          return hits;
        }
      `,
    },
    {
      name: 'a local finish() helper called on both paths is not a span method call',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('stream');
        export function pipe(source, sink) {
          const span = tracer.startSpan('stream.pipe');
          const finish = () => span.end();
          source.pipe(sink);
          if (sink.destroyed) finish();
          else finish();
        }
      `,
    },
    {
      name: 'finally ends the span only if the try block did not: if (span.isRecording()) span.end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('exports');
        export async function exportReport(id: string) {
          const span = tracer.startSpan('exports.report');
          try {
            const file = await reports.render(id);
            span.setAttribute('report.bytes', file.size);
            span.end();
            await mailer.send(file);
          } finally {
            if (span.isRecording()) span.end();
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'look-alike: a span made through an optional call (make?.()) is tracked too',
      code: code`
        import { context } from '@opentelemetry/api';
        import { spans } from './impl';
        export function probe() {
          const span = spans.make?.(context.active());
          span.setAttribute('a', 1);
          span.end();
          span.addEvent('late');
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 7, data: { name: 'span', method: 'addEvent', endLine: 6 } }],
    },
    {
      name: 'without types, a profiler whose startSpan is not a tracer\'s still hands out a value used as a span: ended twice',
      code: code`
        import { context } from '@opentelemetry/api';
        import { profiler } from './profiler.js';
        export function compile(source: string) {
          const span = profiler.startSpan('compile');
          const out = transform(source, context.active());
          span.end();
          span.end();
          return out;
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 7, data: { name: 'span', endLine: 6 } }],
    },
    {
      name: 'a span put in a variable declared empty in a loop, used after its end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function runAll(jobs: { run(): Promise<void> }[]) {
          for (const job of jobs) {
            let span = null;
            span = tracer.startSpan('job');
            try {
              await job.run();
            } finally {
              span.end();
            }
            span.setAttribute('done', true);
          }
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 12, data: { name: 'span', method: 'setAttribute', endLine: 10 } }],
    },
    {
      name: 'look-alike: a span taken from a map or made, ended before a throw into the catch that ends it again',
      code: code`
        import { SpanStatusCode, type Span } from '@opentelemetry/api';
        export async function runGuardrails(guardrails: Guardrail[], streamSpans?: Map<string, Span>) {
          for (const guardrail of guardrails) {
            let span = streamSpans?.get(guardrail.id) ?? null;
            if (!span) span = createChildSpan(guardrail.id);
            try {
              if (!(await guardrail.check())) {
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw new Error('blocked');
              }
              span.end();
            } catch (error) {
              span.recordException(error as Error);
              span.end();
              throw error;
            }
          }
        }
        interface Guardrail { id: string; check(): Promise<boolean> }
        declare function createChildSpan(name: string): Span;
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 14, data: { name: 'span', method: 'recordException', endLine: 9 } },
        { messageId: 'endedTwice', line: 15 },
      ],
    },
    {
      name: "look-alike: an SDK test uses a span it constructs after end() (the SDK's own Span class, no tracer call)",
      code: code`
        import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
        import { SpanImpl } from '../../src/Span';
        it('warns when an event is added to an ended span', () => {
          const span = new SpanImpl({ context: ROOT_CONTEXT, name: 'x', kind: SpanKind.CLIENT });
          span.end();
          span.addEvent('too late');
          span.end();
        });
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 6, data: { name: 'span', method: 'addEvent', endLine: 5 } },
        { messageId: 'endedTwice', line: 7 },
      ],
    },
    {
      name: 'look-alike: a wrapper span destructured from a test helper, ended twice (CommonJS)',
      code: code`
        const { context } = require('@opentelemetry/api');
        const { createSpanTest } = require('./helpers');
        it('handles duplicate end() calls', async () => {
          const { mockSpan, wrappedSpan } = await createSpanTest(context.active());
          wrappedSpan.end();
          mockSpan.expectEnded();
          wrappedSpan.end();
        });
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'endedTwice', line: 7, data: { name: 'wrappedSpan', endLine: 5 } }],
    },
    {
      name: 'look-alike: a value with two span methods and end() is a span whatever its name',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { bridge } from './bridge';
        export function close(id: string) {
          const current = bridge(trace.getActiveSpan(), id);
          current.setAttribute('id', id);
          current.end();
          current.recordException(new Error('closed'));
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 7, data: { name: 'current', method: 'recordException', endLine: 6 } }],
    },
    {
      name: 'a variable given a new span: the use after the first end() is reported once, not once per span',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export async function sync(source: { list(): Promise<unknown[]> }) {
          let span: Span = tracer.startSpan('sync.fetch');
          const items = await source.list();
          span.end();
          span.setAttribute('sync.count', items.length);
          span = tracer.startSpan('sync.store');
          span.end();
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 7 }],
    },
    {
      name: 'a module-level counter is no flag of this span: the guarded use after end() is reported',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        let requests = 0;
        export function count() {
          requests++;
        }
        export function handle() {
          const span = tracer.startSpan('http.handle');
          span.end();
          if (requests > 10) span.setAttribute('busy', true);
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 10 }],
    },
    {
      name: 'setAttribute() right after end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function loadOrder(id: string) {
          const span = tracer.startSpan('orders.load');
          const order = await db.orders.findOne({ id });
          span.end();
          span.setAttribute('order.items', order.items.length);
          return order;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 7, column: 3, data: { name: 'span', method: 'setAttribute', endLine: 6 } }],
    },
    {
      name: 'the await in the try block after end() rejects: recordException() and the second end() in the catch',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('pipeline');
        export async function run(a: () => Promise<string>, b: (r: string) => Promise<void>) {
          const span = tracer.startSpan('pipeline.run');
          try {
            const r = await a();
            span.end();
            await b(r);
          } catch (e) {
            span.recordException(e as Error);
            span.end();
          }
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 10, column: 5, data: { name: 'span', method: 'recordException', endLine: 7 } },
        { messageId: 'endedTwice', line: 11, column: 5, data: { name: 'span', endLine: 7 } },
      ],
    },
    {
      name: 'ended twice in sequence',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function greet(name: string) {
          const span = tracer.startSpan('users.greet');
          span.end();
          const message = \`Hello, \${name}\`;
          span.end();
          return message;
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 7, column: 3, data: { name: 'span', endLine: 5 } }],
    },
    {
      name: 'ended in the try block and again in finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('inventory');
        export async function reserve(sku: string, qty: number) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            await stock.decrement(sku, qty);
            span.end();
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 9, data: { name: 'span', endLine: 7 } }],
    },
    {
      name: 'guard branch ends the span but forgets to return',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function ship(orderId: string) {
          const span = tracer.startSpan('orders.ship');
          const order = await orders.get(orderId);
          if (!order) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: 'not found' });
            span.end();
          }
          span.setAttribute('order.id', orderId);
          await shipping.dispatch(order);
          span.end();
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 10, data: { name: 'span', method: 'setAttribute', endLine: 8 } },
        { messageId: 'endedTwice', line: 12, data: { name: 'span', endLine: 8 } },
      ],
    },
    {
      name: 'startActiveSpan callback: addEvent() after end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export function refresh(key: string) {
          return tracer.startActiveSpan('cache.refresh', async (span) => {
            const value = await origin.load(key);
            await cache.set(key, value);
            span.end();
            span.addEvent('cache.updated', { key });
            return value;
          });
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, column: 5, data: { name: 'span', method: 'addEvent', endLine: 7 } }],
    },
    {
      name: 'setStatus() after end() in an error handler: recordException, end, then setStatus',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export async function capture(paymentId: string) {
          const span = tracer.startSpan('payments.capture');
          try {
            await gateway.capture(paymentId);
          } catch (err) {
            span.recordException(err as Error);
            span.end();
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          }
          span.end();
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 10, data: { name: 'span', method: 'setStatus', endLine: 9 } }],
    },
    {
      name: 'updateName() after end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('router');
        export function route(req: Request) {
          const span = tracer.startSpan('HTTP GET');
          const match = router.match(req.url);
          span.end();
          span.updateName(\`GET \${match.pattern}\`);
          return match;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 7, data: { name: 'span', method: 'updateName', endLine: 6 } }],
    },
    {
      name: 'addLink() and addLinks() after end()',
      code: code`
        import { trace, type Link } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export function consumeBatch(messages: { link: Link }[]) {
          const span = tracer.startSpan('batch.consume');
          for (const m of messages) handle(m);
          span.end();
          span.addLink(messages[0].link);
          span.addLinks(messages.slice(1).map((m) => m.link));
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 7, data: { name: 'span', method: 'addLink', endLine: 6 } },
        { messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'addLinks', endLine: 6 } },
      ],
    },
    {
      name: 'CommonJS: setAttributes() after end() in an express handler',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const express = require('express');
        const tracer = trace.getTracer('api');
        const app = express();
        app.get('/products/:id', async (req, res) => {
          const span = tracer.startSpan('products.get');
          const product = await catalog.find(req.params.id);
          span.end();
          res.json(product);
          span.setAttributes({ 'product.id': product.id, 'http.status_code': 200 });
        });
        module.exports = app;
      `,
      errors: [{ messageId: 'useAfterEnd', line: 10, column: 3, data: { name: 'span', method: 'setAttributes', endLine: 8 } }],
    },
    {
      name: 'ESM JavaScript express handler: setStatus() after the response and end()',
      filename: 'x.js',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export async function createUser(req, res) {
          const span = tracer.startSpan('users.create');
          const user = await users.create(req.body);
          res.status(201).json(user);
          span.end();
          span.setStatus({ code: SpanStatusCode.OK });
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'setStatus', endLine: 7 } }],
    },
    {
      name: 'repository class method: setStatus() after end() on this.tracer span',
      code: code`
        import { trace, SpanStatusCode, type Tracer } from '@opentelemetry/api';
        export class InvoiceRepository {
          private readonly tracer: Tracer = trace.getTracer('invoices');
          async markPaid(id: string) {
            const span = this.tracer.startSpan('invoices.mark_paid');
            const updated = await this.db.update('invoices', id, { paid: true });
            span.end();
            if (!updated) span.setStatus({ code: SpanStatusCode.ERROR, message: 'no such invoice' });
            return updated;
          }
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, column: 19, data: { name: 'span', method: 'setStatus', endLine: 7 } }],
    },
    {
      name: 'a const alias of the span used after the original is ended',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export function search(query: string) {
          const span = tracer.startSpan('search');
          const active = span;
          const hits = index.search(query);
          span.end();
          active.setAttribute('search.hits', hits.length);
          return hits;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'setAttribute', endLine: 7 } }],
    },
    {
      name: 'end() inside a loop of a span created before it: ended again on the next iteration',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export async function flush(items: Item[]) {
          const span = tracer.startSpan('batch.flush');
          for (const item of items) {
            await sink.write(item);
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 7, column: 5, data: { name: 'span', endLine: 7 } }],
    },
    {
      name: 'nested spans: the child is ended, then the child (instead of the parent) gets the attribute',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export async function checkout(cart: Cart) {
          const parent = tracer.startSpan('checkout');
          const child = tracer.startSpan('checkout.price', undefined, trace.setSpan(context.active(), parent));
          const total = await pricing.total(cart);
          child.end();
          child.setAttribute('cart.total', total);
          parent.end();
          return total;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'child', method: 'setAttribute', endLine: 7 } }],
    },
    {
      name: 'switch case falls through after end() into a case that sets the status',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function report(job: Job) {
          const span = tracer.startSpan('jobs.report');
          switch (job.state) {
            case 'done':
              span.end();
            case 'failed':
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              break;
            default:
              span.end();
          }
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 9, data: { name: 'span', method: 'setStatus', endLine: 7 } },
        { messageId: 'endedTwice', line: 10, data: { name: 'span', endLine: 7 } },
      ],
    },
    {
      name: 'ended in finally, then the result is recorded after the try statement',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function count(table: string) {
          const span = tracer.startSpan('db.count');
          let rows = 0;
          try {
            rows = await db.count(table);
          } finally {
            span.end();
          }
          span.setAttribute('db.rows', rows);
          return rows;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 11, data: { name: 'span', method: 'setAttribute', endLine: 9 } }],
    },
    {
      name: 'conditional end() followed by an unconditional end()',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export function authorize(user: User | null) {
          const span = tracer.startSpan('auth.authorize');
          if (!user) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          }
          span.end();
          return !!user;
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 9, column: 3, data: { name: 'span', endLine: 7 } }],
    },
    {
      name: 'Koa middleware: status attribute set after end()',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export async function tracing(ctx, next) {
          const span = tracer.startSpan(\`\${ctx.method} \${ctx.path}\`);
          await next();
          span.end();
          ctx.set('x-trace-id', span.spanContext().traceId);
          span.setAttribute('http.status_code', ctx.status);
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'setAttribute', endLine: 6 } }],
    },
    {
      name: 'CommonJS queue worker: the ack after end() rejects into a catch that records and ends again',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('worker');
        async function handleMessage(queue, msg) {
          const span = tracer.startSpan('queue.handle');
          try {
            await processPayload(msg.body);
            span.end();
            await queue.ack(msg);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            await queue.nack(msg);
          }
        }
        module.exports = { handleMessage };
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 10, data: { name: 'span', method: 'setStatus', endLine: 7 } },
        { messageId: 'endedTwice', line: 11, data: { name: 'span', endLine: 7 } },
      ],
    },
    {
      name: 'startActiveSpan(name, options, context, fn): end() in the try block, end() again in finally',
      code: code`
        import { trace, context, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('queue');
        export function consume(message: Message, parentContext = context.active()) {
          return tracer.startActiveSpan('queue.process', { kind: SpanKind.CONSUMER }, parentContext, async (span) => {
            try {
              await handle(message);
              span.end();
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 9, column: 7, data: { name: 'span', endLine: 7 } }],
    },
    {
      name: 'for await over a stream, end(), then an event recorded on the ended span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ingest');
        export async function ingest(stream: AsyncIterable<Buffer>) {
          const span = tracer.startSpan('ingest');
          let bytes = 0;
          for await (const chunk of stream) bytes += chunk.length;
          span.setAttribute('ingest.bytes', bytes);
          span.end();
          span.addEvent('drained');
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 9, data: { name: 'span', method: 'addEvent', endLine: 8 } }],
    },
    {
      name: 'cache-hit branch ends the span and falls through to the miss path',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export async function getProfile(id) {
          const span = tracer.startSpan('profile.get');
          let profile = cache.get(id);
          if (profile) {
            span.setAttribute('cache.hit', true);
            span.end();
          }
          span.setAttribute('cache.hit', false);
          profile = await db.profiles.find(id);
          span.end();
          return profile;
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 10, data: { name: 'span', method: 'setAttribute', endLine: 8 } },
        { messageId: 'endedTwice', line: 12, data: { name: 'span', endLine: 8 } },
      ],
    },
    {
      name: 'try ends on success, the audit await after it rejects, catch ends again',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('accounts');
        export async function close(accountId: string) {
          const span = tracer.startSpan('accounts.close');
          try {
            await accounts.close(accountId);
            span.end();
            await audit.log('account.closed', accountId);
          } catch (err) {
            span.end();
            throw err;
          }
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 10, column: 5, data: { name: 'span', endLine: 7 } }],
    },
    {
      name: 'recordException() after end() in a startActiveSpan callback with a plain function',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('reports');
        export function build(report) {
          return tracer.startActiveSpan('reports.build', async function (span) {
            try {
              return await renderer.render(report);
            } catch (err) {
              span.end();
              span.recordException(err);
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 9, data: { name: 'span', method: 'recordException', endLine: 8 } },
        { messageId: 'endedTwice', line: 12, data: { name: 'span', endLine: 8 } },
      ],
    },
    {
      name: 'while loop: end() in the body of a span created before the loop',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('poller');
        export async function poll(queue: Queue) {
          const span = tracer.startSpan('poller.poll');
          while (!queue.closed) {
            const batch = await queue.receive();
            span.setAttribute('batch.size', batch.length);
            if (batch.length === 0) span.end();
          }
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 7, data: { name: 'span', method: 'setAttribute', endLine: 8 } },
        { messageId: 'endedTwice', line: 8, column: 29, data: { name: 'span', endLine: 8 } },
      ],
    },
    {
      name: 'ended in finally and in the catch clause that precedes it',
      filename: 'x.js',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        export async function upload(file) {
          const span = tracer.startSpan('files.upload');
          try {
            await bucket.put(file.name, file.body);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 11, data: { name: 'span', endLine: 9 } }],
    },
    {
      name: 'chained setStatus(...).end() after an end(): the chain is one use, reported at setStatus()',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export function refuse(reason: string) {
          const span = tracer.startSpan('payments.refuse');
          span.end();
          span.setStatus({ code: SpanStatusCode.ERROR, message: reason }).end();
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 6, column: 3, data: { name: 'span', method: 'setStatus', endLine: 5 } }],
    },
    {
      name: 'chained setStatus(...).end() followed by another end()',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export function decline(reason: string) {
          const span = tracer.startSpan('payments.decline');
          span.setStatus({ code: SpanStatusCode.ERROR, message: reason }).end();
          span.end();
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 6, column: 3, data: { name: 'span', endLine: 5 } }],
    },
    {
      name: 'a throw statement after end() inside the try block lands in a catch that records and ends again',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('signup');
        export async function register(input: SignupInput) {
          const span = tracer.startSpan('signup.register');
          try {
            if (!input.email) {
              span.end();
              throw new ValidationError('email is required');
            }
            await users.create(input);
            span.end();
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw err;
          }
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 13, data: { name: 'span', method: 'recordException', endLine: 7 } },
        { messageId: 'useAfterEnd', line: 14, data: { name: 'span', method: 'setStatus', endLine: 7 } },
        { messageId: 'endedTwice', line: 15, data: { name: 'span', endLine: 7 } },
      ],
    },
    {
      name: 'the catch swallows the error after ending the span, and the code after the try ends it again',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('notifications');
        export async function notify(user, message) {
          const span = tracer.startSpan('notify');
          try {
            await push.send(user.deviceToken, message);
          } catch (err) {
            span.recordException(err);
            span.end();
          }
          span.setAttribute('notify.channel', 'push');
          span.end();
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 11, data: { name: 'span', method: 'setAttribute', endLine: 9 } },
        { messageId: 'endedTwice', line: 12, data: { name: 'span', endLine: 9 } },
      ],
    },
    {
      name: 'a same-file endSpan(span) helper ends it; the attribute and end() after it are on an ended span',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        function endSpan(span: Span, err?: Error) {
          if (err) {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        }
        export async function cancel(orderId: string) {
          const span = tracer.startSpan('orders.cancel');
          await orders.cancel(orderId);
          endSpan(span);
          span.setAttribute('order.id', orderId);
          span.end();
        }
      `,
      errors: [
        { messageId: 'useAfterEnd', line: 14, data: { name: 'span', method: 'setAttribute', endLine: 13 } },
        { messageId: 'endedTwice', line: 15, data: { name: 'span', endLine: 13 } },
      ],
    },
    {
      name: 'the finally block ends the span and then sets an attribute',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function query(sql: string) {
          const span = tracer.startSpan('db.query');
          const started = Date.now();
          try {
            return await pool.query(sql);
          } finally {
            span.end();
            span.setAttribute('db.duration_ms', Date.now() - started);
          }
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 10, column: 5, data: { name: 'span', method: 'setAttribute', endLine: 9 } }],
    },
    {
      name: 'module-level startup span: addEvent() after end() in the script itself',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('boot');
        const span = tracer.startSpan('boot');
        await loadConfig();
        span.end();
        span.addEvent('ready');
      `,
      errors: [{ messageId: 'useAfterEnd', line: 6, column: 1, data: { name: 'span', method: 'addEvent', endLine: 5 } }],
    },
    {
      name: 'optional chaining does not hide a use after end: span?.end() then span?.setAttribute()',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export function disconnect(socket: Socket) {
          let span: Span | undefined;
          if (socket.traced) span = tracer.startSpan('ws.disconnect');
          socket.close();
          span?.end();
          span?.setAttribute('ws.reason', socket.closeReason);
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'setAttribute', endLine: 7 } }],
    },
    {
      name: 'break out of the loop after end(), the attribute after the loop runs on an ended span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('scanner');
        export async function findFirstMatch(files: string[], needle: string) {
          const span = tracer.startSpan('scanner.find');
          let found: string | undefined;
          for (const file of files) {
            if ((await fs.readFile(file, 'utf8')).includes(needle)) {
              found = file;
              span.end();
              break;
            }
          }
          span.setAttribute('scanner.found', found ?? 'none');
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 13, data: { name: 'span', method: 'setAttribute', endLine: 9 } }],
    },
    {
      name: 'context.with callback that runs at once: the span is ended in it, then an attribute is set',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function runJob(job: Job) {
          const span = tracer.startSpan('jobs.run');
          return context.with(trace.setSpan(context.active(), span), async () => {
            const result = await job.execute();
            span.end();
            span.setAttribute('job.result', result.status);
            return result;
          });
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, column: 5, data: { name: 'span', method: 'setAttribute', endLine: 7 } }],
    },
    {
      name: 'startActiveSpan: ended through a const alias, then an event on the callback parameter',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('mailer');
        export function deliver(mail: Mail) {
          return tracer.startActiveSpan('mail.deliver', async (span) => {
            const current = span;
            await smtp.send(mail);
            current.end();
            span.addEvent('delivered');
          });
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 'span', method: 'addEvent', endLine: 7 } }],
    },
  ],
});

const typedRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'typed');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedRoot } },
});
const typedFile = 'use-after-end-service.ts';

typedTester.run('no-span-use-after-end (typed)', rule, {
  valid: [
    {
      name: 'types say the receiver named tracer is an ORM query tracer, not an OpenTelemetry Tracer',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './end-span-query-tracer.js';
        export const otel = trace.getTracer('shop');
        export function count(table: string) {
          const span = tracer.startSpan('count');
          span.end();
          span.end();
          return table.length;
        }
      `,
    },
    {
      name: 'a profiling tracer whose spans are not OpenTelemetry spans',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './record-errors-lookalike.js';
        export async function profile(work: () => Promise<void>) {
          const span = tracer.startSpan('profile');
          await work();
          span.end();
          span.end();
          return trace.getActiveSpan();
        }
      `,
    },
    {
      name: 'a real Tracer from another module, ended once in finally',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export async function loadCart(id: string, fetchCart: (id: string) => Promise<{ items: unknown[] }>) {
          const span = appTracer.startSpan('cart.load');
          try {
            const cart = await fetchCart(id);
            span.setAttribute('cart.items', cart.items.length);
            return cart;
          } finally {
            span.end();
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a Tracer imported under an unremarkable name (no @opentelemetry import here) is known from types',
      filename: typedFile,
      code: code`
        import { appTracer as shop } from './end-span-tracing.js';
        export async function loadCart(id: string, fetchCart: (id: string) => Promise<{ items: unknown[] }>) {
          const span = shop.startSpan('cart.load');
          const cart = await fetchCart(id);
          span.end();
          span.setAttribute('cart.items', cart.items.length);
          return cart;
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 6, data: { name: 'span', method: 'setAttribute', endLine: 5 } }],
    },
    {
      name: 'a tracer returned by a factory function, found through its Tracer type',
      filename: typedFile,
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        function makeTracer(): Tracer {
          return trace.getTracer('orders');
        }
        const t = makeTracer();
        export async function loadOrder(id: string, fetchOrder: (id: string) => Promise<unknown>) {
          const span = t.startSpan('orders.load');
          try {
            return await fetchOrder(id);
          } finally {
            span.end();
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'endedTwice', line: 12, data: { name: 'span', endLine: 11 } }],
    },
    {
      name: 'startActiveSpan on a typed Tracer held in a class field of another name',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export class Carts {
          private readonly t = appTracer;
          clear(id: string, store: { delete(id: string): Promise<void> }) {
            return this.t.startActiveSpan('cart.clear', async (s) => {
              await store.delete(id);
              s.end();
              s.addEvent('cart.cleared', { id });
            });
          }
        }
      `,
      errors: [{ messageId: 'useAfterEnd', line: 8, data: { name: 's', method: 'addEvent', endLine: 7 } }],
    },
  ],
});
