/**
 * Where a fetch call goes, when the code says so: the host of a literal URL, decided before the code runs.
 *
 *   fetch('https://api.github.com/x')               host api.github.com
 *   fetch(`http://orders:3001/orders/${id}`)         host orders (the host part is static)
 *   fetch(`http://orders:${port}/x`)                 host orders (only the port is not)
 *   fetch('/api/orders'), fetch(`./x/${id}`)         relative: the page's own origin
 *   fetch(`https://${tenant}.openai.azure.com/x`)  a host ending in .openai.azure.com
 *   fetch(`https://${base}/x`), fetch(`${base}/x`)   not known before run time
 *
 * Also through `new URL(…)` (with a literal base), `new Request(…)`, `String(…)`, `.toString()`, `.href`, string
 * concatenation, and `const`s holding any of those. Anything else is decided by the helper at run time.
 */
import type { ASTPath } from 'jscodeshift';
import { canonicalHost, RELATIVE_URL_BASE } from '../../src/otel/propagation-targets.js';
import { isIdentifier, skipTypeWrappers } from '../../src/codemod/ast.js';
import { constInitializer } from './arguments.js';

type AnyNode = { type: string; [key: string]: unknown };

export type Target =
  /** Resolved against the page (or a `new URL` base): never leaves the origin it was loaded from. */
  | { kind: 'relative' }
  | { kind: 'host'; host: string }
  /** A host whose start is only known at run time and whose end is static: `https://${tenant}.openai.azure.com/`. */
  | { kind: 'hostEnd'; end: string }
  /** A URL fetch sends no trace context to: another scheme (`data:`), or no valid URL at all. */
  | { kind: 'other'; what: string }
  | { kind: 'dynamic' };

const DYNAMIC: Target = { kind: 'dynamic' };
const MAX_DEPTH = 4;

/** Text of a URL with holes (null) where run-time values go. */
type Parts = (string | null)[];

export function staticTarget(path: ASTPath, node: AnyNode, depth = 0): Target {
  if (depth > MAX_DEPTH) return DYNAMIC;
  const input = skipTypeWrappers(node);
  switch (input.type) {
    case 'NewExpression': {
      const args = input.arguments as AnyNode[];
      if (isIdentifier(input.callee, 'Request') && args[0]) return staticTarget(path, args[0], depth + 1);
      if (!isIdentifier(input.callee, 'URL') || !args[0] || args.length > 2) return DYNAMIC;
      const url = staticTarget(path, args[0], depth + 1);
      if (url.kind !== 'relative') return url;
      if (!args[1]) return { kind: 'other', what: 'a relative URL without a base' };
      const base = staticTarget(path, args[1], depth + 1);
      return base.kind === 'relative' ? DYNAMIC : base;
    }
    case 'CallExpression': {
      const args = input.arguments as AnyNode[];
      const callee = input.callee as AnyNode;
      if (isIdentifier(callee, 'String') && args.length === 1) return staticTarget(path, args[0], depth + 1);
      if (callee.type === 'MemberExpression' && !callee.computed && isIdentifier(callee.property, 'toString') && args.length === 0) {
        return staticTarget(path, callee.object as AnyNode, depth + 1);
      }
      return DYNAMIC;
    }
    case 'MemberExpression':
      return !input.computed && isIdentifier(input.property, 'href') ? staticTarget(path, input.object as AnyNode, depth + 1) : DYNAMIC;
    case 'Identifier': {
      const constant = constInitializer(path, input.name as string);
      return constant ? staticTarget(constant.path, constant.init, depth + 1) : DYNAMIC;
    }
    default:
      return targetOfParts(partsOf(path, input, depth));
  }
}

/** The static text of a string expression, with holes for what is only known at run time. */
function partsOf(path: ASTPath, node: AnyNode, depth: number): Parts {
  const input = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return [null];
  switch (input.type) {
    case 'StringLiteral':
      return [input.value as string];
    case 'Literal':
      return typeof input.value === 'string' ? [input.value] : [null];
    case 'TemplateLiteral': {
      const quasis = input.quasis as { value: { cooked: string | null } }[];
      const expressions = input.expressions as AnyNode[];
      const parts: Parts = [];
      quasis.forEach((quasi, i) => {
        parts.push(quasi.value.cooked);
        if (expressions[i]) parts.push(...inlined(partsOf(path, expressions[i], depth + 1)));
      });
      return parts;
    }
    case 'BinaryExpression': {
      if (input.operator !== '+') return [null];
      const left = partsOf(path, input.left as AnyNode, depth + 1);
      const right = partsOf(path, input.right as AnyNode, depth + 1);
      // Only string concatenation: at least one side is known to be text.
      return left.some((part) => part !== null) || right.some((part) => part !== null) ? [...left, ...right] : [null];
    }
    case 'Identifier': {
      const constant = constInitializer(path, input.name as string);
      return constant ? partsOf(constant.path, constant.init, depth + 1) : [null];
    }
    default:
      return [null];
  }
}

/** Inside a template, an expression counts only when it is all text (`${BASE}`); else it is one hole. */
const inlined = (parts: Parts): Parts => (parts.every((part) => part !== null) ? [parts.join('')] : [null]);

const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const HTTP = /^https?:$/i;

function targetOfParts(parts: Parts): Target {
  if (parts.every((part) => part !== null)) return targetOfText(parts.join(''));
  // What the URL parser sees first: leading spaces and controls are dropped, tabs and newlines removed anywhere.
  const holeAt = parts.indexOf(null);
  const prefix = parts
    .slice(0, holeAt)
    .join('')
    .replace(/^[\u0000-\u0020]+/, '')
    .replace(/[\t\n\r]/g, '');
  const after = parts[holeAt + 1] ?? '';
  const isEnd = parts.slice(holeAt + 1).every((part) => part === '');
  const scheme = SCHEME.exec(prefix);
  if (scheme) {
    if (!HTTP.test(scheme[0])) return { kind: 'other', what: `a ${scheme[0].toLowerCase()} URL` };
    const rest = prefix.slice(scheme[0].length);
    return /^[\\/]{2}/.test(rest) ? authorityTarget(rest.slice(2), after, isEnd) : DYNAMIC;
  }
  if (/^[\\/]/.test(prefix)) {
    if (prefix.length < 2) return DYNAMIC; // `/${path}` may be `//other.host/…`
    return /^[\\/]{2}/.test(prefix) ? authorityTarget(prefix.slice(2), after, isEnd) : { kind: 'relative' };
  }
  if (prefix === '') return DYNAMIC;
  // A scheme is letters, digits, `+`, `-`, `.` up to a colon: any other character first makes the URL relative.
  return /^[a-z][a-z\d+.-]*$/i.test(prefix) ? DYNAMIC : { kind: 'relative' };
}

/**
 * The host of `//authority…` whose authority starts the static prefix: known when the authority ends inside the
 * prefix (`orders:3001/`), or when only its port is a hole (`orders:${port}` followed by `/`, `?`, `#` or the end).
 */
function authorityTarget(afterSlashes: string, after: string, isEnd: boolean): Target {
  const end = afterSlashes.search(/[\\/?#]/);
  if (end >= 0) return hostOf(`http://${afterSlashes.slice(0, end)}/`);
  const portHole = afterSlashes.endsWith(':') && !afterSlashes.includes('@') && (isEnd || /^[\\/?#]/.test(after));
  if (portHole) return hostOf(`http://${afterSlashes.slice(0, -1)}/`);
  // The hole is in the host and the authority ends in the static text after it: the host's end is known.
  const afterEnd = after.search(/[\\/?#]/);
  const hostEnd = afterEnd >= 0 && !afterSlashes.includes('@') ? after.slice(0, afterEnd).replace(/:\d*$/, '') : '';
  return /^[a-z\d._-]*\.[a-z\d._-]*$/i.test(hostEnd) ? { kind: 'hostEnd', end: hostEnd.toLowerCase() } : DYNAMIC;
}

function targetOfText(text: string): Target {
  let absolute: URL | null = null;
  try {
    absolute = new URL(text);
  } catch {
    // relative, or not a URL
  }
  if (absolute) {
    return HTTP.test(absolute.protocol) ? { kind: 'host', host: canonicalHost(absolute.hostname) } : { kind: 'other', what: `a ${absolute.protocol} URL` };
  }
  let resolved: URL;
  try {
    resolved = new URL(text, RELATIVE_URL_BASE);
  } catch {
    return { kind: 'other', what: 'an invalid URL' };
  }
  // `//host/x` takes the base's scheme only.
  return /^[\u0000-\u0020]*[\\/][\t\n\r]*[\\/]/.test(text) ? { kind: 'host', host: canonicalHost(resolved.hostname) } : { kind: 'relative' };
}

function hostOf(url: string): Target {
  try {
    return { kind: 'host', host: canonicalHost(new URL(url).hostname) };
  } catch {
    return { kind: 'other', what: 'an invalid URL' };
  }
}

