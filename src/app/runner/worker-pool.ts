import { Worker } from 'node:worker_threads';
import type { Options } from 'jscodeshift';
import { isTypeScriptPath } from '../../codemod/file-style.js';
import type { FileOutcome, WantedTexts } from './apply-transform.js';

export interface TransformWorkerData {
  /** URL of a module exporting `codemods` (the compiled transforms/index.js, or a test registry). */
  registryUrl: string;
  /** Whether this worker answers type questions (src/codemod/type-checker.ts): one worker of the pool at most. */
  answersTypes: boolean;
}

export interface TransformJob {
  id: number;
  codemod: string;
  options: Options;
  /** The worker reads the file: texts cross between threads only where wanted. */
  path: string;
  wanted: WantedTexts;
  /** Run without the type checker: its programs for this file did not fit in the capped heap (see HEAP_CAP_MB). */
  withoutTypes?: boolean;
}

export interface TransformJobResult {
  id: number;
  outcome: FileOutcome;
}

interface Pending {
  job: TransformJob;
  resolve: (outcome: FileOutcome) => void;
  /** How many capped workers that answer type questions ran out of memory on this file. */
  typesOutOfMemory?: number;
  /** Its transform asked a type question elsewhere: only the worker that answers them takes it. */
  needsTypes?: boolean;
}

interface Slot {
  worker: Worker;
  answersTypes: boolean;
  /** Started with a heap cap (HEAP_CAP_MB). */
  capped: boolean;
  /** Started without the cap for one file only; takes no other file and stops once it is done. */
  oneFile?: boolean;
  /** The files sent to it, in order: it runs the first, the others wait in its port (PIPELINE_DEPTH). */
  sent: Pending[];
}

/**
 * How many files a worker is sent ahead of its results. With one, a worker sat idle between files while its result
 * went to the main thread and the next file came back: on dub (3,651 candidates, two workers), 2.7-2.9 s of each
 * worker's 11 s. With two, the next file is already in its port when it finishes one.
 */
const PIPELINE_DEPTH = 2;

/**
 * A worker's old-generation heap, in MB. V8 lets an uncapped heap grow to several times what is live; parsing one file
 * at a time keeps far less than this live, so the cap bounds a run's memory at a small cost in garbage collection. The
 * worker that answers type questions gets more room (TypeScript and the lib files it parses stay loaded).
 *
 * A worker that runs out of memory under its cap is replaced by a capped one, so the run's memory stays bounded after
 * it too. Its file is run again: in the checker's worker, first with a fresh heap (the parsed files it kept are gone),
 * then without the checker (a program too large for the cap: trigger.dev's Remix components, whose imports take in most
 * of the app; the transform says which functions that left without a type); a file that still does not fit, or that
 * ran out of memory outside the checker (a huge file), runs alone in an uncapped worker that stops after it. Before,
 * the uncapped worker took every later file as well, and trigger.dev's run peaked at 700-960 MB.
 */
const HEAP_CAP_MB = { types: 144, other: 96 };

/**
 * A capped worker's young generation, in MB. V8 sizes it for throughput (tens of MB per thread); a file's tree lives
 * only while the file is transformed, so a smaller one costs little time (the same CPU time within noise on the dense
 * sets) and keeps a run's peak RSS about 40 MB lower.
 */
const YOUNG_GENERATION_MB = 16;


/**
 * A fixed set of worker threads fed one file at a time from a shared queue, so a slow file does not hold back a
 * batch. A worker that dies (not a transform that throws: that is a failed file) fails the file it held; the rest
 * carry on, and if none are left the queued files fail with the same message.
 *
 * One worker at most answers type questions: a file whose transform asks for types in another worker comes back
 * `types-elsewhere` and is queued for it, so one TypeScript and one cache of parsed files serve the whole run. For a
 * codemod that asks types (`typesLast`) that worker starts only once the others have run every file and stopped: see
 * `typesLast`.
 *
 * Workers start with a capped heap (HEAP_CAP_MB); one that runs out of memory is replaced as described there.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /**
   * TypeScript files, queued apart: a worker that answers type questions takes them first, the others last, so a file
   * whose transform asks for types is seldom parsed in one worker only to be sent to the other.
   */
  private readonly typeScriptQueue: Pending[] = [];
  /** Files to run again in the worker that answers type questions. */
  private readonly typesQueue: Pending[] = [];
  private nextId = 0;
  private lastCrash = 'worker exited';
  /** The most workers that ran at once since `prepare`. */
  private peak = 0;

  /**
   * Set for a codemod that asks types (wrap-spans): workers that answer none run every file first, and a file whose
   * transform asks types waits; once they are done, they stop and one worker that answers type questions runs the
   * files that wait. Only those files are parsed twice, the rest are shared by every worker, and the checker's memory
   * (TypeScript, the lib files and the project files its programs keep parsed) never adds to the other workers': on
   * dub (3,651 TypeScript candidates, 364 of which ask), `wrap-spans --exported` took 31.6 s instead of 41.7 s, formbricks
   * 15.8 s instead of 27.2 s, unkey 25.8 s instead of 33.8 s (when the checker's worker ran all TypeScript files, and
   * the other worker none). Without it, the first worker answers type questions from the start, and takes the files
   * sent to it before any other.
   */
  private typesLast = false;

  constructor(private readonly registryUrl: string) {}

  /** The most workers that ran at once in the run `prepare` readied. */
  get peakWorkers(): number {
    return this.peak;
  }

  /**
   * Readies the pool for a run, between runs, when every worker is idle: at least `size` workers, and one that
   * answers type questions only if the run is not `typesLast`. A pool kept from an earlier run
   * may have the wrong one: a `typesLast` run's checker's worker would take files from the start, and a run that is
   * not `typesLast` would find none to send its type questions to.
   */
  prepare(size: number, typesLast: boolean): void {
    this.typesLast = typesLast;
    const answering = this.slots.find((slot) => slot.answersTypes);
    if (answering && this.typesLast) this.retire(answering);
    if (!answering && !this.typesLast && this.slots.length > 0) this.retire(this.slots[0]);
    while (this.slots.length < size) this.spawn(!this.typesLast && !this.slots.some((slot) => slot.answersTypes), true);
    this.peak = this.slots.length;
  }

  private retire(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    void slot.worker.terminate();
  }

  run(codemod: string, options: Options, path: string, wanted: WantedTexts): Promise<FileOutcome> {
    return new Promise((resolve) => {
      const job: TransformJob = { id: this.nextId++, codemod, options, path, wanted };
      if (this.slots.length === 0) {
        resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
        return;
      }
      // TypeScript sources: the files whose transforms may ask the checker (JavaScript never needs a type).
      (isTypeScriptPath(path) ? this.typeScriptQueue : this.queue).push({ job, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(answersTypes: boolean, capped: boolean): Slot {
    const data: TransformWorkerData = { registryUrl: this.registryUrl, answersTypes };
    const resourceLimits = capped
      ? { maxOldGenerationSizeMb: answersTypes ? HEAP_CAP_MB.types : HEAP_CAP_MB.other, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
      : undefined;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data, resourceLimits });
    const slot: Slot = { worker, answersTypes, capped, sent: [] };
    this.slots.push(slot);
    this.peak = Math.max(this.peak, this.slots.length);
    worker.on('message', (result: TransformJobResult) => {
      // Results come back in the order the files were sent.
      const current = slot.sent[0]?.job.id === result.id ? slot.sent.shift() : undefined;
      if (slot.oneFile) this.retire(slot);
      if (current) {
        if (result.outcome.status !== 'types-elsewhere') current.resolve(result.outcome);
        else if (this.typesLast || this.slots.some((other) => other.answersTypes)) this.typesQueue.push(Object.assign(current, { needsTypes: true }));
        else current.resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
      }
      this.dispatch();
    });
    const die = (reason: string): void => {
      const index = this.slots.indexOf(slot);
      if (index === -1) return; // already handled (error is followed by exit), or closed
      this.slots.splice(index, 1);
      this.lastCrash = `worker crashed: ${reason}`;
      // The file it was running failed with it; the files waiting behind it never ran: they go back to the queues.
      slot.sent.shift()?.resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
      this.requeue(slot);
      const stranded = this.slots.length === 0 ? [...this.queue.splice(0), ...this.typeScriptQueue.splice(0), ...this.typesQueue.splice(0)] : [];
      // Files waiting for the worker that answers type questions have nowhere else to go, unless one starts for them
      // once the others are done (typesLast).
      // (A one-file worker is not the pool's checker: the capped one that replaced it still answers.)
      if (slot.answersTypes && !this.typesLast && !this.slots.some((other) => other.answersTypes)) stranded.push(...this.typesQueue.splice(0));
      for (const pending of stranded) {
        pending.resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
      }
      // The others may be idle, waiting only for this one to finish (typesLast starts the checker's worker then).
      if (this.slots.length > 0) this.dispatch();
    };
    worker.on('error', (error) => {
      if (slot.capped && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') this.replaceOutOfMemory(slot);
      else die(error instanceof Error ? error.message.split('\n')[0] : String(error));
    });
    worker.on('exit', (code) => {
      die(`exit code ${String(code)}`);
    });
    return slot;
  }

  /** A worker that ran out of memory under the cap: a capped one takes its place, and its file runs again (HEAP_CAP_MB). */
  private replaceOutOfMemory(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const replacement = this.spawn(slot.answersTypes, true);
    const pending = slot.sent.shift();
    this.requeue(slot);
    if (pending) {
      const again = slot.answersTypes && !pending.job.withoutTypes;
      if (again) pending.typesOutOfMemory = (pending.typesOutOfMemory ?? 0) + 1;
      if (again && pending.typesOutOfMemory === 2) pending.job = { ...pending.job, withoutTypes: true };
      const runner = again ? replacement : this.spawn(slot.answersTypes, false);
      if (!again) runner.oneFile = true;
      runner.sent.push(pending);
      runner.worker.postMessage(pending.job);
    }
    this.dispatch();
  }

  /** Files sent to a worker that stopped before running them go back to the front of their queues, in order. */
  private requeue(slot: Slot): void {
    for (const pending of slot.sent.splice(0).reverse()) {
      if (pending.needsTypes) this.typesQueue.unshift(pending);
      else (isTypeScriptPath(pending.job.path) ? this.typeScriptQueue : this.queue).unshift(pending);
    }
  }

  private dispatch(): void {
    // With `typesLast` no worker answers type questions until this starts one (prepare retires any kept from before).
    if (this.typesLast && this.typesQueue.length > 0) this.startTypesWorkerWhenDone();
    // Every idle worker gets a file before any gets a second.
    for (let depth = 1; depth <= PIPELINE_DEPTH; depth++) {
      for (const slot of this.slots) {
        if (slot.oneFile || slot.sent.length >= depth) continue;
        const next = slot.answersTypes
          ? (this.typesQueue.shift() ?? this.typeScriptQueue.shift() ?? this.queue.shift())
          : (this.queue.shift() ?? this.typeScriptQueue.shift());
        if (!next) continue;
        slot.sent.push(next);
        slot.worker.postMessage(next.job);
      }
    }
  }

  /** `typesLast`: once every other file is done, the workers that answer no type questions stop and one that does starts. */
  private startTypesWorkerWhenDone(): void {
    if (this.queue.length > 0 || this.typeScriptQueue.length > 0 || this.slots.some((slot) => slot.answersTypes)) return;
    if (this.slots.some((slot) => slot.sent.length > 0)) return;
    for (const slot of [...this.slots]) this.retire(slot);
    this.spawn(true, true);
  }
}
