// Lint timing in one process, side by side: each file is linted by every mode in turn (in an order shuffled from file to
// file), and the whole list is repeated, so that a busy moment of a shared machine falls on every mode alike. A minor GC
// (with --expose-gc) before each turn keeps one mode's garbage from being collected on another's time.
// Each file is linted with `eslint.lintText(text, { filePath })`: what `lintFiles` does for it, without reading it
// from disk (the same for every mode, left out, which makes the ratios slightly stricter than a full `eslint` run).
//
// argv: listPath cwd repeat modes
//   modes: comma-separated parser-only | core | ours | strict; `ours=<plugin.js>` (or `strict=`, `core=`) uses another
//   build of the plugin, for before/after comparisons.
// Prints { modes: { [mode]: { threadMs, cpuMs, wallMs: number[], findings, fatal } } }: one total per repetition (the
//   caller pairs the modes' totals of each repetition and takes medians). threadMs, the main thread's CPU time, is what
//   a busy shared machine disturbs least; cpuMs (process.cpuUsage) adds V8's GC helper threads; wallMs also counts the
//   time other processes run.
// With `--stats` instead of a repeat count: one pass with ESLint's `stats: true` (modes in turn, file by file); per-rule
// ms summed over files.
import { openSync, readFileSync, readSync } from 'node:fs';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from 'otel-codemod/eslint-plugin';

const [listPath, cwd, repeatArg, modesArg] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listPath, 'utf8'));
const texts = files.map((file) => readFileSync(file, 'utf8'));
const stats = repeatArg === '--stats';
const repeat = stats ? 1 : Number(repeatArg);
const modes = modesArg.split(',');
/** Files per turn: each mode lints this many files in a row, timed together (the thread clock advances in ticks). */
const CHUNK = Number(process.env.BENCH_LINT_CHUNK ?? 1);

async function engine(mode) {
  const [name, pluginPath] = mode.split('=');
  const used = pluginPath ? (await import(pluginPath)).default : plugin;
  const ourRules = { ours: used.configs.recommended.rules, strict: used.configs.strict.rules }[name] ?? {};
  const rules = name === 'parser-only' ? {} : { 'no-debugger': 'error', ...ourRules };
  return new ESLint({
    cwd,
    cache: false,
    stats,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        languageOptions: { parser: tsParser, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { otel: used },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        rules,
      },
    ],
  });
}

/** The process's CPU time in ms (precise; GC helper threads included). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The main thread's CPU time in ms, from /proc/thread-self/schedstat (Linux; advanced at scheduler ticks, which the many
 * short turns average out); elsewhere the process's CPU time.
 */
const threadMs = (() => {
  try {
    const fd = openSync('/proc/thread-self/schedstat', 'r');
    const buffer = Buffer.alloc(64);
    const read = () => Number(buffer.toString('latin1', 0, readSync(fd, buffer, 0, 64, 0)).split(' ')[0]) / 1e6;
    if (Number.isFinite(read())) return read;
  } catch {
    // not Linux
  }
  return cpuMs;
})();

/** A deterministic shuffle per file and repetition, so that no mode always runs after the same other mode. */
function orderFor(i, r) {
  let seed = (i * 7919 + r * 104729 + 1) | 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...modes];
  for (let k = order.length - 1; k > 0; k--) {
    const m = Math.floor(random() * (k + 1));
    [order[k], order[m]] = [order[m], order[k]];
  }
  return order;
}

const engines = {};
for (const mode of modes) engines[mode] = await engine(mode);
const lint = async (mode, i) => (await engines[mode].lintText(texts[i], { filePath: files[i] }))[0];
const out = Object.fromEntries(modes.map((mode) => [mode, { cpuMs: [], wallMs: [], threadMs: [], findings: 0, fatal: 0 }]));

if (stats) {
  for (let i = 0; i < Math.min(50, files.length); i++) for (const mode of modes) await lint(mode, i);
  for (const mode of modes) Object.assign(out[mode], { parseMs: 0, totalMs: 0, rules: {} });
  for (let i = 0; i < files.length; i++) {
    for (const mode of modes) {
      const result = await lint(mode, i);
      const o = out[mode];
      o.findings += result.messages.filter((m) => m.ruleId?.startsWith('otel/')).length;
      o.fatal += result.fatalErrorCount;
      for (const pass of result.stats?.times?.passes ?? []) {
        o.parseMs += pass.parse.total;
        o.totalMs += pass.total;
        for (const [id, time] of Object.entries(pass.rules ?? {})) o.rules[id] = (o.rules[id] ?? 0) + time.total;
      }
    }
  }
} else {
  // Warm-up (JIT, lazily loaded modules): the first files, once per mode, untimed.
  for (let i = 0; i < Math.min(50, files.length); i++) for (const mode of modes) await lint(mode, i);
  for (let r = 0; r < repeat; r++) {
    const repCpu = Object.fromEntries(modes.map((mode) => [mode, 0]));
    const repWall = { ...repCpu };
    const repThread = { ...repCpu };
    for (let first = 0, k = 0; first < files.length; first += CHUNK, k++) {
      const chunk = files.slice(first, first + CHUNK).map((_, j) => first + j);
      for (const mode of orderFor(k, r)) {
        // Each turn starts from an empty young generation: garbage one mode leaves is not collected on another's time.
        globalThis.gc?.({ type: 'minor' });
        const thread0 = threadMs();
        const cpu0 = cpuMs();
        const start = process.hrtime.bigint();
        const results = [];
        for (const i of chunk) results.push(await lint(mode, i));
        repWall[mode] += Number(process.hrtime.bigint() - start) / 1e6;
        repCpu[mode] += cpuMs() - cpu0;
        repThread[mode] += threadMs() - thread0;
        if (r === 0) {
          for (const result of results) {
            out[mode].findings += result.messages.filter((m) => m.ruleId?.startsWith('otel/')).length;
            out[mode].fatal += result.fatalErrorCount;
          }
        }
      }
    }
    for (const mode of modes) {
      out[mode].cpuMs.push(repCpu[mode]);
      out[mode].wallMs.push(repWall[mode]);
      out[mode].threadMs.push(repThread[mode]);
    }
    console.error(`[lint-child] rep ${r + 1}/${repeat}: ${modes.map((m) => `${m} ${Math.round(repThread[m])} ms`).join(', ')}`);
  }
}
process.stdout.write(JSON.stringify({ modes: out }));
