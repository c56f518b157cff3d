import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-discarded-context.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('no-discarded-context', rule, {
  valid: [
    {
      name: 'a parameter annotated Map is no baggage, whatever its name',
      code: code`
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('x');
        export function reset(baggage: Map<string, string>) {
          baggage.clear();
        }
      `,
    },
    {
      name: 'Map#clear on a class field named baggage is not a Baggage',
      code: code`
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('x');
        export class Store {
          private baggage = new Map<string, string>();
          reset() {
            this.baggage.clear();
          }
        }
      `,
    },
    {
      name: 'the context from trace.setSpan is kept and used with context.with',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        export function runWithSpan<T>(span: Span, fn: () => T): T {
          const ctx = trace.setSpan(context.active(), span);
          return context.with(ctx, fn);
        }
      `,
    },
    {
      name: 'propagation.setBaggage result returned',
      filename: 'x.js',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export function withTenant(tenant) {
          const bag = propagation.createBaggage({ 'tenant.id': { value: tenant } });
          return propagation.setBaggage(context.active(), bag);
        }
      `,
    },
    {
      name: 'the new context passed straight to context.with in an express middleware',
      filename: 'x.js',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function tracing(req, res, next) {
          const span = tracer.startSpan('http.request');
          res.on('finish', () => span.end());
          context.with(trace.setSpan(context.active(), span), next);
        }
      `,
    },
    {
      name: 'baggage rebuilt in a loop and reassigned',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export function withEntries(entries: Record<string, string>, fn: () => void) {
          let bag = propagation.getActiveBaggage() ?? propagation.createBaggage();
          for (const [key, value] of Object.entries(entries)) {
            bag = bag.setEntry(key, { value });
          }
          context.with(propagation.setBaggage(context.active(), bag), fn);
        }
      `,
    },
    {
      name: "a form library's setValue in a file that imports OpenTelemetry",
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { useForm } from 'react-hook-form';
        export function useProfileForm(profile) {
          const form = useForm();
          trace.getActiveSpan()?.addEvent('profile.form.open');
          form.setValue('email', profile.email);
          form.setValue('name', profile.name);
          return form;
        }
      `,
    },
    {
      name: "a cache's setEntry and clear",
      code: code`
        import { trace } from '@opentelemetry/api';
        import { LRUCache } from 'lru-cache';
        const cache = new LRUCache<string, unknown>({ max: 500 });
        export function remember(key: string, value: unknown) {
          trace.getActiveSpan()?.setAttribute('cache.key', key);
          cache.setEntry(key, value);
        }
        export function reset() {
          cache.clear();
        }
      `,
    },
    {
      name: "Sentry's scope.setSpan beside OpenTelemetry",
      filename: 'x.js',
      code: code`
        import * as Sentry from '@sentry/node';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function run(job) {
          const span = tracer.startSpan('job.run');
          const scope = Sentry.getCurrentScope();
          scope.setSpan(span);
          Sentry.getCurrentScope().setSpan(span);
          span.end();
        }
      `,
    },
    {
      name: 'a trace object imported from a project module that is not OpenTelemetry',
      code: code`
        import { context } from '@opentelemetry/api';
        import { trace } from './profiling/trace.js';
        export function mark(span: unknown) {
          trace.setSpan(context.active(), span);
          trace.deleteSpan(context.active());
        }
      `,
    },
    {
      name: 'a Koa middleware ctx with its own setValue',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export async function rememberVisit(ctx, next) {
          trace.getActiveSpan()?.setAttribute('http.route', ctx._matchedRoute);
          ctx.setValue('lastSeen', Date.now());
          ctx.deleteValue('pending');
          await next();
        }
      `,
    },
    {
      name: 'a Koa handler whose parameter is named context',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export async function handler(context, next) {
          trace.getActiveSpan()?.addEvent('handler');
          context.setValue('user', context.state.user);
          await next();
        }
      `,
    },
    {
      name: 'a user class with setValue/deleteValue methods',
      code: code`
        import { trace } from '@opentelemetry/api';
        class Settings {
          private values = new Map<string, unknown>();
          setValue(key: string, value: unknown) {
            this.values.set(key, value);
          }
          deleteValue(key: string) {
            this.values.delete(key);
          }
        }
        export function configure(settings: Settings) {
          trace.getActiveSpan()?.addEvent('configure');
          settings.setValue('theme', 'dark');
          settings.deleteValue('legacy');
        }
      `,
    },
    {
      name: 'a file with no OpenTelemetry import',
      filename: 'x.js',
      code: code`
        export function attach(ctx, span, bag) {
          trace.setSpan(ctx, span);
          ctx.setValue('k', 1);
          bag.setEntry('k', { value: 'v' });
        }
      `,
    },
    {
      name: 'a value annotated Context in a file with no OpenTelemetry import',
      code: code`
        import type { Context } from './request-context.js';
        export function remember(ctx: Context, user: string) {
          ctx.setValue('user', user);
        }
      `,
    },
    {
      name: 'propagation.inject writes into the carrier (not an immutable result)',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export async function callInventory(sku: string) {
          const headers: Record<string, string> = {};
          propagation.inject(context.active(), headers);
          return fetch(\`https://inventory.internal/items/\${sku}\`, { headers });
        }
      `,
    },
    {
      name: 'an arrow function that returns the new context',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export const withSpan = (ctx, span) => trace.setSpan(ctx, span);
      `,
    },
    {
      name: 'the new context passed as the parent of a nested span',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export function child(parent: Span, fn: (span: Span) => void) {
          return tracer.startActiveSpan('orders.child', {}, trace.setSpan(context.active(), parent), fn);
        }
      `,
    },
    {
      name: 'context reassigned with setValue in a request-scoped loop',
      code: code`
        import { context, createContextKey, type Context } from '@opentelemetry/api';
        const keys = new Map([['tenant', createContextKey('tenant')]]);
        export function scoped(values: Record<string, string>, fn: () => void) {
          let ctx: Context = context.active();
          for (const [name, value] of Object.entries(values)) {
            const key = keys.get(name);
            if (key) ctx = ctx.setValue(key, value);
          }
          context.with(ctx, fn);
        }
      `,
    },
    {
      name: 'a Map named like baggage held in a local binding',
      filename: 'x.js',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function flush() {
          const pendingBaggage = new Map();
          propagation.getActiveBaggage()?.getAllEntries().forEach(([k, v]) => pendingBaggage.set(k, v.value));
          pendingBaggage.clear();
        }
      `,
    },
    {
      name: 'getEntry reads baggage (not a deriving method)',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tenant(): string | undefined {
          const bag = propagation.getActiveBaggage();
          bag?.getEntry('tenant.id');
          return bag?.getEntry('tenant.id')?.value;
        }
      `,
    },
    {
      name: 'CommonJS: the result of setBaggage given to context.with',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { context, propagation } = require('@opentelemetry/api');
        module.exports = function baggageMiddleware(req, res, next) {
          const bag = propagation.createBaggage({ 'client.id': { value: req.get('x-client-id') } });
          context.with(propagation.setBaggage(context.active(), bag), next);
        };
      `,
    },
    {
      name: 'CommonJS: a trace look-alike required from a project shim',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { context } = require('@opentelemetry/api');
        const { trace } = require('./perf-trace');
        exports.mark = function mark(span) {
          trace.setSpan(context.active(), span);
        };
      `,
    },
    {
      name: 'the context result exported by assignment',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        exports.rootWithoutSpan = api.trace.deleteSpan(api.context.active());
      `,
    },
    {
      name: 'a recording context stand-in in a test helper, called for its side effects',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        class RecordingContext {
          readonly calls: unknown[] = [];
          getValue() { return undefined; }
          setValue(key: symbol, value: unknown) { this.calls.push([key, value]); return this as never; }
          deleteValue() { return this as never; }
        }
        export function recordSetSpan(span: Span) {
          const recorder = new RecordingContext();
          trace.setSpan(recorder as never, span);
          return recorder.calls;
        }
      `,
    },
    {
      name: 'a baggage entry set in a fastify hook, stored and used',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        import type { FastifyInstance } from 'fastify';
        export function register(app: FastifyInstance) {
          app.addHook('onRequest', (request, reply, done) => {
            const bag = (propagation.getActiveBaggage() ?? propagation.createBaggage()).setEntry('tenant', { value: String(request.headers['x-tenant']) });
            context.with(propagation.setBaggage(context.active(), bag), done);
          });
        }
      `,
    },
    {
      name: 'a queue consumer that keeps the extracted context',
      filename: 'x.js',
      code: code`
        import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
        const tracer = trace.getTracer('consumer');
        export async function onMessage(message) {
          const parent = propagation.extract(ROOT_CONTEXT, message.headers);
          const span = tracer.startSpan('orders process', undefined, parent);
          const ctx = trace.setSpan(parent, span);
          try {
            await context.with(ctx, () => handle(message));
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'span methods and plain Map methods are not immutable-result calls',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sessions');
        const sessions = new Map<string, string>();
        export function logout(sessionId: string) {
          const span = tracer.startSpan('session.logout');
          span.setAttribute('session.id', sessionId);
          sessions.clear();
          span.end();
        }
      `,
    },
    {
      name: 'a dependency-injected deps object whose trace is a local stub',
      code: code`
        import { context } from '@opentelemetry/api';
        const trace = { setSpan: (_ctx: unknown, _span: unknown) => undefined };
        export function attach(span: unknown) {
          trace.setSpan(context.active(), span);
        }
      `,
    },
    {
      name: 'await context.with around a handler',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        export async function runInside(span: Span, handler: () => Promise<void>) {
          await context.with(trace.setSpan(context.active(), span), handler);
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'createBaggage with an object argument, dropped',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(tier: string) {
          propagation.createBaggage({ 'user.tier': { value: tier } });
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 3, suggestions: [] }],
    },
    {
      name: 'wrapSpanContext returns a Span, not a Context: its own message and no suggestions',
      code: code`
        import { trace, type SpanContext } from '@opentelemetry/api';
        export function wrap(spanContext: SpanContext, work: () => void) {
          trace.wrapSpanContext(spanContext);
          work();
        }
      `,
      errors: [{ messageId: 'discardedSpan', line: 3, suggestions: [] }],
    },
    {
      name: 'trace.deleteSpan(activeContext) discarded before running detached work',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        export function runDetached<T>(fn: () => T): T {
          const activeContext = context.active();
          trace.deleteSpan(activeContext);
          return context.with(activeContext, fn);
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 4, suggestions: [] }],
    },
    {
      name: 'this.otel?.trace.setSpan(...) on an API namespace held in a field',
      code: code`
        import * as api from '@opentelemetry/api';
        export class Instrumented {
          private otel?: typeof api = api;
          activate(span: api.Span) {
            this.otel?.trace.setSpan(this.otel.context.active(), span);
          }
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 5, suggestions: [] }],
    },
    {
      name: 'propagation.getActiveBaggage()?.setEntry(...) discarded',
      code: code`
        import { propagation, type BaggageEntry } from '@opentelemetry/api';
        const KEY = 'app.request.source';
        export function tagSource(value: string): void {
          propagation.getActiveBaggage()?.setEntry(KEY, { value } as BaggageEntry);
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 4, suggestions: [] }],
    },
    {
      name: 'propagation.setBaggage(context.active(), baggage) in an express middleware, rest wrapped in context.with',
      filename: 'x.js',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export function baggageMiddleware(req, res, next) {
          const baggage = propagation.createBaggage({ 'user.tier': { value: req.user.tier } });
          propagation.setBaggage(context.active(), baggage);
          res.locals.tier = req.user.tier;
          next();
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                import { context, propagation } from '@opentelemetry/api';
                export function baggageMiddleware(req, res, next) {
                  const baggage = propagation.createBaggage({ 'user.tier': { value: req.user.tier } });
                  context.with(propagation.setBaggage(context.active(), baggage), () => {
                    res.locals.tier = req.user.tier;
                    next();
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'entityContext.setValue(KEY, v) on a parameter annotated Context',
      code: code`
        import { context, createContextKey, type Context } from '@opentelemetry/api';
        const ENTITY_KEY = createContextKey('app.entity');
        export function withEntity<T>(entityContext: Context, entity: unknown, fn: () => T): T {
          entityContext.setValue(ENTITY_KEY, entity);
          return context.with(entityContext, fn);
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { context, createContextKey, type Context } from '@opentelemetry/api';
                const ENTITY_KEY = createContextKey('app.entity');
                export function withEntity<T>(entityContext: Context, entity: unknown, fn: () => T): T {
                  entityContext = entityContext.setValue(ENTITY_KEY, entity);
                  return context.with(entityContext, fn);
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'context.active().setValue(KEY, v) discarded, rest wrapped in context.with',
      code: code`
        import { context, createContextKey } from '@opentelemetry/api';
        const REQUEST_ID = createContextKey('request.id');
        export function handle(requestId: string, work: () => void) {
          context.active().setValue(REQUEST_ID, requestId);
          work();
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                import { context, createContextKey } from '@opentelemetry/api';
                const REQUEST_ID = createContextKey('request.id');
                export function handle(requestId: string, work: () => void) {
                  context.with(context.active().setValue(REQUEST_ID, requestId), () => {
                    work();
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'trace.setSpanContext(context.active(), span.spanContext()) in a queue consumer',
      filename: 'x.js',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('consumer');
        export function consume(message) {
          const span = tracer.startSpan('orders process');
          trace.setSpanContext(context.active(), span.spanContext());
          processOrder(message.body);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 5,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                import { context, trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('consumer');
                export function consume(message) {
                  const span = tracer.startSpan('orders process');
                  context.with(trace.setSpanContext(context.active(), span.spanContext()), () => {
                    processOrder(message.body);
                    span.end();
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'trace.setSpan(currentContext, span) on a let binding: assign the result back',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        export async function charge(amount: number) {
          let currentContext = context.active();
          const span = tracer.startSpan('payments.charge', undefined, currentContext);
          trace.setSpan(currentContext, span);
          try {
            return await context.with(currentContext, () => gateway.charge(amount));
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 6,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { context, trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('payments');
                export async function charge(amount: number) {
                  let currentContext = context.active();
                  const span = tracer.startSpan('payments.charge', undefined, currentContext);
                  currentContext = trace.setSpan(currentContext, span);
                  try {
                    return await context.with(currentContext, () => gateway.charge(amount));
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
      name: 'both suggestions on a let context followed by movable statements',
      filename: 'x.js',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        export function render(span, view) {
          let ctx = context.active();
          trace.setSpan(ctx, span);
          view.render(ctx);
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { context, trace } from '@opentelemetry/api';
                export function render(span, view) {
                  let ctx = context.active();
                  ctx = trace.setSpan(ctx, span);
                  view.render(ctx);
                }
              `,
            },
            {
              messageId: 'runInContext',
              output: code`
                import { context, trace } from '@opentelemetry/api';
                export function render(span, view) {
                  let ctx = context.active();
                  context.with(trace.setSpan(ctx, span), () => {
                    view.render(ctx);
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS namespace require: api.trace.setSpan wrapped with api.context.with',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('http');
        module.exports = function tracing(req, res, next) {
          const span = tracer.startSpan('http.request');
          api.trace.setSpan(api.context.active(), span);
          res.on('finish', () => span.end());
          next();
        };
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 5,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                const api = require('@opentelemetry/api');
                const tracer = api.trace.getTracer('http');
                module.exports = function tracing(req, res, next) {
                  const span = tracer.startSpan('http.request');
                  api.context.with(api.trace.setSpan(api.context.active(), span), () => {
                    res.on('finish', () => span.end());
                    next();
                  });
                };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS destructured require: bag.setEntry on a let baggage',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { context, propagation } = require('@opentelemetry/api');
        exports.withTenant = function withTenant(tenant, fn) {
          let bag = propagation.createBaggage();
          bag.setEntry('tenant.id', { value: tenant });
          return context.with(propagation.setBaggage(context.active(), bag), fn);
        };
      `,
      errors: [
        {
          messageId: 'discardedBaggage',
          line: 4,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                const { context, propagation } = require('@opentelemetry/api');
                exports.withTenant = function withTenant(tenant, fn) {
                  let bag = propagation.createBaggage();
                  bag = bag.setEntry('tenant.id', { value: tenant });
                  return context.with(propagation.setBaggage(context.active(), bag), fn);
                };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'bag.setEntry discarded inside a forEach callback block',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export function propagateHeaders(headers: Record<string, string>, fn: () => void) {
          let bag = propagation.createBaggage();
          Object.entries(headers).forEach(([key, value]) => {
            bag.setEntry(key, { value });
          });
          context.with(propagation.setBaggage(context.active(), bag), fn);
        }
      `,
      errors: [
        {
          messageId: 'discardedBaggage',
          line: 5,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { context, propagation } from '@opentelemetry/api';
                export function propagateHeaders(headers: Record<string, string>, fn: () => void) {
                  let bag = propagation.createBaggage();
                  Object.entries(headers).forEach(([key, value]) => {
                    bag = bag.setEntry(key, { value });
                  });
                  context.with(propagation.setBaggage(context.active(), bag), fn);
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'removeEntry on a baggage parameter (assignResult)',
      filename: 'x.js',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function scrub(baggage) {
          baggage.removeEntry('user.email');
          return baggage;
        }
      `,
      errors: [
        {
          messageId: 'discardedBaggage',
          line: 3,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { propagation } from '@opentelemetry/api';
                export function scrub(baggage) {
                  baggage = baggage.removeEntry('user.email');
                  return baggage;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'removeEntries on an optional const baggage',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function dropSecrets(): void {
          const bag = propagation.getActiveBaggage();
          bag?.removeEntries('auth.token', 'user.email');
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 4, suggestions: [] }],
    },
    {
      name: 'clear() on the baggage of the active context',
      filename: 'x.js',
      code: code`
        import { context, propagation } from '@opentelemetry/api';
        export function forget() {
          propagation.getBaggage(context.active())?.clear();
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 3, suggestions: [] }],
    },
    {
      name: 'propagation.createBaggage() discarded',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function resetBaggage(): void {
          propagation.createBaggage();
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 3, suggestions: [] }],
    },
    {
      name: 'propagation.deleteBaggage(ctx) on a parameter',
      code: code`
        import { propagation, type Context } from '@opentelemetry/api';
        export function outbound(ctx: Context): Context {
          propagation.deleteBaggage(ctx);
          return ctx;
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 3,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import { propagation, type Context } from '@opentelemetry/api';
                export function outbound(ctx: Context): Context {
                  ctx = propagation.deleteBaggage(ctx);
                  return ctx;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'await trace.setSpan(...) in a Koa middleware (await after it: no runInContext)',
      filename: 'x.js',
      code: code`
        import { context, trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export async function tracing(ctx, next) {
          const span = tracer.startSpan(\`\${ctx.method} \${ctx._matchedRoute}\`);
          await trace.setSpan(context.active(), span);
          await next();
          span.end();
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 5, suggestions: [] }],
    },
    {
      name: 'void trace.setSpan(...) as the last statement',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        export function activate(span: Span): void {
          void trace.setSpan(context.active(), span);
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 3, suggestions: [] }],
    },
    {
      name: 'ROOT_CONTEXT.deleteValue(key)',
      code: code`
        import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
        const SUPPRESS = createContextKey('suppress');
        export function unsuppress(): void {
          ROOT_CONTEXT.deleteValue(SUPPRESS);
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 4, suggestions: [] }],
    },
    {
      name: 'setValue on a context extracted from message headers',
      filename: 'x.js',
      code: code`
        import { propagation, ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
        const DELIVERY = createContextKey('delivery');
        export function parentOf(message) {
          const parent = propagation.extract(ROOT_CONTEXT, message.headers);
          parent.setValue(DELIVERY, message.deliveryTag);
          return parent;
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 5, suggestions: [] }],
    },
    {
      name: 'default import of the API: api.trace.setSpan on a let context',
      code: code`
        import api from '@opentelemetry/api';
        export function parentFor(span: api.Span): api.Context {
          let ctx = api.context.active();
          api.trace.setSpan(ctx, span);
          return ctx;
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import api from '@opentelemetry/api';
                export function parentFor(span: api.Span): api.Context {
                  let ctx = api.context.active();
                  ctx = api.trace.setSpan(ctx, span);
                  return ctx;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a parameter annotated api.Context',
      code: code`
        import * as api from '@opentelemetry/api';
        const ATTEMPT = api.createContextKey('attempt');
        export function retry(ctx: api.Context, attempt: number) {
          ctx.setValue(ATTEMPT, attempt);
          return ctx;
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 4,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import * as api from '@opentelemetry/api';
                const ATTEMPT = api.createContextKey('attempt');
                export function retry(ctx: api.Context, attempt: number) {
                  ctx = ctx.setValue(ATTEMPT, attempt);
                  return ctx;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a context followed through const aliases',
      code: code`
        import { context, createContextKey } from '@opentelemetry/api';
        const FLAG = createContextKey('flag');
        export function flagged() {
          const active = context.active();
          const current = active;
          current.setValue(FLAG, true);
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 6, suggestions: [] }],
    },
    {
      name: 'a Kafka consumer: the span set in the extracted context but the result dropped',
      code: code`
        import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
        const tracer = trace.getTracer('kafka');
        export function eachMessage(message: { headers: Record<string, string>; value: Buffer }) {
          const parent = propagation.extract(ROOT_CONTEXT, message.headers);
          const span = tracer.startSpan('orders process', undefined, parent);
          trace.setSpan(parent, span);
          handle(message.value);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 6,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                import { context, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
                const tracer = trace.getTracer('kafka');
                export function eachMessage(message: { headers: Record<string, string>; value: Buffer }) {
                  const parent = propagation.extract(ROOT_CONTEXT, message.headers);
                  const span = tracer.startSpan('orders process', undefined, parent);
                  context.with(trace.setSpan(parent, span), () => {
                    handle(message.value);
                    span.end();
                  });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'api.propagation.deleteBaggage(api.context.active()) with nested blocks moved inside',
      code: code`
        import * as api from '@opentelemetry/api';
        export function callPartner(payload: unknown, send: (p: unknown) => void) {
          api.propagation.deleteBaggage(api.context.active());
          if (payload) {
            send(payload);
          }
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 3,
          suggestions: [
            {
              messageId: 'runInContext',
              output: code`
                import * as api from '@opentelemetry/api';
                export function callPartner(payload: unknown, send: (p: unknown) => void) {
                  api.context.with(api.propagation.deleteBaggage(api.context.active()), () => {
                    if (payload) {
                      send(payload);
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
      name: 'tab-indented handler: the wrapped statements keep tabs',
      filename: 'x.js',
      code: [
        "import { context, trace } from '@opentelemetry/api';",
        'export function handle(span, job) {',
        '\ttrace.setSpan(context.active(), span);',
        '\tjob.run();',
        '}',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'discardedContext',
          line: 3,
          suggestions: [
            {
              messageId: 'runInContext',
              output: [
                "import { context, trace } from '@opentelemetry/api';",
                'export function handle(span, job) {',
                '\tcontext.with(trace.setSpan(context.active(), span), () => {',
                '\t\tjob.run();',
                '\t});',
                '}',
                '',
              ].join('\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'a discarded setSpan inside an if block, last in its block',
      code: code`
        import { context, trace, type Span } from '@opentelemetry/api';
        export function maybeActivate(span: Span | undefined) {
          if (span) {
            trace.setSpan(context.active(), span);
          }
          return span;
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 4, suggestions: [] }],
    },
    {
      name: 'a class repository method that sets a baggage on a field-held baggage name',
      code: code`
        import { context, propagation, type Baggage } from '@opentelemetry/api';
        export class RequestScope {
          constructor(private baggage: Baggage) {}
          tag(key: string, value: string) {
            this.baggage.setEntry(key, { value });
          }
          run<T>(fn: () => T): T {
            return context.with(propagation.setBaggage(context.active(), this.baggage), fn);
          }
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 5, suggestions: [] }],
    },
  ],
});

const typedRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'typed');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedRoot } },
});
const typedFile = 'discarded-service.ts';

typedTester.run('no-discarded-context (typed)', rule, {
  valid: [
    {
      name: "a project type named Context is not OpenTelemetry's",
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        interface Context {
          setValue(key: string, value: unknown): void;
        }
        export function remember(ctx: Context, user: string) {
          trace.getActiveSpan()?.addEvent('remember');
          ctx.setValue('user', user);
        }
      `,
    },
    {
      name: 'a Map parameter named baggage is not a Baggage',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        export function reset(baggage: Map<string, string>) {
          trace.getActiveSpan()?.addEvent('reset');
          baggage.clear();
        }
      `,
    },
    {
      name: 'a parameter named trace typed as a project interface',
      filename: typedFile,
      code: code`
        import { context } from '@opentelemetry/api';
        interface Profiler {
          setSpan(ctx: unknown, span: unknown): void;
        }
        export function mark(trace: Profiler, span: unknown) {
          trace.setSpan(context.active(), span);
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a Context returned by a helper, in a file that does not import OpenTelemetry',
      filename: typedFile,
      code: code`
        declare function currentContext(): import('@opentelemetry/api').Context;
        declare const TENANT: symbol;
        export function tag(tenant: string) {
          currentContext().setValue(TENANT, tenant);
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 4, suggestions: [] }],
    },
    {
      name: 'a Baggage returned by a local helper (no name says baggage)',
      filename: typedFile,
      code: code`
        import { propagation } from '@opentelemetry/api';
        function current() {
          return propagation.getActiveBaggage() ?? propagation.createBaggage();
        }
        export function tag(region: string) {
          const b = current();
          b.setEntry('region', { value: region });
          return b;
        }
      `,
      errors: [{ messageId: 'discardedBaggage', line: 7, suggestions: [] }],
    },
    {
      name: 'a Context held in a class field',
      filename: typedFile,
      code: code`
        import { context, createContextKey, type Context } from '@opentelemetry/api';
        const USER = createContextKey('user');
        export class Session {
          private ctx: Context = context.active();
          login(user: string) {
            this.ctx.setValue(USER, user);
          }
        }
      `,
      errors: [{ messageId: 'discardedContext', line: 6, suggestions: [] }],
    },
    {
      name: 'a TraceAPI received under another name',
      filename: typedFile,
      code: code`
        import type { Context, Span, TraceAPI } from '@opentelemetry/api';
        export function activate(t: TraceAPI, ctx: Context, span: Span) {
          t.setSpan(ctx, span);
          return ctx;
        }
      `,
      errors: [
        {
          messageId: 'discardedContext',
          line: 3,
          suggestions: [
            {
              messageId: 'assignResult',
              output: code`
                import type { Context, Span, TraceAPI } from '@opentelemetry/api';
                export function activate(t: TraceAPI, ctx: Context, span: Span) {
                  ctx = t.setSpan(ctx, span);
                  return ctx;
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});
