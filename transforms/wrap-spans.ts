/**
 * wrap-spans: wraps chosen functions in `tracer.startActiveSpan`, recording errors and always ending the span.
 *
 * One parse, then edits at source offsets (src/codemod/codemod-file.ts): the wrapper lines around each chosen body
 * (./wrap-spans/render.ts), the `@opentelemetry/api` names and the tracer declaration. Code outside the edits stays
 * byte for byte. See docs/codemods/wrap-spans.md.
 */
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { API, FileInfo, Options, Transform } from 'jscodeshift';
import { identifierName, type Node } from '../src/codemod/ast.js';
import { openFile, type CodemodFile } from '../src/codemod/codemod-file.js';
import { semicolon, stringLiteral } from '../src/codemod/file-style.js';
import { addAfterImports } from '../src/codemod/generated-code.js';
import { freshName } from '../src/codemod/names.js';
import { declaredAround, nameReferences } from '../src/codemod/node-paths.js';
import { NO_MODULE_SYNTAX_NOTE, useApiNames } from '../src/codemod/otel-import.js';
import type { CodemodMeta, ProjectVerdict, RunScope } from '../src/codemod/types.js';
import { ATTR_CODE_FILE_PATH, ATTR_CODE_FUNCTION_NAME, GET_TRACER, SPAN_STATUS_CODE_ENUM, START_ACTIVE_SPAN, TRACE_API } from '../src/otel/api.js';
import { findExistingTracer, isAlreadyWrapped, readsItself, redeclaredParameter, startsOwnSpan } from './wrap-spans/existing.js';
import { qualifiedName, spanNameFor } from './wrap-spans/naming.js';
import {
  COUNT_ONLY,
  DEFAULT_SPAN_NAME_TEMPLATE,
  FALLBACK_TRACER_NAME,
  LEFT_CLIENT_MODULE,
  LEFT_REACT_FUNCTION,
  LEFT_REACT_MODULE,
  mayContainTarget,
  readOptions,
  TRACED_TAG,
} from './wrap-spans/options.js';
import { mayInferTypePredicate, parameterNarrowedForClosures } from './wrap-spans/narrowing.js';
import { nearestPackage, nearestPackageFolder, packageRelativePath } from './wrap-spans/package-name.js';
import { addWrapEdits, type Shape, type WrapPlan } from './wrap-spans/render.js';
import { FileBindings } from '../src/codemod/bindings.js';
import { syntacticReturnKind } from './wrap-spans/return-kind.js';
import { findFunctionSites, mayOnlySelectExported, selectFunctions, type FunctionSite } from './wrap-spans/select.js';
import { reactHookCalled, reactRole } from './wrap-spans/react-code.js';
import { reactUse } from './wrap-spans/ast.js';
import { isClientModule } from '../src/codemod/react.js';
import { lazyTypeLookup, type TypeLookup } from './wrap-spans/types.js';

export const meta: CodemodMeta = {
  name: 'wrap-spans',
  description: `Wrap chosen functions in tracer.${START_ACTIVE_SPAN}, recording errors and always ending the span`,
  options: [
    {
      flags: '--functions <names>',
      key: 'functions',
      description: 'also wrap these functions: comma-separated names or Class.method, globs allowed',
      kind: 'list',
    },
    { flags: '--exported', key: 'exported', description: 'also wrap every exported function', kind: 'boolean', default: false },
    {
      flags: '--span-name-template <template>',
      key: 'spanNameTemplate',
      description: 'span name when no @traced name is given: {class}, {function}, {file}, {path}',
      kind: 'string',
      default: DEFAULT_SPAN_NAME_TEMPLATE,
    },
    {
      flags: '--attributes',
      key: 'attributes',
      description: `add ${ATTR_CODE_FUNCTION_NAME} and ${ATTR_CODE_FILE_PATH} attributes to each span`,
      kind: 'boolean',
      default: false,
    },
    {
      flags: '--types',
      key: 'types',
      description: "ask TypeScript's checker whether a function returns a promise where its syntax does not say (slower; without it such a function checks for a promise at run time)",
      kind: 'boolean',
      default: false,
    },
    {
      flags: '--tracer-name <name>',
      key: 'tracerName',
      description: `name for trace.${GET_TRACER}() (default: the nearest package.json's name, else the given folder's name)`,
      kind: 'string',
    },
  ],
  mayContainTarget,
  // With --types: whether a sync TypeScript function returns a promise, where its syntax does not say (./wrap-spans/types.ts).
  asksTypes: (rawOptions) => {
    const options = readOptions(rawOptions);
    return options.types && !options.countOnly;
  },
  // The user chose the functions: wrap them, and say once per package that it needs the API.
  withoutApiDependency: 'note',
  checkProject: (_packageJson, rawOptions, scope) => decideFallbackTracerName(readOptions(rawOptions).tracerName, scope),
  summarizeStats,
  noCandidates: {
    // Nothing tagged or named: count what --exported would wrap, so the user knows what the switch would do.
    probeOptions: (rawOptions) => (readOptions(rawOptions).exported ? undefined : { ...rawOptions, exported: true, [COUNT_ONLY]: true }),
    hint: (rawOptions, probe, coverage) => {
      const { functions, exported } = readOptions(rawOptions);
      const how = `select functions with a /** ${TRACED_TAG} */ comment, --functions <names> or --exported`;
      if (exported) return `no exported function to wrap; ${how}`;
      const wrapped = probe.reduce((sum, change) => sum + countOf(change.after, WRAPPER_CALL) - countOf(change.before, WRAPPER_CALL), 0);
      const scope = functions.length > 0 ? `no function matches --functions ${functions.join(',')}` : 'nothing selected';
      const wraps = `${String(wrapped)} ${wrapped === 1 ? 'function' : 'functions'}`;
      const files = `${String(probe.length)} ${probe.length === 1 ? 'file' : 'files'}`;
      const sampled = coverage.probed < coverage.files ? `, counting ${String(coverage.probed)} of the ${String(coverage.files)} files` : '';
      return `${scope}: ${how} (--exported would wrap ${wraps} in ${files}${sampled})`;
    },
  },
};

const transform: Transform = (info: FileInfo, api: API, rawOptions: Options) => {
  // With the path: nothing but --exported can choose in a 'use client' module, or in one whose text exports only
  // values and React code: no parse.
  const countLeft = (name: string): void => {
    api.stats(name);
  };
  if (!mayContainTarget(info.source, rawOptions, info.path, countLeft)) return undefined;
  const options = readOptions(rawOptions);
  const onlyExported = mayOnlySelectExported(info.source, options);
  const clientModule = isClientModule(info.source);
  const file = openFile(info, api);
  const { program, source } = file;
  const sites = findFunctionSites(program, file.path, onlyExported ? { source } : undefined);
  const selected = selectFunctions(sites, options);
  if (selected.length === 0) return undefined;
  let clientModuleCounted = false;

  const pkg = nearestPackage(file.path);
  const packagePath = packageRelativePath(file.path, pkg);
  const report = (site: FunctionSite, message: string): void => {
    file.report(site.node, `${describeSite(site)} ${message}`);
  };

  // Each plan keeps its site, for what is reported about it later.
  const plans: (WrapPlan & { site: FunctionSite })[] = [];
  let counted = 0;
  const types = options.types && !options.countOnly ? lazyTypeLookup(file.path, source) : NO_TYPES;
  // Which names a wrapped function already uses, for the names its wrapper declares (span, error…).
  const refersTo = nameReferences(source);
  // Collected on the first question only.
  const bindings = new FileBindings(program, file.path, source);
  try {
    for (const site of selected) {
      const fn = site.node;
      // --exported chooses server operations: React's components and hooks render, client modules run in the browser.
      if (site.onlyExported && clientModule) {
        if (!clientModuleCounted) api.stats(LEFT_CLIENT_MODULE);
        clientModuleCounted = true;
        continue;
      }
      const react = reactUse(fn, source);
      if (site.onlyExported && reactRole(site, react, source, file.path) !== null) {
        api.stats(LEFT_REACT_FUNCTION);
        continue;
      }
      if (site.unwrappable) {
        report(site, `is ${site.unwrappable}; left unwrapped`);
        continue;
      }
      if (isAlreadyWrapped(fn)) continue;
      const hook = reactHookCalled(react, site.matchNames[0], source, file.path);
      if (hook !== null) {
        report(site, `calls the React hook ${hook}, which must not move into the span's callback (rules-of-hooks); left unwrapped`);
        continue;
      }
      if (startsOwnSpan(fn)) {
        report(site, 'already starts a span; left unwrapped');
        continue;
      }
      const redeclared = redeclaredParameter(fn);
      if (redeclared) {
        report(site, `redeclares its parameter '${redeclared}' in its body; left unwrapped`);
        continue;
      }
      const narrowed = file.typescript ? parameterNarrowedForClosures(fn) : null;
      if (narrowed) {
        report(site, `assigns its parameter '${narrowed}', which a closure in it reads: inside the span's callback TypeScript would no longer narrow it there; left unwrapped`);
        continue;
      }
      const predicate = file.typescript ? mayInferTypePredicate(fn) : null;
      if (predicate) {
        report(site, `tests its parameter '${predicate}' and declares no return type: TypeScript may infer a type predicate (${predicate} is …), which the span's callback would turn into a boolean; declare the return type; left unwrapped`);
        continue;
      }
      const ownName = identifierName(fn.id) ?? (site.name !== null && site.matchNames.includes(site.name) ? site.name : null);
      if (file.typescript && !fn.returnType && ownName !== null && readsItself(fn, ownName)) {
        report(site, 'calls itself and declares no return type: once wrapped, TypeScript could not infer it (an implicit any, TS7023); declare its return type; left unwrapped');
        continue;
      }
      const spanName = spanNameFor(site, { template: options.spanNameTemplate, filePath: file.path, packagePath });
      if (!spanName) {
        report(site, 'has no name; give the span one with `@traced <name>`');
        continue;
      }
      let shape = shapeOf(fn, file.typescript, bindings, types);
      if (!shape) {
        report(site, 'returns a value whose type does not say whether it is a promise; declare its return type');
        continue;
      }
      if (shape === 'unresolved' || shape === 'too-large') {
        report(site, shape === 'unresolved' ? UNRESOLVED_NOTE : TOO_LARGE_NOTE);
        shape = 'maybe';
      }
      if (options.countOnly) {
        counted++;
        continue;
      }
      const used = { has: (name: string) => refersTo(fn, name) };
      plans.push({
        site,
        fn,
        shape,
        spanName,
        attributes: options.attributes ? { functionName: qualifiedName(site) || spanName, filePath: packagePath } : null,
        names: freshNames(LOCAL_NAMES, used),
      });
    }
  } finally {
    types.dispose();
  }
  // The first-run probe (dry, never written) only counts: one wrapper call per function, without the wrappers.
  if (counted > 0) return `${source}\n${Array.from({ length: counted }, () => WRAPPER_CALL).join('\n')}`;
  if (plans.length === 0) return undefined;

  const shadowed = declaredAround(file);
  const tracer = tracerVariable(file, shadowed, plans.map((plan) => plan.fn));
  // Null when the file's own tracer is reused.
  const tracerName = tracer.existing
    ? null
    : (options.tracerName ?? pkg?.name ?? unnamedPackageName(file.path) ?? options.fallbackTracerName);
  if (tracerName !== null && !tracerName) {
    throw new Error('wrap-spans: no package.json with a name above this file; pass --tracer-name');
  }
  const names = useApiNames(file, tracer.existing ? ([SPAN_STATUS_CODE_ENUM] as const) : ([TRACE_API, SPAN_STATUS_CODE_ENUM] as const));
  if (!names) {
    api.report(NO_MODULE_SYNTAX_NOTE);
    return undefined;
  }
  const statusRoot = names.SpanStatusCode.split('.')[0];
  const usable = plans.filter((plan) => {
    if (!shadowed(statusRoot, plan.fn)) return true;
    report(plan.site, `sees another '${statusRoot}' than the one from @opentelemetry/api; left unwrapped`);
    return false;
  });
  // Nothing is written when no function is left: the import edits above are dropped with the file.
  if (usable.length === 0) return undefined;
  addWrapEdits(program, { source, style: file.style, tracer: tracer.name, statusCode: names.SpanStatusCode, shadowed }, usable, file.edits);
  if (tracerName) {
    const trace = (names as Record<string, string>)[TRACE_API];
    const call = `${trace}.${GET_TRACER}(${stringLiteral(tracerName, file.style)})`;
    addAfterImports(file, `const ${tracer.name} = ${call}${semicolon(file.style)}`);
  }
  return file.output();
};

export default transform;

/**
 * Said (with --types) of a function whose return type TypeScript could not resolve: it gets the run-time check, which
 * compiles whatever it returns.
 */
const UNRESOLVED_NOTE =
  'returns a type TypeScript cannot resolve here (dependencies not installed?): wrapped with a run-time check for a promise; declare its return type, or run with its types available';

/**
 * Said (with --types) of a function whose return type TypeScript could tell only from more of the project than a run
 * loads for one file (src/codemod/type-checker.ts, src/app/runner/worker-pool.ts).
 */
const TOO_LARGE_NOTE =
  'returns a type TypeScript can tell only from more of the project than a run loads for one file: wrapped with a run-time check for a promise; declare its return type';

/** Without --types (and for the first-run probe's count): what syntax does not decide is checked at run time. */
const NO_TYPES: TypeLookup = { returnKind: () => 'maybe', dispose: () => undefined };

function shapeOf(fn: Node, typeScript: boolean, bindings: FileBindings, types: TypeLookup): Shape | 'unresolved' | 'too-large' | null {
  if (fn.async) return 'async';
  const syntactic = syntacticReturnKind(fn, typeScript, bindings);
  if (syntactic) return syntactic;
  return types.returnKind((fn.body as Node).start);
}

/** The tracer to use: an existing top-level `const x = trace.getTracer(…)`, or a new name nothing in the file uses. */
function tracerVariable(file: CodemodFile, shadowed: (name: string, fn: Node) => boolean, wrapped: readonly Node[]): { name: string; existing: boolean } {
  const existing = findExistingTracer(file.program);
  // Reuse it unless a wrapped function sees another binding of that name (a parameter called `tracer`).
  if (existing && !wrapped.some((fn) => shadowed(existing, fn))) return { name: existing, existing: true };
  return { name: file.freshName('tracer'), existing: false };
}


function summarizeStats(stats: Readonly<Record<string, number>>): string | undefined {
  const count = (key: string, one: string, many: string): string[] => {
    const n = stats[key] ?? 0;
    return n > 0 ? [`${String(n)} ${n === 1 ? one : many}`] : [];
  };
  const parts = [
    ...count(LEFT_REACT_FUNCTION, 'component or hook', 'components and hooks'),
    ...count(LEFT_REACT_MODULE, 'module whose exported functions are all components or hooks', 'modules whose exported functions are all components or hooks'),
    ...count(LEFT_CLIENT_MODULE, "'use client' module", "'use client' modules"),
  ];
  if (parts.length === 0) return undefined;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${String(parts.at(-1))}`;
  return `--exported left React code unwrapped (it renders or runs in the browser): ${list}`;
}

function describeSite(site: FunctionSite): string {
  const name = site.owner && site.name ? `${site.owner}.${site.name}` : site.name;
  return name ? `'${name}'` : 'this function';
}

const WRAPPER_CALL = `.${START_ACTIVE_SPAN}(`;

/** The locals a wrapper may declare: which ones it does depends on the function's shape (render.ts). */
const LOCAL_NAMES = ['span', 'error', 'result', 'value', 'pending', 'run', 'endsOnSettle'] as const;

/**
 * A fresh name for each base, found when the wrapper first asks for it: each is looked for in the file's text
 * (nameReferences), and most wrappers use three or four of them.
 */
function freshNames<B extends string>(bases: readonly B[], used: { has(name: string): boolean }): Record<B, string> {
  const names = {} as Record<B, string>;
  for (const base of bases) {
    let name: string | undefined;
    Object.defineProperty(names, base, { enumerable: true, get: () => (name ??= freshName(base, used)) });
  }
  return names;
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * The tracer name is decided once per package: `--tracer-name`, else the nearest package.json's name, else the name
 * of the folder holding a package.json without one, else the name of the folder given on the command line (said once,
 * here); with none of these, one line and no run.
 */
function decideFallbackTracerName(tracerName: string | undefined, scope: RunScope): ProjectVerdict | undefined {
  if (tracerName !== undefined) return undefined;
  const unnamed = new Map<string, number>();
  for (const file of scope.files) {
    if (nearestPackage(file) !== null) continue;
    const name = unnamedPackageName(file) ?? '';
    unnamed.set(name, (unnamed.get(name) ?? 0) + 1);
  }
  if (unnamed.size === 0) return undefined;
  const folder = scope.namedPaths.map(folderName).find((name) => name !== '');
  if (unnamed.has('') && folder === undefined) {
    return { skip: true, note: 'no package.json with a name above the given paths and no folder name to use: pass --tracer-name' };
  }
  // `folder` is defined wherever a name is '': the case without one returned above.
  const named = [...unnamed].map(
    ([name, count]) => `${String(count)} ${count === 1 ? 'file' : 'files'} as "${name || String(folder)}"`,
  );
  return {
    skip: false,
    note: `no package.json with a name: tracers named after the folder (${named.join(', ')}); --tracer-name to choose`,
    options: folder === undefined ? {} : { [FALLBACK_TRACER_NAME]: folder },
  };
}

/** The name of the folder holding the nearest package.json, for a file in a package without a name. */
function unnamedPackageName(filePath: string): string | undefined {
  const folder = nearestPackageFolder(filePath);
  return folder === null ? undefined : basename(folder) || undefined;
}

function folderName(path: string): string {
  return basename(statSync(path, { throwIfNoEntry: false })?.isDirectory() ? path : dirname(path));
}
