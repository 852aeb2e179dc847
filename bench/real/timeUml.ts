/**
 * Times a workload on a real VMM without a tracer (a tracer on the tracer
 * distorts time): boots it at two lengths N1 < N2, several times each, and
 * takes the best run of each length. The per-iteration time is
 * (best N2 − best N1) / (N2 − N1) of the guest's own clock around its loop
 * (CLOCK_MONOTONIC in UML is the host's clock), so loop set-up (the ping-pong
 * child's fork, the pipes) cancels; the whole-boot wall times differenced the
 * same way are reported beside it as a cross-check.
 */
import { bootUml } from './bootUml.ts';
import type { StubMode } from './stubMode.ts';
import { detectUmlHost, type HostOptions } from './detectUmlHost.ts';
import { buildRoot, type GuestRoot, type UmlWorkload } from './rootBuilder.ts';

/** How to time. */
export interface TimeOptions {
  readonly n1: number;
  readonly n2: number;
  /** Boots per length (the best one counts). */
  readonly runs: number;
  readonly root?: GuestRoot;
  readonly host?: HostOptions;
  readonly timeoutMs?: number;
  /** Run UML on this one host CPU only (the host probe pins itself so). */
  readonly pinCpu?: number;
  /** The stub mode (default ptrace; seccomp needs UML ≥ 6.16). */
  readonly mode?: StubMode;
  /** Told after each boot (progress). */
  readonly onBoot?: (n: number, run: number, elapsedNs: number, wallMs: number) => void;
}

/** What timing found. */
export interface UmlTiming {
  readonly workload: UmlWorkload;
  readonly n1: number;
  readonly n2: number;
  readonly runs: number;
  /** Per iteration from the guest's clock, best of `runs` at each length, differenced (ns). */
  readonly perIterationNs: number;
  /** Per iteration from whole-boot wall times, best of `runs`, differenced (ns): noisier, includes nothing else by construction. */
  readonly wallPerIterationNs: number;
  /** Every boot's loop time (ns) and wall time (ms), per length. */
  readonly samples: { readonly n: number; readonly elapsedNs: readonly number[]; readonly wallMs: readonly number[] }[];
}

/** One timed run of `n` iterations: the guest's loop time and the whole run's wall time. */
export type TimedRun = (n: number) => Promise<{ ok: true; elapsedNs: number; wallMs: number } | { ok: false; reason: string }>;

/** Runs `run` at N1 and N2, `runs` times each, alternating, and differences the best of each length. */
export async function timeTwoLengths(workload: UmlWorkload, run: TimedRun, options: TimeOptions): Promise<{ ok: true; timing: UmlTiming } | { ok: false; reason: string }> {
  if (!(options.n1 < options.n2)) return { ok: false, reason: `timing needs N1 < N2, got ${options.n1} and ${options.n2}` };
  const samples: { n: number; elapsedNs: number[]; wallMs: number[] }[] = [{ n: options.n1, elapsedNs: [], wallMs: [] }, { n: options.n2, elapsedNs: [], wallMs: [] }];
  // Alternate the lengths so a slow spell of the host hits both alike.
  for (let r = 0; r < options.runs; r++) {
    for (const sample of samples) {
      const ran = await run(sample.n);
      if (!ran.ok) return ran;
      sample.elapsedNs.push(ran.elapsedNs);
      sample.wallMs.push(ran.wallMs);
      options.onBoot?.(sample.n, r, ran.elapsedNs, ran.wallMs);
    }
  }
  const [short, long] = samples as [typeof samples[0], typeof samples[0]];
  const span = options.n2 - options.n1;
  const perIterationNs = (Math.min(...long.elapsedNs) - Math.min(...short.elapsedNs)) / span;
  const wallPerIterationNs = ((Math.min(...long.wallMs) - Math.min(...short.wallMs)) * 1e6) / span;
  return { ok: true, timing: { workload, n1: options.n1, n2: options.n2, runs: options.runs, perIterationNs, wallPerIterationNs, samples } };
}

/** Boots `workload` on UML 2 × `runs` times; the timing, or why there is none. */
export async function timeUml(workload: UmlWorkload, options: TimeOptions): Promise<{ ok: true; timing: UmlTiming } | { ok: false; reason: string }> {
  const host = await detectUmlHost({ ...options.host, strace: false, ...(options.mode === undefined ? {} : { mode: options.mode }) });
  if (!host.ok) return host;
  const built = options.root === undefined ? await buildRoot(options.host) : { ok: true as const, root: options.root };
  if (!built.ok) return built;
  const root = built.root;
  try {
    return await timeTwoLengths(workload, async (n) => {
      const booted = await bootUml(root, {
        uml: host.uml, workload, iterations: n,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.pinCpu === undefined ? {} : { pinCpu: options.pinCpu }),
        ...(host.kernel.modes.length > 1 ? { mode: options.mode ?? 'ptrace' } : {}),
      });
      if (!booted.ok) return booted;
      if (booted.boot.elapsedNs === null) return { ok: false, reason: `the guest printed no elapsed time ('${booted.boot.end}')` };
      return { ok: true, elapsedNs: booted.boot.elapsedNs, wallMs: booted.boot.wallMs };
    }, options);
  } finally {
    if (options.root === undefined) await root.remove();
  }
}
