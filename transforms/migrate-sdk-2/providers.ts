/**
 * Provider construction: `provider.addSpanProcessor(p)` statements right after `const provider = new
 * XTracerProvider(opts)` become `spanProcessors: [p]` in its options (likewise `addMetricReader` → `readers`,
 * `addLogRecordProcessor` → `processors`), and `resource: r` becomes `resource: defaultResource().merge(r)`, the
 * resource 1.x providers built (2.x uses `resource` as given). Adder calls anywhere else are flagged.
 */
import type { ASTPath } from 'jscodeshift';
import { propertyKeyName, walk, type Node } from '../../src/codemod/ast.js';
import type { CodemodFile } from '../../src/codemod/codemod-file.js';
import { appendToList } from '../../src/codemod/generated-code.js';
import { referencedNames } from '../../src/codemod/names.js';
import { lineIndent, lineStart, skipTrivia } from '../../src/codemod/text.js';
import {
  ADDER_ADVICE,
  MERGE_RESOURCE_OPTION,
  MERGE_WITH_DEFAULTS_OPTION,
  PROVIDER_ADDER_METHODS,
  PROVIDER_ENV_EXPORTER_ADVICE,
  RESOURCE_CLASS,
  RESOURCE_FACTORIES,
  RESOURCES_MODULE,
  type ProviderAdder,
} from '../../src/otel/sdk-2-migration.js';
import type { Flags } from './flags.js';
import { removeListItem, removeStatement, type ImportPlan } from './imports.js';
import { parentOf, type Ref } from './references.js';

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
    const args = construct.arguments as Node[];
    const options = args.at(0);
    if (args.length > 1 || options?.type === 'SpreadElement') continue;
    mergeDefaultResource(file, plan, flags, parentPath, options, fromSdk1);
    const { calls, move } = followingAdders(parentPath, adder);
    let folds = calls.length > 0 && (!options || options.type === 'ObjectExpression');
    const existing = options?.type === 'ObjectExpression' ? findProperty(options, adder.option) : undefined;
    if (folds && existing && (existing.type !== 'ObjectProperty' || (existing.value as Node).type !== 'ArrayExpression')) folds = false;
    if (folds && !existing && options?.type === 'ObjectExpression' && (options.properties as Node[]).some((p) => p.type === 'SpreadElement')) folds = false;
    if (folds) {
      const items = calls.map((call) => itemText(file, ((call.expression as Node).arguments as Node[])[0]));
      addItems(file, construct, options, existing, adder.option, items);
      if (move) moveDown(file, move, calls[0]);
      for (const call of calls) {
        removeStatement(file, call);
        folded.add(call.expression as Node);
      }
    } else if (calls.length === 0 && ENV_EXPORTER_PROVIDERS.has(ref.name) && !hasOption(options, adder.option) && !addedLater(file, adder)) {
      // A provider without processors: 1.x built an exporter from OTEL_TRACES_EXPORTER when it was set. Flagged where
      // the file names the variable; otherwise (tests, tracers whose spans go nowhere on purpose) a note in 1.x projects.
      if (file.source.includes(TRACES_EXPORTER_VARIABLE)) flags.add(parentPath, PROVIDER_ENV_EXPORTER_ADVICE);
      else if (fromSdk1) file.report(construct, `no span processor: if OTEL_TRACES_EXPORTER is set where this runs, ${PROVIDER_ENV_EXPORTER_ADVICE}`);
    }
  }
  return folded;
}

/** Flags `x.addSpanProcessor(…)` (and the other adders) that were not folded into a constructor. */
export function flagAdders(file: CodemodFile, flags: Flags, folded: ReadonlySet<Node>): void {
  const { j, root } = file;
  root.find(j.CallExpression).forEach((path) => {
    const call = path.node as unknown as Node;
    const callee = call.callee as Node;
    if (folded.has(call) || callee.type !== 'MemberExpression' || callee.computed) return;
    const method = (callee.property as Node).name as string;
    if (PROVIDER_ADDER_METHODS.has(method)) flags.add(path, `${method}() is ${ADDER_ADVICE}`);
  });
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
 * those declarations, and nothing between reads the provider.
 */
function followingAdders(constructPath: ASTPath, adder: ProviderAdder): Adders {
  const none: Adders = { calls: [], move: null };
  const declaratorPath = constructPath.parent as ASTPath;
  const declarator = declaratorPath.node as unknown as Node;
  if (declarator.type !== 'VariableDeclarator' || (declarator.id as Node).type !== 'Identifier') return none;
  const declarationPath = declaratorPath.parent as ASTPath;
  const declaration = declarationPath.node as unknown as Node;
  if ((declaration.declarations as Node[]).length !== 1) return none;
  let statementPath = declarationPath;
  // `export const provider = …`
  if (parentOf(statementPath)?.type === 'ExportNamedDeclaration') statementPath = statementPath.parent as ASTPath;
  const list = parentOf(statementPath)?.body as Node[] | undefined;
  const statement = statementPath.node as unknown as Node;
  if (!Array.isArray(list)) return none;
  const name = (declarator.id as Node).name as string;
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
      args[0].type !== 'SpreadElement';
    if (isAdder) {
      calls.push(next);
      continue;
    }
    // Declarations before the first adder that leave the provider alone; anything else ends the run.
    if (calls.length > 0 || next.type !== 'VariableDeclaration' || next.kind === 'var' || referencedNames(next).has(name)) break;
    between++;
  }
  if (calls.length === 0) return none;
  return { calls, move: between > 0 ? statement : null };
}

/** Moves a statement's lines (with the edits inside them) to the line of `before`. */
function moveDown(file: CodemodFile, statement: Node, before: Node): void {
  const { source } = file;
  const start = lineStart(source, statement.start);
  const lineBreak = source.indexOf('\n', statement.end);
  const end = lineBreak < 0 ? source.length : lineBreak + 1;
  file.edits.move(start, end, lineStart(source, before.start));
}

function findProperty(object: Node, name: string): Node | undefined {
  return (object.properties as Node[]).find((p) => p.type !== 'SpreadElement' && propertyKeyName(p) === name);
}

function hasOption(options: Node | undefined, name: string): boolean {
  return options?.type === 'ObjectExpression' && findProperty(options, name) !== undefined;
}

/** An adder call elsewhere in the file (flagged as far from its provider, which then has a processor). */
const addedLater = (file: CodemodFile, adder: ProviderAdder): boolean => file.source.includes(`.${adder.method}(`);

/** The argument's text, as written. */
const itemText = (file: CodemodFile, arg: Node): string => file.source.slice(arg.start, arg.end);

/** Continuation lines one level deeper (a template literal's lines are its value: left as they are). */
function reindent(text: string, extra: string): string {
  if (text.includes('`')) return text;
  return text.replace(/\n/g, `\n${extra}`);
}

/** Puts `items` into the options: a new object, a new property, or the end of the array that is there. */
function addItems(file: CodemodFile, construct: Node, options: Node | undefined, existing: Node | undefined, option: string, items: string[]): void {
  const { source, style, edits } = file;
  const indent = lineIndent(source, construct.start);
  const unit = style.indent;
  const trailing = /,[ \t]*\r?\n[ \t]*[\]})]/.test(source) ? ',' : '';
  const multiLine = items.length > 1 || items.some((item) => item.includes('\n'));
  if (!options) {
    // `new X()` or `new X`
    const text = multiLine
      ? `{\n${indent}${unit}${option}: [\n${items.map((item) => `${indent}${unit}${unit}${reindent(item, unit)}`).join(',\n')}${trailing}\n${indent}${unit}]${trailing}\n${indent}}`
      : `{ ${option}: [${items[0]}] }`;
    const close = source.lastIndexOf(')', construct.end - 1);
    if (close > (construct.callee as Node).end && source.slice((construct.callee as Node).end, construct.end).trim().endsWith(')')) {
      edits.insert(construct.end - 1, text);
    } else {
      edits.insert(construct.end, `(${text})`);
    }
    return;
  }
  if (!existing) {
    const properties = options.properties as Node[];
    const objectMultiLine = source.slice(options.start, options.end).includes('\n');
    const propertyIndent = objectMultiLine && properties.length > 0 ? lineIndent(source, properties[0].start) : indent + unit;
    const itemList = objectMultiLine && multiLine
      ? `[\n${items.map((item) => `${propertyIndent}${unit}${reindent(item, unit)}`).join(',\n')}${trailing}\n${propertyIndent}]`
      : `[${items.join(', ')}]`;
    appendToList(file, { open: options.start, close: options.end - 1, last: properties.at(-1) ?? null }, [`${option}: ${itemList}`]);
    return;
  }
  const array = existing.value as Node;
  const elements = (array.elements as (Node | null)[]).filter((e): e is Node => e !== null);
  if (elements.length === 0) {
    edits.replace(array.start, array.end, `[${items.join(', ')}]`);
    return;
  }
  const last = elements[elements.length - 1];
  const next = skipTrivia(source, last.end);
  const onLines = source.slice(array.start, array.end).includes('\n');
  if (!onLines) {
    edits.insert(last.end, items.map((item) => `, ${item}`).join(''));
    return;
  }
  const itemIndent = lineIndent(source, last.start);
  const hasComma = source[next] === ',';
  const at = hasComma ? next + 1 : last.end;
  edits.insert(at, `${hasComma ? '' : ','}${items.map((item) => `\n${itemIndent}${item}`).join(',')}${hasComma ? ',' : ''}`);
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
    removeListItem(file, properties, properties.indexOf(mergeFlag));
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
