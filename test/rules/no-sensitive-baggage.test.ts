import { join } from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-sensitive-baggage.js';
import { code } from '../helpers/code.js';

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs' } as const;

ruleTester.run('no-sensitive-baggage', rule, {
  valid: [
    {
      name: 'LLM usage counts: prompt_tokens, max_tokens are numbers, not tokens',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export function withUsage(usage: { prompt_tokens: number; max_tokens: number }) {
          const bag = propagation.createBaggage({
            'llm.usage.prompt_tokens': { value: String(usage.prompt_tokens) },
            'llm.request.max_tokens': { value: String(usage.max_tokens) },
            'gen_ai.usage.input_tokens': { value: '512' },
          });
          return propagation.setBaggage(context.active(), bag);
        }
      `,
    },
    {
      name: 'token_count, tokenizer and a singular max_token are not credentials',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(tokenCount: number, tokenizer: string) {
          return propagation.getActiveBaggage()
            ?.setEntry('llm.token_count', { value: String(tokenCount) })
            .setEntry('llm.tokenizer', { value: tokenizer })
            .setEntry('llm.max_token', { value: '4096' });
        }
      `,
    },
    {
      name: 'session metrics are not session identifiers',
      code: code`
        import * as api from '@opentelemetry/api';
        export function sessionBaggage(startedAt: number) {
          return api.propagation.createBaggage({
            'session.duration_ms': { value: String(Date.now() - startedAt) },
            'session.count': { value: '3' },
          });
        }
      `,
    },
    {
      name: 'tenant and request ids, with a UUID literal',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        import { randomUUID } from 'node:crypto';
        export function enter(req: { tenantId: string }) {
          const bag = propagation.createBaggage({
            'tenant.id': { value: req.tenantId },
            'request.id': { value: randomUUID() },
            'debug.fixture': { value: '550e8400-e29b-41d4-a716-446655440000' },
          });
          return propagation.setBaggage(context.active(), bag);
        }
      `,
    },
    {
      name: 'hex trace ids and kebab-case names are not high-entropy secrets',
      code: code`
        import { propagation } from '@opentelemetry/api';
        const bag = propagation.createBaggage({
          'origin.trace': { value: '4bf92f3577b34da6a3ce929d0e0e4736' },
          'deploy.target': { value: 'checkout-service-production-eu-west-1' },
          'release.name': { value: 'MyApplicationName2024Release' },
        });
        export default bag;
      `,
    },
    {
      name: 'a Map-like setEntry in a file without OpenTelemetry',
      code: code`
        import { Registry } from './registry';
        const registry = new Registry();
        export function remember(password: string) {
          registry.setEntry('password', { value: password });
        }
      `,
    },
    {
      name: 'setEntry on a cache in an OpenTelemetry file: the receiver is not baggage',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { LruCache } from './lru';
        const cache = new LruCache();
        export function store(token: string) {
          trace.getActiveSpan()?.addEvent('cache');
          cache.setEntry('auth.token', { value: token });
        }
      `,
    },
    {
      name: 'a propagation object from another module',
      code: code`
        import { trace } from '@opentelemetry/api';
        import { propagation } from './internal/propagation';
        export const bag = propagation.createBaggage({ password: { value: 'x' } });
        export const tracer = trace.getTracer('svc');
      `,
    },
    {
      name: 'no OpenTelemetry import at all, same names',
      code: code`
        const propagation = { createBaggage: (entries) => entries };
        propagation.createBaggage({ 'user.password': { value: 'hunter2' } });
      `,
    },
    {
      name: 'keys that describe a secret rather than hold one',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({
          'auth.method': { value: 'oidc' },
          'auth.provider': { value: 'okta' },
          'secret_name': { value: 'prod/checkout/db' },
          'password_policy': { value: 'strict' },
          'cookie_consent': { value: 'granted' },
          'token_type': { value: 'refresh' },
        });
      `,
    },
    {
      name: 'pagination tokens are cursors',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function page(nextPageToken: string) {
          return propagation.getActiveBaggage()?.setEntry('page.cursor', { value: nextPageToken });
        }
      `,
    },
    {
      name: 'server.address is a host name, not a postal address',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({ 'server.address': { value: 'api.internal' } });
      `,
    },
    {
      name: 'allowKeys silences a key and values that are only named like secrets',
      options: [{ allowKeys: ['session.id'] }],
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tagSession(sessionId: string) {
          return propagation.createBaggage({ 'session.id': { value: sessionId } });
        }
      `,
    },
    {
      name: 'pii: false allows personal data keys and values',
      options: [{ pii: false }],
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tagUser(user: { email: string; phone: string }) {
          return propagation.createBaggage({
            'user.email': { value: user.email },
            'customer': { value: user.phone },
          });
        }
      `,
    },
    {
      name: 'a dynamic computed key with a harmless value stays silent',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(prefix: string, region: string) {
          return propagation.createBaggage({ [prefix + '.token']: { value: region } });
        }
      `,
    },
    {
      name: 'a hashed value: hashing is the usual fix',
      code: code`
        import { propagation } from '@opentelemetry/api';
        import { createHash } from 'node:crypto';
        const digest = (s: string) => createHash('sha256').update(s).digest('hex');
        export function tagUser(token: string) {
          return propagation.getActiveBaggage()?.setEntry('user.ref', { value: digest(token) });
        }
      `,
    },
    {
      name: 'non-credential request headers',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        import type { Request, Response, NextFunction } from 'express';
        export function baggageMiddleware(req: Request, _res: Response, next: NextFunction) {
          const bag = propagation.createBaggage({
            'tenant.id': { value: String(req.headers['x-tenant-id']) },
            'client.version': { value: req.get('x-client-version') ?? 'unknown' },
            'http.user_agent': { value: req.headers['user-agent'] ?? '' },
          });
          context.with(propagation.setBaggage(context.active(), bag), next);
        }
      `,
    },
    {
      name: 'harmless environment variables',
      code: code`
        const { propagation } = require('@opentelemetry/api');
        module.exports = propagation.createBaggage({
          'deployment.environment': { value: process.env.NODE_ENV },
          'service.version': { value: process.env['SERVICE_VERSION'] },
          'token.ttl': { value: process.env.TOKEN_TTL },
        });
      `,
      languageOptions: commonjs,
    },
    {
      name: 'reading and removing entries is fine',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function scrub() {
          const bag = propagation.getActiveBaggage();
          const leaked = bag?.getEntry('auth.token')?.value;
          return { leaked: !!leaked, bag: bag?.removeEntry('auth.token').removeEntries('session.id') };
        }
      `,
    },
    {
      name: 'span attributes are another rule\'s business',
      code: code`
        import { trace } from '@opentelemetry/api';
        export function tagSpan(user: { email: string }) {
          trace.getActiveSpan()?.setAttribute('user.email', user.email);
        }
      `,
    },
    {
      name: 'a class method writing harmless baggage through a Baggage field',
      code: code`
        import { propagation, type Baggage } from '@opentelemetry/api';
        export class TenantContext {
          private baggage: Baggage = propagation.createBaggage();
          constructor(private readonly tenant: { id: string; plan: string }) {}
          apply(): Baggage {
            this.baggage = this.baggage.setEntry('tenant.id', { value: this.tenant.id });
            return this.baggage.setEntry('tenant.plan', { value: this.tenant.plan });
          }
        }
      `,
    },
    {
      name: 'CommonJS express handler with a feature flag from a cookie that is not a credential',
      code: code`
        const api = require('@opentelemetry/api');
        module.exports = function handler(req, res) {
          const bag = api.propagation.createBaggage({ 'ui.theme': { value: req.cookies.theme } });
          api.context.with(api.propagation.setBaggage(api.context.active(), bag), () => res.end());
        };
      `,
      languageOptions: commonjs,
    },
    {
      name: 'values derived from counts named after tokens',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function usage(result: { usage: { totalTokens: number } }, tokens: string[]) {
          return propagation.createBaggage({
            'llm.total': { value: String(result.usage.totalTokens) },
            'llm.tokens.count': { value: String(tokens.length) },
          });
        }
      `,
    },
    {
      name: 'a Baggage parameter written with harmless keys',
      code: code`
        import type { Baggage } from '@opentelemetry/api';
        export function withRegion(baggage: Baggage, region: string): Baggage {
          return baggage.setEntry('cloud.region', { value: region });
        }
      `,
    },
    {
      name: 'without a visible entry object the value is unknown: silence',
      code: code`
        import { propagation, type BaggageEntry } from '@opentelemetry/api';
        export function put(entry: BaggageEntry) {
          return propagation.getActiveBaggage()?.setEntry('tenant.tier', entry);
        }
      `,
    },
    {
      name: 'sessions and tokens in the plural are collections or counts',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({
          'user.sessions': { value: '4' },
          'llm.completion_tokens': { value: '120' },
          'auth.user_id': { value: 'u-42' },
        });
      `,
    },
    {
      name: 'a ULID with a prefix is an id',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({ 'order.id': { value: 'order_01HZX3K4M5N6P7Q8R9S0T1V2W3' } });
      `,
    },
    {
      name: 'a const bound to a plain string key is read, and it is harmless',
      code: code`
        import { propagation } from '@opentelemetry/api';
        const TENANT_KEY = 'tenant.tier';
        export function tier(plan: string) {
          return propagation.getBaggage(propagation.createBaggage() as never)?.setEntry(TENANT_KEY, { value: plan });
        }
      `,
    },
    {
      name: 'no crash: decorators, class fields, private names, generators, using',
      code: code`
        import { propagation } from '@opentelemetry/api';
        declare const Injectable: () => ClassDecorator;
        @Injectable()
        export class Svc {
          #baggage = propagation.createBaggage();
          static count = 0;
          *entries() { yield* this.#baggage.getAllEntries(); }
          run() {
            using res = { [Symbol.dispose]() {} };
            this.#baggage = this.#baggage?.setEntry?.('tenant', { value: 'a' });
            return this.#baggage.setEntry(Symbol.iterator as never, { ...{ value: 'x' } });
          }
        }
      `,
    },
    {
      name: 'no crash: JSX and spread entries',
      filename: 'component.tsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      code: code`
        import { propagation } from '@opentelemetry/api';
        const extra = { region: { value: 'eu' } };
        export const bag = propagation.createBaggage({ ...extra, [Symbol.for('k') as never]: { value: 'x' } });
        export const View = () => <div data-region={bag.getEntry('region')?.value}>{String(bag.setEntry('a', { value: '1' }))}</div>;
      `,
    },
    {
      name: 'flags about credentials and public env variables',
      code: code`
        import otel from '@opentelemetry/api';
        export const bag = otel.propagation.createBaggage({
          'user.has_password': { value: 'true' },
          'app.base_url': { value: import.meta.env.VITE_PUBLIC_URL },
        });
      `,
    },
  ],
  invalid: [
    {
      name: 'a computed key held in a const, default import',
      code: code`
        import otel from '@opentelemetry/api';
        const AUTH_KEY = 'auth.bearer';
        export function tag(v: string) {
          return otel.propagation.createBaggage({ [AUTH_KEY]: { value: v } });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 4, data: { key: 'auth.bearer', term: 'bearer' } }],
    },
    {
      name: 'TS import-equals require and a Vite env secret',
      code: code`
        import api = require('@opentelemetry/api');
        export const bag = api.propagation.createBaggage({ partner: { value: import.meta.env.VITE_PARTNER_TOKEN } });
      `,
      errors: [{ messageId: 'secretValue', line: 2, data: { source: 'the environment variable VITE_PARTNER_TOKEN' } }],
    },
    {
      name: 'the whole cookie jar, stringified',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function snapshot(req: { cookies: Record<string, string> }) {
          return propagation.getActiveBaggage()?.setEntry('debug.state', { value: JSON.stringify(req.cookies) });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's cookies" } }],
    },
    {
      name: 'TS express handler puts the bearer token under a token key',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        import type { Request, Response } from 'express';
        export async function checkout(req: Request, res: Response) {
          const token = req.headers.authorization?.slice(7) ?? '';
          const bag = propagation.createBaggage({
            'user.token': { value: token },
          });
          await context.with(propagation.setBaggage(context.active(), bag), () => res.json({ ok: true }));
        }
      `,
      errors: [{ messageId: 'secretKey', line: 6, data: { key: 'user.token', term: 'token' } }],
    },
    {
      name: 'getActiveBaggage()?.setEntry with a password key',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function login(user: { name: string; password: string }) {
          const next = propagation.getActiveBaggage()?.setEntry('auth.password', { value: user.password });
          return next;
        }
      `,
      errors: [{ messageId: 'secretKey', line: 3 }],
    },
    {
      name: 'getBaggage(ctx).setEntry with a session id',
      code: code`
        import { propagation, context, type Context } from '@opentelemetry/api';
        export function tagSession(ctx: Context, sessionId: string) {
          const bag = propagation.getBaggage(ctx)!.setEntry('session.id', { value: sessionId });
          return propagation.setBaggage(ctx, bag);
        }
      `,
      errors: [{ messageId: 'secretKey', line: 3, data: { key: 'session.id', term: 'session id' } }],
    },
    {
      name: 'namespace import, identifier key apiKey',
      code: code`
        import * as api from '@opentelemetry/api';
        export function partner(key: string) {
          return api.propagation.createBaggage({ apiKey: { value: key } });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 3, data: { key: 'apiKey', term: 'api key' } }],
    },
    {
      name: 'CommonJS destructured require, email key',
      code: code`
        const { propagation, context } = require('@opentelemetry/api');
        function withUser(user, fn) {
          const bag = propagation.createBaggage({
            'user.email': { value: user.email },
          });
          return context.with(propagation.setBaggage(context.active(), bag), fn);
        }
        module.exports = { withUser };
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'piiKey', line: 4, data: { key: 'user.email', term: 'email' } }],
    },
    {
      name: 'CommonJS namespace require, x-api-key key',
      code: code`
        const opentelemetry = require('@opentelemetry/api');
        exports.forward = (req) =>
          opentelemetry.propagation.createBaggage({ 'x-api-key': { value: String(req.query.k) } });
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'secretKey', line: 3 }],
    },
    {
      name: 'the Authorization header under a harmless key',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        import type { Request, NextFunction, Response } from 'express';
        export function forwardCaller(req: Request, _res: Response, next: NextFunction) {
          const bag = propagation.createBaggage({ caller: { value: req.headers.authorization ?? '' } });
          context.with(propagation.setBaggage(context.active(), bag), next);
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "the request's Authorization header" } }],
    },
    {
      name: "req.headers['cookie']",
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function forward(req: { headers: Record<string, string | undefined> }) {
          return propagation.getActiveBaggage()?.setEntry('upstream.state', { value: req.headers['cookie'] ?? '' });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's Cookie header" } }],
    },
    {
      name: "Express req.get('Authorization') in middleware",
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export const baggage = (req, _res, next) => {
          const bag = propagation.createBaggage({ principal: { value: req.get('Authorization') } });
          context.with(propagation.setBaggage(context.active(), bag), next);
        };
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's Authorization header" } }],
    },
    {
      name: "fetch-style request.headers.get('authorization') in a route handler",
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export async function GET(request: Request) {
          const bag = propagation.createBaggage({
            'edge.caller': { value: request.headers.get('authorization') ?? 'anonymous' },
          });
          return context.with(propagation.setBaggage(context.active(), bag), () => fetch('http://127.0.0.1:3000/api'));
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "the request's Authorization header" } }],
    },
    {
      name: 'process.env.API_KEY',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const partnerBaggage = propagation.createBaggage({ partner: { value: process.env.API_KEY ?? '' } });
      `,
      errors: [{ messageId: 'secretValue', line: 2, data: { source: 'the environment variable API_KEY' } }],
    },
    {
      name: "process.env['DB_PASSWORD'] in CommonJS",
      code: code`
        const { propagation } = require('@opentelemetry/api');
        module.exports.debugBaggage = () =>
          propagation.getActiveBaggage().setEntry('db.debug', { value: process.env['DB_PASSWORD'] });
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: 'the environment variable DB_PASSWORD' } }],
    },
    {
      name: 'destructured from process.env',
      code: code`
        import { propagation } from '@opentelemetry/api';
        const { STRIPE_SECRET_KEY } = process.env;
        export function charge() {
          return propagation.createBaggage({ 'payment.provider_key': { value: STRIPE_SECRET_KEY! } });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: 'the environment variable STRIPE_SECRET_KEY' } }],
    },
    {
      name: 'a const followed twice: split Authorization header',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function forward(req: { headers: { authorization?: string } }) {
          const auth = req.headers.authorization ?? '';
          const credential = auth.split(' ')[1];
          return propagation.getActiveBaggage()?.setEntry('caller', { value: credential });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 5, data: { source: "the request's Authorization header" } }],
    },
    {
      name: 'a JWT literal',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const fixtureBaggage = propagation.createBaggage({
          'debug.claims': {
            value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
          },
        });
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: 'a literal that looks like a JSON Web Token' } }],
    },
    {
      name: 'an AWS access key literal and a GitHub token literal',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({
          'aws.caller': { value: 'AKIAIOSFODNN7EXAMPLE' },
          'ci.actor': { value: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
        });
      `,
      errors: [
        { messageId: 'secretValue', line: 3, data: { source: 'a literal that looks like an AWS access key id' } },
        { messageId: 'secretValue', line: 4, data: { source: 'a literal that looks like a GitHub token' } },
      ],
    },
    {
      name: 'a Bearer credential built in a template',
      code: code`
        import { propagation } from '@opentelemetry/api';
        declare function issue(): Promise<string>;
        export async function delegate() {
          return propagation.getActiveBaggage()?.setEntry('delegation', { value: \`Bearer \${await issue()}\` });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "an Authorization credential ('Bearer …')" } }],
    },
    {
      name: 'a class field named like a secret',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export class PartnerClient {
          constructor(private readonly config: { apiKey: string; baseUrl: string }) {}
          async call(path: string) {
            const bag = propagation.createBaggage({ 'partner.auth': { value: this.config.apiKey } });
            return context.with(propagation.setBaggage(context.active(), bag), () => fetch(this.config.baseUrl + path));
          }
        }
      `,
      errors: [{ messageId: 'secretValue', line: 5, data: { source: "'this.config.apiKey' (named like a credential: api key)" } }],
    },
    {
      name: 'personal data as a value under a harmless key',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tagCustomer(customer: { id: string; email: string }) {
          return propagation.getActiveBaggage()?.setEntry('customer', { value: customer.email });
        }
      `,
      errors: [{ messageId: 'piiValue', line: 3, data: { source: "'customer.email' (named like personal data: email)" } }],
    },
    {
      name: 'camelCase PII keys',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function profile(p: { phone: string; birthday: string; ssn: string }) {
          return propagation.createBaggage({
            userPhoneNumber: { value: p.phone },
            'customer.dateOfBirth': { value: p.birthday },
            national_id: { value: p.ssn },
          });
        }
      `,
      errors: [
        { messageId: 'piiKey', line: 4, data: { key: 'userPhoneNumber', term: 'phone number' } },
        { messageId: 'piiKey', line: 5, data: { key: 'customer.dateOfBirth', term: 'date of birth' } },
        { messageId: 'piiKey', line: 6, data: { key: 'national_id', term: 'national id' } },
      ],
    },
    {
      name: 'card numbers are credentials',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function pay(card: { number: string; cvv: string }) {
          return propagation.createBaggage({
            'payment.card_number': { value: card.number },
            'payment.cvv': { value: card.cvv },
          });
        }
      `,
      errors: [
        { messageId: 'secretKey', line: 4, data: { key: 'payment.card_number', term: 'card number' } },
        { messageId: 'secretKey', line: 5, data: { key: 'payment.cvv', term: 'cvv' } },
      ],
    },
    {
      name: 'chained setEntry from createBaggage()',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function build(tenant: string, jwt: string) {
          return propagation
            .createBaggage()
            .setEntry('tenant', { value: tenant })
            .setEntry('jwt', { value: jwt });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 6 }],
    },
    {
      name: 'a let baggage variable reassigned from setEntry',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export function refresh(refreshToken: string, fn: () => void) {
          let bag = propagation.getActiveBaggage() ?? propagation.createBaggage();
          bag = bag.setEntry('tenant', { value: 'acme' });
          bag = bag.setEntry('refresh_token', { value: refreshToken });
          context.with(propagation.setBaggage(context.active(), bag), fn);
        }
      `,
      errors: [{ messageId: 'secretKey', line: 5, data: { key: 'refresh_token', term: 'refresh token' } }],
    },
    {
      name: 'a Baggage-typed parameter in a helper',
      code: code`
        import type { Baggage } from '@opentelemetry/api';
        export function withCookie(bag: Baggage, cookie: string): Baggage {
          return bag.setEntry('cookie', { value: cookie });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 3 }],
    },
    {
      name: 'an aliased propagation import',
      code: code`
        import { propagation as prop } from '@opentelemetry/api';
        export const bag = prop.createBaggage({ client_secret: { value: 'x' } });
      `,
      errors: [{ messageId: 'secretKey', line: 2, data: { key: 'client_secret', term: 'client secret' } }],
    },
    {
      name: 'denyKeys adds project-specific keys, matched by words',
      options: [{ denyKeys: ['internal.user_ref'] }],
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(ref: string) {
          return propagation.createBaggage({ 'app.internalUserRef': { value: ref } });
        }
      `,
      errors: [{ messageId: 'deniedKey', line: 3, data: { key: 'app.internalUserRef', pattern: 'internal.user_ref' } }],
    },
    {
      name: 'computed keys that are string literals or plain templates',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(v: string) {
          return propagation.createBaggage({
            ['auth-token']: { value: v },
            [\`password\`]: { value: v },
          });
        }
      `,
      errors: [
        { messageId: 'secretKey', line: 4 },
        { messageId: 'secretKey', line: 5 },
      ],
    },
    {
      name: 'a key held in a const',
      code: code`
        import { propagation } from '@opentelemetry/api';
        const PASSWORD_KEY = 'user.password';
        export function tag(v: string) {
          return propagation.getActiveBaggage()?.setEntry(PASSWORD_KEY, { value: v });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 4, data: { key: 'user.password', term: 'password' } }],
    },
    {
      name: "Koa middleware ctx.get('Cookie')",
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export async function baggage(ctx, next) {
          const bag = propagation.createBaggage({ visitor: { value: ctx.get('Cookie') } });
          await context.with(propagation.setBaggage(context.active(), bag), next);
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's Cookie header" } }],
    },
    {
      name: 'an entry object held in a const',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function forward(req) {
          const entry = { value: req.headers['x-api-key'] };
          return propagation.getActiveBaggage()?.setEntry('client', entry);
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's X-Api-Key header" } }],
    },
    {
      name: 'allowKeys does not silence a proven credential',
      options: [{ allowKeys: ['session.id'] }],
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function tag(req: { headers: { cookie?: string } }) {
          return propagation.createBaggage({ 'session.id': { value: req.headers.cookie ?? '' } });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3 }],
    },
    {
      name: 'pii: false still reports credentials',
      options: [{ pii: false }],
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({
          'user.email': { value: 'a@example.com' },
          'user.password': { value: 'hunter2' },
        });
      `,
      errors: [{ messageId: 'secretKey', line: 4 }],
    },
    {
      name: 'a high-entropy literal',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export const bag = propagation.createBaggage({ partner: { value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
      `,
      errors: [{ messageId: 'secretValue', line: 2, data: { source: 'a literal that looks like a high-entropy key' } }],
    },
    {
      name: 'basic credentials encoded with Buffer',
      code: code`
        import { propagation } from '@opentelemetry/api';
        export function basic(user: string, password: string) {
          const encoded = Buffer.from(\`\${user}:\${password}\`).toString('base64');
          return propagation.getActiveBaggage()?.setEntry('upstream', { value: encoded });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "'password' (named like a credential: password)" } }],
    },
    {
      name: 'a destructured authorization header',
      code: code`
        const api = require('@opentelemetry/api');
        module.exports = function handler(req, res, next) {
          const { authorization } = req.headers;
          const bag = api.propagation.createBaggage({ caller: { value: authorization } });
          api.context.with(api.propagation.setBaggage(api.context.active(), bag), next);
        };
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "the request's Authorization header" } }],
    },
    {
      name: 'a session cookie from cookie-parser',
      code: code`
        import { propagation, context } from '@opentelemetry/api';
        export function tag(req, _res, next) {
          const bag = propagation.createBaggage({ visitor: { value: req.cookies['session_token'] } });
          context.with(propagation.setBaggage(context.active(), bag), next);
        }
      `,
      errors: [{ messageId: 'secretValue', line: 3, data: { source: "the request's 'session_token' cookie" } }],
    },
    {
      name: 'a parameter named baggage in an OpenTelemetry file',
      code: code`
        const { propagation } = require('@opentelemetry/api');
        function addAuth(baggage, token) {
          return baggage.setEntry('auth_token', { value: token });
        }
        module.exports = { addAuth, empty: propagation.createBaggage() };
      `,
      languageOptions: commonjs,
      errors: [{ messageId: 'secretKey', line: 3 }],
    },
    {
      name: 'a getter named after the credential',
      code: code`
        import { propagation } from '@opentelemetry/api';
        declare const auth: { getAccessToken(): Promise<string> };
        export async function delegate() {
          return propagation.createBaggage({ delegate: { value: await auth.getAccessToken() } });
        }
      `,
      errors: [{ messageId: 'secretValue', line: 4, data: { source: "'auth.getAccessToken()' (named like a credential: access token)" } }],
    },
  ],
});

/**
 * With type information the checker decides: a `setEntry` receiver typed as another class is not baggage even when it is
 * named `baggage`, and a Baggage returned by a helper is baggage even though no name says so.
 */
const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: { project: './tsconfig.json', tsconfigRootDir: join(import.meta.dirname, 'no-sensitive-baggage-fixture') },
  },
});

typedRuleTester.run('no-sensitive-baggage with type information', rule, {
  valid: [
    {
      name: 'an untyped receiver in a file that does not import OpenTelemetry',
      code: code`
        declare const baggage: any;
        export function remember(token: string) {
          return baggage.setEntry('token', { value: token });
        }
      `,
    },
    {
      name: 'a non-OpenTelemetry class named baggage',
      code: code`
        import { trace } from '@opentelemetry/api';
        class EntryStore {
          setEntry(key: string, entry: { value: string }) { return [key, entry]; }
        }
        export function remember(baggage: EntryStore, token: string) {
          trace.getActiveSpan()?.addEvent('remember');
          return baggage.setEntry('token', { value: token });
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a Baggage from a helper module, in a file that does not import OpenTelemetry itself',
      code: code`
        declare function currentBaggage(): import('@opentelemetry/api').Baggage;
        export function tag(email: string) {
          return currentBaggage().setEntry('user.email', { value: email });
        }
      `,
      errors: [{ messageId: 'piiKey', line: 3 }],
    },
    {
      name: 'a Baggage returned by a local helper',
      code: code`
        import { propagation } from '@opentelemetry/api';
        function current() {
          return propagation.getActiveBaggage() ?? propagation.createBaggage();
        }
        export function tag(token: string) {
          const b = current();
          return b.setEntry('auth.token', { value: token });
        }
      `,
      errors: [{ messageId: 'secretKey', line: 7 }],
    },
  ],
});
