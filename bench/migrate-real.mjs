#!/usr/bin/env node
/**
 * Real-code check of migrate-sdk-2 and semconv (issue 11), whole trees at a time: per tree, the occurrences of what
 * the codemod is for (found by the grep below), how many are left after it and whether a person is told (a
 * TODO(otel-codemod) on the line or the 3 above it, else a note naming its line), failures, outputs that do not
 * parse, second runs that change something, and the TypeScript files whose output has new type errors. Each changed
 * .ts file is checked alone (strict, @types/node): the input against SDK 1.x (the otel1-* aliases of the
 * devDependencies), the input and the output against 2.x, with @opentelemetry/{api,core,resources,sdk-*,
 * semantic-conventions} resolved (one copy each) and every other import unresolved. "new" = in the output on 2.x, not
 * in the input on 1.x (by error code; flagged when a TODO is within 3 lines above); "introduced" = in the output on
 * 2.x, not in the input on 2.x (same message): what the rewrite itself broke.
 *
 *   npx tsc -p . && node bench/migrate-real.mjs <migrate-sdk-2|semconv> [--rename-keys] <tree>... > rows.jsonl
 *
 * One JSON line per tree. The trees are checkouts of public repositories (never committed); docs/codemods/
 * migrate-sdk-2.md and semconv.md ("On real code") list the ones measured, with their commits.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { applyTransform } from '../dist/src/app/runner/apply-transform.js';
import { parseFile } from '../dist/src/codemod/parser.js';

const SRC = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', 'dist', 'build', 'coverage'].includes(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && SRC.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name) && statSync(p).size < 300_000) yield p;
  }
}
// SDK 1.x constructs the guide lists (code, not comments: comments are stripped first, roughly).
const SDK_PATTERNS = {
  'new Resource(': /\bnew\s+Resource\s*\(/g,
  'Resource.default/empty/EMPTY': /\bResource\s*\.\s*(default\s*\(|empty\s*\(|EMPTY\b)/g,
  IResource: /\bIResource\b/g,
  ResourceAttributes: /\bResourceAttributes\b/g,
  '*DetectorSync / detectResourcesSync': /\b(\w+DetectorSync|detectResourcesSync)\b/g,
  parentSpanId: /\.\s*parentSpanId\b/g,
  instrumentationLibrary: /\binstrumentationLibrary\b/g,
  'addSpanProcessor(': /\.\s*addSpanProcessor\s*\(/g,
  'addMetricReader(': /\.\s*addMetricReader\s*\(/g,
  'addLogRecordProcessor(': /\.\s*addLogRecordProcessor\s*\(/g,
  'new View(': /\bnew\s+View\s*\(/g,
  'new *Aggregation(': /\bnew\s+(ExplicitBucketHistogram|ExponentialHistogram|Drop|Sum|LastValue|Histogram|Default)Aggregation\s*\(/g,
  'getEnv(': /\bgetEnv(WithoutDefaults)?\s*\(/g,
};
const SEMCONV_PATTERNS = {
  'SEMATTRS_*': /\bSEMATTRS_[A-Z0-9_]+\b/g,
  'SEMRESATTRS_*': /\bSEMRESATTRS_[A-Z0-9_]+\b/g,
  'SemanticAttributes.X': /\bSemanticAttributes\s*\.\s*[A-Z0-9_]+\b/g,
  'SemanticResourceAttributes.X': /\bSemanticResourceAttributes\s*\.\s*[A-Z0-9_]+\b/g,
  '*VALUES_*': /\b[A-Z0-9]+VALUES_[A-Z0-9_]+\b/g,
};
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}
// Names a file imports (ESM named imports, CJS destructured requires) from @opentelemetry/* packages.
function otelImports(code) {
  const names = new Set();
  const lists = [...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@opentelemetry\/[^'"]+['"]/g),
    ...code.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@opentelemetry\/[^'"]+['"]/g),
    ...code.matchAll(/(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['"]@opentelemetry\/[^'"]+['"]\s*\)/g)];
  for (const m of lists) for (const part of m[1].split(',')) { const n = part.trim().replace(/^type\s+/, '').split(/\s+as\s+|\s*:\s*/)[0]; if (n) names.add(n); }
  // A namespace or whole-module import of the semantic conventions: every SEMATTRS_X member may be one of its.
  if (/import\s+(\*\s+as\s+)?\w+\s+from\s*['"]@opentelemetry\/semantic-conventions['"]|=\s*require\(\s*['"]@opentelemetry\/semantic-conventions['"]\s*\)/.test(code)) names.add('*semconv');
  return names;
}
// The identifier a pattern's match must have been imported from @opentelemetry/* as (none: a member access, counted
// in any file that imports an SDK package).
const IDENT = { 'new Resource(': () => 'Resource', 'Resource.default/empty/EMPTY': () => 'Resource', IResource: () => 'IResource',
  ResourceAttributes: () => 'ResourceAttributes', '*DetectorSync / detectResourcesSync': (m) => m, 'new View(': () => 'View',
  'new *Aggregation(': (m) => /(\w+Aggregation)/.exec(m)[1], 'getEnv(': (m) => /getEnv\w*/.exec(m)[0],
  // Semantic-convention names count when imported from an @opentelemetry package (not another vendor's SEMRESATTRS_X).
  'SEMATTRS_*': (m) => m, 'SEMRESATTRS_*': (m) => m, 'SemanticAttributes.X': () => 'SemanticAttributes',
  'SemanticResourceAttributes.X': () => 'SemanticResourceAttributes', '*VALUES_*': (m) => m };
const isImported = (imported, k, m) => !IDENT[k] || imported.has(IDENT[k](m)) || (k in SEMCONV_PATTERNS && imported.has('*semconv'));
function count(text, patterns, onlyIf) {
  const out = {};
  const code = stripComments(text);
  if (onlyIf && !onlyIf.test(code)) return out;
  const imported = otelImports(code);
  for (const [k, re] of Object.entries(patterns)) {
    const n = (code.match(re) ?? []).filter((m) => isImported(imported, k, m)).length;
    if (n) out[k] = n;
  }
  return out;
}
// SDK constructs are only counted in files that import an SDK package (a class named View or Resource elsewhere is not ours).
const SDK_FILE = /@opentelemetry\/(sdk-|resources|core)/;
const SEMCONV_FILE = /@opentelemetry\/semantic-conventions/;
// The same occurrences with their 1-based lines: [{ pattern, line }].
function occurrences(text, patterns, onlyIf) {
  const out = [];
  const code = stripComments(text);
  if (onlyIf && !onlyIf.test(code)) return out;
  const imported = otelImports(code);
  for (const [k, re] of Object.entries(patterns)) {
    for (const m of code.matchAll(re)) {
      if (!isImported(imported, k, m[0])) continue;
      out.push({ pattern: k, text: m[0], line: code.slice(0, m.index).split('\n').length });
    }
  }
  return out;
}

const [name, ...rest] = process.argv.slice(2);
const renameKeys = rest.includes('--rename-keys');
const dirs = rest.filter((a) => !a.startsWith('--'));
const module = await import(`../dist/transforms/${name}.js`);
const options = renameKeys ? { renameKeys: true } : {};
const [patterns, fileRe] = name === 'semconv' ? [SEMCONV_PATTERNS, SEMCONV_FILE] : [SDK_PATTERNS, SDK_FILE];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.ts');
const BASE = { noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.Preserve, strict: true, types: ['node'], allowJs: false };
const SDK = /^@opentelemetry\/(api|core|resources|sdk-trace-base|sdk-trace-node|sdk-metrics|semantic-conventions)(\/.*)?$/;
function resolver(line) {
  const cache = new Map();
  return (n) => {
    const m = SDK.exec(n);
    if (!m) return undefined;
    if (cache.has(n)) return cache.get(n);
    const target = line === 1 && ['core', 'resources', 'sdk-trace-base', 'sdk-trace-node', 'sdk-metrics'].includes(m[1]) ? `otel1-${m[1]}${m[2] ?? ''}` : n;
    const r = ts.resolveModuleName(target, ROOT, BASE, ts.sys).resolvedModule;
    cache.set(n, r);
    return r;
  };
}
function diagnostics(files, line) {
  const host = ts.createCompilerHost(BASE);
  const orig = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => (files.has(f) ? ts.createSourceFile(f, files.get(f), lang, true) : orig(f, lang));
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => files.get(f) ?? ts.sys.readFile(f);
  const resolve = resolver(line);
  host.resolveModuleNames = (names, containing) => names.map((n) => {
    const r = resolve(n);
    if (r) return r;
    // Inside an installed package, imports resolve the npm way (2.12's sdk-trace-base re-exports @opentelemetry/sdk-trace,
    // sdk-trace-node 1.x needs its propagators); the tree's own imports stay unresolved.
    return containing.includes('/node_modules/') ? ts.resolveModuleName(n, containing, BASE, ts.sys).resolvedModule : undefined;
  });
  const program = ts.createProgram([...files.keys()], BASE, host);
  const out = new Map();
  for (const f of files.keys()) {
    const sf = program.getSourceFile(f);
    const text = files.get(f);
    out.set(f, [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
      .filter((d) => ![2307, 2792, 7016].includes(d.code))
      .map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        // Flagged: a TODO(otel-codemod) on the line or within the 3 lines above.
        const lines = text.split('\n').slice(Math.max(0, line - 3), line + 1).join('\n');
        return { key: `${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 140)}`, code: d.code, line: line + 1, flagged: lines.includes('TODO(otel-codemod)') };
      }));
  }
  return out;
}
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const all = [];
for (const dir of dirs) {
  const t = { tree: dir.split('/').pop(), codemod: name + (renameKeys ? ' --rename-keys' : ''), files: 0, filesWithOccurrences: 0, found: 0, left: 0,
    byPattern: {}, candidates: 0, changed: 0, failed: 0, todos: 0, notes: 0, unparsable: 0, notIdempotent: 0, tsChecked: 0, newTypeErrors: 0, examples: [], noteSamples: [] };
  const before = new Map(), after = new Map();
  for (const file of walk(dir)) {
    t.files++;
    const text = readFileSync(file, 'utf8');
    const found = count(text, patterns, fileRe);
    if (sum(found)) t.filesWithOccurrences++;
    t.found += sum(found);
    for (const [k, n] of Object.entries(found)) (t.byPattern[k] ??= { found: 0, left: 0 }).found += n;
    if (!module.meta.mayContainTarget(text, options)) { t.left += sum(found); for (const [k, n] of Object.entries(found)) t.byPattern[k].left += n; if (sum(found)) { t.leftSilent = (t.leftSilent ?? 0) + sum(found); t.examples.push(`not a candidate, ${sum(found)} left: ${file}`); } continue; }
    t.candidates++;
    const first = await applyTransform(module, file, text, options);
    t.notes += first.notes.length;
    t.notesKeyChanged = (t.notesKeyChanged ?? 0) + first.notes.filter((n) => /the emitted key changes/.test(n)).length;
    t.notesLeftUnchanged = (t.notesLeftUnchanged ?? 0) + first.notes.filter((n) => /left unchanged/.test(n)).length;
    for (const n of first.notes.slice(0, 3)) if (t.noteSamples.length < 12) t.noteSamples.push(`${file.slice(dir.length + 1)}: ${n.slice(0, 200)}`);
    if (first.status === 'failed') { t.failed++; t.left += sum(found); t.examples.push(`failed ${file}: ${JSON.stringify(first.error).slice(0, 200)}`); continue; }
    const output = first.status === 'changed' ? first.output : text;
    const left = count(output, patterns, fileRe);
    t.left += sum(left);
    for (const [k, n] of Object.entries(left)) (t.byPattern[k] ??= { found: 0, left: 0 }).left += n;
    t.todos += (output.match(/TODO\(otel-codemod\)/g) ?? []).length - (text.match(/TODO\(otel-codemod\)/g) ?? []).length;
    // Left occurrences a person is told about: a TODO(otel-codemod) on the line or the 3 above it, else a note on its input line.
    const outLines = output.split('\n');
    const leftOcc = occurrences(output, patterns, fileRe);
    const todoLeft = leftOcc.filter((o) => outLines.slice(Math.max(0, o.line - 4), o.line).some((l) => l.includes('TODO(otel-codemod)'))).length;
    const noteLines = new Set(first.notes.map((n) => /^line (\d+)/.exec(n)?.[1]).filter(Boolean).map(Number));
    // A note on a re-export statement covers its lines, up to the one with `from`.
    const inLines = text.split('\n');
    for (const n of first.notes) {
      const start = Number(/^line (\d+): re-export/.exec(n)?.[1] ?? 0);
      for (let l = start; start && l <= inLines.length; l++) { noteLines.add(l); if (/\bfrom\s*['"]/.test(inLines[l - 1])) break; }
    }
    // semconv's notes name the export they leave (every use of it counts as told); migrate-sdk-2's name a line.
    const untold = leftOcc.filter((o) => !outLines.slice(Math.max(0, o.line - 4), o.line).some((l) => l.includes('TODO(otel-codemod)')));
    const noted = name === 'semconv'
      ? untold.filter((o) => first.notes.some((n) => new RegExp(`\\b${o.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\s\*/g, '')}\\b`).test(n) || noteLines.has(o.line))).length
      : Math.min(occurrences(text, patterns, fileRe).filter((o) => noteLines.has(o.line)).length, untold.length);
    t.leftTodo = (t.leftTodo ?? 0) + todoLeft; t.leftNoted = (t.leftNoted ?? 0) + noted;
    const silent = leftOcc.length - todoLeft - noted;
    if (silent > 0) { t.leftSilent = (t.leftSilent ?? 0) + silent; if ((t.silentSamples ??= []).length < 8) t.silentSamples.push(`${file.slice(dir.length + 1)}: ${leftOcc.filter((o) => !outLines.slice(Math.max(0, o.line - 4), o.line).some((l) => l.includes('TODO(otel-codemod)'))).map((o) => `${o.line} ${o.pattern}`).slice(0, 4).join(', ')}`); }
    if (first.status !== 'changed') continue;
    t.changed++;
    try { parseFile(output, file); } catch (e) { t.unparsable++; t.examples.push(`unparsable ${file}: ${e.message.split('\n')[0]}`); continue; }
    const second = await applyTransform(module, file, output, options);
    if (second.status === 'changed') { t.notIdempotent++; t.examples.push(`second run changes ${file}`); }
    if (/\.[cm]?tsx?$/.test(file)) { before.set(file, text); after.set(file, output); }
  }
  if (before.size > 0) {
    // in1: the input against SDK 1.x (where it was written); in2: the input against 2.x; out2: the output against 2.x.
    const in1 = diagnostics(before, 1), in2 = diagnostics(before, 2), out2 = diagnostics(after, 2);
    t.tsChecked = before.size;
    t.newTypeErrorsFlagged = 0; t.introduced = 0; t.errorsIn2Before = 0; t.errorsIn2After = 0;
    const minus = (a, b, key) => { const left = b.map(key); return a.filter((x) => { const i = left.indexOf(key(x)); if (i >= 0) { left.splice(i, 1); return false; } return true; }); };
    for (const [file, msgs] of out2) {
      t.errorsIn2Before += in2.get(file).length; t.errorsIn2After += msgs.length;
      const added = minus(msgs, in1.get(file), (d) => d.code);
      const unflagged = added.filter((d) => !d.flagged);
      if (added.length && !unflagged.length) t.newTypeErrorsFlagged++;
      if (unflagged.length) { t.newTypeErrors++; t.examples.push(`new TS errors in ${file.slice(dir.length + 1)}: ${unflagged.slice(0, 3).map((d) => `${d.line} ${d.key}`).join(' | ')}`); }
      const introduced = minus(msgs, in2.get(file), (d) => d.key);
      if (introduced.length) { t.introduced++; t.examples.push(`introduced by the rewrite in ${file.slice(dir.length + 1)}: ${introduced.slice(0, 3).map((d) => `${d.line} ${d.key}`).join(' | ')}`); }
    }
  }
  all.push(t);
  console.log(JSON.stringify(t));
}
