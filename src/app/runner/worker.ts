/**
 * Worker thread entry: loads the compiled transform registry once, then transforms the files the pool sends, one
 * after another, reading each itself. Prefiltering and writing stay in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answerTypesHere, withoutTypes } from '../../codemod/type-checker.js';
import type { CodemodModule } from '../../codemod/types.js';
import { transformFile } from './apply-transform.js';
import type { TransformJob, TransformJobResult, TransformWorkerData } from './worker-pool.js';

const { registryUrl, answersTypes } = workerData as TransformWorkerData;
answerTypesHere(answersTypes);
const registry = (await import(registryUrl)) as { codemods: readonly CodemodModule[] };
const port = parentPort;
if (!port) throw new Error('otel-codemod: worker.js must run in a worker thread');

// The pool sends the next file before this one is done (worker-pool.ts, PIPELINE_DEPTH): files run one after another,
// never interleaved at an await (the checker's state, withoutTypes, is the thread's).
let running: Promise<void> = Promise.resolve();
port.on('message', (job: TransformJob) => {
  running = running.then(async () => {
    const codemod = registry.codemods.find((candidate) => candidate.meta.name === job.codemod);
    withoutTypes(job.withoutTypes === true);
    const outcome = codemod
      ? await transformFile(codemod, job.path, job.options, job.wanted)
      : { status: 'failed' as const, error: { message: `unknown codemod ${job.codemod}` }, notes: [] };
    const reply: TransformJobResult = { id: job.id, outcome };
    port.postMessage(reply);
  }).catch((error: unknown) => {
    // Not expected (applyTransform reports a transform's own errors as a failed file); the files behind it still run.
    const reply: TransformJobResult = { id: job.id, outcome: { status: 'failed', error: { message: error instanceof Error ? error.message : String(error) }, notes: [] } };
    port.postMessage(reply);
  });
});
