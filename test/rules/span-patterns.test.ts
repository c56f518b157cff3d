/**
 * The patterns real code is full of (../shared/ACCURACY.md, "Patterns seen in real code"), each as a test of its own
 * for both span rules, plus the shapes the span model learned from the labelled real-code sites
 * (bench/accuracy/sites.jsonl). Names start with the pattern's number where ACCURACY.md has one.
 */
import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import endSpanInFinally from '../../rules/end-span-in-finally.js';
import recordSpanErrors from '../../rules/record-span-errors.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const project = join(import.meta.dirname, '..', '..', 'fixtures', 'span-patterns', 'src');
/** A file of a monorepo package whose tracers come from other packages of the same repository. */
const workspaceFile = join(import.meta.dirname, '..', '..', 'fixtures', 'workspace-tracers', 'packages', 'orders', 'src', 'checkout.ts');

/** Shared sources, judged by both rules. */
const source = {
  tryTailAndCatch: code`
    import { trace } from '@opentelemetry/api';
    import { reportError } from './errors.js';
    const tracer = trace.getTracer('billing');
    export async function invoice(id: string) {
      const span = tracer.startSpan('billing.invoice');
      try {
        const result = await billing.invoice(id);
        span.end();
        return result;
      } catch (err) {
        reportError(err, span);
        span.end();
        throw err;
      }
    }
  `,
  markerSpan: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('queue');
    export function markBlocked(job: Job, startTime: number) {
      const span = tracer.startSpan('queue.blocked', { startTime });
      span.setAttribute('job.id', job.id);
      span.end();
    }
  `,
  metricsOnly: code`
    import { metrics, trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('dice');
    const rolls = metrics.getMeter('dice').createCounter('dice.rolls');
    const ids = new Map<string, string>();
    export function roll(key: string) {
      const span = tracer.startSpan('roll');
      rolls.add(1);
      ids.set(key, span.spanContext().spanId);
      span.end();
    }
  `,
  userCallbackBeforeTry: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('jobs');
    export async function run(name: string, options: { onStart?: (name: string) => void }) {
      const span = tracer.startSpan(name);
      options.onStart?.(name);
      try {
        await jobs.run(name);
      } finally {
        span.end();
      }
    }
  `,
  asyncGeneratorEarlyReturn: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('stream');
    export function stream(source: AsyncIterable<Chunk>, signal: AbortSignal) {
      return tracer.startActiveSpan('stream', async function* (span) {
        try {
          if (signal.aborted) {
            yield { done: true };
            return;
          }
          for await (const chunk of source) yield chunk;
          span.end();
        } catch (err) {
          span.end();
          throw err;
        }
      });
    }
  `,
  noTryAtAll: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('tasks');
    export async function main(name: string) {
      const span = tracer.startSpan('job');
      const task = createTask(name);
      await task.run();
      span.end();
    }
  `,
  commentMentionsActiveSpan: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('cron');
    export function nightly() {
      return tracer.startActiveSpan('cron.nightly', async () => {
        // trace.getActiveSpan() would give us the span here, but we never ask for it
        await cleanup();
      });
    }
  `,
  contextWithNoFinally: code`
    import { context, trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('orders');
    export function place(order: Order) {
      const span = tracer.startSpan('orders.place');
      return context.with(trace.setSpan(context.active(), span), async () => {
        const saved = await orders.save(order);
        span.end();
        return saved;
      });
    }
  `,
  contextWithFinally: code`
    import { context, trace, SpanStatusCode } from '@opentelemetry/api';
    const tracer = trace.getTracer('orders');
    export function place(order: Order) {
      const span = tracer.startSpan('orders.place');
      return context.with(trace.setSpan(context.active(), span), async () => {
        try {
          return await orders.save(order);
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
  closureEnds: code`
    import { trace, SpanStatusCode } from '@opentelemetry/api';
    const tracer = trace.getTracer('mail');
    export async function send(mail: Mail) {
      const span = tracer.startSpan('mail.send');
      const finish = (error?: Error) => {
        if (error) {
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      };
      try {
        await smtp.send(mail);
        finish();
      } catch (err) {
        finish(err as Error);
        throw err;
      }
    }
  `,
  handedToEndingHelper: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('db');
    function endQuerySpan(span: Span, rows: unknown[]) {
      span.setAttribute('db.rows', rows.length);
      span.end();
    }
    export function query(sql: string) {
      const span = tracer.startSpan('db.query');
      return pool.query(sql).then((rows) => endQuerySpan(span, rows));
    }
  `,
  contextOnlyForChildren: code`
    import { context, trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('batch');
    export async function process(items: Item[]) {
      const parent = tracer.startSpan('batch.process');
      const ctx = trace.setSpan(context.active(), parent);
      for (const item of items) {
        const child = tracer.startSpan('batch.item', {}, ctx);
        child.end();
      }
    }
  `,
  unawaitedLocalAsync: code`
    import { trace } from '@opentelemetry/api';
    const tracer = trace.getTracer('audit');
    async function writeAudit(entry: string) {
      await audit.write(entry);
    }
    export function touch(id: string) {
      const span = tracer.startSpan('audit.touch');
      writeAudit(id);
      span.end();
    }
  `,
  dualSyncAsync: code`
    import { trace, SpanStatusCode } from '@opentelemetry/api';
    const tracer = trace.getTracer('shop');
    export function priceOrder(order: Order) {
      return tracer.startActiveSpan('priceOrder', (span) => {
        let result;
        let endsOnSettle = false;
        try {
          result = pricing.price(order);
          if (result instanceof Promise) {
            void result.then(
              () => {
                span.end();
              },
              (error) => {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
              },
            );
            endsOnSettle = true;
          }
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          if (!endsOnSettle) {
            span.end();
          }
        }
        return result;
      });
    }
  `,
  dualSyncAsyncEndedAfterTry: code`
    import { trace, SpanStatusCode } from '@opentelemetry/api';
    const tracer = trace.getTracer('shop');
    export function priceOrder(order: Order) {
      return tracer.startActiveSpan('priceOrder', (span) => {
        let result;
        try {
          result = pricing.price(order);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw error;
        }
        if (result instanceof Promise) {
          return result.then(
            (value) => {
              span.end();
              return value;
            },
            (error) => {
              span.recordException(error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw error;
            },
          );
        }
        span.end();
        return result;
      });
    }
  `,
  projectTracerAutoEnds: code`
    import { appTracer } from './telemetry/tracing.js';
    export async function checkout(cart: Cart) {
      return appTracer.startActiveSpan('checkout', async (span) => {
        span.setAttribute('cart.size', cart.items.length);
        return payments.charge(cart);
      });
    }
  `,
  projectTracerPlain: code`
    import { tracer } from './telemetry/plain.js';
    export async function checkout(cart: Cart) {
      return tracer.startActiveSpan('checkout', async (span) => {
        const receipt = await payments.charge(cart);
        span.end();
        return receipt;
      });
    }
  `,
  workspaceTracer: (module: string) => code`
    import { tracer } from '${module}';
    export async function checkout(cart: Cart) {
      return tracer.startActiveSpan('checkout', async (span) => {
        span.setAttribute('cart.size', cart.items.length);
        const receipt = await payments.charge(cart);
        span.end();
        return receipt;
      });
    }
  `,
  configuredStarter: code`
    import { Tracing } from '@acme/observability';
    export async function sync(account: string) {
      const span = Tracing.start('sync');
      await remote.sync(account);
      span.end();
    }
  `,
};

ruleTester.run('end-span-in-finally (patterns of ACCURACY.md)', endSpanInFinally, {
  valid: [
    { name: '2. a marker span ended at once', code: source.markerSpan },
    { name: '3. only metrics instruments, a local Map and OpenTelemetry calls between start and end', code: source.metricsOnly },
    { name: 'a same-file async function called without await rejects, it does not throw', code: source.unawaitedLocalAsync },
    { name: 'a span ended in finally inside context.with(ctx, fn) (fn runs at once)', code: source.contextWithFinally },
    {
      name: 'the branch where a span from an optional tracer is missing has nothing to end (if (!span) return)',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class Runner {
          constructor(private readonly tracer?: Tracer) {}
          async run(work: () => Promise<void>) {
            const span = this.tracer?.startSpan('run');
            if (!span) return work();
            try {
              await work();
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: 2 });
              throw error;
            } finally {
              span.end();
            }
            return trace.getActiveSpan();
          }
        }
      `,
    },
    {
      name: 'a stream wrapper the span is returned into ends it on success; the catch records and ends it on failure',
      code: code`
        import { SpanStatusCode, trace } from '@opentelemetry/api';
        import { wrapStreamingResponse } from './utils';
        const tracer = trace.getTracer('genai');
        export async function generateContentStream(params: unknown, generate: (p: unknown) => Promise<AsyncGenerator<unknown>>) {
          const span = tracer.startSpan('gemini.generate_content_stream');
          try {
            const stream = await generate(params);
            return wrapStreamingResponse(span, stream);
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw error;
          }
        }
      `,
    },
    {
      name: 'a server span made active for a handler passed in (context.with(ctx, cb)): the response hook ends it through the active context',
      filename: 'x.js',
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { context, propagation, SpanKind, trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('interceptor');
        function onServerRequest(req, cb) {
          const activeContext = propagation.extract(context.active(), req.headers);
          const span = tracer.startSpan('request', { kind: SpanKind.SERVER }, activeContext);
          const ctx = trace.setSpan(activeContext, span);
          context.with(ctx, cb);
        }
        function onServerResponse() {
          trace.getSpan(context.active())?.end();
        }
        module.exports = { onServerRequest, onServerResponse };
      `,
    },
    { name: 'a span handed to a same-file function that ends it', code: source.handedToEndingHelper },
    { name: 'a function that may return a promise ends a sync result in finally unless the promise took the span over (as wrap-spans writes it)', code: source.dualSyncAsync },
    {
      name: '10. a tracer from a project module whose startActiveSpan ends the span itself (read from disk)',
      code: source.projectTracerAutoEnds,
      filename: join(project, 'checkout.ts'),
    },
    {
      name: '10. autoEndingTracers names a wrapper that ends its spans',
      code: source.projectTracerPlain,
      filename: join(project, 'checkout.ts'),
      options: [{ autoEndingTracers: ['tracer'] }],
    },
    {
      name: '10. the same through the shared settings.otel',
      code: source.projectTracerPlain,
      filename: join(project, 'checkout.ts'),
      settings: { otel: { autoEndingTracers: ['tracer'] } },
    },
    { name: 'a project span starter is not judged unless configured', code: source.configuredStarter },
    {
      name: '11. a tracer from a workspace package whose startActiveSpan ends the span itself (read from the monorepo)',
      code: source.workspaceTracer('@shop/wrapped'),
      filename: workspaceFile,
    },
    {
      name: '11. a tracer from a package that is not in the monorepo (a registry package: not read) is not judged',
      code: source.workspaceTracer('@acme/tracing-kit'),
      filename: workspaceFile,
    },
  ],
  invalid: [
    {
      name: 'a span returned into a call from a closure inside the function is not handed over (ids.map((id) => { return load(span, id); }))',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { wrapItem } from './items';
        const tracer = trace.getTracer('items');
        export async function loadAll(ids: string[]) {
          const span = tracer.startSpan('items.load');
          try {
            const items = await Promise.all(ids.map((id) => { return wrapItem(span, id); }));
            return items;
          } catch (error) {
            span.end();
            throw error;
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5 }],
    },
    {
      name: 'a span made active for a same-file handler that never fetches it is never ended',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        async function work(): Promise<void> {}
        export function run() {
          const span = tracer.startSpan('jobs.run');
          return context.with(trace.setSpan(context.active(), span), work);
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 5 }],
    },
    {
      name: "11. a tracer from a workspace package's index that re-exports a plain getTracer tracer (entry dist/ mapped to src/)",
      code: source.workspaceTracer('@shop/shared'),
      filename: workspaceFile,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3 }],
    },
    {
      name: '1. end() in the try tail and in the catch, whatever the catch calls (the span handed to reportError is still ours)',
      code: source.tryTailAndCatch,
      errors: [
        { messageId: 'endedInTryAndCatch', line: 5, suggestions: [{ messageId: 'endInFinally', output: code`
        import { trace } from '@opentelemetry/api';
        import { reportError } from './errors.js';
        const tracer = trace.getTracer('billing');
        export async function invoice(id: string) {
          const span = tracer.startSpan('billing.invoice');
          try {
            const result = await billing.invoice(id);
            return result;
          } catch (err) {
            reportError(err, span);
            throw err;
          } finally {
            span.end();
          }
        }
        ` }] },
      ],
    },
    {
      name: '4. a user callback before the try can throw',
      code: source.userCallbackBeforeTry,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
    {
      name: '5. an early return in an async generator callback leaves the span open',
      code: source.asyncGeneratorEarlyReturn,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startActiveSpan', where: 'at the return on line 8' }, suggestions: [{ messageId: 'endInFinally', output: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('stream');
        export function stream(source: AsyncIterable<Chunk>, signal: AbortSignal) {
          return tracer.startActiveSpan('stream', async function* (span) {
            try {
              if (signal.aborted) {
                yield { done: true };
                return;
              }
              for await (const chunk of source) yield chunk;
            } catch (err) {
              throw err;
            } finally {
              span.end();
            }
          });
        }
        ` }] },
      ],
    },
    {
      name: '6. no try at all: the await can reject',
      code: source.noTryAtAll,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: '12. a comment that mentions getActiveSpan is not code',
      code: source.commentMentionsActiveSpan,
      errors: [{ messageId: 'neverEnded', line: 4 }],
    },
    {
      name: 'a span ended in a context.with callback without finally',
      code: source.contextWithNoFinally,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: 'a closure that ends the span, called in the try tail and in the catch, is end() written twice',
      code: source.closureEnds,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4 }],
    },
    {
      name: 'a span put into a context that only parents children is still never ended',
      code: source.contextOnlyForChildren,
      errors: [{ messageId: 'neverEnded', line: 4 }],
    },
    {
      name: '11. a tracer re-exported by the project and imported from a tracing module (heuristic without types)',
      code: source.projectTracerPlain,
      filename: join(project, 'checkout.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'span', method: 'startActiveSpan', where: 'if the await on line 4 rejects' } }],
    },
    {
      name: 'startSpanFunctions names a project span starter',
      code: source.configuredStarter,
      options: [{ startSpanFunctions: ['Tracing.start'] }],
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'span', method: 'start', where: 'if the await on line 4 rejects' } }],
    },
  ],
});

ruleTester.run('record-span-errors (patterns of ACCURACY.md)', recordSpanErrors, {
  valid: [
    {
      name: "9. a failed user hook that decorates the span is logged and the request carries on (@fastify/otel's requestHook)",
      filename: 'x.js',
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { context, trace, SpanKind } = require('@opentelemetry/api');
        function onRequest(instrumentation, request, ctx, hookDone) {
          const span = instrumentation.tracer.startSpan('request', { kind: SpanKind.SERVER }, ctx);
          try {
            instrumentation.requestHook?.(span, request);
          } catch (err) {
            instrumentation.logger.error({ err }, 'requestHook threw');
          }
          request.span = span;
          context.with(trace.setSpan(ctx, span), () => hookDone());
        }
        module.exports = { onRequest };
      `,
    },
    {
      name: '1/7. the catch hands the span and the error to an imported helper named for errors: trusted as recording',
      code: source.tryTailAndCatch,
    },
    { name: '2. a marker span: nothing can fail', code: source.markerSpan },
    { name: '3. only metrics and OpenTelemetry calls: nothing can fail', code: source.metricsOnly },
    { name: 'context.with(ctx, fn): the catch inside fn records on the span', code: source.contextWithFinally },
    { name: 'a sync/async dual function records on both paths', code: source.dualSyncAsync },
    { name: 'a closure that records and sets ERROR counts for the catch that calls it', code: source.closureEnds },
    {
      name: '10. a project tracer that records errors itself',
      code: source.projectTracerAutoEnds,
      filename: join(project, 'checkout.ts'),
    },
    {
      name: '7. a same-file recording helper defined later as a const arrow, reaching the span as span ?? getActiveSpan()',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('inventory');
        export async function reserve(sku: string) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            return await stock.reserve(sku);
          } catch (ex) {
            traceException(ex, span);
            throw ex;
          } finally {
            span.end();
          }
        }
        const traceException = (error: unknown, span?: Span) => {
          const target = span ?? trace.getActiveSpan();
          target?.recordException(error as Error);
          target?.setStatus({ code: SpanStatusCode.ERROR });
        };
      `,
    },
    {
      name: '9. a catch around attribute extraction that logs quietly and lets the traced call carry on',
      code: code`
        import { context, diag, trace, SpanStatusCode } from '@opentelemetry/api';
        export class Instrumentation {
          tracer = trace.getTracer('llm');
          patch(original: (...args: unknown[]) => Promise<unknown>) {
            const self = this;
            return async function (this: unknown, ...args: unknown[]) {
              return self.tracer.startActiveSpan('llm.call', async (span) => {
                try {
                  span.setAttribute('llm.input', JSON.stringify(args));
                } catch (e) {
                  diag.debug('bad attributes', e);
                  self.onError?.(e);
                }
                try {
                  return await original.apply(this, args);
                } catch (error) {
                  span.recordException(error as Error);
                  span.setStatus({ code: SpanStatusCode.ERROR });
                  throw error;
                } finally {
                  span.end();
                }
              });
            };
          }
          onError?: (e: unknown) => void;
        }
      `,
    },
    {
      name: '9. a catch that cannot run: its try only returns a value',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function respond(response: Response) {
          const span = tracer.startSpan('http.respond');
          try {
            return response;
          } catch (e) {
            console.error(e);
            throw e;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a setup call before a try whose catch records: the catch is the span\'s error handling',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('alerts');
        export async function check(alert: Alert) {
          return tracer.startActiveSpan('alerts.check', async (span) => {
            setBusinessContext(alert);
            try {
              return await alerts.evaluate(alert);
            } catch (e) {
              span.recordException(e as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              return false;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'an error listener that records both',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function get(url: string) {
          const span = tracer.startSpan('http.get');
          const req = https.get(url, (res) => res.on('end', () => span.end()));
          req.on('error', (err) => {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          });
        }
      `,
    },
    {
      name: 'requireRecordException: false accepts ERROR status alone',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export async function search(q: string) {
          const span = tracer.startSpan('search');
          try {
            return await index.search(q);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      options: [{ requireRecordException: false }],
    },
  ],
  invalid: [
    {
      name: 'a webhook sent with the span fails and is only logged: sendWebhook is no span hook',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger.js';
        const tracer = trace.getTracer('events');
        export function notify(event: { id: string }, sendWebhook: (span: unknown, event: { id: string }) => void) {
          const span = tracer.startSpan('events.notify');
          try {
            sendWebhook(span, event);
          } catch (err) {
            logger.error({ err }, 'webhook failed');
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 8, suggestions: 1 as unknown as readonly [] }],
    },
    {
      name: 'the operation itself, given the span, fails and is only logged: not a hook',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger.js';
        const tracer = trace.getTracer('orders');
        export function submit(order: { id: string }, processOrder: (span: unknown, order: { id: string }) => void) {
          const span = tracer.startSpan('orders.submit');
          try {
            processOrder(span, order);
          } catch (err) {
            logger.error({ err }, 'order failed');
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
                import { logger } from './logger.js';
                const tracer = trace.getTracer('orders');
                export function submit(order: { id: string }, processOrder: (span: unknown, order: { id: string }) => void) {
                  const span = tracer.startSpan('orders.submit');
                  try {
                    processOrder(span, order);
                  } catch (err) {
                    span.recordException(err as Error);
                    span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    logger.error({ err }, 'order failed');
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
      name: 'a span from an optional tracer (getTracer()?.startSpan) in a try/finally without catch',
      filename: 'x.js',
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { context, SpanKind } = require('@opentelemetry/api');
        const { getTracerProvider } = require('./globals');
        exports.reverse = async function reverse(value) {
          const span = getTracerProvider().getTracer('itc')?.startSpan('itc.reverse', { kind: SpanKind.INTERNAL }, context.active());
          try {
            return value.split('').reverse().join('');
          } finally {
            span?.end();
          }
        };
      `,
      errors: [
        {
          messageId: 'missingCatch',
          line: 5,
          data: { span: 'span', line: '4' },
          // The span may be missing (it comes from an optional chain): the suggested lines say so too.
          suggestions: [
            {
              messageId: 'suggestCatch',
              data: { span: 'span', line: '4' },
              output: code`
                const { context, SpanKind } = require('@opentelemetry/api');
                const { getTracerProvider } = require('./globals');
                exports.reverse = async function reverse(value) {
                  const span = getTracerProvider().getTracer('itc')?.startSpan('itc.reverse', { kind: SpanKind.INTERNAL }, context.active());
                  try {
                    return value.split('').reverse().join('');
                  } catch (error) {
                    span?.recordException(error);
                    span?.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
                    throw error;
                  } finally {
                    span?.end();
                  }
                };
              `,
            },
          ],
        },
      ],
    },
    {
      name: '6. no try at all: the error leaves the span unrecorded',
      code: source.noTryAtAll,
      errors: [{ messageId: 'errorEscapes', line: 6, data: { what: 'the await', at: '6', span: 'span', line: '4' } }],
    },
    {
      name: '4. a try/finally without a catch',
      code: source.userCallbackBeforeTry,
      errors: [
        { messageId: 'missingCatch', line: 6, suggestions: [{ messageId: 'suggestCatch', output: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function run(name: string, options: { onStart?: (name: string) => void }) {
          const span = tracer.startSpan(name);
          options.onStart?.(name);
          try {
            await jobs.run(name);
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
            throw error;
          } finally {
            span.end();
          }
        }
        ` }] },
      ],
    },
    {
      name: '8. status-only catch: recordException is required by default',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export async function search(q: string) {
          const span = tracer.startSpan('search');
          try {
            return await index.search(q);
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        { messageId: 'missingRecordException', line: 7, suggestions: [{ messageId: 'suggestRecordException', output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export async function search(q: string) {
          const span = tracer.startSpan('search');
          try {
            return await index.search(q);
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
            throw err;
          } finally {
            span.end();
          }
        }
        ` }] },
      ],
    },
    {
      name: '13. a catch that declares its own span does not record on the outer one',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        export async function importFile(path: string) {
          const span = tracer.startSpan('import.file');
          try {
            await importer.run(path);
          } catch (err) {
            const span = tracer.startSpan('import.failure');
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        { messageId: 'missingRecordAndStatus', line: 7, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        export async function importFile(path: string) {
          const span = tracer.startSpan('import.file');
          try {
            await importer.run(path);
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            const span = tracer.startSpan('import.failure');
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw err;
          } finally {
            span.end();
          }
        }
        ` }] },
      ],
    },
    {
      name: 'an error-report span: the exception is recorded but no ERROR status is set',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('errors');
        export function consumeError(error: Error) {
          const span = tracer.startSpan('highlight-ctx');
          span.recordException(error);
          span.end();
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 5 }],
    },
    {
      name: 'a node-style callback whose error branch ends the span without recording',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('pool');
        export function acquire(pool: Pool, cb: (err: Error | null, conn?: Conn) => void) {
          const span = tracer.startSpan('pool.acquire');
          pool.acquire((err: Error | null, conn?: Conn) => {
            if (err) {
              span.end();
              return cb(err);
            }
            span.end();
            cb(null, conn);
          });
        }
      `,
      errors: [
        // The callback's error branch is the span's error handling, and it ends the span without recording.
        { messageId: 'missingRecordAndStatus', line: 6, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('pool');
        export function acquire(pool: Pool, cb: (err: Error | null, conn?: Conn) => void) {
          const span = tracer.startSpan('pool.acquire');
          pool.acquire((err: Error | null, conn?: Conn) => {
            if (err) {
              span.recordException(err);
              span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
              span.end();
              return cb(err);
            }
            span.end();
            cb(null, conn);
          });
        }
        ` }] },
      ],
    },
    {
      name: 'a span ended in a context.with callback without a try: the error leaves it unrecorded',
      code: source.contextWithNoFinally,
      errors: [{ messageId: 'errorEscapes', line: 6 }],
    },
  ],
});

ruleTester.run('end-span-in-finally (aliases and wrappers)', endSpanInFinally, {
  valid: [
    {
      name: 'a wrapper of the span (const handle = createSpanHandle(span)) ended in finally ends the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { createSpanHandle } from './handles.js';
        const tracer = trace.getTracer('eval');
        export function iterate(index: number) {
          return tracer.startActiveSpan('evaluation.iteration', async (otelSpan) => {
            try {
              const span = createSpanHandle(otelSpan);
              await work(index, span);
            } finally {
              otelSpan.end();
            }
          });
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'the wrapper call itself runs before the try: it can throw with the span open',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { createSpanHandle } from './handles.js';
        const tracer = trace.getTracer('eval');
        export function iterate(index: number) {
          return tracer.startActiveSpan('evaluation.iteration', async (otelSpan) => {
            const span = createSpanHandle(otelSpan);
            try {
              await work(index);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'otelSpan', method: 'startActiveSpan', where: 'if the call on line 6 throws' } }],
    },
  ],
});

ruleTester.run('end-span-in-finally (ownership leaves at known points)', endSpanInFinally, {
  valid: [
    {
      name: 'stored on every path: the store is the hand-off',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ui');
        export class Interactions {
          spans = new Map<string, Span>();
          start(id: string) {
            const span = tracer.startSpan('interaction');
            this.spans.set(id, span);
            return id;
          }
        }
      `,
    },
    {
      name: 'a project tracer known only by the heuristic may end spans itself: never ended is not reported',
      code: code`
        import { tracer } from './tracer.js';
        export function cached(key: string, fn: () => Promise<string>) {
          return tracer.startActiveSpan('cache', async (span) => {
            span.setAttribute('cache.key', key);
            return fn();
          });
        }
      `,
    },
    {
      name: 'known limit: a listener that ends the span, registered on one path only, counts as the hand-off',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function track(res: Response, sampled: boolean) {
          const span = tracer.startSpan('http.response');
          if (sampled) {
            res.on('finish', () => span.end());
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a span stored on one path: the early return before the store leaves it with nobody',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ui');
        export class Interactions {
          spans = new Map<string, Span>();
          start(id: string, enabled: boolean) {
            const span = tracer.startSpan('interaction');
            if (!enabled) return undefined;
            this.spans.set(id, span);
            return id;
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6 }],
    },
  ],
});

ruleTester.run('record-span-errors (swallowed with a log)', recordSpanErrors, {
  valid: [
    {
      name: '9. a catch that logs the error and answers with a fallback swallows it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('retriever');
        export function retrieve(options: Options) {
          return tracer.startActiveSpan('graph-context', async (span) => {
            try {
              return await doRetrieve(options);
            } catch (error) {
              logError('retriever', String(error));
              return [];
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
      name: 'a catch that logs at error level and carries on without a fallback treats the error as a failure',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export function sync(options: Options) {
          return tracer.startActiveSpan('sync', async (span) => {
            try {
              await doSync(options);
            } catch (error) {
              logger.error(error, 'sync failed');
              metrics.failures.add(1);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7, suggestions: [{ messageId: 'suggestRecordAndStatus', output: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export function sync(options: Options) {
          return tracer.startActiveSpan('sync', async (span) => {
            try {
              await doSync(options);
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
              logger.error(error, 'sync failed');
              metrics.failures.add(1);
            } finally {
              span.end();
            }
          });
        }
      ` }] }],
    },
  ],
});

ruleTester.run('end-span-in-finally (a function that may return a promise)', endSpanInFinally, {
  valid: [],
  invalid: [
    {
      name: 'ended in the try tail and the catch, with the promise ended in its chain: written twice, and finally is not the advice',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('lib');
        export function withSpan<T>(name: string, fn: (span: Span) => T): T {
          return tracer.startActiveSpan(name, (span) => {
            try {
              const result = fn(span);
              if (result instanceof Promise) {
                return result.then(
                  (value) => { span.end(); return value; },
                  (error) => { span.end(); throw error; },
                ) as T;
              }
              span.end();
              return result;
            } catch (error) {
              span.end();
              throw error;
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          data: {
            name: 'span',
            method: 'startActiveSpan',
            advice: 'The function may return a promise, which ends the span when it settles: set a flag where the promise takes the span over, and end the span in finally unless the flag is set.',
          },
        },
      ],
    },
    {
      // ACCURACY.md: an end after the try and one in the catch are the try-tail-and-catch shape written differently.
      name: 'ended in the catch and after the try, with the promise ended in its chain: still written twice',
      code: source.dualSyncAsyncEndedAfterTry,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4 }],
    },
  ],
});

ruleTester.run('record-span-errors (a swallowing catch is not error handling)', recordSpanErrors, {
  valid: [],
  invalid: [
    {
      name: 'only the attribute extraction is guarded: the traced call fails with nothing recorded',
      code: code`
        import { diag, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('entity');
        export function withEntity(name: string, fn: () => Promise<unknown>, input: unknown) {
          return tracer.startActiveSpan(name, async (span) => {
            try {
              span.setAttribute('entity.input', JSON.stringify(input));
            } catch (e) {
              diag.debug('could not serialise the input', e);
            }
            const result = await fn();
            span.end();
            return result;
          });
        }
      `,
      errors: [{ messageId: 'errorEscapes', line: 10, data: { what: 'the await', at: '10', span: 'span', line: '4' } }],
    },
  ],
});

ruleTester.run('end-span-in-finally (project helpers read from disk)', endSpanInFinally, {
  valid: [
    {
      name: 'an imported project async function called without await rejects, it does not throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { loadPayload } from './utils.js';
        const tracer = trace.getTracer('client');
        export function prefetch(url: string) {
          const span = tracer.startSpan('client.prefetch');
          const pending = loadPayload(url);
          span.end();
          return pending;
        }
      `,
      filename: join(project, 'client.ts'),
    },
  ],
  invalid: [
    {
      name: 'an imported project helper counts as able to throw whatever its body (ACCURACY.md), even one that only builds an object',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { buildHeaders } from './utils.js';
        const tracer = trace.getTracer('client');
        export function prepare(base: Record<string, string>) {
          const span = tracer.startSpan('client.prepare');
          const headers = buildHeaders(base, span.spanContext().traceId);
          span.end();
          return headers;
        }
      `,
      filename: join(project, 'client.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: 'an imported project helper that parses JSON can throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import * as utils from './utils.js';
        const tracer = trace.getTracer('client');
        export function read(text: string) {
          const span = tracer.startSpan('client.read');
          const payload = utils.parsePayload(text);
          span.end();
          return payload;
        }
      `,
      filename: join(project, 'client.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
  ],
});

// A file that imports the API for its own tracer (wrap-spans adds `const tracer2 = trace.getTracer(...)`) and also
// uses a tracer from elsewhere: the other tracer is judged as it would be without the import.
ruleTester.run('end-span-in-finally (an imported tracer beside the API import)', endSpanInFinally, {
  valid: [
    {
      name: "a package's tracer may end its startActiveSpan spans itself, whatever else the file imports",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from '@acme/observability';
        const tracer2 = trace.getTracer('shop');
        export function cache(key: string, load: () => Promise<string>) {
          return tracer.startActiveSpan('cache', async (span) => {
            span.setAttribute('cache.key', key);
            return load();
          });
        }
        export function warm() {
          return tracer2.startActiveSpan('warm', (span) => {
            try {
              return 1;
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
      name: 'a project module that makes a plain getTracer(...) tracer is trusted like the API',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './telemetry/plain.js';
        trace.getActiveSpan();
        export function cache(key: string, load: () => Promise<string>) {
          return tracer.startActiveSpan('cache', async (span) => {
            span.setAttribute('cache.key', key);
            return load();
          });
        }
      `,
      filename: join(project, 'cache.ts'),
      errors: [{ messageId: 'neverEnded', line: 5 }],
    },
    {
      name: "the package's startSpan is still judged (only startActiveSpan may end its own span)",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from '@acme/observability';
        trace.getActiveSpan();
        export async function load(key: string, fetchValue: (k: string) => Promise<string>) {
          const span = tracer.startSpan('load');
          const value = await fetchValue(key);
          span.end();
          return value;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5 }],
    },
  ],
});

// Helpers of project modules, also re-exported by an index: imported calls, able to throw whatever their bodies.
ruleTester.run('end-span-in-finally (helpers of project modules, also behind an index)', endSpanInFinally, {
  valid: [],
  invalid: [
    {
      name: 'a marker span whose only calls are type guards from a project index: imported calls can throw (ACCURACY.md)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { isString, isNonEmpty } from './guards';
        const tracer = trace.getTracer('rum');
        export function reportClick(target: unknown, text: unknown, startTime: number) {
          const span = tracer.startSpan('click', { startTime });
          if (isString(target)) span.setAttribute('target', target);
          if (isNonEmpty(text)) span.setAttribute('text', text as string);
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
      filename: join(project, 'click.ts'),
    },
    {
      name: 'an attribute setter from a project module, however quiet its body, counts as able to throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { setNumberAttribute } from './guards';
        const tracer = trace.getTracer('rum');
        export function reportVital(name: string, value: number, startTime: number) {
          const span = tracer.startSpan('webvitals', { startTime });
          setNumberAttribute(span, name, value);
          span.end(startTime);
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
      filename: join(project, 'vitals.ts'),
    },
    {
      name: 'a helper wrapped by wrap-spans counts as able to throw like any imported call',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { mergeOptions } from './guards';
        const tracer = trace.getTracer('streams');
        export function openStream(key: string, headers: Record<string, string>) {
          const span = tracer.startSpan('streams.open', { attributes: { key } });
          const options = mergeOptions({ key }, headers);
          span.setAttribute('stream.options', Object.keys(options).length);
          span.end();
          return options;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
      filename: join(project, 'stream.ts'),
    },
    {
      name: 'a wrapped helper whose body can throw still can',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { parseOptions } from './guards';
        const tracer = trace.getTracer('streams');
        export function openStream(text: string) {
          const span = tracer.startSpan('streams.open');
          const options = parseOptions(text);
          span.end();
          return options;
        }
      `,
      filename: join(project, 'stream-parse.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: "a helper whose module's own function can throw",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { setParsedAttribute } from './guards';
        const tracer = trace.getTracer('rum');
        export function reportRaw(text: string) {
          const span = tracer.startSpan('raw');
          setParsedAttribute(span, 'raw', text);
          span.end();
        }
      `,
      filename: join(project, 'raw.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: 'a helper the index re-exports under another name, which can throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { parseGuarded } from './guards';
        const tracer = trace.getTracer('rum');
        export function reportPayload(text: string) {
          const span = tracer.startSpan('payload');
          span.setAttribute('payload', JSON.stringify(parseGuarded(text)));
          span.end();
        }
      `,
      filename: join(project, 'payload-report.ts'),
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
  ],
});
