// The benchmark's file sets: real JS/TS shipped in installed npm packages, and deterministic synthetic service code.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SOURCE_FILE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;
const MAX_BYTES = 200_000;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Copies up to `limit` real source files from node_modules into `target`, flattening `node_modules/` out of the paths
 * (the CLI skips node_modules folders). Deterministic: sorted paths, every k-th file, all @opentelemetry files kept.
 */
export function realFileSet(repoRoot, target, limit) {
  rmSync(target, { recursive: true, force: true });
  const modules = join(repoRoot, 'node_modules');
  const all = [];
  for (const path of walk(modules)) {
    if (!SOURCE_FILE.test(path) || DECLARATION.test(path) || /\.min\.js$/.test(path)) continue;
    const size = statSync(path).size;
    if (size === 0 || size > MAX_BYTES) continue;
    all.push(path);
  }
  all.sort();
  const otel = all.filter((p) => p.includes('/@opentelemetry/'));
  const rest = all.filter((p) => !p.includes('/@opentelemetry/'));
  const step = Math.max(1, Math.floor(rest.length / Math.max(1, limit - otel.length)));
  const chosen = [...otel, ...rest.filter((_, i) => i % step === 0)].slice(0, limit);
  for (const path of chosen) {
    const out = join(target, relative(modules, path).replaceAll('node_modules/', 'nm/'));
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(path, out);
  }
  writeProjectPackageJson(target, 'bench-real');
  return chosen.length;
}

/**
 * Installs bench/dense-lint (OpenTelemetry's Node SDK and instrumentations, pinned by its package-lock.json) into
 * `target` with `npm ci --ignore-scripts`, unless the same lock file is installed there already. Returns its node_modules.
 */
export function installDenseLintPackages(benchDir, target) {
  const lock = readFileSync(join(benchDir, 'dense-lint', 'package-lock.json'), 'utf8');
  const stamp = join(target, '.installed-lock.json');
  const modules = join(target, 'node_modules');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock && existsSync(modules)) return modules;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(benchDir, 'dense-lint', file), join(target, file));
  const npm = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: target, encoding: 'utf8', shell: process.platform === 'win32' });
  if (npm.status !== 0) throw new Error(`npm ci in ${target} failed: ${npm.stderr.slice(-2000)}`);
  writeFileSync(stamp, lock);
  return modules;
}

/**
 * A dense real set: `limit` real source files of which `apiShare` mention `@opentelemetry/api`, gathered like realFileSet
 * from installed packages: the project's node_modules and the ones in `moduleDirs` (installDenseLintPackages: the SDK,
 * exporters and instrumentations, code that imports the API in most files). Files with the same text are taken once.
 * The API files are spread evenly over all such files (sorted), the others over the rest. Copied into `target`
 * under one folder per root, with `node_modules/` renamed like realFileSet. Deterministic. Returns the number of files,
 * how many of them mention the API, and how many distinct such files the roots hold.
 */
export function denseFileSet(roots, target, limit, apiShare = 0.6) {
  rmSync(target, { recursive: true, force: true });
  const api = [];
  const rest = [];
  const seen = new Set();
  for (const [label, modules] of Object.entries(roots)) {
    for (const path of [...walk(modules)].sort()) {
      if (!SOURCE_FILE.test(path) || DECLARATION.test(path) || /\.min\.js$/.test(path)) continue;
      const size = statSync(path).size;
      if (size === 0 || size > MAX_BYTES) continue;
      const text = readFileSync(path, 'utf8');
      const key = createHash('sha1').update(text).digest('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      const file = { path, out: join(label, relative(modules, path).replaceAll('node_modules/', 'nm/')) };
      (text.includes('@opentelemetry/api') ? api : rest).push(file);
    }
  }
  // `count` files spread evenly over the sorted list (all of them when it is shorter).
  const spread = (files, count) => Array.from({ length: Math.min(count, files.length) }, (_, i) => files[Math.floor((i * files.length) / Math.min(count, files.length))]);
  const chosenApi = spread(api, Math.ceil(limit * apiShare));
  const chosen = [...chosenApi, ...spread(rest, limit - chosenApi.length)];
  for (const file of chosen) {
    const out = join(target, file.out);
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(file.path, out);
  }
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'bench-dense', private: true }));
  return { files: chosen.length, api: chosenApi.length, apiAvailable: api.length };
}

// mulberry32: a small deterministic PRNG so synthetic sets are identical across runs and machines.
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'payment', 'invoice', 'customer', 'cart', 'shipment', 'product', 'coupon', 'review', 'account'];

function plainModule(rand, i) {
  const noun = NOUNS[Math.floor(rand() * NOUNS.length)];
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  const lines = [
    `import { db } from '../db/index.js';`,
    `import { validate } from '../util/validate.js';`,
    ``,
    `export interface ${Noun}${i} { id: string; total: number; items: string[] }`,
    ``,
    `export class ${Noun}Repository${i} {`,
    `  constructor(private readonly table = '${noun}s') {}`,
    ``,
    `  async find(id: string): Promise<${Noun}${i} | undefined> {`,
    `    const rows = await db.query(\`select * from \${this.table} where id = $1\`, [id]);`,
    `    return rows[0];`,
    `  }`,
    ``,
    `  async save(entity: ${Noun}${i}): Promise<void> {`,
    `    validate(entity);`,
    `    await db.query('insert into ${noun}s values ($1, $2)', [entity.id, entity.total]);`,
    `  }`,
    `}`,
    ``,
  ];
  const helpers = 2 + Math.floor(rand() * 6);
  for (let h = 0; h < helpers; h++) {
    lines.push(
      `export function ${noun}Total${h}(items: { price: number; qty: number }[]): number {`,
      `  let total = 0;`,
      `  for (const item of items) {`,
      `    total += item.price * item.qty;`,
      `  }`,
      `  return Math.round(total * 100) / 100;`,
      `}`,
      ``,
    );
  }
  return { lines, noun, Noun };
}

/** One synthetic service file; a few carry targets: @traced tags, manual spans, fetch calls, pino loggers. */
function syntheticFile(rand, i) {
  const { lines, noun, Noun } = plainModule(rand, i);
  const roll = rand();
  if (roll < 0.03) {
    lines.push(`/** @traced */`, `export async function load${Noun}(id: string) {`, `  return new ${Noun}Repository${i}().find(id);`, `}`, ``);
  } else if (roll < 0.08) {
    lines.unshift(`import { trace, SpanStatusCode } from '@opentelemetry/api';`, `const tracer = trace.getTracer('${noun}-service');`);
    lines.push(
      `export async function process${Noun}(id: string) {`,
      `  return tracer.startActiveSpan('${noun}.process', async (span) => {`,
      `    try {`,
      `      return await new ${Noun}Repository${i}().find(id);`,
      `    } catch (error) {`,
      `      span.recordException(error as Error);`,
      `      span.setStatus({ code: SpanStatusCode.ERROR });`,
      `      throw error;`,
      `    } finally {`,
      `      span.end();`,
      `    }`,
      `  });`,
      `}`,
      ``,
    );
  } else if (roll < 0.18) {
    lines.push(`export async function notify${Noun}(id: string) {`, `  const res = await fetch(\`http://notifications/${noun}/\${id}\`, { method: 'POST' });`, `  return res.ok;`, `}`, ``);
  } else if (roll < 0.2) {
    lines.unshift(`import pino from 'pino';`);
    lines.push(`export const logger = pino({ level: 'info' });`, ``);
  }
  return lines.join('\n');
}

/**
 * The package.json of a codemod set: wrap-spans names the tracer after it, and it lists the API, as a project that
 * runs these codemods does (without it, inject-propagation and pino-mixin leave the whole set as it is, unparsed).
 */
export function writeProjectPackageJson(target, name) {
  writeFileSync(join(target, 'package.json'), JSON.stringify({ name, private: true, dependencies: { '@opentelemetry/api': '^1.9.0' } }));
}

/** Writes `count` synthetic files in nested folders of 100 under `target`. */
export function syntheticFileSet(target, count, seed = 42) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeProjectPackageJson(target, 'synthetic-service');
  const rand = prng(seed);
  for (let i = 0; i < count; i++) {
    const dir = join(target, `module${Math.floor(i / 100)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `file${i}.ts`), syntheticFile(rand, i));
  }
  return count;
}

export function listSourceFiles(dir) {
  return [...walk(dir)].filter((p) => SOURCE_FILE.test(p) && !DECLARATION.test(p)).sort();
}

export const readText = (path) => readFileSync(path, 'utf8');
