/**
 * How many distinct values a span name can take, judged part by part: literals and constants are fixed; an id, a
 * URL or path, query text or a timestamp is unbounded; a method, a route template, an operation, class or function
 * name is a small set. Names follow bindings (`const name = \`GET ${path}\``) a few hops; with types, a union of
 * string literals or an enum is bounded whatever its name.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { assignedValues, resolveVariable } from '../../src/otel/bindings.js';
import { contains, type FunctionNode, ITERATION_METHODS, memberName, nameOf, skipTypeWrappers, walk } from '../../src/otel/ast.js';

export type PartKind =
  /** A literal or constant: one value. */
  | 'static'
  /** A small, known set of values (a method, a route template, a class name, an allowed identifier). */
  | 'low'
  /** Unbounded: ids, URLs and raw paths, query text, timestamps, user input. */
  | 'high'
  /** We cannot tell. */
  | 'unknown';

export interface NameJudgement {
  kind: PartKind;
  /** The part that decided the judgement (the first unbounded or unknown one). */
  part: TSESTree.Node | null;
  /** Why, for the message: "an id", "a raw URL or path". */
  reason: string;
}

export interface NameOptions {
  /** Identifiers (local names, or the last property of a member expression) known to hold few values. */
  allowedIdentifiers: ReadonlySet<string>;
}

const MAX_HOPS = 3;
const { DefinitionType } = TSESLint.Scope;

/** Words of a camelCase / snake_case / kebab name, lower case: `userId` → ['user', 'id']. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Words that make a name unbounded, with the phrase the message uses. */
const HIGH_WORDS: ReadonlyMap<string, string> = new Map([
  ['id', 'an id'],
  ['ids', 'ids'],
  ['uuid', 'an id'],
  ['guid', 'an id'],
  ['url', 'a URL'],
  ['uri', 'a URL'],
  ['href', 'a URL'],
  ['pathname', 'a raw path'],
  ['session', 'a session'],
  ['sql', 'query text'],
  ['statement', 'query text'],
  ['query', 'query text'],
  ['email', 'an email address'],
  ['token', 'a token'],
  ['hash', 'a hash'],
  ['sha', 'a hash'],
  ['timestamp', 'a timestamp'],
  ['time', 'a timestamp'],
  ['date', 'a date'],
  ['now', 'a timestamp'],
  ['nonce', 'a nonce'],
  ['prompt', 'user text'],
  ['input', 'user input'],
  ['payload', 'a payload'],
  ['body', 'a request body'],
  ['filename', 'a file name'],
  ['file', 'a file path'],
  ['filepath', 'a file path'],
  ['ip', 'an IP address'],
  ['address', 'an address'],
  ['phone', 'a phone number'],
  ['username', 'a user name'],
  ['user', 'a user'],
  ['key', 'a key'],
  ['cursor', 'a cursor'],
  ['offset', 'an offset'],
  ['index', 'an index'],
  ['idx', 'an index'],
  ['path', 'a raw path'],
]);

/** Unbounded only with a word that says whose (`requestPath`, `toPath`): a bare `path` is as often a route or procedure path. */
const HIGH_ONLY_QUALIFIED: ReadonlySet<string> = new Set(['path']);

/** Words that make a name a small set of values; they win over HIGH_WORDS (`routePath`, `operationId` do not). */
const LOW_WORDS: ReadonlySet<string> = new Set([
  'method', 'verb', 'route', 'router', 'template', 'pattern', 'operation', 'op', 'name', 'type', 'kind', 'command', 'cmd',
  'action', 'event', 'topic', 'queue', 'channel', 'subject', 'stream', 'model', 'provider', 'tool', 'agent', 'step',
  'task', 'job', 'workflow', 'activity', 'handler', 'controller', 'resource', 'entity', 'collection', 'table', 'db',
  'database', 'schema', 'service', 'component', 'module', 'plugin', 'class', 'constructor', 'function', 'fn', 'func',
  'category', 'stage', 'phase', 'status', 'level', 'mode', 'env', 'environment', 'region', 'bucket', 'label', 'prefix',
  'suffix', 'namespace', 'scope', 'layer', 'protocol', 'system', 'span', 'procedure', 'rpc', 'endpoint', 'hook',
  'lifecycle', 'middleware', 'resolver', 'field', 'target', 'host', 'hostname', 'service', 'feature', 'flag', 'loader',
  'strategy', 'driver', 'adapter', 'client', 'library', 'instrumentation', 'tracer', 'signal', 'phase', 'mutation',
  'subscription', 'sub', 'property', 'prop', 'attribute', 'step', 'store', 'cache', 'ns', 'tag', 'kind', 'family', 'role', 'direction', 'format', 'engine', 'dialect',
  'base',
]);

/**
 * Things defined in code, few of them: their id or key is as bounded as their name (`modelId`, `topicId`, `routeId`,
 * `propertyKey`, `route.id`). A job's, event's or workflow's id is per item and stays unbounded.
 */
const DEFINED_THINGS: ReadonlySet<string> = new Set([
  'model', 'topic', 'route', 'operation', 'op', 'step', 'function', 'func', 'fn', 'handler', 'property', 'prop', 'attribute',
  'sub', 'subscription', 'queue', 'provider', 'tool', 'type', 'kind', 'plugin', 'component', 'service', 'table', 'collection',
  'schema', 'field', 'region', 'bucket', 'channel', 'stream', 'endpoint', 'procedure', 'flag', 'feature', 'metric',
  'constructor', 'class', 'definition',
]);
/**
 * A word of a defined thing: `topicFullName`, `subDisplayName`. Not a lone `sub`, which is as often a token's subject (a
 * user id: `claims.sub`) as a subscription.
 */
const namesDefinedThing = (parts: readonly string[]): boolean =>
  parts.some((word) => DEFINED_THINGS.has(word) && (word !== 'sub' || parts.length > 1));

/**
 * `before` + `last` is the id or key of a defined thing (`modelId`, `routeKey`). A module's id too (`moduleId`, a
 * registry's): not its URL or hash, which change with every build.
 */
const idOfDefinedThing = (before: string, last: string): boolean => DEFINED_THINGS.has(before) || (before === 'module' && last === 'id');

/** `i++`, `--i`, `n += 1`: the identifier is counted up or down. */
function isCounting(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.UpdateExpression) return true;
  return (
    parent.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.left === identifier &&
    (parent.operator === '+=' || parent.operator === '-=') &&
    parent.right.type === AST_NODE_TYPES.Literal &&
    typeof parent.right.value === 'number'
  );
}

/** `name` is the second parameter of a callback an array method (or `Array.from`'s map function) calls with each index. */
function isIterationIndex(sourceCode: Readonly<TSESLint.SourceCode>, name: TSESTree.Node, fn: TSESTree.Node): boolean {
  if (!ASTUtils.isFunction(fn) || fn.params[1] !== name) return false;
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  if (method === 'from' && nameOf(callee.object) === 'Array') return call.arguments[1] === fn;
  // Array iteration methods pass (item, index); `reduce` passes (accumulator, item).
  if (method === null || method === 'reduce' || !ITERATION_METHODS.has(method) || call.arguments[0] !== fn) return false;
  // A Map's, Set's, Headers' or URLSearchParams' forEach passes a key, not a position.
  return method !== 'forEach' || !isKeyedCollection(sourceCode, callee.object);
}

const KEYED_COLLECTION_CLASS = /^(Map|WeakMap|Set|Headers|URLSearchParams|FormData)$/;
const KEYED_COLLECTION_WORD = /^(map|set|headers|params|dict|lookup|registry|entries)$/;

/** `new Map(...)`, or a value whose name ends like one (`handlersByKind`… `spanKindMap`, `searchParams`, `headers`). */
function isKeyedCollection(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  const receiver = skipTypeWrappers(node);
  if (receiver.type === AST_NODE_TYPES.NewExpression) return KEYED_COLLECTION_CLASS.test(nameOf(receiver.callee) ?? '');
  const name = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? memberName(receiver) : null;
  if (name === null) return false;
  const last = words(name).at(-1);
  if (last !== undefined && KEYED_COLLECTION_WORD.test(last)) return true;
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const init = resolveVariable(sourceCode, receiver)?.defs[0]?.node;
  const value = init?.type === AST_NODE_TYPES.VariableDeclarator && init.init ? skipTypeWrappers(init.init) : null;
  return value?.type === AST_NODE_TYPES.NewExpression && KEYED_COLLECTION_CLASS.test(nameOf(value.callee) ?? '');
}

/** Words of a position: unbounded whatever they count (an `iteration` or `attempt` is as often capped: not listed). */
const COUNTER_WORDS: ReadonlySet<string> = new Set(['index', 'idx']);
const PERSON_NAME = "a person's name";
/** Holders of a person's or a file's name: `user.name`, `fileName`. */
const NAME_HOLDERS = /^(user|customer|person|author|member|contact|account|file|owner|display|first|last|full)$/;

/** What a name's words say: a phrase for an unbounded one, 'low' for a bounded one, null when they say nothing. */
function byWords(name: string): { kind: 'low' } | { kind: 'high'; reason: string } | null {
  const parts = words(name);
  if (parts.some((word) => LOW_WORDS.has(word))) {
    const last = parts[parts.length - 1];
    const before = parts[parts.length - 2];
    // `modelId`, `topicId`, `routeId`, `propertyKey`: the id or key of something from a small set is as bounded.
    // `sessionId` and `requestPath` are not; `userName` is a person's.
    const lastReason = last ? HIGH_WORDS.get(last) : undefined;
    // `routePath`, `resourcePath`, `templatePath`, `basePath`: the path of something from a small set.
    if (last === 'path') return { kind: 'low' };
    // An index or counter of anything counts items (`stepIndex`, `caseIdx`), however few the things are.
    if (lastReason !== undefined && !LOW_WORDS.has(last) && (!(before && idOfDefinedThing(before, last)) || COUNTER_WORDS.has(last))) {
      return { kind: 'high', reason: lastReason };
    }
    // `userName`, `fileName`, `bucketFileName`, `displayName`; not `topicFullName` or `serviceDisplayName`: the
    // display name of a defined thing.
    if (last === 'name' && before && NAME_HOLDERS.test(before) && (before === 'file' || !namesDefinedThing(parts))) {
      return { kind: 'high', reason: before === 'file' ? 'a file name' : PERSON_NAME };
    }
    return { kind: 'low' };
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts.length === 1 && HIGH_ONLY_QUALIFIED.has(parts[i])) break;
    const reason = HIGH_WORDS.get(parts[i]);
    if (reason) return { kind: 'high', reason };
  }
  return null;
}

/** Request properties that hold the raw target (high) or the matched route and method (low). */
const RAW_REQUEST_PROPERTIES: ReadonlySet<string> = new Set(['url', 'path', 'originalUrl', 'baseUrl', 'pathname', 'href', 'search']);
const REQUEST_NAME = /^(req|request|ctx|context|c|event|incoming|message|msg|url|location|u)$/i;

/** Calls whose result is never the same twice: `Date.now()`, `randomUUID()`, `JSON.stringify(x)`. */
const UNBOUNDED_CALLS = /^(now|random\w*|uuid\w*|v[1-7]|nanoid|cuid2?|ulid|stringify|toISOString|getTime|hrtime)$/i;
/**
 * Calls that keep their receiver's or argument's cardinality: `String(x)`, `x.toLowerCase()`, `sql.slice(0, 20)`,
 * `urlTemplate.replace(/\{\?[^}]+\}/g, '')`.
 */
const PASS_THROUGH_CALLS =
  /^(String|toString|toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|trim|trimStart|trimEnd|valueOf|slice|substring|substr|replace|replaceAll|normalize)$/;
const CONSTANT_CASE = /^[A-Z][A-Z0-9_]*$/;

/** `urlObj`, `parsedUrl`, `targetUri`: a URL object, unless a word says it is a pattern or a base (`urlPattern`, `baseUrl`). */
const rawUrlObject = (objectWords: readonly string[]): boolean =>
  (objectWords.includes('url') || objectWords.includes('uri')) && !objectWords.some((word) => LOW_WORDS.has(word));

/** NestJS's (and routing-controllers') parameter decorators that hand a handler the client's input. */
const REQUEST_INPUT_DECORATOR = /^(Body|Query|Param|Params|Headers|QueryParam|QueryParams|BodyParam|HeaderParam)$/;

/** A parameter decorated as request input: `@Body() dto`, `@Query('q') q`, `@Param('id') id`. */
function requestInput(def: TSESLint.Scope.Definition | undefined): boolean {
  if (def?.type !== DefinitionType.Parameter) return false;
  const param = def.name.parent.type === AST_NODE_TYPES.TSParameterProperty ? def.name.parent : def.name;
  const decorators = 'decorators' in param ? (param.decorators as TSESTree.Decorator[] | undefined) : undefined;
  return (decorators ?? []).some((decorator) => {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    return callee.type === AST_NODE_TYPES.Identifier && REQUEST_INPUT_DECORATOR.test(callee.name);
  });
}

/**
 * Messaging libraries whose destinations are addresses clients make up as they go, ids and all (NATS subjects such as
 * `orders.123.created`, MQTT topics such as `devices/abc/telemetry`), unlike a Kafka topic or a queue the application
 * declares once.
 */
const PER_ENTITY_DESTINATION_MODULES = /^(nats|@nats-io\/[\w-]+|mqtt|async-mqtt|mqtt-packet|aedes|mosca)$/;
/** The words for such a destination. */
const DESTINATION_WORDS: ReadonlySet<string> = new Set(['subject', 'topic']);

export class NameParts {
  /** While a same-file name builder's returns are judged: its parameters, with the arguments of the call followed. */
  private readonly argumentsOf = new Map<TSESLint.Scope.Variable, TSESTree.Node | null>();
  /** The file imports a library of PER_ENTITY_DESTINATION_MODULES (decided on first use). */
  private perEntityDestinations: boolean | undefined;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly options: NameOptions,
  ) {}

  /** `${msg.subject} process` in a NATS instrumentation, `${topic} publish` in an MQTT broker's: a per-message address. */
  private isPerEntityDestination(name: string): boolean {
    const last = words(name).at(-1);
    if (!last || !DESTINATION_WORDS.has(last)) return false;
    this.perEntityDestinations ??= this.sourceCode.ast.body.some(
      (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && PER_ENTITY_DESTINATION_MODULES.test(statement.source.value),
    );
    return this.perEntityDestinations;
  }

  /**
   * The judgement of a whole span name. A bare parameter passed through (`startSpan(name)` in a helper) is the
   * callers' choice: 'static' unless its own name says it is unbounded.
   */
  judgeName(node: TSESTree.Node): NameJudgement {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression) {
      const judged = this.judge(inner, 0);
      return judged.kind === 'unknown' ? { kind: 'static', part: null, reason: '' } : judged;
    }
    return this.judge(inner, 0);
  }

  /** The name as a pattern, literal text kept and each dynamic part written `{}`, following `const` bindings. */
  pattern(node: TSESTree.Node, focus?: TSESTree.Node, hops = 0): string {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.Literal) return String(inner.value);
    if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
      return inner.quasis
        .map((quasi, i) => String(quasi.value.cooked) + (i < inner.expressions.length ? '{}' : ''))
        .join('');
    }
    if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') return this.pattern(inner.left, focus, hops) + this.pattern(inner.right, focus, hops);
    // `id != null ? \`turn ${id}\` : 'turn'`, `options.name ?? \`GET ${path}\``: the branch holding the reported part,
    // else one with a dynamic part, is the name shown.
    if (inner.type === AST_NODE_TYPES.ConditionalExpression || (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&')) {
      const branches = inner.type === AST_NODE_TYPES.ConditionalExpression ? [inner.consequent, inner.alternate] : [inner.left, inner.right];
      const holding = focus && branches.find((branch) => contains(branch, focus));
      if (holding) return this.pattern(holding, focus, hops);
      const patterns = branches.map((branch) => this.pattern(branch, focus, hops));
      return patterns.find((pattern) => pattern.includes('{}') && pattern !== '{}') ?? patterns[0];
    }
    if (inner.type === AST_NODE_TYPES.Identifier && hops < MAX_HOPS) {
      const variable = resolveVariable(this.sourceCode, inner);
      const values = variable ? assignedValues(variable) : [];
      if (values.length === 1) return this.pattern(values[0], focus, hops + 1);
    }
    return '{}';
  }

  private judge(node: TSESTree.Node, hops: number): NameJudgement {
    const inner = skipTypeWrappers(node);
    const fixed: NameJudgement = { kind: 'static', part: null, reason: '' };
    const low: NameJudgement = { kind: 'low', part: null, reason: '' };
    const typed = this.typedKind(inner);
    if (typed) return typed === 'low' ? low : fixed;
    switch (inner.type) {
      case AST_NODE_TYPES.Literal:
        return fixed;
      case AST_NODE_TYPES.TemplateLiteral:
        return this.combine(inner.expressions.map((part) => this.judge(part, hops)));
      case AST_NODE_TYPES.BinaryExpression:
        return inner.operator === '+' ? this.combine([this.judge(inner.left, hops), this.judge(inner.right, hops)]) : fixed;
      case AST_NODE_TYPES.ConditionalExpression:
        return this.combine([this.judge(inner.consequent, hops), this.judge(inner.alternate, hops)]);
      case AST_NODE_TYPES.LogicalExpression:
        return this.combine([this.judge(inner.left, hops), this.judge(inner.right, hops)]);
      case AST_NODE_TYPES.Identifier:
        return this.identifier(inner, hops);
      case AST_NODE_TYPES.MemberExpression:
        return this.member(inner);
      case AST_NODE_TYPES.ChainExpression:
        return this.judge(inner.expression, hops);
      case AST_NODE_TYPES.CallExpression:
        return this.call(inner, hops);
      case AST_NODE_TYPES.NewExpression:
        return inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'Date'
          ? { kind: 'high', part: inner, reason: 'a date' }
          : { kind: 'unknown', part: inner, reason: '' };
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === 'typeof' ? low : fixed;
      // `'Span number: #' + spanCounter++`: a counter counted up in the name itself.
      case AST_NODE_TYPES.UpdateExpression:
        return { kind: 'high', part: inner, reason: 'a counter' };
      default:
        return { kind: 'unknown', part: inner, reason: '' };
    }
  }

  /** The worst part decides: unbounded, then unknown, then bounded, then fixed. */
  private combine(parts: NameJudgement[]): NameJudgement {
    return (
      parts.find((part) => part.kind === 'high') ??
      parts.find((part) => part.kind === 'unknown') ??
      parts.find((part) => part.kind === 'low') ?? { kind: 'static', part: null, reason: '' }
    );
  }

  private named(name: string, part: TSESTree.Node): NameJudgement {
    if (this.options.allowedIdentifiers.has(name) || CONSTANT_CASE.test(name)) return { kind: 'low', part: null, reason: '' };
    if (this.isPerEntityDestination(name)) return { kind: 'high', part, reason: 'a message subject or topic (NATS and MQTT clients put ids in them)' };
    const verdict = byWords(name);
    if (!verdict) return { kind: 'unknown', part, reason: '' };
    return verdict.kind === 'low' ? { kind: 'low', part: null, reason: '' } : { kind: 'high', part, reason: verdict.reason };
  }

  private identifier(id: TSESTree.Identifier, hops: number): NameJudgement {
    if (this.options.allowedIdentifiers.has(id.name)) return { kind: 'low', part: null, reason: '' };
    if (id.name === 'undefined') return { kind: 'static', part: null, reason: '' };
    const variable = resolveVariable(this.sourceCode, id);
    // A parameter of a name builder being followed: judged by the argument given for it (none: we cannot tell).
    const argument = variable && this.argumentsOf.get(variable);
    if (argument !== undefined) return argument ? this.judge(argument, hops + 1) : { kind: 'unknown', part: id, reason: '' };
    const def = variable?.defs[0];
    if (requestInput(def)) return { kind: 'high', part: id, reason: 'request data' };
    // `for (let i = 0; i < n; i++)`, `attempt += 1`: a counter takes as many values as it counts.
    if (variable && variable.references.some((reference) => reference.isWrite() && isCounting(reference.identifier))) {
      return { kind: 'high', part: id, reason: 'a counter' };
    }
    // `items.map((item, i) => ...)`, `Array.from({ length: n }, (_, i) => ...)`: the position an iteration passes.
    if (def?.type === DefinitionType.Parameter && isIterationIndex(this.sourceCode, def.name, def.node)) return { kind: 'high', part: id, reason: 'an index' };
    if (variable && def?.type === DefinitionType.Variable && def.node.id === def.name && hops < MAX_HOPS) {
      // Every value the variable is given (`let name = 'http'; if (id) name = \`GET /users/${id}\``).
      const values = assignedValues(variable);
      if (values.length > 0) {
        const judged = this.combine(values.map((value) => this.judge(value, hops + 1)));
        // `const name = someCall()` we cannot read: the variable's own name may still tell.
        if (judged.kind !== 'unknown') return judged;
      }
    }
    // Imported constants, enums and class names are fixed sets.
    if (def?.type === DefinitionType.ImportBinding && CONSTANT_CASE.test(id.name)) {
      return { kind: 'static', part: null, reason: '' };
    }
    if (
      def?.type === DefinitionType.ClassName ||
      def?.type === DefinitionType.FunctionName ||
      def?.type === DefinitionType.TSEnumName
    ) {
      return { kind: 'low', part: null, reason: '' };
    }
    return this.named(id.name, id);
  }

  private member(member: TSESTree.MemberExpression): NameJudgement {
    const property = memberName(member);
    if (property === null) return { kind: 'unknown', part: member, reason: '' };
    const object = skipTypeWrappers(member.object);
    const objectName = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? memberName(object) : null;
    // `Enum.Member`, `SpanNames.LOAD`, `this.constructor.name`, `fn.name`, `Class.name`.
    if (object.type === AST_NODE_TYPES.Identifier && this.isEnumOrConstObject(object)) return { kind: 'static', part: null, reason: '' };
    // `@Body() dto: TraceDto` … `dto.operation`: whatever the client sent, whatever the property is called.
    if (object.type === AST_NODE_TYPES.Identifier && requestInput(resolveVariable(this.sourceCode, object)?.defs[0])) {
      return { kind: 'high', part: member, reason: 'request data' };
    }
    const objectWords = objectName ? words(objectName) : [];
    const objectLast = objectWords[objectWords.length - 1];
    // `id.name`: the name an id was made from (`idFromName(room)`) is the id itself.
    if (property === 'name' && objectLast === 'id') return { kind: 'high', part: member, reason: 'an id' };
    if (/^(name|displayName|fullName)$/.test(property)) {
      return objectLast && NAME_HOLDERS.test(objectLast)
        ? { kind: 'high', part: member, reason: objectLast === 'file' ? 'a file name' : PERSON_NAME }
        : { kind: 'low', part: null, reason: '' };
    }
    // `req.route.path`, `request.routeOptions.url`: the matched route template.
    if (objectWords.includes('route')) return { kind: 'low', part: null, reason: '' };
    // `req.url`, `request.path`, `url.pathname`, `urlObj.path`, `parsedUrl.href`: the raw target, with its ids.
    if (RAW_REQUEST_PROPERTIES.has(property) && objectName && (REQUEST_NAME.test(objectName) || rawUrlObject(objectWords))) {
      return { kind: 'high', part: member, reason: property === 'path' || property === 'pathname' ? 'a raw path' : 'a URL' };
    }
    // `route.id`, `model.key`: the id of something defined in code is as bounded.
    if (objectLast && DEFINED_THINGS.has(objectLast) && HIGH_WORDS.has(property.toLowerCase())) return { kind: 'low', part: null, reason: '' };
    const judged = this.named(property, member);
    // `req.params.userId`, `req.query.q`, `req.body.x`: request data, unless the property names a small set (`params.model`).
    if (judged.kind === 'unknown' && objectName && /^(params|query|body|headers|cookies|searchParams)$/.test(objectName)) {
      return { kind: 'high', part: member, reason: 'request data' };
    }
    return judged;
  }

  private call(call: TSESTree.CallExpression, hops: number): NameJudgement {
    const callee = skipTypeWrappers(call.callee);
    const name = nameOf(callee);
    if (name === null) return { kind: 'unknown', part: call, reason: '' };
    if (UNBOUNDED_CALLS.test(name)) return { kind: 'high', part: call, reason: name === 'stringify' ? 'serialized data' : 'a value that differs every time' };
    if (PASS_THROUGH_CALLS.test(name)) {
      const source = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : call.arguments.at(0);
      return source ? this.judge(source, hops) : { kind: 'static', part: null, reason: '' };
    }
    // `getOperationName()`, `this.getSpanName(req)`, `spanNameFor(x)`: named for what it returns.
    const returned = name.replace(/^(get|build|make|create|compute|resolve|format|to)(?=[A-Z])/, '');
    const byName = this.named(returned, call);
    // `normalizeDisplayName(topicFullName)`: a display name made of what the argument names (a topic's, not a person's).
    if (byName.kind === 'high' && byName.reason === PERSON_NAME) {
      const argument = call.arguments.at(0);
      const argumentName = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? nameOf(skipTypeWrappers(argument)) : null;
      if (argumentName && namesDefinedThing(words(argumentName))) return { kind: 'low', part: null, reason: '' };
    }
    // A same-file function named only for being a span name (`formatSpanName(request, route)`, `getName(op)`): what it
    // returns decides, when that can be told. A name that says more (`parseOperationName(sql)`, the SQL command) is trusted.
    const saysOnlyName = /^(span)?name$/i.test(returned);
    if ((byName.kind === 'low' && !saysOnlyName) || callee.type !== AST_NODE_TYPES.Identifier || hops >= MAX_HOPS) return byName;
    const local = this.returnedValues(callee);
    if (!local) return byName;
    // The builder's parameters stand for what this call passes (`getSpanName('GET', route)`): the callers' choice.
    const bound: TSESLint.Scope.Variable[] = [];
    const declared = this.sourceCode.getDeclaredVariables(local.fn);
    local.fn.params.forEach((param, index) => {
      const variable = declared.find((candidate) => candidate.defs.some((def) => def.name === param));
      const argument = call.arguments.at(index);
      if (!variable || this.argumentsOf.has(variable)) return;
      this.argumentsOf.set(variable, argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : null);
      bound.push(variable);
    });
    const judged = this.combine(local.values.map((value) => this.judge(value, hops + 1)));
    for (const variable of bound) this.argumentsOf.delete(variable);
    if (judged.kind === 'unknown') return byName;
    return judged.kind === 'high' ? { ...judged, part: call } : judged;
  }

  /**
   * The values a same-file function returns (`function formatSpanName(req, route) { return \`${req.method} ${route ?? url}\` }`,
   * `const nameOf = (op) => op.name`): null when `id` is not such a function or it returns nothing, or more than three values.
   */
  private returnedValues(id: TSESTree.Identifier): { fn: FunctionNode; values: TSESTree.Node[] } | null {
    const def = resolveVariable(this.sourceCode, id)?.defs[0];
    let fn: TSESTree.Node | null | undefined = null;
    if (def?.type === DefinitionType.FunctionName) fn = def.node;
    else if (def?.type === DefinitionType.Variable && def.parent.kind === 'const') fn = def.node.init && skipTypeWrappers(def.node.init);
    if (!fn || !ASTUtils.isFunction(fn) || fn.async || fn.generator) return null;
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return { fn, values: [fn.body] };
    const values: TSESTree.Node[] = [];
    walk(fn.body, this.sourceCode.visitorKeys, (node, functionDepth) => {
      if (functionDepth > 0) return false;
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) values.push(node.argument);
      return undefined;
    });
    return values.length > 0 && values.length <= 3 ? { fn, values } : null;
  }

  /** `enum Names {...}` or `const Names = { ... } as const` / `Object.freeze({...})`. */
  private isEnumOrConstObject(id: TSESTree.Identifier): boolean {
    const def = resolveVariable(this.sourceCode, id)?.defs[0];
    if (!def) return false;
    if (def.type === DefinitionType.TSEnumName) return true;
    if (def.type === DefinitionType.ImportBinding) {
      return /^[A-Z]/.test(id.name) && /(Names?|Operations?|Spans?|Kinds?|Types?|Attributes|Events?)$|^[A-Z][A-Z0-9_]*$/.test(id.name);
    }
    if (def.type !== DefinitionType.Variable || !def.node.init) return false;
    const init = def.node.init;
    if (init.type === AST_NODE_TYPES.TSAsExpression && init.typeAnnotation.type === AST_NODE_TYPES.TSTypeReference) {
      return init.typeAnnotation.typeName.type === AST_NODE_TYPES.Identifier && init.typeAnnotation.typeName.name === 'const';
    }
    if (init.type === AST_NODE_TYPES.ObjectExpression) return def.parent.kind === 'const';
    return init.type === AST_NODE_TYPES.CallExpression && memberName(init.callee) === 'freeze';
  }

  /** With types: a string-literal union, an enum or a boolean is bounded ('low'); a literal is fixed. */
  private typedKind(node: TSESTree.Node): 'low' | 'static' | null {
    const services = this.sourceCode.parserServices;
    const tsNode = services?.program && services.esTreeNodeToTSNodeMap?.get(node);
    if (!services?.program || !tsNode) return null;
    const type = services.program.getTypeChecker().getTypeAtLocation(tsNode);
    const parts = type.isUnion() ? type.types : [type];
    // TypeFlags: StringLiteral 128, NumberLiteral 256, BooleanLiteral 512, EnumLiteral 1024, Undefined 32768, Null 65536
    const LITERAL = 128 | 256 | 512 | 1024 | 32768 | 65536;
    if (parts.length === 0 || !parts.every((part) => part.flags & LITERAL)) return null;
    return parts.length === 1 ? 'static' : 'low';
  }
}
