import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-deprecated-semconv.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('no-deprecated-semconv', rule, {
  valid: [
    {
      name: "an application's own generic keys (state, pool.name: once db.client.connection metric attributes) are its own",
      code: code`
        import { trace } from '@opentelemetry/api';
        const tracer = trace.getTracer('jobs');
        export function run(job, pool) {
          return tracer.startActiveSpan('job run', { attributes: { state: job.state, 'pool.name': pool.name } }, (span) => {
            try {
              span.setAttribute('state', 'running');
              return job.run();
            } finally {
              span.end();
            }
          });
        }
      `,
    },
    {
      name: "a project's own SEMATTRS_ constant is not the package's",
      code: code`
        const SEMATTRS_HTTP_METHOD = 'method';
        export function tag(span, method) {
          span.setAttribute(SEMATTRS_HTTP_METHOD, method);
        }
      `,
    },
    {
      name: 'a deprecated key in a log message, a Map, or another option is no attribute key',
      code: code`
        import { trace } from '@opentelemetry/api';
        const seen = new Map([['http.method', 0]]);
        export function handle(logger, method) {
          logger.info('http.method was %s', method);
          seen.set('http.method', seen.get('http.method') + 1);
          return fetch('/x', { headers: { 'http.method': method } });
        }
        export const tracer = trace.getTracer('x');
      `,
    },
    {
      name: 'current exports and keys',
      code: code`
        import { ATTR_HTTP_REQUEST_METHOD, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
        import { resourceFromAttributes } from '@opentelemetry/resources';
        export const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'shop', 'deployment.environment.name': 'prod' });
        export function tag(span, method) {
          span.setAttribute(ATTR_HTTP_REQUEST_METHOD, method);
          span.setAttributes({ 'http.response.status_code': 200 });
        }
      `,
    },
    {
      name: 'SEMATTRS_ names imported from another module',
      code: code`
        import { SEMATTRS_HTTP_METHOD } from './semconv.js';
        export const key = SEMATTRS_HTTP_METHOD;
      `,
    },
    {
      name: "a DOM element's setAttribute with a one-argument call, and attributes of a non-span call",
      code: code`
        export function build(el, cache) {
          el.removeAttribute('http.method');
          cache.put('k', { attributes: { 'http.method': 'GET' } });
        }
      `,
    },
    {
      name: 'old and new keys written side by side on purpose (a migration keeping old dashboards)',
      code: code`
        export function tag(span, system) {
          span.setAttribute('db.system.name', system);
          span.setAttribute('db.system', system);
        }
      `,
    },
    {
      name: 'old key beside the new key written through the package constant, in the same function',
      code: code`
        import { ATTR_DB_SYSTEM_NAME, ATTR_HTTP_REQUEST_METHOD } from '@opentelemetry/semantic-conventions';
        export function tag(span, system, method) {
          span.setAttributes({ [ATTR_DB_SYSTEM_NAME]: system, 'db.system': system });
          span.setAttribute(ATTR_HTTP_REQUEST_METHOD, method);
          span.setAttribute('http.method', method);
        }
      `,
    },
    {
      // The package deprecates ATTR_GEN_AI_REQUEST_MODEL because its definition moved to the GenAI repository; the key
      // itself is still the convention there.
      name: 'keys whose definition moved to another semantic-conventions repository (gen_ai.*, enduser.id) are current',
      code: code`
        export async function chat(tracer, client, request, userId) {
          return tracer.startActiveSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': request.model } }, async (span) => {
            const reply = await client.complete(request);
            span.setAttributes({ 'gen_ai.usage.input_tokens': reply.usage.input, 'gen_ai.usage.output_tokens': reply.usage.output });
            span.setAttribute('enduser.id', userId);
            span.end();
            return reply;
          });
        }
      `,
    },
  ],
  invalid: [
    {
      name: "a re-export from the package hands the deprecated name on: the suggestion keeps the module's exported name",
      code: code`
        export { SEMRESATTRS_SERVICE_NAME, SEMATTRS_HTTP_METHOD as HTTP_METHOD, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
        export const SERVICE_TIER = 'service.tier';
      `,
      errors: [
        {
          messageId: 'sameKey',
          line: 1,
          column: 10,
          data: { name: 'SEMRESATTRS_SERVICE_NAME', replacement: 'ATTR_SERVICE_NAME', module: '@opentelemetry/semantic-conventions', value: 'service.name' },
          suggestions: [
            {
              messageId: 'useExport',
              data: { replacement: 'ATTR_SERVICE_NAME', module: '@opentelemetry/semantic-conventions' },
              output: code`
                export { ATTR_SERVICE_NAME as SEMRESATTRS_SERVICE_NAME, SEMATTRS_HTTP_METHOD as HTTP_METHOD, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
                export const SERVICE_TIER = 'service.tier';
              `,
            },
          ],
        },
        // The replacement lives in the incubating entry point: no local suggestion.
        { messageId: 'sameKey', line: 1, data: { name: 'SEMATTRS_HTTP_METHOD', replacement: 'ATTR_HTTP_METHOD', module: '@opentelemetry/semantic-conventions/incubating', value: 'http.method' }, suggestions: [] },
      ],
    },
    {
      name: 'an aliased re-export keeps its alias and the whole SemanticAttributes object is flagged',
      code: code`
        export { SEMRESATTRS_SERVICE_VERSION as SERVICE_VERSION, SemanticAttributes } from '@opentelemetry/semantic-conventions';
      `,
      errors: [
        {
          messageId: 'sameKey',
          suggestions: [
            {
              messageId: 'useExport',
              data: { replacement: 'ATTR_SERVICE_VERSION', module: '@opentelemetry/semantic-conventions' },
              output: code`
                export { ATTR_SERVICE_VERSION as SERVICE_VERSION, SemanticAttributes } from '@opentelemetry/semantic-conventions';
              `,
            },
          ],
        },
        { messageId: 'noReplacement', data: { name: 'SemanticAttributes', reason: 'use the ATTR_* and *_VALUE_* constants that replace its members' } },
      ],
    },
    {
      name: 'SEMATTRS_ import whose replacement lives in the incubating entry point: no local suggestion',
      code: code`
        import { SEMATTRS_HTTP_METHOD } from '@opentelemetry/semantic-conventions';
        export const key = SEMATTRS_HTTP_METHOD;
      `,
      errors: [{ messageId: 'sameKey', line: 1, data: { name: 'SEMATTRS_HTTP_METHOD', replacement: 'ATTR_HTTP_METHOD', module: '@opentelemetry/semantic-conventions/incubating', value: 'http.method' }, suggestions: [] }],
    },
    {
      name: 'SEMRESATTRS_SERVICE_NAME → ATTR_SERVICE_NAME in the same module: the import and every reference',
      code: code`
        import { SEMRESATTRS_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
        export const attributes = { [SEMRESATTRS_SERVICE_NAME]: 'shop' };
        export const short = { SEMRESATTRS_SERVICE_NAME };
        export { SEMRESATTRS_SERVICE_NAME };
      `,
      errors: [
        {
          messageId: 'sameKey',
          line: 1,
          suggestions: [
            {
              messageId: 'useExport',
              data: { replacement: 'ATTR_SERVICE_NAME', module: '@opentelemetry/semantic-conventions' },
              output: code`
                import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
                export const attributes = { [ATTR_SERVICE_NAME]: 'shop' };
                export const short = { SEMRESATTRS_SERVICE_NAME: ATTR_SERVICE_NAME };
                export { ATTR_SERVICE_NAME as SEMRESATTRS_SERVICE_NAME };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'aliased import: only the imported name changes',
      code: code`
        import { SEMRESATTRS_SERVICE_NAME as SERVICE } from '@opentelemetry/semantic-conventions';
        export const attributes = { [SERVICE]: 'shop' };
      `,
      errors: [
        {
          messageId: 'sameKey',
          line: 1,
          suggestions: [
            {
              messageId: 'useExport',
              output: code`
                import { ATTR_SERVICE_NAME as SERVICE } from '@opentelemetry/semantic-conventions';
                export const attributes = { [SERVICE]: 'shop' };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'TypeScript: a type position follows the rename',
      code: code`
        import { SEMRESATTRS_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
        type Key = typeof SEMRESATTRS_SERVICE_NAME;
        export const key: Key = SEMRESATTRS_SERVICE_NAME;
      `,
      errors: [
        {
          messageId: 'sameKey',
          line: 1,
          suggestions: [
            {
              messageId: 'useExport',
              output: code`
                import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
                type Key = typeof ATTR_SERVICE_NAME;
                export const key: Key = ATTR_SERVICE_NAME;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS destructuring require',
      code: code`
        const { SEMRESATTRS_SERVICE_NAME } = require('@opentelemetry/semantic-conventions');
        module.exports = { [SEMRESATTRS_SERVICE_NAME]: 'shop' };
      `,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'sameKey',
          line: 1,
          suggestions: [
            {
              messageId: 'useExport',
              output: code`
                const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions');
                module.exports = { [ATTR_SERVICE_NAME]: 'shop' };
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'namespace import: members, and SemanticAttributes members',
      code: code`
        import * as semconv from '@opentelemetry/semantic-conventions';
        export const a = semconv.SEMRESATTRS_SERVICE_NAME;
        export const b = semconv.SemanticAttributes.HTTP_METHOD;
        export const c = semconv.ATTR_SERVICE_NAME;
      `,
      errors: [
        {
          messageId: 'sameKey',
          line: 2,
          suggestions: [
            {
              messageId: 'useExport',
              output: code`
                import * as semconv from '@opentelemetry/semantic-conventions';
                export const a = semconv.ATTR_SERVICE_NAME;
                export const b = semconv.SemanticAttributes.HTTP_METHOD;
                export const c = semconv.ATTR_SERVICE_NAME;
              `,
            },
          ],
        },
        { messageId: 'sameKey', line: 3, data: { name: 'SemanticAttributes.HTTP_METHOD', replacement: 'ATTR_HTTP_METHOD', module: '@opentelemetry/semantic-conventions/incubating', value: 'http.method' } },
      ],
    },
    {
      name: 'CommonJS whole require, and the object used whole',
      code: code`
        const semconv = require('@opentelemetry/semantic-conventions');
        const { SemanticResourceAttributes } = require('@opentelemetry/semantic-conventions');
        exports.a = semconv.DbSystemValues.POSTGRESQL;
        exports.all = Object.values(SemanticResourceAttributes);
      `,
      languageOptions: commonjs,
      errors: [
        { messageId: 'sameKey', line: 3, data: { name: 'DbSystemValues.POSTGRESQL', replacement: 'DB_SYSTEM_VALUE_POSTGRESQL', module: '@opentelemetry/semantic-conventions/incubating', value: 'postgresql' } },
        { messageId: 'noReplacement', line: 4 },
      ],
    },
    {
      name: 'an ATTR_ constant whose key was renamed',
      code: code`
        import { ATTR_HTTP_METHOD } from '@opentelemetry/semantic-conventions/incubating';
        export const key = ATTR_HTTP_METHOD;
      `,
      errors: [
        { messageId: 'renamedKey', line: 1, data: { name: 'ATTR_HTTP_METHOD', value: 'http.method', newValue: 'http.request.method', replacement: 'ATTR_HTTP_REQUEST_METHOD', module: '@opentelemetry/semantic-conventions' }, suggestions: [] },
      ],
    },
    {
      name: 'deprecated keys written as strings: setAttribute, setAttributes, startSpan attributes, resources',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { resourceFromAttributes } from '@opentelemetry/resources';
        const tracer = trace.getTracer('db');
        export const resource = resourceFromAttributes({ 'deployment.environment': 'prod' });
        export function query(sql, target) {
          const span = tracer.startSpan('SELECT orders', { attributes: { 'db.statement': sql } });
          span.setAttribute("http.method", 'GET');
          span.setAttributes({ 'http.target': target });
          span.end();
        }
      `,
      errors: [
        {
          messageId: 'deprecatedKey',
          line: 4,
          data: { key: 'deployment.environment', to: 'deployment.environment.name' },
          suggestions: [
            {
              messageId: 'useKey',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { resourceFromAttributes } from '@opentelemetry/resources';
                const tracer = trace.getTracer('db');
                export const resource = resourceFromAttributes({ 'deployment.environment.name': 'prod' });
                export function query(sql, target) {
                  const span = tracer.startSpan('SELECT orders', { attributes: { 'db.statement': sql } });
                  span.setAttribute("http.method", 'GET');
                  span.setAttributes({ 'http.target': target });
                  span.end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'deprecatedKey',
          line: 6,
          data: { key: 'db.statement', to: 'db.query.text' },
          suggestions: [
            {
              messageId: 'useKey',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { resourceFromAttributes } from '@opentelemetry/resources';
                const tracer = trace.getTracer('db');
                export const resource = resourceFromAttributes({ 'deployment.environment': 'prod' });
                export function query(sql, target) {
                  const span = tracer.startSpan('SELECT orders', { attributes: { 'db.query.text': sql } });
                  span.setAttribute("http.method", 'GET');
                  span.setAttributes({ 'http.target': target });
                  span.end();
                }
              `,
            },
          ],
        },
        {
          messageId: 'deprecatedKey',
          line: 7,
          data: { key: 'http.method', to: 'http.request.method' },
          suggestions: [
            {
              messageId: 'useKey',
              output: code`
                import { trace } from '@opentelemetry/api';
                import { resourceFromAttributes } from '@opentelemetry/resources';
                const tracer = trace.getTracer('db');
                export const resource = resourceFromAttributes({ 'deployment.environment': 'prod' });
                export function query(sql, target) {
                  const span = tracer.startSpan('SELECT orders', { attributes: { 'db.statement': sql } });
                  span.setAttribute("http.request.method", 'GET');
                  span.setAttributes({ 'http.target': target });
                  span.end();
                }
              `,
            },
          ],
        },
        { messageId: 'deprecatedKeyNoReplacement', line: 8, data: { key: 'http.target', reason: 'Split to `url.path` and `url.query`.' } },
      ],
    },
    {
      name: "a project's own constant named like the new key's export does not count as the new key",
      code: code`
        const ATTR_DB_SYSTEM_NAME = 'db.kind';
        export function tag(span, system) {
          span.setAttributes({ [ATTR_DB_SYSTEM_NAME]: system, 'db.system': system });
        }
      `,
      errors: [
        {
          messageId: 'deprecatedKey',
          line: 3,
          data: { key: 'db.system', to: 'db.system.name' },
          suggestions: [
            {
              messageId: 'useKey',
              data: { to: 'db.system.name' },
              output: code`
                const ATTR_DB_SYSTEM_NAME = 'db.kind';
                export function tag(span, system) {
                  span.setAttributes({ [ATTR_DB_SYSTEM_NAME]: system, 'db.system.name': system });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: "an event's attributes (span.addEvent(name, {…})) hold attribute keys; its name and a time argument do not",
      code: code`
        export function retrying(span, error, attempt) {
          span.addEvent('http.method', Date.now());
          span.addEvent('retry', { 'http.status_code': error.status, 'retry.attempt': attempt });
        }
      `,
      errors: [
        {
          messageId: 'deprecatedKey',
          line: 3,
          data: { key: 'http.status_code', to: 'http.response.status_code' },
          suggestions: [
            {
              messageId: 'useKey',
              data: { to: 'http.response.status_code' },
              output: code`
                export function retrying(span, error, attempt) {
                  span.addEvent('http.method', Date.now());
                  span.addEvent('retry', { 'http.response.status_code': error.status, 'retry.attempt': attempt });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a key that depends on span kind has no suggestion',
      code: code`
        export function tag(span, host) {
          span.setAttribute('net.peer.name', host);
        }
      `,
      errors: [{ messageId: 'deprecatedKeyNoReplacement', line: 2 }],
    },
    {
      name: "a tracer wrapper shaped like startActiveSpan (withActiveSpan(name, { attributes }, fn)) holds attribute keys; withActiveSpan(span, fn) holds none",
      code: code`
        export function insertRow(tracer, db, row, parent) {
          return tracer.withActiveSpan('rows.insert', { attributes: { 'db.system': 'postgresql', 'db.collection.name': 'rows' } }, async () => {
            await withActiveSpan(parent, () => db.insert(row));
          });
        }
      `,
      errors: [
        {
          messageId: 'deprecatedKey',
          line: 2,
          data: { key: 'db.system', to: 'db.system.name' },
          suggestions: [
            {
              messageId: 'useKey',
              data: { to: 'db.system.name' },
              output: code`
                export function insertRow(tracer, db, row, parent) {
                  return tracer.withActiveSpan('rows.insert', { attributes: { 'db.system.name': 'postgresql', 'db.collection.name': 'rows' } }, async () => {
                    await withActiveSpan(parent, () => db.insert(row));
                  });
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});
