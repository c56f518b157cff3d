#!/usr/bin/env node
/**
 * Generates src/otel/semconv-map.generated.ts, the one place the `semconv` codemod and the
 * `otel/no-deprecated-semconv` rule read semantic-convention renames from.
 *
 * Sources, in this order:
 * 1. The installed @opentelemetry/semantic-conventions: which exports are deprecated (the `@deprecated` JSDoc of
 *    each export of its two entry points, read with the TypeScript checker), what each emits (its literal type),
 *    and what to use instead ("Use ATTR_X in incubating entry-point", "Use ATTR_X.", "Use the SEMATTRS_XXXXX
 *    constants rather than the SemanticAttributes.XXXXX", "Replaced by `key`.").
 * 2. scripts/semconv-data.json, derived from the semantic-conventions repository (scripts/derive-semconv-data.mjs):
 *    the model's `deprecated.reason` tells a rename (`renamed_to`) from a key that was split, narrowed or given
 *    other values (`uncategorized`, `obsoleted`, whose note the package copies as "Replaced by …" too); the
 *    schemas' `rename_attributes` cover old keys the package no longer exports.
 *
 * Export renames keep the emitted value (SEMATTRS_HTTP_METHOD → ATTR_HTTP_METHOD, both 'http.method'). Value
 * renames change it ('http.method' → 'http.request.method') and follow rename chains to the newest name. Every
 * deprecated export gets one decision: a rename, or a reason why not.
 *
 *   npm run generate:semconv
 *   node scripts/generate-semconv-map.mjs --check   (exit 1 when the committed module is not what this run writes)
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const PACKAGE = '@opentelemetry/semantic-conventions';
const packageDir = join(dirname(require.resolve(PACKAGE)), '..');
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const data = JSON.parse(readFileSync(new URL('./semconv-data.json', import.meta.url), 'utf8'));
const OUTPUT = new URL('../src/otel/semconv-map.generated.ts', import.meta.url);

// ---- 1. The package's exports -------------------------------------------------------------------------------
const entryFiles = { main: join(packageDir, 'dist/index.d.mts'), incubating: join(packageDir, 'dist/index-incubating.d.mts') };
const program = ts.createProgram(Object.values(entryFiles), {
  noEmit: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
});
const checker = program.getTypeChecker();
/** name → { main: boolean, value?, members?, deprecated?: string } */
const exportsByName = new Map();
for (const [entry, file] of Object.entries(entryFiles)) {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    let record = exportsByName.get(symbol.name);
    if (!record) exportsByName.set(symbol.name, (record = { name: symbol.name, main: false, value: undefined, members: undefined, deprecated: undefined, fn: false }));
    if (entry === 'main') record.main = true;
    for (const declaration of target.declarations ?? []) {
      if (!ts.isVariableDeclaration(declaration)) continue;
      const tag = ts.getJSDocDeprecatedTag(declaration);
      if (tag) record.deprecated = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
      const type = checker.getTypeOfSymbol(target);
      if (type.isStringLiteral() || type.isNumberLiteral()) record.value = type.value;
      else if (type.getCallSignatures().length > 0) record.fn = true;
      else {
        record.members = {};
        for (const property of type.getProperties()) {
          const propertyType = checker.getTypeOfSymbol(property);
          if (propertyType.isStringLiteral() || propertyType.isNumberLiteral()) record.members[property.name] = propertyType.value;
        }
      }
    }
  }
}
const all = [...exportsByName.values()].sort((a, b) => a.name.localeCompare(b.name));
const deprecated = all.filter((r) => r.deprecated !== undefined);

/** Links and markup out of a note, for a one-line reason. */
const plain = (note) =>
  note
    .replace(/\[([^\]]*)\]\(\{@link [^}]*\}\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{@link ([^}]*)\}/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The family a constant's value belongs to: ATTR_, METRIC_, EVENT_, or an enum's `<ATTR>_VALUE_` prefix. */
function family(name) {
  const value = /^(.*_VALUE_)/.exec(name);
  if (value) return value[1];
  return /^(ATTR|METRIC|EVENT)_/.exec(name)?.[0] ?? null;
}

/** The current (not deprecated) export of a family emitting `value`, main entry first. */
function currentExport(prefix, value) {
  const candidates = all.filter((r) => r.deprecated === undefined && r.value === value && r.name.startsWith(prefix));
  candidates.sort((a, b) => Number(b.main) - Number(a.main) || a.name.length - b.name.length);
  return candidates[0] ?? null;
}

// ---- 2. Attribute keys: what each deprecated key became --------------------------------------------------------
const attributeNotes = new Map(); // key → the package's note on the deprecated ATTR_ export for it
for (const r of deprecated) if (r.name.startsWith('ATTR_') && typeof r.value === 'string') attributeNotes.set(r.value, r.deprecated);
const schemaRenames = new Map();
for (const { from, to } of data.schemaRenames) if (!schemaRenames.has(from)) schemaRenames.set(from, []), schemaRenames.get(from).push(to);
for (const { from, to } of data.schemaRenames) if (!schemaRenames.get(from).includes(to)) schemaRenames.get(from).push(to);
const currentKeys = new Set(all.filter((r) => r.deprecated === undefined && r.name.startsWith('ATTR_') && typeof r.value === 'string').map((r) => r.value));

const MOVED = /^Moved to the OpenTelemetry [\w -]+ semantic conventions repository\.$/;

/** One step: the key `key` was renamed to, `{ to, source }`; `{ reason }` when it was not one-to-one; null when not deprecated. */
function step(key) {
  const model = data.deprecatedAttributes[key];
  const note = attributeNotes.get(key);
  // The definition moved to another semantic-conventions repository (GenAI, Client-Side…): the model and the package
  // deprecate it here, but the key is still the convention there, so writing it is no deprecated key.
  const said = note ?? model?.note;
  if (said !== undefined && MOVED.test(plain(said))) return null;
  if (model) {
    if (model.reason === 'renamed' && model.renamed_to) return { to: model.renamed_to, source: 'model' };
    return { reason: plain(note ?? model.note ?? `${model.reason} in the semantic conventions`) };
  }
  if (note !== undefined) {
    // Deprecated after the recorded model: the package's own note, when it names exactly one key.
    const only = /^Replaced by `([^`]+)`\.$/.exec(note);
    return only ? { to: only[1], source: 'package' } : { reason: plain(note) };
  }
  if (currentKeys.has(key)) return null;
  const renames = schemaRenames.get(key);
  if (renames?.length === 1) return { to: renames[0], source: 'schema' };
  if (renames) return { reason: `renamed to ${renames.map((k) => `\`${k}\``).join(' and later ')} in different schema versions` };
  return null;
}

/** The newest key for a deprecated key: `{ to }` or `{ reason }`; null when the key is not deprecated. */
function resolveKey(key) {
  const seen = [key];
  let current = key;
  for (;;) {
    const next = step(current);
    if (next === null) return current === key ? null : { to: current };
    if ('reason' in next) return current === key ? { reason: next.reason } : { reason: `renamed to \`${current}\`, which is deprecated too: ${next.reason}` };
    if (seen.includes(next.to)) return { reason: `rename cycle ${seen.join(' → ')} → ${next.to}` };
    seen.push(next.to);
    current = next.to;
  }
}

const deprecatedKeys = {};
const keyCandidates = new Set([...attributeNotes.keys(), ...Object.keys(data.deprecatedAttributes), ...schemaRenames.keys()]);
for (const r of deprecated) if (/^SEM(RES)?ATTRS_/.test(r.name) && typeof r.value === 'string') keyCandidates.add(r.value);
for (const key of [...keyCandidates].sort()) {
  const resolved = resolveKey(key);
  if (resolved) deprecatedKeys[key] = resolved;
}

// ---- 3. Decisions for every deprecated export ------------------------------------------------------------------
const ref = (r) => ({ name: r.name, incubating: !r.main });
const USE = /^Use ([A-Z][A-Z0-9_]*)(?: in \[incubating entry-point\]|\.|$)/;
const VALUES_OBJECT = /^Use the ([A-Z0-9_]+?)X+ constants rather than the \w+\.X+/;

/** Follows "Use X" notes while the value stays the same: the newest export emitting the same value. */
function exportRename(r) {
  let current = r;
  const seen = new Set([r.name]);
  for (;;) {
    const target = USE.exec(current.deprecated ?? '')?.[1];
    const next = target && exportsByName.get(target);
    if (!next || next.value !== r.value || seen.has(next.name)) break;
    seen.add(next.name);
    current = next;
  }
  return current === r ? null : current;
}

function decide(r) {
  const decision = {};
  if (r.members) {
    const prefix = VALUES_OBJECT.exec(r.deprecated)?.[1];
    decision.members = {};
    for (const [member, value] of Object.entries(r.members)) {
      const constant = prefix && exportsByName.get(`${prefix}${member}`);
      if (!constant || constant.value !== value) {
        decision.members[member] = { value, reason: `no ${prefix ?? ''}${member} constant emits ${JSON.stringify(value)}` };
        continue;
      }
      // The member is the constant under another name: the constant's own decision, or the constant itself.
      const ofConstant = constant.deprecated === undefined ? { value, rename: ref(constant) } : decide(constant);
      decision.members[member] = ofConstant.rename ? ofConstant : { ...ofConstant, rename: ref(constant) };
    }
    return decision;
  }
  decision.value = r.value;
  const renamed = exportRename(r);
  if (renamed) decision.rename = ref(renamed);
  const last = renamed ?? r;
  if (last.deprecated === undefined) return decision;

  // The value itself is deprecated (or the note points to another value): a value rename, or why not.
  const prefix = family(r.name) ?? family(last.name);
  const note = last.deprecated;
  const isAttribute = /^(ATTR|SEMATTRS|SEMRESATTRS)_/.test(last.name) || /^(SEMATTRS|SEMRESATTRS)_/.test(r.name);
  if (r.fn || last.fn) {
    const to = /^Replaced by `([^`]+)`\.$/.exec(note)?.[1];
    const target = to && exportsByName.get(`ATTR_${to.toUpperCase().replace(/[.-]/g, '_')}`);
    if (target?.fn && target.deprecated === undefined) decision.valueRename = { ...ref(target), value: `${to}.<key>` };
    else decision.reason = plain(note);
    return decision;
  }
  if (isAttribute && typeof r.value === 'string') {
    const pointed = USE.exec(note)?.[1];
    const pointedExport = pointed && exportsByName.get(pointed);
    let resolved = deprecatedKeys[r.value];
    if (pointedExport && pointedExport.value !== r.value && resolved && 'to' in resolved) {
      // "Use ATTR_Y" with another key: taken when the model and schemas lead there too.
      const target = deprecatedKeys[pointedExport.value] && 'to' in deprecatedKeys[pointedExport.value] ? deprecatedKeys[pointedExport.value].to : pointedExport.value;
      if (target !== resolved.to) {
        resolved = { reason: `the package points to ${pointed} (\`${pointedExport.value}\`), but the semantic-conventions schemas rename \`${r.value}\` to \`${resolved.to}\`` };
      }
    } else if (pointedExport && pointedExport.value !== r.value && !resolved) {
      resolved = { reason: `the package points to ${pointed} (\`${pointedExport.value}\`), which the semantic-conventions schemas do not list as a rename of \`${r.value}\`` };
    }
    if (!resolved && pointed && !pointedExport) resolved = { reason: `the package points to ${pointed}, which it does not export` };
    if (!resolved) resolved = { reason: plain(note) };
    if ('reason' in resolved) decision.reason = resolved.reason;
    else {
      const target = currentExport('ATTR_', resolved.to);
      if (target) decision.valueRename = { ...ref(target), value: resolved.to };
      else decision.reason = `renamed to \`${resolved.to}\`, which no export of ${PACKAGE} ${version} names`;
    }
    return decision;
  }
  // Metric names, event names, enum values: the package's note when it names one value of the same family.
  const to = /^Replaced by `([^`]+)`\.$/.exec(note)?.[1];
  const target = to !== undefined && prefix ? currentExport(prefix, to) : null;
  if (target) decision.valueRename = { ...ref(target), value: to };
  else decision.reason = plain(note);
  return decision;
}

const decisions = {};
for (const r of deprecated) decisions[r.name] = decide(r);

// ---- 4. Write the module ---------------------------------------------------------------------------------------
const counts = { deprecated: deprecated.length, exportRename: 0, valueRename: 0, skipped: 0, members: 0 };
for (const d of Object.values(decisions)) {
  if (d.members) {
    counts.members += Object.keys(d.members).length;
    continue;
  }
  if (d.rename) counts.exportRename++;
  if (d.valueRename) counts.valueRename++;
  if (!d.rename && !d.valueRename) counts.skipped++;
}
const keyCounts = { renamed: Object.values(deprecatedKeys).filter((k) => 'to' in k).length, skipped: Object.values(deprecatedKeys).filter((k) => 'reason' in k).length };

const json = (value) => JSON.stringify(value);
const lines = [
  '// GENERATED by scripts/generate-semconv-map.mjs (npm run generate:semconv): do not edit by hand.',
  `// Sources: ${PACKAGE} ${version} (its @deprecated notes) and scripts/semconv-data.json`,
  `// (${data.source.repository} at ${data.source.commit}: ${data.source.schema}, ${data.source.model}).`,
  "import type { SemconvDecision, SemconvKeyDecision } from './semconv.js';",
  '',
  `export const SEMCONV_PACKAGE_VERSION = ${json(version)};`,
  '',
  `/** Every deprecated export of ${PACKAGE} ${version}, with its decision (${String(counts.deprecated)} exports). */`,
  'export const DEPRECATED_EXPORTS: Readonly<Record<string, SemconvDecision>> = {',
  ...Object.entries(decisions).map(([name, d]) => `  ${name}: ${json(d)},`),
  '};',
  '',
  `/** Deprecated attribute keys: the newest key, or why the key is not renamed (${String(keyCounts.renamed)} renamed, ${String(keyCounts.skipped)} not). */`,
  'export const DEPRECATED_KEYS: Readonly<Record<string, SemconvKeyDecision>> = {',
  ...Object.entries(deprecatedKeys).map(([key, d]) => `  ${json(key)}: ${json(d)},`),
  '};',
  '',
];
const text = lines.join('\n');
if (process.argv.includes('--check')) {
  const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
  if (current !== text) {
    console.error('src/otel/semconv-map.generated.ts is out of date: run npm run generate:semconv');
    process.exit(1);
  }
} else writeFileSync(OUTPUT, text);
console.log(`${PACKAGE} ${version}: ${all.length} exports, ${JSON.stringify(counts)}; keys ${JSON.stringify(keyCounts)}`);
