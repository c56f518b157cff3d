/**
 * Babel's tree from oxc's parser. oxc (Rust, through a prebuilt native binding) parses a file several times faster
 * than Babel from a cold start, which is most of a codemod run: on the dense `wrap-spans --exported` benchmark set,
 * 304 candidates took 450 ms with Babel and 135 ms with oxc, both in a fresh process. oxc gives ESTree (TS-ESTree for
 * TypeScript); the transforms read Babel's tree, so this turns the one into the other in a single pass, mostly in place:
 * literals by kind, `Property`/`MethodDefinition`/`PropertyDefinition` into Babel's object and class members,
 * `ChainExpression` into Babel's optional calls and members, parentheses into `extra.parenthesized`, directives out of
 * the statement lists, TypeScript's few renamed fields, and comments attached as Babel's `leadingComments`.
 *
 * A file oxc rejects goes to Babel (./parser.ts), and so does anything this throws on. test/codemod/parser.test.ts
 * compares the two trees field by field over real code (test/helpers/babel-tree.ts); they were also compared over
 * 63,168 files of 782 repositories. Known and kept differences: no `loc` (the transforms read offsets); JSX text and
 * JSX attribute strings keep HTML entities and CRLF as written (Babel decodes them; no transform reads them); Babel's
 * `extra` holds only `parenthesized`/`parenStart`, and parentheses around an assignment target with a comment inside
 * them (`(/* c *\/ a) = 1`) are not marked; and a run of comments goes to the outermost node that starts right
 * after it, where Babel sometimes keeps it for an inner node (a parameter, the `<T>` of an arrow function, a
 * decorator) or as a trailing comment only.
 */
import { parseSync } from 'oxc-parser';
import type { Node } from './ast.js';

type Tree = Node & Record<string, unknown>;

interface SourceFile {
  source: string;
  /** Parsed as TypeScript: oxc gives TS-ESTree, whose template element spans differ. */
  typeScript: boolean;
  /** Runs of comments by where the code after them starts (commentRuns), for leadingComments. */
  commentRuns: Map<number, Tree[]>;
  /** The node holding each run so far: the tree is converted inside out, so an enclosing node takes the run over. */
  commentHolders: Map<number, Tree>;
}

/**
 * The file's tree in Babel's shape (a `File` with its `program` and `comments`), or undefined when oxc reports any
 * error: Babel then parses it, or reports the error in its own words.
 */
export function parseWithOxc(source: string, path: string): Node | undefined {
  const lang = /\.tsx$/i.test(path) ? 'tsx' : /\.[cm]?ts$/i.test(path) ? 'ts' : 'jsx';
  // `showSemanticErrors`: oxc's early errors (a legacy octal, `with`, a duplicate `let`, a `break` to no label), which
  // Babel reports too; without them oxc reads such files, which Babel rejects. They cost about a sixth of oxc's time.
  const result = parseSync(path, source, { lang, sourceType: 'module', astType: lang === 'jsx' ? 'js' : 'ts', preserveParens: true, showSemanticErrors: true });
  if (result.errors.length > 0) return undefined;
  const program = result.program as unknown as Tree;
  const hashbang = program.hashbang as Tree | null | undefined;
  // oxc lists the `#!` line as a comment too; Babel only as the program's interpreter.
  const comments = (hashbang ? result.comments.filter((comment) => comment.start !== hashbang.start) : result.comments).map(
    (comment): Tree => ({ type: comment.type === 'Line' ? 'CommentLine' : 'CommentBlock', value: comment.value, start: comment.start, end: comment.end }),
  );
  const file: SourceFile = { source, typeScript: lang !== 'jsx', commentRuns: commentRuns(comments, source), commentHolders: new Map() };
  const converted = toBabel(program, file);
  converted.start = 0;
  converted.end = source.length;
  converted.sourceType = 'module';
  converted.interpreter = hashbang ? { type: 'InterpreterDirective', value: hashbang.value, start: hashbang.start, end: hashbang.end } : null;
  delete converted.hashbang;
  return { type: 'File', start: 0, end: source.length, program: converted, comments };
}

/** Converts a node's children, then the node; returns the node to put in its place (often the same object). */
function toBabel(node: Tree, file: SourceFile): Tree {
  if (node.type === 'ChainExpression') return chainToBabel(node, file);
  // Every field holding an object with a `type` is a child: oxc's other objects (`regex`) have none.
  for (const key in node) {
    const value = node[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null && typeof (item as Tree).type === 'string') value[i] = toBabel(item as Tree, file);
      }
    } else if (typeof (value as Tree).type === 'string') {
      node[key] = toBabel(value as Tree, file);
    }
  }
  const converted = convertNode(node, file);
  if (file.commentRuns.size > 0) attachLeadingComments(converted, file);
  return converted;
}

/** The node itself, its children already converted. */
function convertNode(node: Tree, file: SourceFile): Tree {
  if ('typeArguments' in node) renameField(node, 'typeArguments', 'typeParameters');
  switch (node.type) {
    case 'ParenthesizedExpression': {
      const inner = node.expression as Tree;
      // Babel keeps the outermost parenthesis: ((a)) is parenthesized from the first one.
      inner.extra = { ...(inner.extra as object | undefined), parenthesized: true, parenStart: node.start };
      return inner;
    }
    case 'Literal':
      return literal(node);
    case 'Property':
      return objectMember(node);
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      return classMethod(node);
    case 'PropertyDefinition':
    case 'TSAbstractPropertyDefinition':
    case 'AccessorProperty':
    case 'TSAbstractAccessorProperty':
      return classProperty(node);
    case 'PrivateIdentifier':
      return { type: 'PrivateName', start: node.start, end: node.end, id: { type: 'Identifier', name: node.name, start: node.start + 1, end: node.end } };
    case 'ImportExpression': {
      const args = [node.source, ...(node.options ? [node.options] : [])];
      return { type: 'CallExpression', start: node.start, end: node.end, callee: { type: 'Import', start: node.start, end: node.start + 6 }, arguments: args, optional: false };
    }
    case 'Program':
    case 'BlockStatement':
      node.directives = takeDirectives(node.body as Tree[], file.source);
      return node;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if ('superTypeArguments' in node) renameField(node, 'superTypeArguments', 'superTypeParameters');
      // `@Injectable() export class A {}`: Babel's class, and the export around it, start at the first decorator.
      node.start = Math.min(node.start, firstDecoratorStart(node));
      return node;
    case 'TSInterfaceHeritage':
    case 'TSClassImplements':
      node.type = 'TSExpressionWithTypeArguments';
      node.expression = qualifiedName(node.expression as Tree);
      return node;
    case 'TSModuleDeclaration':
      return (node.id as Tree).type === 'TSQualifiedName' ? nestedNamespaces(node) : node;
    case 'TSQualifiedName':
      // `typeof this.x`: Babel reads `this` there as a name.
      if ((node.left as Tree).type === 'ThisExpression') node.left = { ...(node.left as Tree), type: 'Identifier', name: 'this' };
      return node;
    case 'TSTypeQuery':
      if ((node.exprName as Tree).type === 'ThisExpression') node.exprName = { ...(node.exprName as Tree), type: 'Identifier', name: 'this' };
      return node;
    case 'TSImportType':
      renameField(node, 'source', 'argument');
      return node;
    case 'TSTypeParameter':
      node.name = (node.name as Tree).name;
      return node;
    case 'TSEnumDeclaration':
      node.members = (node.body as Tree).members;
      node.body = undefined;
      return node;
    case 'TSFunctionType':
    case 'TSConstructorType':
    case 'TSCallSignatureDeclaration':
    case 'TSConstructSignatureDeclaration':
    case 'TSMethodSignature':
      renameField(node, 'params', 'parameters');
      renameField(node, 'returnType', 'typeAnnotation');
      return node;
    case 'TSMappedType': {
      const key = node.key as Tree;
      node.typeParameter = { type: 'TSTypeParameter', name: key.name, constraint: node.constraint, start: key.start, end: (node.constraint as Tree).end };
      node.key = undefined;
      node.constraint = undefined;
      return node;
    }
    case 'TSImportEqualsDeclaration':
      node.isExport = false;
      return node;
    case 'ExportNamedDeclaration': {
      const declaration = node.declaration as Tree | null;
      // `export import a = require('m')`: Babel's is the import itself, marked exported.
      if (declaration?.type === 'TSImportEqualsDeclaration') return { ...declaration, start: node.start, isExport: true };
      if (declaration) node.start = Math.min(node.start, declaration.start);
      return node;
    }
    case 'ExportDefaultDeclaration':
      node.start = Math.min(node.start, (node.declaration as Tree).start);
      return node;
    // Parameters: decorators (placeParameterDecorators). Assignment targets: parentheses, which oxc does not keep
    // around what is assigned (`(target as any) = value`, `(a)++`, `[(a)] = b`) and Babel marks.
    case 'Identifier':
      placeParameterDecorators(node, file.source);
      return node;
    case 'AssignmentPattern':
      placeParameterDecorators(node, file.source);
      markParenthesizedTarget(node.left as Tree, file.source);
      return node;
    case 'RestElement':
      placeParameterDecorators(node, file.source);
      markParenthesizedTarget(node.argument as Tree, file.source);
      return node;
    case 'ArrayPattern':
      placeParameterDecorators(node, file.source);
      for (const element of node.elements as (Tree | null)[]) if (element) markParenthesizedTarget(element, file.source);
      return node;
    case 'ObjectPattern':
      placeParameterDecorators(node, file.source);
      for (const property of node.properties as Tree[]) if (property.type === 'ObjectProperty') markParenthesizedTarget(property.value as Tree, file.source);
      return node;
    case 'AssignmentExpression':
    case 'ForInStatement':
    case 'ForOfStatement':
      markParenthesizedTarget(node.left as Tree, file.source);
      return node;
    case 'UpdateExpression':
      markParenthesizedTarget(node.argument as Tree, file.source);
      return node;
    case 'ExportAllDeclaration':
      return node.exported ? exportNamespace(node, file) : node;
    case 'TemplateElement':
      // TS-ESTree's span takes in the backtick or `}` before and the `${` or backtick after; Babel's is the text alone.
      if (file.typeScript) {
        node.start += 1;
        node.end -= node.tail ? 1 : 2;
      }
      return node;
    case 'TSTemplateLiteralType': {
      const { start, end } = node;
      return { type: 'TSLiteralType', start, end, literal: { type: 'TemplateLiteral', start, end, quasis: node.quasis, expressions: node.types } };
    }
    default:
      return node;
  }
}

/** `implements a.B`: TS-ESTree writes the name as a member expression, Babel as a qualified name. */
function qualifiedName(node: Tree): Tree {
  if (node.type !== 'MemberExpression' || node.computed) return node;
  return { type: 'TSQualifiedName', start: node.start, end: node.end, left: qualifiedName(node.object as Tree), right: node.property };
}

/**
 * `namespace a.b.c {}`: oxc names one namespace `a.b.c`; Babel nests one per name, each inner one from its name to the
 * end of the block.
 */
function nestedNamespaces(node: Tree): Tree {
  const names: Tree[] = [];
  let id = node.id as Tree;
  for (; id.type === 'TSQualifiedName'; id = id.left as Tree) names.unshift(id.right as Tree);
  names.unshift(id);
  let body = node.body as Tree;
  for (let i = names.length - 1; i > 0; i--) {
    body = { type: 'TSModuleDeclaration', start: names[i].start, end: node.end, id: names[i], body, kind: node.kind, declare: false, global: false };
  }
  node.id = names[0];
  node.body = body;
  return node;
}

/**
 * A decorated parameter (`@Query('id') id: string`): Babel's starts after its decorators, oxc's at the first; Babel
 * gives a typed default's decorators to its name (`@Query('page') page: string = '1'`).
 */
function placeParameterDecorators(node: Tree, source: string): void {
  const decorators = node.decorators as Tree[] | undefined;
  if (!decorators || decorators.length === 0 || node.start > decorators[0].start) return;
  node.start = nextCode(source, decorators[decorators.length - 1].end);
  const left = node.left as Tree | undefined;
  if (node.type === 'AssignmentPattern' && left?.typeAnnotation) {
    left.decorators = decorators;
    node.decorators = undefined;
  }
}

/** Marks a target written in parentheses (only spaces between them and it), as Babel does, from the outermost one. */
function markParenthesizedTarget(target: Tree, source: string): void {
  if ((target.extra as { parenthesized?: boolean } | undefined)?.parenthesized) return;
  let start = target.start;
  let end = target.end;
  let parenStart: number | undefined;
  for (;;) {
    let before = start - 1;
    while (before >= 0 && /\s/.test(source[before])) before--;
    let after = end;
    while (after < source.length && /\s/.test(source[after])) after++;
    if (source[before] !== '(' || source[after] !== ')') break;
    parenStart = start = before;
    end = after + 1;
  }
  if (parenStart !== undefined) target.extra = { ...(target.extra as object | undefined), parenthesized: true, parenStart };
}

/** Where a class's first decorator starts (Infinity without one). */
function firstDecoratorStart(node: Tree): number {
  const decorators = node.decorators as Tree[] | undefined;
  return decorators && decorators.length > 0 ? decorators[0].start : Infinity;
}

/** Moves a field; the old one is left undefined, not deleted, so the node keeps V8's fast property layout. */
function renameField(node: Tree, from: string, to: string): void {
  node[to] = node[from];
  node[from] = undefined;
}

/**
 * ESTree's one `Literal` as Babel's literal of that kind, changed in place (a file has thousands). Babel's `extra`
 * (`raw`, `rawValue`) is left out: no transform reads it, and the text is at the node's offsets.
 */
function literal(node: Tree): Tree {
  const raw = node.raw as string;
  if (node.regex) {
    node.type = 'RegExpLiteral';
    node.pattern = (node.regex as { pattern: string }).pattern;
    // As written (`/x/um`): oxc gives the flags in a canonical order.
    node.flags = raw.slice(raw.lastIndexOf('/') + 1);
    node.value = undefined;
  } else if (node.bigint !== undefined && node.bigint !== null) {
    node.type = 'BigIntLiteral';
    // As written, without `n` and separators (`0xffn` is '0xff'): oxc gives it in decimal.
    node.value = raw.slice(0, -1).replace(/_/g, '');
  } else {
    node.type = LITERAL_TYPES[typeof node.value] ?? 'NullLiteral';
  }
  return node;
}

const LITERAL_TYPES: Partial<Record<string, string>> = { string: 'StringLiteral', number: 'NumericLiteral', boolean: 'BooleanLiteral' };

/** The function of a method (`value`), whose fields Babel's method node carries itself. */
function functionFields(fn: Tree): Record<string, unknown> {
  return {
    id: null,
    generator: fn.generator,
    async: fn.async,
    params: fn.params,
    body: fn.body,
    ...(fn.returnType ? { returnType: fn.returnType } : {}),
    ...(fn.typeParameters ? { typeParameters: fn.typeParameters } : {}),
  };
}

function objectMember(node: Tree): Tree {
  const { start, end, key, computed } = node;
  const value = node.value as Tree;
  if (node.kind === 'init' && !node.method) {
    // In place: most members are properties. ESTree's `kind` ('init') is not Babel's.
    node.type = 'ObjectProperty';
    node.kind = undefined;
    return node;
  }
  const kind = node.kind === 'init' ? 'method' : node.kind;
  return { type: 'ObjectMethod', start, end, kind, key, computed, method: node.method, ...functionFields(value) };
}

function classMethod(node: Tree): Tree {
  const value = node.value as Tree;
  const declared = node.type === 'TSAbstractMethodDefinition' || value.type === 'TSEmptyBodyFunctionExpression';
  const type = declared ? 'TSDeclareMethod' : (node.key as Tree).type === 'PrivateName' ? 'ClassPrivateMethod' : 'ClassMethod';
  const { body, ...fields } = functionFields(value);
  const method: Tree = { ...classMember(node, type), kind: node.kind, ...fields, ...(body === null ? {} : { body }) };
  copyModifiers(node, method);
  return method;
}

function classProperty(node: Tree): Tree {
  const accessor = node.type === 'AccessorProperty' || node.type === 'TSAbstractAccessorProperty';
  const type = accessor ? 'ClassAccessorProperty' : (node.key as Tree).type === 'PrivateName' ? 'ClassPrivateProperty' : 'ClassProperty';
  const property: Tree = {
    ...classMember(node, type),
    ...(node.typeAnnotation ? { typeAnnotation: node.typeAnnotation } : {}),
    value: node.value,
  };
  copyModifiers(node, property);
  if (node.declare) property.declare = true;
  if (node.readonly) property.readonly = true;
  if (node.definite) property.definite = true;
  return property;
}

/** The fields a Babel class member starts with, in Babel's order, which is the source's: decorators, then the key. */
function classMember(node: Tree, type: string): Tree {
  return { type, start: node.start, end: node.end, decorators: node.decorators, static: node.static, key: node.key, computed: node.computed };
}

/** TypeScript's member modifiers, as Babel sets them: only when written. */
function copyModifiers(from: Tree, to: Tree): void {
  if (from.type.startsWith('TSAbstract')) to.abstract = true;
  if (from.accessibility) to.accessibility = from.accessibility;
  if (from.override) to.override = true;
  if (from.optional) to.optional = true;
}

/** `export * as ns from 'm'`: Babel's named export with a namespace specifier. */
function exportNamespace(node: Tree, file: SourceFile): Tree {
  const exported = node.exported as Tree;
  // The specifier spans `* as ns`: from the `*` after `export` (and `type`) and any comments.
  let star = nextCode(file.source, node.start + 'export'.length);
  if (file.source.startsWith('type', star)) star = nextCode(file.source, star + 'type'.length);
  const specifier: Tree = { type: 'ExportNamespaceSpecifier', start: star, end: exported.end, exported };
  return {
    type: 'ExportNamedDeclaration',
    start: node.start,
    end: node.end,
    exportKind: node.exportKind,
    specifiers: [specifier],
    source: node.source,
    declaration: null,
    attributes: node.attributes,
  };
}

/** The leading `"use strict"`-like statements of a program or function body, as Babel's directives (taken out). */
function takeDirectives(body: Tree[], source: string): Tree[] {
  let count = 0;
  while (count < body.length && typeof body[count].directive === 'string') count++;
  if (count === 0) return [];
  return body.splice(0, count).map((statement): Tree => {
    const literalNode = statement.expression as Tree;
    const raw = source.slice(literalNode.start, literalNode.end);
    const value: Tree = {
      type: 'DirectiveLiteral',
      start: literalNode.start,
      end: literalNode.end,
      value: raw.slice(1, -1),
      extra: { raw, rawValue: raw.slice(1, -1) },
    };
    return { type: 'Directive', start: statement.start, end: statement.end, value, leadingComments: statement.leadingComments };
  });
}

/**
 * `a?.b.c()`: ESTree wraps the chain in a `ChainExpression` and marks each `?.` as `optional`; Babel has no wrapper and
 * makes every member and call from the top of the chain down to its last `?.` an `Optional…` one.
 */
function chainToBabel(chain: Tree, file: SourceFile): Tree {
  const top = toBabel(chain.expression as Tree, file);
  const spine: Tree[] = [];
  let lastOptional = -1;
  for (let link = top; ; ) {
    if (link.type === 'MemberExpression' || link.type === 'CallExpression') {
      spine.push(link);
      if (link.optional) lastOptional = spine.length - 1;
      link = (link.type === 'MemberExpression' ? link.object : link.callee) as Tree;
    } else if (link.type === 'TSNonNullExpression' && !(link.extra as { parenthesized?: boolean } | undefined)?.parenthesized) {
      link = link.expression as Tree;
    } else {
      break;
    }
    if ((link.extra as { parenthesized?: boolean } | undefined)?.parenthesized) break;
  }
  for (let i = 0; i <= lastOptional; i++) spine[i].type = spine[i].type === 'MemberExpression' ? 'OptionalMemberExpression' : 'OptionalCallExpression';
  return top;
}

/**
 * Babel's `leadingComments`: each run of comments with only whitespace between them goes to the outermost node that
 * starts where the run is followed by code (commentRuns); the transforms read them for `@traced` tags and ignore
 * markers. Called on every converted node, inner ones first.
 */
function attachLeadingComments(node: Tree, file: SourceFile): void {
  if (node.type === 'Program') return;
  let at = node.start;
  let run = file.commentRuns.get(at);
  const extra = node.extra as { parenthesized?: boolean; parenStart?: number } | undefined;
  // A parenthesized node's comments may be those before its first parenthesis: `/** @type {T} */ (value)`.
  if (!run && extra?.parenthesized) run = file.commentRuns.get((at = extra.parenStart as number));
  if (!run) return;
  const inner = file.commentHolders.get(at);
  if (inner && inner !== node) inner.leadingComments = undefined;
  node.leadingComments = run;
  file.commentHolders.set(at, node);
}

/** Runs of comments with only whitespace between them, by the offset of the code that follows each. */
function commentRuns(comments: Tree[], source: string): Map<number, Tree[]> {
  const runs = new Map<number, Tree[]>();
  let run: Tree[] = [];
  for (let i = 0; i < comments.length; i++) {
    run.push(comments[i]);
    const next = comments[i + 1] as Tree | undefined;
    const after = nextNonSpace(source, comments[i].end);
    if (next && after === next.start) continue;
    runs.set(after, run);
    run = [];
  }
  return runs;
}

/** The offset of the first character at or after `from` that is neither whitespace nor in a comment. */
function nextCode(source: string, from: number): number {
  TRIVIA.lastIndex = from;
  TRIVIA.exec(source);
  return TRIVIA.lastIndex;
}

const TRIVIA = /(?:\s+|\/\/[^\n\r\u2028\u2029]*|\/\*[\s\S]*?\*\/)*/y;

/** The offset of the first character at or after `from` that is not whitespace. */
function nextNonSpace(source: string, from: number): number {
  SPACE.lastIndex = from;
  SPACE.exec(source);
  return SPACE.lastIndex;
}

const SPACE = /\s*/y;
