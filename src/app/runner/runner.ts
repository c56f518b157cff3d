/**
 * Runs a codemod over a list of files: read each file, ask the codemod's cheap text prefilter whether it can contain
 * a target, and only then parse and transform, in worker threads when there is enough work to pay for their start-up,
 * otherwise in this thread. Changed files are written atomically unless the run is a dry one.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Options } from 'jscodeshift';
import type { CodemodModule, PackageVerdict } from '../../codemod/types.js';
import { NO_OTEL_REASON, PackageChains, PackageNotes, type PackageNote } from './package-checks.js';
import {
  describeFailure,
  ioFailure,
  transformFile,
  type FileFailure,
  type FileOutcome,
  type WantedTexts,
} from './apply-transform.js';
import { writeFileAtomic } from './atomic-write.js';
import { isTypeScriptPath } from '../../codemod/file-style.js';
import { stripBom } from './source-text.js';
import { WorkerPool } from './worker-pool.js';
import { API_MODULE } from '../../otel/api.js';

/**
 * Candidate files whose text adds up to fewer characters than this are transformed in the main thread. A worker has
 * to load jscodeshift, Babel and the transforms, and warm them up, before it is any faster (about half a second of
 * CPU time each); the main thread has them loaded already. Measured on 2 cores: the dense inject-propagation set
 * (300 candidates, 8.5 million characters) took 2.95–3.17 s in the main thread and 3.59–3.85 s in two workers, which
 * spent 50 % more CPU time; at 25.6 million characters both took 7.3–7.6 s, the main thread peaking at 362–376 MB and
 * the workers at 254–259 MB. Below this size the main thread stays under about 260 MB. Sizes, not counts: a file's
 * cost is mostly its parse.
 */
const IN_PROCESS_CHARS = 10_000_000;

/**
 * The same for a codemod that asks the TypeScript checker (CodemodMeta.asksTypes) about TypeScript candidates: the
 * checker keeps the project's lib files and the files its programs import parsed, and in the main thread nothing caps
 * its heap. On dub (a Next.js app), `wrap-spans --exported` on a folder of 0.94 million characters of TSX peaked at
 * 353 MB in the main thread and 251 MB in the capped worker; 1.2 million characters of `lib/` at 393 and 260 MB.
 */
export const IN_PROCESS_CHARS_WITH_TYPES = 250_000;

/**
 * Past that, a codemod that asks types gets a worker per this much candidate text, up to `jobs`: they run what asks no
 * types, then the checker's worker runs the rest alone (WorkerPool.typesLast).
 */
const CHARS_PER_WORKER_WITH_TYPES = 4_000_000;

export interface RunnerSettings {
  /** URL of a module exporting `codemods: CodemodModule[]` that worker threads can import (compiled JavaScript). */
  registryUrl: string | URL;
  /** Worker threads at most; default: the number of cores. */
  jobs?: number;
  /** Candidates whose text adds up to fewer characters run in the main thread; default IN_PROCESS_CHARS(_WITH_TYPES). */
  inProcessChars?: number;
}

export interface CodemodRunRequest {
  codemod: string;
  options: Options;
  /** Absolute paths. */
  files: readonly string[];
  /** False for --dry, --check and --diff: compute everything, write nothing. */
  write: boolean;
  /**
   * False: changed files' reports carry no texts (see ChangedFileReport.texts), for a caller that prints only paths.
   * A run holds every changed file's text twice until it ends otherwise (dub: about 30 MB).
   */
  keepTexts?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export type FileReport = ChangedFileReport | UnchangedFileReport | SkippedFileReport | FailedFileReport;

interface FileReportBase {
  path: string;
  /** Messages the transform passed to `api.report`. */
  notes: string[];
  written: boolean;
}

export interface ChangedFileReport extends FileReportBase {
  status: 'changed';
  /** The text as read and the text written (or that would be written); absent when the request did not keep them. */
  texts?: ChangedTexts;
}

export interface ChangedTexts {
  before: string;
  after: string;
}

/** The texts of a changed file from a run that kept them (CodemodRunRequest.keepTexts). */
export function changedTexts(file: ChangedFileReport): ChangedTexts {
  if (!file.texts) throw new Error(`the run did not keep the texts of ${file.path}`);
  return file.texts;
}

interface UnchangedFileReport extends FileReportBase {
  status: 'unchanged';
}

/** A file a package check left alone (src/app/runner/package-checks.ts): not transformed, or its change dropped. */
interface SkippedFileReport extends FileReportBase {
  status: 'skipped';
  /** Why, in a clause: 'the codemod's changes import …'. */
  reason: string;
}

export interface FailedFileReport extends FileReportBase {
  status: 'failed';
  error: FileFailure;
}

export interface CodemodRunReport {
  codemod: string;
  /** Every file the transform ran on (the prefilter's candidates), sorted by path. */
  files: FileReport[];
  /** Files the prefilter ruled out: never parsed. */
  notCandidates: string[];
  durationMs: number;
  /** Worker threads used; 0 when the run stayed in the main thread. */
  workers: number;
  /**
   * What the codemod's package check (CodemodMeta.checkPackage) and its API dependency check (withoutApiDependency)
   * said, once per package, sorted by package.json.
   */
  packages: PackageNote[];
  /** The transform's `api.stats` counts, summed over the files (meta.summarizeStats says them). */
  stats: Record<string, number>;
}

interface Registry {
  codemods: readonly CodemodModule[];
}

export class CodemodRunner {
  private registry?: Promise<Registry>;
  private pool?: WorkerPool;
  private readonly jobs: number;
  private readonly inProcessChars: number | undefined;
  private readonly registryUrl: string;

  constructor(settings: RunnerSettings) {
    this.registryUrl = String(settings.registryUrl);
    this.jobs = Math.max(1, settings.jobs ?? availableParallelism());
    this.inProcessChars = settings.inProcessChars;
  }

  /** The registry as the workers will see it (imported once, in this thread too). */
  async codemods(): Promise<readonly CodemodModule[]> {
    this.registry ??= import(this.registryUrl) as Promise<Registry>;
    return (await this.registry).codemods;
  }

  async run(request: CodemodRunRequest): Promise<CodemodRunReport> {
    const started = performance.now();
    const codemod = (await this.codemods()).find((candidate) => candidate.meta.name === request.codemod);
    if (!codemod) throw new Error(`unknown codemod ${request.codemod}`);

    const total = request.files.length;
    let done = 0;
    const progress = (): void => request.onProgress?.(++done, total);

    const reports: FileReport[] = [];
    const notCandidates: string[] = [];
    const stats = Object.create(null) as Record<string, number>;
    const chains = new PackageChains();
    const packageNotes = new PackageNotes();
    const verdicts = new Map<string, PackageVerdict | undefined>();
    /** The codemod's verdict on the file's package, asked once per package; noted per file. */
    const packageVerdict = (path: string): PackageVerdict | undefined => {
      const { meta } = codemod;
      if (!meta.checkPackage) return undefined;
      const { nearest, dependencies } = chains.of(path);
      if (nearest === null) return undefined;
      if (!verdicts.has(nearest)) verdicts.set(nearest, meta.checkPackage(dependencies, request.options));
      const verdict = verdicts.get(nearest);
      if (verdict) packageNotes.add(nearest, { kind: 'verdict', skipped: verdict.skip, note: verdict.note }, path);
      return verdict;
    };
    const apiDependency = codemod.meta.withoutApiDependency;
    /**
     * A codemod whose changes all import the API skips packages that list no OpenTelemetry package: a file that does
     * not import the API yet would only change by importing it, so it is not parsed at all.
     */
    const leftAsIs = (path: string, raw: string): boolean => {
      if (apiDependency !== 'skip' || raw.includes(API_MODULE)) return false;
      const chain = chains.of(path);
      if (chain.nearest === null || chains.apiDependency(chain) !== 'no-otel') return false;
      packageNotes.add(chain.nearest, { kind: 'no-otel', skipped: true }, path);
      return true;
    };
    /** Paths and sizes: the thread that transforms a candidate reads it again (transformFile). */
    const candidates: { path: string; chars: number }[] = [];
    for (const path of request.files) {
      let raw: string;
      try {
        raw = readFileSync(path, 'utf8');
      } catch (error) {
        reports.push({ path, status: 'failed', notes: [], error: ioFailure('cannot read', error), written: false });
        progress();
        continue;
      }
      const packageJson = codemod.meta.packageJson;
      if (packageJson && basename(path) === 'package.json') {
        // package.json files are the codemod's text hook's, in this thread (no parse, no worker).
        reports.push(this.finish(path, packageJsonOutcome(packageJson, raw, request.options), request.write, request.keepTexts !== false));
        progress();
        continue;
      }
      let candidate: boolean;
      try {
        candidate = codemod.meta.mayContainTarget(stripBom(raw), request.options, path, (name) => {
          addCounts(stats, { [name]: 1 });
        });
      } catch (error) {
        reports.push({ path, status: 'failed', notes: [], error: describeFailure(error), written: false });
        progress();
        continue;
      }
      const verdict = candidate ? packageVerdict(path) : undefined;
      if (verdict?.skip) {
        reports.push({ path, status: 'skipped', notes: [], reason: verdict.note, written: false });
        progress();
      } else if (candidate && leftAsIs(path, raw)) {
        reports.push({ path, status: 'skipped', notes: [], reason: NO_OTEL_REASON, written: false });
        progress();
      } else if (candidate) {
        candidates.push({ path, chars: raw.length });
      } else {
        notCandidates.push(path);
        progress();
      }
    }

    const chars = candidates.reduce((sum, candidate) => sum + candidate.chars, 0);
    const asksTypes =
      typeof codemod.meta.asksTypes === 'function' ? codemod.meta.asksTypes(request.options) : codemod.meta.asksTypes === true;
    const typeScriptChars = asksTypes ? candidates.reduce((sum, candidate) => sum + (isTypeScriptPath(candidate.path) ? candidate.chars : 0), 0) : 0;
    const workers = this.workerCount(candidates.length, chars, typeScriptChars);
    const useWorkers = workers > 0;
    const keepTexts = request.keepTexts !== false;
    const wanted: WantedTexts = { output: request.write || keepTexts, source: keepTexts };
    const transform = useWorkers
      ? this.workerPool(workers, asksTypes)
      : (path: string) => transformFile(codemod, path, request.options, wanted);

    // JavaScript before TypeScript: Babel builds one parser class per plugin set, and files of one kind in a row keep
    // its compiled code monomorphic while it warms up (reports are sorted by path below).
    candidates.sort((a, b) => Number(isTypeScriptPath(a.path)) - Number(isTypeScriptPath(b.path)));
    await Promise.all(
      candidates.splice(0).map(async ({ path }) => {
        const outcome = await transform(path, request.codemod, request.options, wanted);
        if (outcome.status !== 'types-elsewhere') addCounts(stats, outcome.stats);
        const chain = apiDependency && outcome.status === 'changed' && outcome.addsApiImport ? chains.of(path) : undefined;
        const dependency = chain ? chains.apiDependency(chain) : 'listed';
        const skipped = dependency === 'no-otel' && apiDependency === 'skip';
        if (chain?.nearest && dependency !== 'listed') packageNotes.add(chain.nearest, { kind: dependency, skipped }, path);
        reports.push(
          skipped
            ? { path, status: 'skipped', notes: outcome.notes, reason: NO_OTEL_REASON, written: false }
            : this.finish(path, outcome, request.write, keepTexts),
        );
        progress();
      }),
    );

    reports.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return {
      codemod: request.codemod,
      files: reports,
      notCandidates,
      durationMs: performance.now() - started,
      workers: useWorkers ? (this.pool?.peakWorkers ?? 0) : 0,
      packages: packageNotes.list(),
      stats,
    };
  }

  /**
   * How many workers a run gets, 0 for the main thread: a worker per `inProcessChars` of candidate text, up to `jobs`.
   * A small run does not start workers it cannot keep busy, and one worker would only add its start-up. TypeScript
   * text of a codemod that asks types (`typeScriptChars`) past IN_PROCESS_CHARS_WITH_TYPES always gets workers, whose
   * heaps are capped: one per CHARS_PER_WORKER_WITH_TYPES.
   */
  private workerCount(candidates: number, chars: number, typeScriptChars: number): number {
    const perWorker = Math.max(1, this.inProcessChars ?? IN_PROCESS_CHARS);
    if (typeScriptChars === 0 || typeScriptChars < Math.max(1, this.inProcessChars ?? IN_PROCESS_CHARS_WITH_TYPES)) {
      const workers = Math.min(this.jobs, candidates, Math.ceil(chars / perWorker));
      return workers > 1 && chars >= perWorker ? workers : 0;
    }
    const perWorkerWithTypes = Math.max(1, this.inProcessChars ?? CHARS_PER_WORKER_WITH_TYPES);
    return Math.max(1, Math.min(this.jobs, candidates, Math.ceil(chars / perWorkerWithTypes)));
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private workerPool(size: number, typesLast: boolean) {
    this.pool ??= new WorkerPool(this.registryUrl);
    const pool = this.pool;
    pool.prepare(size, typesLast);
    return (path: string, codemod: string, options: Options, wanted: WantedTexts): Promise<FileOutcome> =>
      pool.run(codemod, options, path, wanted);
  }

  private finish(path: string, outcome: FileOutcome, write: boolean, keepTexts: boolean): FileReport {
    if (outcome.status === 'failed') {
      return { path, status: 'failed', notes: outcome.notes, error: outcome.error, written: false };
    }
    if (outcome.status === 'unchanged') return { path, status: 'unchanged', notes: outcome.notes, written: false };
    if (outcome.status === 'types-elsewhere') {
      return { path, status: 'failed', notes: [], error: { message: 'no thread answers type questions' }, written: false };
    }
    const { output, source } = outcome;
    if (write) {
      // A run that writes always wants the outputs (see `wanted` in run).
      if (output === undefined) throw new Error(`no output came back for ${path}`);
      try {
        writeFileAtomic(path, output);
      } catch (error) {
        const failure = ioFailure('cannot write', error);
        return { path, status: 'failed', notes: outcome.notes, error: failure, written: false };
      }
    }
    const texts = keepTexts && source !== undefined && output !== undefined ? { before: source, after: output } : undefined;
    return { path, status: 'changed', notes: outcome.notes, texts, written: write };
  }
}

function packageJsonOutcome(hook: NonNullable<CodemodModule['meta']['packageJson']>, raw: string, options: Options): FileOutcome {
  try {
    const { output, notes } = hook(raw, options);
    return output === undefined || output === raw
      ? { status: 'unchanged', notes }
      : { status: 'changed', output, source: raw, notes, addsApiImport: false };
  } catch (error) {
    return { status: 'failed', error: describeFailure(error), notes: [] };
  }
}

function addCounts(total: Record<string, number>, counts: Record<string, number> | undefined): void {
  for (const [name, count] of Object.entries(counts ?? {})) total[name] = (total[name] ?? 0) + count;
}

