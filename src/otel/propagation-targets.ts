/**
 * Where trace context may go: the team's own services, never third parties (W3C Trace Context, Privacy Considerations). The one
 * place for this knowledge: inject-propagation decides literal URLs with it, and writes the same regular expressions
 * and pattern list into the helper that decides the other URLs at run time (transforms/inject-propagation/helper.ts).
 *
 * A host is an own service when it is
 * - a single label: `localhost`, `orders` (a Docker Compose or Kubernetes service name);
 * - a loopback, private or link-local address: 127.0.0.0/8, 10/8, 172.16/12, 192.168/16, 169.254/16, ::1,
 *   fc00::/7, fe80::/10;
 * - matched by a pattern: the defaults below, plus the team's `propagateTo` patterns.
 * A relative URL stays on the page's own origin, so it is an own service too.
 *
 * Patterns are host names, without scheme, port or path: `api.shop.test` matches that host only; `*.corp.example`
 * matches every host under corp.example (`a.corp.example`, `a.b.corp.example`), not `corp.example` itself. Any port
 * matches.
 */

/**
 * A telemetry exporter's own source: a class that implements one of the SDK's exporter interfaces. Its requests carry
 * telemetry to a backend, not the traced operation: OpenTelemetry's own exporters send them with tracing suppressed,
 * and trace context there would only tie the export to whatever span happens to be active.
 */
export const EXPORTER_CLASS = /\bimplements\s+(?:[\w$]+\.)?(?:SpanExporter|LogRecordExporter|PushMetricExporter|MetricExporter)\b/;

/** Built-in patterns. `*.local` covers Kubernetes' `*.svc.cluster.local`; `*.localhost` is loopback (RFC 6761). */
export const DEFAULT_PROPAGATE_TO: readonly string[] = ['*.internal', '*.local', '*.localhost', '*.svc'];

/**
 * Hosts that are own services whatever the patterns, as `URL#hostname` spells them (lowercase, IPv4 in dotted
 * decimal, IPv6 compressed in brackets). The generated helper embeds their `source`.
 */
export const OWN_HOST_PATTERNS = {
  /** A single label: no dot, and not an IPv6 address. */
  singleLabel: /^[^.[\]]+$/,
  /** 127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16. */
  privateIPv4: /^(?:127\.\d+|10\.\d+|172\.(?:1[6-9]|2\d|3[01])|192\.168|169\.254)\.\d+\.\d+$/,
  /** ::1, fc00::/7 (first group fc00–fdff), fe80::/10 (fe80–febf). */
  privateIPv6: /^\[(?:::1|f[cd][\da-f]{2}:.*|fe[89ab][\da-f]:.*)\]$/,
} as const;

/** The base a relative URL is resolved against: it lands on localhost, an own service. */
export const RELATIVE_URL_BASE = 'http://localhost';

/** `URL#hostname` without a trailing dot (`api.github.com.` is `api.github.com`). */
export const canonicalHost = (hostname: string): string => hostname.toLowerCase().replace(/\.$/, '');

/** Whether `pattern` (canonical: see normalizeHostPattern) matches a canonical host. */
const hostMatchesPattern = (host: string, pattern: string): boolean =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;

/** Whether trace context may go to `hostname` (as `URL#hostname` gives it), given the full pattern list. */
export function isPropagationTarget(hostname: string, patterns: readonly string[]): boolean {
  const host = canonicalHost(hostname);
  if (host === '') return false;
  return (
    OWN_HOST_PATTERNS.singleLabel.test(host) ||
    OWN_HOST_PATTERNS.privateIPv4.test(host) ||
    OWN_HOST_PATTERNS.privateIPv6.test(host) ||
    patterns.some((pattern) => hostMatchesPattern(host, pattern))
  );
}

/**
 * Whether some host ending in `end` (the static end of a host whose start is only known at run time, as in
 * `https://${tenant}.openai.azure.com/`) may be an own service. False only when no start can make it one.
 */
export function mayEndOwnHost(end: string, patterns: readonly string[]): boolean {
  const tail = canonicalHost(end);
  // A start without a dot makes a single label when the end has none either; digits and dots may end an address.
  if (!tail.includes('.') || /^[\d.]*$/.test(tail)) return true;
  return patterns.some((pattern) => {
    // `*.x` matches hosts ending in `.x`: either end covers the other. A host name matches when it ends in `end`.
    const suffix = pattern.startsWith('*.') ? pattern.slice(1) : null;
    return suffix ? tail.endsWith(suffix) || suffix.endsWith(tail) : pattern.endsWith(tail);
  });
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const LABELS = /^[a-z\d_-]+(?:\.[a-z\d_-]+)*$/;
const EXPECTED = 'expected a host name (api.example.com) or *.suffix (*.corp.example), without scheme, port or path';

/**
 * A pattern as the matcher compares it (lowercase, punycode, IPv4/IPv6 as `URL#hostname` writes them), or a problem
 * in one line.
 */
export function normalizeHostPattern(raw: string): { pattern: string } | { problem: string } {
  const text = raw.trim().toLowerCase();
  const problem = (why: string) => ({ problem: `"${raw}" is not a host pattern: ${why}` });
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text;
  if (host === '') return problem(EXPECTED);
  const ipv6 = host.startsWith('[') && host.endsWith(']');
  if (/[\s/\\?#@*]/.test(host) || (!ipv6 && host.includes(':'))) return problem(EXPECTED);
  let canonical: string;
  try {
    canonical = canonicalHost(new URL(`http://${host}/`).hostname);
  } catch {
    return problem(EXPECTED);
  }
  const address = ipv6 || IPV4.test(canonical);
  if (wildcard && address) return problem('a *. pattern needs a domain name after it, not an IP address');
  if (!address && !LABELS.test(canonical)) return problem(EXPECTED);
  return { pattern: wildcard ? `*.${canonical}` : canonical };
}

/** The problem with a pattern, or undefined when it is fine (for option validation). */
export function hostPatternProblem(raw: string): string | undefined {
  const result = normalizeHostPattern(raw);
  return 'problem' in result ? result.problem : undefined;
}

/** The defaults followed by the team's patterns, normalized, without repeats. Throws on a bad pattern. */
export function propagationPatterns(extra: readonly string[]): string[] {
  const patterns = [...DEFAULT_PROPAGATE_TO];
  for (const raw of extra) {
    const result = normalizeHostPattern(raw);
    if ('problem' in result) throw new Error(result.problem);
    if (!patterns.includes(result.pattern)) patterns.push(result.pattern);
  }
  return patterns;
}
