/**
 * The ideal machine's system calls: the guest kernel's semantics written again
 * over flat per-process memory, from the call's definition (issue 4 §4), not
 * from the guest kernel's code: a pointer is usable when every word it names
 * lies in the process's heap or stack, nothing else is consulted.
 */
import { compile, HEAP_BASE, HEAP_LIMIT, MAX_TRANSFER, PIPE_CAPACITY, type GuestCall } from '../../impl/index.ts';
import type { IdealMachine } from './idealMachine.ts';
import { IdealProcess, type IdealFile, type IdealWait } from './idealProcess.ts';

const EBADF = -9;
const ECHILD = -10;
const EAGAIN = -11;
const EFAULT = -14;
const EINVAL = -22;
const EMFILE = -24;
const EPIPE = -32;
const ESRCH = -3;
const PAGE = 0x1000;
const MAX_FILES = 32;

/** What became of a call. */
export type IdealOutcome =
  | { readonly kind: 'done'; readonly result: number }
  | { readonly kind: 'restored'; readonly result: number }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'gone' };

const done = (result: number): IdealOutcome => ({ kind: 'done', result });

function block(process: IdealProcess, on: IdealWait): IdealOutcome {
  process.state = { kind: 'blocked', on };
  return { kind: 'blocked' };
}

function openFile(process: IdealProcess, file: IdealFile): number {
  const free = process.files.findIndex((f) => f === undefined);
  const fd = free < 0 ? process.files.length : free;
  if (fd >= MAX_FILES) return EMFILE;
  process.files[fd] = file;
  return fd;
}

function words(process: IdealProcess, addr: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => process.read(addr + 4 * i));
}

function write(machine: IdealMachine, process: IdealProcess, fd: number, addr: number, count: number): IdealOutcome {
  const file = process.files[fd];
  const n = Math.max(0, Math.min(count, MAX_TRANSFER));
  if (file?.kind === 'console') {
    if (!process.validRange(addr, n, 'in')) return done(EFAULT);
    machine.console.push(...words(process, addr, n).map((w) => w & 0xff));
    return done(n);
  }
  if (file?.kind !== 'pipe-write') return done(EBADF);
  const pipe = file.pipe;
  if (pipe.readers === 0) return done(EPIPE);
  if (n === 0) return done(0);
  const m = Math.min(n, PIPE_CAPACITY - pipe.buffer.length);
  if (m === 0) return block(process, 'pipe-write');
  if (!process.validRange(addr, m, 'in')) return done(EFAULT);
  pipe.buffer.push(...words(process, addr, m));
  machine.wake('pipe-read');
  return done(m);
}

function store(process: IdealProcess, addr: number, data: readonly number[]): void {
  data.forEach((word, i) => process.write(addr + 4 * i, word));
}

function read(machine: IdealMachine, process: IdealProcess, fd: number, addr: number, count: number): IdealOutcome {
  const file = process.files[fd];
  const n = Math.max(0, Math.min(count, MAX_TRANSFER));
  if (file?.kind === 'disk') {
    if (n === 0) return done(0);
    if (!process.validRange(addr, n, 'out')) return done(EFAULT);
    if (process.diskData !== undefined) {
      const data = process.diskData.slice(0, n);
      process.diskData = undefined;
      process.diskRequested = false;
      process.diskOffset += data.length;
      store(process, addr, data);
      return done(data.length);
    }
    if (!process.diskRequested) {
      machine.startDiskRead(process, n);
      process.diskRequested = true;
    }
    return block(process, 'disk');
  }
  if (file?.kind !== 'pipe-read') return done(EBADF);
  if (n === 0) return done(0);
  if (!process.validRange(addr, n, 'out')) return done(EFAULT);
  const pipe = file.pipe;
  if (pipe.buffer.length === 0) return pipe.writers === 0 ? done(0) : block(process, 'pipe-read');
  const data = pipe.buffer.splice(0, n);
  store(process, addr, data);
  machine.wake('pipe-write');
  return done(data.length);
}

function brk(process: IdealProcess, addr: number): IdealOutcome {
  if (addr === 0 || addr < HEAP_BASE || addr > HEAP_LIMIT) return done(process.brk);
  const next = Math.ceil(addr / PAGE) * PAGE;
  if (next < process.brk) for (const a of [...process.memory.keys()]) if (a >= next && a < process.brk) process.memory.delete(a);
  process.brk = next;
  return done(next);
}

function fork(machine: IdealMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'fork' }>): IdealOutcome {
  if (machine.aliveCount() >= machine.maxProcesses) return done(EAGAIN);
  const child = machine.spawn(compile(call.child), process.pid, process.files, process.image);
  for (const file of child.files) {
    if (file?.kind === 'pipe-read') file.pipe.readers++;
    if (file?.kind === 'pipe-write') file.pipe.writers++;
  }
  child.brk = process.brk;
  for (const [sig, handler] of process.handlers) child.handlers.set(sig, handler);
  for (const [a, v] of process.memory) child.memory.set(a, v);
  return done(child.pid);
}

function wait(machine: IdealMachine, process: IdealProcess): IdealOutcome {
  const children = [...machine.processes.values()].filter((p) => p.parent === process.pid && p.state.kind !== 'reaped');
  if (children.length === 0) return done(ECHILD);
  const zombie = children.find((p) => p.state.kind === 'zombie');
  if (zombie === undefined) return block(process, 'child');
  machine.reap(zombie);
  return done(zombie.pid);
}

function kill(machine: IdealMachine, process: IdealProcess, call: Extract<GuestCall, { nr: 'kill' }>): IdealOutcome {
  const target = machine.processes.get(call.pid);
  if (target === undefined || !target.alive) return done(ESRCH);
  if (call.sig === 'SIGKILL') {
    machine.log.push({ kind: 'signal', pid: target.pid, sig: 'SIGKILL', action: 'terminated' });
    machine.terminate(target, 128 + 9);
    return target === process ? { kind: 'gone' } : done(0);
  }
  target.pending.push(call.sig);
  return done(0);
}

function pipe(process: IdealProcess, addr: number): IdealOutcome {
  if (!process.validRange(addr, 2, 'out')) return done(EFAULT);
  const shared = { buffer: [], readers: 0, writers: 0 };
  const readFd = openFile(process, { kind: 'pipe-read', pipe: shared });
  const writeFd = readFd < 0 ? readFd : openFile(process, { kind: 'pipe-write', pipe: shared });
  if (writeFd < 0) {
    if (readFd >= 0) process.files[readFd] = undefined;
    return done(EMFILE);
  }
  shared.readers = 1;
  shared.writers = 1;
  store(process, addr, [readFd, writeFd]);
  return done(0);
}

/** Runs `call` for `process` on the ideal machine. */
export function idealSyscall(machine: IdealMachine, process: IdealProcess, call: GuestCall): IdealOutcome {
  switch (call.nr) {
    case 'getpid':
      return done(process.pid);
    case 'write':
      return write(machine, process, call.fd, call.addr, call.count);
    case 'read':
      return read(machine, process, call.fd, call.addr, call.count);
    case 'brk':
      return brk(process, call.addr);
    case 'fork':
      return fork(machine, process, call);
    case 'exit':
      machine.terminate(process, call.status | 0);
      return { kind: 'gone' };
    case 'yield':
      machine.preempt = true;
      return done(0);
    case 'kill':
      return kill(machine, process, call);
    case 'pipe':
      return pipe(process, call.addr);
    case 'sigaction':
      if (call.handler === null) process.handlers.delete(call.sig);
      else process.handlers.set(call.sig, compile(call.handler));
      return done(0);
    case 'sigreturn': {
      const saved = process.saved.pop();
      if (saved === undefined) return done(EINVAL);
      process.context = saved;
      return { kind: 'restored', result: 0 };
    }
    case 'wait':
      return wait(machine, process);
  }
}
