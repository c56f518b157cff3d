/**
 * `migrate-sdk-2`: moves code from the OpenTelemetry JS SDK 1.x to 2.x. Mechanical changes are rewritten with their
 * imports (the Resource class → its factory functions, renamed and moved exports, `getEnv()` → typed readers, span
 * fields, views and aggregations → option objects, adder calls right after a provider → its constructor options);
 * what has no safe rewrite is reported and marked with one `// TODO(otel-codemod): …` comment; package.json ranges of
 * the SDK packages move to the 2.x lines. What changed is in src/otel/sdk-2-migration.ts; docs/codemods/migrate-sdk-2.md
 * lists the rewrites, the flags and the limits.
 */
import type { ASTPath, Options, Transform } from 'jscodeshift';
import { parentNode, type Node } from '../src/codemod/ast.js';
import { openFile, type CodemodFile } from '../src/codemod/codemod-file.js';
import { lineWidth } from '../src/codemod/file-style.js';
import { lineEnd, lineIndent, lineStart } from '../src/codemod/text.js';
import type { CodemodMeta, PackageJson, ProjectVerdict } from '../src/codemod/types.js';
import { OTEL_SCOPE } from '../src/otel/api.js';
import {
  AGGREGATION_ADVICE,
  AGGREGATION_BASE_CLASS,
  AGGREGATION_FACTORIES,
  AGGREGATION_TYPE_ENUM,
  AGGREGATIONS,
  ALLOW_LIST_PROCESSOR,
  GET_ENV,
  GET_ENV_ADVICE,
  GET_ENV_WITHOUT_DEFAULTS,
  CORE_MODULE,
  INSTRUMENTATION_LIBRARY,
  MOVED_EXPORTS,
  NEW_SPAN_ADVICE,
  PARENT_SPAN_ID,
  PROVIDERS,
  REMOVED_EXPORTS,
  RESOURCE_ADVICE,
  RESOURCE_CLASS,
  RESOURCE_FACTORIES,
  RESOURCES_MODULE,
  SDK_METRICS_MODULE,
  SDK_TRACE_MODULES,
  SPAN_CLASS,
  VIEW_ADVICE,
  VIEW_ATTRIBUTE_KEYS,
  VIEW_ATTRIBUTES_PROCESSORS,
  VIEW_CLASS,
  type ProviderAdder,
} from '../src/otel/sdk-2-migration.js';
import { rewriteEnvCall } from './migrate-sdk-2/env.js';
import { Flags } from './migrate-sdk-2/flags.js';
import { ImportPlan } from './migrate-sdk-2/imports.js';
import { migratePackageJson, onSdk2Only, sdk1Dependencies } from './migrate-sdk-2/package-json.js';
import { flagAdders, rewriteProviders } from './migrate-sdk-2/providers.js';
import { collectRefs, type Ref } from './migrate-sdk-2/references.js';
import { rewriteSpanFields } from './migrate-sdk-2/spans.js';

const NAME = 'migrate-sdk-2';

export const meta: CodemodMeta = {
  name: NAME,
  description: 'Move code and package.json from the OpenTelemetry JS SDK 1.x to 2.x, marking what needs a person with a TODO.',
  options: [
    {
      flags: '--todo',
      key: 'todo',
      kind: 'boolean',
      default: true,
      description: 'Mark each place left for a person with a // TODO(otel-codemod): comment (--no-todo: only report it)',
    },
  ],
  // Everything it rewrites is an export it knows, imported from its @opentelemetry/* package, or a span field.
  mayContainTarget: (source) => source.includes(OTEL_SCOPE) && mentionsTargetName(source),
  packageJson: (text) => migratePackageJson(text),
  // A project whose package.json is on SDK 1.x gets its providers' resource merged with the default one, as 1.x did.
  // Code whose project says nothing (or is on 2.x already) cannot be told from 2.x code: a note, no rewrite.
  checkProject(packageJson: PackageJson | null): ProjectVerdict | undefined {
    // Code of a project on 2.x compiles against 2.x as it is: its imports of what became types are left as written.
    if (packageJson && onSdk2Only(packageJson)) return { skip: false, options: { [ON_SDK_2]: true } };
    const sdk1 = packageJson ? sdk1Dependencies(packageJson) : [];
    if (sdk1.length === 0) return undefined;
    return { skip: false, note: `package.json is on SDK 1.x (${sdk1.join(', ')})`, options: { [FROM_SDK_1]: true } };
  },
};

/**
 * Every export the transform acts on, by module: the renamed, moved and removed ones, and what `rewriteRef` and the
 * provider rewrite dispatch on. A file naming none of them (as a word, beside its module's name) is never parsed; a new
 * branch in `rewriteRef` adds its name here, or the fixture test (`mayContainTarget` on every changed pair) fails.
 */
const TARGET_NAMES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const names = new Map<string, Set<string>>();
  const add = (module: string, ...more: string[]): void => {
    const set = names.get(module) ?? new Set<string>();
    for (const name of more) set.add(name);
    names.set(module, set);
  };
  for (const table of [MOVED_EXPORTS, REMOVED_EXPORTS, PROVIDERS]) for (const [module, exports] of table) add(module, ...exports.keys());
  add(RESOURCES_MODULE, RESOURCE_CLASS);
  add(CORE_MODULE, GET_ENV, GET_ENV_WITHOUT_DEFAULTS);
  add(SDK_METRICS_MODULE, VIEW_CLASS, AGGREGATION_BASE_CLASS, ...AGGREGATIONS.keys());
  for (const module of SDK_TRACE_MODULES) add(module, SPAN_CLASS);
  return names;
})();
const wordsPattern = (words: Iterable<string>): RegExp => new RegExp(`\\b(?:${[...words].join('|')})\\b`);
const TARGET_WORDS = new Map([...TARGET_NAMES].map(([module, names]) => [module, wordsPattern(names)]));
// Span fields are rewritten wherever the object is known to be an SDK span (its type, or an exporter's finished spans).
const SPAN_FIELD_WORDS = wordsPattern([PARENT_SPAN_ID, INSTRUMENTATION_LIBRARY]);

function mentionsTargetName(source: string): boolean {
  if (SPAN_FIELD_WORDS.test(source)) return true;
  for (const [module, words] of TARGET_WORDS) if (source.includes(module) && words.test(source)) return true;
  return false;
}

/** Set by checkProject: the project is on SDK 1.x, so a provider's `resource` option was merged with the default one. */
export const FROM_SDK_1 = 'fromSdk1';
/** Set by checkProject: every SDK package of the project is on 2.x, so its code is 2.x code already. */
export const ON_SDK_2 = 'onSdk2';

const transform: Transform = (info, api, options: Options) => {
  if (!meta.mayContainTarget(info.source, {})) return undefined;
  const file = openFile(info, api);
  const plan = new ImportPlan(file, options[ON_SDK_2] !== true);
  const reExports = (file.program.body as Node[]).some((s) => s.type === 'ExportNamedDeclaration' && s.source);
  if (plan.bindings.length === 0 && plan.namespaces.size === 0 && !reExports) return undefined;
  const flags = new Flags(file, options.todo !== false);
  const refs = collectRefs(file, plan, NAME);
  for (const ref of refs) {
    if (!ref.binding) continue;
    if (ref.type) ref.binding.typeUses++;
    else ref.binding.valueUses++;
  }

  const providers: { ref: Ref; adder: ProviderAdder }[] = [];
  for (const ref of refs) {
    const adder = PROVIDERS.get(ref.module)?.get(ref.name);
    if (adder && !ref.type) providers.push({ ref, adder });
    else rewriteRef(file, plan, flags, ref);
  }
  const folded = rewriteProviders(file, plan, flags, providers, options[FROM_SDK_1] === true);
  // Adders are flagged in files that import a provider class (an import the codemod adds is not one).
  if (plan.bindings.some((b) => PROVIDERS.get(b.module)?.has(b.imported)) || [...plan.namespaces.values()].some((m) => PROVIDERS.has(m))) {
    flagAdders(file, flags, folded);
  }
  rewriteSpanFields(file, plan, flags, NAME);
  rewriteReExports(file, flags);
  for (const binding of plan.bindings) {
    // An import nothing uses still names its 2.x export (it would not resolve otherwise).
    const move = MOVED_EXPORTS.get(binding.module)?.get(binding.imported);
    if (move && !binding.moved && binding.valueUses + binding.typeUses === 0) plan.move(binding, move.module, move.name, move.typeOnly === true);
    const advice = REMOVED_EXPORTS.get(binding.module)?.get(binding.imported);
    // A removed export nothing refers to: flag its import.
    if (advice && binding.valueUses + binding.typeUses === 0) flags.addStatement(binding.owner.statement, `${binding.imported} ${advice}`);
  }
  plan.apply();
  flags.write();
  return file.output();
};
export default transform;

/**
 * `export { detectResourcesSync } from '@opentelemetry/resources'`: a rename in the same package keeps the exported
 * name (`export { detectResources as detectResourcesSync }`); a move to another package, a removed export or the
 * Resource class are flagged.
 */
function rewriteReExports(file: CodemodFile, flags: Flags): void {
  for (const statement of file.program.body as Node[]) {
    const source = statement.source as Node | null | undefined;
    if (statement.type !== 'ExportNamedDeclaration' || !source || typeof source.value !== 'string') continue;
    const module = source.value;
    for (const specifier of statement.specifiers as Node[]) {
      if (specifier.type !== 'ExportSpecifier') continue;
      const local = specifier.local as Node;
      const exported = specifier.exported as Node;
      const name = (local.name ?? local.value) as string;
      const exportedName = (exported.name ?? exported.value) as string;
      const move = MOVED_EXPORTS.get(module)?.get(name);
      const removed = REMOVED_EXPORTS.get(module)?.get(name);
      if (move && move.module === module) {
        file.edits.replace(specifier.start, specifier.end, `${specifier.exportKind === 'type' ? 'type ' : ''}${move.name} as ${exportedName}`);
      } else if (move) {
        flags.addStatement(statement, `${name} moved to ${move.module} as ${move.name} in 2.x: re-export it from there`);
      } else if (removed) {
        flags.addStatement(statement, `${name} ${removed}`);
      } else if (module === RESOURCES_MODULE && name === RESOURCE_CLASS) {
        flags.addStatement(statement, RESOURCE_ADVICE);
      }
    }
  }
}

/** Marks a reference as gone from its binding or namespace (the import goes when nothing is left). */
function drop(plan: ImportPlan, ref: Ref): void {
  if (ref.namespace !== undefined) plan.dropNamespace(ref.namespace);
  if (!ref.binding) return;
  ref.binding.dropped = true;
  if (ref.type) ref.binding.typeUses--;
  else ref.binding.valueUses--;
}

/** Replaces the reference (an identifier or `ns.name`) with `text`, keeping a shorthand property's key. */
function replaceRef(file: CodemodFile, ref: Ref, text: string): void {
  const parent = parentNode(ref.path);
  if (parent?.type === 'ObjectProperty' && parent.shorthand) {
    file.edits.replace(parent.start, parent.end, `${ref.node.name as string}: ${text}`);
  } else {
    file.edits.replace(ref.node.start, ref.node.end, text);
  }
}

function rewriteRef(file: CodemodFile, plan: ImportPlan, flags: Flags, ref: Ref): void {
  const { module, name } = ref;
  const parentPath = ref.path.parent as ASTPath;
  const parent = parentPath.node as unknown as Node;

  const move = MOVED_EXPORTS.get(module)?.get(name);
  if (move) {
    if (ref.binding) {
      // The import is rewritten; references follow the local name it ends with.
      const local = ref.binding.moved ? ref.binding.moved.local : plan.move(ref.binding, move.module, move.name, move.typeOnly === true);
      if (local !== ref.binding.local) replaceRef(file, ref, local);
    } else {
      replaceRef(file, ref, plan.need(move.module, move.name, ref.type || move.typeOnly === true));
      drop(plan, ref);
    }
    return;
  }
  const removed = REMOVED_EXPORTS.get(module)?.get(name);
  if (removed) {
    flags.add(ref.path, `${name} ${removed}`);
    return;
  }
  if (module === RESOURCES_MODULE && name === RESOURCE_CLASS) {
    rewriteResource(file, plan, flags, ref, parentPath, parent);
    return;
  }
  if (module === CORE_MODULE && (name === GET_ENV || name === GET_ENV_WITHOUT_DEFAULTS) && !ref.type) {
    const isCall = parent.type === 'CallExpression' && parent.callee === ref.node;
    if (isCall && rewriteEnvCall(file, plan, parentPath, name === GET_ENV)) drop(plan, ref);
    else flags.add(ref.path, GET_ENV_ADVICE);
    return;
  }
  if (SDK_TRACE_MODULES.includes(module) && name === SPAN_CLASS) {
    if (ref.type) {
      if (ref.binding) ref.binding.becomesTypeOnly = true;
    } else {
      flags.add(ref.path, parent.type === 'NewExpression' ? NEW_SPAN_ADVICE : `${SPAN_CLASS} is only a type in 2.x: ${NEW_SPAN_ADVICE}`);
    }
    return;
  }
  if (module === SDK_METRICS_MODULE) rewriteMetrics(file, plan, flags, ref, parentPath, parent);
}

function rewriteResource(file: CodemodFile, plan: ImportPlan, flags: Flags, ref: Ref, parentPath: ASTPath, parent: Node): void {
  const { edits } = file;
  if (ref.type) {
    // The Resource type is still exported (an interface now).
    if (ref.binding) ref.binding.becomesTypeOnly = true;
    if (parent.type === 'TSTypeQuery') flags.add(ref.path, RESOURCE_ADVICE);
    return;
  }
  if (parent.type === 'NewExpression' && parent.callee === ref.node) {
    const args = parent.arguments as Node[];
    if (args.length !== 1 || args[0].type === 'SpreadElement' || parent.typeArguments || parent.typeParameters) {
      flags.add(ref.path, args.length === 2 ? 'new Resource(attributes, asyncAttributesPromise) has no 2.x form: resolve the attributes first, then resourceFromAttributes(attributes)' : RESOURCE_ADVICE);
      return;
    }
    edits.replace(parent.start, ref.node.end, plan.need(RESOURCES_MODULE, RESOURCE_FACTORIES.construct, false));
    drop(plan, ref);
    return;
  }
  const isMember = (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === ref.node && !parent.computed;
  if (isMember) {
    const property = (parent.property as Node).name as string;
    const grand = parentNode(parentPath);
    const called = grand?.type === 'CallExpression' && grand.callee === parent && (grand.arguments as Node[]).length === 0;
    if (called && (property === 'default' || property === 'empty')) {
      edits.replace(parent.start, parent.end, plan.need(RESOURCES_MODULE, RESOURCE_FACTORIES[property], false));
      drop(plan, ref);
      return;
    }
    if (property === 'EMPTY' && !called) {
      edits.replace(parent.start, parent.end, `${plan.need(RESOURCES_MODULE, RESOURCE_FACTORIES.empty, false)}()`);
      drop(plan, ref);
      return;
    }
  }
  flags.add(ref.path, RESOURCE_ADVICE);
}

function rewriteMetrics(file: CodemodFile, plan: ImportPlan, flags: Flags, ref: Ref, parentPath: ASTPath, parent: Node): void {
  const { name } = ref;
  const { edits, source } = file;
  const isNew = parent.type === 'NewExpression' && parent.callee === ref.node;
  if (name === VIEW_CLASS) {
    if (ref.type) {
      replaceRef(file, ref, plan.need(SDK_METRICS_MODULE, 'ViewOptions', true));
      drop(plan, ref);
      return;
    }
    const args = isNew ? (parent.arguments as Node[]) : [];
    if (!isNew || args.length !== 1 || args[0].type !== 'ObjectExpression') {
      flags.add(ref.path, VIEW_ADVICE);
      return;
    }
    const object = args[0];
    edits.remove(parent.start, object.start);
    edits.remove(object.end, parent.end);
    const keys = (object.properties as Node[]).find((p) => p.type === 'ObjectProperty' && !p.computed && (p.key as Node).name === VIEW_ATTRIBUTE_KEYS);
    if (keys) {
      const value = keys.value as Node;
      const allow = plan.need(SDK_METRICS_MODULE, ALLOW_LIST_PROCESSOR, false);
      if (keys.shorthand) {
        edits.replace(keys.start, keys.end, `${VIEW_ATTRIBUTES_PROCESSORS}: [${allow}(${VIEW_ATTRIBUTE_KEYS})]`);
      } else {
        edits.replace((keys.key as Node).start, (keys.key as Node).end, VIEW_ATTRIBUTES_PROCESSORS);
        edits.insert(value.start, `[${allow}(`);
        edits.insert(value.end, ')]');
      }
    }
    // `() => new View({…})` would read the object as a block.
    if (parentNode(parentPath)?.type === 'ArrowFunctionExpression' && parentNode(parentPath)?.body === parent) {
      edits.insert(object.start, '(');
      edits.insert(object.end, ')');
    }
    drop(plan, ref);
    return;
  }
  const aggregation = AGGREGATIONS.get(name);
  if (name === AGGREGATION_BASE_CLASS) {
    if (ref.type) {
      replaceRef(file, ref, plan.need(SDK_METRICS_MODULE, 'AggregationOption', true));
      drop(plan, ref);
      return;
    }
    const isMember = parent.type === 'MemberExpression' && parent.object === ref.node && !parent.computed;
    const grand = parentNode(parentPath);
    const type = isMember ? AGGREGATION_FACTORIES.get((parent.property as Node).name as string) : undefined;
    if (type && grand?.type === 'CallExpression' && grand.callee === parent && (grand.arguments as Node[]).length === 0) {
      edits.replace(grand.start, grand.end, wrapObject(parentPath.parent as ASTPath, optionObject(plan, type, [], [])));
      drop(plan, ref);
    } else {
      flags.add(ref.path, AGGREGATION_ADVICE);
    }
    return;
  }
  if (!aggregation) return;
  if (ref.type) {
    replaceRef(file, ref, plan.need(SDK_METRICS_MODULE, 'AggregationOption', true));
    drop(plan, ref);
    return;
  }
  const args = isNew ? (parent.arguments as Node[]) : [];
  if (!isNew || args.length > aggregation.parameters.length || args.some((a) => a.type === 'SpreadElement')) {
    flags.add(ref.path, AGGREGATION_ADVICE);
    return;
  }
  const values = args.map((a) => source.slice(a.start, a.end));
  let text = optionObject(plan, aggregation.type, aggregation.parameters, values);
  // Over the file's own line width, and with options: one property per line.
  const start = lineStart(source, parent.start);
  const end = lineEnd(source, parent.end);
  const width = parent.start - start + text.length + (end - parent.end);
  // Only when the option has its line to itself (`aggregation: new X([...]),`): in a one-line object it stays inline.
  const ownLine = /^\s*(?:[\w$]+\s*:\s*)?$/.test(source.slice(start, parent.start)) && /^\s*,?\s*$/.test(source.slice(parent.end, end));
  if (values.length > 0 && ownLine && width > lineWidth(source) && !values.some((v) => v.includes('\n'))) {
    const indent = lineIndent(source, parent.start);
    const unit = file.style.indent;
    const comma = /,[ \t]*\r?\n[ \t]*[\]})]/.test(source) ? ',' : '';
    const [typeLine, optionsLine] = optionLines(plan, aggregation.type, aggregation.parameters, values);
    text = `{\n${indent}${unit}${typeLine},\n${indent}${unit}${optionsLine}${comma}\n${indent}}`;
  }
  edits.replace(parent.start, parent.end, wrapObject(parentPath, text));
  drop(plan, ref);
}

/** `type: AggregationType.X` and `options: { … }`, the two properties of an aggregation option with options. */
function optionLines(plan: ImportPlan, type: string, parameters: readonly string[], values: readonly string[]): [string, string] {
  const enumName = plan.need(SDK_METRICS_MODULE, AGGREGATION_TYPE_ENUM, false);
  const options = values.map((value, i) => (parameters[i] === value ? value : `${parameters[i]}: ${value}`));
  return [`type: ${enumName}.${type}`, `options: { ${options.join(', ')} }`];
}

/** `{ type: AggregationType.X }`, with `options: { boundaries: … }` when the constructor had arguments. */
function optionObject(plan: ImportPlan, type: string, parameters: readonly string[], values: readonly string[]): string {
  const [typeLine, optionsLine] = optionLines(plan, type, parameters, values);
  return values.length === 0 ? `{ ${typeLine} }` : `{ ${typeLine}, ${optionsLine} }`;
}

/** An object literal where an expression was: parenthesised as an arrow body or a statement. */
function wrapObject(path: ASTPath, text: string): string {
  const parent = parentNode(path);
  const node = path.node as unknown;
  if ((parent?.type === 'ArrowFunctionExpression' && parent.body === node) || parent?.type === 'ExpressionStatement') return `(${text})`;
  return text;
}
