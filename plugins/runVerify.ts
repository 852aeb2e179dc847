/**
 * The main-thread side of `vmspec verify`: spreads the steps of a
 * verification (plugins/verifyJob.ts) over worker threads, each of which
 * loads the plug-in itself, and watches them. Every emulator run posts a
 * heartbeat; when a run (or loading the plug-in) takes longer than the time
 * limit, that worker is terminated and the outcome says where: a plug-in that
 * loops never hangs the verifier. The outcome is what one worker running the
 * steps in order gives, for any number of workers: verdicts in step order, and
 * after a time-out or crash in step k only the steps before k (no later step
 * is started, a later one already finished is dropped).
 */
import { Worker } from 'node:worker_threads';
import { VERIFY_STEPS } from './verifyJob.ts';
import type { PluginSummary, VerifyMessage, VerifyRequest, VerifyStepOrder, VerifyVerdict, CostRow } from './verifyMessages.ts';

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
      /** In step order. */
      readonly verdicts: readonly VerifyVerdict[];
      readonly cost: readonly CostRow[] | undefined;
      readonly stopped: VerifyStop | undefined;
    };

/** How to run and watch the workers. */
export interface VerifyWatch {
  /** Longest time one emulator run (or loading the plug-in) may take. */
  readonly timeoutMs: number;
  /** Worker threads to spread the steps over (default 1); the outcome is the same for any number. */
  readonly workers?: number;
  /** Told of each message, for progress output (a `verdict` or `cost` message ends a step). */
  readonly onMessage?: (message: VerifyMessage) => void;
}

/** One watched worker thread. */
interface Watched {
  readonly worker: Worker;
  loaded: boolean;
  alive: boolean;
  /** The step it is running, if any. */
  step: number | undefined;
  phase: string;
  run: number;
  timer: NodeJS.Timeout | undefined;
}

/** Runs `request` on worker threads under `watch`'s time limit. */
export function runVerify(request: VerifyRequest, watch: VerifyWatch): Promise<VerifyOutcome> {
  const steps = [...new Set(request.steps ?? VERIFY_STEPS.map((_, i) => i))].sort((a, b) => a - b);
  const count = Math.max(1, Math.min(watch.workers ?? 1, steps.length));
  return new Promise((resolve) => {
    const queue = [...steps];
    const verdicts = new Map<number, VerifyVerdict>();
    let plugin: PluginSummary | undefined;
    let cost: { step: number; rows: readonly CostRow[] } | undefined;
    let stop: { step: number; stopped: VerifyStop } | undefined;
    let settled = false;
    const pool: Watched[] = [];

    const kill = (w: Watched): void => {
      w.alive = false;
      clearTimeout(w.timer);
      void w.worker.terminate();
    };
    const finish = (outcome: VerifyOutcome): void => {
      if (settled) return;
      settled = true;
      for (const w of pool) kill(w);
      resolve(outcome);
    };
    const before = (step: number): boolean => stop === undefined || step < stop.step;
    const settle = (): void => {
      const live = pool.filter((w) => w.alive);
      if (plugin === undefined) {
        if (live.length === 0) finish({ kind: 'load-error', error: `${request.path}: the verifier stopped before loading it` });
        return;
      }
      if (live.some((w) => w.step !== undefined) || (live.length > 0 && queue.some(before))) return;
      // A step sent out and never answered must not pass unseen.
      const unanswered = steps.find((step) => before(step) && !verdicts.has(step) && cost?.step !== step);
      if (unanswered !== undefined) stop = { step: unanswered, stopped: { kind: 'crash', error: `step ${VERIFY_STEPS[unanswered]} got no verdict` } };
      finish({
        kind: 'verified', plugin,
        verdicts: [...verdicts].filter(([step]) => before(step)).sort(([a], [b]) => a - b).map(([, v]) => v),
        cost: cost !== undefined && before(cost.step) ? cost.rows : undefined,
        stopped: stop?.stopped,
      });
    };
    const arm = (w: Watched): void => {
      clearTimeout(w.timer);
      if (w.loaded && w.step === undefined) return; // idle: nothing to watch
      // Loading (tsx, the spec, the plug-in) gets at least LOAD_TIMEOUT_MS; each run after that gets the run limit.
      const ms = w.loaded ? watch.timeoutMs : Math.max(watch.timeoutMs, LOAD_TIMEOUT_MS);
      w.timer = setTimeout(() => lost(w, { kind: 'timeout', ms, phase: w.phase, run: w.run }), ms);
    };
    const feed = (w: Watched): void => {
      const next = queue.findIndex(before);
      if (next >= 0) {
        const [step] = queue.splice(next, 1) as [number];
        Object.assign(w, { step, phase: VERIFY_STEPS[step] ?? String(step), run: 0 });
        w.worker.postMessage({ step } satisfies VerifyStepOrder);
      }
      arm(w);
    };
    /**
     * A worker timed out or crashed: the verification stops at its step. One that had no step is
     * only missed when no other is left (every worker loads the same plug-in the same way).
     */
    const lost = (w: Watched, stopped: VerifyStop): void => {
      if (!w.alive || settled) return;
      kill(w);
      const others = pool.some((other) => other.alive);
      if (plugin === undefined && (stopped.kind === 'timeout' || !others)) {
        return finish({ kind: 'load-error', error: `${request.path}: ${stopped.kind === 'timeout' ? `timed out after ${stopped.ms} ms while loading` : stopped.error}` });
      }
      const at = w.step ?? (others ? undefined : queue.find(before));
      if (at !== undefined && before(at)) stop = { step: at, stopped };
      // Workers busy with a step after it are wasted now.
      for (const other of pool) if (other.alive && other.step !== undefined && !before(other.step)) kill(other);
      settle();
    };
    const onMessage = (w: Watched, message: VerifyMessage): void => {
      if (settled || !w.alive) return;
      watch.onMessage?.(message);
      switch (message.kind) {
        case 'loaded':
          plugin ??= message.plugin;
          w.loaded = true;
          feed(w);
          return settle();
        case 'load-error':
          return finish({ kind: 'load-error', error: message.error });
        case 'property':
          w.phase = message.property;
          w.run = 0;
          break;
        case 'run':
          w.run = message.run;
          break;
        case 'verdict':
        case 'cost':
          if (message.kind === 'verdict') verdicts.set(message.step, message.verdict);
          else cost = { step: message.step, rows: message.rows };
          w.step = undefined;
          feed(w);
          return settle();
        case 'crash':
          return lost(w, { kind: 'crash', error: message.error });
      }
      arm(w);
    };

    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('./verifyWorker.mjs', import.meta.url), { workerData: request, stdout: true, stderr: true });
      worker.stdout.resume();
      worker.stderr.resume();
      const w: Watched = { worker, loaded: false, alive: true, step: undefined, phase: 'loading the plug-in', run: 0, timer: undefined };
      pool.push(w);
      worker.on('message', (message: VerifyMessage) => onMessage(w, message));
      worker.on('error', (error) => lost(w, { kind: 'crash', error: error.message }));
      worker.on('exit', (code) => lost(w, { kind: 'crash', error: `the verifier's worker exited (code ${code}) before finishing` }));
      arm(w);
    }
  });
}
