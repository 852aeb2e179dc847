/**
 * A worker thread of `check`/`mutants`: runs each batch of jobs it is sent
 * and posts each result (or the error a job threw, as text) back with the
 * job's index, the batch's last one marked.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from './checkJobs.ts';
import type { WorkerBatch, WorkerReply } from './workerPool.ts';

parentPort?.on('message', (batch: WorkerBatch) => {
  for (const [i, { index, job }] of batch.entries()) {
    let reply: WorkerReply;
    try {
      reply = { index, ok: true, result: runJob(job), last: i === batch.length - 1 };
    } catch (error) {
      reply = { index, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  }
});
