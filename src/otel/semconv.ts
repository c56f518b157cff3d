/**
 * Semantic-convention renames, as the `semconv` codemod and the `otel/no-deprecated-semconv` rule read them. The
 * data is ./semconv-map.generated.ts, generated from the installed @opentelemetry/semantic-conventions and the
 * semantic-conventions schemas (scripts/generate-semconv-map.mjs); this file is its vocabulary and lookups, and the
 * places where a string is an attribute key (span attributes, resource attributes).
 *
 * Two kinds of rename: an export rename keeps what is emitted (`SEMATTRS_HTTP_METHOD` → `ATTR_HTTP_METHOD`, both
 * 'http.method'); a value rename changes it ('http.method' → 'http.request.method'), which breaks dashboards and
 * alerts that query the old key.
 */
import { DEPRECATED_EXPORTS, DEPRECATED_KEYS } from './semconv-map.generated.js';

export const SEMCONV_MODULE = '@opentelemetry/semantic-conventions';
export const SEMCONV_INCUBATING_MODULE = '@opentelemetry/semantic-conventions/incubating';

/** An export of the package: its name, and whether only the incubating entry point has it. */
export interface SemconvExport {
  name: string;
  incubating: boolean;
}

/** What to do about one deprecated export (or one member of a deprecated object such as `SemanticAttributes`). */
export interface SemconvDecision {
  /** What it emits: an attribute key, a metric or event name, an enum value (none for objects and key templates). */
  value?: string | number;
  /** The export to use instead that emits the same value. */
  rename?: SemconvExport;
  /** The newest export after the value itself was renamed, with the value it emits. */
  valueRename?: SemconvExport & { value: string };
  /** Why the value is not renamed (split, depends on span kind, removed…): set when valueRename is not. */
  reason?: string;
  /** For deprecated objects: a decision per member. */
  members?: Readonly<Record<string, SemconvDecision>>;
}

/** A deprecated attribute key: the newest key, or why it has no one-to-one replacement. */
export type SemconvKeyDecision = { to: string } | { reason: string };

export const isSemconvModule = (module: string | null): boolean => module === SEMCONV_MODULE || module === SEMCONV_INCUBATING_MODULE;

export const moduleOf = (target: SemconvExport): string => (target.incubating ? SEMCONV_INCUBATING_MODULE : SEMCONV_MODULE);

export function deprecatedExport(name: string): SemconvDecision | undefined {
  return Object.hasOwn(DEPRECATED_EXPORTS, name) ? DEPRECATED_EXPORTS[name] : undefined;
}

/**
 * Deprecated keys too generic to tell from an application's own: `state` and `pool.name` were attributes of the
 * db.client.connection metrics only, and a span's `state` or `pool.name` is far more often the application's own key
 * than a 2023 connection-pool attribute.
 */
const GENERIC_KEYS = new Set(['state', 'pool.name']);

export function deprecatedKey(key: string): SemconvKeyDecision | undefined {
  if (GENERIC_KEYS.has(key)) return undefined;
  return Object.hasOwn(DEPRECATED_KEYS, key) ? DEPRECATED_KEYS[key] : undefined;
}

let exportValues: Map<string, string | number> | undefined;

/** What an export emits, when the map knows it: a deprecated export, or the replacement of one (`ATTR_HTTP_REQUEST_METHOD`). */
export function exportValue(name: string): string | number | undefined {
  if (!exportValues) {
    exportValues = new Map();
    const collect = (decision: SemconvDecision): void => {
      if (decision.rename && decision.value !== undefined) exportValues?.set(decision.rename.name, decision.value);
      if (decision.valueRename && !decision.valueRename.value.includes('<')) exportValues?.set(decision.valueRename.name, decision.valueRename.value);
    };
    for (const decision of Object.values(DEPRECATED_EXPORTS)) collect(decision);
  }
  return deprecatedExport(name)?.value ?? exportValues.get(name);
}

/** The replacement for a deprecated export: the value rename when keys may change, else the export rename. */
export function replacementOf(decision: SemconvDecision, renameKeys: boolean): { target: SemconvExport; value?: string } | null {
  if (renameKeys && decision.valueRename) return { target: decision.valueRename, value: decision.valueRename.value };
  return decision.rename ? { target: decision.rename } : null;
}

/** Calls whose arguments hold span attributes: `span.setAttribute(key, v)`, `span.setAttributes({…})`, and tracer calls with an `attributes` option. */
const SET_ATTRIBUTE = 'setAttribute';
const SET_ATTRIBUTES = 'setAttributes';
/** `span.addEvent(name, {…})`: an event's attributes take the same registry's keys. */
const ADD_EVENT = 'addEvent';
/** `tracer.startSpan(name, {…})`, `tracer.startActiveSpan(name, {…}, fn)`, and tracer wrappers of the same shape (LangWatch's `withActiveSpan(name, {…}, fn)`). */
const SPAN_STARTERS = new Set(['startSpan', 'startActiveSpan', 'withActiveSpan']);
/** Resource constructors: `resourceFromAttributes({…})` (SDK 2) and `new Resource({…})` (SDK 1). */
const RESOURCE_FUNCTION = 'resourceFromAttributes';
const RESOURCE_CLASS = 'Resource';

interface LooseNode {
  type: string;
  [field: string]: unknown;
}

/**
 * The string literals that are attribute keys in one call or `new` expression (babel or ESTree nodes): the first
 * argument of `x.setAttribute`, the keys of `x.setAttributes({…})` and `x.addEvent(name, {…})`, of the `attributes` option of
 * `x.startSpan(name, {…})` / `x.startActiveSpan(name, {…}, fn)`, and of `resourceFromAttributes({…})` /
 * `new Resource({…})`. Other strings (log messages, Map keys, the names of other options) are not keys.
 */
export function attributeKeyLiterals(call: LooseNode): LooseNode[] {
  return attributeKeys(call).filter(isStringKey);
}

/** The attribute keys of one call, as attributeKeyLiterals finds them, with the computed ones too (`[ATTR_X]: v`, `setAttribute(ATTR_X, v)`). */
export function attributeKeys(call: LooseNode): LooseNode[] {
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression' && call.type !== 'OptionalCallExpression') return [];
  const callee = call.callee as LooseNode;
  const args = call.arguments as LooseNode[];
  const calleeName =
    callee.type === 'Identifier' ? (callee.name as string) : callee.type.endsWith('MemberExpression') ? nameOf(callee.property as LooseNode, callee.computed === true) : null;
  if (calleeName === null) return [];
  if (call.type === 'NewExpression') return calleeName === RESOURCE_CLASS ? objectKeys(args[0]) : [];
  if (calleeName === RESOURCE_FUNCTION) return objectKeys(args[0]);
  if (!callee.type.endsWith('MemberExpression')) return [];
  if (calleeName === SET_ATTRIBUTE) return args.length >= 2 && args[0].type !== 'SpreadElement' ? [args[0]] : [];
  if (calleeName === SET_ATTRIBUTES) return objectKeys(args[0]);
  if (calleeName === ADD_EVENT) return objectKeys(args[1]);
  if (SPAN_STARTERS.has(calleeName) && args[1]?.type === 'ObjectExpression') {
    const attributes = (args[1].properties as LooseNode[]).find((p) => isProperty(p) && nameOf(p.key as LooseNode, p.computed === true) === 'attributes');
    return attributes ? objectKeys(attributes.value as LooseNode) : [];
  }
  return [];
}

/**
 * The nodes are babel's (the codemod) or ESTree's (the rule): `StringLiteral` or `Literal`, `ObjectProperty` or
 * `Property`, positions as `start` or `range`. Only the shared fields are read.
 */
function stringValue(node: LooseNode | undefined): string | null {
  if ((node?.type === 'StringLiteral' || node?.type === 'Literal') && typeof node.value === 'string') return node.value;
  return null;
}

/** A property or key name: `a` (not computed), `'a'`. */
function nameOf(key: LooseNode | undefined, computed: boolean): string | null {
  if (key?.type === 'Identifier' && !computed) return key.name as string;
  return stringValue(key);
}

/** A string literal or a template literal without expressions. */
function isStringKey(node: LooseNode | undefined): node is LooseNode {
  if (!node) return false;
  return stringValue(node) !== null || (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0);
}

/** The text of a key literal (string or plain template). */
export function keyText(node: LooseNode): string {
  const value = stringValue(node);
  if (value !== null) return value;
  const quasi = (node.quasis as LooseNode[])[0];
  return (quasi.value as { cooked: string }).cooked;
}

const isProperty = (node: LooseNode): boolean => node.type === 'ObjectProperty' || (node.type === 'Property' && node.kind === 'init');

/** The literal and computed keys of an object literal (`'a.b': v`, `['a.b']: v`, `[ATTR_X]: v`). */
function objectKeys(object: LooseNode | undefined): LooseNode[] {
  if (object?.type !== 'ObjectExpression') return [];
  const keys: LooseNode[] = [];
  for (const property of object.properties as LooseNode[]) {
    if (!isProperty(property)) continue;
    const key = property.key as LooseNode;
    if (isStringKey(key) || property.computed === true) keys.push(key);
  }
  return keys;
}
