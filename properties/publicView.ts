/**
 * What of a run's observations the guest may legitimately see, for the
 * properties that compare two runs (equivalence, noninterference): a kernel
 * probe's read values are the guest kernel's own business (its layout and its
 * data), and each process's secret window is never touched by guest code, so
 * both are blanked; everything else (op results, faults, signals, console,
 * exit statuses, final memory, how the run ended) is public. Pipes, exit
 * codes and the console are shared between processes on purpose.
 */
import { SECRET_WINDOW, SECRET_WINDOW_WORDS, type Observation, type Observations } from '../impl/index.ts';

/** True for an address inside a process's secret window. */
export function inSecretWindow(addr: number): boolean {
  return addr >= SECRET_WINDOW && addr < SECRET_WINDOW + 4 * SECRET_WINDOW_WORDS;
}

/** One observation as the guest may see it. */
export function publicObservation(o: Observation): Observation {
  return o.kind === 'kernel-access' ? { ...o, value: 0 } : o;
}

/** Final memory without the secret windows. */
export function publicMemory(memory: Readonly<Record<number, readonly (readonly [number, number])[]>>): Record<number, readonly (readonly [number, number])[]> {
  return Object.fromEntries(Object.entries(memory).map(([pid, words]) => [pid, words.filter(([addr]) => !inSecretWindow(addr))]));
}

/** The observations the guest may see. */
export function publicView(observations: Observations): Observations {
  return { ...observations, log: observations.log.map(publicObservation), finalMemory: publicMemory(observations.finalMemory) };
}
