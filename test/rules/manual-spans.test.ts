/**
 * Spans another API hands out to be ended by hand (src/otel/tracer-evidence.ts `manualSpanCreation`): a library's
 * or a project's `startSpan` that is not an OpenTelemetry tracer's method (`observability.startSpan(...)`, an
 * imported `startSpan(name)`, a wrapper's `tracer.startSpan({ name })`), kept in a variable the code ends, and a project's
 * own `startActiveSpan(name, (span) => { ...; span.end(); })` helper whose callback ends the span it is handed. Shapes
 * from a held-out labelled set (VoltAgent, livekit agents, Elysia's example, Logfire's examples); the look-alikes are
 * Elastic APM's and Sentry's spans and Sentry's and Logfire's callback forms. Another library's span ended by hand in a
 * file that imports a tracing module (a Workers tracing library's own Span class), or used through a method only spans
 * have, is judged too (SpanCreation.foreign), without suggestions that write OpenTelemetry calls on it; so is an
 * OpenTracing span (a Jaeger client, dd-trace), with `finish()` as its end.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import endSpanInFinally from '../../rules/end-span-in-finally.js';
import noSpanUseAfterEnd from '../../rules/no-span-use-after-end.js';
import recordSpanErrors from '../../rules/record-span-errors.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

const source = {
  libraryObject: code`
    import { SpanKind } from '@opentelemetry/api';
    import { observability } from './observability';
    export async function runWorkflow(agent: { generateText(prompt: string): Promise<string> }) {
      const rootSpan = observability.startSpan('parent-operation', { kind: SpanKind.INTERNAL });
      const text = await agent.generateText('hello');
      rootSpan.end();
      return text;
    }
  `,
  wrapperWithOptionsObject: code`
    import { ROOT_CONTEXT } from '@opentelemetry/api';
    import { tracer } from '../telemetry/index.js';
    export class AgentActivity {
      async start(spanName: string) {
        const startSpan = tracer.startSpan({ name: spanName, context: ROOT_CONTEXT });
        await this.setupToolsets();
        startSpan.end();
      }
      private async setupToolsets(): Promise<void> {
        await this.toolsets.connectAll();
      }
    }
  `,
  importedHelper: code`
    import * as otel from '@opentelemetry/api';
    import { startSpan } from '../src';
    export async function isSignedIn(sleep: (ms: number) => Promise<void>) {
      const span = startSpan('auth.check');
      await sleep(50);
      span.end();
      return otel.trace.getActiveSpan() !== undefined;
    }
  `,
  endedInFinally: code`
    import { SpanStatusCode } from '@opentelemetry/api';
    import { observability } from './observability';
    export async function runWorkflow(agent: { generateText(prompt: string): Promise<string> }) {
      const span = observability.startSpan('workflow');
      try {
        return await agent.generateText('hello');
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    }
  `,
  elasticApm: code`
    const apm = require('elastic-apm-node');
    const { runQuery } = require('./db');
    exports.load = function load(id) {
      const span = apm.startSpan('db.load');
      const row = runQuery(id);
      span.end();
      return row;
    };
  `,
  sentryBoundHelper: code`
    import type { Span } from '@sentry/core';
    import { startInactiveSpan } from '@sentry/core';
    const startSpan = (name: string): Span => startInactiveSpan({ name });
    export function handle(name: string, next: () => void) {
      const span = startSpan(name);
      try {
        next();
      } catch (error) {
        span.setStatus({ code: 2 });
        throw error;
      } finally {
        span.end();
      }
    }
  `,
  sentryCallback: code`
    import { trace } from '@opentelemetry/api';
    import { startSpan } from '@sentry/node';
    export async function run(work: () => Promise<void>) {
      trace.getActiveSpan();
      return startSpan({ name: 'run' }, async () => {
        await work();
      });
    }
  `,
  elasticWithOtel: code`
    import { trace } from '@opentelemetry/api';
    import apm from 'elastic-apm-node';
    export function load(id: string, runQuery: (id: string) => unknown) {
      const span = apm.startSpan('db.load', 'db', 'postgres', 'query');
      try {
        return runQuery(id);
      } catch (error) {
        trace.getActiveSpan()?.addEvent('failed');
        throw error;
      } finally {
        span?.end();
      }
    }
  `,
  braintrust: code`
    import { initLogger } from 'braintrust';
    const tracing = initLogger({ projectName: 'answers' });
    export async function answer(question: string, ask: (q: string) => Promise<string>) {
      const span = tracing.startSpan({ name: 'answer' });
      span.setAttributes({ question });
      const reply = await ask(question);
      span.end();
      return reply;
    }
  `,
  // A Workers tracing library with a Span class of its own (no OpenTelemetry package): ended by hand, so judged.
  ownSpanClass: code`
    import { Trace } from 'workers-tracing';
    export async function handleRequest(req: Request, env: { KV: { put(k: string, v: string): Promise<void> } }, trace: Trace) {
      const span = trace.startSpan('handleRequest', { attributes: { path: new URL(req.url).pathname } });
      await env.KV.put('abc', 'def');
      span.end();
      return new Response('ok');
    }
  `,
  ownSpanClassLogsError: code`
    const { createTrace } = require('workers-tracing');
    exports.fetch = async function fetchHandler(req, env, ctx) {
      const trace = createTrace(req, env, ctx);
      const span = trace.startSpan('kv.put');
      try {
        await env.KV.put('abc', 'def');
      } catch (error) {
        span.log({ event: 'error', message: error.message });
        throw error;
      } finally {
        span.end();
      }
    };
  `,
  ownSpanClassAttributesOnly: code`
    import { Trace } from 'workers-tracing';
    export async function store(trace: Trace, put: () => Promise<void>) {
      const span = trace.startSpan('kv.put');
      try {
        await put();
      } catch (error) {
        span.setAttributes({ 'kv.error': (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    }
  `,
  // Loaded at run time (no import to read), but `spanContext()` is a method only spans have.
  dynamicallyLoadedSdk: code`
    const { startSpan, flush } = await import(process.env.SDK_ENTRY ?? './sdk.js');
    const span = startSpan('pending', { 'run.id': 'r1' });
    console.log(span.spanContext().traceId);
    await flush();
    span.end();
  `,
  // OpenTracing (a Jaeger client behind a project module): spans end with finish().
  openTracingTryAndCatch: code`
    import * as tracer from '../utils/tracer';
    import * as log from '../utils/logger';
    export async function fetchAll(req, users) {
      const span = tracer.startSpan('users.fetchAll', req.headers);
      span.setTag('http.route', '/users');
      try {
        const data = await users.getAll();
        span.finish();
        return data;
      } catch (err) {
        log.error(err);
        span.finish();
        throw err;
      }
    }
  `,
  openTracingNoTry: code`
    const opentracing = require('opentracing');
    exports.queryResource = async function queryResource(collection, id, ctx) {
      const span = opentracing.globalTracer().startSpan('mongodb.findOne', { childOf: ctx });
      const resource = await collection.findOne({ _id: id });
      span.finish();
      return resource;
    };
  `,
  openTracingFinally: code`
    const { Tags } = require('opentracing');
    const tracer = require('dd-trace').init();
    function addError(span, error) {
      span.setTag(Tags.ERROR, true);
      span.setTag('error.stack', error.stack);
    }
    exports.handle = async function handle(req, parent, next) {
      const span = tracer.startSpan('web.request', { childOf: parent });
      try {
        return await next(req);
      } catch (err) {
        const { message, stack } = err;
        span.log({ event: 'error', message, stack });
        addError(span, err);
        throw err;
      } finally {
        span.finish();
      }
    };
  `,
  // OpenTracing without an import to read: the tracer is made here (`new stalk.Tracer()`), or is the context's.
  openTracingLocalTracer: code`
    const { opentracing, stalk } = require('../../');
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const stalkTracer = new stalk.Tracer();
    opentracing.initGlobalTracer(stalkTracer);
    async function fakeDbRequest(parentSpan) {
      const span = stalkTracer.startSpan('fakeDbRequest', { childOf: parentSpan });
      span.setTag('db.statement', 'SELECT 1');
      await sleep(500);
      span.finish();
    }
    module.exports = { fakeDbRequest };
  `,
  openTracingContextTracer: code`
    const assert = require('assert');
    const sleep = require('mz-modules/sleep');
    it('starts a span from an existing span', async () => {
      const span1 = ctx.tracer.startSpan('test1');
      const span2 = ctx.tracer.startSpan('test2', { childOf: span1 });
      await sleep(1);
      span2.finish();
      span1.finish();
      assert(span1.traceId === span2.traceId);
    });
  `,
  // A same-file function that only starts and finishes OpenTracing spans cannot throw (like the API's own calls).
  openTracingNested: code`
    const opentracing = require('opentracing');
    exports.nested = function nested(tracer, levels) {
      function makeNested(depth, parent) {
        if (depth === 0) return;
        const span = tracer.startSpan('test', { childOf: parent });
        makeNested(depth - 1, span);
        span.finish();
      }
      makeNested(levels, opentracing.globalTracer().startSpan('root'));
    };
  `,
  // OpenTracing's error tag and error log, written directly and through a same-file helper.
  openTracingErrorTags: code`
    const { globalTracer, Tags } = require('opentracing');
    const tracer = globalTracer();
    function markError(span, err) {
      span.setTag(Tags.ERROR, true);
      span.log({ event: 'error', 'error.object': err });
    }
    exports.direct = async function direct(parent, work) {
      const span = tracer.startSpan('direct', { childOf: parent });
      try {
        return await work();
      } catch (e) {
        span.setTag('error', true);
        span.log({ event: 'error' });
        throw e;
      } finally {
        span.finish();
      }
    };
    exports.tags = async function tags(parent, work) {
      const span = tracer.startSpan('tags', { childOf: parent });
      try {
        return await work();
      } catch (e) {
        span.addTags({ error: true, 'error.message': e.message });
        throw e;
      } finally {
        span.finish();
      }
    };
    exports.helper = async function helper(parent, work) {
      const span = tracer.startSpan('helper', { childOf: parent });
      try {
        return await work();
      } catch (e) {
        markError(span, e);
        throw e;
      } finally {
        span.finish();
      }
    };
  `,
  openTracingErrorTagOnly: code`
    const { globalTracer, Tags } = require('opentracing');
    const tracer = globalTracer();
    exports.tagOnly = async function tagOnly(parent, work) {
      const span = tracer.startSpan('tagOnly', { childOf: parent });
      try {
        return await work();
      } catch (e) {
        span.setTag(Tags.ERROR, true);
        throw e;
      } finally {
        span.finish();
      }
    };
    exports.otherTag = async function otherTag(parent, work) {
      const span = tracer.startSpan('otherTag', { childOf: parent });
      try {
        return await work();
      } catch (e) {
        span.setTag('http.status_code', e.statusCode || 500);
        throw e;
      } finally {
        span.finish();
      }
    };
  `,
  // Both APIs in one file: the span this code finishes is OpenTracing's, not a never-ended OpenTelemetry one.
  mixedApis: code`
    import { context } from '@opentelemetry/api';
    import { globalTracer } from 'opentracing';
    const tracer = globalTracer();
    export async function load(work: () => Promise<unknown>) {
      const span = tracer.startSpan('load');
      const result = await context.with(context.active(), work);
      span.finish();
      return result;
    }
  `,
  // A library's own Span keeps what is added after end(): not judged by no-span-use-after-end.
  ownSpanClassAfterEnd: code`
    import { createTrace } from 'workers-tracing';
    export async function handler(req: Request, env: { KV: { put(k: string, v: string): Promise<void> } }, ctx: ExecutionContext) {
      const trace = createTrace(req, env, ctx);
      const span = trace.startSpan('kv');
      try {
        await env.KV.put('a', 'b');
      } finally {
        span.end();
      }
      span.addEvent({ name: 'after', timestamp: Date.now() });
      return trace.send(new Response('ok'));
    }
  `,
  // dd-trace's scope().activate(span, fn) runs fn at once; a tracer that may hand out no span is guarded first.
  ddTraceDecorator: code`
    import tracer from './tracer';
    export function traced(target: (...args: unknown[]) => unknown, spanName: string) {
      return function (this: unknown, ...args: unknown[]) {
        const span = tracer.startSpan(spanName, { tags: { component: 'app' } });
        if (!span) {
          return target.call(this, ...args);
        }
        return tracer.scope().activate(span, () => {
          const output = target.call(this, ...args) as Promise<unknown> | undefined;
          if (output && typeof output.then === 'function') {
            output.finally(() => span.finish());
          } else {
            span.finish();
          }
          return output;
        });
      };
    }
  `,
  ddTraceDecoratorFinally: code`
    import tracer from './tracer';
    export function traced(target: (...args: unknown[]) => unknown, spanName: string) {
      return function (this: unknown, ...args: unknown[]) {
        const span = tracer.startSpan(spanName, { tags: { component: 'app' } });
        if (!span) {
          return target.call(this, ...args);
        }
        return tracer.scope().activate(span, () => {
          try {
            return target.call(this, ...args);
          } finally {
            span.finish();
          }
        });
      };
    }
  `,
  // A finish() of some other object, in a file with no tracing import: nothing known about it.
  finishWithoutTracing: code`
    export async function upload(session, part) {
      const span = session.startSpan('part');
      await part.send();
      span.finish();
    }
  `,
  // No tracing evidence at all (no tracing module, no span methods): a session's startSpan could be anything.
  noTracingEvidence: code`
    import { openSession } from './session';
    export async function load(id: string, fetchRow: (id: string) => Promise<unknown>) {
      const session = openSession();
      const span = session.startSpan('load');
      const row = await fetchRow(id);
      span.end();
      return row;
    }
  `,
  noArguments: code`
    import { trace } from '@opentelemetry/api';
    import { observability } from './observability';
    export function mark() {
      const span = observability.startSpan();
      span.end();
      return trace.getActiveSpan();
    }
  `,
  // Pydantic Logfire builds on OpenTelemetry: its startSpan hands out an OpenTelemetry span the caller ends.
  logfireScript: code`
    import * as logfire from '@pydantic/logfire-node';
    export async function nightlyReport(build: () => Promise<string>) {
      const reportSpan = logfire.startSpan('nightly report', { kind: 'batch' });
      const report = await build();
      reportSpan.end();
      return report;
    }
  `,
  logfireRequired: code`
    const logfire = require('logfire');
    exports.sync = async function sync(pull) {
      const span = logfire.startSpan('sync');
      try {
        return await pull();
      } finally {
        span.end();
      }
    };
  `,
  logfireCallback: code`
    import * as logfire from '@pydantic/logfire-node';
    export async function nightly(build: () => Promise<string>) {
      return logfire.span('nightly', {}, {}, async () => build());
    }
  `,
  // A project's own startActiveSpan(name, callback) (garden's): the callback ends the span it is handed.
  projectActiveSpan: code`
    import type { Span } from '@opentelemetry/api';
    import { startActiveSpan } from './spans.js';
    export function wrapActiveSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
      return startActiveSpan(name, async (span) => {
        try {
          return await fn(span);
        } finally {
          span.end();
        }
      });
    }
  `,
  projectActiveSpanRecorded: code`
    import { SpanStatusCode, type Span } from '@opentelemetry/api';
    import { startActiveSpan } from './spans.js';
    export function wrapActiveSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
      return startActiveSpan(name, async (span) => {
        try {
          return await fn(span);
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
  projectActiveSpanEndedAtTail: code`
    const { trace } = require('@opentelemetry/api');
    const { startActiveSpan } = require('./tracing');
    exports.sync = (pull) =>
      startActiveSpan('sync', async (span) => {
        const rows = await pull();
        span.end();
        return rows.length + (trace.getActiveSpan() ? 0 : 1);
      });
  `,
  // A helper that ends its spans itself: the callback never calls end(), so nothing is asked of it.
  autoEndingProjectHelper: code`
    import type { Span } from '@opentelemetry/api';
    import { startActiveSpan } from './spans.js';
    export function load(id: string, fetchRow: (id: string) => Promise<unknown>) {
      return startActiveSpan('load', async (span: Span) => {
        span.setAttribute('id', id);
        return fetchRow(id);
      });
    }
  `,
  neverEnded: code`
    import { SpanKind } from '@opentelemetry/api';
    import { observability } from './observability';
    export function open(kind: SpanKind) {
      const span = observability.startSpan('session', { kind });
      span.setAttribute('session.kind', kind);
      return 42;
    }
  `,
};

ruleTester.run('end-span-in-finally: spans ended by hand that no OpenTelemetry tracer made', endSpanInFinally, {
  valid: [
    { name: 'ended in finally', code: source.endedInFinally },
    { name: "Elastic APM's span in a file without the OpenTelemetry API is another library's", code: source.elasticApm, languageOptions: commonjs },
    { name: "Sentry's span through a bound helper (a file that imports @sentry/*)", code: source.sentryBoundHelper },
    { name: "Sentry's startSpan({ name }, callback) ends its own span", code: source.sentryCallback },
    { name: 'a span this code never ends is not known to need it (it may be ended by whoever made it)', code: source.neverEnded },
    { name: "Elastic APM's startSpan(name, type, subtype) in a file that also uses the OpenTelemetry API", code: source.elasticWithOtel },
    { name: "Braintrust's logger.startSpan({ name }) with setAttributes, no OpenTelemetry import", code: source.braintrust },
    { name: 'a startSpan() without arguments, ended at once', code: source.noArguments },
    { name: "another library's span ended in finally", code: source.ownSpanClassLogsError, languageOptions: commonjs },
    { name: 'a span ended by hand in a file with no tracing evidence is not known to be a span', code: source.noTracingEvidence },
    { name: 'an OpenTracing span finished in finally (dd-trace, CommonJS)', code: source.openTracingFinally, languageOptions: commonjs },
    { name: 'finish() on a value from a file that imports no tracing module', code: source.finishWithoutTracing },
    { name: 'a same-file function that only starts and finishes OpenTracing spans cannot throw', code: source.openTracingNested, languageOptions: commonjs },
    { name: 'OpenTracing spans finished in finally', code: source.openTracingErrorTags, languageOptions: commonjs },
    {
      name: "dd-trace's scope().activate(span, fn) with the span finished in fn's finally; the branch with no span has nothing to end",
      code: source.ddTraceDecoratorFinally,
    },
    { name: "Logfire's span ended in finally (CommonJS)", code: source.logfireRequired, languageOptions: commonjs },
    { name: "Logfire's span(name, …, callback) ends its own span", code: source.logfireCallback },
    { name: "a project's startActiveSpan(name, callback) whose callback ends the span in finally", code: source.projectActiveSpan },
    { name: "a project's startActiveSpan helper that ends its spans itself (the callback never calls end())", code: source.autoEndingProjectHelper },
  ],
  invalid: [
    {
      name: "a project's startActiveSpan(name, callback) whose callback ends the span at its tail (CommonJS)",
      code: source.projectActiveSpanEndedAtTail,
      languageOptions: commonjs,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startActiveSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: 'a library object hands out the span (observability.startSpan)',
      code: source.libraryObject,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'rootSpan', method: 'startSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: "a project tracer's own startSpan({ name }) signature",
      code: source.wrapperWithOptionsObject,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'startSpan', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: 'an imported startSpan helper',
      code: source.importedHelper,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the await on line 5 rejects' } }],
    },
    {
      name: "Logfire's startSpan in a file with no @opentelemetry import",
      code: source.logfireScript,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'reportSpan', method: 'startSpan', where: 'if the await on line 4 rejects' } }],
    },
    {
      name: 'a span from a module loaded at run time, used through spanContext(), ended at the module tail',
      code: source.dynamicallyLoadedSdk,
      errors: [{ messageId: 'notEndedOnSomePath', line: 2, data: { name: 'span', method: 'startSpan', where: 'if the await on line 4 rejects' } }],
    },
    {
      name: 'an OpenTracing span finished in the try tail and again in the catch (a Jaeger client behind a project module)',
      code: source.openTracingTryAndCatch,
      errors: [
        {
          messageId: 'endedInTryAndCatch',
          line: 4,
          data: { name: 'span', method: 'startSpan', advice: 'End it once, in finally, so that no path can skip or repeat it.' },
          suggestions: [
            {
              messageId: 'endInFinally',
              data: { name: 'span', method: 'startSpan', advice: 'End it once, in finally, so that no path can skip or repeat it.' },
              output: code`
                import * as tracer from '../utils/tracer';
                import * as log from '../utils/logger';
                export async function fetchAll(req, users) {
                  const span = tracer.startSpan('users.fetchAll', req.headers);
                  span.setTag('http.route', '/users');
                  try {
                    const data = await users.getAll();
                    return data;
                  } catch (err) {
                    log.error(err);
                    throw err;
                  } finally {
                    span.finish();
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an OpenTracing span (startSpan(name, { childOf })) finished after an await, no try (CommonJS)',
      code: source.openTracingNoTry,
      languageOptions: commonjs,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'span', method: 'startSpan', where: 'if the await on line 4 rejects' } }],
    },
    {
      name: "dd-trace's scope().activate(span, fn) runs fn at once: a synchronous throw of the traced method leaves the span open",
      code: source.ddTraceDecorator,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span', method: 'startSpan', where: 'if the call on line 9 throws' } }],
    },
    {
      name: 'a file that imports both APIs: the span finished after an await is an OpenTracing span left open on rejection',
      code: source.mixedApis,
      errors: [{ messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span', method: 'startSpan', where: 'if the await on line 6 rejects' } }],
    },
    {
      name: 'an OpenTracing span of a tracer made in the file (new stalk.Tracer()), no tracing import to read',
      code: source.openTracingLocalTracer,
      languageOptions: commonjs,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6, data: { name: 'span', method: 'startSpan', where: 'if the await on line 8 rejects' } }],
    },
    {
      name: "OpenTracing spans of the context's tracer (ctx.tracer.startSpan … finish()) in a test",
      code: source.openTracingContextTracer,
      languageOptions: commonjs,
      errors: [
        { messageId: 'notEndedOnSomePath', line: 4, data: { name: 'span1', method: 'startSpan', where: 'if the await on line 6 rejects' } },
        { messageId: 'notEndedOnSomePath', line: 5, data: { name: 'span2', method: 'startSpan', where: 'if the await on line 6 rejects' } },
      ],
    },
    {
      name: "another library's span class (a Workers tracing library), ended by hand after an await",
      code: source.ownSpanClass,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3, data: { name: 'span', method: 'startSpan', where: 'if the await on line 4 rejects' } }],
    },
  ],
});

ruleTester.run('record-span-errors: spans ended by hand that no OpenTelemetry tracer made', recordSpanErrors, {
  valid: [
    { name: 'recorded in the catch', code: source.endedInFinally },
    { name: "Elastic APM's span", code: source.elasticApm, languageOptions: commonjs },
    { name: "Sentry's span has no recordException to ask for", code: source.sentryBoundHelper },
    { name: "another library's span: a method of its own given the error reports it", code: source.ownSpanClassLogsError, languageOptions: commonjs },
    { name: 'a span in a file with no tracing evidence', code: source.noTracingEvidence },
    {
      name: "OpenTracing's error tag and error log (setTag + log({ event: 'error' }), addTags with error fields, a same-file helper doing both)",
      code: source.openTracingErrorTags,
      languageOptions: commonjs,
    },
    {
      name: "an OpenTracing span: span.log() of the error's parts and a same-file helper given the span and the error",
      code: source.openTracingFinally,
      languageOptions: commonjs,
    },
    { name: "a project's startActiveSpan helper: the callback records and rethrows", code: source.projectActiveSpanRecorded },
    { name: "a project's startActiveSpan helper that ends its spans itself is its own", code: source.autoEndingProjectHelper },
  ],
  invalid: [
    {
      name: "a project's startActiveSpan(name, callback): a try/finally without catch records nothing",
      code: source.projectActiveSpan,
      errors: [
        {
          messageId: 'missingCatch',
          line: 5,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: code`
                import type { Span } from '@opentelemetry/api';
                import { startActiveSpan } from './spans.js';
                export function wrapActiveSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
                  return startActiveSpan(name, async (span) => {
                    try {
                      return await fn(span);
                    } catch (error) {
                      span.recordException(error as Error);
                      span.setStatus({ code: 2 /* SpanStatusCode.ERROR */ });
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
      name: 'a library object hands out the span: the rejected await is recorded nowhere',
      code: source.libraryObject,
      errors: [{ messageId: 'errorEscapes', line: 5, data: { span: 'rootSpan', line: '4', what: 'the await', at: '5' } }],
    },
    {
      name: 'an imported startSpan helper: the rejected await is recorded nowhere',
      code: source.importedHelper,
      errors: [{ messageId: 'errorEscapes', line: 5 }],
    },
    {
      name: "Logfire's span: the rejected await is recorded nowhere",
      code: source.logfireScript,
      errors: [{ messageId: 'errorEscapes', line: 4 }],
    },
    {
      name: "another library's span: the rejected await is recorded nowhere (no suggestion writes OpenTelemetry calls on it)",
      code: source.ownSpanClass,
      errors: [{ messageId: 'foreignErrorEscapes', line: 4, data: { span: 'span', line: '3', what: 'the await', at: '4' }, suggestions: [] }],
    },
    {
      name: 'an OpenTracing span: the rejected await is recorded nowhere (CommonJS)',
      code: source.openTracingNoTry,
      languageOptions: commonjs,
      errors: [{ messageId: 'foreignErrorEscapes', line: 4, data: { span: 'span', line: '3', what: 'the await', at: '4' }, suggestions: [] }],
    },
    {
      name: "OpenTracing's error tag alone is half a record; another tag that holds the error's status code is none",
      code: source.openTracingErrorTagOnly,
      languageOptions: commonjs,
      errors: [
        { messageId: 'foreignErrorHalfRecorded', line: 7, data: { span: 'span', line: '4' }, suggestions: [] },
        { messageId: 'foreignErrorNotRecorded', line: 18, data: { span: 'span', line: '15' }, suggestions: [] },
      ],
    },
    {
      name: "another library's span: an attribute that holds the message is not a record of the error",
      code: source.ownSpanClassAttributesOnly,
      errors: [{ messageId: 'foreignErrorNotRecorded', line: 6, data: { span: 'span', line: '3' }, suggestions: [] }],
    },
  ],
});

ruleTester.run('no-span-use-after-end: spans of other tracing APIs are not judged', noSpanUseAfterEnd, {
  valid: [
    { name: "a library's own Span that keeps an event added after end()", code: source.ownSpanClassAfterEnd },
    { name: 'an OpenTracing span finished, then tagged', code: source.openTracingNoTry, languageOptions: commonjs },
  ],
  invalid: [],
});
