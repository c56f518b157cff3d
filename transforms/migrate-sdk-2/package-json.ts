/**
 * package.json: the `@opentelemetry/*` SDK packages move to the 2.x lines (stable `^2.0.0`, experimental `^0.201.0`: see src/otel/sdk-2-migration.ts).
 * Only the version strings are edited, at their offsets (the file keeps its indentation, key order and last newline);
 * nothing is installed. Ranges already on 2.x, the API and semantic conventions (versioned on their own), and ranges
 * that are not plain versions (workspace:, npm: aliases, git, tags) are left alone; contrib packages are named in a note.
 */
import MagicString from 'magic-string';
import type { Node } from '../../src/codemod/ast.js';
import { parseExpression } from '../../src/codemod/parser.js';
import { DEPENDENCY_FIELDS } from '../../src/codemod/project-check.js';
import type { PackageJson } from '../../src/codemod/types.js';
import { OTEL_SCOPE } from '../../src/otel/api.js';
import {
  FIRST_SDK_2,
  EXPERIMENTAL_SDK_MIN,
  EXPERIMENTAL_SDK_PACKAGES,
  EXPERIMENTAL_SDK_RANGE,
  INDEPENDENT_PACKAGES,
  STABLE_SDK_MIN,
  STABLE_SDK_PACKAGES,
  STABLE_SDK_RANGE,
} from '../../src/otel/sdk-2-migration.js';

/** `^1.30.0`, `~0.57.1`, `>=1.0.0`, `1.x`: the first version's major and minor. */
const PLAIN_RANGE = /^\s*(?:[\^~]|>=?|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?/;

export interface PackageJsonResult {
  output: string | undefined;
  notes: string[];
}

export function migratePackageJson(text: string): PackageJsonResult {
  let root: Node;
  try {
    root = parseExpression(text.replace(/^\uFEFF/, ' '), { errorRecovery: false });
  } catch {
    return { output: undefined, notes: ['package.json left unchanged: it is not valid JSON'] };
  }
  if (root.type !== 'ObjectExpression') return { output: undefined, notes: [] };
  const edits = new MagicString(text);
  const notes: string[] = [];
  const contrib = new Set<string>();
  let changed = 0;
  for (const field of DEPENDENCY_FIELDS) {
    const object = property(root, field);
    if (object?.type !== 'ObjectExpression') continue;
    for (const entry of object.properties as Node[]) {
      const name = keyOf(entry);
      const value = entry.value as Node | undefined;
      if (name === null || !name.startsWith(OTEL_SCOPE) || value?.type !== 'StringLiteral' || INDEPENDENT_PACKAGES.has(name)) continue;
      const range = value.value as string;
      const stable = STABLE_SDK_PACKAGES.has(name);
      const experimental = EXPERIMENTAL_SDK_PACKAGES.has(name);
      if (!stable && !experimental) {
        contrib.add(name);
        continue;
      }
      const line = sdkLine(name, range);
      if (line === null) {
        notes.push(`${field}.${name}: "${range}" left as is (not a version range); the SDK 2.x line is ${stable ? STABLE_SDK_RANGE : EXPERIMENTAL_SDK_RANGE}`);
        continue;
      }
      if (line === 2) continue;
      const target = stable ? STABLE_SDK_RANGE : EXPERIMENTAL_SDK_RANGE;
      // The literal's quotes stay; only the text between them changes.
      edits.overwrite(value.start + 1, value.end - 1, target);
      notes.push(`${field}.${name}: ${range} → ${target}`);
      changed++;
    }
  }
  // Said only where SDK packages move here: a package.json already on 2.x (DFX's API: sdk-node 0.218 beside
  // auto-instrumentations-node 0.76) installs contrib releases that work with it, and the note read as advice to upgrade them.
  if (contrib.size > 0 && changed > 0) {
    notes.push(`not part of SDK 2.x, left as is: ${[...contrib].sort().join(', ')} (use releases built for SDK 2.x)`);
  }
  if (changed > 0) notes.push('run your package manager to install the new versions (nothing was installed)');
  return { output: changed > 0 ? edits.toString() : undefined, notes };
}

/**
 * Where a plain range of an SDK package starts: 1 (the 1.x line: below 2.0 / 0.200), 'early-2' (on 2.x, below the
 * line the codemod's output needs: 0.200.x), 2; null for other packages and other ranges.
 */
function sdkLine(name: string, range: string): 1 | 'early-2' | 2 | null {
  const stable = STABLE_SDK_PACKAGES.has(name);
  if (!stable && !EXPERIMENTAL_SDK_PACKAGES.has(name)) return null;
  // `^1.0.0 || ^2.0.0` (a library's peer range, say) already admits 2.x when one of its alternatives does: left as is.
  const alternatives = range.split('||').map((alternative) => alternativeLine(alternative, stable));
  if (alternatives.includes(null)) return null;
  if (alternatives.includes(2)) return 2;
  return alternatives.includes('early-2') ? 'early-2' : 1;
}

function alternativeLine(range: string, stable: boolean): 1 | 'early-2' | 2 | null {
  // An open lower bound (`>=1.0.0`, no `<`) admits every later line, 2.x included.
  if (/^\s*>/.test(range) && !range.includes('<')) return 2;
  const match = PLAIN_RANGE.exec(range);
  if (!match) return null;
  const major = Number(match[1]);
  const minorText = match[2] as string | undefined;
  const minor = minorText === undefined || !/^\d+$/.test(minorText) ? 0 : Number(minorText);
  const atLeast = (min: { major: number; minor: number }): boolean => major > min.major || (major === min.major && minor >= min.minor);
  if (!atLeast(stable ? FIRST_SDK_2.stable : FIRST_SDK_2.experimental)) return 1;
  return atLeast(stable ? STABLE_SDK_MIN : EXPERIMENTAL_SDK_MIN) ? 2 : 'early-2';
}

/** The SDK packages a parsed package.json lists on the 1.x line. */
export function sdk1Dependencies(packageJson: PackageJson): string[] {
  return sdkDependencies(packageJson)
    .filter(([, line]) => line === 1)
    .map(([name]) => name);
}

/** Whether the package.json names SDK packages, every one of them on a 2.x line: its code is written for 2.x already. */
export function onSdk2Only(packageJson: PackageJson): boolean {
  const lines = sdkDependencies(packageJson).map(([, line]) => line);
  return lines.length > 0 && !lines.includes(1);
}

function sdkDependencies(packageJson: PackageJson): [string, 1 | 'early-2' | 2][] {
  const found: [string, 1 | 'early-2' | 2][] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(packageJson[field] ?? {})) {
      const line = sdkLine(name, range);
      if (line !== null) found.push([name, line]);
    }
  }
  return found;
}

function keyOf(entry: Node): string | null {
  if (entry.type !== 'ObjectProperty') return null;
  const key = entry.key as Node;
  return key.type === 'StringLiteral' ? (key.value as string) : null;
}

function property(object: Node, name: string): Node | undefined {
  const found = (object.properties as Node[]).find((p) => keyOf(p) === name);
  return found?.value as Node | undefined;
}
