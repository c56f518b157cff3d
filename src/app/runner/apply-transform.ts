/**
 * Runs one transform on one file: the same code in a worker thread and in the main thread. It reads the file
 * (transformFile); the runner writes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { API, JSCodeshift, Options } from 'jscodeshift';
import { isTypesElsewhere } from '../../codemod/type-checker.js';
import type { CodemodModule } from '../../codemod/types.js';
import { addsApiImport } from './package-checks.js';
import { unwrapSource, wrapSource } from './source-text.js';

export interface FileFailure {
  /** One line: the parser's or the transform's message, without the position suffix Babel appends. */
  message: string;
  line?: number;
  /** 1-based. */
  column?: number;
}

/** What the transform counted with `api.stats(name, quantity)`, when it counted anything. */
interface Counts {
  stats?: Record<string, number>;
}

export type TransformOutcome =
  | ({ status: 'changed'; output: string; notes: string[] } & Counts)
  | ({ status: 'unchanged'; notes: string[] } & Counts)
  | ({ status: 'failed'; error: FileFailure; notes: string[] } & Counts)
  /** The transform asked for types in a worker that does not answer them: the pool runs the file again in one that does. */
  | { status: 'types-elsewhere'; notes: [] };

/** Which texts a file's run sends back: only what the caller uses (a dry run's report needs neither). */
export interface WantedTexts {
  /** A changed file's new text: to write it, or to show it. */
  output: boolean;
  /** The text it was transformed from: to show a diff. */
  source: boolean;
}

/** A file's outcome as the runner gets it: a changed file's texts only where wanted. */
export type FileOutcome =
  | ({ status: 'changed'; notes: string[]; output?: string; source?: string; addsApiImport: boolean } & Counts)
  | Exclude<TransformOutcome, { status: 'changed' }>;

/**
 * Reads a candidate and runs the transform on it, in the thread that runs it: the main thread never holds the texts of
 * the files waiting for a worker, nor of the outputs it does not use (trigger.dev, `wrap-spans --exported --types
 * --dry`: peak RSS 308-318 MB when every text went to a worker and every output came back, 292 MB now).
 */
export async function transformFile(codemod: CodemodModule, path: string, options: Options, wanted: WantedTexts): Promise<FileOutcome> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    return { status: 'failed', error: ioFailure('cannot read', error), notes: [] };
  }
  const outcome = await applyTransform(codemod, path, raw, options);
  if (outcome.status !== 'changed') return outcome;
  const { output, ...rest } = outcome;
  return {
    ...rest,
    output: wanted.output ? output : undefined,
    source: wanted.source ? raw : undefined,
    addsApiImport: addsApiImport(raw, output),
  };
}

/** An I/O error as one line: what failed and the system's code (`cannot read: ENOENT`). */
export function ioFailure(what: string, error: unknown): FileFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return { message: `${what}: ${code ?? describeFailure(error).message}` };
}

// jscodeshift's CLI default; transforms that care pick their parser per file (src/codemod/parser.ts).
const require = createRequire(import.meta.url);
let defaultJ: JSCodeshift | undefined;
/**
 * Loaded on first use: jscodeshift brings recast and ast-types (about a tenth of a second), and a run whose files are
 * all ruled out by the prefilter, or transformed without jscodeshift's paths, never needs it.
 */
const jscodeshiftApi = (): JSCodeshift => (defaultJ ??= (require('jscodeshift') as JSCodeshift).withParser('babylon'));

/**
 * `raw` is the file's text as read. The transform sees it without a BOM and with LF line endings; its output gets
 * both back, so `output` is exactly what to write.
 */
export async function applyTransform(
  codemod: CodemodModule,
  path: string,
  raw: string,
  options: Options,
): Promise<TransformOutcome> {
  const notes: string[] = [];
  let stats: Record<string, number> | undefined;
  const api: API = {
    get j() {
      return jscodeshiftApi();
    },
    get jscodeshift() {
      return jscodeshiftApi();
    },
    // jscodeshift's contract: a quantity that is not a number counts 1. No prototype: `toString` is a name like any.
    stats: (name: string, quantity?: number) => {
      stats ??= Object.create(null) as Record<string, number>;
      stats[name] = (stats[name] ?? 0) + (typeof quantity === 'number' ? quantity : 1);
    },
    // Registries are JavaScript modules loaded at run time: a note is whatever their transform passed.
    report: (message: unknown) => {
      notes.push(String(message));
    },
  };
  const { text, envelope } = unwrapSource(raw);
  try {
    const result = await codemod.default({ path, source: text }, api, options);
    // jscodeshift's convention: undefined, null or '' means "skipped", the same text means "no change".
    if (typeof result !== 'string' || result === '' || result === text) return { status: 'unchanged', notes, stats };
    const output = wrapSource(result, envelope);
    return output === raw ? { status: 'unchanged', notes, stats } : { status: 'changed', output, notes, stats };
  } catch (error) {
    if (isTypesElsewhere(error)) return { status: 'types-elsewhere', notes: [] };
    return { status: 'failed', error: describeFailure(error), notes, stats };
  }
}

/** A thrown value as one line with a position when the parser gave one (Babel: `loc` with a 0-based column). */
export function describeFailure(error: unknown): FileFailure {
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = raw.split(/\r?\n/).find((line) => line.trim() !== '') ?? 'unknown error';
  const loc = (error as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  if (loc && typeof loc.line === 'number' && typeof loc.column === 'number') {
    return { message: firstLine.replace(/\s*\(\d+:\d+\)\s*$/, ''), line: loc.line, column: loc.column + 1 };
  }
  return { message: firstLine.trim() };
}
