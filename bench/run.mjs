// `npm run bench`: lint overhead and codemod speed against the tools users run today, side by side in one run.
// Every measurement is paired (ours and the baseline alternate within each repetition) and repeated; medians are reported.
// Environment: BENCH_REPEAT (default 5), BENCH_REAL_FILES (default 3000), BENCH_SIZES (default 1000,5000,10000),
// BENCH_DENSE_FILES (default 1200), BENCH_PARTS (default lint,codemods: `codemods` alone keeps the lint rows of the last
// results.json).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DENSE_CODEMOD_SETS, denseCodemodSet, revealSkippedFolders } from './codemod-sets.mjs';
import { listSourceFiles, readText, realFileSet, syntheticFileSet } from './file-sets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const work = join(tmpdir(), 'otel-codemod-bench');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const REAL_FILES = Number(process.env.BENCH_REAL_FILES ?? 3000);
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
const DENSE_FILES = Number(process.env.BENCH_DENSE_FILES ?? 1200);
const PARTS = (process.env.BENCH_PARTS ?? 'lint,codemods').split(',');
const CLI = join(repo, 'dist', 'src', 'app', 'cli', 'bin.js');
const JSCODESHIFT = join(repo, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const { codemods } = await import('../dist/transforms/index.js');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (...args) => console.error('[bench]', ...args);

/** Runs a command; returns wall ms, peak RSS (MB, via GNU time) and output. Throws when it fails unexpectedly. */
function timed(args, { okCodes = [0] } = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '__RSS_KB=%M', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssKb = Number(/__RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  if (!okCodes.includes(result.status)) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  return { ms, rssMb: rssKb / 1024, stdout: result.stdout, stderr: result.stderr };
}

function childJson(script, args) {
  const result = spawnSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout);
}

function jscodeshiftBaseline(dir) {
  const run = timed([
    JSCODESHIFT,
    '-t',
    join(here, 'noop-transform.cjs'),
    '--extensions=js,jsx,mjs,cjs,ts,tsx,mts,cts',
    '--parser=tsx',
    '--dry',
    '--silent',
    dir,
  ]);
  return run;
}

/** Our CLI in dry mode; exit 2 (some files failed to parse) is expected on real code, anything unparseable is not. */
function oursDry(name, dir, flags = []) {
  const run = timed([CLI, name, dir, '--dry', '--json', ...flags], { okCodes: [0, 1, 2] });
  try {
    run.report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`otel-codemod ${name} did not print a JSON report: ${run.stderr.slice(-1000)}`);
  }
  return run;
}

// ---------------------------------------------------------------------------------------------------------------
log(`preparing file sets in ${work}`);
mkdirSync(work, { recursive: true });
const realDir = join(work, 'real');
const realCount = realFileSet(repo, realDir, REAL_FILES);
revealSkippedFolders(realDir);
const realFiles = listSourceFiles(realDir);
const otelFiles = realFiles.filter((f) => readText(f).includes('@opentelemetry/api'));
const plainFiles = realFiles.filter((f) => !otelFiles.includes(f));
const lists = {};
for (const [name, files] of Object.entries({ all: realFiles, plain: plainFiles, otel: otelFiles })) {
  lists[name] = join(work, `${name}.json`);
  writeFileSync(lists[name], JSON.stringify(files));
}
log(`real set: ${realCount} files (${otelFiles.length} import @opentelemetry/api)`);

// 1. Lint overhead --------------------------------------------------------------------------------------------
const lint = {};
for (const subset of PARTS.includes('lint') ? ['plain', 'otel'] : []) {
  const runs = { 'parser-only': [], core: [], ours: [] };
  let findings = 0;
  for (let r = 0; r < REPEAT; r++) {
    for (const mode of r % 2 ? ['ours', 'core', 'parser-only'] : ['core', 'ours', 'parser-only']) {
      const { ms, messages } = childJson('lint-child.mjs', [mode, lists[subset], realDir]);
      runs[mode].push(ms);
      if (mode === 'ours') findings = messages;
    }
    log(`lint ${subset} rep ${r + 1}/${REPEAT}: core ${round(runs.core.at(-1), 0)} ms, ours ${round(runs.ours.at(-1), 0)} ms`);
  }
  const files = subset === 'plain' ? plainFiles.length : otelFiles.length;
  lint[subset] = {
    files,
    parserOnlyMs: round(median(runs['parser-only']), 1),
    coreMs: round(median(runs.core), 1),
    oursMs: round(median(runs.ours), 1),
    ratio: round(median(runs.ours.map((ms, i) => ms / runs.core[i]))),
    findings,
  };
}
if (lint.plain) lint.all = {
  files: realFiles.length,
  parserOnlyMs: round(lint.plain.parserOnlyMs + lint.otel.parserOnlyMs, 1),
  coreMs: round(lint.plain.coreMs + lint.otel.coreMs, 1),
  oursMs: round(lint.plain.oursMs + lint.otel.oursMs, 1),
  ratio: round((lint.plain.oursMs + lint.otel.oursMs) / (lint.plain.coreMs + lint.otel.coreMs)),
  findings: lint.plain.findings + lint.otel.findings,
};

// 2 + 3. Codemod speed and the floor on the real set --------------------------------------------------------------
/**
 * jscodeshift's parse-only run, our codemods (`--dry`) and the floor, paired in each repetition (jscodeshift first in
 * even ones, last in odd ones). `only`: the codemods to run, with their CLI flags and transform options (default: all,
 * none).
 */
function codemodRuns(dir, listPath, repeat, only) {
  const selected = codemods.filter(({ meta }) => !only || meta.name in only);
  const baseline = [];
  const ours = Object.fromEntries(selected.map(({ meta }) => [meta.name, []]));
  const rss = Object.fromEntries(selected.map(({ meta }) => [meta.name, []]));
  const floor = Object.fromEntries(selected.map(({ meta }) => [meta.name, []]));
  const read = [];
  const candidates = {};
  const failed = {};
  const changed = {};
  const floorOptions = only && Object.fromEntries(Object.entries(only).map(([name, spec]) => [name, spec.options]));
  for (let r = 0; r < repeat; r++) {
    if (r % 2 === 0) baseline.push(jscodeshiftBaseline(dir).ms);
    for (const { meta } of selected) {
      const run = oursDry(meta.name, dir, only?.[meta.name].flags);
      failed[meta.name] = run.report.summary.failed;
      changed[meta.name] = run.report.summary.changed;
      ours[meta.name].push(run.ms);
      rss[meta.name].push(run.rssMb);
    }
    const f = childJson('floor-child.mjs', floorOptions ? [listPath, JSON.stringify(floorOptions)] : [listPath]);
    read.push(f.readMs);
    for (const [name, p] of Object.entries(f.parse)) {
      floor[name].push(p.ms);
      candidates[name] = p.candidates;
    }
    if (r % 2 === 1) baseline.push(jscodeshiftBaseline(dir).ms);
    log(`codemods ${dir} rep ${r + 1}/${repeat}: jscodeshift ${round(baseline.at(-1), 0)} ms`);
  }
  return {
    jscodeshiftMs: round(median(baseline), 1),
    readMs: round(median(read), 1),
    codemods: Object.fromEntries(
      selected.map(({ meta }) => {
        const name = meta.name;
        const perCandidate = (ms) => (candidates[name] > 0 ? round(ms / candidates[name], 2) : null);
        return [
          name,
          {
            ...(only ? { flags: only[name].flags } : {}),
            candidates: candidates[name],
            wouldChange: changed[name],
            failed: failed[name],
            oursMs: round(median(ours[name]), 1),
            msPerCandidate: perCandidate(median(ours[name])),
            ratioToJscodeshift: round(median(ours[name].map((ms, i) => ms / baseline[i]))),
            floorMs: round(median(floor[name]), 1),
            floorMsPerCandidate: perCandidate(median(floor[name])),
            ratioToFloor: round(median(ours[name].map((ms, i) => ms / floor[name][i]))),
            peakRssMb: round(Math.max(...rss[name]), 1),
          },
        ];
      }),
    ),
  };
}

const codemodsToo = PARTS.includes('codemods');
const codemodReal = codemodsToo ? codemodRuns(realDir, lists.all, REPEAT) : undefined;

// 3b. Dense real sets: a quarter of the files are what the codemod is for ------------------------------------------
const dense = {};
for (const [name, spec] of codemodsToo ? Object.entries(DENSE_CODEMOD_SETS) : []) {
  const dir = join(work, `codemod-dense-${name}`);
  const set = denseCodemodSet(repo, dir, name, DENSE_FILES);
  const listPath = join(work, `codemod-dense-${name}.json`);
  writeFileSync(listPath, JSON.stringify(listSourceFiles(dir)));
  log(`dense ${name} set: ${set.files} files, ${set.targets} ${spec.target} (${set.distinctTargets} distinct)`);
  const runs = codemodRuns(dir, listPath, REPEAT, { [name]: spec });
  dense[name] = { ...set, target: spec.target, jscodeshiftMs: runs.jscodeshiftMs, readMs: runs.readMs, ...runs.codemods[name] };
}

// 4. Memory and scaling on synthetic service code ------------------------------------------------------------------
const scaling = {};
for (const size of codemodsToo ? SIZES : []) {
  const dir = join(work, `synthetic-${size}`);
  syntheticFileSet(dir, size);
  const listPath = join(work, `synthetic-${size}.json`);
  writeFileSync(listPath, JSON.stringify(listSourceFiles(dir)));
  scaling[size] = codemodRuns(dir, listPath, Math.max(1, Math.min(REPEAT, size >= 5000 ? 3 : REPEAT)));
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: round(totalmem() / 1024 ** 3, 1),
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
const previous = existsSync(join(here, 'results.json')) ? JSON.parse(readFileSync(join(here, 'results.json'), 'utf8')) : {};
const results = {
  machine,
  repeat: REPEAT,
  lint: PARTS.includes('lint') ? lint : previous.lint,
  ...(PARTS.includes('lint') ? {} : { lintFrom: previous.lintFrom ?? previous.machine?.date }),
  codemods: codemodsToo ? { real: { files: realFiles.length, ...codemodReal }, dense, scaling } : previous.codemods,
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results.md'), renderMarkdown(results));
console.log(renderMarkdown(results));

function renderMarkdown(r) {
  const out = [];
  out.push(`# Benchmark results`, ``);
  out.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, Node ${r.machine.node}; ${r.machine.date}.`);
  out.push(`Medians of ${r.repeat} paired repetitions (fewer at 5k and 10k files). Produced by \`npm run bench\`.`, ``);
  out.push(`## Lint overhead (ESLint, same parser; baseline = \`no-debugger\` only)`, ``);
  if (r.lintFrom) out.push(`Lint rows from the run of ${r.lintFrom} (this run: \`BENCH_PARTS=codemods\`).`, ``);
  out.push(`| Files | Count | Parser only (ms) | Baseline (ms) | With otel rules (ms) | Ratio | Goal | Findings |`);
  out.push(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  const labels = { plain: 'no @opentelemetry/api import', otel: 'import @opentelemetry/api', all: 'all' };
  for (const key of ['plain', 'otel', 'all']) {
    const l = r.lint[key];
    out.push(`| ${labels[key]} | ${l.files} | ${l.parserOnlyMs} | ${l.coreMs} | ${l.oursMs} | ${l.ratio} | ${key === 'plain' ? '≤ 1.05' : '≤ 1.10'} | ${l.findings} |`);
  }
  out.push(``, `## Codemods on ${r.codemods.real.files} real files (\`--dry\`) vs a parse-only jscodeshift transform`, ``);
  out.push(`jscodeshift CLI (parse every file, return nothing): ${r.codemods.real.jscodeshiftMs} ms. Reading every file: ${r.codemods.real.readMs} ms.`, ``);
  out.push(`| Codemod | Candidates parsed | Would change | Failed to parse | Ours (ms) | ms per candidate | Ours / jscodeshift (goal ≤ 0.25) | Floor: read + parse candidates (ms) | Ours / floor | Peak RSS (MB) |`);
  out.push(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const [name, c] of Object.entries(r.codemods.real.codemods)) {
    out.push(`| ${name} | ${c.candidates} | ${c.wouldChange} | ${c.failed} | ${c.oursMs} | ${c.msPerCandidate ?? '–'} | ${c.ratioToJscodeshift} | ${c.floorMs} | ${c.ratioToFloor} | ${c.peakRssMb} |`);
  }
  if (r.codemods.real.codemods['wrap-spans']?.candidates === 0) {
    out.push(``, `wrap-spans: nothing in the real set is tagged or named, so the run ends with its first-run probe (a dry \`--exported\` run over every file, for the hint); the time shown is mostly that probe.`);
  }
  if (r.codemods.dense) {
    out.push(``, `## Codemods on dense real sets: a quarter of the files are targets`, ``);
    out.push(`Per codemod, ${Object.values(r.codemods.dense)[0]?.files ?? 0} real files from node_modules; node_modules has few files that call fetch or create pino loggers, so those are copied several times over (distinct files in brackets). jscodeshift's parse-only run and the floor (read every file, parse the candidates with jscodeshift) are on the same files.`, ``);
    out.push(`| Codemod | Targets | Candidates parsed | Would change | Failed | jscodeshift (ms) | Ours (ms) | Ours / jscodeshift (goal ≤ 0.25) | ms per candidate | Floor (ms) | Floor ms per candidate | Ours / floor (goal ≤ 3) | Peak RSS (MB, goal < 300) |`);
    out.push(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const [name, c] of Object.entries(r.codemods.dense)) {
      const label = `${name}${c.flags.length > 0 ? ` ${c.flags.join(' ')}` : ''}`;
      out.push(`| ${label} | ${c.targets} ${c.target} (${c.distinctTargets}) | ${c.candidates} | ${c.wouldChange} | ${c.failed} | ${c.jscodeshiftMs} | ${c.oursMs} | ${c.ratioToJscodeshift} | ${c.msPerCandidate ?? '–'} | ${c.floorMs} | ${c.floorMsPerCandidate ?? '–'} | ${c.ratioToFloor} | ${c.peakRssMb} |`);
    }
  }

  out.push(``, `## Scaling on synthetic service code`, ``);
  out.push(`| Files | Codemod | Would change | Failed | Ours (ms) | ms per 1k files | Ours / jscodeshift | Peak RSS (MB, goal < 300 at 10k) |`);
  out.push(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const [size, s] of Object.entries(r.codemods.scaling)) {
    for (const [name, c] of Object.entries(s.codemods)) {
      out.push(`| ${size} | ${name} | ${c.wouldChange} | ${c.failed} | ${c.oursMs} | ${round((c.oursMs / Number(size)) * 1000, 1)} | ${c.ratioToJscodeshift} | ${c.peakRssMb} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
