import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-premature-span-end.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('no-premature-span-end', rule, {
  valid: [
    {
      name: "a fetch response's body read and awaited before the finally ends the span",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export async function getGreeting(url: string) {
          const span = tracer.startSpan('greeting.get');
          try {
            const response = await fetch(url);
            return await response.text();
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: "text() of a value that is not a fetch response is not known to be a promise",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export async function render(node: { text(): string }) {
          const span = tracer.startSpan('render');
          try {
            return node.text();
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: "Set#add is not the file's async add() method just because the names match",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('audit');
        export class AuditLog {
          async add(entry: object) {
            await db.insert('audit', entry);
          }
        }
        export function dedupe(ids: string[]) {
          const span = tracer.startSpan('dedupe');
          const seen = new Set<string>();
          for (const id of ids) seen.add(id);
          span.end();
        }
      `,
    },
    {
      name: 'the same-file async call is awaited before end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export async function emit(event: DomainEvent) {
          const span = tracer.startSpan('events.emit');
          await publish(event);
          span.end();
        }
      `,
    },
    {
      name: 'return await inside try, end() in finally',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        async function loadOrder(id: string) {
          return db.orders.findOne({ id });
        }
        export async function getOrder(id: string) {
          const span = tracer.startSpan('orders.get');
          try {
            return await loadOrder(id);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'the promise chain is returned and ends the span in its own .finally()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http-client');
        export function getJson(url: string) {
          const span = tracer.startSpan('GET');
          return fetch(url)
            .then((res) => res.json())
            .finally(() => span.end());
        }
      `,
    },
    {
      name: 'plain `void refresh()` is fire-and-forget on purpose: the span does not go with it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        async function refreshCache(key: string) {
          cache.set(key, await origin.load(key));
        }
        export function read(key: string) {
          const span = tracer.startSpan('cache.read');
          const value = cache.get(key);
          if (cache.isStale(key)) void refreshCache(key);
          span.end();
          return value;
        }
      `,
    },
    {
      name: 'a promise passed on (event.waitUntil) is not judged',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('worker');
        async function logRequest(request: Request) {
          await analytics.track(request.url);
        }
        export function onFetch(event: FetchEvent) {
          const span = tracer.startSpan('worker.fetch');
          event.waitUntil(logRequest(event.request));
          event.respondWith(cache.match(event.request));
          span.end();
        }
      `,
    },
    {
      name: 'an awaited fetch(...).then(...) chain',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('weather');
        export async function forecast(city) {
          const span = tracer.startSpan('weather.forecast');
          const data = await fetch(\`https://api.example.com/\${city}\`).then((res) => res.json());
          span.setAttribute('weather.city', city);
          span.end();
          return data;
        }
      `,
    },
    {
      name: 'an unknown imported function is not judged without types',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { sendEmail } from '@acme/mailer';
        const tracer = trace.getTracer('signup');
        export function welcome(user: User) {
          const span = tracer.startSpan('signup.welcome');
          sendEmail(user.email, 'welcome');
          span.end();
        }
      `,
    },
    {
      name: 'a dropped call of a synchronous same-file function',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('audit');
        function record(entry: AuditEntry) {
          auditLog.push({ ...entry, at: Date.now() });
        }
        export function remove(id: string) {
          const span = tracer.startSpan('items.remove');
          items.delete(id);
          record({ action: 'remove', id });
          span.end();
        }
      `,
    },
    {
      name: 'a parameter declared as a function returning a number is not a promise',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('metrics');
        export function sample(read: () => number) {
          const span = tracer.startSpan('metrics.sample');
          read();
          span.end();
        }
      `,
    },
    {
      name: 'an untyped Koa next() in JavaScript is not judged',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export async function timing(ctx, next) {
          const span = tracer.startSpan('koa.timing');
          next();
          span.end();
        }
      `,
    },
    {
      name: 'the promise starts after end(): the span did not cover it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export function emit(event: DomainEvent) {
          const span = tracer.startSpan('events.validate');
          validate(event);
          span.end();
          publish(event);
        }
      `,
    },
    {
      name: 'Sentry startSpan({ name }, callback) is not an OpenTelemetry span',
      code: code`
        import * as Sentry from '@sentry/node';
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('shop');
        async function publish(order: Order) {
          await bus.send('orders', order);
        }
        export function place(order: Order) {
          return Sentry.startSpan({ name: 'orders.place' }, (span) => {
            publish(order);
            span.end();
          });
        }
      `,
    },
    {
      name: 'a profiler with startSpan, not a tracer, in a file that imports OpenTelemetry',
      code: code`
        import { context } from '@opentelemetry/api';
        import { profiler } from './profiler.js';
        export function build(config: Config) {
          const span = profiler.startSpan('build');
          fetch(config.webhook, { method: 'POST', body: context.active() ? 'traced' : 'plain' });
          span.end();
        }
      `,
    },
    {
      name: 'a file without any OpenTelemetry evidence is not judged',
      filename: 'x.js',
      code: code`
        import { createRecorder } from './recorder.js';
        const tracer = createRecorder();
        export function render(url) {
          const span = tracer.startSpan('render');
          fetch(url);
          span.end();
        }
      `,
    },
    {
      name: 'a user class whose end() is not a span end',
      code: code`
        import { trace } from '@opentelemetry/api';
        export const tracer = trace.getTracer('upload');
        class Progress {
          end() {
            process.stdout.write('\\n');
          }
        }
        export function upload(file: File) {
          const bar = new Progress();
          fetch('/upload', { method: 'POST', body: file });
          bar.end();
        }
      `,
    },
    {
      name: 'startActiveSpan with an async callback that awaits everything',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('payments');
        async function notifyLedger(paymentId: string) {
          await ledger.append(paymentId);
        }
        export function charge(card: Card, amount: number) {
          return tracer.startActiveSpan('payments.charge', async (span) => {
            try {
              const result = await gateway.charge(card, amount);
              await notifyLedger(result.id);
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
      name: 'await Promise.all over same-file async calls',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('thumbnails');
        async function resize(image: Image, width: number) {
          return sharp(image.buffer).resize(width).toBuffer();
        }
        export async function thumbnails(image: Image) {
          const span = tracer.startSpan('thumbnails');
          const sizes = await Promise.all([resize(image, 64), resize(image, 256)]);
          span.end();
          return sizes;
        }
      `,
    },
    {
      name: 'repository class: the async method is awaited through this',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class CartRepository {
          private readonly tracer: Tracer = trace.getTracer('carts');
          private async invalidate(id: string) {
            await this.redis.del(\`cart:\${id}\`);
          }
          async clear(id: string) {
            const span = this.tracer.startSpan('carts.clear');
            try {
              await this.db.delete('carts', id);
              await this.invalidate(id);
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'the span is ended in the .then() of a dropped chain, not before it',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sync');
        async function pushChanges(changes: Change[]) {
          await remote.push(changes);
        }
        export function schedule(changes: Change[]) {
          const span = tracer.startSpan('sync.push');
          pushChanges(changes).then(
            () => span.end(),
            (err) => {
              span.recordException(err);
              span.end();
            },
          );
        }
      `,
    },
    {
      name: 'end() first, then the promise is returned (no finally)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        async function query(q: string) {
          return index.search(q);
        }
        export function search(q: string) {
          const span = tracer.startSpan('search.prepare');
          const normalized = q.trim().toLowerCase();
          span.end();
          return query(normalized);
        }
      `,
    },
    {
      name: 'a synchronous result returned through the finally that ends the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('config');
        function parseConfig(raw: string) {
          return JSON.parse(raw) as Config;
        }
        export function load(raw: string) {
          const span = tracer.startSpan('config.load');
          try {
            return parseConfig(raw);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'context.with around an async callback, awaited before end()',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        async function runSteps(job: Job) {
          for (const step of job.steps) await step.run();
        }
        export async function run(job: Job) {
          const span = tracer.startSpan('jobs.run');
          await context.with(trace.setSpan(context.active(), span), () => runSteps(job));
          span.end();
        }
      `,
    },
    {
      name: 'CommonJS express handler awaits the welcome mail before end()',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('signup');
        async function sendWelcome(user) {
          await mailer.send(user.email, 'welcome');
        }
        async function signup(req, res) {
          const span = tracer.startSpan('signup');
          const user = await users.create(req.body);
          await sendWelcome(user);
          span.end();
          res.status(201).json(user);
        }
        module.exports = { signup };
      `,
    },
    {
      name: 'queue worker: ack() of the channel is not a promise, processing is awaited',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('worker');
        async function processOrder(order) {
          await inventory.reserve(order.items);
        }
        function start(channel) {
          channel.consume('orders', async (msg) => {
            const span = tracer.startSpan('orders.process', { kind: api.SpanKind.CONSUMER });
            try {
              await processOrder(JSON.parse(msg.content.toString()));
              channel.ack(msg);
            } finally {
              span.end();
            }
          });
        }
        module.exports = { start };
      `,
    },
    {
      name: 'a promise kept in a variable and awaited later, before end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('profile');
        async function loadAvatar(userId: string) {
          return storage.get(\`avatars/\${userId}\`);
        }
        export async function profile(userId: string) {
          const span = tracer.startSpan('profile.load');
          const avatar = loadAvatar(userId);
          const user = await users.get(userId);
          const result = { ...user, avatar: await avatar };
          span.end();
          return result;
        }
      `,
    },
    {
      name: 'a dropped promise inside a timer callback is not in the span scope',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('scheduler');
        async function compact() {
          await db.compact();
        }
        export function scheduleCompaction(delayMs: number) {
          const span = tracer.startSpan('scheduler.schedule');
          setTimeout(() => {
            compact();
          }, delayMs);
          span.end();
        }
      `,
    },
    {
      name: 'nested spans: the child awaits its work, the parent ends after it',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        async function reserve(cart: Cart) {
          await inventory.reserve(cart.items);
        }
        export async function checkout(cart: Cart) {
          const parent = tracer.startSpan('checkout');
          const child = tracer.startSpan('checkout.reserve', undefined, trace.setSpan(context.active(), parent));
          await reserve(cart);
          child.end();
          parent.end();
        }
      `,
    },
    {
      name: 'fire-and-forget after end() on one branch, awaited before end() on the other',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('webhooks');
        async function deliver(hook: Webhook) {
          await fetch(hook.url, { method: 'POST', body: hook.payload });
        }
        export async function dispatch(hook: Webhook) {
          const span = tracer.startSpan('webhooks.dispatch');
          if (hook.async) {
            span.end();
            deliver(hook);
            return;
          }
          await deliver(hook);
          span.end();
        }
      `,
    },
  ],
  invalid: [
    {
      name: "a fetch response's body returned unawaited from an async function's try: the finally ends the span first",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export async function getGreeting(url: string) {
          const span = tracer.startSpan('greeting.get');
          try {
            const response = await fetch(url);
            return response.text();
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 9,
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('web');
                export async function getGreeting(url: string) {
                  const span = tracer.startSpan('greeting.get');
                  try {
                    const response = await fetch(url);
                    return await response.text();
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
      name: "end() called where .finally() wants a callback: it runs at once (a browser example's fetch)",
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('web');
        export function load() {
          const span = tracer.startSpan('load');
          const jsonPromise = fetch('/api/items').then((res) => res.json());
          jsonPromise.finally(span.end());
          setTimeout(span.end(), 100);
          return jsonPromise;
        }
      `,
      errors: [
        {
          messageId: 'endCalledNotPassed',
          line: 6,
          data: { name: 'span', method: 'finally' },
          suggestions: [
            {
              messageId: 'passEndCallback',
              data: { name: 'span', method: 'finally' },
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('web');
                export function load() {
                  const span = tracer.startSpan('load');
                  const jsonPromise = fetch('/api/items').then((res) => res.json());
                  jsonPromise.finally(() => span.end());
                  setTimeout(span.end(), 100);
                  return jsonPromise;
                }
              `,
            },
          ],
        },
        {
          messageId: 'endCalledNotPassed',
          line: 7,
          data: { name: 'span', method: 'setTimeout' },
          suggestions: [
            {
              messageId: 'passEndCallback',
              data: { name: 'span', method: 'setTimeout' },
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('web');
                export function load() {
                  const span = tracer.startSpan('load');
                  const jsonPromise = fetch('/api/items').then((res) => res.json());
                  jsonPromise.finally(span.end());
                  setTimeout(() => span.end(), 100);
                  return jsonPromise;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a same-file function returning startActiveSpan with an async callback is a promise',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('dice');
        function roll() {
          return tracer.startActiveSpan('roll', async (span) => {
            span.end();
            return 4;
          });
        }
        export function rollTheDice() {
          return tracer.startActiveSpan('rollTheDice', (span) => {
            const value = roll();
            span.end();
            return value;
          });
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 12, suggestions: [] }],
    },
    {
      name: 'a promise kept in a variable, ended before it settles and returned after (vercel/otel sample shape)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export function emit(event: DomainEvent) {
          const span = tracer.startSpan('events.emit');
          const pending = publish(event);
          span.end();
          return pending;
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 9, suggestions: [] }],
    },
    {
      name: 'a same-file async call dropped before end(), in an async function: suggests await',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export async function emit(event: DomainEvent) {
          const span = tracer.startSpan('events.emit');
          publish(event);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 9,
          column: 3,
          data: { name: 'span', promiseLine: 8, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('events');
                async function publish(event: DomainEvent) {
                  await bus.send('events', event);
                }
                export async function emit(event: DomainEvent) {
                  const span = tracer.startSpan('events.emit');
                  await publish(event);
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a same-file async call dropped in a synchronous function: no suggestion',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export function emit(event: DomainEvent) {
          const span = tracer.startSpan('events.emit');
          publish(event);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 9, column: 3, data: { name: 'span', promiseLine: 8, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'void work(span): the span goes with a promise dropped on purpose (no suggestion)',
      code: code`
        import { trace, type Span } from '@opentelemetry/api';
        const tracer = trace.getTracer('audit');
        async function audit(span: Span, action: string) {
          span.addEvent('audit', { action });
          await auditLog.write(action);
        }
        export async function remove(id: string) {
          const span = tracer.startSpan('items.remove');
          await items.delete(id);
          void audit(span, 'remove');
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 3,
          data: { name: 'span', promiseLine: 10, fate: 'is dropped with void while the span goes with it' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'return work() through a finally that ends the span, in a synchronous function (no suggestion)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        async function loadOrder(id: string) {
          return db.orders.findOne({ id });
        }
        export function getOrder(id: string) {
          const span = tracer.startSpan('orders.get');
          try {
            return loadOrder(id);
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 5,
          data: { name: 'span', promiseLine: 9, fate: 'is returned, and the finally block runs before it settles' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'return work() through a finally in an async function: suggests return await',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        async function loadOrder(id: string) {
          return db.orders.findOne({ id });
        }
        export async function getOrder(id: string) {
          const span = tracer.startSpan('orders.get');
          try {
            return loadOrder(id);
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          data: { name: 'span', promiseLine: 9, fate: 'is returned, and the finally block runs before it settles' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('orders');
                async function loadOrder(id: string) {
                  return db.orders.findOne({ id });
                }
                export async function getOrder(id: string) {
                  const span = tracer.startSpan('orders.get');
                  try {
                    return await loadOrder(id);
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
      name: 'a dropped global fetch() in an ESM JavaScript handler',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('webhooks');
        export async function onOrderPaid(req, res) {
          const span = tracer.startSpan('webhooks.order_paid');
          fetch(process.env.SLACK_HOOK, { method: 'POST', body: JSON.stringify(req.body) });
          span.end();
          res.sendStatus(204);
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 6,
          column: 3,
          data: { name: 'span', promiseLine: 5, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('webhooks');
                export async function onOrderPaid(req, res) {
                  const span = tracer.startSpan('webhooks.order_paid');
                  await fetch(process.env.SLACK_HOOK, { method: 'POST', body: JSON.stringify(req.body) });
                  span.end();
                  res.sendStatus(204);
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a dropped multi-line .then() chain: the await goes before the whole chain',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('catalog');
        export async function warm(url: string) {
          const span = tracer.startSpan('catalog.warm');
          fetch(url)
            .then((res) => res.json())
            .then((products) => cache.set('products', products));
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 8,
          column: 3,
          data: { name: 'span', promiseLine: 5, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('catalog');
                export async function warm(url: string) {
                  const span = tracer.startSpan('catalog.warm');
                  await fetch(url)
                    .then((res) => res.json())
                    .then((products) => cache.set('products', products));
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a dropped new Promise(...) that waits for a stream to finish',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('export');
        export async function exportCsv(rows, out) {
          const span = tracer.startSpan('export.csv');
          for (const row of rows) out.write(row.join(',') + '\\n');
          out.end();
          new Promise((resolve, reject) => {
            out.on('finish', resolve);
            out.on('error', reject);
          });
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 3,
          data: { name: 'span', promiseLine: 7, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('export');
                export async function exportCsv(rows, out) {
                  const span = tracer.startSpan('export.csv');
                  for (const row of rows) out.write(row.join(',') + '\\n');
                  out.end();
                  await new Promise((resolve, reject) => {
                    out.on('finish', resolve);
                    out.on('error', reject);
                  });
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'Koa middleware (TS) forgets to await next(): next is declared as returning Promise<void>',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { Context } from 'koa';
        const tracer = trace.getTracer('koa');
        export async function tracing(ctx: Context, next: () => Promise<void>) {
          const span = tracer.startSpan(\`\${ctx.method} \${ctx.path}\`);
          next();
          span.setAttribute('http.status_code', ctx.status);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 8,
          column: 3,
          data: { name: 'span', promiseLine: 6, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                import type { Context } from 'koa';
                const tracer = trace.getTracer('koa');
                export async function tracing(ctx: Context, next: () => Promise<void>) {
                  const span = tracer.startSpan(\`\${ctx.method} \${ctx.path}\`);
                  await next();
                  span.setAttribute('http.status_code', ctx.status);
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'class method: this.flush() of an async method dropped in a synchronous method',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class MetricsBuffer {
          private readonly tracer: Tracer = trace.getTracer('metrics');
          private points: Point[] = [];
          private async flush() {
            const batch = this.points.splice(0);
            await this.exporter.export(batch);
          }
          record(point: Point) {
            const span = this.tracer.startSpan('metrics.record');
            this.points.push(point);
            if (this.points.length >= 100) this.flush();
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 13, column: 5, data: { name: 'span', promiseLine: 12, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'CommonJS express handler drops the welcome mail promise',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('signup');
        async function sendWelcome(user) {
          await mailer.send(user.email, 'welcome');
        }
        async function signup(req, res) {
          const span = tracer.startSpan('signup');
          const user = await users.create(req.body);
          sendWelcome(user);
          span.end();
          res.status(201).json(user);
        }
        module.exports = { signup };
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 10,
          data: { name: 'span', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                const { trace } = require('@opentelemetry/api');
                const tracer = trace.getTracer('signup');
                async function sendWelcome(user) {
                  await mailer.send(user.email, 'welcome');
                }
                async function signup(req, res) {
                  const span = tracer.startSpan('signup');
                  const user = await users.create(req.body);
                  await sendWelcome(user);
                  span.end();
                  res.status(201).json(user);
                }
                module.exports = { signup };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'startActiveSpan with a synchronous callback drops an async call (no suggestion)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('events');
        async function publish(event: DomainEvent) {
          await bus.send('events', event);
        }
        export function emit(event: DomainEvent) {
          return tracer.startActiveSpan('events.emit', (span) => {
            publish(event);
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 9, column: 5, data: { name: 'span', promiseLine: 8, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'startActiveSpan with an async callback drops an async call: suggests await',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('invoices');
        const render = async (invoice: Invoice) => pdf.render(invoice);
        export function issue(invoice: Invoice) {
          return tracer.startActiveSpan('invoices.issue', async (span) => {
            await invoices.save(invoice);
            render(invoice);
            span.end();
          });
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 8,
          column: 5,
          data: { name: 'span', promiseLine: 7, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('invoices');
                const render = async (invoice: Invoice) => pdf.render(invoice);
                export function issue(invoice: Invoice) {
                  return tracer.startActiveSpan('invoices.issue', async (span) => {
                    await invoices.save(invoice);
                    await render(invoice);
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
      name: 'a dropped promise with only a .catch() handler is still pending at end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('analytics');
        async function track(event: string, props: object) {
          await segment.track({ event, properties: props });
        }
        export async function checkout(cart: Cart) {
          const span = tracer.startSpan('checkout');
          const order = await orders.create(cart);
          track('checkout', { total: order.total }).catch((err) => logger.warn(err));
          span.end();
          return order;
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 10,
          data: { name: 'span', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('analytics');
                async function track(event: string, props: object) {
                  await segment.track({ event, properties: props });
                }
                export async function checkout(cart: Cart) {
                  const span = tracer.startSpan('checkout');
                  const order = await orders.create(cart);
                  await track('checkout', { total: order.total }).catch((err) => logger.warn(err));
                  span.end();
                  return order;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an arrow helper returning new Promise (a delay) is dropped',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('retry');
        const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        export function backoff(attempt: number) {
          const span = tracer.startSpan('retry.backoff');
          span.setAttribute('retry.attempt', attempt);
          delay(2 ** attempt * 100);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 8, column: 3, data: { name: 'span', promiseLine: 7, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'a function declaration that returns a promise chain is dropped',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        function loadPreferences(userId) {
          return db.get(\`prefs:\${userId}\`).then((raw) => JSON.parse(raw));
        }
        export async function login(user) {
          const span = tracer.startSpan('users.login');
          loadPreferences(user.id);
          span.end();
          return user;
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 9,
          data: { name: 'span', promiseLine: 8, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('users');
                function loadPreferences(userId) {
                  return db.get(\`prefs:\${userId}\`).then((raw) => JSON.parse(raw));
                }
                export async function login(user) {
                  const span = tracer.startSpan('users.login');
                  await loadPreferences(user.id);
                  span.end();
                  return user;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'awaiting something else afterwards does not settle the dropped promise',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        async function reserveStock(order: Order) {
          await inventory.reserve(order.items);
        }
        export async function place(order: Order) {
          const span = tracer.startSpan('orders.place');
          reserveStock(order);
          await payments.charge(order);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 10,
          data: { name: 'span', promiseLine: 8, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('orders');
                async function reserveStock(order: Order) {
                  await inventory.reserve(order.items);
                }
                export async function place(order: Order) {
                  const span = tracer.startSpan('orders.place');
                  await reserveStock(order);
                  await payments.charge(order);
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'two end() calls on two paths after the same dropped promise: both reported',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        async function prefetch(keys: string[]) {
          await cache.load(keys);
        }
        export function lookup(key: string, related: string[]) {
          const span = tracer.startSpan('cache.lookup');
          prefetch(related);
          if (!cache.has(key)) {
            span.end();
            return null;
          }
          span.end();
          return cache.get(key);
        }
      `,
      errors: [
        { messageId: 'endedBeforePromise', line: 10, column: 5, data: { name: 'span', promiseLine: 8, fate: 'is not awaited' }, suggestions: [] },
        { messageId: 'endedBeforePromise', line: 13, column: 3, data: { name: 'span', promiseLine: 8, fate: 'is not awaited' }, suggestions: [] },
      ],
    },
    {
      name: 'dropped inside the try block, end() in finally',
      code: code`
        import { trace, SpanStatusCode } from '@opentelemetry/api';
        const tracer = trace.getTracer('uploads');
        async function scanForViruses(fileId: string) {
          await scanner.scan(fileId);
        }
        export async function upload(file: File) {
          const span = tracer.startSpan('uploads.store');
          try {
            const id = await storage.put(file);
            scanForViruses(id);
            return id;
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 17,
          column: 5,
          data: { name: 'span', promiseLine: 10, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace, SpanStatusCode } from '@opentelemetry/api';
                const tracer = trace.getTracer('uploads');
                async function scanForViruses(fileId: string) {
                  await scanner.scan(fileId);
                }
                export async function upload(file: File) {
                  const span = tracer.startSpan('uploads.store');
                  try {
                    const id = await storage.put(file);
                    await scanForViruses(id);
                    return id;
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
      name: 'dropped on one branch of an if, end() after the if',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('accounts');
        async function sendReceipt(email: string) {
          await mailer.send(email, 'receipt');
        }
        export function settle(account: Account) {
          const span = tracer.startSpan('accounts.settle');
          account.balance = 0;
          if (account.email) sendReceipt(account.email);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 10, column: 3, data: { name: 'span', promiseLine: 9, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'promises dropped in a for...of loop, end() after the loop',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('import');
        async function saveRow(row: Row) {
          await db.rows.insert(row);
        }
        export function importRows(rows: Row[]) {
          const span = tracer.startSpan('import.rows');
          for (const row of rows) saveRow(row);
          span.setAttribute('import.rows', rows.length);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 10, column: 3, data: { name: 'span', promiseLine: 8, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'a .then() chain returned through the finally that ends the span',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('github');
        export function repos(user) {
          const span = tracer.startSpan('github.repos');
          try {
            return fetch(\`https://api.github.com/users/\${user}/repos\`).then((res) => res.json());
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 8,
          column: 5,
          data: { name: 'span', promiseLine: 6, fate: 'is returned, and the finally block runs before it settles' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'void work(span) in a queue worker: the span is handed to the dropped promise',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('worker');
        async function enrich(message, span) {
          span.addEvent('enrich.start');
          await geo.lookup(message.ip);
        }
        async function onMessage(message) {
          const span = tracer.startSpan('worker.message');
          await store.save(message);
          void enrich(message, span);
          span.end();
        }
        module.exports = { onMessage };
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          data: { name: 'span', promiseLine: 10, fate: 'is dropped with void while the span goes with it' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'nested spans: the child span ends before its dropped work, the parent awaits properly',
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('checkout');
        async function reserve(cart: Cart) {
          await inventory.reserve(cart.items);
        }
        export async function checkout(cart: Cart) {
          const parent = tracer.startSpan('checkout');
          const child = tracer.startSpan('checkout.reserve', undefined, trace.setSpan(context.active(), parent));
          reserve(cart);
          child.end();
          await payments.charge(cart);
          parent.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 10,
          column: 3,
          data: { name: 'child', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace, context } from '@opentelemetry/api';
                const tracer = trace.getTracer('checkout');
                async function reserve(cart: Cart) {
                  await inventory.reserve(cart.items);
                }
                export async function checkout(cart: Cart) {
                  const parent = tracer.startSpan('checkout');
                  const child = tracer.startSpan('checkout.reserve', undefined, trace.setSpan(context.active(), parent));
                  await reserve(cart);
                  child.end();
                  await payments.charge(cart);
                  parent.end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'endedBeforePromise',
          line: 12,
          column: 3,
          data: { name: 'parent', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace, context } from '@opentelemetry/api';
                const tracer = trace.getTracer('checkout');
                async function reserve(cart: Cart) {
                  await inventory.reserve(cart.items);
                }
                export async function checkout(cart: Cart) {
                  const parent = tracer.startSpan('checkout');
                  const child = tracer.startSpan('checkout.reserve', undefined, trace.setSpan(context.active(), parent));
                  await reserve(cart);
                  child.end();
                  await payments.charge(cart);
                  parent.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a parameter declared as returning PromiseLike is a promise',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('tasks');
        export function runTask(task: () => PromiseLike<void>) {
          const span = tracer.startSpan('tasks.run');
          task();
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 6, column: 3, data: { name: 'span', promiseLine: 5, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'queue worker: the async handler is dropped before the message is acked and the span ended',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('worker');
        async function processMessage(msg: Message) {
          await handlers[msg.type](msg.body);
        }
        export function start(channel: Channel) {
          channel.consume('jobs', async (msg: Message) => {
            const span = tracer.startSpan('jobs.process', { kind: SpanKind.CONSUMER });
            processMessage(msg);
            channel.ack(msg);
            span.end();
          });
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 5,
          data: { name: 'span', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace, SpanKind } from '@opentelemetry/api';
                const tracer = trace.getTracer('worker');
                async function processMessage(msg: Message) {
                  await handlers[msg.type](msg.body);
                }
                export function start(channel: Channel) {
                  channel.consume('jobs', async (msg: Message) => {
                    const span = tracer.startSpan('jobs.process', { kind: SpanKind.CONSUMER });
                    await processMessage(msg);
                    channel.ack(msg);
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
      name: 'the error reporter (async) is dropped in the catch clause, the finally ends the span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        async function reportError(err: unknown) {
          await errorTracker.capture(err);
        }
        export async function bill(customerId: string) {
          const span = tracer.startSpan('billing.bill');
          try {
            await billing.charge(customerId);
          } catch (err) {
            reportError(err);
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 13,
          column: 5,
          data: { name: 'span', promiseLine: 11, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('billing');
                async function reportError(err: unknown) {
                  await errorTracker.capture(err);
                }
                export async function bill(customerId: string) {
                  const span = tracer.startSpan('billing.bill');
                  try {
                    await billing.charge(customerId);
                  } catch (err) {
                    await reportError(err);
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
      name: 'startActiveSpan async callback returns a same-file promise through finally: suggests return await',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('reports');
        async function render(reportId: string) {
          return renderer.render(reportId);
        }
        export function build(reportId: string) {
          return tracer.startActiveSpan('reports.build', async (span) => {
            try {
              return render(reportId);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 7,
          data: { name: 'span', promiseLine: 9, fate: 'is returned, and the finally block runs before it settles' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('reports');
                async function render(reportId: string) {
                  return renderer.render(reportId);
                }
                export function build(reportId: string) {
                  return tracer.startActiveSpan('reports.build', async (span) => {
                    try {
                      return await render(reportId);
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
      name: 'repository class: an async method of the class dropped through this in an async method with finally',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class CartRepository {
          private readonly tracer: Tracer = trace.getTracer('carts');
          private async invalidate(id: string) {
            await this.redis.del(\`cart:\${id}\`);
          }
          async clear(id: string) {
            const span = this.tracer.startSpan('carts.clear');
            try {
              await this.db.delete('carts', id);
              this.invalidate(id);
            } finally {
              span.end();
            }
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 13,
          column: 7,
          data: { name: 'span', promiseLine: 11, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace, type Tracer } from '@opentelemetry/api';
                export class CartRepository {
                  private readonly tracer: Tracer = trace.getTracer('carts');
                  private async invalidate(id: string) {
                    await this.redis.del(\`cart:\${id}\`);
                  }
                  async clear(id: string) {
                    const span = this.tracer.startSpan('carts.clear');
                    try {
                      await this.db.delete('carts', id);
                      await this.invalidate(id);
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
      name: 'Lambda-style async arrow handler drops the metrics flush before end()',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('lambda');
        const flushMetrics = async () => {
          await metrics.flush();
        };
        export const handler = async (event: { body: string }) => {
          const span = tracer.startSpan('lambda.invoke');
          const result = process(JSON.parse(event.body));
          flushMetrics();
          span.end();
          return { statusCode: 200, body: JSON.stringify(result) };
        };
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 10,
          column: 3,
          data: { name: 'span', promiseLine: 9, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('lambda');
                const flushMetrics = async () => {
                  await metrics.flush();
                };
                export const handler = async (event: { body: string }) => {
                  const span = tracer.startSpan('lambda.invoke');
                  const result = process(JSON.parse(event.body));
                  await flushMetrics();
                  span.end();
                  return { statusCode: 200, body: JSON.stringify(result) };
                };
              `,
            },
          ],
        },
      ],
    },
  ],
});

const typedRoot = join(import.meta.dirname, '..', '..', 'fixtures', 'typed');
const typedTester = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedRoot } },
});
const typedFile = 'premature-service.ts';

typedTester.run('no-premature-span-end (typed)', rule, {
  valid: [
    {
      name: 'an imported function typed as returning a non-promise (writeFileSync) is not judged',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { writeFileSync } from 'node:fs';
        const tracer = trace.getTracer('reports');
        export function save(path: string, body: string) {
          const span = tracer.startSpan('reports.save');
          writeFileSync(path, body);
          span.end();
        }
      `,
    },
    {
      name: 'types say a .catch() builder is not a promise (judged as a chain without types)',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        class RetryPolicy {
          private handlers: ((err: unknown) => void)[] = [];
          catch(handler: (err: unknown) => void): this {
            this.handlers.push(handler);
            return this;
          }
        }
        export function configure(policy: RetryPolicy) {
          const span = tracer.startSpan('jobs.configure');
          policy.catch((err) => console.error(err));
          span.end();
        }
      `,
    },
    {
      name: 'types say Set#add is not the same-file async add() method',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('audit');
        declare const db: { insert(table: string, row: object): Promise<void> };
        export class AuditLog {
          async add(entry: object) {
            await db.insert('audit', entry);
          }
        }
        export function dedupe(ids: string[]) {
          const span = tracer.startSpan('audit.dedupe');
          const seen = new Set<string>();
          for (const id of ids) seen.add(id);
          span.end();
          return seen;
        }
      `,
    },
    {
      name: 'a look-alike tracer from another module: types say it is not an OpenTelemetry Tracer',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './end-span-query-tracer.js';
        export const otel = trace.getTracer('shop');
        export function ping(url: string) {
          const span = tracer.startSpan('ping');
          fetch(url);
          span.end();
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'an imported function typed as returning a Promise (fs/promises writeFile), with no other clue',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { writeFile } from 'node:fs/promises';
        const tracer = trace.getTracer('reports');
        export async function save(path: string, body: string) {
          const span = tracer.startSpan('reports.save');
          writeFile(path, body);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 7,
          column: 3,
          data: { name: 'span', promiseLine: 6, fate: 'is not awaited' },
          suggestions: [
            {
              messageId: 'awaitPromise',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { writeFile } from 'node:fs/promises';
                const tracer = trace.getTracer('reports');
                export async function save(path: string, body: string) {
                  const span = tracer.startSpan('reports.save');
                  await writeFile(path, body);
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a repository interface method typed as returning Promise, next to a void one',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        interface OrderRepository {
          save(order: { id: string }): Promise<void>;
          remember(order: { id: string }): void;
        }
        export function place(repo: OrderRepository, order: { id: string }) {
          const span = tracer.startSpan('orders.place');
          repo.remember(order);
          repo.save(order);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 11, column: 3, data: { name: 'span', promiseLine: 10, fate: 'is not awaited' }, suggestions: [] }],
    },
    {
      name: 'context.with(...) of an async callback returned through the finally: its type is a promise',
      filename: typedFile,
      code: code`
        import { trace, context } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        async function runSteps(steps: (() => Promise<void>)[]) {
          for (const step of steps) await step();
        }
        export function run(steps: (() => Promise<void>)[]) {
          const span = tracer.startSpan('jobs.run');
          try {
            return context.with(trace.setSpan(context.active(), span), () => runSteps(steps));
          } finally {
            span.end();
          }
        }
      `,
      errors: [
        {
          messageId: 'endedBeforePromise',
          line: 11,
          column: 5,
          data: { name: 'span', promiseLine: 9, fate: 'is returned, and the finally block runs before it settles' },
          suggestions: [],
        },
      ],
    },
    {
      name: 'a Tracer imported from the project under another name, and a typed promise (no @opentelemetry import here)',
      filename: typedFile,
      code: code`
        import { appTracer as shop } from './end-span-tracing.js';
        import { setTimeout as sleep } from 'node:timers/promises';
        export function throttle(ms: number) {
          const span = shop.startSpan('throttle');
          sleep(ms);
          span.end();
        }
      `,
      errors: [{ messageId: 'endedBeforePromise', line: 6, column: 3, data: { name: 'span', promiseLine: 5, fate: 'is not awaited' }, suggestions: [] }],
    },
  ],
});
