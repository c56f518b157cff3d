/**
 * Cases distilled from an audit of the three rules on real code (OpenTelemetry instrumentation libraries, the
 * OpenTelemetry demo and examples, Sentry's and Traceloop's OTel layers, NestJS/Express/SvelteKit/MCP services).
 * Each case is a minimal rewrite of a pattern met there, not a copy of it; the comment names where it was seen.
 *
 * `valid`: patterns the rules reported but must not (false alarms), plus look-alikes they correctly ignore.
 * `invalid`: real bugs the rules found, kept so a fix for a false alarm cannot silence them.
 * Some valid cases fail until the rules learn the pattern: they say what must change.
 */
import { RuleTester, type TestLanguageOptions } from '@typescript-eslint/rule-tester';
import endSpanInFinally from '../../rules/end-span-in-finally.js';
import noSensitiveBaggage from '../../rules/no-sensitive-baggage.js';
import recordSpanErrors from '../../rules/record-span-errors.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
/** ESLint's flat-config `languageOptions.sourceType`, which typescript-eslint's test-case types do not declare. */
const commonjs = { sourceType: 'commonjs' } as TestLanguageOptions;
/**
 * The rule tester accepts a suggestion count at run time (its types list only full outputs). Suggestion text is
 * checked by each rule's own tests; here it is enough that one is offered.
 */
const oneSuggestion = 1 as unknown as readonly [];

ruleTester.run('end-span-in-finally on real-code patterns', endSpanInFinally, {
  valid: [
    {
      // opentelemetry-js examples/basic-tracer-node: Span methods return the span, so a chained end() ends it.
      name: 'false alarm: end() chained after addEvent()',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('batch');
        function runStep(parent) {
          const span = tracer.startSpan('step', { parent });
          span.setAttribute('step.kind', 'batch');
          span.addEvent('step done').end();
        }
        module.exports = { runStep };
      `,
    },
    {
      name: 'false alarm: end() chained after setStatus()',
      code: code`
        import { SpanStatusCode, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function markSkipped(reason: string): void {
          const span = tracer.startSpan('job.skipped');
          span.setStatus({ code: SpanStatusCode.UNSET, message: reason }).end();
        }
      `,
    },
    {
      // Express debug middleware: between start and end only OpenTelemetry API calls, which never throw by spec.
      name: 'false alarm: only OpenTelemetry API reads between startSpan and end()',
      code: code`
        import { context, propagation, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('debug');
        export function describeBaggage(): void {
          const span = tracer.startSpan('baggage.describe');
          const bag = propagation.getBaggage(context.active());
          span.setAttribute('baggage.present', bag !== undefined);
          span.setAttribute('baggage.tenant', bag?.getEntry('tenant')?.value ?? '');
          span.end();
        }
      `,
    },
    {
      // Mastra's withSpan decorator: the forEach callback catches everything it could throw.
      name: 'false alarm: forEach whose callback is a try/catch that only touches the span',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        function traced(name, fn) {
          return function (...args) {
            const span = api.trace.getTracer('app').startSpan(name);
            args.forEach((arg, i) => {
              try {
                span.setAttribute('arg.' + i, JSON.stringify(arg));
              } catch {
                span.setAttribute('arg.' + i, '[unserializable]');
              }
            });
            try {
              return fn.apply(this, args);
            } catch (error) {
              span.recordException(error);
              span.setStatus({ code: api.SpanStatusCode.ERROR });
              throw error;
            } finally {
              span.end();
            }
          };
        }
        module.exports = { traced };
      `,
    },
    {
      // Browser perf spans: attributes computed by a small pure helper, then end(); no finally is warranted.
      name: 'false alarm: attribute values computed by a same-file pure helper before end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('perf');
        function tierOf(count: number): string {
          return count > 100 ? 'high' : 'low';
        }
        export function recordBudget(count: number): void {
          const span = tracer.startSpan('perf.budget');
          span.setAttributes({ 'perf.count': count, 'perf.tier': tierOf(count) });
          span.end();
        }
      `,
    },
    {
      // MCP gateway: a timestamp and a pure string helper run before the try/finally that ends the span.
      name: 'false alarm: pure same-file string helper before the try of a startActiveSpan callback',
      code: code`
        import { SpanStatusCode, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('gateway');
        function splitName(full: string): { ns: string; name: string } | undefined {
          const at = full.indexOf('/');
          return at < 0 ? undefined : { ns: full.slice(0, at), name: full.slice(at + 1) };
        }
        export function callTool(full: string, run: (ns: string, name: string) => Promise<string>) {
          return tracer.startActiveSpan('tool.call', async (span) => {
            const started = performance.now();
            const parts = splitName(full);
            try {
              if (!parts) throw new Error('unknown tool');
              return await run(parts.ns, parts.name);
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw error;
            } finally {
              span.setAttribute('tool.ms', performance.now() - started);
              span.end();
            }
          });
        }
      `,
    },
    {
      // Sentry's OTel layer: the callback hands end() to a helper that runs it after the work settles.
      name: 'look-alike: end() passed as a callback to an error-handling helper',
      code: code`
        import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
        import { handleCallbackErrors } from './helpers';
        export function startSpan<T>(name: string, callback: (span: Span) => T): T {
          return trace.getTracer('wrapper').startActiveSpan(name, {}, (span) =>
            handleCallbackErrors(
              () => callback(span),
              () => span.setStatus({ code: SpanStatusCode.ERROR }),
              () => span.end(),
            ),
          );
        }
      `,
    },
    {
      // undici instrumentation: the span is stored per request and ended by a later event handler.
      name: 'look-alike: span stored in a WeakMap and ended by another method',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('client');
        const records = new WeakMap<object, { span: Span }>();
        export function onRequestCreated(request: object, method: string): void {
          const span = tracer.startSpan(method);
          records.set(request, { span });
        }
        export function onDone(request: object): void {
          records.get(request)?.span.end();
          records.delete(request);
        }
      `,
    },
    {
      // A span ended on creation, as tests and one-shot markers do.
      name: 'look-alike: startSpan(...).end() on the created span',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function mark(name: string): void {
          trace.getTracer('marks').startSpan(name, {}).end();
        }
      `,
    },
    {
      // @telefrek http client: a project tracer module, no OpenTelemetry import in the file.
      name: 'look-alike: project getTracer() without OpenTelemetry evidence in the file',
      code: code`
        import { getTracer } from './observability/tracing.js';
        import { createOperation } from './operations.js';
        export async function submit(request: unknown): Promise<unknown> {
          const span = getTracer().startSpan('http.client.request');
          const operation = createOperation({ request, span });
          return await operation.done;
        }
      `,
    },
  ],
  invalid: [
    {
      // nestjs-otel's @Span decorator: a synchronous method that throws leaves the span open.
      name: 'decorator ends the span after a synchronous call that can throw',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        export function Traced(name: string) {
          return (_target: object, _key: string, descriptor: PropertyDescriptor) => {
            const method = descriptor.value;
            descriptor.value = function (...args: unknown[]) {
              const span = trace.getTracer('default').startSpan(name);
              if (method.constructor.name === 'AsyncFunction') {
                return method.apply(this, args).finally(() => span.end());
              }
              const result = method.apply(this, args);
              span.end();
              return result;
            };
          };
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 6 }],
    },
    {
      // Traceloop's withEntity: a throw from fn, or a rejection of its promise, never ends the span.
      name: 'startActiveSpan callback ends the span only on success',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function withEntity<T>(name: string, fn: () => T | Promise<T>) {
          return trace.getTracer('sdk').startActiveSpan(name, (span) => {
            const result = fn();
            if (result instanceof Promise) {
              return result.then((value) => {
                span.end();
                return value;
              });
            }
            span.end();
            return result;
          });
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 3 }],
    },
    {
      // NestJS service: a child span ended inside try leaks when the query rejects.
      name: 'child span ended in try, not finally, around an awaited query',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('categories');
        export function findAll(repo: { find(): Promise<string[]> }) {
          return tracer.startActiveSpan('categories.findAll', async (span) => {
            try {
              const query = tracer.startSpan('categories.findAll.query');
              const rows = await repo.find();
              query.end();
              return rows;
            } catch (error) {
              span.setAttribute('error', true);
              throw error;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'notEndedOnSomePath',
          line: 6,
          // The leak is the await on line 7, not a call in the catch clause.
          data: { name: 'query', method: 'startSpan', where: 'if the await on line 7 rejects' },
        },
      ],
    },
    {
      // Express middleware: next() runs the rest of the chain synchronously and can throw.
      name: 'middleware ends its span after next()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export function traceRequests(_req: unknown, _res: unknown, next: () => void): void {
          const span = tracer.startSpan('request');
          next();
          span.end();
        }
      `,
      errors: [{ messageId: 'notEndedOnSomePath', line: 4 }],
    },
  ],
});

ruleTester.run('record-span-errors on real-code patterns', recordSpanErrors, {
  valid: [
    {
      // React Router route instrumentation: the loader returns its error and an imported helper records it.
      name: 'false alarm: try/finally whose body records errors through an imported helper given the span',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        import { markSpanError } from './tracing.js';
        const tracer = trace.getTracer('routes');
        export async function runLoader(load: () => Promise<{ ok: boolean; error?: Error }>) {
          const span = tracer.startSpan('loader');
          try {
            return await context.with(trace.setSpan(context.active(), span), async () => {
              const result = await load();
              if (!result.ok) markSpanError(span, result.error);
              return result;
            });
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      // The OpenTelemetry demo's payment service: both calls in the catch, end in finally.
      name: 'look-alike: catch that records and sets ERROR with a CommonJS require',
      languageOptions: commonjs,
      code: code`
        const { trace, SpanStatusCode } = require('@opentelemetry/api');
        const tracer = trace.getTracer('payment');
        module.exports.charge = async (request, gateway) => {
          const span = tracer.startSpan('charge');
          try {
            return await gateway.charge(request.amount);
          } catch (err) {
            span.recordException(err);
            span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
            throw err;
          } finally {
            span.end();
          }
        };
      `,
    },
  ],
  invalid: [
    {
      // Koa instrumentation: the exception is recorded but the status stays UNSET.
      name: 'catch records the exception without ERROR status',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export function wrapLayer(layer: (ctx: object) => Promise<void>) {
          return async (ctx: object) => {
            const span = tracer.startSpan('middleware');
            try {
              return await layer(ctx);
            } catch (err: any) {
              span.recordException(err);
              throw err;
            } finally {
              span.end();
            }
          };
        }
      `,
      errors: [{ messageId: 'missingErrorStatus', line: 8, suggestions: oneSuggestion }],
    },
    {
      // MCP gateway: the outer catch records on the parent; the upstream child span shows success.
      name: 'child try/finally inside a parent whose catch records only the parent',
      code: code`
        import { SpanStatusCode, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('gateway');
        export function call(run: () => Promise<string>) {
          return tracer.startActiveSpan('call', async (span) => {
            try {
              const upstream = tracer.startSpan('upstream');
              try {
                return await run();
              } finally {
                upstream.end();
              }
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
      errors: [{ messageId: 'missingCatch', line: 7, suggestions: oneSuggestion }],
    },
    {
      // Mastra model wrapper: the catch calls a local closure whose class-method helper sets ERROR; nothing records.
      name: 'catch sets ERROR through a local closure and a method, but never records the exception',
      code: code`
        import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
        export class ObservedModel {
          private readonly tracer = trace.getTracer('models');
          call(execute: () => Promise<string>): Promise<string> {
            return this.tracer.startActiveSpan('model.call', async (span) => {
              const model = this;
              function finish(error?: unknown) {
                if (error !== undefined) model.markError(span);
                span.end();
              }
              try {
                const result = await execute();
                finish();
                return result;
              } catch (error) {
                finish(error);
                throw error;
              }
            });
          }
          private markError(span: Span): void {
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        }
      `,
      errors: [{ messageId: 'missingRecordException', line: 15, suggestions: oneSuggestion }],
    },
    {
      // SvelteKit server hooks: redirects are handled, every other error is rethrown unrecorded.
      name: 'catch that only handles one error type before rethrowing',
      code: code`
        import { trace } from '@opentelemetry/api';
        const isRedirect = (e: unknown): e is { location: string } => typeof e === 'object' && e !== null && 'location' in e;
        export function traceResponse(build: () => Promise<Response>) {
          return trace.getTracer('server').startActiveSpan('response', async (span) => {
            try {
              return await build();
            } catch (error) {
              if (isRedirect(error)) span.setAttribute('http.redirect_location', error.location);
              throw error;
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'missingRecordAndStatus', line: 7, suggestions: oneSuggestion }],
    },
  ],
});

ruleTester.run('no-sensitive-baggage on real-code patterns', noSensitiveBaggage, {
  valid: [
    {
      // SvelteKit server: the root traceparent carried in baggage is not a credential.
      name: 'look-alike: traceparent copied into baggage under a constant key',
      code: code`
        import { context, propagation, trace } from '@opentelemetry/api';
        const ROOT_TRACE_PARENT_KEY = 'traceparent';
        export function withRootTraceparent(traceparent: string) {
          const bag = propagation.createBaggage({ [ROOT_TRACE_PARENT_KEY]: { value: traceparent } });
          return propagation.setBaggage(trace.setSpan(context.active(), trace.getActiveSpan()!), bag);
        }
      `,
    },
    {
      // Mastra telemetry: component, run and request ids.
      name: 'look-alike: component name, run id and request id',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        function withComponent(ctx, component, requestId) {
          return api.propagation.setBaggage(
            ctx,
            api.propagation.createBaggage({
              componentName: { value: component.name },
              runId: { value: component.runId },
              'http.request_id': { value: requestId },
            }),
          );
        }
        module.exports = { withComponent };
      `,
    },
  ],
  invalid: [
    {
      // Express tracing middleware: the express-session id goes downstream in plain headers.
      name: 'session id from the request session',
      languageOptions: commonjs,
      code: code`
        const opentelemetry = require('@opentelemetry/api');
        function tracingMiddleware() {
          return (req, res, next) => {
            const baggage = opentelemetry.propagation.getBaggage(opentelemetry.context.active());
            if (baggage) {
              baggage.setEntry('user.id', { value: String(req.user?.id ?? 'anonymous') });
              baggage.setEntry('session.id', { value: req.session?.id || 'no-session' });
            }
            next();
          };
        }
        module.exports = { tracingMiddleware };
      `,
      errors: [{ messageId: 'secretKey', line: 7 }],
    },
  ],
});
