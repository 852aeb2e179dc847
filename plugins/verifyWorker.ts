/**
 * The worker thread of `vmspec verify`: runs `verifyJob` on the request in
 * its `workerData` and posts every message to the main thread, which can
 * terminate it when a plug-in loops. Anything it did not expect is a `crash`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { verifyJob } from './verifyJob.ts';
import type { VerifyMessage, VerifyRequest } from './verifyMessages.ts';

const post = (message: VerifyMessage): void => parentPort?.postMessage(message);

try {
  await verifyJob(workerData as VerifyRequest, post);
} catch (error) {
  post({ kind: 'crash', error: error instanceof Error ? error.message : String(error) });
}
