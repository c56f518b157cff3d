// Lint timing in one process, side by side: every mode over the same files, interleaved chunk by chunk (the order
// rotates from chunk to chunk) and repeated, so that the load of a shared machine falls on every mode alike.
// argv: listPath cwd repeat modes   (modes: comma-separated parser-only | core | ours | strict; `ours=<plugin.js>` and
// `strict=<plugin.js>` use another build of the plugin, for before/after comparisons)
// Prints { modes: { [mode]: { wallMs: number[], cpuMs: number[], findings, fatal } } }: one total per repetition.
// ESLint construction and a warm-up chunk per mode are outside the timed part.
// With argv `--stats` instead of a repeat count: one run per mode with ESLint's `stats: true`, per-rule ms summed over files.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from 'otel-codemod/eslint-plugin';

const [listPath, cwd, repeatArg, modesArg] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listPath, 'utf8'));
const stats = repeatArg === '--stats';
const repeat = stats ? 1 : Number(repeatArg);
const modes = modesArg.split(',');
const CHUNK = Number(process.env.BENCH_CHUNK ?? 50);

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

const engines = {};
for (const mode of modes) engines[mode] = await engine(mode);
const out = Object.fromEntries(modes.map((mode) => [mode, { wallMs: [], cpuMs: [], findings: 0, fatal: 0 }]));
const count = (results) => ({
  findings: results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('otel/')).length, 0),
  fatal: results.reduce((n, r) => n + r.fatalErrorCount, 0),
});

if (stats) {
  for (const mode of modes) {
    const results = await engines[mode].lintFiles(files);
    const rules = {};
    let parseMs = 0;
    let totalMs = 0;
    for (const result of results) {
      for (const pass of result.stats?.times?.passes ?? []) {
        parseMs += pass.parse.total;
        totalMs += pass.total;
        for (const [id, time] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + time.total;
      }
    }
    Object.assign(out[mode], count(results), { parseMs, totalMs, rules });
  }
} else {
  for (const mode of modes) await engines[mode].lintFiles(files.slice(0, CHUNK));
  for (let r = 0; r < repeat; r++) {
    const wall = Object.fromEntries(modes.map((mode) => [mode, 0]));
    const cpu = { ...wall };
    for (let i = 0, k = 0; i < files.length; i += CHUNK, k++) {
      const chunk = files.slice(i, i + CHUNK);
      const order = modes.map((_, j) => modes[(j + k + r) % modes.length]);
      for (const mode of order) {
        const cpu0 = process.cpuUsage();
        const start = process.hrtime.bigint();
        const results = await engines[mode].lintFiles(chunk);
        wall[mode] += Number(process.hrtime.bigint() - start) / 1e6;
        const used = process.cpuUsage(cpu0);
        cpu[mode] += (used.user + used.system) / 1000;
        if (r === 0) {
          const c = count(results);
          out[mode].findings += c.findings;
          out[mode].fatal += c.fatal;
        }
      }
    }
    for (const mode of modes) {
      out[mode].wallMs.push(wall[mode]);
      out[mode].cpuMs.push(cpu[mode]);
    }
    console.error(`[lint-child] rep ${r + 1}/${repeat}: ${modes.map((m) => `${m} ${Math.round(cpu[m])} ms cpu / ${Math.round(wall[m])} ms wall`).join(', ')}`);
  }
}
process.stdout.write(JSON.stringify({ modes: out }));
