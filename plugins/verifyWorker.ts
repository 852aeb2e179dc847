/**
 * A worker thread of `vmspec verify`: loads the plug-in of the request in its
 * `workerData` itself, then runs each step the main thread sends, posting
 * every message back; the main thread terminates it when a plug-in loops.
 * Anything it did not expect is a `crash`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadVerifyTarget, runVerifyStep } from './verifyJob.ts';
import type { VerifyMessage, VerifyRequest, VerifyStepOrder } from './verifyMessages.ts';

const post = (message: VerifyMessage): void => parentPort?.postMessage(message);
const crash = (error: unknown): void => post({ kind: 'crash', error: error instanceof Error ? error.message : String(error) });

try {
  const target = await loadVerifyTarget(workerData as VerifyRequest, post);
  // The main thread sends the next step only once this one's verdict is in, so steps never overlap.
  if (target !== undefined) parentPort?.on('message', (order: VerifyStepOrder) => void runVerifyStep(target, order.step, post).catch(crash));
} catch (error) {
  crash(error);
}
