/**
 * Provider construction: `provider.addSpanProcessor(p)` statements right after `const provider = new
 * XTracerProvider(opts)` become `spanProcessors: [p]` in its options (likewise `addMetricReader` → `readers`,
 * `addLogRecordProcessor` → `processors`), and `resource: r` becomes `resource: defaultResource().merge(r)`, the
 * resource 1.x providers built (2.x uses `resource` as given). Adder calls anywhere else are flagged, and so is
 * `register()` on a variable known to hold a BasicTracerProvider (2.x removed it).
 */
import type { ASTPath } from 'jscodeshift';
import { isFunction, parentNode, parentOf, propertyKeyName, walk, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { lineWidth } from '../../src/codemod/file-style.js';
import { collectPatternNames, referencedNames } from '../../src/codemod/names.js';
import { lineEnd, lineIndent, lineStart, skipTrivia } from '../../src/codemod/text.js';
import {
  ADDER_ADVICE,
  MERGE_RESOURCE_OPTION,
  MERGE_WITH_DEFAULTS_OPTION,
  PROVIDER_ADDER_METHODS,
  PROVIDER_ENV_EXPORTER_ADVICE,
  REGISTER_ADVICE,
  RESOURCE_CLASS,
  RESOURCE_FACTORIES,
  RESOURCES_MODULE,
  UNREGISTERED_PROVIDER,
  type ProviderAdder,
} from '../../src/otel/sdk-2-migration.js';
import type { Flags } from './flags.js';
import { removeListItem, type ImportPlan } from './imports.js';
import type { Ref } from './references.js';

const RESOURCE_MERGE_ADVICE =
  "2.x providers no longer merge the default resource into the options' resource: pass resource: defaultResource().merge(yourResource) to keep service.name and telemetry.sdk.*";
const TRACES_EXPORTER_VARIABLE = 'OTEL_TRACES_EXPORTER';
const ENV_EXPORTER_PROVIDERS = new Set(['BasicTracerProvider', 'NodeTracerProvider']);

/** `new XProvider(…)` references: folds adders, merges the default resource. Returns the adder calls it folded. */
export function rewriteProviders(
  file: CodemodFile,
  plan: ImportPlan,
  flags: Flags,
  providers: readonly { ref: Ref; adder: ProviderAdder }[],
  fromSdk1: boolean,
): Set<Node> {
  const folded = new Set<Node>();
  for (const { ref, adder } of providers) {
    const parentPath = ref.path.parent as ASTPath;
    const construct = parentPath.node as unknown as Node;
    if (construct.type !== 'NewExpression' || construct.callee !== ref.node) continue;
    if (ref.module === UNREGISTERED_PROVIDER.module && ref.name === UNREGISTERED_PROVIDER.name) flagRegister(file, flags, parentPath);
    const args = construct.arguments as Node[];
    const options = args.at(0);
    if (args.length > 1 || options?.type === 'SpreadElement') continue;
    mergeDefaultResource(file, plan, flags, parentPath, options, fromSdk1);
    const { calls, move } = followingAdders(file.source, parentPath, adder);
    let folds = calls.length > 0 && (!options || options.type === 'ObjectExpression');
    const existing = options?.type === 'ObjectExpression' ? findProperty(options, adder.option) : undefined;
    if (folds && existing && (existing.type !== 'ObjectProperty' || (existing.value as Node).type !== 'ArrayExpression')) folds = false;
    if (folds && !existing && options?.type === 'ObjectExpression' && (options.properties as Node[]).some((p) => p.type === 'SpreadElement')) folds = false;
    if (folds) {
      if (move) moveDown(file, move, calls[0]);
      foldCalls(file, construct, options, existing, adder.option, calls);
      for (const call of calls) folded.add(call.expression as Node);
    } else if (calls.length === 0 && ENV_EXPORTER_PROVIDERS.has(ref.name) && !hasOption(options, adder.option) && !addedLater(file, adder)) {
      // A provider without processors: 1.x built an exporter from OTEL_TRACES_EXPORTER when it was set. Flagged where
      // the file names the variable; otherwise (tests, tracers whose spans go nowhere on purpose) a note in 1.x projects.
      if (file.source.includes(TRACES_EXPORTER_VARIABLE)) flags.add(parentPath, PROVIDER_ENV_EXPORTER_ADVICE);
      else if (fromSdk1) file.report(construct, `no span processor: if OTEL_TRACES_EXPORTER is set where this runs, ${PROVIDER_ENV_EXPORTER_ADVICE}`);
    }
  }
  return folded;
}

/**
 * Flags `x.addSpanProcessor(…)` (and the other adders) that were not folded into a constructor, optional calls
 * (`this.provider?.addSpanProcessor(p)`, `p.addSpanProcessor?.(x)`) included.
 */
export function flagAdders(file: CodemodFile, flags: Flags, folded: ReadonlySet<Node>): void {
  walkPaths(file, (path) => {
    const call = path.node as unknown as Node;
    if ((call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression') || folded.has(call)) return;
    const callee = call.callee as Node;
    if ((callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') || callee.computed) return;
    const method = (callee.property as Node).name as string;
    if (PROVIDER_ADDER_METHODS.has(method) && !featureDetected(path, method, file.source)) flags.add(path, `${method}() is ${ADDER_ADVICE}`);
  });
}

/**
 * The call sits under a test of the method itself (`if (typeof provider.addSpanProcessor === 'function')`, `'addSpanProcessor'
 * in provider && …`, `provider.addSpanProcessor ? … : …`): code written to run on both major versions, not code to move.
 */
function featureDetected(path: ASTPath, method: string, source: string): boolean {
  const call = path.node as unknown as Node;
  const testsMethod = new RegExp(`\\.${method}\\b|['"]${method}['"]\\s+in\\b`);
  for (let current = path.parent as ASTPath | null; current; current = current.parent as ASTPath | null) {
    const node = current.node as unknown as Node;
    const test =
      node.type === 'IfStatement' || node.type === 'ConditionalExpression'
        ? (node.test as Node)
        : node.type === 'LogicalExpression' && node.operator === '&&'
          ? (node.left as Node)
          : null;
    if (test && test.end <= call.start && testsMethod.test(source.slice(test.start, test.end))) return true;
  }
  return false;
}

/** Every call path of the file, plain or optional (jscodeshift's CallExpression type leaves Babel's optional calls out). */
function walkPaths(file: CodemodFile, visit: (path: ASTPath) => void): void {
  const { j, root } = file;
  root.find(j.CallExpression).forEach(visit);
  root.find(j.OptionalCallExpression).forEach(visit);
}

/**
 * `provider.register()` where `provider` is known to be the `new BasicTracerProvider(…)` at `constructPath`: the
 * construct itself (`new BasicTracerProvider().register()`), or the one variable it initialises, declared once in its
 * scope and never assigned again (another provider's `register()` stays silent).
 */
function flagRegister(file: CodemodFile, flags: Flags, constructPath: ASTPath): void {
  const isRegister = (member: Node | undefined, object: Node): boolean =>
    (member?.type === 'MemberExpression' || member?.type === 'OptionalMemberExpression') &&
    member.object === object &&
    !member.computed &&
    (member.property as Node).name === UNREGISTERED_PROVIDER.method;
  const calledAt = (memberPath: ASTPath): ASTPath | null => {
    const call = parentNode(memberPath);
    return (call?.type === 'CallExpression' || call?.type === 'OptionalCallExpression') && call.callee === memberPath.node ? (memberPath.parent as ASTPath) : null;
  };
  const construct = constructPath.node as unknown as Node;
  const parent = parentNode(constructPath);
  if (isRegister(parent, construct)) {
    const call = calledAt(constructPath.parent as ASTPath);
    if (call) flags.add(call, REGISTER_ADVICE);
    return;
  }
  const id = parent?.type === 'VariableDeclarator' && parent.init === construct ? (parent.id as Node) : null;
  if (id?.type !== 'Identifier') return;
  const name = id.name as string;
  type Scope = { lookup(n: string): Scope | null; getBindings(): Record<string, ASTPath[] | undefined> };
  const scope = ((constructPath.parent as ASTPath).scope as Scope | null)?.lookup(name);
  const bindings = scope?.getBindings()[name] ?? [];
  if (!scope || bindings.length !== 1 || (bindings[0].node as unknown) !== id) return;
  const { j, root } = file;
  const writes: ASTPath[] = [];
  const calls: ASTPath[] = [];
  root.find(j.Identifier, { name }).forEach((path) => {
    if ((path.scope as Scope | null)?.lookup(name) !== scope) return;
    const p = parentNode(path);
    if ((p?.type === 'AssignmentExpression' && p.left === (path.node as unknown)) || (p?.type === 'UpdateExpression' && p.argument === (path.node as unknown))) writes.push(path);
    const call = isRegister(p, path.node as unknown as Node) ? calledAt(path.parent as ASTPath) : null;
    if (call) calls.push(call);
  });
  if (writes.length === 0) for (const call of calls) flags.add(call, REGISTER_ADVICE);
}

/** The adder calls to fold, and the provider's statement when it must move down to them (null: it is right above). */
interface Adders {
  calls: Node[];
  /** The provider's declaration, to be moved to just above the first call. */
  move: Node | null;
}

/**
 * `const p = new X(…);` followed by `p.adder(arg);` statements in the same statement list: directly, or after
 * declarations that do not mention `p` (`const exporter = …; const processor = new BatchSpanProcessor(exporter);`,
 * which the arguments may need). Then the provider's declaration moves down to the adders: its options may read
 * those declarations, and nothing between reads the provider. An argument, or a declaration between, that reads `p`
 * (itself or through a function of the file that does) ends the run: in the constructor's options, or above the
 * moved declaration, it would read `p` before it is initialised. So does a comment that folding would delete.
 */
function followingAdders(source: string, constructPath: ASTPath, adder: ProviderAdder): Adders {
  const none: Adders = { calls: [], move: null };
  const declaratorPath = constructPath.parent as ASTPath;
  const declarator = declaratorPath.node as unknown as Node;
  if (declarator.type !== 'VariableDeclarator' || (declarator.id as Node).type !== 'Identifier') return none;
  const declarationPath = declaratorPath.parent as ASTPath;
  const declaration = declarationPath.node as unknown as Node;
  if ((declaration.declarations as Node[]).length !== 1) return none;
  let statementPath = declarationPath;
  // `export const provider = …`
  if (parentNode(statementPath)?.type === 'ExportNamedDeclaration') statementPath = statementPath.parent as ASTPath;
  const list = parentNode(statementPath)?.body as Node[] | undefined;
  const statement = statementPath.node as unknown as Node;
  if (!Array.isArray(list)) return none;
  const name = (declarator.id as Node).name as string;
  const readers = readersOf(statementPath, name);
  const reads = (node: Node): boolean => [...outerNames(node)].some((n) => readers.has(n));
  const calls: Node[] = [];
  let between = 0;
  for (let i = list.indexOf(statement) + 1; i < list.length; i++) {
    const next = list[i];
    const expression = next.type === 'ExpressionStatement' ? (next.expression as Node) : null;
    const callee = expression?.type === 'CallExpression' ? (expression.callee as Node) : null;
    const args = (expression?.arguments as Node[] | undefined) ?? [];
    const isAdder =
      callee?.type === 'MemberExpression' &&
      !callee.computed &&
      (callee.object as Node).type === 'Identifier' &&
      (callee.object as Node).name === name &&
      (callee.property as Node).name === adder.method &&
      args.length === 1 &&
      args[0].type !== 'SpreadElement' &&
      !reads(args[0]);
    // A comment the fold would delete (between two adders, or after an adder's argument on its line): no fold.
    const previous = calls.at(-1);
    if (isAdder && previous && hasComment(source.slice(previous.end, args[0].start))) return none;
    if (isAdder && hasComment(source.slice(args[0].end, lineEnd(source, next.end)))) return none;
    if (isAdder) {
      calls.push(next);
      continue;
    }
    // Declarations before the first adder that leave the provider alone; anything else ends the run.
    if (calls.length > 0 || next.type !== 'VariableDeclaration' || next.kind === 'var' || reads(next)) break;
    between++;
  }
  if (calls.length === 0) return none;
  return { calls, move: between > 0 ? statement : null };
}

/**
 * `name` and the names of the functions, classes and variables declared in the statement lists around `path` whose
 * declarations read it, directly or through one another (`function tracerFor(n) { return provider.getTracer(n); }`):
 * calling one reads `name`.
 */
function readersOf(path: ASTPath, name: string): Set<string> {
  const declared: { id: string; reads: Set<string> }[] = [];
  for (let current: ASTPath | null = path; current; current = parentOf(current)) {
    const list = (current.node as unknown as Node).body;
    if (!Array.isArray(list)) continue;
    for (const item of list as Node[]) {
      const statement = item.type === 'ExportNamedDeclaration' || item.type === 'ExportDefaultDeclaration' ? ((item.declaration as Node | null) ?? item) : item;
      const id = statement.id as Node | null | undefined;
      if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && id?.type === 'Identifier') {
        declared.push({ id: id.name as string, reads: outerNames(statement) });
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations as Node[]) {
          const declaratorId = declarator.id as Node;
          if (declaratorId.type === 'Identifier' && declarator.init) declared.push({ id: declaratorId.name as string, reads: outerNames(declarator.init as Node) });
        }
      }
    }
  }
  const readers = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { id, reads } of declared) {
      if (readers.has(id) || ![...reads].some((n) => readers.has(n))) continue;
      readers.add(id);
      grew = true;
    }
  }
  return readers;
}

/**
 * The names a subtree reads from around it: those it refers to less those it declares itself (parameters, variables,
 * catch bindings, inner functions and classes), so a method's own `error` is not the file's `error`.
 */
function outerNames(root: Node): Set<string> {
  const reads = referencedNames(root);
  const declared = new Set<string>();
  const declare = (node: Node): void => {
    if (isFunction(node)) for (const param of node.params as Node[]) collectPatternNames(param, declared);
    if (node.type === 'VariableDeclarator') collectPatternNames(node.id as Node, declared);
    if (node.type === 'CatchClause') collectPatternNames(node.param as Node | null, declared);
    const id = node.id as Node | null | undefined;
    if (node !== root && id?.type === 'Identifier' && /^(?:Function|Class)(?:Declaration|Expression)$/.test(node.type)) declared.add(id.name as string);
  };
  declare(root);
  walk(root, (node) => {
    declare(node);
    return undefined;
  });
  for (const local of declared) reads.delete(local);
  return reads;
}

const hasComment = (text: string): boolean => /\/[/*]/.test(text);

/** Moves a statement's lines (with the edits inside them) to the line of `before`. */
function moveDown(file: CodemodFile, statement: Node, before: Node): void {
  const { source } = file;
  const start = lineStart(source, statement.start);
  const lineBreak = source.indexOf('\n', statement.end);
  const end = lineBreak < 0 ? source.length : lineBreak + 1;
  file.edits.move(start, end, lineStart(source, before.start));
}

/** A one-line options object whose gaps between properties are only `, ` (no comments, no 1.x option to remove). */
function reflowable(source: string, options: Node): boolean {
  const properties = options.properties as Node[];
  if (properties.some((p) => p.type !== 'SpreadElement' && propertyKeyName(p) === MERGE_WITH_DEFAULTS_OPTION)) return false;
  const gaps = [source.slice(options.start + 1, properties[0].start), source.slice(properties.at(-1)?.end ?? options.end, options.end - 1)];
  for (let i = 0; i + 1 < properties.length; i++) gaps.push(source.slice(properties[i].end, properties[i + 1].start));
  return gaps.every((gap) => /^\s*,?\s*$/.test(gap));
}

function findProperty(object: Node, name: string): Node | undefined {
  return (object.properties as Node[]).find((p) => p.type !== 'SpreadElement' && propertyKeyName(p) === name);
}

function hasOption(options: Node | undefined, name: string): boolean {
  return options?.type === 'ObjectExpression' && findProperty(options, name) !== undefined;
}

/** An adder call elsewhere in the file (flagged as far from its provider, which then has a processor). */
const addedLater = (file: CodemodFile, adder: ProviderAdder): boolean => file.source.includes(`.${adder.method}(`);

/**
 * Moves the adders' arguments into the options, as one range: from the first argument to the last, the text between
 * two arguments (`);\n  provider.addSpanProcessor(`) replaced with a separator. Edits inside the arguments (a
 * `getEnv()` read, a `new Resource`) move with them; the rest of the adder statements goes.
 */
function foldCalls(file: CodemodFile, construct: Node, options: Node | undefined, existing: Node | undefined, option: string, calls: readonly Node[]): void {
  const { source, style, edits } = file;
  const args = calls.map((call) => ((call.expression as Node).arguments as Node[])[0]);
  const first = args[0];
  const last = args[args.length - 1];
  const indent = lineIndent(source, construct.start);
  const unit = style.indent;
  const trailing = /,[ \t]*\r?\n[ \t]*[\]})]/.test(source) ? ',' : '';
  const multiLine = args.length > 1 || args.some((arg) => source.slice(arg.start, arg.end).includes('\n'));
  // The options' last line once the items are in (and the resource merged, which adds `defaultResource().merge()`).
  const optionsEnd = options ? options.end : construct.end;
  const added = args.reduce((sum, arg) => sum + arg.end - arg.start + 2, option.length + 6);
  const merged = options?.type === 'ObjectExpression' && hasOption(options, MERGE_RESOURCE_OPTION) ? 26 : 0;
  const width = lineEnd(source, optionsEnd) - lineStart(source, optionsEnd) + added + merged;
  const place = placement(file, construct, options, existing, option, { indent, unit, trailing, multiLine, width });
  for (let i = 0; i + 1 < args.length; i++) edits.replace(args[i].end, args[i + 1].start, place.separator);
  // An argument written over several lines keeps its shape one level deeper (a template literal's lines are its value).
  if (place.itemIndent !== undefined) {
    for (const arg of args) {
      const argIndent = lineIndent(source, arg.start);
      const text = source.slice(arg.start, arg.end);
      if (!place.itemIndent.startsWith(argIndent) || text.includes('`')) continue;
      const extra = place.itemIndent.slice(argIndent.length);
      if (extra === '') continue;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) edits.insert(arg.start + at + 1, extra);
    }
  }
  const firstLine = lineStart(source, calls[0].start);
  const lastStatement = calls[calls.length - 1];
  const lineBreak = source.indexOf('\n', lastStatement.end);
  const end = lineBreak < 0 ? source.length : lineBreak + 1;
  const alone = source.slice(firstLine, calls[0].start).trim() === '' && source.slice(lastStatement.end, lineBreak < 0 ? end : lineBreak).trim() === '';
  edits.remove(alone ? firstLine : calls[0].start, first.start);
  edits.remove(last.end, alone ? end : lastStatement.end);
  edits.move(first.start, last.end, place.to, { before: place.before, after: place.after });
}

interface Placement {
  to: number;
  before: string;
  after: string;
  separator: string;
  /** The items' indentation when they go one per line. */
  itemIndent?: string;
}

/** Where the moved arguments go in the options, and the text around and between them. */
function placement(
  file: CodemodFile,
  construct: Node,
  options: Node | undefined,
  existing: Node | undefined,
  option: string,
  layout: { indent: string; unit: string; trailing: string; multiLine: boolean; width: number },
): Placement {
  const { source, edits } = file;
  const { indent, unit, trailing, multiLine } = layout;
  if (!options) {
    // `new X()` or `new X`
    const callee = construct.callee as Node;
    const hasParens = source.slice(callee.end, construct.end).trim().endsWith(')');
    const [open, close] = hasParens ? ['', ''] : ['(', ')'];
    const to = hasParens ? construct.end - 1 : construct.end;
    if (!multiLine) return { to, before: `${open}{ ${option}: [`, after: `] }${close}`, separator: ', ' };
    const items = `${indent}${unit}${unit}`;
    return {
      to,
      before: `${open}{\n${indent}${unit}${option}: [\n${items}`,
      after: `${trailing}\n${indent}${unit}]${trailing}\n${indent}}${close}`,
      separator: `,\n${items}`,
      itemIndent: items,
    };
  }
  if (!existing) {
    const properties = options.properties as Node[];
    const lastProperty = properties.at(-1);
    const close = options.end - 1;
    if (!lastProperty) return { to: options.start + 1, before: ` ${option}: [`, after: '] ', separator: ', ' };
    const next = skipTrivia(source, lastProperty.end);
    const hasComma = next < close && source[next] === ',';
    const anchor = hasComma ? next + 1 : lastProperty.end;
    if (!source.slice(anchor, close).includes('\n')) {
      if (layout.width <= lineWidth(source) || !reflowable(source, options)) {
        return { to: lastProperty.end, before: `, ${option}: [`, after: ']', separator: ', ' };
      }
      // Past the file's line width: the options go one per line (only the gaps between them change).
      const inner = `${indent}${unit}`;
      edits.replace(options.start + 1, properties[0].start, `\n${inner}`);
      for (let i = 0; i + 1 < properties.length; i++) edits.replace(properties[i].end, properties[i + 1].start, `,\n${inner}`);
      edits.remove(lastProperty.end, close);
      if (!multiLine) return { to: lastProperty.end, before: `,\n${inner}${option}: [`, after: `]${trailing}\n${indent}`, separator: ', ' };
      return {
        to: lastProperty.end,
        before: `,\n${inner}${option}: [\n${inner}${unit}`,
        after: `${trailing}\n${inner}]${trailing}\n${indent}`,
        separator: `,\n${inner}${unit}`,
        itemIndent: `${inner}${unit}`,
      };
    }
    const propertyIndent = lineIndent(source, lastProperty.start);
    if (!hasComma) edits.insert(lastProperty.end, ',');
    const to = Math.min(lineEnd(source, anchor), close);
    if (!multiLine) return { to, before: `\n${propertyIndent}${option}: [`, after: `]${hasComma ? ',' : ''}`, separator: ', ' };
    const items = `${propertyIndent}${unit}`;
    return {
      to,
      before: `\n${propertyIndent}${option}: [\n${items}`,
      after: `${trailing}\n${propertyIndent}]${hasComma ? ',' : ''}`,
      separator: `,\n${items}`,
      itemIndent: items,
    };
  }
  const array = existing.value as Node;
  const elements = (array.elements as (Node | null)[]).filter((e): e is Node => e !== null);
  const lastElement = elements.at(-1);
  if (!lastElement) return { to: array.start + 1, before: '', after: '', separator: ', ' };
  if (!source.slice(array.start, array.end).includes('\n')) return { to: lastElement.end, before: ', ', after: '', separator: ', ' };
  const itemIndent = lineIndent(source, lastElement.start);
  const next = skipTrivia(source, lastElement.end);
  if (source[next] === ',') return { to: next + 1, before: `\n${itemIndent}`, after: ',', separator: `,\n${itemIndent}`, itemIndent };
  return { to: lastElement.end, before: `,\n${itemIndent}`, after: '', separator: `,\n${itemIndent}`, itemIndent };
}

/**
 * `resource: r` → `resource: defaultResource().merge(r)`: 1.x providers merged the default resource (service.name,
 * telemetry.sdk.*) into the one passed; 2.x takes it as given. `mergeResourceWithDefaults` is gone in 2.x: removed
 * (with `false`, the resource is left as passed). Options the file does not spell out are flagged.
 */
function mergeDefaultResource(
  file: CodemodFile,
  plan: ImportPlan,
  flags: Flags,
  constructPath: ASTPath,
  options: Node | undefined,
  fromSdk1: boolean,
): void {
  if (!options) return;
  if (options.type !== 'ObjectExpression') {
    if (fromSdk1) flags.add(constructPath, RESOURCE_MERGE_ADVICE);
    return;
  }
  const properties = options.properties as Node[];
  const resource = findProperty(options, MERGE_RESOURCE_OPTION);
  const mergeFlag = findProperty(options, MERGE_WITH_DEFAULTS_OPTION);
  // The 1.x option says what 1.x did (and is itself proof of 1.x code); without it, the project's package.json does.
  let merge = fromSdk1;
  if (mergeFlag) {
    const flagValue = mergeFlag.value as Node | undefined;
    if (mergeFlag.type !== 'ObjectProperty' || flagValue?.type !== 'BooleanLiteral') {
      flags.add(constructPath, `${MERGE_WITH_DEFAULTS_OPTION} is gone in 2.x: pass resource: defaultResource().merge(r) when it is true, r when false`);
      return;
    }
    merge = flagValue.value === true;
    if (merge || resource) {
      removeListItem(file, properties, properties.indexOf(mergeFlag));
    } else if (properties.some((p) => p.type === 'SpreadElement')) {
      // The spread may hold a resource; or not, and then 1.x used an empty one.
      flags.add(constructPath, `${MERGE_WITH_DEFAULTS_OPTION} is gone in 2.x: pass resource: r as given, or emptyResource() when there is none (2.x would use defaultResource())`);
    } else {
      // No resource and no merge: 1.x used an empty resource, where 2.x would use the default one.
      const empty = plan.need(RESOURCES_MODULE, RESOURCE_FACTORIES.empty, false);
      file.edits.replace(mergeFlag.start, mergeFlag.end, `${MERGE_RESOURCE_OPTION}: ${empty}()`);
    }
  }
  if (resource?.type !== 'ObjectProperty') return;
  const value = resource.value as Node;
  if (mergesDefault(value, plan) || (value.type === 'Identifier' && declaredAsDefaultMerge(file, plan, value.name as string))) return;
  if (!merge) {
    if (!mergeFlag) file.report(resource, `if this code was written for SDK 1.x: ${RESOURCE_MERGE_ADVICE}`);
    return;
  }
  const local = plan.need(RESOURCES_MODULE, RESOURCE_FACTORIES.default, false);
  if (resource.shorthand) {
    file.edits.replace(resource.start, resource.end, `${MERGE_RESOURCE_OPTION}: ${local}().merge(${file.source.slice(value.start, value.end)})`);
  } else {
    file.edits.insert(value.start, `${local}().merge(`);
    file.edits.insert(value.end, ')');
  }
}

/** `const resource = Resource.default().merge(…)`: the one declaration of that name in the file builds on the default. */
function declaredAsDefaultMerge(file: CodemodFile, plan: ImportPlan, name: string): boolean {
  const inits: (Node | null)[] = [];
  walk(file.program, (node) => {
    if (node.type === 'VariableDeclarator' && (node.id as Node).type === 'Identifier' && (node.id as Node).name === name) inits.push(node.init as Node | null);
  });
  const init = inits.length === 1 ? inits[0] : null;
  return init !== null && mergesDefault(init, plan);
}

/** `defaultResource()`, `Resource.default()`, or either merged with another resource already. */
function mergesDefault(value: Node, plan: ImportPlan): boolean {
  if (value.type !== 'CallExpression') return false;
  if (isDefaultResource(value, plan)) return true;
  const callee = value.callee as Node;
  if (callee.type !== 'MemberExpression' || (callee.property as Node).name !== 'merge') return false;
  return isDefaultResource(callee.object as Node, plan);
}

function isDefaultResource(call: Node, plan: ImportPlan): boolean {
  if (call.type !== 'CallExpression') return false;
  const fn = call.callee as Node;
  if (fn.type === 'Identifier') {
    const binding = plan.binding(fn.name as string);
    return binding?.module === RESOURCES_MODULE && binding.imported === RESOURCE_FACTORIES.default;
  }
  if (fn.type !== 'MemberExpression' || fn.computed) return false;
  const property = (fn.property as Node).name as string;
  const object = fn.object as Node;
  if (object.type !== 'Identifier') return false;
  if (property === 'default') {
    const owner = plan.binding(object.name as string);
    return owner?.module === RESOURCES_MODULE && owner.imported === RESOURCE_CLASS;
  }
  return property === RESOURCE_FACTORIES.default && plan.namespaces.get(object.name as string) === RESOURCES_MODULE;
}
