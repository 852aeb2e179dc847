/**
 * The guest kernel's system calls (issue 4 §4): getpid, console and pipe
 * write, disk (completed by SIGIO) and pipe read, brk, fork, exit, yield,
 * kill, pipe, sigaction, sigreturn and wait. A call either completes with a
 * result, blocks (and is restarted when the process is woken), or ends the
 * process.
 */
import { EBADF, ECHILD, EAGAIN, EFAULT, EINVAL, EMFILE, EPIPE, ESRCH } from '../host/errno.ts';
import { PAGE_SIZE } from '../mmu/layout.ts';
import type { GuestKernel } from './guestKernel.ts';
import { HEAP_BASE, HEAP_LIMIT, type GuestProcess, type OpenFile, type WaitReason } from './guestProcess.ts';
import { compile, type GuestCall } from './isa.ts';
import { Pipe } from './pipe.ts';

/** What became of a syscall. */
export type SyscallOutcome =
  | { readonly kind: 'done'; readonly result: number }
  /** Completed by restoring a saved context (sigreturn): the program counter is not advanced. */
  | { readonly kind: 'restored'; readonly result: number }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'gone' };

/** Words one read or write moves at most. */
export const MAX_TRANSFER = 64;

const done = (result: number): SyscallOutcome => ({ kind: 'done', result });

function block(process: GuestProcess, on: WaitReason): SyscallOutcome {
  process.state = { kind: 'blocked', on };
  return { kind: 'blocked' };
}

function openFile(process: GuestProcess, file: OpenFile): number {
  const free = process.files.findIndex((f) => f === undefined);
  const fd = free < 0 ? process.files.length : free;
  if (fd >= 32) return EMFILE;
  process.files[fd] = file;
  return fd;
}

function write(kernel: GuestKernel, process: GuestProcess, fd: number, addr: number, count: number): SyscallOutcome {
  const file = process.files[fd];
  const n = Math.max(0, Math.min(count, MAX_TRANSFER));
  if (file?.kind === 'console') {
    const words = kernel.memory.copyFromUser(process, addr, n);
    if (words === undefined) return done(EFAULT);
    const bytes = words.map((w) => w & 0xff);
    if (bytes.length > 0) kernel.calls.call('write', { kind: 'console', bytes });
    kernel.console.push(...bytes);
    return done(n);
  }
  if (file?.kind !== 'pipe-write') return done(EBADF);
  const pipe = file.pipe;
  if (pipe.readers === 0) return done(EPIPE);
  if (n === 0) return done(0);
  const m = Math.min(n, pipe.room);
  if (m === 0) return block(process, 'pipe-write');
  const words = kernel.memory.copyFromUser(process, addr, m);
  if (words === undefined) return done(EFAULT);
  pipe.buffer.push(...words);
  kernel.wake('pipe-read');
  return done(m);
}

function read(kernel: GuestKernel, process: GuestProcess, fd: number, addr: number, count: number): SyscallOutcome {
  const file = process.files[fd];
  const n = Math.max(0, Math.min(count, MAX_TRANSFER));
  if (file?.kind === 'disk') {
    if (n === 0) return done(0);
    if (!kernel.memory.validRange(process, addr, n, 'out')) return done(EFAULT);
    if (process.diskData !== undefined) {
      const data = process.diskData.slice(0, n);
      process.diskData = undefined;
      process.diskRequested = false;
      process.diskOffset += data.length;
      kernel.memory.copyToUser(process, addr, data);
      return done(data.length);
    }
    if (!process.diskRequested) {
      kernel.calls.call('read', { kind: 'device-read', offset: process.diskOffset, words: n });
      process.diskRequested = true;
      kernel.diskQueue.push(process.pid);
    }
    return block(process, 'disk');
  }
  if (file?.kind !== 'pipe-read') return done(EBADF);
  if (n === 0) return done(0);
  if (!kernel.memory.validRange(process, addr, n, 'out')) return done(EFAULT);
  const pipe = file.pipe;
  if (pipe.buffer.length === 0) return pipe.writers === 0 ? done(0) : block(process, 'pipe-read');
  const words = pipe.buffer.splice(0, n);
  kernel.memory.copyToUser(process, addr, words);
  kernel.wake('pipe-write');
  return done(words.length);
}

function brk(kernel: GuestKernel, process: GuestProcess, addr: number): SyscallOutcome {
  if (addr === 0 || addr < HEAP_BASE || addr > HEAP_LIMIT) return done(process.brk);
  const next = Math.ceil(addr / PAGE_SIZE) * PAGE_SIZE;
  if (next < process.brk) {
    for (let page = next / PAGE_SIZE; page < process.brk / PAGE_SIZE; page++) {
      const frame = process.pageTable.get(page);
      if (frame === undefined) continue;
      kernel.memory.release(frame);
      process.pageTable.delete(page);
    }
    if (kernel.bugs.brkKeepsMapping !== true) kernel.calls.call('munmap', { kind: 'range', start: next, pages: (process.brk - next) / PAGE_SIZE, prot: 'none', filePage: 0 });
  }
  process.brk = next;
  return done(next);
}

function fork(kernel: GuestKernel, process: GuestProcess, call: Extract<GuestCall, { nr: 'fork' }>): SyscallOutcome {
  if (kernel.aliveCount() >= kernel.maxProcesses) return done(EAGAIN);
  const child = kernel.spawn(call.child, process.pid, process.files, process.image);
  if (child === undefined) return done(EAGAIN);
  for (const file of child.files) {
    if (file?.kind === 'pipe-read') file.pipe.readers++;
    if (file?.kind === 'pipe-write') file.pipe.writers++;
  }
  child.brk = process.brk;
  for (const [sig, handler] of process.handlers) child.handlers.set(sig, handler);
  if (kernel.bugs.forkSharesFrames === true) for (const [page, frame] of process.pageTable) child.pageTable.set(page, frame);
  else kernel.memory.copyAddressSpace(process, child);
  return done(child.pid);
}

function wait(kernel: GuestKernel, process: GuestProcess): SyscallOutcome {
  const children = [...kernel.processes.values()].filter((p) => p.parent === process.pid && p.state.kind !== 'reaped');
  if (children.length === 0) return done(ECHILD);
  const zombie = children.find((p) => p.state.kind === 'zombie');
  if (zombie === undefined) return block(process, 'child');
  kernel.reap(zombie);
  return done(zombie.pid);
}

function kill(kernel: GuestKernel, process: GuestProcess, call: Extract<GuestCall, { nr: 'kill' }>): SyscallOutcome {
  const target = kernel.processes.get(call.pid);
  if (target === undefined || !target.alive) return done(ESRCH);
  if (call.sig === 'SIGKILL') {
    kernel.log.push({ kind: 'signal', pid: target.pid, sig: 'SIGKILL', action: 'terminated' });
    kernel.terminate(target, 128 + 9);
    return target === process ? { kind: 'gone' } : done(0);
  }
  target.pendingSignals.push(call.sig);
  return done(0);
}

/** Runs guest syscall `call` for `process`. */
export function runSyscall(kernel: GuestKernel, process: GuestProcess, call: GuestCall): SyscallOutcome {
  switch (call.nr) {
    case 'getpid':
      return done(process.pid);
    case 'write':
      return write(kernel, process, call.fd, call.addr, call.count);
    case 'read':
      return read(kernel, process, call.fd, call.addr, call.count);
    case 'brk':
      return brk(kernel, process, call.addr);
    case 'fork':
      return fork(kernel, process, call);
    case 'exit':
      kernel.terminate(process, call.status | 0);
      return { kind: 'gone' };
    case 'yield':
      kernel.preempt = true;
      return done(0);
    case 'kill':
      return kill(kernel, process, call);
    case 'pipe': {
      if (!kernel.memory.validRange(process, call.addr, 2, 'out')) return done(EFAULT);
      const pipe = new Pipe();
      const readFd = openFile(process, { kind: 'pipe-read', pipe });
      const writeFd = readFd < 0 ? readFd : openFile(process, { kind: 'pipe-write', pipe });
      if (writeFd < 0) {
        if (readFd >= 0) process.files[readFd] = undefined;
        return done(EMFILE);
      }
      pipe.readers = 1;
      pipe.writers = 1;
      kernel.memory.copyToUser(process, call.addr, [readFd, writeFd]);
      return done(0);
    }
    case 'sigaction':
      if (call.handler === null) process.handlers.delete(call.sig);
      else process.handlers.set(call.sig, compile(call.handler, kernel.bugs));
      return done(0);
    case 'sigreturn': {
      const saved = process.savedContexts.pop();
      if (saved === undefined) return done(EINVAL);
      process.context = saved;
      return { kind: 'restored', result: 0 };
    }
    case 'wait':
      return wait(kernel, process);
  }
}
