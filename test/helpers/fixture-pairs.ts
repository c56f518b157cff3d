/**
 * Fixture-pair tests for transforms: `<case>.input.<ext>` / `<case>.output.<ext>` files discovered by listing a folder,
 * with optional `<case>.options.json` (the transform's options object). Each case runs the transform the way the
 * jscodeshift runner does (file + API object + options), compares the exact text (no whitespace stripping), and runs it
 * again on its own output to prove a second run changes nothing.
 *
 * The transform sees the path `<folder>/<case>.<ext>` (without `.input`), so path-derived output (span names, a
 * package.json lookup) reads like real code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jscodeshift, { type API, type Options, type Transform } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import type { CodemodModule } from '../../src/codemod/types.js';

export interface FixturePair {
  /** `<case>.<ext>`, e.g. `arrow-expression.ts`. */
  name: string;
  /** The path the transform is told it is working on: `<folder>/<case>.<ext>`. */
  path: string;
  input: string;
  expected: string;
  options: Options;
}

export interface TransformRun {
  /** The transform's return value: new text, or undefined when it changed nothing. */
  output: string | undefined;
  /** Messages passed to `api.report`. */
  reports: string[];
  /** Counts passed to `api.stats(name, quantity)`. */
  stats: Record<string, number>;
}

const INPUT = /^(.+)\.input\.([a-z]+)$/;

/** Lists the fixture pairs in a folder, in name order. A lone input or output file is an error, not a skipped case. */
function discoverFixturePairs(folder: string): FixturePair[] {
  const files = readdirSync(folder).sort();
  const pairs: FixturePair[] = [];
  for (const file of files) {
    const match = INPUT.exec(file);
    if (!match) {
      if (/\.output\.[a-z]+$/.test(file) && !files.includes(file.replace('.output.', '.input.'))) {
        throw new Error(`fixture ${join(folder, file)} has no matching input file`);
      }
      continue;
    }
    const [, caseName, ext] = match;
    const outputFile = join(folder, `${caseName}.output.${ext}`);
    if (!existsSync(outputFile)) throw new Error(`fixture ${join(folder, file)} has no matching output file`);
    const optionsFile = join(folder, `${caseName}.options.json`);
    pairs.push({
      name: `${caseName}.${ext}`,
      path: join(folder, `${caseName}.${ext}`),
      input: readFileSync(join(folder, file), 'utf8'),
      expected: readFileSync(outputFile, 'utf8'),
      options: existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Options) : {},
    });
  }
  return pairs;
}

/** Runs a transform once, like jscodeshift's worker: default (babel) parser in the API object, reports and stats collected. */
export async function applyTransform(transform: Transform, source: string, path: string, options: Options = {}): Promise<TransformRun> {
  const reports: string[] = [];
  const stats = Object.create(null) as Record<string, number>;
  const api: API = {
    jscodeshift,
    j: jscodeshift,
    stats: (name: string, quantity?: number) => {
      stats[name] = (stats[name] ?? 0) + (typeof quantity === 'number' ? quantity : 1);
    },
    report: (message: string) => reports.push(message),
  };
  const result = await transform({ path, source }, api, options);
  return { output: typeof result === 'string' ? result : undefined, reports, stats };
}

/**
 * Defines vitest cases per fixture pair in `folder`: exact output, an idempotent second run, that the prefilter does not
 * reject a file the transform changes, and with `windowsText`, the same output for the file saved with CRLF line
 * endings and a BOM.
 */
export function describeFixturePairs(folder: string, codemod: CodemodModule, checks: { windowsText?: boolean } = {}): void {
  const pairs = discoverFixturePairs(folder);
  describe(`${codemod.meta.name} fixtures`, () => {
    it('has fixture pairs', () => {
      expect(pairs.length).toBeGreaterThan(0);
    });
    for (const pair of pairs) {
      it(pair.name, async () => {
        const first = await applyTransform(codemod.default, pair.input, pair.path, pair.options);
        const output = first.output ?? pair.input;
        expect(output).toBe(pair.expected);
        if (output !== pair.input) expect(codemod.meta.mayContainTarget(pair.input, pair.options)).toBe(true);

        const second = await applyTransform(codemod.default, output, pair.path, pair.options);
        expect(second.output ?? output, 'a second run must change nothing').toBe(output);
      });
      // Plain jscodeshift hands transforms the file as it is: a BOM and CRLF line endings stay, and inserted lines get CRLF.
      // (Transforms on the edit pipeline, src/codemod/codemod-file.ts, opt in.)
      if (checks.windowsText) it(`${pair.name} with CRLF line endings and a byte order mark`, async () => {
        const windows = (text: string) => `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`;
        const run = await applyTransform(codemod.default, windows(pair.input), pair.path, pair.options);
        expect(run.output ?? windows(pair.input)).toBe(windows(pair.expected));
      });
    }
  });
}
