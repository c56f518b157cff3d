/**
 * Where a baggage value comes from, as far as the function shows it:
 *  - a request's credential headers (`req.headers.authorization`, `req.get('Cookie')`, `headers.get('x-api-key')`),
 *    its cookies, secret-looking `process.env` names;
 *  - literals shaped like tokens (see src/otel/sensitive.ts), `Bearer ${...}` credentials being built;
 *  - names: variables, members and getters named like secrets or personal data (`apiKey`, `user.email`).
 * Bindings are followed to their `const` initializer (or destructuring) at most MAX_HOPS times; string
 * operations (`split`, `slice`, `String(x)`, `Buffer.from(x).toString()`) keep a value sensitive. Calls to other
 * functions (`hash(token)`) are trusted: hashing and redacting are the usual fixes.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  AUTH_SCHEME_PREFIX,
  classifyKey,
  describeSecretLiteral,
  splitKeyWords,
  type SensitiveKind,
} from '../../src/otel/sensitive.js';
import { memberName, skipTypeWrappers, skipValueWrappers } from '../../src/otel/ast.js';
import { bindingValue, resolveVariable, type SourceCode, staticString } from '../../src/otel/bindings.js';

export interface ValueFinding {
  kind: SensitiveKind;
  /** What the value is, for the message: "the request's Authorization header". */
  source: string;
  /** Only a variable's or member's name says so; `allowKeys` silences these, not proven sources. */
  byName: boolean;
}

/** "Follow a const to its initializer once or twice." */
const MAX_HOPS = 2;
const MAX_QUOTED_LENGTH = 60;

/** Methods whose result still carries the receiver's secret. */
const STRING_DERIVING_METHODS: ReadonlySet<string> = new Set([
  'split', 'slice', 'substring', 'substr', 'trim', 'trimStart', 'trimEnd', 'replace', 'replaceAll', 'toString',
  'toLowerCase', 'toUpperCase', 'normalize', 'at', 'pop', 'shift', 'concat', 'padStart', 'padEnd', 'join', 'valueOf',
]);
/** Functions whose result still carries their first argument's secret. */
const PASSTHROUGH_FUNCTIONS: ReadonlySet<string> = new Set(['String', 'encodeURIComponent', 'encodeURI', 'btoa']);
/** Header readers: Express `req.get/header`, Node `getHeader`, WHATWG `Headers#get`. */
const NAMED_READ_METHODS: ReadonlySet<string> = new Set(['get', 'header', 'getHeader']);
/** Receivers whose named reads are request (or response) headers. */
const HTTP_MESSAGE_NAMES: ReadonlySet<string> = new Set([
  'req', 'request', 'ctx', 'context', 'c', 'incomingMessage', 'message', 'msg', 'res', 'response', 'headers',
]);
const COOKIE_JARS: ReadonlySet<string> = new Set(['cookies', 'signedCookies', 'cookieStore']);
/** `getAccessToken()`, `fetchApiKey()`: a getter's name says what it returns. */
const GETTER_VERB = /^(?:get|fetch|read|load|resolve)$/;

export class ValueSources {
  constructor(
    private readonly sourceCode: SourceCode,
    private readonly pii: boolean,
  ) {}

  /** The sensitive source of `node`'s value, or null when none is visible. */
  find(node: TSESTree.Node): ValueFinding | null {
    return this.trace(node, 0);
  }

  private trace(node: TSESTree.Node, hops: number): ValueFinding | null {
    const inner = skipValueWrappers(node, { throughAwait: true });
    switch (inner.type) {
      case AST_NODE_TYPES.Literal:
        return typeof inner.value === 'string' ? literalFinding(inner.value) : null;
      case AST_NODE_TYPES.TemplateLiteral:
        return this.traceTemplate(inner, hops);
      case AST_NODE_TYPES.BinaryExpression:
        if (inner.operator !== '+') return null;
        return this.trace(inner.left, hops) ?? this.trace(inner.right, hops) ?? authSchemeFinding(inner.left);
      case AST_NODE_TYPES.LogicalExpression:
        return this.trace(inner.left, hops) ?? this.trace(inner.right, hops);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.trace(inner.consequent, hops) ?? this.trace(inner.alternate, hops);
      case AST_NODE_TYPES.Identifier:
        return this.traceIdentifier(inner, hops);
      case AST_NODE_TYPES.MemberExpression:
        return this.traceMember(inner, hops);
      case AST_NODE_TYPES.CallExpression:
        return this.traceCall(inner, hops);
      default:
        return null;
    }
  }

  private traceTemplate(template: TSESTree.TemplateLiteral, hops: number): ValueFinding | null {
    if (template.expressions.length === 0) return literalFinding(template.quasis[0]?.value.cooked ?? '');
    for (const expression of template.expressions) {
      const finding = this.trace(expression, hops);
      if (finding) return finding;
    }
    const head = template.quasis[0]?.value.cooked ?? '';
    return AUTH_SCHEME_PREFIX.test(head) ? { kind: 'secret', source: authSchemeSource(head), byName: false } : null;
  }

  private traceIdentifier(id: TSESTree.Identifier, hops: number): ValueFinding | null {
    const variable = resolveVariable(this.sourceCode, id);
    const bound = variable && hops < MAX_HOPS ? bindingValue(variable) : null;
    if (bound) {
      const finding =
        bound.path.length === 0
          ? this.trace(bound.init, hops + 1)
          : this.classifyAccess([...accessChain(bound.init), ...bound.path], id.name);
      if (finding) return finding;
    }
    return this.byName(id.name, id.name);
  }

  private traceMember(member: TSESTree.MemberExpression, hops: number): ValueFinding | null {
    // `auth.split(' ')[1]`, `parts[0]`: an element of a sensitive value.
    if (member.computed && member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'number') {
      return this.trace(member.object, hops);
    }
    return this.classifyAccess(accessChain(member), this.quote(member));
  }

  private traceCall(call: TSESTree.CallExpression, hops: number): ValueFinding | null {
    const callee = skipValueWrappers(call.callee, { throughAwait: true });
    const firstArg = call.arguments.at(0);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (PASSTHROUGH_FUNCTIONS.has(callee.name)) return firstArg ? this.trace(firstArg, hops) : null;
      return this.getterByName(callee.name, call);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = memberName(callee);
    if (method === null) return null;
    const receiver = skipValueWrappers(callee.object, { throughAwait: true });
    if (STRING_DERIVING_METHODS.has(method)) return this.trace(receiver, hops);
    const receiverName = accessChain(receiver).at(-1);
    if (firstArg && ((receiverName === 'Buffer' && method === 'from') || (receiverName === 'JSON' && method === 'stringify'))) {
      return this.trace(firstArg, hops);
    }
    if (NAMED_READ_METHODS.has(method) && firstArg) {
      const name = staticString(this.sourceCode, firstArg);
      if (name !== null) return this.classifyNamedRead(receiver, name, method, call);
    }
    return this.getterByName(method, call);
  }

  /**
   * `process.env.X`, `req.headers.x`, `req.cookies.x`, `req.cookies`, else the last name:
   * `chain` is the access path as names (`['req', 'headers', 'authorization']`).
   */
  private classifyAccess(chain: readonly string[], quoted: string): ValueFinding | null {
    const last = chain.at(-1);
    if (last === undefined) return null;
    const parent = chain.at(-2);
    const grandparent = chain.at(-3);
    if (parent === 'env' && (grandparent === 'process' || grandparent === 'meta')) {
      return classifyKey(last, { pii: false })
        ? { kind: 'secret', source: `the environment variable ${last}`, byName: false }
        : null;
    }
    if (parent === 'headers') return this.header(last, grandparent);
    if (parent !== undefined && COOKIE_JARS.has(parent)) return this.cookie(last);
    if (COOKIE_JARS.has(last) && parent !== undefined) {
      return { kind: 'secret', source: "the request's cookies", byName: false };
    }
    return this.byName(last, quoted);
  }

  private classifyNamedRead(receiver: TSESTree.Node, name: string, method: string, call: TSESTree.CallExpression): ValueFinding | null {
    const chain = accessChain(receiver);
    const receiverName = chain.at(-1);
    if (receiverName === 'env') {
      return classifyKey(name, { pii: false }) ? { kind: 'secret', source: `the environment variable ${name}`, byName: false } : null;
    }
    if (receiverName !== undefined && COOKIE_JARS.has(receiverName)) return this.cookie(name);
    if (receiverName !== undefined && HTTP_MESSAGE_NAMES.has(receiverName)) {
      return this.header(name, receiverName === 'headers' ? chain.at(-2) : receiverName);
    }
    // `config.get('apiKey')`, `params.get('token')`: a value stored under a secret's name.
    return method === 'get' ? this.byName(name, this.quote(call)) : null;
  }

  private header(name: string, owner: string | undefined): ValueFinding | null {
    const term = classifyKey(name, { pii: this.pii });
    if (!term) return null;
    const whose = owner === 'res' || owner === 'response' ? "the response's" : "the request's";
    return { kind: term.kind, source: `${whose} ${displayHeader(name)} header`, byName: false };
  }

  private cookie(name: string): ValueFinding | null {
    const term = classifyKey(name, { pii: this.pii });
    return term ? { kind: term.kind, source: `the request's '${name}' cookie`, byName: false } : null;
  }

  private byName(name: string, quoted: string): ValueFinding | null {
    const term = classifyKey(name, { pii: this.pii });
    if (!term) return null;
    const what = term.kind === 'secret' ? 'a credential' : 'personal data';
    return { kind: term.kind, source: `'${quoted}' (named like ${what}: ${term.phrase})`, byName: true };
  }

  /** `getAccessToken()` → the words after the verb name a credential. */
  private getterByName(functionName: string, call: TSESTree.CallExpression): ValueFinding | null {
    const words = splitKeyWords(functionName);
    if (words.length < 2 || !GETTER_VERB.test(words[0] ?? '')) return null;
    return this.byName(words.slice(1).join('_'), this.quote(call));
  }

  private quote(node: TSESTree.Node): string {
    const text = this.sourceCode.getText(node).replace(/\s+/g, ' ');
    return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH - 1)}…` : text;
  }
}

/** `req.headers.authorization` → ['req', 'headers', 'authorization']; unknown links are '?'. */
function accessChain(node: TSESTree.Node): string[] {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return [inner.name];
    case AST_NODE_TYPES.ThisExpression:
      return ['this'];
    case AST_NODE_TYPES.MetaProperty:
      return [inner.meta.name, inner.property.name];
    case AST_NODE_TYPES.ChainExpression:
      return accessChain(inner.expression);
    case AST_NODE_TYPES.MemberExpression:
      return [...accessChain(inner.object), memberName(inner) ?? '?'];
    default:
      return ['?'];
  }
}

function literalFinding(text: string): ValueFinding | null {
  const format = describeSecretLiteral(text);
  return format ? { kind: 'secret', source: `a literal that looks like ${format}`, byName: false } : null;
}

function authSchemeFinding(node: TSESTree.Node): ValueFinding | null {
  const head = node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' ? node.value : null;
  return head !== null && AUTH_SCHEME_PREFIX.test(head) ? { kind: 'secret', source: authSchemeSource(head), byName: false } : null;
}

function authSchemeSource(head: string): string {
  const scheme = head.trim().split(/\s/)[0] ?? '';
  return `an Authorization credential ('${scheme} …')`;
}

/** `x-api-key` → `X-Api-Key`, `authorization` → `Authorization`. */
function displayHeader(name: string): string {
  return name
    .split('-')
    .map((part) => (part ? part.charAt(0).toUpperCase() + part.slice(1) : part))
    .join('-');
}
