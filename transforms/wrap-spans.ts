/**
 * wrap-spans: wraps chosen functions in `tracer.startActiveSpan`, recording errors and always ending the span.
 *
 * The chosen bodies are rewritten as text on the original source (./wrap-spans/render.ts), so code outside them stays
 * byte-for-byte the same; then the file is parsed again to add the `@opentelemetry/api` import and the tracer
 * declaration through the shared helpers. See docs/codemods/wrap-spans.md.
 */
import type { API, FileInfo, Options, Transform } from 'jscodeshift';
import { detectFileStyle } from '../src/codemod/file-style.js';
import { ensureApiNames, freshName, insertAfterImports, programOf } from '../src/codemod/otel-import.js';
import { jscodeshiftFor } from '../src/codemod/parser.js';
import { printFile } from '../src/codemod/print.js';
import type { CodemodMeta } from '../src/codemod/types.js';
import { referencedNames, type Node } from './wrap-spans/ast.js';
import { findExistingTracer, isAlreadyWrapped, isShadowedAround, redeclaredParameter, startsOwnSpan } from './wrap-spans/existing.js';
import { qualifiedName, spanNameFor } from './wrap-spans/naming.js';
import { DEFAULT_SPAN_NAME_TEMPLATE, mayContainTarget, readOptions } from './wrap-spans/options.js';
import { nearestPackage, packageRelativePath } from './wrap-spans/package-name.js';
import { renderWraps, stringLiteral, type Shape, type WrapPlan } from './wrap-spans/render.js';
import { syntacticReturnKind } from './wrap-spans/return-kind.js';
import { findFunctionSites, selectFunctions, type FunctionSite } from './wrap-spans/select.js';
import { lazyTypeLookup, type TypeLookup } from './wrap-spans/types.js';

export const meta: CodemodMeta = {
  name: 'wrap-spans',
  description: 'Wrap chosen functions in tracer.startActiveSpan, recording errors and always ending the span',
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
      description: 'add code.function.name and code.file.path attributes to each span',
      kind: 'boolean',
      default: false,
    },
    {
      flags: '--tracer-name <name>',
      key: 'tracerName',
      description: "name for trace.getTracer() (default: the nearest package.json's name)",
      kind: 'string',
    },
  ],
  mayContainTarget,
};

const TYPESCRIPT_FILE = /\.(ts|tsx|mts|cts)$/i;

const transform: Transform = (file: FileInfo, api: API, rawOptions: Options) => {
  if (!mayContainTarget(file.source, rawOptions)) return undefined;
  // Our CLI hands transforms LF text without a BOM; under plain jscodeshift they are taken off here and put back.
  const bom = file.source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = file.source.includes('\r\n');
  if (!bom && !crlf) return wrapSpans(file, api, rawOptions);
  const source = (crlf ? file.source.replace(/\r\n/g, '\n') : file.source).slice(bom.length);
  const output = wrapSpans({ path: file.path, source }, api, rawOptions);
  return output === undefined ? undefined : bom + (crlf ? output.replace(/\n/g, '\r\n') : output);
};

export default transform;

function wrapSpans(file: FileInfo, api: API, rawOptions: Options): string | undefined {
  const options = readOptions(rawOptions);
  const j = jscodeshiftFor(api, file.path);
  // Edits are made by offset, so the parser must see the text as it is: recast expands tabs to `tabWidth` spaces first.
  const root = j(file.source, { tabWidth: 1 });
  const program = programOf(j, root) as unknown as Node;
  if ((root.get().node as Node).end !== file.source.length) throw new Error('wrap-spans: cannot map parser positions to the text');
  const selected = selectFunctions(findFunctionSites(program, file.path), options);
  if (selected.length === 0) return undefined;

  const typeScript = TYPESCRIPT_FILE.test(file.path);
  const pkg = nearestPackage(file.path);
  const packagePath = packageRelativePath(file.path, pkg);
  const report = (site: FunctionSite, message: string) =>
    api.report(`line ${lineOf(file.source, site.node.start)}: ${describeSite(site)} ${message}`);

  const plans: WrapPlan[] = [];
  const sites = new Map<Node, FunctionSite>(selected.map((site) => [site.node, site]));
  const types = lazyTypeLookup(file.path, file.source);
  try {
    for (const site of selected) {
      const fn = site.node;
      if (site.unwrappable) {
        report(site, `is ${site.unwrappable}; left unwrapped`);
        continue;
      }
      if (isAlreadyWrapped(fn)) continue;
      if (startsOwnSpan(fn)) {
        report(site, 'already starts a span; left unwrapped');
        continue;
      }
      const redeclared = redeclaredParameter(fn);
      if (redeclared) {
        report(site, `redeclares its parameter '${redeclared}' in its body; left unwrapped`);
        continue;
      }
      const spanName = spanNameFor(site, { template: options.spanNameTemplate, filePath: file.path, packagePath });
      if (!spanName) {
        report(site, 'has no name; give the span one with `@traced <name>`');
        continue;
      }
      const shape = shapeOf(fn, typeScript, types);
      if (!shape) {
        report(site, 'returns a value whose type does not say whether it is a promise; declare its return type');
        continue;
      }
      const used = referencedNames(fn);
      plans.push({
        fn,
        shape,
        spanName,
        attributes: options.attributes ? { functionName: qualifiedName(site) || spanName, filePath: packagePath } : null,
        names: {
          span: freshName('span', used),
          error: freshName('error', used),
          result: freshName('result', used),
          value: freshName('value', used),
        },
      });
    }
  } finally {
    types.dispose();
  }
  if (plans.length === 0) return undefined;

  const style = detectFileStyle(file.source, file.path);
  const tracer = tracerVariable(program, plans.map((plan) => plan.fn));
  const tracerName = options.tracerName ?? pkg?.name;
  if (!tracer.existing && !tracerName) throw new Error('wrap-spans: no package.json with a name above this file; pass --tracer-name');
  const needed = tracer.existing ? (['SpanStatusCode'] as const) : (['trace', 'SpanStatusCode'] as const);
  // Names as the final file will have them; the first tree is only read after this.
  const planned = ensureApiNames(j, root, needed, style);
  const statusRoot = planned.SpanStatusCode.split('.')[0];
  const usable = plans.filter((plan) => {
    if (!isShadowedAround(program, statusRoot, [plan.fn])) return true;
    report(sites.get(plan.fn)!, `sees another '${statusRoot}' than the one from @opentelemetry/api; left unwrapped`);
    return false;
  });
  if (usable.length === 0) return undefined;
  const wrapped = renderWraps(program, { source: file.source, style, typeScript, tracer: tracer.name, statusCode: planned.SpanStatusCode }, usable);

  const finalRoot = j(wrapped);
  const names = ensureApiNames(j, finalRoot, needed, style);
  if (names.SpanStatusCode !== planned.SpanStatusCode) throw new Error('wrap-spans: the @opentelemetry/api import changed under the rewrite');
  if (!tracer.existing) {
    const getTracer = `${(names as Record<string, string>).trace}.getTracer(${stringLiteral(tracerName!, style)})`;
    const declaration = `const ${tracer.name} = ${getTracer}${style.semicolons ? ';' : ''}`;
    insertAfterImports(j, finalRoot, `\n${declaration}`);
    return withBlankLineAfter(printFile(finalRoot, style, wrapped), declaration);
  }
  return printFile(finalRoot, style, wrapped);
}

function shapeOf(fn: Node, typeScript: boolean, types: TypeLookup): Shape | null {
  if (fn.async) return 'async';
  const syntactic = syntacticReturnKind(fn, typeScript);
  if (syntactic) return syntactic;
  return types.returnKind((fn.body as Node).start);
}

/** The tracer to use: an existing top-level `const x = trace.getTracer(…)`, or a new name nothing in the file uses. */
function tracerVariable(program: Node, wrapped: readonly Node[]): { name: string; existing: boolean } {
  const existing = findExistingTracer(program);
  // Reuse it unless a wrapped function sees another binding of that name (a parameter called `tracer`).
  if (existing && !isShadowedAround(program, existing, wrapped)) return { name: existing, existing: true };
  return { name: freshName('tracer', referencedNames(program)), existing: false };
}

/** The tracer declaration gets a blank line below it, as it has above (recast packs a file without imports tight). */
function withBlankLineAfter(output: string, line: string): string {
  const end = output.indexOf(`${line}\n`);
  if (end < 0) return output;
  const next = end + line.length + 1;
  return output[next] === '\n' || next >= output.length ? output : `${output.slice(0, next)}\n${output.slice(next)}`;
}

// Babel leaves `loc` null on some exported declarations; offsets are always there.
const lineOf = (source: string, offset: number): number => source.slice(0, offset).split('\n').length;

function describeSite(site: FunctionSite): string {
  const name = site.owner && site.name ? `${site.owner}.${site.name}` : site.name;
  return name ? `'${name}'` : 'this function';
}
