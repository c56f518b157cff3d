/**
 * otel/span-name-cardinality: a span name is an operation name. A name built from an id, a raw URL or path, query
 * text or a timestamp makes every value its own operation in the tracing backend; the value belongs in an attribute.
 *
 * Which parts of a name are fixed, bounded or unbounded: ./span-name-cardinality/name-parts.ts. Span creations are
 * the span model's (src/otel/tracer-evidence.ts `getSpanCreation`), plus `span.updateName(name)`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { START_ACTIVE_SPAN, START_SPAN } from '../src/otel/api.js';
import { fileMayUseOtel, mentions, namesSpan, TRACER_SETTINGS_SCHEMA, tracerSettings, type TracerSettings } from '../src/otel/tracer-evidence.js';
import { memberName, skipTypeWrappers } from '../src/otel/ast.js';
import { createRule } from '../src/util/create-rule.js';
import { NameParts } from './span-name-cardinality/name-parts.js';

export type Options = [
  Partial<TracerSettings> & {
    /** Regular expressions for whole names (the dynamic parts written as `{}`) that are fine: `^GET \{\}$`. */
    allowedNames?: string[];
    /** Identifiers known to hold few values: local names, or the last property of a member expression. */
    allowedIdentifiers?: string[];
    /** Report names with parts whose cardinality cannot be told (not only those known to be unbounded). */
    reportUnknown?: boolean;
  },
];
export type MessageIds = 'highCardinality' | 'highCardinalityValue' | 'unknownCardinality' | 'unknownCardinalityValue' | 'moveToAttribute';

const UPDATE_NAME = 'updateName';

export default createRule<Options, MessageIds>({
  name: 'span-name-cardinality',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow span names built from unbounded values such as ids, URLs, query text or timestamps',
      recommended: false,
      usesTypeInformation: true,
    },
    hasSuggestions: true,
    messages: {
      highCardinality:
        "Span name '{{pattern}}' includes {{reason}} ({{part}}): every value becomes its own operation in the tracing backend. Use a fixed name and put the value in an attribute.",
      highCardinalityValue:
        'The span name comes from {{reason}} ({{part}}): every value becomes its own operation in the tracing backend. Use a fixed name and put the value in an attribute.',
      unknownCardinality:
        "Span name '{{pattern}}' includes {{part}}, which may take many values. Use a fixed name and put the value in an attribute, or list it in allowedIdentifiers.",
      unknownCardinalityValue:
        'The span name comes from {{part}}, which may take many values. Use a fixed name and put the value in an attribute, or list it in allowedIdentifiers.',
      moveToAttribute: "Name the span '{{name}}' and record {{part}} as the attribute '{{key}}'.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...TRACER_SETTINGS_SCHEMA,
          allowedNames: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Regular expressions matched against the name with each dynamic part written as `{}` (`^HTTP \\{\\}$`).',
          },
          allowedIdentifiers: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Identifiers (or last property names) known to hold few values, such as `tenantTier`.',
          },
          reportUnknown: {
            type: 'boolean',
            description: 'Also report dynamic parts whose cardinality the rule cannot tell. Default false.',
          },
        },
      },
    ],
    defaultOptions: [{}],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    if (!mentions(sourceCode, START_SPAN) && !mentions(sourceCode, START_ACTIVE_SPAN) && !mentions(sourceCode, UPDATE_NAME) && !(options.startSpanFunctions?.length)) return {};
    const settings = tracerSettings(context, options);
    if (!fileMayUseOtel(context, settings)) return {};
    const parts = new NameParts(sourceCode, { allowedIdentifiers: new Set(options.allowedIdentifiers ?? []) });
    const allowedNames = (options.allowedNames ?? []).map((pattern) => new RegExp(pattern, 'u'));

    const check = (name: TSESTree.Node, call: TSESTree.CallExpression, canAddAttributes: boolean): void => {
      if (name.type === AST_NODE_TYPES.SpreadElement) return;
      const judgement = parts.judgeName(name);
      if (judgement.kind !== 'high' && !(judgement.kind === 'unknown' && options.reportUnknown)) return;
      const part = judgement.part ?? name;
      const pattern = parts.pattern(name, part);
      if (allowedNames.some((allowed) => allowed.test(pattern))) return;
      const data = { pattern, reason: judgement.reason, part: `\`${shorten(sourceCode.getText(part))}\`` };
      const fix = canAddAttributes ? planAttribute(sourceCode, name, part, call) : null;
      // A name that is nothing but the value (`startSpan(moduleId)`, `startSpan(getSpanName(url))`) has no pattern to
      // show; one chosen between it and another (`cond ? 'read' : req.url`) only includes it.
      const choice = skipTypeWrappers(name);
      const whole =
        pattern === '{}' && choice.type !== AST_NODE_TYPES.ConditionalExpression && choice.type !== AST_NODE_TYPES.LogicalExpression;
      const messageId: MessageIds =
        judgement.kind === 'high' ? (whole ? 'highCardinalityValue' : 'highCardinality') : whole ? 'unknownCardinalityValue' : 'unknownCardinality';
      context.report({
        loc: reportLoc(call, name),
        messageId,
        data,
        suggest: fix
          ? [{ messageId: 'moveToAttribute', data: { name: fix.name, part: data.part, key: fix.key }, fix: fix.apply }]
          : [],
      });
    };

    return {
      CallExpression(call) {
        const callee = skipTypeWrappers(call.callee);
        if (memberName(callee) === UPDATE_NAME && call.arguments.length === 1) {
          const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
          if (receiver && /span/i.test(sourceCode.getText(receiver))) check(call.arguments[0], call, false);
          return;
        }
        const creation = namesSpan(context, call, settings);
        const name = creation?.call.arguments[0];
        // Only OpenTelemetry's own argument order has a known options argument to put attributes in.
        const own = creation?.otelSignature === true && memberName(callee) === creation.kind;
        // `observability.startSpan({ name: 'load', input })`: an options object, not a name.
        if (name && name.type !== AST_NODE_TYPES.ObjectExpression) check(name, call, own);
      },
    };
  },
});

const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}...` : text).replace(/\s+/g, ' ');

/** `attempt`, `req.params.userId` → `userId`; a call or anything else → null. */
function attributeKey(part: TSESTree.Node): string | null {
  const inner = skipTypeWrappers(part);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  // `id.name`: 'name' says nothing as an attribute key.
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const key = memberName(inner);
    return key === 'name' ? null : key;
  }
  return null;
}

/**
 * `` startSpan(`GET /users/${id}`) `` → `startSpan('GET /users/{id}', { attributes: { id } })`: for a template
 * literal whose one unbounded part is a name we can use as the key, in a call without an options argument.
 */
function planAttribute(
  sourceCode: Readonly<TSESLint.SourceCode>,
  name: TSESTree.Node,
  part: TSESTree.Node,
  call: TSESTree.CallExpression,
): { name: string; key: string; apply: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[] } | null {
  const template = skipTypeWrappers(name);
  if (template.type !== AST_NODE_TYPES.TemplateLiteral || template.expressions.length !== 1 || template.expressions[0] !== part) return null;
  const key = attributeKey(part);
  const method = memberName(skipTypeWrappers(call.callee));
  const optionsMissing = method === START_SPAN ? call.arguments.length === 1 : method === START_ACTIVE_SPAN && call.arguments.length === 2;
  if (!key || !optionsMissing) return null;
  // The two quasis around the one expression; only a tagged template (not this) has a null cooked value.
  const [before, after] = template.quasis.map((quasi) => quasi.value.cooked);
  if (before === null || after === null) return null;
  const fixedName = `${before}{${key}}${after}`;
  // Written into a single-quoted literal (and the key into one too, when it is not an identifier): no character that
  // would end or break it.
  if (/['\\\n\r\u2028\u2029]/.test(fixedName)) return null;
  const valueText = sourceCode.getText(part);
  // Quoted as the name is (single quotes), and only where the key is not an identifier (`'user.id': user.id`).
  const property = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
  const attributes = `{ attributes: { ${valueText === key ? key : `${property}: ${valueText}`} } }`;
  return {
    name: fixedName,
    key,
    apply: (fixer) => [
      fixer.replaceText(name, `'${fixedName}'`),
      fixer.insertTextAfter(name, `, ${attributes}`),
    ],
  };
}

/**
 * The name, from the `startSpan` that takes it when the name is on a later line (`tracer.startSpan(⏎ ctx.request.path,
 * …)`): the report covers the call's line, where the span is started, and the name.
 */
function reportLoc(call: TSESTree.CallExpression, name: TSESTree.Node): TSESTree.SourceLocation {
  if (name.loc.start.line === call.loc.start.line) return name.loc;
  const callee = skipTypeWrappers(call.callee);
  const start = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property.loc.start : call.loc.start;
  return { start, end: name.loc.end };
}
