// `npm run bench`: lint overhead and codemod speed against the tools users run today, side by side in one run.
// Every measurement is paired (ours and the baseline alternate within each repetition) and repeated; medians are reported.
// Environment: BENCH_REPEAT (default 5), BENCH_REAL_FILES (default 3000), BENCH_SIZES (default 1000,5000,10000),
// BENCH_DENSE_FILES (default 1200), BENCH_LINT_DENSE_FILES (default 1000), BENCH_LINT_REPEAT (default BENCH_REPEAT),
// BENCH_PARTS (default lint,codemods: `codemods` alone keeps the lint rows of the last results.json, `lint` alone its
// codemod rows), BENCH_TREES (comma-separated checkouts of real repositories: every codemod and jscodeshift's parse-only
// run on each, as they are; only their names and the figures go into the results).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DENSE_CODEMOD_SETS, denseCodemodSet, revealSkippedFolders } from './codemod-sets.mjs';
import { denseFileSet, installDenseLintPackages, listSourceFiles, readText, realFileSet, syntheticFileSet } from './file-sets.mjs';
import plugin from 'otel-codemod/eslint-plugin';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const work = join(tmpdir(), 'otel-codemod-bench');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const REAL_FILES = Number(process.env.BENCH_REAL_FILES ?? 3000);
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
const DENSE_FILES = Number(process.env.BENCH_DENSE_FILES ?? 1200);
const LINT_DENSE_FILES = Number(process.env.BENCH_LINT_DENSE_FILES ?? 1000);
const LINT_REPEAT = Number(process.env.BENCH_LINT_REPEAT ?? REPEAT);
const PARTS = (process.env.BENCH_PARTS ?? 'lint,codemods').split(',');
const TREES = (process.env.BENCH_TREES ?? '').split(',').filter(Boolean);
const CLI = join(repo, 'dist', 'cli', 'otel-codemod.js');
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
  const result = spawnSync('/usr/bin/time', ['-f', '__RSS_KB=%M __CPU_S=%U+%S', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rssKb = Number(/__RSS_KB=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  // User + system CPU time of the process and its threads: steadier than wall time on a machine others load.
  const cpu = /__CPU_S=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
  if (!okCodes.includes(result.status)) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  return { ms, cpuMs, rssMb: rssKb / 1024, stdout: result.stdout, stderr: result.stderr };
}

function childJson(script, args, nodeFlags = []) {
  const result = spawnSync(process.execPath, [...nodeFlags, join(here, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
// Each set in one process (lint-child.mjs): every mode lints each file in turn, the list is repeated; the ratio is the
// median over the repetitions of ours / baseline (main-thread CPU time; the JSON also keeps process CPU and wall time).
const LINT_MODES = ['parser-only', 'core', 'ours', 'strict'];
const lint = {};
let lintRules;
if (PARTS.includes('lint')) {
  const denseDir = join(work, 'lint-dense');
  log(`installing bench/dense-lint (npm ci) into ${join(work, 'dense-lint-packages')} unless it is there already`);
  const densePackages = installDenseLintPackages(here, join(work, 'dense-lint-packages'));
  const dense = denseFileSet({ project: join(repo, 'node_modules'), 'dense-lint': densePackages }, denseDir, LINT_DENSE_FILES);
  const denseFiles = listSourceFiles(denseDir);
  lists.dense = join(work, 'lint-dense.json');
  writeFileSync(lists.dense, JSON.stringify(denseFiles));
  const denseApi = denseFiles.filter((f) => readText(f).includes('@opentelemetry/api')).length;
  log(`dense lint set: ${denseFiles.length} files, ${denseApi} import @opentelemetry/api (of ${dense.apiAvailable} distinct such files installed)`);
  const sets = {
    plain: { dir: realDir, files: plainFiles.length, api: 0 },
    otel: { dir: realDir, files: otelFiles.length, api: otelFiles.length },
    dense: { dir: denseDir, files: denseFiles.length, api: denseApi, apiAvailable: dense.apiAvailable },
  };
  const perRep = {};
  for (const [name, set] of Object.entries(sets)) {
    log(`lint ${name}: ${set.files} files, ${LINT_MODES.join(' / ')}, ${LINT_REPEAT} repetitions in one process`);
    const { modes } = childJson('lint-child.mjs', [lists[name], set.dir, String(LINT_REPEAT), LINT_MODES.join(',')], ['--expose-gc']);
    perRep[name] = modes;
    lint[name] = { ...lintRow(modes, set), ...(set.apiAvailable === undefined ? {} : { apiFilesInstalled: set.apiAvailable }) };
    log(`lint ${name}: recommended ×${lint[name].ratio}, strict ×${lint[name].strictRatio}`);
  }
  // The whole real set: its two parts' repetitions added up.
  const sum = (mode, clock) => perRep.plain[mode][clock].map((ms, i) => ms + perRep.otel[mode][clock][i]);
  const all = Object.fromEntries(LINT_MODES.map((mode) => [mode, { ...Object.fromEntries(['threadMs', 'cpuMs', 'wallMs'].map((clock) => [clock, sum(mode, clock)])), findings: perRep.plain[mode].findings + perRep.otel[mode].findings }]));
  lint.all = lintRow(all, { files: realFiles.length, api: otelFiles.length });

  // Per-rule cost on the dense set and on the whole real set, from ESLint's own rule timing (`stats: true`, the figures
  // `TIMING=all` prints): the median of three passes, each file linted by the baseline and by the strict config in turn.
  lintRules = {
    dense: ruleCosts(lists.dense, denseDir, denseFiles.length),
    all: ruleCosts(lists.all, realDir, realFiles.length),
  };
}

/** Per-rule ms (and the share of the baseline's whole lint time) over one file list, the median of three passes. */
function ruleCosts(listPath, dir, files) {
  const passes = [1, 2, 3].map((pass) => {
    log(`rule timing ${listPath}: pass ${pass}/3`);
    return childJson('lint-child.mjs', [listPath, dir, '--stats', 'core,strict']).modes;
  });
  const recommended = new Set(Object.keys(plugin.configs.recommended.rules));
  const ruleIds = Object.keys(passes[0].strict.rules).filter((id) => id.startsWith('otel/'));
  const baselineMs = median(passes.map((p) => p.core.totalMs));
  return {
    files,
    baselineMs: round(baselineMs, 1),
    parseMs: round(median(passes.map((p) => p.core.parseMs)), 1),
    noDebuggerMs: round(median(passes.map((p) => p.core.rules['no-debugger'] ?? 0)), 1),
    strictFindings: passes[0].strict.findings,
    rules: Object.fromEntries(
      ruleIds
        .map((id) => [id, median(passes.map((p) => p.strict.rules[id] ?? 0))])
        .sort((a, b) => b[1] - a[1])
        .map(([id, ms]) => [id, { ms: round(ms, 1), shareOfBaseline: round(ms / baselineMs, 4), recommended: recommended.has(id) }]),
    ),
  };
}

/** One row of the lint table from lint-child.mjs's repetitions: medians, and median ratios of the paired repetitions. */
function lintRow(modes, set) {
  const ms = (mode, clock = 'threadMs') => round(median(modes[mode][clock]), 1);
  const ratio = (mode, clock = 'threadMs') => round(median(modes[mode][clock].map((x, i) => x / modes.core[clock][i])));
  return {
    files: set.files,
    importApi: set.api,
    parserOnlyMs: ms('parser-only'),
    coreMs: ms('core'),
    oursMs: ms('ours'),
    ratio: ratio('ours'),
    strictMs: ms('strict'),
    strictRatio: ratio('strict'),
    processCpuRatio: ratio('ours', 'cpuMs'),
    wallRatio: ratio('ours', 'wallMs'),
    strictWallRatio: ratio('strict', 'wallMs'),
    findings: modes.ours.findings,
    strictFindings: modes.strict.findings,
  };
}

// 2 + 3. Codemod speed and the floor on the real set --------------------------------------------------------------
/**
 * jscodeshift's parse-only run, our codemods (`--dry`) and the floor, paired in each repetition (jscodeshift first in
 * even ones, last in odd ones). `only`: the codemods to run, with their CLI flags and transform options (default: all,
 * none).
 */
function codemodRuns(dir, listPath, repeat, only) {
  const selected = codemods.filter(({ meta }) => !only || meta.name in only);
  // Each codemod's run, and its variants (`wrap-spans --exported --types`), keyed by how the results name them; a
  // variant shares its codemod's floor (the same candidates).
  const runsOf = selected.flatMap(({ meta }) => [
    { key: meta.name, name: meta.name, flags: only?.[meta.name].flags },
    ...Object.entries(only?.[meta.name].variants ?? {}).map(([key, flags]) => ({ key, name: meta.name, flags })),
  ]);
  const baseline = [];
  const baselineCpu = [];
  const ours = Object.fromEntries(runsOf.map(({ key }) => [key, []]));
  const oursCpu = Object.fromEntries(runsOf.map(({ key }) => [key, []]));
  const rss = Object.fromEntries(runsOf.map(({ key }) => [key, []]));
  const floor = Object.fromEntries(selected.map(({ meta }) => [meta.name, []]));
  const read = [];
  const candidates = {};
  const failed = {};
  const changed = {};
  const floorOptions = only && Object.fromEntries(Object.entries(only).map(([name, spec]) => [name, spec.options]));
  for (let r = 0; r < repeat; r++) {
    const jscodeshiftRun = () => {
      const run = jscodeshiftBaseline(dir);
      baseline.push(run.ms);
      baselineCpu.push(run.cpuMs);
    };
    if (r % 2 === 0) jscodeshiftRun();
    for (const { key, name, flags } of runsOf) {
      const run = oursDry(name, dir, flags);
      failed[key] = run.report.summary.failed;
      changed[key] = run.report.summary.changed;
      ours[key].push(run.ms);
      oursCpu[key].push(run.cpuMs);
      rss[key].push(run.rssMb);
    }
    const f = childJson('floor-child.mjs', floorOptions ? [listPath, JSON.stringify(floorOptions)] : [listPath]);
    read.push(f.readMs);
    for (const [name, p] of Object.entries(f.parse)) {
      floor[name].push(p.ms);
      candidates[name] = p.candidates;
    }
    if (r % 2 === 1) jscodeshiftRun();
    log(`codemods ${dir} rep ${r + 1}/${repeat}: jscodeshift ${round(baseline.at(-1), 0)} ms`);
  }
  return {
    jscodeshiftMs: round(median(baseline), 1),
    jscodeshiftCpuMs: round(median(baselineCpu), 0),
    readMs: round(median(read), 1),
    codemods: Object.fromEntries(
      runsOf.map(({ key, name, flags }) => {
        const perCandidate = (ms) => (candidates[name] > 0 ? round(ms / candidates[name], 2) : null);
        return [
          key,
          {
            ...(only ? { flags } : {}),
            candidates: candidates[name],
            wouldChange: changed[key],
            failed: failed[key],
            oursMs: round(median(ours[key]), 1),
            msPerCandidate: perCandidate(median(ours[key])),
            ratioToJscodeshift: round(median(ours[key].map((ms, i) => ms / baseline[i]))),
            cpuMs: round(median(oursCpu[key]), 0),
            cpuRatioToJscodeshift: round(median(oursCpu[key].map((ms, i) => ms / baselineCpu[i]))),
            // The floor is one thread; jscodeshift runs one worker per core: how close to 0.25 the floor itself is.
            floorToJscodeshift: round(median(floor[name].map((ms, i) => ms / baseline[i]))),
            floorMs: round(median(floor[name]), 1),
            floorMsPerCandidate: perCandidate(median(floor[name])),
            ratioToFloor: round(median(ours[key].map((ms, i) => ms / floor[name][i]))),
            peakRssMb: round(Math.max(...rss[key]), 1),
          },
        ];
      }),
    ),
  };
}

const codemodsToo = PARTS.includes('codemods');
const loadAtStart = loadavg()[0];
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
  for (const [key, run] of Object.entries(runs.codemods)) {
    dense[key] = { ...set, target: spec.target, jscodeshiftMs: runs.jscodeshiftMs, jscodeshiftCpuMs: runs.jscodeshiftCpuMs, readMs: runs.readMs, ...run };
  }
}

// 3c. Real repositories named in BENCH_TREES, as checked out ---------------------------------------------------------
const trees = {};
for (const dir of codemodsToo ? TREES : []) {
  const files = listSourceFiles(dir);
  const listPath = join(work, `tree-${basename(dir)}.json`);
  writeFileSync(listPath, JSON.stringify(files));
  log(`tree ${basename(dir)}: ${files.length} files`);
  const runs = codemodRuns(dir, listPath, REPEAT);
  // wrap-spans by default runs its first-run probe on an untagged tree; `--exported` is the run that wraps, and
  // `--exported --types` the one that asks TypeScript for return types.
  const exported = codemodRuns(dir, listPath, REPEAT, { 'wrap-spans': DENSE_CODEMOD_SETS['wrap-spans'] });
  const exportedRuns = Object.fromEntries(Object.entries(exported.codemods).map(([key, run]) => [key.replace('wrap-spans', 'wrap-spans --exported'), run]));
  trees[basename(dir)] = { files: files.length, ...runs, codemods: { ...runs.codemods, ...exportedRuns } };
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
  // 1-minute load average when the codemod part started and ended: other processes share the cores.
  load: codemodsToo ? `${round(loadAtStart, 1)} → ${round(loadavg()[0], 1)}` : undefined,
};
const previous = existsSync(join(here, 'results.json')) ? JSON.parse(readFileSync(join(here, 'results.json'), 'utf8')) : {};
const results = {
  machine,
  repeat: codemodsToo ? REPEAT : previous.repeat,
  lint: PARTS.includes('lint') ? { repeat: LINT_REPEAT, ...lint } : previous.lint,
  lintRules: PARTS.includes('lint') ? lintRules : previous.lintRules,
  ...(PARTS.includes('lint') ? {} : { lintFrom: previous.lintFrom ?? previous.machine?.date }),
  codemods: codemodsToo
    ? { repeat: REPEAT, load: machine.load, real: { files: realFiles.length, ...codemodReal }, dense, trees, scaling }
    : previous.codemods,
  ...(codemodsToo ? {} : { codemodsFrom: previous.codemodsFrom ?? previous.machine?.date }),
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results.md'), renderMarkdown(results));
console.log(renderMarkdown(results));

function renderMarkdown(r) {
  const out = [];
  out.push(`# Benchmark results`, ``);
  out.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, Node ${r.machine.node}; ${r.machine.date}.${r.machine.load ? ` Load average during the codemod runs: ${r.machine.load}.` : ''}`);
  out.push(`Produced by \`npm run bench\`; each section says how many paired repetitions its medians come from.`, ``);
  if (r.codemodsFrom) out.push(`This run: \`BENCH_PARTS=lint\`; the codemod rows are from the run of ${r.codemodsFrom}.`, ``);
  out.push(`## Lint overhead (ESLint, same parser; baseline = \`no-debugger\` only)`, ``);
  if (r.lintFrom) out.push(`Lint rows from the run of ${r.lintFrom} (this run: \`BENCH_PARTS=codemods\`).`, ``);
  out.push(
    `Each set is linted in one process by every mode in turn, file by file, the whole set ${r.lint.repeat} times (\`bench/lint-child.mjs\`):`,
    `times are the main thread's CPU time (a shared machine's other processes do not count in it; wall-time ratios are in results.json),`,
    `each ratio the median of the ${r.lint.repeat} paired repetitions. Recommended = \`otel.configs.recommended\` + \`no-debugger\`, strict = every rule.`,
    ``,
  );
  out.push(`| Files | Count | Import @opentelemetry/api | Parser only (ms) | Baseline (ms) | Recommended (ms) | Ratio | Strict (ms) | Strict ratio | Goal | Findings (recommended / strict) |`);
  out.push(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  const labels = {
    plain: 'real, no @opentelemetry/api import',
    otel: 'real, import @opentelemetry/api',
    all: 'real, all',
    dense: 'dense real set (node_modules and bench/dense-lint: OpenTelemetry SDK, exporters, instrumentations)',
  };
  for (const key of ['plain', 'otel', 'all', 'dense']) {
    const l = r.lint[key];
    if (!l) continue;
    out.push(`| ${labels[key]} | ${l.files} | ${l.importApi ?? '–'} | ${l.parserOnlyMs} | ${l.coreMs} | ${l.oursMs} | ${l.ratio} | ${l.strictMs ?? '–'} | ${l.strictRatio ?? '–'} | ≤ 1.05 | ${l.findings} / ${l.strictFindings ?? '–'} |`);
  }
  if (r.lint.dense) {
    out.push(
      ``,
      `The dense set: ${r.lint.dense.files} real files, ${r.lint.dense.importApi} of them (spread over the ${r.lint.dense.apiFilesInstalled} distinct ones installed) naming \`@opentelemetry/api\`,`,
      `the others spread over the rest, from the project's node_modules and the packages of \`bench/dense-lint\` (\`@opentelemetry/auto-instrumentations-node\``,
      `and what it pulls in: the Node SDK, exporters, propagators, resource detectors and instrumentations), installed by the bench with \`npm ci\`.`,
    );
  }
  const ruleLabels = { dense: 'the dense set', all: 'the whole real set' };
  for (const [key, costs] of Object.entries(r.lintRules ?? {})) {
    const rules = Object.entries(costs.rules);
    const total = rules.reduce((sum, [, rule]) => sum + rule.ms, 0);
    const recommendedTotal = rules.reduce((sum, [, rule]) => sum + (rule.recommended ? rule.ms : 0), 0);
    const share = (ms) => `${((ms / costs.baselineMs) * 100).toFixed(2)}%`;
    out.push(``, `### Cost per rule on ${ruleLabels[key]} (${costs.files} files; ESLint's rule timing, strict config, median of 3 passes)`, ``);
    out.push(
      `ESLint's own per-rule timing (\`stats: true\`, the figures \`TIMING=all\` prints: \`create\` and every listener, including the shared`,
      `span model's recording and analysis, which the first span rule of a file runs). % = share of the baseline run's whole lint time,`,
      `${costs.baselineMs} ms (parsing ${costs.parseMs} ms, \`no-debugger\` ${costs.noDebuggerMs} ms).`,
      ``,
    );
    out.push(`| Rule | In recommended | ms | % of the baseline |`);
    out.push(`| --- | --- | --- | --- |`);
    for (const [id, rule] of rules) out.push(`| ${id} | ${rule.recommended ? 'yes' : 'no'} | ${rule.ms} | ${share(rule.ms)} |`);
    out.push(`| recommended rules | | ${round(recommendedTotal, 1)} | ${share(recommendedTotal)} |`);
    out.push(`| all rules (strict) | | ${round(total, 1)} | ${share(total)} |`);
  }
  out.push(``, `## Codemods on ${r.codemods.real.files} real files (\`--dry\`) vs a parse-only jscodeshift transform`, ``);
  if (r.codemods.repeat) {
    out.push(`Codemod rows: medians of ${r.codemods.repeat} paired repetitions (fewer at 5k and 10k files); 1-minute load average ${r.codemods.load ?? '–'} during the runs (other work on the 2 cores stretches wall times more than CPU times).`, ``);
  }
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
    out.push(`Per codemod, ${Object.values(r.codemods.dense)[0]?.files ?? 0} real files from node_modules; node_modules has few files that call fetch or create pino loggers, so those are copied several times over (distinct files in brackets). jscodeshift's parse-only run and the floor (read every file, parse the candidates as the codemods do) are on the same files.`, ``);
    out.push(`| Codemod | Targets | Candidates parsed | Would change | Failed | jscodeshift (ms) | Ours (ms) | Ours / jscodeshift (goal ≤ 0.25) | CPU time: ours / jscodeshift | ms per candidate | Floor (ms) | Floor ms per candidate | Floor / jscodeshift | Ours / floor (goal ≤ 3) | Peak RSS (MB, goal < 300) |`);
    out.push(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const [name, c] of Object.entries(r.codemods.dense)) {
      const label = `${name.split(' ')[0]}${c.flags.length > 0 ? ` ${c.flags.join(' ')}` : ''}`;
      out.push(`| ${label} | ${c.targets} ${c.target} (${c.distinctTargets}) | ${c.candidates} | ${c.wouldChange} | ${c.failed} | ${c.jscodeshiftMs} | ${c.oursMs} | ${c.ratioToJscodeshift} | ${c.cpuRatioToJscodeshift ?? '–'} | ${c.msPerCandidate ?? '–'} | ${c.floorMs} | ${c.floorMsPerCandidate ?? '–'} | ${c.floorToJscodeshift ?? '–'} | ${c.ratioToFloor} | ${c.peakRssMb} |`);
    }
    out.push(
      ``,
      `The floor is one thread reading every file and parsing the candidates with the parse the codemods use (oxc, its tree turned into Babel's; Babel for what oxc rejects), in a fresh process: ` +
        `what a codemod cannot avoid before doing any work of its own. Floor / jscodeshift is how far that alone is from jscodeshift's parse-only run (one worker per core, every file, recast's parse with tokens): ` +
        Object.entries(r.codemods.dense)
          .map(([name, c]) => `${name} ${c.floorToJscodeshift ?? '–'}×`)
          .join(', ') +
        `. wrap-spans --types also asks TypeScript for the return types of TypeScript functions whose syntax does not say, which no parse-only run does. CPU time (user + system, all threads) compares the work done, whatever else the machine was running.`,
    );
  }
  if (r.codemods.trees && Object.keys(r.codemods.trees).length > 0) {
    out.push(``, `## Codemods on real repositories (\`BENCH_TREES\`), as checked out`, ``);
    out.push(`Each codemod with its default flags (\`--dry\`; wrap-spans on an untagged tree is its first-run probe), and \`wrap-spans --exported\`, each beside jscodeshift's parse-only run on the same tree in the same repetition; the floor reads every file and parses the codemod's candidates as the codemods do.`, ``);
    out.push(`| Repository | Files | jscodeshift (ms) | Codemod | Candidates | Would change | Ours (ms) | Ours / jscodeshift (goal ≤ 0.25) | Ours / floor | Peak RSS (MB) |`);
    out.push(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const [tree, t] of Object.entries(r.codemods.trees)) {
      for (const [name, c] of Object.entries(t.codemods)) {
        out.push(`| ${tree} | ${t.files} | ${t.jscodeshiftMs} | ${name} | ${c.candidates} | ${c.wouldChange} | ${c.oursMs} | ${c.ratioToJscodeshift} | ${c.ratioToFloor} | ${c.peakRssMb} |`);
      }
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
