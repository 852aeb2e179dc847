/**
 * One set of workload names for the emulator and real UML: `vmspec real`'s
 * getpid, pingpong and fork are the emulator workloads that run the same
 * iteration, and each command takes the other's name for it. (Real's
 * pipeline execs busybox, which the emulator cannot: it has no twin.)
 */

/** Real-UML name → the emulator workload (cli/workloadCatalog.ts) that runs the same iteration. */
export const WORKLOAD_ALIASES: Readonly<Record<string, string>> = {
  getpid: 'null-syscall',
  pingpong: 'context-switch',
  fork: 'fork-exit-wait',
};

/** The real-UML name of an emulator workload, if it has one. */
export const realNameOf = (emulatorName: string): string | undefined =>
  Object.entries(WORKLOAD_ALIASES).find(([, name]) => name === emulatorName)?.[0];
