/**
 * README tables derived from the registries, so a list of rule or codemod names is never kept by hand.
 * `npm run docs` rewrites the marked sections; test/meta checks they are current.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules, RULE_PREFIX } from '../../../rules/index.js';
import { codemods } from '../../../transforms/index.js';
import { packageInfo } from '../../util/package-info.js';

function rulesTable(): string {
  const rows = Object.entries(rules).map(([name, rule]) => {
    const docs = rule.meta.docs;
    const fix = rule.meta.hasSuggestions ? '💡' : '';
    return `| [\`${RULE_PREFIX}/${name}\`](docs/rules/${name}.md) | ${docs?.description ?? ''} | ${docs?.recommended ? '✅ recommended' : 'strict'} | ${fix} |`;
  });
  return ['| Rule | Description | Config | Suggestions |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function codemodsTable(): string {
  const rows = codemods.map(({ meta }) => {
    const flags = meta.options.map((o) => `\`${o.flags.split(' ')[0]}\``).join(', ');
    return `| [\`${meta.name}\`](docs/codemods/${meta.name}.md) | ${meta.description} | ${flags} |`;
  });
  return ['| Codemod | What it does | Its own flags |', '| --- | --- | --- |', ...rows].join('\n');
}

interface LintRow {
  files: number;
  importApi?: number;
  parserOnlyMs: number;
  coreMs: number;
  oursMs: number;
  ratio: number;
  strictRatio?: number;
}

interface RuleCosts {
  files: number;
  baselineMs: number;
  rules: Record<string, { ms: number; recommended: boolean }>;
}

interface DenseRow {
  files: number;
  target: string;
  flags: string[];
  candidates: number;
  jscodeshiftMs: number;
  oursMs: number;
  ratioToJscodeshift: number;
  ratioToFloor: number;
  floorToJscodeshift?: number;
  peakRssMb: number;
}

interface BenchResults {
  machine: { cpu: string; cores: number; memoryGb: number; node: string; date: string };
  repeat: number;
  lint: Record<'plain' | 'otel' | 'all', LintRow> & { dense?: LintRow; repeat?: number };
  lintRules?: Partial<Record<'dense' | 'all', RuleCosts>>;
  codemods: {
    real: {
      files: number;
      jscodeshiftMs: number;
      codemods: Record<string, { candidates: number; oursMs: number; ratioToJscodeshift: number; ratioToFloor: number; peakRssMb: number }>;
    };
    dense?: Record<string, DenseRow>;
    trees?: Record<string, { files: number; jscodeshiftMs: number; codemods: Record<string, { ratioToJscodeshift: number; peakRssMb: number }> }>;
    scaling: Record<string, { codemods: Record<string, { oursMs: number; peakRssMb: number; ratioToJscodeshift: number }> }>;
    repeat?: number;
  };
}

/** The latest `npm run bench` figures (bench/results.json), quoted in the README. */
function benchSummary(): string {
  const path = join(packageInfo.root, 'bench', 'results.json');
  if (!existsSync(path)) return 'No figures yet: run `npm run bench`.';
  const r = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
  const m = r.machine;
  const { plain, otel, all, dense } = r.lint;
  const ratios = (l: LintRow): string => `×${String(l.ratio)}${l.strictRatio === undefined ? '' : ` (strict ×${String(l.strictRatio)})`}`;
  const real = r.codemods.real;
  const machine = `${m.cpu}, ${String(m.cores)} cores, ${String(m.memoryGb)} GB, Node ${m.node}`;
  const lines = [
    `Measured by \`npm run bench\` on ${m.date}: ${machine}; medians of ${String(r.lint.repeat ?? r.repeat)} paired runs (lint) and ${String(r.codemods.repeat ?? r.repeat)} (codemods). Full tables: [bench/results.md](bench/results.md).`,
    '',
    '| Measurement | Result | Goal |',
    '| --- | --- | --- |',
    `| Lint overhead, ${String(plain.files)} real files without \`@opentelemetry/api\` (recommended rules + \`no-debugger\` vs \`no-debugger\`) | ${ratios(plain)} | ≤ 1.05 |`,
    `| Lint overhead, ${String(otel.files)} real files importing \`@opentelemetry/api\` | ${ratios(otel)} | ≤ 1.05 |`,
    `| Lint overhead, all ${String(all.files)} files | ${ratios(all)} | ≤ 1.05 |`,
  ];
  if (dense) {
    lines.push(
      `| Lint overhead, dense set: ${String(dense.files)} real files, ${String(dense.importApi ?? 0)} of them importing \`@opentelemetry/api\` | ${ratios(dense)} | ≤ 1.05 |`,
    );
  }
  const costs = r.lintRules?.dense;
  if (costs) {
    const rules = Object.entries(costs.rules);
    const share = (ms: number): string => `${((ms / costs.baselineMs) * 100).toFixed(1)}%`;
    const sum = (list: typeof rules): number => list.reduce((total, [, rule]) => total + rule.ms, 0);
    const costliest = rules.at(0);
    lines.push(
      `| Rule cost on the dense set (ESLint's rule timing, \`TIMING=all\`'s figures), share of the baseline's lint time | recommended ${share(sum(rules.filter(([, rule]) => rule.recommended)))}, strict ${share(sum(rules))}${costliest ? `; costliest \`${costliest[0]}\` ${share(costliest[1].ms)}` : ''} | |`,
    );
  }
  for (const [name, c] of Object.entries(real.codemods)) {
    const baseline = `a parse-only jscodeshift transform (${String(real.jscodeshiftMs)} ms)`;
    // wrap-spans with no selector finds nothing to wrap there and runs its first-run `--exported` probe for the hint.
    const probe = name === 'wrap-spans' && c.candidates === 0 ? ', nearly all of it the first-run `--exported` probe' : '';
    const result = `×${String(c.ratioToJscodeshift)} (${String(c.oursMs)} ms${probe}; ×${String(c.ratioToFloor)} of read + parse floor)`;
    lines.push(`| \`${name} --dry\` on ${String(real.files)} real files vs ${baseline} | ${result} | ≤ 0.25 |`);
  }
  for (const [name, c] of Object.entries(r.codemods.dense ?? {})) {
    // A variant's key names the codemod and its difference (`wrap-spans --types`); its flags are the whole list.
    const command = [name.split(' ')[0], ...c.flags].join(' ');
    const floor = c.floorToJscodeshift === undefined ? '' : `; the floor alone ×${String(c.floorToJscodeshift)}`;
    const result = `×${String(c.ratioToJscodeshift)} (${String(c.oursMs)} ms of ${String(c.jscodeshiftMs)}${floor}); ×${String(c.ratioToFloor)} of read + parse floor; ${String(Math.round(c.peakRssMb))} MB`;
    lines.push(`| \`${command} --dry\` on a dense real set: ${String(c.files)} files, a quarter of them ${c.target} | ${result} | ≤ 0.25; ≤ 3; < 300 MB |`);
  }
  const trees = Object.entries(r.codemods.trees ?? {});
  if (trees.length > 0) {
    const names = Object.keys(trees[0][1].codemods);
    const where = trees.map(([tree, t]) => `${tree} (${String(t.files)} files)`).join(', ');
    const ratios = names.map((name) => {
      const each = trees.map(([, t]) => t.codemods[name].ratioToJscodeshift);
      return `${name} ×${String(Math.min(...each))}–${String(Math.max(...each))}`;
    });
    const memory = Math.max(...trees.flatMap(([, t]) => Object.values(t.codemods).map((c) => c.peakRssMb)));
    lines.push(`| Every codemod \`--dry\` on real repositories: ${where}; ours / jscodeshift, lowest–highest | ${ratios.join(', ')}; peak RSS at most ${String(Math.round(memory))} MB | ≤ 0.25 |`);
  }
  const sizes = Object.keys(r.codemods.scaling);
  const largest = sizes[sizes.length - 1];
  if (largest) {
    const at = r.codemods.scaling[largest].codemods;
    const each = (format: (c: (typeof at)[string]) => string) =>
      Object.entries(at).map(([name, c]) => `${name} ${format(c)}`).join(', ');
    lines.push(`| Synthetic service code, ${largest} files: ours / jscodeshift | ${each((c) => `×${String(c.ratioToJscodeshift)}`)} | ≤ 0.25 |`);
    lines.push(`| Peak memory of the CLI at ${largest} files | ${each((c) => `${String(Math.round(c.peakRssMb))} MB`)} | < 300 MB |`);
    const seconds = (name: string) => sizes.map((size) => (r.codemods.scaling[size].codemods[name].oursMs / 1000).toFixed(1)).join(' / ');
    lines.push(`| Time at ${sizes.join(' / ')} files (s) | ${Object.keys(at).map((name) => `${name} ${seconds(name)}`).join('; ')} | linear |`);
  }
  return lines.join('\n');
}

const SECTIONS: Record<string, () => string> = { rules: rulesTable, codemods: codemodsTable, bench: benchSummary };

/** Replaces each `<!-- NAME:start -->…<!-- NAME:end -->` section of the text with its generated table. */
export function renderReadme(readme: string): string {
  let output = readme;
  for (const [name, table] of Object.entries(SECTIONS)) {
    const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    output = output.replace(pattern, (_m, start: string, end: string) => `${start}\n${table()}\n${end}`);
  }
  return output;
}
