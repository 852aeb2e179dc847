/**
 * One boot of User-Mode Linux on a built root: runs a named workload N times
 * and powers off, optionally under strace (the tracer process alone: `-f`
 * would break UML's own ptrace of its stubs). Reads the guest's markers from
 * the console; any boot failure is a one-line reason.
 */
import type { GuestRoot, UmlWorkload } from './rootBuilder.ts';
import { runProcess } from './runProcess.ts';
import { modeArgs, type StubMode } from './stubMode.ts';

/** strace's flags: seconds timestamps, call durations, registers in full (`-v`: orig_rax, rax), whole marker strings. */
export const STRACE_FLAGS = ['-ttt', '-T', '-v', '-s', '256'] as const;

/** What UML prints when `poweroff -f` has halted it. */
export const HALTED = 'reboot: System halted';

/** The console message of a host whose XSAVE area does not fit UML's buffer. */
export const XSAVE_FAILURE = 'ptrace set fp regs failed';

/** How to boot. */
export interface BootOptions {
  readonly uml: string;
  /** A workload, or `maps`: the guest program prints its own memory map (the areas it runs with). */
  readonly workload: UmlWorkload | 'maps';
  readonly iterations: number;
  /** Record the tracer with strace into this file. */
  readonly straceLog?: string;
  /** Kill UML (and strace) after this long; default 120 s. */
  readonly timeoutMs?: number;
  readonly memoryMb?: number;
  /** Run UML (all its processes: the stubs inherit it) on this one host CPU only, with `taskset` (util-linux). */
  readonly pinCpu?: number;
  /** The stub mode (UML 7: `seccomp=on|off`); omitted for a kernel with one mode. */
  readonly mode?: StubMode;
}

/** A finished boot: the console, the markers the guest printed, the wall time of the whole boot. */
export interface Boot {
  readonly console: string;
  readonly begin: string;
  readonly end: string;
  /** The measured loop's time as the guest reported it (`VMSPEC-END NS`), when it did. */
  readonly elapsedNs: number | null;
  readonly wallMs: number;
  /** How UML ended when not cleanly (it sometimes aborts after halting), else null. */
  readonly exit: string | null;
}

/** The program and arguments that boot UML with `args`: under strace (with `-f` for seccomp stubs, which are not ptraced, so both sides are seen), and on one CPU, when asked. */
export function umlCommand(options: Pick<BootOptions, 'uml' | 'straceLog' | 'pinCpu' | 'mode'>, args: readonly string[]): readonly [string, string[]] {
  const traced: [string, string[]] = options.straceLog === undefined
    ? [options.uml, [...args]]
    : ['strace', ['-o', options.straceLog, ...(options.mode === 'seccomp' ? ['-f'] : []), ...STRACE_FLAGS, options.uml, ...args]];
  return options.pinCpu === undefined ? traced : ['taskset', ['-c', String(options.pinCpu), traced[0], ...traced[1]]];
}

/** UML's command line for `root`. */
export function umlArgs(root: GuestRoot, workload: UmlWorkload | 'maps', iterations: number, memoryMb = 64, mode?: StubMode): string[] {
  return [
    `mem=${memoryMb}M`, 'root=/dev/root', 'rootfstype=hostfs', `rootflags=${root.dir}`, 'rw', 'init=/init',
    'con=null', 'con0=null,fd:1', 'ssl=null', `uml_dir=${root.umlDir}`, ...modeArgs(mode), '--', workload, String(iterations),
  ];
}

const lastLine = (text: string): string => text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '').at(-1)?.slice(0, 160) ?? '';

/** Why the console says the boot failed, if it does. */
export function bootFailure(console: string): string | null {
  if (console.includes(XSAVE_FAILURE)) {
    const line = console.split('\n').find((l) => l.includes(XSAVE_FAILURE))!.trim();
    return `UML died at boot with '${line}': this host's XSAVE area is larger than the buffer this kernel passes to ptrace (UML before 7; 'vmspec real setup' installs UML 7)`;
  }
  const panic = console.split('\n').find((l) => l.includes('Kernel panic'));
  if (panic !== undefined) return `UML panicked: '${panic.trim().slice(0, 160)}'`;
  return null;
}

/** Boots once; the boot, or why it failed. */
export async function bootUml(root: GuestRoot, options: BootOptions): Promise<{ ok: true; boot: Boot } | { ok: false; reason: string }> {
  const args = umlArgs(root, options.workload, options.iterations, options.memoryMb, options.mode);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const [command, commandArgs] = umlCommand(options, args);
  const ran = await runProcess(command, commandArgs, timeoutMs);
  const program = options.straceLog === undefined ? options.uml : 'strace';
  if (ran.spawnError !== null) return { ok: false, reason: `'${command}' could not be run (${ran.spawnError})${command === 'taskset' ? '; install util-linux' : ''}` };
  // taskset itself fails (exit 1, its own message first) on a CPU this host does not have.
  if (command === 'taskset' && ran.code === 1 && ran.output.trimStart().startsWith('taskset:')) return { ok: false, reason: `cannot run UML on CPU ${options.pinCpu} only: ${lastLine(ran.output)}` };
  const console = ran.output.replace(/\r/g, '');
  const failure = bootFailure(console);
  if (failure !== null) return { ok: false, reason: failure };
  if (ran.timedOut) return { ok: false, reason: `UML did not power off within ${timeoutMs / 1000} s (last console line: '${lastLine(console)}')` };
  const begin = /^VMSPEC-BEGIN .*$/m.exec(console)?.[0];
  const end = /^VMSPEC-END.*$/m.exec(console)?.[0];
  if (begin === undefined || end === undefined) {
    return { ok: false, reason: `the guest did not ${begin === undefined ? 'start' : 'finish'} the workload (${program} ${ran.code === null ? `killed by ${ran.signal ?? 'a signal'}` : `exit ${ran.code}`}; last console line: '${lastLine(console)}')` };
  }
  // linux.uml 6.1 (or strace on it) now and then aborts (SIGABRT) after halting: the run is whole, and a
  // recording's log is judged by its parser (an END marker cut off by the abort is an error there).
  const halted = console.includes(HALTED);
  if (ran.code !== 0 && !halted) return { ok: false, reason: `${program} ${ran.code === null ? `was killed by ${ran.signal ?? 'a signal'}` : `exited with ${ran.code}`} after the workload, before halting (last console line: '${lastLine(console)}')` };
  const ns = /^VMSPEC-END (\d+)$/.exec(end)?.[1];
  const exit = ran.code === 0 ? null : ran.code === null ? `killed by ${ran.signal ?? 'a signal'} after halting` : `exit ${ran.code} after halting`;
  return { ok: true, boot: { console, begin, end, elapsedNs: ns === undefined ? null : Number(ns), wallMs: ran.wallMs, exit } };
}
