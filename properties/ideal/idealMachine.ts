/**
 * The ideal machine (issue 12): the independent reference every variant and
 * every plug-in is compared with. Flat per-process memory and the syscall
 * semantics, run on the same clock (one unit per instruction, compute N: N),
 * the same timer and disk and the same seeded scheduler as the emulator, but
 * no MMU, no host kernel, no VMM: an access is legal when its address lies in
 * the process's heap, stack or image areas (a store: in a writable one), and a guest kernel probe reaches exactly the
 * guest kernel region and calls exactly the host calls the allow-list names.
 */
import {
  compile, diskWord, GUEST_MACHINE_PID, SeededRandom, type GuestCall, type Observation, type Observations, type Op, type ProcessImage, type Workload,
} from '../../impl/index.ts';
import { isAllowedForGuestKernel, regionOf, type HostSyscall } from '../../spec/index.ts';
import { IdealProcess, type IdealFile } from './idealProcess.ts';
import { idealSyscall } from './idealSyscalls.ts';

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGSEGV: 11, SIGUSR1: 10, SIGKILL: 9 };
const EPERM = -1;
const EXIT: GuestCall = { nr: 'exit', status: 0 };
const SIGRETURN: GuestCall = { nr: 'sigreturn' };

/** How the ideal machine runs a workload (the scenario's parameters). */
export interface IdealRun {
  readonly seed: number;
  readonly timerInterval: number;
  readonly maxSteps: number;
  readonly diskLatency?: number;
  readonly maxProcesses?: number;
}

/** One run of the ideal machine. */
export class IdealMachine {
  readonly processes = new Map<number, IdealProcess>();
  readonly log: Observation[] = [];
  readonly console: number[] = [];
  readonly exits: Record<number, number> = {};
  readonly finalMemory: Record<number, readonly (readonly [number, number])[]> = {};
  readonly maxProcesses: number;
  preempt = false;
  private current: IdealProcess | undefined;
  private idle = false;
  private halted = false;
  private end: Observations['end'] = 'halted';
  private nextPid = 1;
  private now = 0;
  private instructions = 0;
  private nextTimer: number;
  private readonly completions: { at: number; pid: number; data: readonly number[] }[] = [];
  private readonly rng: SeededRandom;
  private entries = 0;

  constructor(private readonly workload: Workload, private readonly run: IdealRun) {
    this.rng = new SeededRandom(run.seed);
    this.nextTimer = run.timerInterval;
    this.maxProcesses = run.maxProcesses ?? 64;
  }

  /** A new process running `code`. */
  spawn(code: readonly Op[], parent: number, files: readonly (IdealFile | undefined)[], image: ProcessImage | undefined): IdealProcess {
    const process = new IdealProcess(this.nextPid++, parent, { code, pc: 0, loops: [], handler: false }, files, image);
    this.processes.set(process.pid, process);
    return process;
  }

  aliveCount(): number {
    let n = 0;
    for (const p of this.processes.values()) if (p.alive) n++;
    return n;
  }

  wake(reason: 'pipe-read' | 'pipe-write' | 'child', only?: number): void {
    for (const p of this.processes.values()) {
      if (p.state.kind === 'blocked' && p.state.on === reason && (only === undefined || p.pid === only)) p.state = { kind: 'runnable' };
    }
  }

  reap(process: IdealProcess): void {
    process.state = { kind: 'reaped' };
    this.processes.delete(process.pid);
  }

  startDiskRead(process: IdealProcess, words: number): void {
    const data = Array.from({ length: words }, (_, i) => diskWord(process.diskOffset + i));
    this.completions.push({ at: this.now + (this.run.diskLatency ?? 300), pid: process.pid, data });
  }

  terminate(process: IdealProcess, status: number): void {
    this.finalMemory[process.pid] = process.snapshot();
    process.memory.clear();
    process.files.forEach((file, fd) => {
      process.files[fd] = undefined;
      if (file?.kind === 'pipe-read') {
        file.pipe.readers--;
        this.wake('pipe-write');
      } else if (file?.kind === 'pipe-write') {
        file.pipe.writers--;
        this.wake('pipe-read');
      }
    });
    process.state = { kind: 'zombie' };
    this.exits[process.pid] = status;
    this.log.push({ kind: 'exit', pid: process.pid, status });
    for (const child of this.processes.values()) {
      if (child.parent !== process.pid) continue;
      child.parent = 0;
      if (child.state.kind === 'zombie') this.reap(child);
    }
    const parent = this.processes.get(process.parent);
    if (parent === undefined || !parent.alive) this.reap(process);
    else this.wake('child', parent.pid);
    if (this.current === process) this.current = undefined;
  }

  /** Runs the workload; the guest-visible observations. */
  observe(): Observations {
    this.probe(0);
    const files: IdealFile[] = [{ kind: 'disk' }, { kind: 'console' }, { kind: 'console' }];
    for (const program of this.workload.programs) this.spawn(compile(program), 0, files, this.workload.image);
    this.returnToUser();
    const finished = this.loop();
    if (!finished) for (const p of this.processes.values()) if (p.alive) this.finalMemory[p.pid] = p.snapshot();
    return { log: this.log, console: this.console, exits: this.exits, finalMemory: this.finalMemory, end: finished ? this.end : 'step-limit' };
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
      this.log.push({ kind: 'kernel-host-call', nr, result: !allowed ? EPERM : nr === 'getpid' ? GUEST_MACHINE_PID : 0 });
    }
  }

  private loop(): boolean {
    while (!this.halted) {
      if (this.instructions >= this.run.maxSteps) return false;
      const nextEvent = Math.min(this.nextTimer, this.completions[0]?.at ?? Infinity);
      if (this.now >= nextEvent) {
        this.interrupt();
        continue;
      }
      if (this.idle) {
        this.now = Math.max(this.now, nextEvent);
        continue;
      }
      this.step(this.current!);
    }
    return true;
  }

  /** The device event due now: a disk completion before the timer. */
  private interrupt(): void {
    const first = this.completions[0];
    if (first !== undefined && first.at <= this.now) {
      this.completions.shift();
      const process = this.processes.get(first.pid);
      this.enter(() => {
        if (process === undefined || !process.alive) return;
        process.diskData = first.data;
        if (process.state.kind === 'blocked' && process.state.on === 'disk') process.state = { kind: 'runnable' };
      });
      return;
    }
    while (this.nextTimer <= this.now) this.nextTimer += this.run.timerInterval;
    this.enter(() => {
      this.preempt = true;
    });
  }

  /** One guest kernel entry: handle it, run a probe due now, pick what runs next. */
  private enter(handle: () => void): void {
    this.idle = false;
    handle();
    this.entries++;
    this.probe(this.entries);
    this.returnToUser();
  }

  private tick(process: IdealProcess, advance: boolean): void {
    this.instructions++;
    this.now++;
    if (advance) process.context.pc++;
  }

  private step(process: IdealProcess): void {
    const context = process.context;
    const op = context.code[context.pc];
    if (op === undefined) return this.syscall(process, context.handler ? SIGRETURN : EXIT);
    switch (op.op) {
      case 'load':
      case 'store':
        if (!(op.op === 'store' ? process.writable(op.addr) : process.valid(op.addr))) {
          this.enter(() => {
            this.log.push({ kind: 'fault', pid: process.pid, addr: op.addr, op: op.op === 'store' ? 'write' : 'read' });
            this.tick(process, true);
            process.pending.push('SIGSEGV');
          });
          return;
        }
        if (op.op === 'store') process.write(op.addr, op.value);
        else this.log.push({ kind: 'load', pid: process.pid, addr: op.addr, value: process.read(op.addr) });
        return this.tick(process, true);
      case 'compute':
        this.now += Math.max(1, op.cycles) - 1;
        return this.tick(process, true);
      case 'syscall':
        return this.syscall(process, op.call);
      case 'loop-begin':
        if (op.times <= 0) {
          context.pc = op.end;
          return this.tick(process, true);
        }
        context.loops.push(op.times);
        return this.tick(process, true);
      case 'loop-end': {
        const top = context.loops.length - 1;
        const left = context.loops[top]! - 1;
        if (left > 0) {
          context.loops[top] = left;
          context.pc = op.begin;
        } else {
          context.loops.pop();
        }
        return this.tick(process, true);
      }
    }
  }

  private syscall(process: IdealProcess, call: GuestCall): void {
    this.enter(() => {
      const outcome = idealSyscall(this, process, call);
      if (outcome.kind === 'blocked') return;
      this.instructions++;
      this.now++;
      if (outcome.kind === 'gone') return;
      this.log.push({ kind: 'syscall', pid: process.pid, nr: call.nr, result: outcome.result });
      if (outcome.kind === 'done') process.context.pc++;
    });
  }

  private pickNext(): IdealProcess | undefined {
    const preempt = this.preempt;
    this.preempt = false;
    const current = this.current;
    if (current !== undefined && current.state.kind === 'runnable' && !preempt) return current;
    const runnable = [...this.processes.values()].filter((p) => p.state.kind === 'runnable');
    const others = runnable.filter((p) => p !== current);
    const candidates = others.length > 0 ? others : runnable;
    if (candidates.length <= 1) return candidates[0];
    return candidates[this.rng.below(candidates.length)];
  }

  /** Delivers `process`'s pending signals; false when one ended it. */
  private deliverSignals(process: IdealProcess): boolean {
    for (let sig = process.pending.shift(); sig !== undefined; sig = process.pending.shift()) {
      const handler = sig === 'SIGKILL' ? undefined : process.handlers.get(sig);
      this.log.push({ kind: 'signal', pid: process.pid, sig, action: handler ? 'handled' : 'terminated' });
      if (handler === undefined) {
        this.terminate(process, 128 + SIGNAL_NUMBERS[sig]!);
        return false;
      }
      process.saved.push(process.context);
      process.context = { code: handler, pc: 0, loops: [], handler: true };
    }
    return true;
  }

  private returnToUser(): void {
    let next = this.pickNext();
    while (next !== undefined && !this.deliverSignals(next)) next = this.pickNext();
    if (next === undefined) {
      if (this.aliveCount() === 0) return this.halt('halted');
      if (this.completions.length === 0) return this.halt('deadlock');
    }
    this.current = next;
    this.idle = next === undefined;
  }

  private halt(end: Observations['end']): void {
    for (const p of this.processes.values()) if (p.alive) this.finalMemory[p.pid] = p.snapshot();
    this.halted = true;
    this.end = end;
  }
}

/** The observations the ideal machine makes of `workload`. */
export function idealObservations(workload: Workload, run: IdealRun): Observations {
  return new IdealMachine(workload, run).observe();
}
