import { Worker } from 'node:worker_threads';
import type { Options } from 'jscodeshift';
import type { TransformOutcome } from './apply-transform.js';

export interface TransformWorkerData {
  /** URL of a module exporting `codemods` (the compiled transforms/index.js, or a test registry). */
  registryUrl: string;
}

export interface TransformJob {
  id: number;
  codemod: string;
  options: Options;
  path: string;
  /** The file's text as read (BOM and line endings included). */
  source: string;
}

export interface TransformJobResult {
  id: number;
  outcome: TransformOutcome;
}

interface Slot {
  worker: Worker;
  current?: { job: TransformJob; resolve: (outcome: TransformOutcome) => void };
}

/**
 * A fixed set of worker threads fed one file at a time from a shared queue, so a slow file does not hold back a
 * batch. A worker that dies (not a transform that throws: that is a failed file) fails the file it held; the rest
 * carry on, and if none are left the queued files fail with the same message.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { job: TransformJob; resolve: (outcome: TransformOutcome) => void }[] = [];
  private nextId = 0;
  private lastCrash = 'worker exited';

  constructor(
    private readonly registryUrl: string,
    size: number,
  ) {
    this.grow(size);
  }

  get size(): number {
    return this.slots.length;
  }

  grow(size: number): void {
    while (this.slots.length < size) this.spawn();
  }

  run(codemod: string, options: Options, path: string, source: string): Promise<TransformOutcome> {
    return new Promise((resolve) => {
      const job: TransformJob = { id: this.nextId++, codemod, options, path, source };
      if (this.slots.length === 0) {
        resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
        return;
      }
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): void {
    const data: TransformWorkerData = { registryUrl: this.registryUrl };
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
    const slot: Slot = { worker };
    this.slots.push(slot);
    worker.on('message', (result: TransformJobResult) => {
      const current = slot.current;
      slot.current = undefined;
      if (current && current.job.id === result.id) current.resolve(result.outcome);
      this.dispatch();
    });
    const die = (reason: string): void => {
      const index = this.slots.indexOf(slot);
      if (index === -1) return; // already handled (error is followed by exit), or closed
      this.slots.splice(index, 1);
      this.lastCrash = `worker crashed: ${reason}`;
      slot.current?.resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
      slot.current = undefined;
      if (this.slots.length === 0) {
        for (const pending of this.queue.splice(0)) {
          pending.resolve({ status: 'failed', error: { message: this.lastCrash }, notes: [] });
        }
      }
    };
    worker.on('error', (error) => {
      die(error instanceof Error ? error.message.split('\n')[0] : String(error));
    });
    worker.on('exit', (code) => {
      die(`exit code ${String(code)}`);
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.current = next;
      slot.worker.postMessage(next.job);
    }
  }
}
