import { describe, expect, it } from 'vitest';
import {
  classifyKey,
  describeSecretLiteral,
  isHighEntropySecret,
  keyContainsWords,
  shannonEntropy,
  splitKeyWords,
} from '../../src/otel/sensitive.js';

describe('splitKeyWords', () => {
  it.each([
    ['llm.usage.prompt_tokens', ['llm', 'usage', 'prompt', 'tokens']],
    ['x-api-key', ['x', 'api', 'key']],
    ['X-API-Key', ['x', 'api', 'key']],
    ['API_KEY', ['api', 'key']],
    ['apiKey', ['api', 'key']],
    ['JWTToken', ['jwt', 'token']],
    ['oauth2Token', ['oauth2', 'token']],
    ['customer.dateOfBirth', ['customer', 'date', 'of', 'birth']],
    ['session.duration_ms', ['session', 'duration', 'ms']],
    ['  ..__--  ', []],
  ])('%s', (key, words) => {
    expect(splitKeyWords(key)).toEqual(words);
  });
});

describe('classifyKey', () => {
  it.each([
    ['password', 'password'],
    ['db.password', 'password'],
    ['user_passwd', 'passwd'],
    ['client_secret', 'client secret'],
    ['stripe.secretKey', 'secret key'],
    ['AWS_SECRET_ACCESS_KEY', 'secret access key'],
    ['access_key_id', 'access key id'],
    ['auth.token', 'auth token'],
    ['user.token', 'token'],
    ['GITHUB_TOKEN', 'token'],
    ['refreshToken', 'refresh token'],
    ['csrf_token', 'csrf token'],
    ['apikey', 'api key'],
    ['X-API-Key', 'api key'],
    ['api_key_v2', 'api key'],
    ['authorization', 'authorization'],
    ['proxy-authorization', 'proxy authorization'],
    ['cookie', 'cookie'],
    ['set-cookie', 'set cookie'],
    ['session', 'session'],
    ['session.id', 'session id'],
    ['sessionId', 'session id'],
    ['JSESSIONID', 'jsessionid'],
    ['jwt', 'jwt'],
    ['private_key', 'private key'],
    ['creditCardNumber', 'credit card number'],
    ['payment.card_number', 'card number'],
    ['cvv', 'cvv'],
    ['DATABASE_URL', 'database url'],
    ['token_value', 'token'],
    ['cookie_header', 'cookie'],
  ])('%s is a credential (%s)', (key, phrase) => {
    expect(classifyKey(key)).toMatchObject({ kind: 'secret', phrase });
  });

  it.each([
    ['user.email', 'email'],
    ['e-mail', 'email'],
    ['userEmailAddress', 'email address'],
    ['user.phone', 'phone'],
    ['phone_number', 'phone number'],
    ['ssn', 'ssn'],
    ['national_id', 'national id'],
    ['billing_address', 'billing address'],
    ['customer.dateOfBirth', 'date of birth'],
    ['DOB', 'dob'],
    ['first_name', 'first name'],
    ['iban', 'iban'],
  ])('%s is personal data (%s)', (key, phrase) => {
    expect(classifyKey(key)).toMatchObject({ kind: 'pii', phrase });
  });

  it.each([
    // counts and limits
    'llm.usage.prompt_tokens', 'gen_ai.usage.input_tokens', 'max_tokens', 'llm.max_token', 'token_count', 'tokens',
    'num_secrets', 'has_password', 'user.is_session',
    // things about a secret, not the secret
    'tokenizer', 'token_type', 'TOKEN_TTL', 'token_expires_at', 'secret_name', 'password_policy', 'private_key_path',
    'auth.method', 'cookie_consent', 'session.duration_ms', 'session.count', 'sessions', 'id_token_hint',
    // cursors and other tokens that are not credentials
    'next_page_token', 'pageToken', 'continuation_token', 'idempotency_token',
    // look-alikes
    'server.address', 'client.address', 'phone.model', 'PWD', 'tenant.id', 'user.id', 'cache_key', 'passport.strategy',
    'email.verified',
  ])('%s is not sensitive', (key) => {
    expect(classifyKey(key)).toBeNull();
  });

  it('leaves personal data out when pii is false', () => {
    expect(classifyKey('user.email', { pii: false })).toBeNull();
    expect(classifyKey('user.password', { pii: false })).toMatchObject({ kind: 'secret' });
  });

  it('returns the key words', () => {
    expect(classifyKey('X-Auth-Token')?.words).toEqual(['x', 'auth', 'token']);
  });
});

describe('keyContainsWords', () => {
  it('matches word sequences across spellings', () => {
    expect(keyContainsWords('app.internalUserRef', 'internal.user_ref')).toBe(true);
    expect(keyContainsWords('INTERNAL_USER_REF', 'internalUserRef')).toBe(true);
  });
  it('does not match parts of words or scattered words', () => {
    expect(keyContainsWords('app.internalUserReference', 'internal.user_ref')).toBe(false);
    expect(keyContainsWords('user.internal.ref', 'internal.user')).toBe(false);
    expect(keyContainsWords('anything', '..')).toBe(false);
  });
});

describe('describeSecretLiteral', () => {
  it.each([
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'a JSON Web Token'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'a GitHub token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'a GitHub token'],
    ['xoxb-1234567890-abcdefghij', 'a Slack token'],
    ['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'a Stripe secret key'],
    ['Bearer abc.def.ghi', 'an Authorization credential'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'an Authorization credential'],
    ['postgres://app:hunter2@db:5432/shop', 'a URL with a password in it'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'a PEM private key'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'a high-entropy key'],
    ['Zx9pQ2mN8vL4kR7tY1wE', 'a high-entropy key'],
  ])('%s is %s', (text, format) => {
    expect(describeSecretLiteral(text)).toBe(format);
  });

  it.each([
    'pk_live_4eC39HqLyjWDarjtT1zdp7dc', // publishable: public by design
    '4bf92f3577b34da6a3ce929d0e0e4736', // trace id
    '550e8400-e29b-41d4-a716-446655440000', // UUID
    '01HZX3K4M5N6P7Q8R9S0T1V2W3', // ULID
    'order_01HZX3K4M5N6P7Q8R9S0T1V2W3',
    'checkout-service-production-eu-west-1',
    'MyApplicationName2024Release',
    'ThisIsSomeLongIdentifierName2',
    'user_1234567890_ABCDEFG',
    'https://api.example.com/v1/orders',
    'Bearer',
    'premium',
    '',
  ])('%s is not a credential', (text) => {
    expect(describeSecretLiteral(text)).toBeNull();
  });
});

describe('shannonEntropy and isHighEntropySecret', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('needs the minimum length', () => {
    expect(isHighEntropySecret('Zx9pQ2mN8vL4kR7tY1w')).toBe(false);
    expect(isHighEntropySecret('Zx9pQ2mN8vL4kR7tY1wE')).toBe(true);
  });

  it('flags nearly all random base62 keys of 32 characters', () => {
    // mulberry32 with a fixed seed keeps the test deterministic.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let seed = 42;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let flagged = 0;
    for (let i = 0; i < 500; i++) {
      let key = '';
      for (let j = 0; j < 32; j++) key += alphabet[Math.floor(random() * alphabet.length)];
      if (isHighEntropySecret(key)) flagged++;
    }
    expect(flagged).toBeGreaterThan(475);
  });
});
