/**
 * The main-thread side of `vmspec verify`: runs the verification in a worker
 * thread and watches it. Every emulator run posts a heartbeat; when a run
 * (or loading the plug-in) takes longer than the time limit, the worker is
 * terminated and the outcome says where: a plug-in that loops never hangs
 * the verifier. Whatever the worker reported until then is kept.
 */
import { Worker } from 'node:worker_threads';
import type { PluginSummary, VerifyMessage, VerifyRequest, VerifyVerdict, CostRow } from './verifyMessages.ts';

/** The least time loading a plug-in may take, whatever the run limit (a cold worker compiles TypeScript first). */
export const LOAD_TIMEOUT_MS = 30_000;

/** Where a verification stopped early. */
export type VerifyStop =
  | { readonly kind: 'timeout'; readonly ms: number; readonly phase: string; readonly run: number }
  | { readonly kind: 'crash'; readonly error: string };

/** What came of a verification. */
export type VerifyOutcome =
  | { readonly kind: 'load-error'; readonly error: string }
  | {
      readonly kind: 'verified';
      readonly plugin: PluginSummary;
      readonly verdicts: readonly VerifyVerdict[];
      readonly cost: readonly CostRow[] | undefined;
      readonly stopped: VerifyStop | undefined;
    };

/** How to watch the worker. */
export interface VerifyWatch {
  /** Longest time one emulator run (or loading the plug-in) may take. */
  readonly timeoutMs: number;
  /** Told of each message, for progress output. */
  readonly onMessage?: (message: VerifyMessage) => void;
}

/** Runs `request` in a worker thread under `watch`'s time limit. */
export function runVerify(request: VerifyRequest, watch: VerifyWatch): Promise<VerifyOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./verifyWorker.mjs', import.meta.url), { workerData: request, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    let plugin: PluginSummary | undefined;
    const verdicts: VerifyVerdict[] = [];
    let cost: readonly CostRow[] | undefined;
    let phase = 'loading the plug-in';
    let run = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (outcome: VerifyOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const stop = (stopped: VerifyStop | undefined): void => {
      if (plugin === undefined) {
        finish({ kind: 'load-error', error: stopped?.kind === 'timeout' ? `${request.path}: timed out after ${stopped.ms} ms while loading` : `${request.path}: ${stopped?.kind === 'crash' ? stopped.error : 'the verifier stopped before loading it'}` });
        return;
      }
      finish({ kind: 'verified', plugin, verdicts, cost, stopped });
    };
    const arm = (): void => {
      clearTimeout(timer);
      // Loading (tsx, the spec, the plug-in) gets at least LOAD_TIMEOUT_MS; each run after that gets the run limit.
      const ms = plugin === undefined ? Math.max(watch.timeoutMs, LOAD_TIMEOUT_MS) : watch.timeoutMs;
      timer = setTimeout(() => stop({ kind: 'timeout', ms, phase, run }), ms);
    };

    worker.on('message', (message: VerifyMessage) => {
      if (settled) return;
      watch.onMessage?.(message);
      switch (message.kind) {
        case 'loaded':
          plugin = message.plugin;
          break;
        case 'load-error':
          finish({ kind: 'load-error', error: message.error });
          return;
        case 'property':
          phase = message.property;
          run = 0;
          break;
        case 'run':
          run = message.run;
          break;
        case 'verdict':
          verdicts.push(message.verdict);
          break;
        case 'cost':
          cost = message.rows;
          break;
        case 'done':
          stop(undefined);
          return;
        case 'crash':
          stop({ kind: 'crash', error: message.error });
          return;
      }
      arm();
    });
    worker.on('error', (error) => stop({ kind: 'crash', error: error.message }));
    worker.on('exit', (code) => stop({ kind: 'crash', error: `the verifier's worker exited (code ${code}) before finishing` }));
    arm();
  });
}
