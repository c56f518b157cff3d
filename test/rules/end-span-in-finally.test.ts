import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/end-span-in-finally.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;
/** A project whose telemetry module hands out spans from factories (fixtures/span-patterns/src/telemetry/spans.ts). */
const factoryProjectFile = join(import.meta.dirname, '..', '..', 'fixtures', 'span-patterns', 'src', 'activities.ts');

ruleTester.run('end-span-in-finally', rule, {
  valid: [
    {
      name: 'stream handed to a same-file generator inside context.with; the catch records and ends before rethrowing (the hand-off is inside the try: finally would end the streamed span)',
      code: code`
        import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        export function patch(original: (...args: unknown[]) => Promise<{ stream?: AsyncIterable<string> }>) {
          return async function (...args: unknown[]) {
            const span = tracer.startSpan('llm.chat');
            return context.with(trace.setSpan(context.active(), span), async () => {
              try {
                const response = await original(...args);
                if (response.stream) return { ...response, stream: relay(span, response.stream) };
                span.end();
                return response;
              } catch (error) {
                span.recordException(error as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw error;
              }
            });
          };
        }
        async function* relay(span: Span, stream: AsyncIterable<string>) {
          try {
            for await (const chunk of stream) yield chunk;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a stream handed off inside the try (returned into a same-file generator that ends it), an early end() on the other branch and one in the catch: finally would end the streamed span, nothing to report',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        declare const client: { chat(p: { stream?: boolean }): Promise<AsyncIterable<string> & { text: string }> };

        async function* wrapStream(res: AsyncIterable<string>, span: Span) {
          try {
            for await (const chunk of res) yield chunk;
          } finally {
            span.end();
          }
        }

        export async function chat(params: { stream?: boolean }) {
          const span = tracer.startSpan('chat');
          try {
            const res = await client.chat(params);
            if (params.stream) {
              return wrapStream(res, span);
            }
            span.setAttribute('len', res.text.length);
            span.end();
            return res.text;
          } catch (e) {
            span.recordException(e as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw e;
          }
        }
      `,
    },
    {
      name: 'a session stored inside the try, ended early when there is none and in the catch: the stored span is the map\'s',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { db } from './db';
        const tracer = trace.getTracer('sessions');
        const sessions = new Map<string, unknown>();
        export async function open(id: string) {
          const span = tracer.startSpan('session');
          try {
            const session = await db.find(id);
            if (!session) {
              span.end();
              return null;
            }
            sessions.set(id, span);
            return session;
          } catch (e) {
            span.end();
            throw e;
          }
        }
      `,
    },
    {
      name: 'context.with hands the span to a callback that declares this first: the span is its second parameter, ended in finally',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        import { work } from './work';
        const tracer = trace.getTracer('injector');
        export function run() {
          const span = tracer.startSpan('run');
          return context.with(trace.setSpan(context.active(), span), function (this: unknown, current: Span) {
            try {
              return work();
            } finally {
              current.end();
            }
          }, undefined, span);
        }
      `,
    },
    {
      name: 'a span handed to a listener inside the try before the tail that would end it: no path ends it in both the try tail and the catch before the hand-off',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { openStream } from './streams';
        const tracer = trace.getTracer('export');
        export async function exportAll(id: string) {
          const span = tracer.startSpan('export');
          try {
            const stream = await openStream(id);
            stream.on('close', () => span.end());
            return stream;
          } catch (err) {
            span.end();
            throw err;
          }
        }
      `,
    },
    {
      name: "a comment that mentions recordException does not make a project monitor's startSpan an OpenTelemetry span",
      code: code`
        import { monitor } from './monitoring';
        import { doWork } from './work';
        // Spans of the monitor are plain timers: we never call span.recordException(err) on them.
        export async function job() {
          const span = monitor.startSpan('job');
          await doWork();
          span.end();
        }
      `,
    },
    {
      name: "awaits that cannot reject: a same-file wrapper whose .catch swallows, a startActiveSpan wrapper whose callback cannot fail; a context whose callback calls a same-file helper ending the active span; an exported context",
      code: code`
        import { context, trace } from '@opentelemetry/api';
        import { post, run } from './work';
        const tracer = trace.getTracer('svc');
        let total = 0;
        async function notify(id: string) {
          await post(id);
        }
        function notifyQuietly(id: string) {
          return notify(id).catch(() => undefined);
        }
        function recordInner(n: number) {
          return tracer.startActiveSpan('inner', async (inner) => {
            total += n;
            inner.end();
          });
        }
        export async function deliver(id: string) {
          const span = tracer.startSpan('deliver');
          await notifyQuietly(id);
          await recordInner(1);
          span.end();
        }
        const endActive = () => trace.getActiveSpan()?.end();
        export async function job() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('job'));
          await context.with(ctx, async () => {
            try {
              await run();
            } finally {
              endActive();
            }
          });
        }
        export const rootContext = trace.setSpan(context.active(), tracer.startSpan('root'));
      `,
    },
    {
      name: 'otelContext.with(ctx, () => propagation.inject(...)) before the try cannot throw (a renamed context import runs its callback at once)',
      code: code`
        import { context as otelContext, propagation, trace } from '@opentelemetry/api';
        import { run } from './run';
        const tracer = trace.getTracer('e2e');
        export async function test(title: string) {
          const span = tracer.startSpan(title);
          const ctx = trace.setSpan(otelContext.active(), span);
          const carrier: Record<string, string> = {};
          otelContext.with(ctx, () => {
            propagation.inject(otelContext.active(), carrier);
          });
          try {
            await otelContext.with(ctx, () => run(carrier));
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a context held in a const, given to a callback that ends the active span, or passed on to a function that may end it',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        import { work, schedule } from './work';
        const tracer = trace.getTracer('jobs');
        export async function run() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('run'));
          await context.with(ctx, async () => {
            try {
              await work();
            } finally {
              trace.getActiveSpan()?.end();
            }
          });
        }
        export function later() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('later'));
          schedule(ctx);
        }
      `,
    },
    {
      name: 'an awaited same-file async helper whose try swallows every error, and an await whose .catch handler cannot fail, cannot reject',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { post } from './http';
        const tracer = trace.getTracer('inbox');
        async function notify(inbox: string) {
          try {
            await post(inbox);
          } catch {
            // best effort
          }
        }
        async function announce(inbox: string) {
          await post(inbox);
        }
        export async function deliver(inbox: string) {
          const span = tracer.startSpan('deliver');
          await notify(inbox);
          await announce(inbox).catch(() => undefined);
          span.end();
        }
      `,
    },
    {
      name: 'a span no variable holds, made active for a callback that ends the active span itself',
      code: code`
        const { context, trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('cli');
        async function run(name, handler) {
          await context.with(trace.setSpan(context.active(), tracer.startSpan(name)), async () => {
            try {
              await handler();
            } finally {
              trace.getActiveSpan()?.end();
            }
          });
        }
        module.exports = { run };
      `,
      languageOptions: commonjs,
    },
    {
      name: 'a span no variable holds, made active for a callback passed by reference (it may end the active span)',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export function middleware(next: () => Promise<void>) {
          return context.with(trace.setSpan(context.active(), tracer.startSpan('request')), next);
        }
      `,
    },
    {
      name: "`this.createSpan()` in an object literal's method or a plain function is not the class's factory",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { register, work } from './work';
        const tracer = trace.getTracer('plugins');
        export class Plugin {
          private createSpan(name: string) {
            return tracer.startSpan(name);
          }
          install() {
            register({
              createSpan(name: string) {
                return { name, end() {} };
              },
              async handle() {
                const span = this.createSpan('job');
                await work();
                span.end();
              },
            });
          }
        }
      `,
    },
    {
      name: "the project telemetry module's factory span ended in finally; a function that ends its span itself is no factory",
      code: code`
        import { getSpan, startTimedSpan } from './telemetry/spans';
        import { deliver } from './delivery';
        export async function sendActivity(inbox: string) {
          const span = getSpan('activities', 'send');
          try {
            await deliver(inbox);
          } finally {
            span.end();
          }
        }
        export async function timed(inbox: string) {
          const span = startTimedSpan('activities.timed');
          await deliver(inbox);
          span.end();
        }
      `,
      filename: factoryProjectFile,
    },
    {
      name: "a project factory's span never ended: its tracer is known by name only, so that is not reported",
      code: code`
        import { getSpan } from './telemetry/spans';
        export function mark(inbox: string) {
          const span = getSpan('activities', 'mark', { inbox });
          span.setAttribute('inbox.kind', 'shared');
        }
      `,
      filename: factoryProjectFile,
    },
    {
      name: 'a span with attributes chained on the start, ended in finally',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('resolvers');
        async function allPosts(prisma) {
          const span = tracer.startSpan('prisma').setAttributes({ 'prisma.model': 'post' });
          try {
            return await prisma.post.findMany();
          } finally {
            span.end();
          }
        }
        module.exports = { allPosts };
      `,
      languageOptions: commonjs,
    },
    {
      name: "a same-file span factory's span ended in the caller's finally",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { charge } from './payments';
        const tracer = trace.getTracer('billing');
        function startSpan(operation: string) {
          return tracer?.startSpan(\`billing.\${operation}\`, { attributes: { 'billing.operation': operation } });
        }
        export async function settle(invoice: string) {
          const span = startSpan('settle');
          try {
            return await charge(invoice);
          } finally {
            span?.end();
          }
        }
      `,
    },
    {
      name: "a factory that makes no span when disabled: the caller's `if (!span) return noop` leaves nothing open",
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('nats');
        function startConnectionSpan(enabled: boolean, server: string) {
          if (!enabled) return undefined;
          return tracer.startSpan('nats.connection', { attributes: { 'nats.server': server } });
        }
        export function beginConnectionSpan(enabled: boolean, server: string) {
          const span = startConnectionSpan(enabled, server);
          if (!span) {
            return { finish: (_err?: Error) => undefined };
          }
          return {
            finish: (err?: Error) => {
              if (err) {
                span.recordException(err);
                span.setStatus({ code: SpanStatusCode.ERROR });
              }
              span.end();
            },
          };
        }
      `,
    },
    {
      name: 'a function that starts a span and also stores it is not a factory whose caller owns the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { run } from './jobs';
        const tracer = trace.getTracer('jobs');
        const open = new Map<string, ReturnType<typeof tracer.startSpan>>();
        function track(id: string) {
          const span = tracer.startSpan('job');
          open.set(id, span);
          return span;
        }
        export async function execute(id: string) {
          const span = track(id);
          await run(id);
          span.end();
        }
      `,
    },
    {
      name: "a factory's span the caller returns is the caller's caller's",
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('queue');
        function createSpan(name) {
          const span = tracer.startSpan(name);
          span.setAttribute('queue.system', 'sqs');
          return span;
        }
        exports.receiveSpan = function receiveSpan(queue) {
          return createSpan(\`\${queue} receive\`);
        };
      `,
      languageOptions: commonjs,
    },
    {
      name: 'JSON.stringify of literal data between the start and the try cannot throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('evals');
        export async function runEval(name: string, score: () => Promise<number>) {
          const span = tracer.startSpan(\`eval \${name}\`);
          span.setAttributes({ 'eval.tags': JSON.stringify(['online', { tier: 1, beta: false }]) });
          try {
            return await score();
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'an inner catch that ends the span and returns, inside an outer try whose finally ends it: a double end, not the end written twice',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('scheduler');
        export function executeJob(id: string, run: (id: string) => Promise<void>, retry: (id: string) => void) {
          return tracer.startActiveSpan('job.execute', async (span) => {
            try {
              try {
                await run(id);
              } catch (error) {
                if (error instanceof Error && error.message === 'No available workers') {
                  retry(id);
                  span.end();
                  return;
                }
                throw error;
              }
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'promise chain: a .catch before the .then that ends the span recovers first, so the chain still ends it',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('jobs');
        function run(job) {
          const span = tracer.startSpan('job.run');
          return job()
            .catch((err) => ({ failed: err }))
            .then((result) => {
              span.end();
              return result;
            });
        }
        module.exports = { run };
      `,
      languageOptions: { sourceType: 'commonjs' },
    },
    {
      name: 'promise chain: a rejection handler passed by name may be the one that ends the span',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function run(job: () => Promise<unknown>, onFailure: (span: Span) => (err: unknown) => never) {
          const span = tracer.startSpan('job.run');
          return job()
            .then((result) => {
              span.end();
              return result;
            })
            .catch(onFailure(span));
        }
      `,
    },
    {
      name: 'a look-alike span (an SDK test constructs its own Span) is judged by no-span-use-after-end only, not as a leak',
      code: code`
        import { ROOT_CONTEXT } from '@opentelemetry/api';
        import { SpanImpl } from '../../src/Span';
        it('exports the span once ended', async () => {
          const span = new SpanImpl({ context: ROOT_CONTEXT, name: 'x' });
          span.setAttribute('a', 1);
          await flush();
          span.end();
        });
        declare function flush(): Promise<void>;
      `,
    },
    {
      name: 'a span that records nothing (isRecording() false) is left at an early return; otherwise it is stored',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('exporter');
        export class Exporter {
          private readonly open = new Map<string, Span>();
          onStart(id: string, name: string) {
            const otelSpan = tracer.startSpan(name);
            if (!otelSpan.isRecording()) {
              return;
            }
            this.open.set(id, otelSpan);
          }
        }
      `,
    },
    {
      name: 'a span stored on one path and ended by callbacks made before the return (CommonJS)',
      filename: 'plugin.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('graphql');
        const spans = new WeakMap();
        function onExecute(args, options) {
          const span = tracer.startSpan('graphql.execute');
          const callbacks = {
            onExecuteDone() {
              span.end();
            },
          };
          if (options.resolvers) {
            spans.set(args.contextValue, span);
          }
          return callbacks;
        }
        module.exports = { onExecute };
      `,
    },
    {
      name: 'a listener declared as a hoisted function after the return ends the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function handle(req: Request, res: Response, next: () => void) {
          const span = tracer.startSpan('http.request');
          res.on('finish', onFinish);
          return next();
          function onFinish() {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a listener made before the span is started ends it whenever it runs',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function run(emitter: Emitter) {
          let span: Span | undefined;
          emitter.on('end', () => span?.end());
          span = tracer.startSpan('job');
          await emitter.start();
        }
      `,
    },
    {
      name: 'a span kept in a const object and ended through it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('state');
        export function step() {
          const span = tracer.startSpan('state.step');
          const state = { span, n: 1 };
          state.span.end();
          return state.n;
        }
      `,
    },
    {
      name: 'an object holding the span handed to an ending helper inside a listener: the listener ends it later',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('watch');
        function finish({ span }: { span: Span }) {
          span.end();
        }
        export function watch(emitter: Emitter) {
          const span = tracer.startSpan('watch');
          const ctx = { span, emitter };
          emitter.on('done', () => finish(ctx));
        }
      `,
    },
    {
      name: 'Object.assign(req, { span }) stores the span on the request (an early branch ends it first)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('mw');
        export function middleware(req: Req, res: Res, next: () => void) {
          const span = tracer.startSpan('mw');
          if (req.skip) {
            span.end();
            return next();
          }
          Object.assign(req, { span });
          return next();
        }
      `,
    },
    {
      name: 'named handlers that end the span, handed to the returned chain for both outcomes (CommonJS)',
      filename: 'client.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('client');
        function request(client, params) {
          const span = tracer.startSpan('client.request');
          const onSuccess = (result) => {
            span.end();
            return result;
          };
          const onError = (error) => {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw error;
          };
          return client.send(params).then(onSuccess, onError);
        }
        module.exports = { request };
      `,
    },
    {
      name: 'a span ended in a listener made on every path: the listener owns the ending',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function handle(req: Request, res: Response, next: () => void) {
          const span = tracer.startSpan('http.request');
          res.on('finish', () => {
            span.setAttribute('http.status_code', res.statusCode);
            span.end();
          });
          next();
        }
      `,
    },
    {
      name: 'a stream wrapped in a local async generator that ends the span when consumed; the catch ends it if the call fails',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        export async function converseStream(client: Client, input: Input) {
          const span = tracer.startSpan('chat');
          let response: StreamResponse;
          try {
            response = await context.with(trace.setSpan(context.active(), span), () => client.send(input));
          } catch (e) {
            span.recordException(e as Error);
            span.end();
            throw e;
          }
          async function* wrappedStream() {
            try {
              for await (const event of response.stream) yield event;
            } finally {
              span.end();
            }
          }
          return { ...response, stream: wrappedStream() };
        }
      `,
    },
    {
      name: 'a span handed to a same-file generator method (destructured parameter) that ends it when consumed',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('audio');
        export class AudioWrapper {
          static async convert(client: Client, args: Args) {
            const span = tracer.startSpan('audio.convert');
            try {
              const response = await client.convert(args);
              return AudioWrapper.streamGenerator({ response, span });
            } catch (e) {
              span.recordException(e as Error);
              span.end();
              throw e;
            }
          }
          static async *streamGenerator({ response, span }: { response: AsyncIterable<Uint8Array>; span: Span }) {
            try {
              for await (const chunk of response) yield chunk;
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'a span returned inside an object literal is the caller\'s to end',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('queue');
        export function begin(job: Job) {
          const span = tracer.startSpan('queue.job');
          prepare(job);
          return { span, job };
        }
      `,
    },
    {
      name: 'an object holding the span, kept in a const and then stored, leaves with the object',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export class Sessions {
          open(id: string) {
            const span = tracer.startSpan('ws.session');
            const session = { id, span, openedAt: Date.now() };
            register(session);
            this.sessions.set(id, session);
          }
        }
      `,
    },
    {
      name: 'a same-file helper that ends the span taken from a destructured parameter, in a promise chain (CommonJS)',
      filename: 'wrapper.js',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('llm');
        function finish({ span, response }) {
          span.setAttribute('tokens', response.usage.total);
          span.end();
          return response;
        }
        function create(client, params) {
          const span = tracer.startSpan('llm.create');
          return client
            .create(params)
            .then((response) => finish({ span, response }))
            .catch((error) => {
              span.recordException(error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw error;
            });
        }
        module.exports = { create };
      `,
    },
    {
      name: 'randomUUID() between start and try cannot throw',
      code: code`
        import { randomUUID } from 'node:crypto';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function query(sql: string) {
          const span = tracer.startSpan('db.query');
          const queryId = randomUUID();
          try {
            return await client.query(sql, { queryId });
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'an OpenTracing-style span of a tracer made here (setTag, finish) is another library\'s',
      filename: 'spans.spec.js',
      languageOptions: commonjs,
      code: code`
        const DatadogTracer = require('../src/tracer');
        const tracer = new DatadogTracer(config);
        it('keeps the root span', () => {
          const childOf = tracer.startSpan('parent');
          childOf.setTag('_inferred_span', {});
          tracer.trace('child', { childOf }, () => {
            run();
          });
        });
      `,
    },
    {
      name: 'an OpenTelemetry class constructed between start and end cannot throw (new TraceState from @opentelemetry/core)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { TraceState } from '@opentelemetry/core';
        const tracer = trace.getTracer('bridge');
        export function currentState(header: string) {
          const span = tracer.startSpan('bridge.state');
          const state = new TraceState(header);
          span.setAttribute('tracestate', header);
          span.end();
          return state;
        }
      `,
    },
    {
      name: 'a root span put in a context that a returned function uses later: the request hooks that get it end it (escapes)',
      code: code`
        import { context, propagation, trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function wrapHandler(fn, headers) {
          const ctx = propagation.extract(context.active(), headers);
          return tracer.startActiveSpan('Root', { kind: SpanKind.SERVER }, ctx, (rootSpan) => {
            const spanContext = trace.setSpan(ctx, rootSpan);
            return (...args) => context.with(spanContext, () => fn(...args));
          });
        }
      `,
    },
    {
      name: '.then(onFulfilled) only, returned: callback-style ending, left to the caller (ACCURACY.md: callback-api, report only what is certain)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export function fetchUser(id) {
          const span = tracer.startSpan('client.user');
          return fetch(\`/users/\${id}\`).then((res) => {
            span.end();
            return res.json();
          });
        }
      `,
    },
    {
      name: 'startSpan ended in finally (TS, ESM)',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function loadOrder(id: string): Promise<Order> {
          const span: Span = tracer.startSpan('orders.load', { attributes: { 'order.id': id } });
          try {
            return await db.orders.findOne({ id });
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
      name: 'startActiveSpan(name, fn) with try/catch/finally',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export function charge(card, amount) {
          return tracer.startActiveSpan('payments.charge', async (span) => {
            try {
              const result = await gateway.charge(card, amount);
              span.setAttribute('payment.id', result.id);
              return result;
            } catch (err) {
              span.recordException(err);
              span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
              throw err;
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'startActiveSpan(name, options, fn) and (name, options, context, fn)',
      code: code`
        import { trace, context, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('queue');
        export function consume(message, parentContext) {
          return tracer.startActiveSpan('queue.process', { kind: SpanKind.CONSUMER }, parentContext, (span) => {
            try {
              return handle(message);
            } finally {
              span.end();
            }
          });
        }
        export function poll() {
          return tracer.startActiveSpan('queue.poll', { kind: SpanKind.CONSUMER }, function (span) {
            try {
              return receive();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'CommonJS require, ended in finally',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('inventory');
        async function reserve(sku, qty) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            await stock.decrement(sku, qty);
          } finally {
            span.end();
          }
        }
        module.exports = { reserve };
      `,
    },
    {
      name: 'class with this.tracer, let span assigned inside try, span?.end() in finally',
      code: code`
        import { trace, type Span, type Tracer } from '@opentelemetry/api';
        export class UserRepository {
          private readonly tracer: Tracer = trace.getTracer('users');
          async find(id: string) {
            let span: Span | undefined;
            try {
              span = this.tracer.startSpan('users.find');
              return await this.db.query('select * from users where id = $1', [id]);
            } finally {
              span?.end();
            }
          }
        }
      `,
    },
    {
      name: 'ownership leaves: the span is returned (directly and via a variable)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function startRequestSpan(req) {
          return tracer.startSpan(\`\${req.method} \${req.route}\`);
        }
        export function startJobSpan(job) {
          const span = tracer.startSpan('job.run');
          span.setAttribute('job.id', job.id);
          return span;
        }
      `,
    },
    {
      name: 'ownership leaves: stored in a map, a field and an array',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ws');
        export class Connections {
          spans = new Map();
          pending = [];
          open(id) {
            const span = tracer.startSpan('ws.connection');
            this.spans.set(id, span);
          }
          begin() {
            this.current = tracer.startSpan('ws.message');
          }
          queue() {
            const span = tracer.startSpan('ws.queue');
            this.pending.push(span);
          }
          close(id) {
            this.spans.get(id)?.end();
            this.spans.delete(id);
          }
        }
      `,
    },
    {
      name: 'ownership leaves: passed to another function',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function schedule(job) {
          const span = tracer.startSpan('jobs.schedule');
          queue.add(job, { span });
          trackUntilDone(job.id, span);
        }
      `,
    },
    {
      name: "Express handler: res.on('finish') closure ends the span",
      code: code`
        import express from 'express';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        const app = express();
        app.use((req, res, next) => {
          const span = tracer.startSpan(\`HTTP \${req.method}\`);
          res.on('finish', () => {
            span.setAttribute('http.status_code', res.statusCode);
            span.end();
          });
          next();
        });
      `,
    },
    {
      name: 'promise.finally(() => span.end())',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export function getJson(url) {
          const span = tracer.startSpan('client.get');
          return fetch(url)
            .then((res) => res.json())
            .finally(() => span.end());
        }
      `,
    },
    {
      name: '.then(onFulfilled, onRejected) where both end the span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export function send(payload) {
          const span = tracer.startSpan('client.send');
          return transport.send(payload).then(
            (reply) => {
              span.end();
              return reply;
            },
            (err) => {
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw err;
            },
          );
        }
      `,
    },
    {
      name: '.then(a).catch(b) chain where both callbacks end the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export function ping(host) {
          const span = tracer.startSpan('client.ping');
          return probe(host)
            .then((ms) => {
              span.setAttribute('rtt_ms', ms);
              span.end();
              return ms;
            })
            .catch((err) => {
              span.recordException(err);
              span.end();
              throw err;
            });
        }
      `,
    },
    {
      name: 'an awaited chain that ends on success, inside a try whose catch ends on failure',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export async function download(url) {
          const span = tracer.startSpan('client.download');
          try {
            return await fetch(url).then((res) => {
              span.end();
              return res;
            });
          } catch (err) {
            span.recordException(err);
            span.end();
            throw err;
          }
        }
      `,
    },
    {
      name: 'nothing between creation and end can throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export function markHit(key) {
          const span = tracer.startSpan('cache.hit', { attributes: { 'cache.key': key } });
          span.setAttribute('cache.hit', true);
          span.addEvent('hit', { at: Date.now() });
          console.debug('cache hit', key);
          span.end();
        }
      `,
    },
    {
      name: "a child span started inside the parent's callback that only sets attributes on itself and ends cannot throw (CommonJS)",
      code: code`
        const otel = require('@opentelemetry/api');
        const tracer = otel.trace.getTracer('demo');
        function activeSpanExample() {
          tracer.startActiveSpan('main', (main) => {
            tracer.startActiveSpan('child', (child) => {
              if (otel.trace.getSpan(otel.context.active()) === child) child.setAttribute('active', true);
              child.addEvent('checked');
              child.end();
            });
            main.end();
          });
        }
        module.exports = { activeSpanExample };
      `,
      filename: 'demo.js',
      languageOptions: { sourceType: 'commonjs' },
    },
    {
      name: 'a same-file helper whose try swallows every error (its catch only logs) cannot throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger';
        const tracer = trace.getTracer('inbox');
        export async function sendNote(inbox: string, note: { id: string }) {
          return tracer.startActiveSpan('sendNote', async (span) => {
            await postActivity(inbox, note);
            span.end();
          });
        }
        async function postActivity(inbox: string, note: { id: string }) {
          try {
            await fetch(inbox, { method: 'POST', body: JSON.stringify(note) });
          } catch (error) {
            logger.error({ error, inbox }, 'delivery failed');
          }
        }
      `,
    },
    {
      name: 'a catch that only logs swallows the error, inline or in a same-file helper',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger';
        import { parse } from './parse';
        const tracer = trace.getTracer('svc');
        function load(raw: string) {
          try {
            return parse(raw);
          } catch (e) {
            logger.warn('bad input', e);
            return null;
          }
        }
        export function viaHelper(raw: string) {
          const span = tracer.startSpan('viaHelper');
          const value = load(raw);
          span.end();
          return value;
        }
        export function inline(raw: string) {
          const span = tracer.startSpan('inline');
          let value = null;
          try {
            value = parse(raw);
          } catch (e) {
            logger.warn('bad input', e);
          }
          span.end();
          return value;
        }
      `,
    },
    {
      name: 'a span that is not recording (sampled out) needs no end before an early return',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function initRecorder(start: () => void) {
          const tracer = trace.getTracer('rum.rr-web');
          const span = tracer.startSpan('record init');
          if (!span.isRecording()) {
            return;
          }
          span.end();
          start();
        }
      `,
    },
    {
      name: 'nested spans, both ended in finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export async function checkout(cart) {
          return tracer.startActiveSpan('checkout', async (outer) => {
            try {
              const priced = await tracer.startActiveSpan('checkout.price', async (inner) => {
                try {
                  return await pricing.price(cart);
                } finally {
                  inner.end();
                }
              });
              return await orders.create(priced);
            } finally {
              outer.end();
            }
          });
        }
      `,
    },
    {
      name: 'a span per loop iteration, ended in finally; continue goes through finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export async function processAll(items) {
          for (const item of items) {
            const span = tracer.startSpan('batch.item');
            try {
              if (item.skip) continue;
              await processItem(item);
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'instrumentation-library style: context.with plus a closure that ends the span',
      code: code`
        import { context, trace, SpanKind } from '@opentelemetry/api';
        import { InstrumentationBase, safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
        export class QueueInstrumentation extends InstrumentationBase {
          _patchPublish(original) {
            const instrumentation = this;
            return function publish(...args) {
              const span = instrumentation.tracer.startSpan('queue.publish', { kind: SpanKind.PRODUCER });
              return context.with(trace.setSpan(context.active(), span), () =>
                safeExecuteInTheMiddle(
                  () => original.apply(this, args),
                  (err) => {
                    if (err) span.recordException(err);
                    span.end();
                  },
                ),
              );
            };
          }
        }
      `,
    },
    {
      name: 'look-alike: Sentry startSpan({ name }, cb) ends its own span',
      code: code`
        import * as Sentry from '@sentry/node';
        import { trace } from '@opentelemetry/api';
        export function render(page) {
          return Sentry.startSpan({ name: 'render', op: 'ui' }, (span) => {
            span.setAttribute('page', page);
            return renderPage(page);
          });
        }
        export function renderOther(page, tracer) {
          return tracer.startSpan({ name: 'render.other' }, () => renderPage(page));
        }
      `,
    },
    {
      name: 'look-alike: a project wrapper named startSpan with another argument order',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracing } from './tracing.js';
        export function sync(account) {
          return tracing.startSpan('accounts.sync', () => syncAccount(account), { attributes: { id: account.id } });
        }
      `,
    },
    {
      name: "look-alike: an ORM's internal tracer in a file without OpenTelemetry evidence",
      code: code`
        export class QueryEngine {
          constructor(tracer) {
            this.tracer = tracer;
          }
          async run(sql) {
            const span = this.tracer.startSpan('query');
            const rows = await this.driver.execute(sql);
            return rows;
          }
        }
      `,
    },
    {
      name: 'startActiveSpan returning the span to the caller (the API docs pattern)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('docs');
        export function begin() {
          const span = tracer.startActiveSpan('begin', (span) => span);
          return span;
        }
      `,
    },
    {
      name: 'startActiveSpan with a callback reference we cannot see into',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export const run = (job) => tracer.startActiveSpan('jobs.run', runJob.bind(null, job));
      `,
    },
    {
      name: 'startActiveSpan without a span parameter that ends the active span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function tick() {
          tracer.startActiveSpan('jobs.tick', () => {
            try {
              doTick();
            } finally {
              trace.getActiveSpan()?.end();
            }
          });
        }
      `,
    },
    {
      name: 'startActiveSpan with a span parameter that is ended through trace.getActiveSpan()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function tock() {
          return tracer.startActiveSpan('jobs.tock', async (_span) => {
            try {
              await doTock();
            } finally {
              trace.getActiveSpan()?.end();
            }
          });
        }
      `,
    },
    {
      name: 'a span ended on the spot, and a generator that ends its span in finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('stream');
        tracer.startSpan('stream.marker').end();
        export function* rows(cursor) {
          const span = tracer.startSpan('stream.rows');
          try {
            let row;
            while ((row = cursor.next())) yield row;
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'span put into a context and nothing here ends it: the context may carry it away',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('rpc');
        export function attach(call) {
          const span = tracer.startSpan('rpc.server');
          call.otelContext = trace.setSpan(context.active(), span);
        }
      `,
    },
    {
      name: 'span && span.end() in finally, with an early return inside the try',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export async function authorize(req) {
          const span = tracer.startSpan('auth.check');
          try {
            if (!req.headers.authorization) return false;
            return await verify(req.headers.authorization);
          } finally {
            span && span.end();
          }
        }
      `,
    },
    {
      name: 'experimental wrapTracer().withActiveSpan ends the span itself',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { wrapTracer } from '@opentelemetry/api/experimental';
        const tracer = wrapTracer(trace.getTracer('exp'));
        export const work = () => tracer.withActiveSpan('work', (span) => doWork(span));
      `,
    },
    {
      name: 'reassigned only after ending the previous span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('phases');
        export function phases() {
          let span = tracer.startSpan('phase.one');
          span.end();
          span = tracer.startSpan('phase.two');
          span.end();
        }
      `,
    },
    {
      name: 'break and continue out of a try whose finally ends the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('poller');
        export async function drain(queue) {
          outer: while (true) {
            const span = tracer.startSpan('poller.batch');
            try {
              const batch = await queue.take(10);
              if (batch.length === 0) break outer;
              if (batch.every((m) => m.skip)) continue;
              await handle(batch);
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'a guarded end in finally (an ended flag to avoid a double end)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('upload');
        export async function upload(file) {
          const span = tracer.startSpan('upload.put');
          let ended = false;
          try {
            const url = await storage.put(file);
            span.end();
            ended = true;
            await notify(url);
            return url;
          } finally {
            if (!ended) span.end();
          }
        }
      `,
    },
    {
      name: 'an exported span belongs to the importers',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('boot');
        export const bootSpan = tracer.startSpan('boot');
      `,
    },
    {
      name: 'a recursive same-file pure helper before end() (analysed once, recursion-safe)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('tree');
        const depthOf = (node: { parent?: unknown }, depth = 0): number =>
          node.parent ? depthOf(node.parent as { parent?: unknown }, depth + 1) : depth;
        export function visit(node: { parent?: unknown }): void {
          const span = tracer.startSpan('tree.visit');
          span.setAttribute('tree.depth', depthOf(node));
          span.end();
        }
      `,
    },
    {
      name: 'chained end() after several span methods that return the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function done(id: string): void {
          const span = tracer.startSpan('job.done');
          span.setAttribute('job.id', id).addEvent('finished').end();
        }
      `,
    },
    {
      name: 'span methods chained on a span variable not named for a span (child, root), nested spans (CommonJS)',
      code: code`
        const { context, trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('checkout');
        function replay(order) {
          const root = tracer.startSpan('POST /checkout', { startTime: order.receivedAt });
          const child = tracer.startSpan('select 1', { startTime: order.queriedAt }, trace.setSpan(context.active(), root));
          child.setAttribute('db.system', 'postgresql').setStatus({ code: SpanStatusCode.OK });
          child.end(order.queryEndedAt);
          root.setAttributes({ 'order.items': order.items.length }).addEvent('replayed');
          root.end(order.completedAt);
        }
        module.exports = { replay };
      `,
      languageOptions: { sourceType: 'commonjs' },
    },
    {
      name: "a project tracer's span with chained methods (a tracer class of the project, in a test)",
      code: code`
        import { Tracer } from './tracer';
        import { SpanStatusCode } from './protocol';
        export function buildTree() {
          const tracer = new Tracer();
          const child = tracer.startSpan('select 1', 'db_query', { startMs: 1010 });
          child.setAttribute('db.system', 'postgresql').setStatus(SpanStatusCode.Ok);
          return child.end(1020);
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a streaming branch hands the span to a callback that ends it in finally; the other branch ends it in the try tail and again in the catch',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { callModel, streamSSE } from './llm';
        const tracer = trace.getTracer('gateway');
        export async function chat(c: unknown, stream: boolean) {
          const llmSpan = tracer.startSpan('gateway.llm_call');
          if (stream) {
            return streamSSE(c, async (out) => {
              try {
                await callModel(out);
              } finally {
                llmSpan.end();
              }
            });
          }
          try {
            const result = await callModel(null);
            llmSpan.end();
            return result;
          } catch (error) {
            llmSpan.recordException(error as Error);
            llmSpan.setStatus({ code: 2 });
            llmSpan.end();
            throw error;
          }
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 5 }],
    },
    {
      name: "awaits of same-file wrappers that hand back a promise able to reject (a startActiveSpan whose callback awaits an import, a .then chain on other work); a declared function does not stop the context-only check",
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('x');
        declare function fetchIt(id: number): Promise<number>;
        const fetchUser = (id: number) =>
          tracer.startActiveSpan('fetch', async (s) => {
            try {
              return await fetchIt(id);
            } finally {
              s.end();
            }
          });
        async function load() {
          return fetchIt(1);
        }
        const chained = () => load().then((n) => n + 1);
        export async function handler() {
          const span = tracer.startSpan('h');
          await fetchUser(1);
          await chained();
          span.end();
        }
        export async function main() {
          await context.with(trace.setSpan(context.active(), tracer.startSpan('cli')), async () => {
            await fetchIt(2);
          });
        }
      `,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 17, data: { name: 'span', method: 'startSpan', where: 'if the await on line 18 rejects' } },
        { messageId: 'neverEnded', line: 23 },
      ],
    },
    {
      name: 'span = span.setAttribute(...) keeps the same span (chainable methods hand it back): an imported call before an end() without finally still leaks it',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { writeToSpan } from './otel';
        const tracer = trace.getTracer('tools');
        export function run(callable: () => Promise<string>) {
          return tracer.startActiveSpan('tool', async (span) => {
            writeToSpan(span, { kind: 'tool' });
            span = span.setAttribute('tool.path', 'a/b');
            const output = await callable().catch(() => undefined);
            span.end();
            return output;
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startActiveSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: "sleep helpers that make their promise in a statement before the return can reject too; a project's own requestContext.with(...) is a call that can throw",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { requestContext } from './request-context';
        const tracer = trace.getTracer('svc');
        function sleepB(ms: number) {
          const p = new Promise((resolve) => setTimeout(resolve, ms));
          return p;
        }
        function sleepC(ms: number) {
          console.log('sleeping', ms);
          return new Promise((resolve) => setTimeout(resolve, ms));
        }
        export async function b() {
          const span = tracer.startSpan('b');
          await sleepB(10);
          span.end();
        }
        export async function c() {
          const span = tracer.startSpan('c');
          await sleepC(10);
          span.end();
        }
        export function d(store: object) {
          const span = tracer.startSpan('d');
          requestContext.with(store, () => undefined);
          span.end();
        }
      `,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 13, data: { name: 'span', method: 'startSpan', where: 'if the await on line 14 rejects' } },
        { messageId: 'notEndedOnSomePath', line: 18, data: { name: 'span', method: 'startSpan', where: 'if the await on line 19 rejects' } },
        { messageId: 'notEndedOnSomePath', line: 23, data: { name: 'span', method: 'startSpan', where: 'if the call on line 24 throws' } },
      ],
    },
    {
      name: "a tracer from a provider reached by optional chaining (window.SplunkRum.provider?.getTracer), in a file that imports no OpenTelemetry module",
      code: code`
        import { useEffect } from 'react';
        export function TodoList({ load }: { load: (todos: unknown) => void }) {
          useEffect(() => {
            async function fetchData() {
              const tracer = window.SplunkRum.provider?.getTracer('todoList');
              if (!tracer) return;
              const span = tracer.startSpan('todoList.load');
              const res = await fetch('/api/todos');
              load(await res.json());
              span.end();
            }
            void fetchData();
          }, [load]);
          return null;
        }
      `,
      filename: 'todo-list.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [{ messageId: 'notEndedOnSomePath', line: 7, data: { name: 'span', method: 'startSpan', where: 'if the await on line 8 rejects' } }],
    },
    {
      name: "a wrapper's span handed to the caller's function inside context.with of a renamed context import, ended in the try tail and the catch",
      code: code`
        import { context as apiContext, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('facade');
        export function withSpan<T>(name: string, fn: (span: Span) => T): T {
          const span = tracer.startSpan(name);
          return apiContext.with(trace.setSpan(apiContext.active(), span), () => {
            try {
              const result = fn(span);
              span.end();
              return result;
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw err;
            }
          });
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4 }],
    },
    {
      name: 'a span only put into a context that a const holds, read by callbacks that never fetch it back, as a parent or by an assertion: never ended',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        import { strict as assert } from 'node:assert';
        import { instrumented, publish } from './work';
        const tracer = trace.getTracer('example');
        export async function main() {
          const ctx = trace.setSpan(context.active(), tracer.startSpan('test'));
          await context.with(ctx, async () => {
            await publish('a');
          });
          tracer.startSpan('child', {}, ctx).end();
        }
        export async function contextTest() {
          const parentSpan = tracer.startSpan('parentSpan');
          const parentContext = trace.setSpan(context.active(), parentSpan);
          await instrumented('test', async () => {
            assert.notStrictEqual(context.active(), parentContext);
          });
        }
      `,
      errors: [
        { messageId: 'neverEnded', line: 6, column: 47 },
        { messageId: 'neverEnded', line: 13, data: { name: 'parentSpan', method: 'startSpan', where: '' } },
      ],
    },
    {
      name: 'an await of a promise the file makes (a sleep helper, `new Promise`) can reject, as ACCURACY.md counts every await',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('smoke');
        const sleepy = () => new Promise((resolve) => setTimeout(resolve, 100));
        async function handle() {
          const span = tracer.startSpan('sleep');
          await sleepy();
          span.end();
        }
        async function pause() {
          const span = tracer.startSpan('pause');
          await new Promise((resolve) => setTimeout(resolve, 10));
          span.end();
        }
        module.exports = { handle, pause };
      `,
      languageOptions: commonjs,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the await on line 6 rejects' } },
        { messageId: 'notEndedOnSomePath', line: 10, data: { name: 'span', method: 'startSpan', where: 'if the await on line 11 rejects' } },
      ],
    },
    {
      name: "a span from the project telemetry module's factory (read from disk), in a file that starts no span itself",
      code: code`
        import { getSpan } from './telemetry/spans';
        import { deliver } from './delivery';
        export async function sendActivity(inbox: string) {
          const span = getSpan('activities', 'send', { inbox });
          await deliver(inbox);
          span.end();
        }
      `,
      filename: factoryProjectFile,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'getSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: 'spans dropped or only made active with attributes chained on the start: never ended',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cli');
        export async function run(id: string, handler: () => Promise<void>) {
          tracer.startSpan('cli.start').setAttribute('cli.run.id', id);
          await context.with(trace.setSpan(context.active(), tracer.startSpan('cli').setAttribute('cli.run.id', id)), async () => {
            await handler();
          });
        }
      `,
      errors: [
        { messageId: 'neverEnded', line: 4 },
        { messageId: 'neverEnded', line: 5 },
      ],
    },
    {
      name: "a factory that returns the start with attributes chained on it, or its span `as Span`: the caller's span leaks when the await rejects",
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        import { work } from './work';
        const tracer = trace.getTracer('jobs');
        const chained = (name: string) => tracer.startSpan(name).setAttribute('job.kind', 'batch');
        function decorated(name: string) {
          const span = tracer.startSpan(name);
          span.setAttribute('job.kind', 'batch');
          return span as Span;
        }
        export async function runBoth() {
          const first = chained('first');
          await work();
          first.end();
          const second = decorated('second');
          await work();
          second.end();
        }
      `,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 11, data: { name: 'first', method: 'chained', where: 'if the await on line 12 rejects' } },
        { messageId: 'notEndedOnSomePath', line: 14, data: { name: 'second', method: 'decorated', where: 'if the await on line 15 rejects' } },
      ],
    },
    {
      name: "test code: `typeof span.end` only reads the method; the assertions after it can throw before end()",
      code: code`
        import { describe, it } from 'node:test';
        import assert from 'node:assert/strict';
        import { trace } from '@opentelemetry/api';
        describe('tracer', () => {
          it('starts spans with the span API', () => {
            const span = trace.getTracer('test').startSpan('test-span');
            assert.equal(typeof span.end, 'function');
            assert.equal(typeof span.spanContext().traceId, 'string');
            span.end();
          });
        });
      `,
      filename: 'tracing.spec.js',
      errors: [{ messageId: 'notEndedOnSomePath', line: 6, data: { name: 'span', method: 'startSpan', where: 'if the call on line 7 throws' } }],
    },
    {
      name: 'a span no variable holds, made active for a callback that never fetches it: never ended',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cli');
        export async function executeCliHandler(name: string, handler: () => Promise<unknown>) {
          await context.with(trace.setSpan(context.active(), tracer.startSpan(name)), async () => {
            try {
              await handler();
            } catch (error) {
              console.error(error);
              process.exitCode = 1;
            }
          });
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 4, data: { name: 'span', method: 'startSpan' } }],
    },
    {
      name: 'attributes chained on startSpan: the span is the chain\'s value, left open when the await rejects',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { PrismaClient } from '@prisma/client';
        const tracer = trace.getTracer('resolvers');
        export async function allUsers(prisma: PrismaClient) {
          const childSpan = tracer.startSpan('prisma').setAttributes({ 'prisma.model': 'user', 'prisma.action': 'findMany' });
          const users = await prisma.user.findMany();
          childSpan.end();
          return users;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'childSpan', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: "a project tracer's span with attributes chained on the start (no @opentelemetry import): the chain is the evidence",
      code: code`
        export const resolvers = {
          Query: {
            async post(_parent, args, context) {
              const { tracer } = context.request.openTelemetry();
              const childSpan = tracer
                .startSpan('prisma')
                .setAttribute('prisma.model', 'post')
                .setAttribute('prisma.action', 'findUnique');
              const post = await context.prisma.post.findUnique({ where: { id: args.id } });
              childSpan.end();
              return post;
            },
          },
        };
      `,
      filename: 'schema.js',
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'childSpan', method: 'startSpan', where: 'if the await on line 9 rejects' } }],
    },
    {
      name: "a same-file span factory's span ended by a same-file helper in the try tail and again in the catch",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('governance');
        function startSpan(operation: string, label: string) {
          return tracer?.startSpan(\`mcp.governance.\${operation}\`, { attributes: { 'mcp.governance.label': label } });
        }
        function finalize<T>(span: ReturnType<typeof startSpan>, outcome: { ok: true; value: T } | { ok: false; error: unknown }): T {
          span?.end();
          if (!outcome.ok) throw outcome.error;
          return outcome.value;
        }
        export async function observeAsync<T>(operation: string, label: string, fn: () => Promise<T>): Promise<T> {
          const span = startSpan(operation, label);
          try {
            const result = await fn();
            return finalize(span, { ok: true, value: result });
          } catch (error) {
            return finalize(span, { ok: false, error });
          }
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 12 }],
    },
    {
      name: "a class's span factory method: the caller's span is left open when the await rejects",
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        import type { Job } from './queue';
        export class Worker {
          private readonly tracer: Tracer = trace.getTracer('worker');
          async process(job: Job) {
            const span = this.createSpan(job.queue);
            await job.run();
            span.end();
          }
          private createSpan(queue: string) {
            const span = this.tracer.startSpan('job.process');
            span.setAttribute('job.queue', queue);
            return span;
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6, data: { name: 'span', method: 'createSpan', where: 'if the await on line 7 rejects' } }],
    },
    {
      name: "a factory's span never ended by its caller",
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('mailer');
        const makeSpan = (name) => tracer.startSpan(name);
        async function send(message, transport) {
          const span = makeSpan('mail.send');
          span.setAttribute('mail.to.count', message.to.length);
          await transport.send(message);
        }
        module.exports = { send };
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'neverEnded', line: 5 }],
    },
    {
      name: 'JSON.stringify of literal data with an imported replacer runs the replacer, which can throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { replacer } from './serialize';
        const tracer = trace.getTracer('codec');
        export function encode() {
          const span = tracer.startSpan('codec.encode');
          const body = JSON.stringify({ kind: 'ping', ids: [1, 2] }, replacer);
          span.end();
          return body;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: 'stream span only handed to a same-file generator inside context.with: a rejection of the awaited call before the hand-off leaks it',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        export async function createStream(original: () => Promise<AsyncIterable<string>>) {
          const span = tracer.startSpan('llm.stream');
          return context.with(trace.setSpan(context.active(), span), async () => {
            const stream = await original();
            return relay(span, stream);
          });
        }
        async function* relay(span: Span, stream: AsyncIterable<string>) {
          try {
            for await (const chunk of stream) yield chunk;
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: 'span chosen with ?? as the context parent: ended in the try tail and again in the catch (written twice)',
      code: code`
        import { context, trace, SpanStatusCode, type Tracer } from '@opentelemetry/api';
        export function patchQuery(original: (q: string) => Promise<unknown>, tracer: Tracer) {
          return async function (query: string) {
            const span = tracer.startSpan('pg.query');
            return context.with(trace.setSpan(context.active(), trace.getSpan(context.active()) ?? span), async () => {
              try {
                const rows = await original(query);
                span.end();
                return rows;
              } catch (error) {
                span.recordException(error as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw error;
              }
            });
          };
        }
      `,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { context, trace, SpanStatusCode, type Tracer } from '@opentelemetry/api';
                export function patchQuery(original: (q: string) => Promise<unknown>, tracer: Tracer) {
                  return async function (query: string) {
                    const span = tracer.startSpan('pg.query');
                    return context.with(trace.setSpan(context.active(), trace.getSpan(context.active()) ?? span), async () => {
                      try {
                        const rows = await original(query);
                        return rows;
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
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'promise chain: the .catch written after the .then records and rethrows but never ends the span (CommonJS)',
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('broker');
        function wrapHandler(handler) {
          return function (ctx) {
            const span = tracer.startSpan('action');
            return api.context.with(api.trace.setSpan(api.context.active(), span), () =>
              handler(ctx)
                .then((res) => {
                  span.end();
                  return res;
                })
                .catch((err) => {
                  span.recordException(err);
                  span.setStatus({ code: api.SpanStatusCode.ERROR });
                  throw err;
                }),
            );
          };
        }
        module.exports = { wrapHandler };
      `,
      languageOptions: { sourceType: 'commonjs' },
      errors: [{ messageId: 'notEndedOnSomePath', line: 5 }],
    },
    {
      name: 'stream handed to a same-file generator inside context.with; the catch records and rethrows without end()',
      code: code`
        import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('llm');
        export function patch(original: (...args: unknown[]) => Promise<{ stream?: AsyncIterable<string> }>) {
          return async function (...args: unknown[]) {
            const span = tracer.startSpan('llm.chat');
            return context.with(trace.setSpan(context.active(), span), async () => {
              try {
                const response = await original(...args);
                if (response.stream) return { ...response, stream: relay(span, response.stream) };
                span.end();
                return response;
              } catch (error) {
                span.recordException(error as Error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                throw error;
              }
            });
          };
        }
        async function* relay(span: Span, stream: AsyncIterable<string>) {
          try {
            for await (const chunk of stream) yield chunk;
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'at the throw on line 15' } }],
    },
    {
      name: 'a span returned to the caller, but a validation throw before the return leaves it with nobody',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('sessions');
        export function openSession(id: string): Span {
          const span = tracer.startSpan('session');
          if (!id) throw new Error('missing id');
          span.setAttribute('session.id', id);
          return span;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4 }],
    },
    {
      name: 'a span stored for later, but an early return before the store leaves it with nobody',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ui');
        export class Interactions {
          private readonly spans = new Map<Span, { tasks: number }>();
          start(eventName: string, element: Element): Span | undefined {
            const span = tracer.startSpan(eventName);
            if (this.shouldSkip(eventName, element)) {
              return undefined;
            }
            this.spans.set(span, { tasks: 0 });
            return span;
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6 }],
    },
    {
      name: 'a helper that ends another property of the object it gets (res.end()) does not end the span',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        function respond({ res, span }: { res: Res; span: Span }) {
          span.setAttribute('responded', true);
          res.end();
        }
        export async function handle(res: Res) {
          const span = tracer.startSpan('api.handle');
          try {
            await work();
          } catch (e) {
            span.recordException(e as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw e;
          }
          respond({ res, span });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 8 }],
    },
    {
      name: 'a span assigned (not declared) from a project tracer made with getTracer is judged',
      code: code`
        import { getTracer } from '@acme/telemetry';
        const tracer = getTracer('svc');
        export async function job() {
          let span;
          span = tracer.startSpan('job');
          await work();
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5 }],
    },
    {
      name: 'named success and error handlers, called in the try tail and the catch and handed to the chain (may return a promise)',
      code: code`
        import { trace, SpanStatusCode, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('shared');
        export function wrapInActiveSpan<R>(name: string, fn: (span: Span) => R): R {
          return tracer.startActiveSpan(name, (span): R => {
            const handleSuccess = (response: R): R => {
              span.setStatus({ code: SpanStatusCode.OK });
              span.end();
              return response;
            };
            const handleError = (error: unknown): never => {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw error;
            };
            try {
              const response = fn(span);
              if (response instanceof Promise) return response.then(handleSuccess, handleError) as R;
              return handleSuccess(response);
            } catch (error) {
              return handleError(error);
            }
          });
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4 }],
    },
    {
      name: 'a span ended in a callback made on one branch only: the other branch returns with it open (CommonJS)',
      filename: 'redis.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('redis');
        function sendCommand(original, cmd) {
          const span = tracer.startSpan('redis-' + cmd.command);
          const callback = cmd.callback;
          if (callback) {
            cmd.callback = function (err, reply) {
              span.end();
              return callback.call(this, err, reply);
            };
          }
          return original.call(this, cmd);
        }
        module.exports = { sendCommand };
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4 }],
    },
    {
      name: 'an await before the listener that ends the span is made: a rejection leaves it open',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export async function stream(url: string, onChunk: (chunk: string) => void) {
          const span = tracer.startSpan('client.stream');
          const params = await serializedParams();
          const request = send(url, params);
          request.on('end', () => span.end());
          request.on('data', onChunk);
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4 }],
    },
    {
      name: 'a span handed to a function inside an object literal is still this function\'s (pattern 1: handing over is not giving away)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('eval');
        export async function runTarget(name: string, callback: (ctx: TargetContext) => Promise<void>) {
          await tracer.startActiveSpan('evaluation.target', async (span) => {
            const ctx = { span, name };
            await callback(ctx);
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4 }],
    },
    {
      name: 'ended in the catch and again after the try statement: end() written twice instead of once in finally (ACCURACY.md: all-paths-no-finally)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        export async function readConfig(path) {
          const span = tracer.startSpan('files.read');
          let text;
          try {
            text = await fs.readFile(path, 'utf8');
          } catch (err) {
            span.recordException(err);
            span.end();
            throw err;
          }
          span.end();
          return text;
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4 }],
    },
    {
      name: 'startSpan never ended (TS)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function listOrders(userId: string) {
          const span = tracer.startSpan('orders.list');
          span.setAttribute('user.id', userId);
          return db.orders.find({ userId });
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 4, column: 16 }],
    },
    {
      name: 'startActiveSpan callback never ends its span (JS)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('mail');
        export function sendWelcome(user) {
          return tracer.startActiveSpan('mail.welcome', async (span) => {
            span.setAttribute('user.id', user.id);
            await mailer.send(user.email, 'welcome');
          });
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 4, column: 10, endLine: 4, endColumn: 32 }],
    },
    {
      name: 'startActiveSpan callback without a span parameter, and a discarded startSpan',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cron');
        export function nightly() {
          tracer.startSpan('cron.nightly');
          return tracer.startActiveSpan('cron.cleanup', async () => {
            await cleanup();
          });
        }
      `,
      errors: [
        { messageId: 'neverEnded', line: 4 },
        { messageId: 'neverEnded', line: 5 },
      ],
    },
    {
      name: 'early return before the try',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export async function getProfile(req, res) {
          const span = tracer.startSpan('profile.get');
          if (!req.user) return res.status(401).end();
          try {
            res.json(await profiles.load(req.user.id));
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'at the return on line 5' } }],
    },
    {
      name: 'ended on the happy path only: the catch rethrows (suggestion moves end into finally)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('inventory');
        function reserveStock(order) {
          const span = tracer.startSpan('inventory.reserve');
          try {
            for (const line of order.lines) {
              if (stock.get(line.sku) < line.qty) throw new Error('out of stock');
              stock.take(line.sku, line.qty);
            }
            span.end();
          } catch (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          }
        }
      `,
      errors: [
        {
          messageId: 'notEndedOnSomePath',
          line: 4,
          data: { name: 'span', method: 'startSpan', where: 'at the throw on line 14' },
          suggestions: [
            {
              messageId: 'endInFinally',
              data: { name: 'span', method: 'startSpan', where: 'at the throw on line 14' },
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('inventory');
                function reserveStock(order) {
                  const span = tracer.startSpan('inventory.reserve');
                  try {
                    for (const line of order.lines) {
                      if (stock.get(line.sku) < line.qty) throw new Error('out of stock');
                      stock.take(line.sku, line.qty);
                    }
                  } catch (error) {
                    span.recordException(error);
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
      name: 'ended in try and catch but not in finally (suggestion)',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export async function refund(paymentId: string) {
          const span = tracer.startSpan('payments.refund');
          try {
            const result = await gateway.refund(paymentId);
            span.end();
            return result;
          } catch (err) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
            throw err;
          }
        }
      `,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('payments');
                export async function refund(paymentId: string) {
                  const span = tracer.startSpan('payments.refund');
                  try {
                    const result = await gateway.refund(paymentId);
                    return result;
                  } catch (err) {
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
      name: 'ended in try and catch, with a finally that does other cleanup (suggestion appends to it)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function migrate(client) {
          const span = tracer.startSpan('db.migrate');
          try {
            await client.query('BEGIN');
            await runMigrations(client);
            span.end();
          } catch (err) {
            span.end();
            throw err;
          } finally {
            client.release();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('db');
                export async function migrate(client) {
                  const span = tracer.startSpan('db.migrate');
                  try {
                    await client.query('BEGIN');
                    await runMigrations(client);
                  } catch (err) {
                    throw err;
                  } finally {
                    client.release();
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
      name: 'the catch swallows the error without ending the span (suggestion)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('metrics');
        export async function flush(buffer) {
          const span = tracer.startSpan('metrics.flush');
          try {
            await exporter.export(buffer);
            span.end();
          } catch (err) {
            logger.warn({ err }, 'flush failed');
          }
        }
      `,
      errors: [
        {
          messageId: 'notEndedOnSomePath',
          line: 4,
          data: { name: 'span', method: 'startSpan', where: 'when execution reaches the end of the function (line 11)' },
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('metrics');
                export async function flush(buffer) {
                  const span = tracer.startSpan('metrics.flush');
                  try {
                    await exporter.export(buffer);
                  } catch (err) {
                    logger.warn({ err }, 'flush failed');
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
      name: 'ended after an await with no try: the await can reject',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function loadOrder(id) {
          const span = tracer.startSpan('orders.load');
          const order = await db.orders.findOne({ id });
          span.end();
          return order;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: 'startActiveSpan(name, options, fn): ended after work that can throw',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('render');
        export function renderInvoice(invoice) {
          return tracer.startActiveSpan('invoice.render', { kind: SpanKind.INTERNAL }, (span) => {
            const pdf = pdfRenderer.render(invoice);
            span.end();
            return pdf;
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startActiveSpan', where: 'if the call on line 5 throws' } }],
    },
    {
      name: 'startActiveSpan(name, options, context, fn): never ended',
      code: code`
        import { trace, context, ROOT_CONTEXT } from '@opentelemetry/api';
        const tracer = trace.getTracer('worker');
        export function detach(task) {
          tracer.startActiveSpan('worker.detach', {}, ROOT_CONTEXT, (span) => {
            span.setAttribute('task.id', task.id);
            setImmediate(() => task.run());
          });
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 4 }],
    },
    {
      name: 'CommonJS Express handler: ended after res.json(await ...)',
      languageOptions: commonjs,
      code: code`
        const express = require('express');
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('catalog');
        const router = express.Router();
        router.get('/products/:id', async (req, res) => {
          const span = tracer.startSpan('catalog.product');
          const product = await catalog.find(req.params.id);
          res.json(product);
          span.end();
        });
        module.exports = router;
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6, data: { name: 'span', method: 'startSpan', where: 'if the await on line 7 rejects' } }],
    },
    {
      name: 'class method with this.tracer: a cache hit returns before the end',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class PriceService {
          private tracer: Tracer = trace.getTracer('prices');
          price(sku: string): number {
            const span = this.tracer.startSpan('prices.lookup');
            const cached = this.cache.get(sku);
            if (cached !== undefined) {
              return cached;
            }
            try {
              return this.compute(sku);
            } finally {
              span.end();
            }
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'at the return on line 8' } }],
    },
    {
      name: 'nested spans: the inner one is never ended',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        export async function checkout(cart) {
          return tracer.startActiveSpan('checkout', async (outer) => {
            try {
              const child = tracer.startSpan('checkout.validate');
              validate(cart);
              return await orders.create(cart);
            } finally {
              outer.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 6, data: { name: 'child', method: 'startSpan', where: '' } }],
    },
    {
      name: "a project logger's call can throw like any other call (only console and diag cannot)",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logger } from './logger';
        const tracer = trace.getTracer('cache');
        export function markHit(key: string) {
          const span = tracer.startSpan('cache.hit', { attributes: { 'cache.key': key } });
          logger.debug({ key }, 'cache hit');
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: "the function context.bind hands back is the caller's own: calling it can throw",
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('wrap');
        export function patched(this: unknown, original: (...a: unknown[]) => unknown, args: unknown[]) {
          const span = tracer.startSpan('op');
          const bound = context.bind(trace.setSpan(context.active(), span), original);
          const result = bound.apply(this, args);
          span.end();
          return result;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: 'nested spans: the outer span leaks when the inner work throws',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        export function syncAll(accounts) {
          return tracer.startActiveSpan('sync.all', (outer) => {
            for (const account of accounts) {
              tracer.startActiveSpan('sync.account', (inner) => {
                try {
                  syncAccount(account);
                } finally {
                  inner.end();
                }
              });
            }
            outer.end();
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'outer', method: 'startActiveSpan', where: 'if the call on line 6 throws' } }],
    },
    {
      name: 'a loop continues past the end: the next iteration starts a new span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        export function importRows(rows) {
          for (const row of rows) {
            const span = tracer.startSpan('import.row');
            if (!row.valid) continue;
            span.setAttribute('row.id', row.id);
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'before a new span replaces it on line 5' } }],
    },
    {
      name: 'the variable is overwritten by a new span before the first one is ended',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('phases');
        export function phases() {
          let span = tracer.startSpan('phase.one');
          span.setAttribute('phase', 1);
          span = tracer.startSpan('phase.two');
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'before a new span replaces it on line 6' } }],
    },
    {
      name: '.catch(onRejected) only, not awaited: the success path returns with the span open',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        export function publish(event) {
          const span = tracer.startSpan('bus.publish');
          return bus.publish(event).catch((err) => {
            span.recordException(err);
            span.end();
            throw err;
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'at the return on line 5' } }],
    },
    {
      name: 'a validation throw before the try',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('transfers');
        export async function transfer(from, to, amount) {
          const span = tracer.startSpan('transfers.create');
          if (amount <= 0) {
            throw new RangeError('amount must be positive');
          }
          try {
            return await ledger.move(from, to, amount);
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'at the throw on line 6' } }],
    },
    {
      name: 'a switch case returns before the end',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('router');
        export function route(msg) {
          const span = tracer.startSpan('router.route');
          switch (msg.type) {
            case 'ping':
              return 'pong';
            default:
              span.setAttribute('msg.type', msg.type);
          }
          span.end();
          return 'ok';
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'at the return on line 7' } }],
    },
    {
      name: 'exported arrow handler (serverless style): never ended',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('lambda');
        export const handler = async (event) => {
          const span = tracer.startSpan('lambda.handle');
          span.setAttribute('faas.trigger', event.source);
          return { statusCode: 200, body: JSON.stringify(await process(event)) };
        };
      `,
      errors: [{ messageId: 'neverEnded', line: 4 }],
    },
    {
      name: 'tracer parameter annotated Tracer',
      code: code`
        import type { Tracer } from '@opentelemetry/api';
        export function makeReporter(t: Tracer) {
          return async function report(data: Report) {
            const span = t.startSpan('report.send');
            await post('/reports', data);
            span.end();
          };
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: 'the catch returns a fallback without ending the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('flags');
        export async function isEnabled(flag) {
          const span = tracer.startSpan('flags.evaluate');
          try {
            const value = await flags.get(flag);
            span.end();
            return value;
          } catch {
            return false;
          }
        }
      `,
      errors: [
        {
          messageId: 'notEndedOnSomePath',
          line: 4,
          data: { name: 'span', method: 'startSpan', where: 'at the return on line 10' },
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('flags');
                export async function isEnabled(flag) {
                  const span = tracer.startSpan('flags.evaluate');
                  try {
                    const value = await flags.get(flag);
                    return value;
                  } catch {
                    return false;
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
      name: 'instrumentation-library style with this.tracer.startActiveSpan ended after the original call',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        import { InstrumentationBase } from '@opentelemetry/instrumentation';
        export class CacheInstrumentation extends InstrumentationBase {
          _wrapGet(original) {
            const plugin = this;
            return function get(key) {
              return plugin.tracer.startActiveSpan('cache.get', (span) => {
                const value = original.call(this, key);
                span.setAttribute('cache.hit', value !== undefined);
                span.end();
                return value;
              });
            };
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 7, data: { name: 'span', method: 'startActiveSpan', where: 'if the call on line 8 throws' } }],
    },
    {
      name: 'top-level module code (ESM with top-level await)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('bootstrap');
        const span = tracer.startSpan('bootstrap.load-config');
        const config = await loadConfig();
        span.end();
        export default config;
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'span', method: 'startSpan', where: 'if the await on line 4 rejects' } }],
    },
    {
      name: 'single-line try/catch ending in both (suggestion keeps one line)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('kv');
        export function put(k, v) {
          const span = tracer.startSpan('kv.put');
          try { store.set(k, v); span.end(); } catch (e) { span.end(); throw e; }
        }
      `,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          suggestions: [
            {
              messageId: 'endInFinally',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('kv');
                export function put(k, v) {
                  const span = tracer.startSpan('kv.put');
                  try { store.set(k, v); } catch (e) { throw e; } finally { span.end(); }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'ended in try and catch, but also before it: no suggestion (it would end twice)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('uploads');
        export async function upload(file) {
          const span = tracer.startSpan('uploads.put');
          if (file.size === 0) {
            span.end();
            return null;
          }
          try {
            const url = await storage.put(file);
            span.end();
            return url;
          } catch (err) {
            span.end();
            throw err;
          }
        }
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 4, suggestions: [] }],
    },
    {
      name: 'a generator that ends its span after the loop without finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('stream');
        export function* pages(client) {
          const span = tracer.startSpan('stream.pages');
          let page = client.first();
          while (page) {
            yield page;
            page = client.next(page);
          }
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
    {
      name: 'a generator that yields before ending its span: the consumer may stop early',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ids');
        export function* ids(count) {
          const span = tracer.startSpan('ids.generate');
          for (let i = 0; i < count; i++) yield i;
          span.end();
        }
      `,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the consumer stops at the yield on line 5' } },
      ],
    },
    {
      name: 'a break out of a try whose finally does not end the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('scan');
        export function scan(rows) {
          for (const row of rows) {
            const span = tracer.startSpan('scan.row');
            try {
              if (row.last) break;
              span.setAttribute('row.id', row.id);
            } finally {
              row.seen = true;
            }
            span.end();
          }
        }
      `,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'when execution reaches the end of the function (line 14)' } },
      ],
    },
    {
      name: 'a forEach whose callback calls unknown code outside a try can still throw',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export function tagAll(items: string[], label: (item: string) => string): void {
          const span = tracer.startSpan('batch.tag');
          items.forEach((item, i) => span.setAttribute('item.' + i, label(item)));
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
    {
      name: 'a same-file helper that throws is a throw point',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        function parseQuantity(raw: string): number {
          const value = Number(raw);
          if (!Number.isInteger(value)) throw new Error('bad quantity');
          return value;
        }
        export function order(raw: string): void {
          const span = tracer.startSpan('order.parse');
          span.setAttribute('order.quantity', parseQuantity(raw));
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 9, data: { name: 'span', method: 'startSpan', where: 'if the call on line 10 throws' } }],
    },
    {
      name: "Koa's context.throw() is not an OpenTelemetry context call",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export function guard(context: { throw(status: number): never; state: { user?: string } }): void {
          const span = tracer.startSpan('guard');
          if (!context.state.user) context.throw(401);
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
  ],
});

const typedRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'typed');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedRoot } },
});
const typedFile = 'end-span-service.ts';

typedTester.run('end-span-in-finally (typed)', rule, {
  valid: [
    {
      name: 'types say the receiver is not an OpenTelemetry Tracer, though it is named tracer',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './end-span-query-tracer.js';
        export const otel = trace.getTracer('shop');
        export function count(table: string) {
          const span = tracer.startSpan('count');
          return table.length;
        }
      `,
    },
    {
      name: 'a real Tracer from another module, ended in finally',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export async function loadCart(id: string, fetchCart: (id: string) => Promise<unknown>) {
          const span = appTracer.startSpan('cart.load');
          try {
            return await fetchCart(id);
          } finally {
            span.end();
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a Tracer imported from the project (no @opentelemetry import in this file) is known from types',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export async function loadCart(id: string, fetchCart: (id: string) => Promise<unknown>) {
          const span = appTracer.startSpan('cart.load');
          const cart = await fetchCart(id);
          span.end();
          return cart;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3 }],
    },
    {
      name: 'startActiveSpan on a typed Tracer held in a class field of another name',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export class Carts {
          private readonly t = appTracer;
          clear(id: string) {
            return this.t.startActiveSpan('cart.clear', (s) => {
              s.setAttribute('cart.id', id);
            });
          }
        }
      `,
      errors: [{ messageId: 'neverEnded', line: 5 }],
    },
  ],
});

describe('without type information', () => {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.{js,jsx,ts,tsx}'],
      languageOptions: { parser: tsParser as unknown as Linter.Parser },
      plugins: { otel: { rules: { 'end-span-in-finally': rule as never } } },
      rules: { 'otel/end-span-in-finally': 'error' as const },
    },
  ];

  it('finds a tracer imported from the project\'s tracing module (the documented heuristic without types)', () => {
    const source = code`
      import { appTracer } from './tracing.js';
      export async function loadCart(id) {
        const span = appTracer.startSpan('cart.load');
        const cart = await fetchCart(id);
        span.end();
        return cart;
      }
    `;
    expect(linter.verify(source, config, { filename: 'cart.ts' }).map((m) => m.messageId)).toEqual(['notEndedOnSomePath']);
  });

  it('stays silent on a startSpan look-alike when nothing says it is a tracer (types would be needed)', () => {
    const source = code`
      import { progress } from './cli-progress.js';
      export async function install(pkgs) {
        const span = progress.startSpan('install');
        await download(pkgs);
        span.end();
      }
    `;
    expect(linter.verify(source, config, { filename: 'install.ts' })).toEqual([]);
  });

  it('does not crash on syntax variety: decorators, JSX, using, generators, class fields, optional chaining', () => {
    const source = code`
      import { trace, type Span } from '@opentelemetry/api';
      const tracer = trace.getTracer('ui');
      function logged(target: unknown, context: ClassMethodDecoratorContext) {
        return target;
      }
      export class Widget {
        static #count = 0;
        #span?: Span = tracer.startSpan('widget.field');
        label = this.#span?.spanContext().spanId ?? 'none';
        static {
          const span = tracer.startSpan('widget.static');
          try {
            Widget.#count++;
          } finally {
            span.end();
          }
        }
        @logged
        render(props: { items?: string[] }) {
          const span = tracer.startSpan('widget.render');
          try {
            return <ul>{props.items?.map((item) => <li key={item}>{item}</li>)}</ul>;
          } finally {
            span?.end?.();
          }
        }
        async *stream(source: AsyncIterable<string>) {
          await using handle = await open();
          using lock = acquire();
          const span = tracer.startSpan('widget.stream');
          try {
            for await (const chunk of source) yield chunk;
          } finally {
            span.end();
          }
        }
        get size() {
          return tracer.startActiveSpan('widget.size', (span) => {
            label: for (const x of [1, 2]) {
              if (x > 1) break label;
            }
            span.end();
            return 1;
          });
        }
      }
      const leaked = (): void => void tracer.startSpan('widget.leak');
    `;
    const messages = linter.verify(source, config, { filename: 'widget.tsx' });
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.map((m) => [m.line, m.messageId])).toEqual([[47, 'neverEnded']]);
  });
});

// `context.with(ctx, fn, thisArg)`: the callback is the second argument, whatever follows it (a plugin's hook wrapper).
ruleTester.run('end-span-in-finally (context.with with a this argument)', rule, {
  valid: [
    {
      name: 'the callback run with `this` ends the span in its finally',
      filename: 'hooks.js',
      languageOptions: commonjs,
      code: code`
        const { trace, context, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('hooks');
        function wrapHook(hookName, handler, ctx) {
          return function (...args) {
            const span = tracer.startSpan(hookName, {}, ctx);
            return context.with(trace.setSpan(ctx, span), function () {
              try {
                return handler.call(this, ...args);
              } catch (error) {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                throw error;
              } finally {
                span.end();
              }
            }, this);
          };
        }
        module.exports = { wrapHook };
      `,
    },
  ],
  invalid: [
    {
      name: 'the callback run with `this` ends the span in the try tail and in the catch',
      filename: 'hooks.js',
      languageOptions: commonjs,
      code: code`
        const { trace, context, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('hooks');
        function wrapHook(hookName, handler, ctx) {
          return function (...args) {
            const span = tracer.startSpan(hookName, {}, ctx);
            return context.with(trace.setSpan(ctx, span), function () {
              try {
                const res = handler.call(this, ...args);
                if (typeof res?.then === 'function') {
                  return res.then(
                    (result) => { span.end(); return result; },
                    (error) => { span.recordException(error); span.end(); return Promise.reject(error); },
                  );
                }
                span.end();
                return res;
              } catch (error) {
                span.recordException(error);
                span.setStatus({ code: SpanStatusCode.ERROR });
                span.end();
                throw error;
              }
            }, this);
          };
        }
        module.exports = { wrapHook };
      `,
      errors: [{ messageId: 'endedInTryAndCatch', line: 5 }],
    },
  ],
});

ruleTester.run('end-span-in-finally (an end after a try that always returns)', rule, {
  valid: [
    {
      name: 'the try block returns the promise chain; the end after the if belongs to the cache-hit path',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function getUser(id: string, hit: User | undefined): User | Promise<User> {
          const span = tracer.startSpan('getUser');
          if (!hit) {
            try {
              return db.load(id).then(
                (user) => { span.end(); return user; },
                (error) => { span.recordException(error); span.setStatus({ code: SpanStatusCode.ERROR }); span.end(); throw error; },
              );
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw error;
            }
          }
          span.setAttribute('cache.hit', true);
          span.end();
          return hit;
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'the same with a call that can throw before the try: that leak is what is reported',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function getUser(id: string): User | Promise<User> {
          const span = tracer.startSpan('getUser');
          const hit = cache.get(id);
          if (!hit) {
            try {
              return db.load(id).then(
                (user) => { span.end(); return user; },
                (error) => { span.recordException(error); span.setStatus({ code: SpanStatusCode.ERROR }); span.end(); throw error; },
              );
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              span.end();
              throw error;
            }
          }
          span.end();
          return hit;
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
  ],
});

ruleTester.run("end-span-in-finally (a class's own helper methods)", rule, {
  valid: [
    {
      name: "the class's own method reads a file extension with pure string methods (lastIndexOf included) and a switch",
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('indexer');
        export class Parser {
          parseSource(filePath: string, content: string) {
            const span = tracer.startSpan('parse');
            const language = this.detectLanguage(filePath);
            span.setAttribute('language', language);
            const lines = content.split(/\\r?\\n/);
            try {
              return this.parse(language, lines);
            } finally {
              span.end();
            }
          }
          detectLanguage(filePath: string): string {
            const ext = filePath.toLowerCase().slice(filePath.lastIndexOf('.'));
            switch (ext) {
              case '.ts':
                return 'typescript';
              default:
                return 'unknown';
            }
          }
          parse(language: string, lines: string[]) {
            return context.active() && { language, lines };
          }
        }
      `,
    },
    {
      name: "a marker span whose only call is the class's own attribute method, which cannot throw",
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('rum');
        export class WebVitals {
          report(name: string, value: number, startTime: number) {
            const span = tracer.startSpan('webvitals', { startTime });
            this.setAttributes(span, name, value);
            span.end(startTime);
          }
          private setAttributes(span: Span, name: string, value: number) {
            if (Number.isFinite(value)) span.setAttribute(name, value);
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: "the class's own method that can throw",
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('rum');
        export class WebVitals {
          report(raw: string, startTime: number) {
            const span = tracer.startSpan('webvitals', { startTime });
            this.setParsed(span, raw);
            span.end(startTime);
          }
          private setParsed(span: Span, raw: string) {
            span.setAttribute('vital', JSON.parse(raw));
          }
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
  ],
});

ruleTester.run('end-span-in-finally (the OpenTelemetry API packages, under any name)', rule, {
  valid: [
    {
      name: 'the logs API cannot throw, like the tracing API',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { logs } from '@opentelemetry/api-logs';
        import * as web from '@opentelemetry/sdk-trace-web';
        const tracer = trace.getTracer('logs');
        export function emitWithSpan(body: string) {
          const span = tracer.startSpan('emit');
          const logger = logs.getLogger('app');
          logs.getLoggerProvider();
          logger.emit({ body });
          span.end();
        }
      `,
    },
  ],
  invalid: [
    {
      name: "the API's context under another name still runs its callback, which can throw",
      code: code`
        import { context as otelContext, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function runJob(job: Job) {
          const span = tracer.startSpan('job.run');
          otelContext.with(trace.setSpan(otelContext.active(), span), () => {
            job.run();
          });
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 5 throws' } }],
    },
    {
      name: "an SDK package's helper reads as any import: it can throw",
      code: code`
        import { trace } from '@opentelemetry/api';
        import * as web from '@opentelemetry/sdk-trace-web';
        const tracer = trace.getTracer('logs');
        export function preflight(entry: PerformanceResourceTiming) {
          const span = tracer.startSpan('CORS Preflight');
          web.addSpanNetworkEvents(span, entry);
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the call on line 6 throws' } }],
    },
  ],
});
