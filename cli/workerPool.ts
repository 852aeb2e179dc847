/**
 * Runs jobs over this thread and worker threads (cli/jobWorker.ts), handing
 * the next batch of jobs (one subject's) to whichever is free, and gives the
 * results back in job order; with one worker everything runs in this thread.
 * Either way the results are the same: each job is a pure function of its
 * fields (cli/checkJobs.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runJob, type Job, type JobResult } from './checkJobs.ts';

/** A worker's answer to job `index`; `last` marks the end of a batch. */
export type WorkerReply =
  | { readonly index: number; readonly ok: true; readonly result: JobResult; readonly last: boolean }
  | { readonly index: number; readonly ok: false; readonly error: string };

/** The jobs a worker is sent at once: one group (e.g. one subject, whose spec tables it then compiles once). */
export type WorkerBatch = readonly { readonly index: number; readonly job: Job }[];

/** The default number of workers: the machine's cores. */
export const defaultWorkers = (): number => availableParallelism();

/** The batches of `jobs`: consecutive jobs with the same group key go together. */
function batchesOf(jobs: readonly Job[], groupOf: (job: Job) => string): WorkerBatch[] {
  const batches: { index: number; job: Job }[][] = [];
  let key: string | undefined;
  for (const [index, job] of jobs.entries()) {
    const k = groupOf(job);
    if (batches.length === 0 || k !== key) batches.push([]);
    key = k;
    batches.at(-1)!.push({ index, job });
  }
  return batches;
}

/** The group of a job: its subject (a worker compiles a subject's spec tables once, not each worker each subject's). */
const subjectGroup = (job: Job): string => (job.kind === 'check' ? `${job.target.kind}:${job.target.name}` : job.mutant);

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `jobs` on up to `workers` threads, this one included (it has loaded
 * everything already; a worker thread takes a second or two to start);
 * `onResult` hears of each as it finishes, in any order.
 */
export async function runJobs(jobs: readonly Job[], workers: number, onResult: (index: number, result: JobResult) => void = () => {}): Promise<JobResult[]> {
  const results: JobResult[] = new Array<JobResult>(jobs.length);
  const batches = batchesOf(jobs, subjectGroup);
  let next = 0;
  let done = 0;
  let failure: Error | undefined;
  const record = (index: number, result: JobResult): void => {
    results[index] = result;
    done++;
    onResult(index, result);
  };
  // Each worker keeps up to two batches in hand, so it never waits while this thread runs one.
  const pool = Array.from({ length: Math.max(0, Math.min(workers, batches.length) - 1) }, () => {
    const worker = new Worker(new URL('./jobWorker.mjs', import.meta.url));
    let inHand = 0;
    const feed = (): void => {
      while (inHand < 2 && next < batches.length) {
        inHand++;
        worker.postMessage(batches[next++]);
      }
    };
    worker.on('message', (reply: WorkerReply) => {
      if (!reply.ok) {
        failure ??= new Error(reply.error);
        return;
      }
      record(reply.index, reply.result);
      if (reply.last) {
        inHand--;
        feed();
      }
    });
    worker.on('error', (error) => void (failure ??= error));
    worker.on('exit', (code) => void (code === 0 || done === jobs.length || (failure ??= new Error(`a worker thread exited with code ${code}`))));
    feed();
    return worker;
  });
  try {
    while (failure === undefined && (next < batches.length || done < jobs.length)) {
      const batch = next < batches.length ? batches[next++]! : undefined;
      for (const { index, job } of batch ?? []) {
        record(index, runJob(job));
        await yieldToEvents(); // progress line, and the workers' replies
      }
      if (batch === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  if (failure !== undefined) throw failure;
  return results;
}
