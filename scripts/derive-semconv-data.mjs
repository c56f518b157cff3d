#!/usr/bin/env node
/**
 * Derives scripts/semconv-data.json from a checkout of open-telemetry/semantic-conventions: what each deprecated
 * attribute in model/**\/deprecated/*.yaml became (`renamed_to`, or the reason and note when it was not renamed), and
 * the attribute renames of schemas/<version> (`rename_attributes` that apply to all signals, spans or resources;
 * the renames scoped to listed metrics are left out: they rename metric attributes such as `state` only on those
 * metrics). Labels and data only. Run again when the installed @opentelemetry/semantic-conventions moves past the
 * recorded version, then `npm run generate:semconv`.
 *
 *   node scripts/derive-semconv-data.mjs <semantic-conventions checkout> <schema version> <commit>
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const [checkout, version, commit] = process.argv.slice(2);
if (!checkout || !version || !commit) throw new Error('usage: derive-semconv-data.mjs <checkout> <schema version> <commit>');
const git = (...args) => execFileSync('git', ['--git-dir', join(checkout), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

const attributes = {};
const modelFiles = git('ls-tree', '-r', '--name-only', commit, 'model').split('\n').filter((p) => /\.ya?ml$/.test(p)).sort();
for (const path of modelFiles) {
  const doc = parse(git('show', `${commit}:${path}`));
  for (const group of doc?.groups ?? []) {
    for (const attribute of group.attributes ?? []) {
      const deprecated = attribute.deprecated;
      if (!attribute.id || !deprecated) continue;
      const entry = typeof deprecated === 'string' ? { reason: 'uncategorized', note: deprecated } : { reason: deprecated.reason };
      if (typeof deprecated === 'object' && deprecated.renamed_to) entry.renamed_to = deprecated.renamed_to;
      if (typeof deprecated === 'object' && deprecated.note) entry.note = String(deprecated.note).trim();
      attributes[attribute.id] = entry;
    }
  }
}

const schema = parse(git('show', `${commit}:schemas/${version}`));
const renames = [];
for (const [release, changes] of Object.entries(schema.versions)) {
  for (const scope of ['all', 'spans', 'resources']) {
    for (const change of changes?.[scope]?.changes ?? []) {
      for (const [from, to] of Object.entries(change.rename_attributes?.attribute_map ?? {})) renames.push({ release, scope, from, to });
    }
  }
}

const data = {
  source: {
    repository: 'https://github.com/open-telemetry/semantic-conventions',
    commit,
    schema: `schemas/${version}`,
    schemaUrl: schema.schema_url,
    model: 'model/**/*.yaml (attributes with a deprecated field; most live in model/**/deprecated/)',
  },
  deprecatedAttributes: Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b))),
  schemaRenames: renames,
};
writeFileSync(new URL('./semconv-data.json', import.meta.url), `${JSON.stringify(data, null, 2)}\n`);
console.log(`${Object.keys(attributes).length} deprecated attributes from ${modelFiles.length} model files, ${renames.length} schema renames`);
