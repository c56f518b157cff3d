/**
 * The one place for what counts as a secret or as personal data in a name or a literal.
 * Rules ask this module; they do not keep their own word lists or token regexes.
 *
 * Names (baggage keys, header names, env names, variable and member names) are split into lowercase words over
 * case, `.`, `_`, `-` and camelCase (`x-api-key`, `API_KEY`, `apiKey` and `apikey` all read as `api key`) and matched
 * by whole words, never substrings: `tokenizer` and `prompt_tokens` are not `token`.
 * A name is sensitive when its LAST sensitive term is followed only by words that still denote the thing itself
 * (`token_value`, `api_key_v2`, `session.id`), not something about it (`token_count`, `session.duration_ms`,
 * `secret_name`, `password_policy`).
 */

export type SensitiveKind = 'secret' | 'pii';

export interface SensitiveTerm {
  kind: SensitiveKind;
  /** The term as people write it, for messages: `api key`, `date of birth`. */
  phrase: string;
}

export interface KeyClassification extends SensitiveTerm {
  /** The key's words, for messages and tests. */
  words: readonly string[];
}

export interface ClassifyOptions {
  /** Also report personal data (email, phone, ...). Default true. */
  pii?: boolean;
}

/** Credentials: anyone holding one of these can act as the user or the service. */
const SECRET_PHRASES = [
  'password', 'passwords', 'passwd', 'passphrase', 'one time password', 'otp', 'mfa code',
  'secret', 'secrets', 'client secret', 'secret key', 'shared secret', 'webhook secret',
  'token', 'access token', 'refresh token', 'id token', 'auth token', 'bearer token', 'api token', 'session token',
  'csrf token', 'xsrf token', 'security token',
  'api key', 'api keys', 'access key', 'access key id', 'secret access key', 'private key', 'signing key',
  'encryption key', 'master key', 'ssh key', 'license key',
  'authorization', 'proxy authorization', 'authorization header', 'auth header', 'basic auth', 'authorization code',
  'auth code',
  'credential', 'credentials',
  'cookie', 'cookies', 'set cookie', 'session', 'session id', 'session key', 'jsessionid', 'phpsessid', 'connect sid',
  'jwt', 'bearer',
  'card number', 'credit card', 'credit card number', 'debit card', 'cvv', 'cvv2', 'cvc', 'card verification code',
  'connection string', 'database url', 'db url',
] as const;

/** Personal data: identifies a person or is regulated on its own (GDPR, CCPA, PCI for card data above). */
const PII_PHRASES = [
  'email', 'email address', 'emails',
  'phone', 'phone number', 'telephone', 'mobile number', 'mobile phone', 'cell phone', 'msisdn',
  'ssn', 'social security number', 'national id', 'national identity number', 'national insurance number',
  'tax id', 'taxpayer id', 'passport number', 'driver license', 'drivers license', 'driving licence',
  'driver license number',
  'street address', 'home address', 'postal address', 'mailing address', 'billing address', 'shipping address',
  'residential address', 'address line', 'user address', 'customer address', 'contact address',
  'date of birth', 'dob', 'birth date', 'birthday',
  'first name', 'last name', 'full name', 'given name', 'family name', 'surname', 'maiden name',
  'iban', 'bank account', 'bank account number',
] as const;

/** Words after a term that still mean the term's own value (`token_value`, `cookie_header`, `api_key_b64`). */
const CARRIER_WORDS: ReadonlySet<string> = new Set([
  'value', 'val', 'str', 'string', 'header', 'raw', 'data', 'b64', 'base64', 'encoded', 'enc', 'text', 'plain',
  'plaintext', 'cleartext',
]);
const VERSION_WORD = /^(v?\d+)$/;

/** Words right before a term that turn it into a quantity or a flag: `max_token`, `num_secrets`, `has_password`. */
const QUANTITY_OR_FLAG_PREFIXES: ReadonlySet<string> = new Set([
  'max', 'min', 'num', 'total', 'remaining', 'used', 'count', 'has', 'is', 'uses', 'requires', 'needs',
]);

/**
 * Words right before `token` that make it something other than a credential: pagination cursors,
 * idempotency tokens, LLM usage counts written in the singular.
 */
const NON_CREDENTIAL_TOKEN_PREFIXES: ReadonlySet<string> = new Set([
  'page', 'pagination', 'continuation', 'cursor', 'next', 'prev', 'previous', 'sync', 'idempotency', 'cancellation',
  'cancel', 'resume', 'design', 'prompt', 'completion', 'input', 'output', 'cached', 'reasoning',
]);

/** The longest phrase, in words: bounds the window search. */
const MAX_TERM_WORDS = 4;

function buildTermTable(): Map<string, SensitiveTerm> {
  const table = new Map<string, SensitiveTerm>();
  const add = (kind: SensitiveKind, phrase: string): void => {
    const joined = phrase.replaceAll(' ', '');
    // `pass phrase` and `passphrase` meet the same words: the first spelling names the term.
    if (!table.has(joined)) table.set(joined, { kind, phrase });
  };
  for (const phrase of SECRET_PHRASES) add('secret', phrase);
  for (const phrase of PII_PHRASES) add('pii', phrase);
  return table;
}

const TERMS = buildTermTable();

/**
 * Splits a name into lowercase words over case, separators and camelCase:
 * `llm.usage.prompt_tokens` → llm usage prompt tokens; `X-API-Key` → x api key; `JWTToken` → jwt token;
 * `oauth2Token` → oauth2 token.
 */
export function splitKeyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

interface TermMatch {
  term: SensitiveTerm;
  start: number;
  end: number;
}

/**
 * Finds the sensitive term that ends last in `words`, preferring the longest one there
 * (`client_secret` is `client secret`, not `secret`). Words are also joined so `apikey`, `api_key`
 * and `API-Key` meet the same term.
 */
function lastTerm(words: readonly string[], terms: ReadonlyMap<string, SensitiveTerm>): TermMatch | null {
  let best: TermMatch | null = null;
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start + 1; end <= Math.min(words.length, start + MAX_TERM_WORDS); end++) {
      joined += words[end - 1];
      const term = terms.get(joined);
      if (!term) continue;
      if (!best || end > best.end || (end === best.end && start < best.start)) best = { term, start, end };
    }
  }
  return best;
}

function isCarrierTail(words: readonly string[]): boolean {
  return words.every((word) => CARRIER_WORDS.has(word) || VERSION_WORD.test(word));
}

function isNeutralisedByPrefix(words: readonly string[], match: TermMatch): boolean {
  if (match.start === 0) return false;
  const before = words[match.start - 1];
  if (QUANTITY_OR_FLAG_PREFIXES.has(before)) return true;
  return match.term.phrase === 'token' && NON_CREDENTIAL_TOKEN_PREFIXES.has(before);
}

/**
 * Classifies a name (a baggage key, header, env var, variable or member name).
 * Returns null for names that are not sensitive or that describe something about a secret rather than the secret.
 */
export function classifyKey(key: string, options: ClassifyOptions = {}): KeyClassification | null {
  const words = splitKeyWords(key);
  const match = lastTerm(words, TERMS);
  if (!match) return null;
  if (!isCarrierTail(words.slice(match.end))) return null;
  if (isNeutralisedByPrefix(words, match)) return null;
  if (match.term.kind === 'pii' && options.pii === false) return null;
  return { ...match.term, words };
}

/**
 * True when `key`'s words contain `pattern`'s words in a row (both normalised the same way), so
 * `denyKeys: ['tenant.secret']` also denies `app.tenantSecret`.
 */
export function keyContainsWords(key: string, pattern: string): boolean {
  const wanted = splitKeyWords(pattern).join(' ');
  if (wanted === '') return false;
  return ` ${splitKeyWords(key).join(' ')} `.includes(` ${wanted} `);
}

/** Known credential formats. Publishable keys (Stripe `pk_`) are public by design and not listed. */
const TOKEN_FORMATS: ReadonlyArray<{ format: string; pattern: RegExp }> = [
  { format: 'a JSON Web Token', pattern: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/ },
  { format: 'an AWS access key id', pattern: /^(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}$/ },
  { format: 'a GitHub token', pattern: /^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})$/ },
  { format: 'a Slack token', pattern: /^xox[abposre]-[A-Za-z0-9-]{10,}$/ },
  { format: 'a Stripe secret key', pattern: /^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}$/ },
  { format: 'an OpenAI API key', pattern: /^sk-(?:proj-)?[A-Za-z0-9_-]{32,}$/ },
  { format: 'a Google API key', pattern: /^AIza[0-9A-Za-z_-]{35}$/ },
  { format: 'an npm token', pattern: /^npm_[A-Za-z0-9]{36}$/ },
  { format: 'a PEM private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { format: 'an Authorization credential', pattern: /^(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}$/i },
  { format: 'a URL with a password in it', pattern: /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i },
];

/** Keys that are public by design (Stripe publishable keys): never reported, however random they look. */
const PUBLIC_KEY_FORMAT = /^pk_(?:live|test)_/;

/** High-entropy detection: only base64/base64url-alphabet strings this long are considered. */
const HIGH_ENTROPY_MIN_LENGTH = 20;
/** ...and only when they hold a run this long (no `-`/`_`) mixing upper case, lower case and digits. */
const HIGH_ENTROPY_MIN_RUN = 16;
/** Bits per character a string must reach (capped by what its length allows; see `entropyThreshold`). */
const HIGH_ENTROPY_BITS = 4.2;
/**
 * Identifiers made of words (`MyApplicationName2024Release`) split into long camelCase words; random keys into
 * fragments of one or two characters (99% of random base62 strings average under 3).
 */
const MAX_RANDOM_WORD_LENGTH = 3.5;
const ENTROPY_ALPHABET = /^[A-Za-z0-9+/_=-]+$/;
const HEX_OR_UUID = /^[0-9a-f-]+$/i;

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A string of n characters has at most log2(n) bits per character; ask for 85% of that, at most HIGH_ENTROPY_BITS. */
function entropyThreshold(length: number): number {
  return Math.min(HIGH_ENTROPY_BITS, 0.85 * Math.log2(length));
}

function hasMixedRun(text: string): boolean {
  return text
    .split(/[_-]+/)
    .some((run) => run.length >= HIGH_ENTROPY_MIN_RUN && /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run));
}

/** Average length of the camelCase/digit-run words: `ThisIsSomeName2` → 3.75, `Zx9pQ2mN` → 1.1. */
function averageWordLength(text: string): number {
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
  return words.length === 0 ? 0 : words.join('').length / words.length;
}

/**
 * True for random-looking keys: base64/base64url alphabet, at least HIGH_ENTROPY_MIN_LENGTH characters, a run of
 * mixed-case letters and digits, entropy over the threshold, not made of words. Hex strings and UUIDs are left out on
 * purpose: trace ids, request ids, commit hashes and content digests are hex and belong in telemetry; so are
 * upper-case-only ids such as ULIDs.
 */
export function isHighEntropySecret(text: string): boolean {
  if (text.length < HIGH_ENTROPY_MIN_LENGTH || !ENTROPY_ALPHABET.test(text) || HEX_OR_UUID.test(text)) return false;
  if (!hasMixedRun(text)) return false;
  return shannonEntropy(text) >= entropyThreshold(text.length) && averageWordLength(text) < MAX_RANDOM_WORD_LENGTH;
}

/**
 * Describes a literal that looks like a credential (`'a JSON Web Token'`, `'a high-entropy key'`), or null.
 */
export function describeSecretLiteral(text: string): string | null {
  const trimmed = text.trim();
  if (PUBLIC_KEY_FORMAT.test(trimmed)) return null;
  for (const { format, pattern } of TOKEN_FORMATS) if (pattern.test(trimmed)) return format;
  if (isHighEntropySecret(trimmed)) return 'a high-entropy key';
  return null;
}

/** `Bearer `, `Basic `, `Token ` at the start of a string being built: an Authorization credential. */
export const AUTH_SCHEME_PREFIX = /^\s*(?:Bearer|Basic|Token)\s/i;
