/**
 * The ideal machine (issues 12 and 24): the independent reference every
 * variant and every plug-in is compared with. Flat per-process memory, its
 * own reading of the instruction set (idealProgram.ts) and its own syscall
 * semantics (idealSyscalls.ts), on the guest's clock (a step per instruction,
 * compute N: N) with the same timer and disk; no MMU, no host kernel, no VMM,
 * and no scheduler: it follows the decisions the emulator's guest kernel
 * recorded (idealSchedule.ts). An access is legal when its address lies in
 * the process's heap or stack; a guest kernel probe reaches exactly the guest
 * kernel region and calls exactly the host calls the allow-list names. It
 * takes nothing from impl/ but types (noImplValues.test.ts).
 */
import type { GuestCall, Program } from '../../impl/guest/isa.ts';
import type { Observation, Observations, RunEnd } from '../../impl/guest/observations.ts';
import type { Workload } from '../../impl/run/workload.ts';
import type { ProcessImage } from '../../impl/guest/processImage.ts';
import { isAllowedForGuestKernel, regionOf, type HostSyscall } from '../../spec/index.ts';
import { DEFAULT_DISK_LATENCY, DEFAULT_MAX_PROCESSES, diskWord, ERRNO, GUEST_MACHINE_PID, SIGNAL_NUMBER } from './idealConstants.ts';
import { IdealProcess, type IdealFile, type IdealWait } from './idealProcess.ts';
import { endPass, enterLoop, pass, startOf, upcoming } from './idealProgram.ts';
import { RecordedSchedule, type ScheduleView } from './idealSchedule.ts';
import { idealSyscall, type SyscallMachine } from './idealSyscalls.ts';

const EXIT: GuestCall = { nr: 'exit', status: 0 };
const SIGRETURN: GuestCall = { nr: 'sigreturn' };

/** How the ideal machine runs a workload: the scenario's parameters and the emulator's recorded schedule. */
export interface IdealRun {
  readonly timerInterval: number;
  readonly maxSteps: number;
  /** The guest scheduler's decisions as the emulator recorded them (RunResult.schedule). */
  readonly schedule: readonly number[];
  readonly diskLatency?: number;
  readonly maxProcesses?: number;
}

/** What the ideal machine saw, or why it could not follow the schedule it was given. */
export interface IdealResult {
  readonly observations: Observations;
  readonly scheduleProblem: string | undefined;
}

/** One run of the ideal machine. */
class IdealMachine implements SyscallMachine {
  readonly table = new Map<number, IdealProcess>();
  readonly log: Observation[] = [];
  readonly console: number[] = [];
  readonly exits: Record<number, number> = {};
  readonly finalMemory: Record<number, readonly (readonly [number, number])[]> = {};
  readonly maxProcesses: number;
  private readonly schedule: RecordedSchedule;
  private running: IdealProcess | undefined;
  private switchAsked = false;
  private idle = false;
  private halted = false;
  private end: RunEnd = 'halted';
  private nextPid = 1;
  private now = 0;
  private steps = 0;
  private entries = 0;
  private nextTimer: number;
  /** Disk reads outstanding, in the order they complete. */
  private readonly disk: { readonly at: number; readonly pid: number; readonly words: readonly number[] }[] = [];

  constructor(private readonly workload: Workload, private readonly run: IdealRun) {
    this.nextTimer = run.timerInterval;
    this.maxProcesses = run.maxProcesses ?? DEFAULT_MAX_PROCESSES;
    this.schedule = new RecordedSchedule(run.schedule);
  }

  /** Runs the workload. */
  observe(): IdealResult {
    this.probe(0);
    const files: IdealFile[] = [{ kind: 'disk' }, { kind: 'console' }, { kind: 'console' }];
    for (const program of this.workload.programs) this.create(program, 0, files, this.workload.image);
    this.returnToUser();
    const finished = this.loop();
    if (!finished) this.recordLiveMemory();
    const left = this.schedule.left;
    const scheduleProblem = this.schedule.problem ?? (left > 0 ? `the emulator made ${left} scheduling decisions more than the ideal machine` : undefined);
    const observations = { log: this.log, console: this.console, exits: this.exits, finalMemory: this.finalMemory, end: finished ? this.end : 'step-limit' } as const;
    return { observations, scheduleProblem };
  }

  spawn(program: Program, parent: IdealProcess): IdealProcess {
    return this.create(program, parent.pid, parent.files, parent.image);
  }

  private create(program: Program, parent: number, files: readonly (IdealFile | undefined)[], image: ProcessImage | undefined): IdealProcess {
    const process = new IdealProcess(this.nextPid++, parent, startOf(program, false), [...files], image);
    this.table.set(process.pid, process);
    return process;
  }

  collect(child: IdealProcess): void {
    this.table.delete(child.pid);
  }

  wakeAll(what: IdealWait): void {
    for (const p of this.table.values()) if (p.phase.is === 'waiting' && p.phase.for === what) p.phase = { is: 'ready' };
  }

  askDisk(process: IdealProcess, words: number): void {
    const data = Array.from({ length: words }, (_, i) => diskWord(process.diskAt + i));
    this.disk.push({ at: this.now + (this.run.diskLatency ?? DEFAULT_DISK_LATENCY), pid: process.pid, words: data });
  }

  askSwitch(): void {
    this.switchAsked = true;
  }

  killOutright(process: IdealProcess): void {
    this.log.push({ kind: 'signal', pid: process.pid, sig: 'SIGKILL', action: 'terminated' });
    this.terminate(process, 128 + SIGNAL_NUMBER.SIGKILL);
  }

  /** Ends `process`: its memory is recorded and dropped, its files closed; its parent collects it, or nobody will. */
  terminate(process: IdealProcess, status: number): void {
    this.finalMemory[process.pid] = process.nonZero();
    process.memory = new Map();
    const closed = process.files;
    process.files = [];
    for (const file of closed) {
      if (file?.kind === 'pipe-read') this.wakeAll('pipe-room');
      if (file?.kind === 'pipe-write') this.wakeAll('pipe-data');
    }
    process.phase = { is: 'exited' };
    this.exits[process.pid] = status;
    this.log.push({ kind: 'exit', pid: process.pid, status });
    for (const child of this.table.values()) {
      if (child.parent !== process.pid) continue;
      child.parent = 0;
      if (!child.alive) this.collect(child);
    }
    const parent = this.table.get(process.parent);
    if (parent?.alive !== true) this.collect(process);
    else if (parent.phase.is === 'waiting' && parent.phase.for === 'child') parent.phase = { is: 'ready' };
    if (this.running === process) this.running = undefined;
  }

  /** A guest kernel probe at guest-visible entry `entry` (0: boot). */
  private probe(entry: number): void {
    const probe = this.workload.kernelProbe;
    if (probe === undefined || (probe.atEntry ?? 0) !== entry) return;
    for (const { addr, op } of probe.accesses ?? []) {
      this.log.push({ kind: 'kernel-access', addr, op, outcome: regionOf(addr) === 'guest-kernel' ? 'ok' : 'fault', value: 0 });
    }
    for (const call of probe.hostCalls ?? []) {
      const nr: HostSyscall = typeof call === 'string' ? call : call.nr;
      const allowed = typeof call === 'string' && isAllowedForGuestKernel(nr);
      this.log.push({ kind: 'kernel-host-call', nr, result: !allowed ? ERRNO.EPERM : nr === 'getpid' ? GUEST_MACHINE_PID : 0 });
    }
  }

  /** Runs until the guest halts (true) or the step limit (false). */
  private loop(): boolean {
    while (!this.halted) {
      if (this.steps >= this.run.maxSteps) return false;
      const due = Math.min(this.nextTimer, this.disk[0]?.at ?? Infinity);
      if (this.now >= due) this.interrupt();
      else if (this.idle) this.now = due;
      else this.step(this.running!);
    }
    return true;
  }

  /** The device event due now: a disk completion before the timer. */
  private interrupt(): void {
    const read = this.disk[0];
    if (read !== undefined && read.at <= this.now) {
      this.disk.shift();
      return this.enter(() => {
        const process = this.table.get(read.pid);
        if (process?.alive !== true) return;
        process.diskArrived = read.words;
        if (process.phase.is === 'waiting' && process.phase.for === 'disk') process.phase = { is: 'ready' };
      });
    }
    while (this.nextTimer <= this.now) this.nextTimer += this.run.timerInterval;
    this.enter(() => this.askSwitch());
  }

  /** One guest kernel entry: handle it, run a probe due now, return to a process the schedule names. */
  private enter(handle: () => void): void {
    this.idle = false;
    handle();
    this.entries++;
    this.probe(this.entries);
    this.returnToUser();
  }

  /** One step of the clock for an instruction done. */
  private tick(): void {
    this.steps++;
    this.now++;
  }

  private step(process: IdealProcess): void {
    const position = process.position;
    const next = upcoming(position);
    if (next.kind === 'code-end') return this.syscall(process, position.inHandler ? SIGRETURN : EXIT);
    if (next.kind === 'pass-end') {
      this.tick();
      return endPass(position);
    }
    const instr = next.instr;
    switch (instr.op) {
      case 'loop':
        this.tick();
        return enterLoop(position, instr);
      case 'compute':
        this.now += Math.max(1, instr.cycles) - 1;
        this.tick();
        return pass(position);
      case 'syscall':
        return this.syscall(process, instr.call);
      case 'load':
      case 'store':
        if (!process.usable(instr.addr, instr.op === 'store')) return this.fault(process, instr.addr, instr.op === 'store' ? 'write' : 'read');
        if (instr.op === 'store') process.store(instr.addr, instr.value);
        else this.log.push({ kind: 'load', pid: process.pid, addr: instr.addr, value: process.load(instr.addr) });
        this.tick();
        return pass(position);
    }
  }

  /** An access outside the process's areas: the instruction is skipped and the process gets SIGSEGV. */
  private fault(process: IdealProcess, addr: number, op: 'read' | 'write'): void {
    this.enter(() => {
      this.log.push({ kind: 'fault', pid: process.pid, addr, op });
      this.tick();
      pass(process.position);
      process.pending.push('SIGSEGV');
    });
  }

  private syscall(process: IdealProcess, call: GuestCall): void {
    this.enter(() => {
      const outcome = idealSyscall(this, process, call);
      if (outcome.kind === 'waiting') return;
      this.tick();
      if (outcome.kind === 'gone') return;
      this.log.push({ kind: 'syscall', pid: process.pid, nr: call.nr, result: outcome.result });
      if (outcome.kind === 'done') pass(process.position);
    });
  }

  /** Acts on `process`'s pending signals before it runs; false when one ended it. */
  private deliverSignals(process: IdealProcess): boolean {
    for (let sig = process.pending.shift(); sig !== undefined; sig = process.pending.shift()) {
      const handler = sig === 'SIGKILL' ? undefined : process.handlers.get(sig);
      this.log.push({ kind: 'signal', pid: process.pid, sig, action: handler === undefined ? 'terminated' : 'handled' });
      if (handler === undefined) {
        this.terminate(process, 128 + SIGNAL_NUMBER[sig]);
        return false;
      }
      process.interrupted.push(process.position);
      process.position = startOf(handler, true);
    }
    return true;
  }

  private scheduleView(): ScheduleView {
    const ready: number[] = [];
    for (const p of this.table.values()) if (p.phase.is === 'ready') ready.push(p.pid);
    const running = this.running;
    return { ready: ready.sort((a, b) => a - b), runningAndReady: running?.phase.is === 'ready' ? running.pid : undefined, switchAsked: this.switchAsked };
  }

  /** Leaves the guest kernel for the process the recorded schedule picks (or idles, or halts). */
  private returnToUser(): void {
    for (;;) {
      const pick = this.schedule.take(this.scheduleView());
      this.switchAsked = false;
      if (pick === undefined) return this.halt('halted');
      const next = pick === 0 ? undefined : this.table.get(pick)!;
      if (next !== undefined && !this.deliverSignals(next)) continue;
      this.running = next;
      if (next !== undefined) return;
      let alive = 0;
      for (const p of this.table.values()) if (p.alive) alive++;
      if (alive === 0) return this.halt('halted');
      if (this.disk.length === 0) return this.halt('deadlock');
      this.idle = true;
      return;
    }
  }

  private recordLiveMemory(): void {
    for (const p of this.table.values()) if (p.alive) this.finalMemory[p.pid] = p.nonZero();
  }

  private halt(end: RunEnd): void {
    this.recordLiveMemory();
    this.halted = true;
    this.end = end;
  }
}

/** What the ideal machine observes of `workload` when it follows `run.schedule`. */
export function idealObservations(workload: Workload, run: IdealRun): IdealResult {
  return new IdealMachine(workload, run).observe();
}
