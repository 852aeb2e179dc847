/**
 * The ideal machine's system calls (issue 24), written from each call's
 * meaning (impl/guest/isa.ts documents them; issue 4 §4 defines them) over
 * flat memory: a pointer is good when every word it names is in the caller's
 * heap or stack, and nothing else is consulted. Who holds a pipe's ends is
 * read off the processes' open files when asked, not kept in counters.
 */
import type { GuestCall, Program } from '../../impl/guest/isa.ts';
import { ERRNO, HEAP_BASE, HEAP_LIMIT, MAX_FILES, MAX_TRANSFER, PAGE, PIPE_CAPACITY } from './idealConstants.ts';
import type { IdealFile, IdealPipe, IdealProcess, IdealWait } from './idealProcess.ts';

/** What became of a call: finished (the program goes on past it), returned from a handler, waiting (retried when woken), or the caller is gone. */
export type IdealOutcome =
  | { readonly kind: 'done'; readonly result: number }
  | { readonly kind: 'returned'; readonly result: number }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'gone' };

/** What a call may ask of the machine it runs on. */
export interface SyscallMachine {
  readonly table: ReadonlyMap<number, IdealProcess>;
  readonly console: number[];
  readonly maxProcesses: number;
  /** A new process running `program`, a child of `parent`. */
  spawn(program: Program, parent: IdealProcess): IdealProcess;
  /** Ends `process` with `status`. */
  terminate(process: IdealProcess, status: number): void;
  /** Removes an exited child its parent has collected. */
  collect(child: IdealProcess): void;
  /** Makes every process waiting for `what` ready (to retry its call). */
  wakeAll(what: IdealWait): void;
  /** Asks the disk for `words` words at the process's disk position. */
  askDisk(process: IdealProcess, words: number): void;
  /** Notes that the caller asked to give up the CPU. */
  askSwitch(): void;
  /** Ends `process` by SIGKILL at once (it cannot be caught). */
  killOutright(process: IdealProcess): void;
}

const finished = (result: number): IdealOutcome => ({ kind: 'done', result });

function waitFor(process: IdealProcess, what: IdealWait): IdealOutcome {
  process.phase = { is: 'waiting', for: what };
  return { kind: 'waiting' };
}

/** How many words a transfer of `count` moves: none for a negative count, at most MAX_TRANSFER. */
function transferSize(count: number): number {
  return count <= 0 ? 0 : count > MAX_TRANSFER ? MAX_TRANSFER : count;
}

/** True while some live process holds `end` of `pipe`. */
function held(machine: SyscallMachine, pipe: IdealPipe, end: 'pipe-read' | 'pipe-write'): boolean {
  for (const process of machine.table.values()) {
    if (process.alive && process.files.some((file) => file?.kind === end && file.pipe === pipe)) return true;
  }
  return false;
}

function writeCall(machine: SyscallMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'write' }>): IdealOutcome {
  const file = process.files[call.fd];
  const size = transferSize(call.count);
  if (file?.kind === 'console') {
    if (!process.usableWords(call.addr, size)) return finished(ERRNO.EFAULT);
    for (const word of process.loadWords(call.addr, size)) machine.console.push(word & 0xff);
    return finished(size);
  }
  if (file?.kind !== 'pipe-write') return finished(ERRNO.EBADF);
  if (!held(machine, file.pipe, 'pipe-read')) return finished(ERRNO.EPIPE);
  if (size === 0) return finished(0);
  // A full pipe makes the writer wait before its pointer is looked at; it writes what fits.
  const fits = Math.min(size, PIPE_CAPACITY - file.pipe.words.length);
  if (fits === 0) return waitFor(process, 'pipe-room');
  if (!process.usableWords(call.addr, fits)) return finished(ERRNO.EFAULT);
  file.pipe.words.push(...process.loadWords(call.addr, fits));
  machine.wakeAll('pipe-data');
  return finished(fits);
}

function readDisk(machine: SyscallMachine, process: IdealProcess, addr: number, size: number): IdealOutcome {
  const arrived = process.diskArrived;
  if (arrived === undefined) {
    if (!process.diskAsked) machine.askDisk(process, size);
    process.diskAsked = true;
    return waitFor(process, 'disk');
  }
  const words = arrived.slice(0, size);
  process.diskArrived = undefined;
  process.diskAsked = false;
  process.diskAt += words.length;
  process.storeWords(addr, words);
  return finished(words.length);
}

function readCall(machine: SyscallMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'read' }>): IdealOutcome {
  const file = process.files[call.fd];
  if (file?.kind !== 'disk' && file?.kind !== 'pipe-read') return finished(ERRNO.EBADF);
  const size = transferSize(call.count);
  if (size === 0) return finished(0);
  if (!process.usableWords(call.addr, size, true)) return finished(ERRNO.EFAULT);
  if (file.kind === 'disk') return readDisk(machine, process, call.addr, size);
  const words = file.pipe.words;
  if (words.length === 0) return held(machine, file.pipe, 'pipe-write') ? waitFor(process, 'pipe-data') : finished(0);
  const taken = words.splice(0, size);
  process.storeWords(call.addr, taken);
  machine.wakeAll('pipe-room');
  return finished(taken.length);
}

/** brk: a request outside the heap (or 0) only asks for the break; a shrunk heap loses the words above its new break. */
function brkCall(process: IdealProcess, call: Extract<GuestCall, { nr: 'brk' }>): IdealOutcome {
  const wanted = call.addr;
  if (wanted === 0 || wanted < HEAP_BASE || wanted > HEAP_LIMIT) return finished(process.brk);
  const brk = Math.ceil(wanted / PAGE) * PAGE;
  for (const addr of [...process.memory.keys()]) if (addr >= brk && addr < process.brk) process.memory.delete(addr);
  process.brk = brk;
  return finished(brk);
}

function forkCall(machine: SyscallMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'fork' }>): IdealOutcome {
  let alive = 0;
  for (const p of machine.table.values()) if (p.alive) alive++;
  if (alive >= machine.maxProcesses) return finished(ERRNO.EAGAIN);
  const child = machine.spawn(call.child, process);
  child.memory = new Map(process.memory);
  child.brk = process.brk;
  process.handlers.forEach((handler, sig) => child.handlers.set(sig, handler));
  return finished(child.pid);
}

/** wait: collects the caller's exited child with the lowest pid; waits while its children all run; ECHILD without children. */
function waitCall(machine: SyscallMachine, process: IdealProcess): IdealOutcome {
  let children = 0;
  let exited: IdealProcess | undefined;
  for (const p of machine.table.values()) {
    if (p.parent !== process.pid) continue;
    children++;
    if (!p.alive && (exited === undefined || p.pid < exited.pid)) exited = p;
  }
  if (children === 0) return finished(ERRNO.ECHILD);
  if (exited === undefined) return waitFor(process, 'child');
  machine.collect(exited);
  return finished(exited.pid);
}

function killCall(machine: SyscallMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'kill' }>): IdealOutcome {
  const target = machine.table.get(call.pid);
  if (target?.alive !== true) return finished(ERRNO.ESRCH);
  if (call.sig !== 'SIGKILL') {
    target.pending.push(call.sig);
    return finished(0);
  }
  machine.killOutright(target);
  return target === process ? { kind: 'gone' } : finished(0);
}

/** The lowest free descriptor of `process` for `file`, or EMFILE. */
function open(process: IdealProcess, file: IdealFile): number {
  let fd = 0;
  while (process.files[fd] !== undefined) fd++;
  if (fd >= MAX_FILES) return ERRNO.EMFILE;
  process.files[fd] = file;
  return fd;
}

function pipeCall(process: IdealProcess, call: Extract<GuestCall, { nr: 'pipe' }>): IdealOutcome {
  if (!process.usableWords(call.addr, 2, true)) return finished(ERRNO.EFAULT);
  const pipe: IdealPipe = { words: [] };
  const readEnd = open(process, { kind: 'pipe-read', pipe });
  if (readEnd < 0) return finished(readEnd);
  const writeEnd = open(process, { kind: 'pipe-write', pipe });
  if (writeEnd < 0) {
    process.files[readEnd] = undefined;
    return finished(writeEnd);
  }
  process.storeWords(call.addr, [readEnd, writeEnd]);
  return finished(0);
}

function sigreturnCall(process: IdealProcess): IdealOutcome {
  const resumed = process.interrupted.pop();
  if (resumed === undefined) return finished(ERRNO.EINVAL);
  process.position = resumed;
  return { kind: 'returned', result: 0 };
}

/** Runs `call` for `process` on `machine`. */
export function idealSyscall(machine: SyscallMachine, process: IdealProcess, call: GuestCall): IdealOutcome {
  switch (call.nr) {
    case 'getpid': return finished(process.pid);
    case 'write': return writeCall(machine, process, call);
    case 'read': return readCall(machine, process, call);
    case 'brk': return brkCall(process, call);
    case 'fork': return forkCall(machine, process, call);
    case 'exit':
      machine.terminate(process, call.status | 0);
      return { kind: 'gone' };
    case 'yield':
      machine.askSwitch();
      return finished(0);
    case 'kill': return killCall(machine, process, call);
    case 'pipe': return pipeCall(process, call);
    case 'sigaction':
      if (call.handler === null) process.handlers.delete(call.sig);
      else process.handlers.set(call.sig, call.handler);
      return finished(0);
    case 'sigreturn': return sigreturnCall(process);
    case 'wait': return waitCall(machine, process);
  }
}
