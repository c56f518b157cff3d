/**
 * otel/no-sensitive-baggage: secrets and personal data must not go into OpenTelemetry baggage, which every
 * propagator sends in a plain `baggage` header to every downstream service, third parties included.
 * What is baggage: ./no-sensitive-baggage/baggage-calls.ts. Where values come from: ./no-sensitive-baggage/value-sources.ts.
 * What is sensitive: src/otel/sensitive.ts.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { BAGGAGE_SET_ENTRY, CREATE_BAGGAGE } from '../src/otel/api.js';
import { classifyKey, keyContainsWords } from '../src/otel/sensitive.js';
import { fileMayHoldOtelValues, mentions } from '../src/otel/tracer-evidence.js';
import { createRule } from '../src/util/create-rule.js';
import { BaggageCalls, type BaggageWrite, methodCall } from './no-sensitive-baggage/baggage-calls.js';
import { ValueSources } from './no-sensitive-baggage/value-sources.js';

export interface Options {
  pii?: boolean;
  allowKeys?: string[];
  denyKeys?: string[];
}

export type MessageIds = 'secretKey' | 'piiKey' | 'deniedKey' | 'secretValue' | 'piiValue';

const PLAIN_HEADERS = 'Baggage is sent in plain headers to every downstream service, third parties included';

export default createRule<[Options], MessageIds>({
  name: 'no-sensitive-baggage',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets and personal data in OpenTelemetry baggage',
      recommended: true,
      usesTypeInformation: true,
    },
    messages: {
      secretKey: `Baggage key '{{key}}' names a credential ({{term}}). ${PLAIN_HEADERS}: keep credentials out of it.`,
      piiKey: `Baggage key '{{key}}' names personal data ({{term}}). ${PLAIN_HEADERS}: keep personal data out of it.`,
      deniedKey: `Baggage key '{{key}}' matches '{{pattern}}' in this project's denyKeys. ${PLAIN_HEADERS}.`,
      secretValue: `Baggage value comes from {{source}}. ${PLAIN_HEADERS}: keep credentials out of it.`,
      piiValue: `Baggage value comes from {{source}}. ${PLAIN_HEADERS}: keep personal data out of it.`,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          pii: {
            type: 'boolean',
            description: 'Disallow personal data (email, phone, national ids, addresses, dates of birth, names) too, not only credentials. Default true.',
          },
          allowKeys: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Exact baggage keys to allow even though their names look sensitive; values proven to be credentials (headers, env secrets, token literals) are still reported.',
          },
          denyKeys: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Extra keys to disallow, matched by words like the built-in list: `tenant.secret` also denies `app.tenantSecret`.',
          },
        },
      },
    ],
    defaultOptions: [{ pii: true, allowKeys: [], denyKeys: [] }],
  },
  create(context, [options]) {
    // Every write is recognized by OtelValues, which recognizes nothing in other files (see fileMayHoldOtelValues).
    if (!fileMayHoldOtelValues(context)) return {};
    const sourceCode = context.sourceCode;
    // Every way to reach baggage spells `Baggage`/`baggage`, and every write is createBaggage or setEntry.
    if (!mentions(sourceCode, 'aggage') || (!mentions(sourceCode, CREATE_BAGGAGE) && !mentions(sourceCode, BAGGAGE_SET_ENTRY))) return {};

    const pii = options.pii !== false;
    const allowKeys = new Set(options.allowKeys ?? []);
    const denyKeys = options.denyKeys ?? [];
    const calls = new BaggageCalls(context);
    const values = new ValueSources(context.sourceCode, pii);

    const check = (write: BaggageWrite): void => {
      const allowed = write.key !== null && allowKeys.has(write.key);
      if (write.key !== null && !allowed && reportKey(write.key, write.keyNode)) return;
      if (!write.valueNode) return;
      const finding = values.find(write.valueNode);
      if (!finding || (finding.byName && allowed)) return;
      context.report({
        node: write.valueNode,
        messageId: finding.kind === 'secret' ? 'secretValue' : 'piiValue',
        data: { source: finding.source },
      });
    };

    const reportKey = (key: string, node: TSESTree.Node): boolean => {
      const pattern = denyKeys.find((denied) => keyContainsWords(key, denied));
      if (pattern !== undefined) {
        context.report({ node, messageId: 'deniedKey', data: { key, pattern } });
        return true;
      }
      const term = classifyKey(key, { pii });
      if (!term) return false;
      context.report({ node, messageId: term.kind === 'secret' ? 'secretKey' : 'piiKey', data: { key, term: term.phrase } });
      return true;
    };

    return {
      CallExpression(node) {
        const call = methodCall(node);
        if (!call) return;
        let writes: BaggageWrite[] | null = null;
        if (call.method === CREATE_BAGGAGE) writes = calls.createBaggageWrites(node, call.receiver);
        else if (call.method === BAGGAGE_SET_ENTRY) writes = calls.setEntryWrites(node, call.receiver);
        writes?.forEach(check);
      },
    };
  },
});
