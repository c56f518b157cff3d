// Dense real sets for the codemod benchmark: per codemod, a tree of real JS/TS from the installed node_modules in which
// about a quarter of the files are what the codemod is for, the rest files it has nothing to do in. Deterministic (sorted
// paths, every k-th file); built in a temporary folder, never committed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { writeProjectPackageJson } from './file-sets.mjs';

const SOURCE_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;
const MAX_BYTES = 200_000;

/** A function the module exports: `export (default) (async) function`, `export const f = (…) =>`, `exports.f = function`. */
const EXPORTED_FUNCTION =
  /\bexport\s+(?:default\s+)?(?:async\s+)?function\b|\bexport\s+const\s+\w+\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)|\bexports(?:\.\w+)?\s*=\s*(?:async\s+)?function\b/;
/** Anything that could export a function: `export {`, `export default`, `export const`, `module.exports =`, `exports.x =`. */
const ANY_EXPORT = /\bexport\s*\{|\bexport\s+default\b|module\.exports\s*=|\bexports\.\w+\s*=|\bexport\s+(?:async\s+)?function|\bexport\s+(?:const|let|var)\b/;

/**
 * What each codemod is for, how it runs (CLI flags, and the same as transform options for the floor's prefilter), and
 * which files count as having nothing for it.
 */
export const DENSE_CODEMOD_SETS = {
  'wrap-spans': {
    flags: ['--exported'],
    options: { exported: true },
    // Run beside it in the same repetitions: the checker's answers instead of the run-time check.
    variants: { 'wrap-spans --types': ['--exported', '--types'] },
    target: 'files that export a function',
    isTarget: (text) => EXPORTED_FUNCTION.test(text),
    isOther: (text) => !ANY_EXPORT.test(text),
  },
  'inject-propagation': {
    flags: [],
    options: {},
    target: 'files that call fetch',
    isTarget: (text) => /\bfetch\s*\(/.test(text),
    isOther: (text) => !text.includes('fetch'),
  },
  'pino-mixin': {
    flags: [],
    options: {},
    target: 'files that create pino loggers',
    // pino's own tests, examples and benchmarks load it by a relative path: given the package name, they are what an
    // application's logger files look like.
    prepare: (file) => (file.relative.startsWith('pino/') ? requirePinoByName(file) : file.text),
    isTarget: (text) => /(?:\bfrom\s*|\brequire\s*\(\s*)['"]pino['"]/.test(text) && /\bpino\s*\(/.test(text),
    isOther: (text) => !text.includes('pino'),
  },
};

/** `require('../')`, `from '../../pino'`… in a file of the pino package, where they load pino itself, as `'pino'`. */
function requirePinoByName(file) {
  const root = file.path.slice(0, file.path.lastIndexOf('/pino/') + '/pino'.length);
  const pinoItself = new Set([root, join(root, 'pino'), join(root, 'pino.js')]);
  return file.text.replace(/(\brequire\s*\(\s*|\bfrom\s*)(['"])(\.{1,2}(?:\/[\w.-]*)*)\2/g, (whole, before, quote, specifier) =>
    pinoItself.has(resolve(dirname(file.path), specifier).replace(/\/$/, '')) ? `${before}${quote}pino${quote}` : whole,
  );
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Folder names the CLI never walks into (src/app/runner/files.ts), dependencies and build output. */
const NOT_WALKED = ['node_modules', 'dist', 'build', 'coverage'];

/**
 * Where a node_modules file goes in the set: folders the CLI never walks renamed (`dist-`), so that the CLI sees every
 * file jscodeshift and the floor see.
 */
const outputPath = (path) =>
  path
    .split('/')
    .map((part, i, parts) => (i < parts.length - 1 && NOT_WALKED.includes(part) ? `${part}-` : part))
    .join('/');

/**
 * Renames the folders of a set that the CLI never walks (`dist` → `dist-`, deepest first): most files of the real set
 * come from packages' dist/ and build/ folders, which jscodeshift and the floor read but the CLI would skip.
 */
export function revealSkippedFolders(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    revealSkippedFolders(path);
    if (NOT_WALKED.includes(entry.name)) renameSync(path, `${path}-`);
  }
}

let sources;
/** Every real source file in node_modules the benchmark uses, sorted, with its text. */
function nodeModulesSources(repoRoot) {
  if (sources) return sources;
  const modules = resolve(repoRoot, 'node_modules');
  sources = [];
  for (const path of [...walk(modules)].sort()) {
    if (!SOURCE_FILE.test(path) || DECLARATION.test(path) || /\.min\.js$/.test(path)) continue;
    const size = statSync(path).size;
    if (size === 0 || size > MAX_BYTES) continue;
    sources.push({ path, relative: outputPath(relative(modules, path)), text: readFileSync(path, 'utf8') });
  }
  return sources;
}

const spread = (items, count) => {
  if (count <= 0 || items.length === 0) return [];
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
};

/**
 * Writes the dense set for `codemod` into `target`: `files` files, a quarter of them targets. node_modules holds few
 * files that call fetch or create a pino logger; those are copied several times over (`copy-2/…`, `copy-3/…`), each
 * copy a file of its own to the codemods. Returns the counts.
 */
export function denseCodemodSet(repoRoot, target, codemod, files = 1200) {
  const spec = DENSE_CODEMOD_SETS[codemod];
  rmSync(target, { recursive: true, force: true });
  const all = nodeModulesSources(repoRoot).map((file) => (spec.prepare ? { ...file, text: spec.prepare(file) } : file));
  const targets = all.filter((file) => spec.isTarget(file.text));
  const others = all.filter((file) => spec.isOther(file.text));
  if (targets.length === 0) throw new Error(`no ${spec.target} in node_modules for the dense ${codemod} set`);
  const targetCount = Math.round(files / 4);
  const chosenTargets = targets.length >= targetCount ? spread(targets, targetCount) : Array.from({ length: targetCount }, (_, i) => targets[i % targets.length]);
  const chosen = [
    ...chosenTargets.map((file, i) => ({ file, copy: Math.floor(i / Math.max(1, targets.length)) + 1 })),
    ...spread(others, files - targetCount).map((file) => ({ file, copy: 1 })),
  ];
  for (const { file, copy } of chosen) {
    const out = join(target, copy === 1 ? '' : `copy-${copy}`, file.relative);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, file.text);
  }
  writeProjectPackageJson(target, `bench-dense-${codemod}`);
  return { files: chosen.length, targets: chosenTargets.length, distinctTargets: new Set(chosenTargets.map((file) => file.path)).size };
}
