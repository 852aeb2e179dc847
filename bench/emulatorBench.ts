/**
 * Emulator benchmark (issue 4 §8): guest memory accesses per second and guest
 * syscalls per second under each preset, next to a bare loop doing only the
 * MMU's page-table translate and word access, all in the same run so the
 * ratios mean something. Tracing is off, as in any untraced run.
 */
import { bareTranslateLoop, memoryToucher, nullSyscallLoop, PRESET_VARIANTS, runWorkload } from '../impl/index.ts';

function timeIt<T>(work: () => T): { readonly ms: number; readonly value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

function perSecond(count: number, ms: number): number {
  return (count / ms) * 1000;
}

function human(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M/s` : `${(rate / 1e3).toFixed(1)} k/s`;
}

/** Prints the emulator figures for each preset. */
export async function emulatorBench(out: (line: string) => void): Promise<void> {
  const accesses = 2_000_000;
  bareTranslateLoop(200_000);
  const bare = timeIt(() => bareTranslateLoop(accesses));
  const bareRate = perSecond(accesses, bare.ms);
  out(`emulator: bare translate loop ${human(bareRate)} (${accesses} accesses)`);
  out('emulator: preset            accesses/s   vs bare   syscalls/s   host ctx switches/syscall');
  const pages = 16;
  const wordsPerPage = 4;
  const passes = Math.ceil(accesses / (pages * wordsPerPage * 2));
  const syscalls = 20_000;
  for (const [name, variant] of Object.entries(PRESET_VARIANTS)) {
    runWorkload(memoryToucher(pages, 50, wordsPerPage), { variant });
    const memory = timeIt(() => runWorkload(memoryToucher(pages, passes, wordsPerPage), { variant, maxSteps: 1e9 }));
    const accessRate = perSecond(memory.value.counters.guestMemoryAccesses, memory.ms);
    const calls = timeIt(() => runWorkload(nullSyscallLoop(syscalls), { variant, maxSteps: 1e9 }));
    const syscallRate = perSecond(calls.value.counters.guestSyscalls.getpid ?? 0, calls.ms);
    const switches = calls.value.counters.hostContextSwitches / syscalls;
    out(
      `emulator: ${name.padEnd(18)} ${human(accessRate).padStart(11)}   ${(bareRate / accessRate).toFixed(1).padStart(5)}x   ${human(syscallRate).padStart(10)}   ${switches.toFixed(1)}`,
    );
  }
}
