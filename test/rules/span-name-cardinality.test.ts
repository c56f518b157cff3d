import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/span-name-cardinality.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('span-name-cardinality', rule, {
  valid: [
    {
      name: 'a Kafka topic or a queue the application declares is a bounded destination',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { EachMessagePayload } from 'kafkajs';
        const tracer = trace.getTracer('kafka');
        export function onMessage({ topic }: EachMessagePayload, queueName: string) {
          tracer.startSpan(\`\${topic} process\`).end();
          tracer.startSpan(\`\${queueName} send\`).end();
        }
      `,
    },
    {
      name: "the display or full name of a defined thing (a topic's, a subscription's) is not a person's name",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('pubsub');
        function normalizeDisplayName(fullName: string) {
          return fullName.split('/').pop() ?? fullName;
        }
        export function publish(topicFullName: string, subscriptionDisplayName: string, subDisplayName: string) {
          const topicDisplay = normalizeDisplayName(topicFullName);
          tracer.startSpan(topicDisplay ? \`PubSub publish \${topicDisplay}\` : 'PubSub publish').end();
          tracer.startSpan(\`PubSub process \${subscriptionDisplayName}\`).end();
          tracer.startSpan(\`pull \${subDisplayName}\`).end();
        }
      `,
    },
    {
      name: "a module's id is as bounded as its name (modules are registered in code), in a middleware hook class",
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class TracingMiddleware {
          private readonly tracer: Tracer = trace.getTracer('apcore');
          before(moduleId: string, context: { traceId: string }) {
            const span = this.tracer.startSpan(moduleId);
            span.setAttribute('apcore.trace_id', context.traceId);
            span.end();
            this.tracer.startSpan(\`module \${moduleId}\`).end();
          }
        }
      `,
    },
    {
      name: 'an operation property of a parameter that is not request input (no @Body/@Query/@Param decorator)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export class Runner {
          run(job: { operation: 'import' | 'export' }) {
            const span = tracer.startSpan(job.operation);
            span.end();
          }
        }
      `,
    },
    {
      name: "a Map's (or a map-named value's) forEach passes a key, not an index",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('init');
        const handlers = new Map<string, () => void>();
        declare const spanKindMap: Map<string, string>;
        export function init() {
          handlers.forEach((handler, kind) => {
            const span = tracer.startSpan(\`init \${kind}\`);
            handler();
            span.end();
          });
          spanKindMap.forEach((spanKind, functionName) => tracer.startSpan(functionName).end());
        }
      `,
    },
    {
      name: "an array callback's item, and a callback parameter of a call that is no array iteration, are no index",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        declare function retry<T>(fn: (attempt: number, label: string) => T): T;
        export function perItem(items: { kind: string }[]) {
          items.map((item) => {
            const span = tracer.startSpan(\`item \${item.kind}\`);
            span.end();
          });
          retry((attempt, label) => {
            const span = tracer.startSpan(\`retry \${label}\`);
            span.end();
          });
        }
      `,
    },
    {
      name: 'a fastify route template (req.routerPath) and a URI template with its query part stripped are bounded',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sdk');
        export function onRequest(req: { method: string; routerPath: string }) {
          return tracer.startSpan(\`\${req.method} \${req.routerPath}\`);
        }
        export function send<T>(request: { urlTemplate?: string }, methodName: string, run: () => Promise<T>) {
          const urlTemplate = decodeURIComponent(request.urlTemplate ?? '');
          const telemetryPath = urlTemplate.replace(/\\{\\?[^}]+\\}/g, '');
          return tracer.startActiveSpan(\`\${methodName} - \${telemetryPath}\`, async (span) => {
            try {
              return await run();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: "Fastify's route template (request.routeOptions.url) is bounded",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('api');
        export function onRequest(request: { method: string; routeOptions: { url: string } }) {
          const span = tracer.startSpan(\`\${request.method} \${request.routeOptions.url}\`);
          span.end();
        }
      `,
    },
    {
      name: 'a literal name (JS, ESM)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function loadOrder(id) {
          const span = tracer.startSpan('orders.load', { attributes: { 'order.id': id } });
          try {
            return await db.orders.findById(id);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a literal name in a CommonJS express handler, the id kept in an attribute',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('users');
        module.exports.getUser = (req, res) => {
          tracer.startActiveSpan('GET /users/:id', (span) => {
            span.setAttribute('user.id', req.params.id);
            users.find(req.params.id).then((user) => {
              res.json(user);
              span.end();
            });
          });
        };
      `,
    },
    {
      name: 'a const string bound to the name',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('billing');
        const SPAN_NAME = 'billing.invoice.render';
        export function render(invoiceId: string): string {
          const span = tracer.startSpan(SPAN_NAME);
          span.setAttribute('invoice.id', invoiceId);
          span.end();
          return invoiceId;
        }
      `,
    },
    {
      name: 'an enum member as the whole name (TS)',
      code: code`
        import { trace } from '@opentelemetry/api';
        enum SpanNames {
          Checkout = 'cart.checkout',
          Refund = 'cart.refund',
        }
        const tracer = trace.getTracer('cart');
        export function checkout(cartId: string) {
          return tracer.startActiveSpan(SpanNames.Checkout, (span) => {
            span.setAttribute('cart.id', cartId);
            span.end();
          });
        }
      `,
    },
    {
      name: 'an as-const object member inside a template literal',
      code: code`
        import { trace } from '@opentelemetry/api';
        const Ops = { LOAD: 'load', SAVE: 'save' } as const;
        const tracer = trace.getTracer('repo');
        export class ProductRepository {
          async save(product: { id: string }) {
            const span = tracer.startSpan(\`products.\${Ops.SAVE}\`);
            try {
              await this.db.insert(product);
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'a CONSTANT_CASE import inside a template literal',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { SERVICE_PREFIX } from './constants.js';
        const tracer = trace.getTracer('mailer');
        export function send(mail) {
          return tracer.startActiveSpan(\`\${SERVICE_PREFIX}.send\`, async (span) => {
            try {
              return await transport.sendMail(mail);
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'this.constructor.name in a base repository class',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export abstract class BaseRepository<T> {
          private readonly tracer: Tracer = trace.getTracer('repositories');
          async findAll(): Promise<T[]> {
            return this.tracer.startActiveSpan(\`\${this.constructor.name}.findAll\`, async (span) => {
              try {
                return await this.query();
              } finally {
                span.end();
              }
            });
          }
          protected abstract query(): Promise<T[]>;
        }
      `,
    },
    {
      name: 'fn.name in a generic tracing wrapper',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('app');
        export function traced(fn) {
          return function (...args) {
            return tracer.startActiveSpan(\`call \${fn.name}\`, (span) => {
              try {
                return fn.apply(this, args);
              } finally {
                span.end();
              }
            });
          };
        }
      `,
    },
    {
      name: 'Class.name of a local class',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('inventory');
        export class StockService {
          reserve(sku: string, qty: number) {
            const span = tracer.startSpan(StockService.name + '.reserve');
            span.setAttributes({ sku, qty });
            span.end();
          }
        }
      `,
    },
    {
      name: 'HTTP method and express route template',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function tracing(req, res, next) {
          const span = tracer.startSpan(\`\${req.method} \${req.route.path}\`);
          res.on('finish', () => span.end());
          next();
        }
      `,
    },
    {
      name: 'updateName with the method and the matched Koa route',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export async function routeName(ctx, next) {
          await next();
          const span = trace.getActiveSpan();
          span?.updateName(\`\${ctx.method} \${ctx._matchedRoute}\`);
        }
      `,
    },
    {
      name: 'queue and topic names in a Kafka consumer',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('consumer');
        export async function onMessage(topic: string, queueName: string, payload: Buffer) {
          await tracer.startActiveSpan(\`\${topic} process\`, { kind: SpanKind.CONSUMER }, async (span) => {
            try {
              await handlers[queueName](payload);
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'db operation and table names in a repository',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export async function run(operation, tableName, params) {
          const span = tracer.startSpan(\`\${operation} \${tableName}\`);
          try {
            return await pool.query(build(operation, tableName), params);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a bare parameter passed through a helper',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('helpers');
        export function withSpan(name, fn) {
          return tracer.startActiveSpan(name, fn);
        }
      `,
    },
    {
      name: 'a part whose cardinality cannot be told (reportUnknown off by default)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('workers');
        export function process(thing: string) {
          const span = tracer.startSpan(\`process \${thing}\`);
          span.end();
        }
      `,
    },
    {
      name: 'an id in a name matched by allowedNames',
      options: [{ allowedNames: ['^GET /health/\\{\\}$'] }],
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('health');
        export function probe(checkId: string) {
          const span = tracer.startSpan(\`GET /health/\${checkId}\`);
          span.end();
        }
      `,
    },
    {
      name: 'an identifier listed in allowedIdentifiers',
      options: [{ allowedIdentifiers: ['tenantKey'] }],
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('tenants');
        export function migrate(tenantKey: 'eu' | 'us') {
          const span = tracer.startSpan(\`migrate \${tenantKey}\`);
          span.end();
        }
      `,
    },
    {
      name: 'a startSpan look-alike in a file with no OpenTelemetry evidence',
      filename: 'x.js',
      code: code`
        import { createProgress } from 'cli-progress-lite';
        const progress = createProgress();
        export function install(pkg) {
          const step = progress.startSpan(\`install \${pkg.id}\`);
          step.done();
        }
      `,
    },
    {
      name: "Sentry's startSpan({ name }) object form, in a file that also imports OpenTelemetry",
      filename: 'x.js',
      code: code`
        import * as Sentry from '@sentry/node';
        import { trace } from '@opentelemetry/api';
        export function handler(req, res) {
          trace.getActiveSpan()?.setAttribute('http.target', req.url);
          return Sentry.startSpan({ name: \`GET \${req.url}\` }, () => res.send('ok'));
        }
      `,
    },
    {
      name: 'updateName on a receiver that is not a span',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function rename(profile, user) {
          trace.getActiveSpan()?.setAttribute('user.id', user.id);
          profile.updateName(user.id);
        }
      `,
    },
    {
      name: 'typeof value in the name is a small set',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('serializer');
        export function serialize(value) {
          const span = tracer.startSpan(\`serialize \${typeof value}\`);
          try {
            return encode(value);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a conditional between two literals',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export async function run(job: { retry: boolean; run(): Promise<void> }) {
          const span = tracer.startSpan(job.retry ? 'job.retry' : 'job.run');
          try {
            await job.run();
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'BullMQ job.name and queue name in a worker (CommonJS)',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const api = require('@opentelemetry/api');
        const tracer = api.trace.getTracer('worker');
        new Worker('emails', async (job) => {
          return tracer.startActiveSpan(\`\${job.queueName}.\${job.name}\`, async (span) => {
            try {
              await send(job.data);
            } finally {
              span.end();
            }
          });
        });
      `,
    },
    {
      name: 'GraphQL resolver with parent type and field name',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { GraphQLResolveInfo } from 'graphql';
        const tracer = trace.getTracer('graphql');
        export function tracedResolve(info: GraphQLResolveInfo, resolve: () => unknown) {
          return tracer.startActiveSpan(\`\${info.parentType.name}.\${info.fieldName}\`, (span) => {
            try {
              return resolve();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'an HTTP client span named by method and service host',
      filename: 'x.js',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('http-client');
        export async function call(method, serviceName, path, body) {
          const span = tracer.startSpan(\`HTTP \${method} \${serviceName}\`, { kind: SpanKind.CLIENT });
          try {
            return await fetch(\`https://\${serviceName}.internal\${path}\`, { method, body });
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a const name built from a bounded action, followed through the binding',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('audit');
        export function record(action: string, payload: unknown) {
          const spanName = \`audit.\${action}\`;
          const span = tracer.startSpan(spanName);
          span.setAttribute('audit.size', JSON.stringify(payload).length);
          span.end();
        }
      `,
    },
    {
      name: 'nested spans named by model and tool in an AI agent',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('agent');
        export async function step(model: string, tool: { name: string; run(): Promise<string> }) {
          return tracer.startActiveSpan(\`chat \${model}\`, async (outer) => {
            try {
              return await tracer.startActiveSpan(\`execute_tool \${tool.name}\`, async (inner) => {
                try {
                  return await tool.run();
                } finally {
                  inner.end();
                }
              });
            } finally {
              outer.end();
            }
          });
        }
      `,
    },
    {
      name: 'an imported names object (PascalCase ending in Names)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { SpanNames } from './span-names.js';
        const tracer = trace.getTracer('payments');
        export function capture(paymentId: string) {
          const span = tracer.startSpan(\`payments.\${SpanNames.capture}\`);
          span.setAttribute('payment.id', paymentId);
          span.end();
        }
      `,
    },
    {
      name: 'a gRPC service and method name',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('grpc');
        export function intercept(call: { service: string; methodName: string }, next: () => void) {
          const span = tracer.startSpan(\`grpc.\${call.service}/\${call.methodName}\`, { kind: SpanKind.SERVER });
          try {
            next();
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a Mongo collection name',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('mongo');
        export async function findOne(collection, filter) {
          const span = tracer.startSpan(\`mongodb.\${collection.collectionName}.findOne\`);
          try {
            return await collection.findOne(filter);
          } finally {
            span.end();
          }
        }
      `,
    },
    {
      name: 'a this.serviceName field in a class-based HTTP client',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class ApiClient {
          private tracer: Tracer = trace.getTracer('api-client');
          constructor(private readonly serviceName: string) {}
          get(path: string) {
            const span = this.tracer.startSpan(\`\${this.serviceName}.get\`);
            span.setAttribute('url.path', path);
            span.end();
          }
        }
      `,
    },
    {
      name: 'API Gateway method and resource template in a Lambda handler',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { APIGatewayProxyEvent } from 'aws-lambda';
        const tracer = trace.getTracer('lambda');
        export async function handler(event: APIGatewayProxyEvent) {
          return tracer.startActiveSpan(\`\${event.httpMethod} \${event.resource}\`, async (span) => {
            try {
              return await route(event);
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: 'a service name from a CONSTANT_CASE environment variable',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('boot');
        function boot() {
          const span = tracer.startSpan(\`\${process.env.SERVICE_NAME}.boot\`);
          span.end();
        }
        module.exports = { boot };
      `,
    },
    {
      name: 'NestJS interceptor with controller class and handler names',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('nest');
        export class TracingInterceptor {
          intercept(context: { getClass(): Function; getHandler(): Function }, next: { handle(): unknown }) {
            const span = tracer.startSpan(\`\${context.getClass().name}.\${context.getHandler().name}\`);
            try {
              return next.handle();
            } finally {
              span.end();
            }
          }
        }
      `,
    },
    {
      name: 'the id of a definition made in code (a scorer, a configured thing) is as bounded as its name',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('evals');
        export function score(definition: { id: string }, run: () => number) {
          return tracer.startActiveSpan(\`eval.scorer.\${definition.id}\`, (span) => {
            try {
              return run();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: "API Gateway's resourcePath is the resource template (a path of something from a small set)",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('lambda');
        export function handler(event: { httpMethod: string; requestContext: { resourcePath: string } }) {
          const span = tracer.startSpan(\`\${event.httpMethod} \${event.requestContext.resourcePath}\`);
          span.end();
        }
      `,
    },
    {
      name: "a library's startSpan that takes attributes second gets no suggestion written for OpenTelemetry's options",
      options: [{ reportUnknown: true }],
      code: code`
        import { trace } from '@opentelemetry/api';
        import { observability } from './observability';
        export function load(userId: string) {
          const span = observability.startSpan({ name: 'load', input: userId });
          span.end();
          return trace.getActiveSpan();
        }
      `,
    },
    {
      name: 'a bare `path` is as often a procedure or route path as a raw one (tRPC middleware)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('trpc');
        export const tracing = middleware(async ({ path, next }: { path: string; next: () => Promise<unknown> }) =>
          tracer.startActiveSpan(\`trpc.\${path}\`, async (span) => {
            try {
              return await next();
            } finally {
              span.end();
            }
          }),
        );
      `,
    },
    {
      name: "a class's static id (this.constructor.id, a plugin id) is as bounded as its name",
      code: code`
        import { trace } from '@opentelemetry/api';
        export class TestPlugin {
          static id = 'jest';
          tracer = trace.getTracer('ci');
          startSession() {
            this.sessionSpan = this.tracer.startSpan(\`\${this.constructor.id}.test_session\`);
          }
        }
      `,
    },
    {
      name: "OpenTracing's startSpan(name, { childOf, tags }) from a project tracer module is another library's span",
      filename: 'x.js',
      code: code`
        const { tracer } = require('../tracing');
        class WebPlugin {
          start(req, parent) {
            this.span = tracer.startSpan(\`web.request \${req.url}\`, { childOf: parent, tags: { component: 'web' } });
          }
        }
        module.exports = WebPlugin;
      `,
    },
  ],
  invalid: [
    {
      name: "NestJS: a name taken from the request body (`@Body() dto`), whatever the property is called",
      code: code`
        import { Body, Controller, Post } from '@nestjs/common';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('debug');
        class TraceDto {
          operation?: string;
        }
        @Controller('debug')
        export class DebugController {
          @Post('trace')
          createTrace(@Body() traceData: TraceDto) {
            const span = tracer.startSpan(traceData.operation || 'manual-trace');
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 11, data: { pattern: '{}', reason: 'request data', part: '`traceData.operation`' } }],
    },
    {
      name: "an array callback's index parameter (Array.from's map function, forEach), and the dynamic branch of a chosen name",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('load-test');
        export function startAll(count: number) {
          return Array.from({ length: count }, (_, i) => {
            const span = tracer.startSpan(\`worker-\${i}\`);
            span.end();
            return span;
          });
        }
        export function named(jobs: string[]) {
          jobs.forEach((job, position) => {
            const span = tracer.startSpan(\`job \${position}\`);
            span.end();
          });
        }
        export function turn(event: { turnIndex?: number }) {
          const name = event.turnIndex != null ? \`turn \${event.turnIndex}\` : 'turn';
          const span = tracer.startSpan(name);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 5,
          data: { pattern: 'worker-{}', reason: 'an index', part: '\`i\`' },
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('load-test');
                export function startAll(count: number) {
                  return Array.from({ length: count }, (_, i) => {
                    const span = tracer.startSpan('worker-{i}', { attributes: { i } });
                    span.end();
                    return span;
                  });
                }
                export function named(jobs: string[]) {
                  jobs.forEach((job, position) => {
                    const span = tracer.startSpan(\`job \${position}\`);
                    span.end();
                  });
                }
                export function turn(event: { turnIndex?: number }) {
                  const name = event.turnIndex != null ? \`turn \${event.turnIndex}\` : 'turn';
                  const span = tracer.startSpan(name);
                  span.end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'highCardinality',
          line: 12,
          data: { pattern: 'job {}', reason: 'an index', part: '\`position\`' },
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('load-test');
                export function startAll(count: number) {
                  return Array.from({ length: count }, (_, i) => {
                    const span = tracer.startSpan(\`worker-\${i}\`);
                    span.end();
                    return span;
                  });
                }
                export function named(jobs: string[]) {
                  jobs.forEach((job, position) => {
                    const span = tracer.startSpan('job {position}', { attributes: { position } });
                    span.end();
                  });
                }
                export function turn(event: { turnIndex?: number }) {
                  const name = event.turnIndex != null ? \`turn \${event.turnIndex}\` : 'turn';
                  const span = tracer.startSpan(name);
                  span.end();
                }
              `,
            },
          ],
        },
        { messageId: 'highCardinality', line: 18, data: { pattern: 'turn {}', reason: 'an index', part: '\`event.turnIndex\`' } },
      ],
    },
    {
      name: 'the message shows the branch of a chosen name that holds the reported part',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function open(useRegion: boolean, region: string, userId: string) {
          tracer.startSpan(useRegion ? \`region \${region}\` : userId).end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, data: { pattern: '{}', reason: 'an id', part: '\`userId\`' } }],
    },
    {
      name: 'a loop index in the name, even of a step (a position counts items, however few the steps)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('suites');
        export async function runSteps(steps: Array<() => Promise<void>>) {
          for (let stepIndex = 0; stepIndex < steps.length; stepIndex++) {
            await tracer.startActiveSpan(\`step \${stepIndex}\`, async (span) => {
              try {
                await steps[stepIndex]();
              } finally {
                span.end();
              }
            });
          }
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 5,
          data: { pattern: 'step {}', reason: 'a counter', part: '\`stepIndex\`' },
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('suites');
                export async function runSteps(steps: Array<() => Promise<void>>) {
                  for (let stepIndex = 0; stepIndex < steps.length; stepIndex++) {
                    await tracer.startActiveSpan('step {stepIndex}', { attributes: { stepIndex } }, async (span) => {
                      try {
                        await steps[stepIndex]();
                      } finally {
                        span.end();
                      }
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
      name: 'a project tracer whose startActiveSpan takes (name, fn, options) still exports the name (class, default from an option)',
      code: code`
        import { SpanStatusCode } from '@opentelemetry/api';
        import { tracer } from './tracer.js';
        export class InputStream {
          constructor(private readonly sessionId: string) {}
          waitOnce(options?: { spanName?: string }) {
            return tracer.startActiveSpan(
              options?.spanName ?? \`sessions.open(\${this.sessionId}).in.once()\`,
              async (span) => {
                span.setStatus({ code: SpanStatusCode.OK });
              },
              { attributes: { 'session.id': this.sessionId } },
            );
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 6, endLine: 7, data: { pattern: 'sessions.open({}).in.once()', reason: 'an id', part: '`this.sessionId`' } }],
    },
    {
      name: "a Durable Object id's name is the key it was made from (idFromName(room))",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('do');
        export function instrumentFetch(id: { name?: string }, fetch: () => Promise<Response>) {
          return tracer.startActiveSpan(\`Durable Object Fetch \${id.name}\`, async (span) => {
            try {
              return await fetch();
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, data: { pattern: 'Durable Object Fetch {}', reason: 'an id', part: '`id.name`' } }],
    },
    {
      name: "a span id is per span (the 'span' of spanId names no small set)",
      filename: 'x.js',
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('replay');
        exports.replay = function replay(event) {
          const span = tracer.startSpan(event.context.span_id, { startTime: event.start_time });
          span.end(event.end_time);
        };
      `,
      errors: [{ messageId: 'highCardinalityValue', line: 4, data: { pattern: '{}', reason: 'an id', part: '`event.context.span_id`' } }],
    },
    {
      name: 'a path said to be extracted from a URL is raw (extractPath(url))',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http-client');
        export function wrap(method: string, send: (url: string) => Promise<Response>) {
          return async (url: string) => {
            const spanName = url ? \`HTTP \${method} \${extractPath(url)}\` : \`HTTP \${method}\`;
            return tracer.startActiveSpan(spanName, async (span) => {
              try {
                return await send(url);
              } finally {
                span.end();
              }
            });
          };
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 6, data: { pattern: 'HTTP {} {}', reason: 'a raw path', part: '`extractPath(url)`' } }],
    },
    {
      name: "a parsed URL's path and a slice of query text are raw (a project's own startSpan helper, CommonJS)",
      filename: 'x.js',
      code: code`
        const { SpanKind } = require('@opentelemetry/api');
        const { startSpan } = require('./telemetry');
        function traceClient(method, urlObj, query) {
          const span = startSpan(\`\${method} \${urlObj.scheme}://\${urlObj.host}\${urlObj.path}\`, { kind: SpanKind.CLIENT });
          const dbSpan = startSpan(\`db \${query.slice(0, 20)}\`);
          return [span, dbSpan];
        }
        module.exports = { traceClient };
      `,
      errors: [
        { messageId: 'highCardinality', line: 4, data: { pattern: '{} {}://{}{}', reason: 'a raw path', part: '`urlObj.path`' } },
        { messageId: 'highCardinality', line: 5, data: { pattern: 'db {}', reason: 'query text', part: '`query`' } },
      ],
    },
    {
      name: "axios's request config.url is the request's URL",
      code: code`
        import axios from 'axios';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        axios.interceptors.request.use((config) => {
          const span = tracer.startSpan(\`HTTP \${config.method} \${config.url}\`);
          span.end();
          return config;
        });
      `,
      errors: [{ messageId: 'highCardinality', line: 5, data: { pattern: 'HTTP {} {}', reason: 'a URL', part: '`config.url`' } }],
    },
    {
      name: 'a wrapper tracer (not OpenTelemetry argument order) gets no suggestion to add an options argument',
      code: code`
        import { SpanStatusCode } from '@opentelemetry/api';
        import { tracer } from './tracer.js';
        export function load(userId: string) {
          return tracer.startActiveSpan(\`load \${userId}\`, async (span) => {
            span.setStatus({ code: SpanStatusCode.OK });
          }, { attributes: {} });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a project tracer module with a plain startSpan and no OpenTracing options is judged like any tracer',
      filename: 'x.js',
      code: code`
        const { tracer } = require('../tracing');
        class WebPlugin {
          start(req) {
            this.span = tracer.startSpan(\`web.request \${req.url}\`, { attributes: { component: 'web' } });
          }
        }
        module.exports = WebPlugin;
      `,
      errors: [{ messageId: 'highCardinality', line: 4 }],
    },
    {
      name: 'a job id is per item even though job names a small set',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function process(jobId: string) {
          const span = tracer.startSpan(\`process \${jobId}\`);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('jobs');
                export function process(jobId: string) {
                  const span = tracer.startSpan('process {jobId}', { attributes: { jobId } });
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a person's name (user.name) is unbounded",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function greet(user: { name: string }) {
          const span = tracer.startSpan('greet ' + user.name);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4 }],
    },
    {
      name: 'a NATS subject or an MQTT topic in the name is per message (clients put ids in them)',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { Msg } from 'nats';
        const tracer = trace.getTracer('nats');
        export function onMessage(m: Msg, subject: string) {
          tracer.startSpan(\`\${m.subject} process\`).end();
          tracer.startSpan(\`\${subject} request\`).end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 5,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                import type { Msg } from 'nats';
                const tracer = trace.getTracer('nats');
                export function onMessage(m: Msg, subject: string) {
                  tracer.startSpan('{subject} process', { attributes: { subject: m.subject } }).end();
                  tracer.startSpan(\`\${subject} request\`).end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'highCardinality',
          line: 6,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                import type { Msg } from 'nats';
                const tracer = trace.getTracer('nats');
                export function onMessage(m: Msg, subject: string) {
                  tracer.startSpan(\`\${m.subject} process\`).end();
                  tracer.startSpan('{subject} request', { attributes: { subject } }).end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'an MQTT topic in the name is per message',
      code: code`
        import { trace } from '@opentelemetry/api';
        import mqtt from 'mqtt';
        const tracer = trace.getTracer('mqtt');
        const client = mqtt.connect('mqtt://127.0.0.1');
        client.on('message', (topic: string) => {
          tracer.startSpan(topic + ' receive').end();
        });
      `,
      errors: [{ messageId: 'highCardinality', line: 6 }],
    },
    {
      name: "a file's name is unbounded whatever holds it (bucketFileName), and a token's sub is a user, not a subscription",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('files');
        declare function getUserName(id: string): string;
        export function upload(bucketFileName: string, claims: { sub: string }) {
          tracer.startSpan('upload ' + bucketFileName).end();
          tracer.startSpan('greet ' + getUserName(claims.sub)).end();
        }
      `,
      errors: [
        { messageId: 'highCardinality', line: 5 },
        { messageId: 'highCardinality', line: 6 },
      ],
    },
    {
      name: 'a counter counted up in the name itself is unbounded',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('test');
        let spanCounter = 0;
        export function tick() {
          tracer.startSpan('Span number: #' + spanCounter++).end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5 }],
    },
    {
      name: "a person's display or full name, directly or through a formatter of it, is unbounded",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        function normalizeDisplayName(name: string) {
          return name.trim();
        }
        export function greet(userFullName: string, member: { displayName: string }) {
          tracer.startSpan('greet ' + userFullName).end();
          tracer.startSpan('greet ' + normalizeDisplayName(member.displayName)).end();
        }
      `,
      errors: [
        { messageId: 'highCardinality', line: 7 },
        { messageId: 'highCardinality', line: 8 },
      ],
    },
    {
      name: 'a uuid from the uuid package (imported as uuidv4) differs every time',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { v4 as uuidv4 } from 'uuid';
        const tracer = trace.getTracer('jobs');
        export function enqueue() {
          const span = tracer.startSpan(\`job-\${uuidv4()}\`);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5 }],
    },
    {
      name: 'an id in a template literal, moved to an attribute by the suggestion',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function loadUser(id) {
          const span = tracer.startSpan(\`GET /users/\${id}\`);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('users');
                export function loadUser(id) {
                  const span = tracer.startSpan('GET /users/{id}', { attributes: { id } });
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'req.url in an express middleware span name',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        export function tracing(req, res, next) {
          const span = tracer.startSpan(\`HTTP \${req.url}\`);
          res.on('finish', () => span.end());
          next();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('http');
                export function tracing(req, res, next) {
                  const span = tracer.startSpan('HTTP {url}', { attributes: { url: req.url } });
                  res.on('finish', () => span.end());
                  next();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'method and raw request.originalUrl, with an options argument (no suggestion)',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        import type { Request, Response, NextFunction } from 'express';
        const tracer = trace.getTracer('http');
        export function tracing(request: Request, res: Response, next: NextFunction) {
          const span = tracer.startSpan(\`\${request.method} \${request.originalUrl}\`, { kind: SpanKind.SERVER });
          res.on('finish', () => span.end());
          next();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'string concatenation with a userId (no suggestion for concatenation)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('profiles');
        export async function loadProfile(userId) {
          const span = tracer.startSpan('profile.load ' + userId);
          try {
            return await profiles.get(userId);
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a conditional with an id on one branch',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export function open(orderId: string | null) {
          const span = tracer.startSpan(orderId ? 'order ' + orderId : 'order.new');
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a const name bound to a template with an orderId',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export async function ship(orderId: string) {
          const spanName = \`orders.ship.\${orderId}\`;
          const span = tracer.startSpan(spanName);
          try {
            await carrier.ship(orderId);
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'req.params.id in startActiveSpan(name, fn), moved to an attribute',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        app.get('/users/:id', (req, res) => {
          tracer.startActiveSpan(\`load \${req.params.id}\`, (span) => {
            res.json(load(req.params.id));
            span.end();
          });
        });
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('users');
                app.get('/users/:id', (req, res) => {
                  tracer.startActiveSpan('load {id}', { attributes: { id: req.params.id } }, (span) => {
                    res.json(load(req.params.id));
                    span.end();
                  });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'req.query.q search text',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('search');
        exports.search = async (req, res) => {
          const span = tracer.startSpan('search ' + req.query.q);
          try {
            res.json(await index.search(req.query.q));
          } finally {
            span.end();
          }
        };
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'req.body field in a fastify handler',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { FastifyRequest } from 'fastify';
        const tracer = trace.getTracer('signup');
        export async function signup(req: FastifyRequest<{ Body: { plan: string } }>) {
          const span = tracer.startSpan('signup ' + req.body.plan, { attributes: { source: 'web' } });
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'a url parameter in an HTTP client helper',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http-client');
        export async function get(url) {
          return tracer.startActiveSpan(\`GET \${url}\`, async (span) => {
            try {
              return await fetch(url);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('http-client');
                export async function get(url) {
                  return tracer.startActiveSpan('GET {url}', { attributes: { url } }, async (span) => {
                    try {
                      return await fetch(url);
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
      name: 'SQL text in a repository span, with options (no suggestion)',
      code: code`
        import { trace, SpanKind } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        export class OrderRepository {
          async query(sql: string, params: unknown[]) {
            const span = tracer.startSpan(\`pg \${sql}\`, { kind: SpanKind.CLIENT });
            try {
              return await this.pool.query(sql, params);
            } finally {
              span.end();
            }
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'a query argument in a search client (startSpan(name) gets the suggestion)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('search');
        export function search(query: string) {
          const span = tracer.startSpan(\`search: \${query}\`);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('search');
                export function search(query: string) {
                  const span = tracer.startSpan('search: {query}', { attributes: { query } });
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a prepared statement text',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sqlite');
        export function exec(db, statement) {
          const span = tracer.startSpan('sqlite.exec ' + statement);
          try {
            return db.prepare(statement).run();
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: "a user's email in a notification span",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('notify');
        export function notify(user: { email: string }) {
          return tracer.startActiveSpan(\`notify \${user.email}\`, (span) => {
            span.end();
          });
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('notify');
                export function notify(user: { email: string }) {
                  return tracer.startActiveSpan('notify {email}', { attributes: { email: user.email } }, (span) => {
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
      name: 'a token in an auth middleware span (options given)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export async function verify(token) {
          return tracer.startActiveSpan(\`verify \${token}\`, { attributes: { 'auth.scheme': 'bearer' } }, async (span) => {
            try {
              return await jwt.verify(token);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a commit sha in a deploy span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('deploy');
        export function deploy(commitSha: string) {
          const span = tracer.startSpan('deploy ' + commitSha);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'Date.now() in a batch span name (a call part has no attribute key)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('batch');
        export function flush(items) {
          const span = tracer.startSpan(\`batch-\${Date.now()}\`);
          items.length = 0;
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'new Date() concatenated into a report span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('reports');
        export function nightly() {
          const span = tracer.startSpan('report ' + new Date());
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'randomUUID() in a job span name (CommonJS)',
      filename: 'x.js',
      languageOptions: commonjs,
      code: code`
        const { randomUUID } = require('node:crypto');
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('jobs');
        module.exports.enqueue = function enqueue(job) {
          return tracer.startActiveSpan(\`job-\${randomUUID()}\`, (span) => {
            queue.push(job);
            span.end();
          });
        };
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'JSON.stringify of the arguments in a cache span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('cache');
        export function memo(args: unknown[]) {
          const span = tracer.startSpan(\`cache \${JSON.stringify(args)}\`);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'span.updateName with the raw originalUrl (updateName gets no suggestion)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function nameSpan(req, res, next) {
          const span = trace.getActiveSpan();
          span?.updateName(\`\${req.method} \${req.originalUrl}\`);
          next();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'this.tracer in a payments class, paymentId in the name',
      code: code`
        import { trace, type Tracer } from '@opentelemetry/api';
        export class PaymentService {
          private readonly tracer: Tracer = trace.getTracer('payments');
          charge(paymentId: string) {
            return this.tracer.startActiveSpan(\`charge \${paymentId}\`, (span) => {
              span.end();
            });
          }
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 5,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace, type Tracer } from '@opentelemetry/api';
                export class PaymentService {
                  private readonly tracer: Tracer = trace.getTracer('payments');
                  charge(paymentId: string) {
                    return this.tracer.startActiveSpan('charge {paymentId}', { attributes: { paymentId } }, (span) => {
                      span.end();
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
      name: 'Koa ctx.method with the raw ctx.path (two parts: no suggestion)',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('koa');
        export async function tracing(ctx, next) {
          const span = tracer.startSpan(\`\${ctx.method} \${ctx.path}\`);
          try {
            await next();
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'fastify request.url in an onRequest hook',
      code: code`
        import { trace } from '@opentelemetry/api';
        import type { FastifyInstance } from 'fastify';
        const tracer = trace.getTracer('fastify');
        export function register(app: FastifyInstance) {
          app.addHook('onRequest', async (request) => {
            const span = tracer.startSpan(request.method + ' ' + request.url);
            request.span = span;
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 6, suggestions: [] }],
    },
    {
      name: 'message.messageId in an SQS consumer, moved to an attribute',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sqs');
        export async function consume(message: { messageId: string; body: string }) {
          await tracer.startActiveSpan(\`process \${message.messageId}\`, async (span) => {
            try {
              await handle(message.body);
            } finally {
              span.end();
            }
          });
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('sqs');
                export async function consume(message: { messageId: string; body: string }) {
                  await tracer.startActiveSpan('process {messageId}', { attributes: { messageId: message.messageId } }, async (span) => {
                    try {
                      await handle(message.body);
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
      name: 'reportUnknown reports a part whose cardinality cannot be told',
      options: [{ reportUnknown: true }],
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('workers');
        export function process(thing: string) {
          const span = tracer.startSpan(\`process \${thing}\`, { kind: 0 });
          span.end();
        }
      `,
      errors: [{ messageId: 'unknownCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'reportUnknown: a name that is nothing but a value of unknown cardinality is shown as the value, not as a pattern',
      options: [{ reportUnknown: true }],
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('workers');
        export function process(thing: { label: string }) {
          const span = tracer.startSpan(summarize(thing));
          span.end();
        }
      `,
      errors: [
        {
          message:
            'The span name comes from `summarize(thing)`, which may take many values. Use a fixed name and put the value in an attribute, or list it in allowedIdentifiers.',
          line: 4,
          suggestions: [],
        },
      ],
    },
    {
      name: "a module's URL and hash change with every build: only its id is a registry's",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('loader');
        export function load(moduleUrl: string, moduleHash: string) {
          tracer.startSpan(\`import \${moduleUrl}\`).end();
          tracer.startSpan(\`import \${moduleHash}\`).end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          data: { pattern: 'import {}', reason: 'a URL', part: '\`moduleUrl\`' },
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('loader');
                export function load(moduleUrl: string, moduleHash: string) {
                  tracer.startSpan('import {moduleUrl}', { attributes: { moduleUrl } }).end();
                  tracer.startSpan(\`import \${moduleHash}\`).end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'highCardinality',
          line: 5,
          data: { pattern: 'import {}', reason: 'a hash', part: '\`moduleHash\`' },
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('loader');
                export function load(moduleUrl: string, moduleHash: string) {
                  tracer.startSpan(\`import \${moduleUrl}\`).end();
                  tracer.startSpan('import {moduleHash}', { attributes: { moduleHash } }).end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a lookup key in a nested span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('catalog');
        export function load(lookupKey: string) {
          return tracer.startActiveSpan('catalog.load', (outer) => {
            const inner = tracer.startSpan('cache.get ' + lookupKey);
            inner.end();
            outer.end();
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'an id behind String() and a fallback',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('sessions');
        export function resume(session) {
          const span = tracer.startSpan('session ' + String(session.id ?? 'anonymous'));
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'the client IP in a rate limiter span',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('ratelimit');
        export function limit(req, res, next) {
          const span = tracer.startSpan(\`ratelimit \${req.ip}\`);
          span.end();
          next();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('ratelimit');
                export function limit(req, res, next) {
                  const span = tracer.startSpan('ratelimit {ip}', { attributes: { ip: req.ip } });
                  span.end();
                  next();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a file path in an upload span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('storage');
        export async function upload(filePath: string) {
          return tracer.startActiveSpan('upload ' + filePath, async (span) => {
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'span.updateName inside an active span, with a userId',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function handle(userId) {
          return tracer.startActiveSpan('user.handle', (span) => {
            span.updateName(\`user.handle \${userId}\`);
            span.end();
          });
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'an id param typed as a string-literal union is still reported without type information',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('flags');
        export function evaluate(id: 'checkout-v2' | 'search-v3') {
          const span = tracer.startSpan('flag ' + id);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'an id destructured from req.params',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('users');
        export function show(req, res) {
          const { id } = req.params;
          const span = tracer.startSpan('users.show ' + id);
          res.json(users.get(id));
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'a session id in a login span',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('auth');
        export function login(session: { id: string }) {
          const span = tracer.startSpan('login ' + session.id);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a pathname parsed from the request URL',
      filename: 'x.js',
      code: code`
        import { createServer } from 'node:http';
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('server');
        createServer((req, res) => {
          const span = tracer.startSpan(\`\${req.method} \${new URL(req.url, 'http://localhost').pathname}\`);
          res.end('ok');
          span.end();
        });
      `,
      errors: [{ messageId: 'highCardinality', line: 5, suggestions: [] }],
    },
    {
      name: 'a request header value',
      filename: 'x.js',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('gateway');
        export function proxy(req, res) {
          const span = tracer.startSpan(\`proxy \${req.headers['x-request-id']}\`);
          forward(req, res).finally(() => span.end());
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('gateway');
                export function proxy(req, res) {
                  const span = tracer.startSpan('proxy {x-request-id}', { attributes: { 'x-request-id': req.headers['x-request-id'] } });
                  forward(req, res).finally(() => span.end());
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "a name with an apostrophe gets no suggestion (it would need escaping)",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('carts');
        export function open(cartId: string) {
          const span = tracer.startSpan(\`user's cart \${cartId}\`);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
    {
      name: 'a name under an as-assertion: the suggestion replaces the whole expression',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('invoices');
        export function render(invoiceId: string) {
          const span = tracer.startSpan(\`invoice \${invoiceId}\` as string);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('invoices');
                export function render(invoiceId: string) {
                  const span = tracer.startSpan('invoice {invoiceId}', { attributes: { invoiceId } });
                  span.end();
                }
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
const typedFile = 'cardinality-service.ts';

typedTester.run('span-name-cardinality (typed)', rule, {
  valid: [
    {
      name: 'an id typed as a union of string literals is bounded',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('flags');
        export function evaluate(id: 'checkout-v2' | 'search-v3') {
          const span = tracer.startSpan('flag ' + id);
          span.end();
        }
      `,
    },
    {
      name: 'a userTier typed as a union alias is bounded whatever its name',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        type Tier = 'free' | 'pro' | 'enterprise';
        const tracer = trace.getTracer('billing');
        export function bill(user: { userTier: Tier }) {
          const span = tracer.startSpan(\`billing.\${user.userTier}\`);
          span.end();
        }
      `,
    },
    {
      name: 'an enum-typed key is bounded',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        enum CacheKey {
          Users = 'users',
          Orders = 'orders',
        }
        const tracer = trace.getTracer('cache');
        export function warm(cacheKey: CacheKey) {
          return tracer.startActiveSpan(\`cache.warm \${cacheKey}\`, (span) => {
            span.end();
          });
        }
      `,
    },
    {
      name: 'a startSpan whose receiver type is not an OpenTelemetry Tracer',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        import { tracer } from './end-span-query-tracer.js';
        export const otel = trace.getTracer('shop');
        export function count(orderId: string) {
          const span = tracer.startSpan(\`count \${orderId}\`);
          span.end();
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'an id typed string is reported with type information too',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('orders');
        export function load(orderId: string) {
          const span = tracer.startSpan(\`orders.load \${orderId}\`);
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'highCardinality',
          line: 4,
          suggestions: [
            {
              messageId: 'moveToAttribute',
              output: code`
                import { trace } from '@opentelemetry/api';
                const tracer = trace.getTracer('orders');
                export function load(orderId: string) {
                  const span = tracer.startSpan('orders.load {orderId}', { attributes: { orderId } });
                  span.end();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a Tracer from a project module (no OpenTelemetry import here) is known from types',
      filename: typedFile,
      code: code`
        import { appTracer } from './end-span-tracing.js';
        export function loadCart(cartId: string) {
          const span = appTracer.startSpan('cart.load ' + cartId);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 3, suggestions: [] }],
    },
    {
      name: 'a bounded-sounding name typed as string still reports its id part',
      filename: typedFile,
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('tenants');
        export function migrate(region: 'eu' | 'us', tenantId: string) {
          const span = tracer.startSpan(region + '.migrate.' + tenantId);
          span.end();
        }
      `,
      errors: [{ messageId: 'highCardinality', line: 4, suggestions: [] }],
    },
  ],
});

// A span name built by a same-file function named only for being a name: what the function returns decides.
ruleTester.run('span-name-cardinality (a same-file name builder)', rule, {
  valid: [
    {
      name: 'the builder returns the method and the route template',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        function formatSpanName(request: Request, route: string) {
          return \`\${request.method} \${route}\`;
        }
        export function onRequest(request: Request, route: string) {
          return tracer.startSpan(formatSpanName(request, route));
        }
      `,
    },
    {
      name: "the builder's parameters are what each call passes: a method and a route template, or literals",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('http');
        function getSpanName(method: string, url: string) {
          return \`\${method} \${url}\`;
        }
        export function onRequest(req: { method: string; route: { path: string } }) {
          return tracer.startSpan(getSpanName(req.method, req.route.path));
        }
        export function health() {
          return tracer.startSpan(getSpanName('GET', '/healthz'));
        }
      `,
    },
    {
      name: 'a builder named for an operation is trusted (the SQL command, not the statement)',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('db');
        function parseOperationName(statement: string): string {
          const command = statement.trim().split(' ')[0];
          return statement.trim().slice(0, statement.indexOf(' ')).toUpperCase() || command;
        }
        export function query(sql: string) {
          return tracer.startSpan(parseOperationName(sql));
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'the builder falls back to the raw URL when no route matched (CommonJS)',
      filename: 'telemetry.js',
      languageOptions: { sourceType: 'commonjs' },
      code: code`
        const { trace } = require('@opentelemetry/api');
        const tracer = trace.getTracer('http');
        function formatSpanName(request, route) {
          const { method, url } = request;
          return \`\${method} \${route ?? url}\`;
        }
        function onRequest(request) {
          const route = request.routeOptions?.url ?? null;
          return tracer.startSpan(formatSpanName(request, route));
        }
        module.exports = { onRequest };
      `,
      errors: [{ messageId: 'highCardinalityValue', line: 9, data: { pattern: '{}', reason: 'a URL', part: '`formatSpanName(request, route)`' } }],
    },
    {
      name: 'an arrow builder names the span after the crawled URL',
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('crawler');
        const getSpanName = (operation: string, url: string) => \`\${operation} \${url}\`;
        export async function scrape(url: string, fetchPage: (u: string) => Promise<string>) {
          const span = tracer.startSpan(getSpanName('scrape', url));
          try {
            return await fetchPage(url);
          } finally {
            span.end();
          }
        }
      `,
      errors: [{ messageId: 'highCardinalityValue', line: 5, data: { pattern: '{}', reason: 'a URL', part: "`getSpanName('scrape', url)`" } }],
    },
  ],
});
