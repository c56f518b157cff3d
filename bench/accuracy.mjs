#!/usr/bin/env node
/**
 * Real-code accuracy of the span rules: precision and recall per rule, beside the naive structural checks, on the
 * hand-labelled sites in bench/accuracy/sites.jsonl (repository, commit, path, line, labels, reason: no code).
 *
 * The labelled files are read from local git snapshots of the repositories (the search tool's `fetch` puts them in
 * /work/.mirror/<owner>+<name>/repo; OTEL_ACCURACY_MIRRORS points elsewhere). Sites whose snapshot is missing are
 * counted as skipped. Run with `npm run accuracy` (builds first); `--json` prints the numbers as JSON, `--misses`
 * lists every wrong call with its reason, `--docs` writes the tables into docs/accuracy.md and the README, `--heldout`
 * measures the second, held-out label set (bench/accuracy/heldout-*.jsonl) instead, `--set=third`, `--set=fourth` and
 * `--set=fifth` to `--set=ninth` the later ones. OTEL_ACCURACY_DUMP=<file> writes every measured site with its messages as JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { parse } from '@typescript-eslint/typescript-estree';

const here = dirname(fileURLToPath(import.meta.url));
// OTEL_ACCURACY_PLUGIN: another build of the plugin (an earlier commit's dist/src/app/plugin.js), to compare side by side.
const plugin = (await import(process.env.OTEL_ACCURACY_PLUGIN ?? join(here, '..', 'dist', 'src', 'app', 'plugin.js'))).default;
const mirrors = process.env.OTEL_ACCURACY_MIRRORS ?? '/work/.mirror';
/** The commit measured (with `+` when the work tree has changes), for docs/accuracy.md. */
function measuredCommit() {
  try {
    const git = (...a) => execFileSync('git', ['-C', join(here, '..'), ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return git('rev-parse', '--short=12', 'HEAD') + (git('status', '--porcelain', '--', 'src', 'rules') ? '+' : '');
  } catch {
    return 'unknown';
  }
}
const args = new Set(process.argv.slice(2));

const END_POSITIVE = new Set(['all-paths-no-finally', 'missing-on-throw', 'missing-on-return', 'never']);
const END_LABELS = new Set([...END_POSITIVE, 'finally', 'no-leak', 'escapes', 'callback-api']);
const RECORD_POSITIVE = new Set(['status-only', 'exception-only', 'neither']);
const RECORD_LABELS = new Set([...RECORD_POSITIVE, 'both', 'no-error-path']);
const SPAN_METHODS = new Set(['startSpan', 'startActiveSpan']);

// `--set=<name>`: another labelled set, bench/accuracy/<name>-sites.jsonl (and <name>-rule-sites.jsonl if there is
// one): `heldout` (`--heldout`), labelled after the rules were built on the first set by other readers; `third`,
// `fourth` and `fifth`, labelled later still on repositories none of the earlier sets uses.
// OTEL_ACCURACY_SITES / OTEL_ACCURACY_RULE_SITES: any other label files, measured the same way.
const labelSet = process.argv.find((arg) => arg.startsWith('--set='))?.slice('--set='.length) ?? (args.has('--heldout') ? 'heldout' : 'first');
const labelFile = (name) => join(here, 'accuracy', labelSet === 'first' ? name : `${labelSet}-${name}`);
const sites = readFileSync(process.env.OTEL_ACCURACY_SITES ?? labelFile('sites.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line, index) => {
    const site = JSON.parse(line);
    if (!END_LABELS.has(site.end) || !RECORD_LABELS.has(site.record)) throw new Error(`sites.jsonl line ${index + 1}: unknown label`);
    return site;
  });

const recommended = plugin.configs.recommended;
// As a user runs it: the recommended config (its own file globs; ESLint does not match `**/*` alone).
const config = [recommended];

/**
 * The repository's source files at the labelled commit, extracted once into a cache folder, so that the rules see
 * the real tree (a project tracer module next to the file, say) as they would in the user's checkout.
 */
const cacheRoot = process.env.OTEL_ACCURACY_CACHE ?? join(tmpdir(), 'otel-accuracy');
const SOURCE_FILE = /(\.[cm]?[jt]sx?|(^|\/)package\.json|(^|\/)tsconfig[^/]*\.json)$/;
function checkout(site) {
  const tree = join(cacheRoot, `${site.repo.replace('/', '+')}@${site.commit.slice(0, 12)}`);
  if (existsSync(tree)) return tree;
  const snapshot = join(mirrors, site.repo.replace('/', '+'), 'repo');
  // A snapshot is a bare git directory, or now and then a work tree with its `.git` inside.
  const gitDir = existsSync(join(snapshot, '.git')) ? join(snapshot, '.git') : snapshot;
  if (!existsSync(gitDir)) return null;
  const partial = `${tree}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // Source files only, through a throw-away index: snapshots lack their largest files, which `git archive` trips on.
  const git = (args, input) =>
    execFileSync('git', ['--git-dir', gitDir, '--work-tree', partial, ...args], {
      env: { ...process.env, GIT_INDEX_FILE: join(partial, '.git-index') },
      input,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  try {
    git(['read-tree', site.commit]);
    const paths = git(['ls-files']).split('\n').filter((path) => SOURCE_FILE.test(path));
    try {
      git(['checkout-index', '--stdin', '-f'], paths.join('\n'));
    } catch {
      // A source file too large for the snapshot: the rest is checked out.
    }
  } catch {
    return null;
  }
  renameSync(partial, tree);
  return tree;
}

function readSnapshot(site) {
  const tree = checkout(site);
  if (!tree || !existsSync(join(tree, site.path))) return null;
  return { text: readFileSync(join(tree, site.path), 'utf8'), tree };
}

/** Every call whose callee names startSpan/startActiveSpan, with the node path, for locating sites. */
function spanCalls(ast) {
  const calls = [];
  const visit = (node, ancestors) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression') {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : null;
      if (SPAN_METHODS.has(name)) {
        const nameNode = callee.type === 'Identifier' ? callee : callee.property;
        calls.push({ node, line: nameNode.loc.start.line, ancestors: [...ancestors] });
      }
    }
    ancestors.push(node);
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const child = node[key];
      if (Array.isArray(child)) for (const item of child) visit(item, ancestors);
      else if (child && typeof child === 'object') visit(child, ancestors);
    }
    ancestors.pop();
  };
  visit(ast, []);
  return calls;
}

const isFunction = (node) => /Function(Expression|Declaration)$/.test(node.type);

/** The naive checks' idea of the span's scope: a startActiveSpan callback, else the function around the call. */
function naiveScope(call) {
  const last = call.node.arguments[call.node.arguments.length - 1];
  if (last && isFunction(last)) return last;
  for (let i = call.ancestors.length - 1; i >= 0; i--) if (isFunction(call.ancestors[i])) return call.ancestors[i];
  return call.ancestors[0];
}

function naiveVerdicts(scope) {
  let endInFinally = false;
  let record = false;
  let error = false;
  const visit = (node, inFinally) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression') {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      const name = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : null;
      if (name === 'end' && inFinally) endInFinally = true;
      if (name === 'recordException') record = true;
    }
    if (node.type === 'MemberExpression' && !node.computed && node.property.name === 'ERROR') error = true;
    if (node.type === 'Property' && !node.computed && node.key.name === 'code' && node.value.type === 'Literal' && node.value.value === 2) error = true;
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const child = node[key];
      const childInFinally = inFinally || (node.type === 'TryStatement' && key === 'finalizer');
      if (Array.isArray(child)) for (const item of child) visit(item, childInFinally);
      else if (child && typeof child === 'object') visit(child, childInFinally);
    }
  };
  visit(scope, false);
  return { end: !endInFinally, record: !(record && error) };
}

const STARTED_ON_LINE = /started on line (\d+)/;

/**
 * The span line a record-span-errors message is about: named in the message ("started on line 12"); for builds whose
 * messages do not name it, the innermost span call whose scope (as the naive check sees it) holds the report.
 */
function recordSiteLine(message, calls) {
  const named = STARTED_ON_LINE.exec(message.message);
  if (named) return Number(named[1]);
  let best = null;
  for (const call of calls) {
    const scope = naiveScope(call);
    const inside = scope.loc.start.line <= message.line && message.line <= scope.loc.end.line;
    if (inside && (!best || scope.range[1] - scope.range[0] < best.size)) best = { line: call.line, size: scope.range[1] - scope.range[0] };
  }
  return best?.line ?? null;
}

const byFile = new Map();
for (const site of sites) {
  const key = `${site.repo}@${site.commit}:${site.path}`;
  if (!byFile.has(key)) byFile.set(key, []);
  byFile.get(key).push(site);
}

const results = [];
let skipped = 0;
for (const [, fileSites] of byFile) {
  const snapshot = readSnapshot(fileSites[0]);
  if (snapshot === null) {
    skipped += fileSites.length;
    continue;
  }
  const { text, tree } = snapshot;
  const filename = fileSites[0].path;
  let ast;
  try {
    ast = parse(text, { loc: true, range: true, jsx: /\.(tsx|jsx)$/.test(filename) });
  } catch {
    try {
      ast = parse(text, { loc: true, range: true, jsx: true });
    } catch (error) {
      // A file typescript-estree cannot read (Flow, say) is one ESLint's parser fails on too: its sites are counted as
      // not located, and named.
      console.error(`cannot parse ${fileSites[0].repo} ${filename}: ${error.message.split('\n')[0]}`);
      for (const site of fileSites) results.push({ site, missing: true });
      continue;
    }
  }
  const calls = spanCalls(ast);
  const linter = new Linter({ configType: 'flat', cwd: tree });
  const messages = linter.verify(text, config, { filename: join(tree, filename) });
  const fatal = messages.find((m) => m.fatal);
  for (const site of fileSites) {
    const call = calls.find((c) => c.line === site.line);
    if (!call || fatal) {
      results.push({ site, missing: true });
      continue;
    }
    const start = call.node.loc.start;
    const endReported = messages.some((m) => m.ruleId === 'otel/end-span-in-finally' && m.line === start.line && m.column === start.column + 1);
    const recordReported = messages.some((m) => m.ruleId === 'otel/record-span-errors' && recordSiteLine(m, calls) === site.line);
    results.push({
      site,
      endReported,
      recordReported,
      naive: naiveVerdicts(naiveScope(call)),
      messages: messages.filter((m) => m.ruleId?.startsWith('otel/')),
      // Without an @opentelemetry import the tracer can only be known by the project-tracer heuristic (or types).
      importsOtel: text.includes('@opentelemetry/'),
    });
  }
}

function score(kind, positives, reported, subset = () => true) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const result of results) {
    if (result.missing || !subset(result)) continue;
    const positive = positives.has(result.site[kind]);
    const flagged = reported(result);
    if (positive && flagged) tp++;
    else if (positive) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { tp, fp, fn, tn, precision: Number(precision.toFixed(3)), recall: Number(recall.toFixed(3)) };
}

// OTEL_ACCURACY_DUMP: every measured site with its labels and the rules' messages, as JSON, for analysis.
if (process.env.OTEL_ACCURACY_DUMP) writeFileSync(process.env.OTEL_ACCURACY_DUMP, JSON.stringify(results.filter((r) => !r.missing), null, 1));
const measured = results.filter((r) => !r.missing);
const summary = {
  commit: measuredCommit(),
  sites: sites.length,
  measured: measured.length,
  skipped,
  unlocated: results.filter((r) => r.missing).length,
  repositories: new Set(measured.map((r) => r.site.repo)).size,
  'end-span-in-finally': score('end', END_POSITIVE, (r) => r.endReported),
  'naive end() not in finally': score('end', END_POSITIVE, (r) => r.naive.end),
  'record-span-errors': score('record', RECORD_POSITIVE, (r) => r.recordReported),
  'naive no recordException + ERROR': score('record', RECORD_POSITIVE, (r) => r.naive.record),
  // The project-tracer heuristic at work: sites in files that do not import @opentelemetry themselves.
  heuristic: {
    sites: results.filter((r) => !r.missing && !r.importsOtel).length,
    'end-span-in-finally': score('end', END_POSITIVE, (r) => r.endReported, (r) => !r.importsOtel),
    'record-span-errors': score('record', RECORD_POSITIVE, (r) => r.recordReported, (r) => !r.importsOtel),
  },
};


/**
 * The other rules, on their own labelled sites (bench/accuracy/rule-sites.jsonl: a rule, a place, positive or not):
 * a site counts as reported when a message of that rule covers its line.
 */
const ruleSitesFile = process.env.OTEL_ACCURACY_RULE_SITES ?? labelFile('rule-sites.jsonl');
const ruleSites = (existsSync(ruleSitesFile) ? readFileSync(ruleSitesFile, 'utf8') : '')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));
const ruleScores = {};
{
  const byRuleFile = new Map();
  for (const site of ruleSites) {
    const key = `${site.repo}@${site.commit}:${site.path}`;
    if (!byRuleFile.has(key)) byRuleFile.set(key, []);
    byRuleFile.get(key).push(site);
  }
  const allRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`otel/${name}`, 'error']));
  const ruleConfig = [{ ...recommended, rules: allRules }];
  for (const [, fileSites] of byRuleFile) {
    const snapshot = readSnapshot(fileSites[0]);
    for (const site of fileSites) {
      const score = (ruleScores[site.rule] ??= { tp: 0, fp: 0, fn: 0, tn: 0, skipped: 0, misses: [] });
      if (!snapshot) {
        score.skipped++;
        continue;
      }
    }
    if (!snapshot) continue;
    const linter = new Linter({ configType: 'flat', cwd: snapshot.tree });
    const messages = linter.verify(snapshot.text, ruleConfig, { filename: join(snapshot.tree, fileSites[0].path) });
    for (const site of fileSites) {
      const score = ruleScores[site.rule];
      const reported = messages.some((m) => m.ruleId === `otel/${site.rule}` && m.line <= site.line && site.line <= (m.endLine ?? m.line));
      if (site.positive && reported) score.tp++;
      else if (site.positive) score.fn++;
      else if (reported) score.fp++;
      else score.tn++;
      if (site.positive !== reported) score.misses.push(`${reported ? 'FP' : 'FN'} ${site.repo} ${site.path}:${site.line} (${site.label}) ${site.reason}`);
    }
  }
  for (const score of Object.values(ruleScores)) {
    score.precision = Number((score.tp + score.fp === 0 ? 1 : score.tp / (score.tp + score.fp)).toFixed(3));
    score.recall = Number((score.tp + score.fn === 0 ? 1 : score.tp / (score.tp + score.fn)).toFixed(3));
  }
  summary.rules = Object.fromEntries(Object.entries(ruleScores).map(([rule, { misses, ...rest }]) => [rule, rest]));
}

const table = (rows) =>
  [
    '| check | precision | recall | TP | FP | FN | TN |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(([name, s]) => `| ${name} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.tn} |`),
  ].join('\n');
const MAIN_ROWS = ['end-span-in-finally', 'naive end() not in finally', 'record-span-errors', 'naive no recordException + ERROR'];
const mainTable = table(MAIN_ROWS.map((name) => [name, summary[name]]));
const heuristicTable = table(['end-span-in-finally', 'record-span-errors'].map((name) => [name, summary.heuristic[name]]));
const ruleSitesCount = (rule) => ruleSites.filter((site) => site.rule === rule).length;
const rulesTable = table(Object.keys(ruleScores).sort().map((rule) => [`${rule} (${ruleSitesCount(rule)} sites)`, ruleScores[rule]]));

/** `--docs`: writes the tables into docs/accuracy.md and the README, between their markers. */
function writeDocs() {
  const replace = (file, marker, body) => {
    const path = join(here, '..', file);
    const text = readFileSync(path, 'utf8');
    const start = `<!-- ${marker}:start -->`;
    const end = `<!-- ${marker}:end -->`;
    if (!text.includes(start) || !text.includes(end)) throw new Error(`${file}: no ${marker} markers`);
    writeFileSync(path, text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${body}\n${end}`));
  };
  const where = `Measured at commit \`${summary.commit}\` (${summary.measured} of ${summary.sites} sites, ${summary.repositories} repositories):`;
  if (labelSet !== 'first') {
    replace('docs/accuracy.md', `accuracy:${labelSet}`, ruleSites.length > 0 ? `${where}\n\n${mainTable}\n\n${rulesTable}` : `${where}\n\n${mainTable}`);
    return;
  }
  replace('docs/accuracy.md', 'accuracy:results', `${where}\n\n${mainTable}`);
  replace('docs/accuracy.md', 'accuracy:heuristic', `${summary.heuristic.sites} such sites:\n\n${heuristicTable}`);
  replace('docs/accuracy.md', 'accuracy:rules', `Measured at commit \`${summary.commit}\`:\n\n${rulesTable}`);
  replace('README.md', 'accuracy', `${where}\n\n${mainTable}\n\nThe other rules, on their own labelled sites (docs/accuracy.md):\n\n${rulesTable}`);
}

if (args.has('--docs')) writeDocs();
if (args.has('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`Commit ${summary.commit}: ${summary.measured} of ${summary.sites} labelled sites measured in ${summary.repositories} repositories (${summary.skipped} without a local snapshot, ${summary.unlocated} not located)\n`);
  console.log(mainTable);
  console.log(`\nOf which ${summary.heuristic.sites} sites in files without an @opentelemetry import (project tracers, look-alikes):\n`);
  console.log(heuristicTable);
  console.log(`\nThe other rules, on their own labelled sites:\n`);
  console.log(rulesTable);
}
if (args.has('--misses')) {
  for (const [rule, score] of Object.entries(ruleScores)) for (const miss of score.misses) console.log(`\n${rule}: ${miss}`);
  for (const r of results) {
    if (r.missing) {
      console.log(`\nNOT LOCATED ${r.site.repo} ${r.site.path}:${r.site.line}`);
      continue;
    }
    const endWrong = END_POSITIVE.has(r.site.end) !== r.endReported;
    const recordWrong = RECORD_POSITIVE.has(r.site.record) !== r.recordReported;
    if (!endWrong && !recordWrong) continue;
    const what = [endWrong ? `end:${r.site.end}${r.endReported ? ' (FP)' : ' (FN)'}` : '', recordWrong ? `record:${r.site.record}${r.recordReported ? ' (FP)' : ' (FN)'}` : ''].filter(Boolean).join(' ');
    console.log(`\n${what}  ${r.site.repo.replace(/^.*\//, '')} ${r.site.path}:${r.site.line}\n  label: ${r.site.reason}`);
    for (const m of r.messages) if (Math.abs(m.line - r.site.line) < 80) console.log(`  ${m.line}:${m.column} ${m.ruleId.slice(5)} ${m.message}`);
  }
}
