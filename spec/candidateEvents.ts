/**
 * Concrete events worth trying from a spec state: the finite domain that
 * exploration, faithfulness checks and divergence reports enumerate. Values
 * are drawn from the state's own data (the current and live pids, the bound
 * and live address spaces, the mapped pages, the failed access) plus one fresh
 * value of each kind, in the manner of TLC's model values: small, but enough
 * to take and to break every relation the machines state.
 */
import { ADDRESS_SPACE_END, GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, HOST_KERNEL_BASE, PAGE_SIZE } from './layout.ts';
import type { SpecState } from './stepper.ts';
import type { GuestSyscall, HostSignal, HostSyscall, Prot, SpecEvent } from './types.ts';
import { HOST_SIGNALS, STUB_SIGNALS, STUB_SYSCALLS } from './types.ts';

const HOST_CALLS: readonly HostSyscall[] = ['getpid', 'mmap', 'munmap', 'mprotect', 'sigreturn', 'switch-guest', 'write', 'execve'];
const GUEST_CALLS: readonly GuestSyscall[] = ['getpid', 'write', 'fork', 'exit'];
const PROTS: readonly Prot[] = ['none', 'r', 'rw', 'rw-supervisor'];
const USER_PAGE = 0x0804_8000;
const KERNEL_FRAME = 0;
const USER_FRAME = 0x1_0000;

/** The values candidate events are drawn from: a state's names, not its control. */
export interface Domain {
  readonly pids: readonly number[];
  readonly asids: readonly number[];
  readonly stubs: readonly number[];
  readonly failed: readonly { pid: number; addr: number; op: 'read' | 'write' }[];
}

const numbersUnder = (value: unknown, key: string): number[] => {
  if (value === null || typeof value !== 'object') return [];
  const field = (value as Record<string, unknown>)[key];
  if (typeof field === 'number') return [field];
  if (Array.isArray(field)) return field.flatMap((item) => (typeof item === 'number' ? [item] : Array.isArray(item) ? item.filter((n) => typeof n === 'number') : []));
  return [];
};

/** The values `state` names (plus one fresh value of each kind). */
export function domainOf(state: SpecState): Domain {
  const pids = new Set<number>([1, 2]);
  const asids = new Set<number>([0, 1]);
  const stubs = new Set<number>([1]);
  const failed: Domain['failed'][number][] = [];
  for (const context of state.contexts) {
    for (const stub of [...numbersUnder(context, 'seen'), ...numbersUnder(context, 'running')]) stubs.add(stub).add(stub + 1);
    for (const pid of [...numbersUnder(context, 'current'), ...numbersUnder(context, 'live')]) pids.add(pid);
    for (const n of numbersUnder(context, 'maxPid')) pids.add(n + 1);
    for (const asid of numbersUnder(context, 'liveAsid')) asids.add(asid).add(asid + 1);
    const f = (context as { failed?: Domain['failed'][number] | null } | null)?.failed;
    if (f) failed.push(f);
  }
  return { pids: [...pids].sort((a, b) => a - b), asids: [...asids].sort((a, b) => a - b), stubs: [...stubs].sort((a, b) => a - b), failed };
}

const RANGES: readonly (readonly [number, number])[] = [
  [0, GUEST_USER_PAGES], [USER_PAGE, 1], [GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES], [GUEST_KERNEL_BASE, 1], [HOST_KERNEL_BASE, 1],
];

/** The events to try from `state`. */
export function candidateEvents(state: SpecState): readonly SpecEvent[] {
  return eventsOver(domainOf(state));
}

/** The events to try from any state of `domain`. */
export function eventsOver({ pids, asids, stubs, failed }: Domain): readonly SpecEvent[] {
  const events: SpecEvent[] = [{ type: 'vmm.start' }, { type: 'guest.idle' }, { type: 'guest.halt' }, { type: 'host.ptrace.resume' }, { type: 'host.signal.return' }];
  events.push({ type: 'guest.interrupt', irq: 'timer' }, { type: 'guest.interrupt', irq: 'io' });
  for (const pid of pids) {
    for (const nr of GUEST_CALLS) events.push({ type: 'guest.syscall', pid, nr });
    events.push({ type: 'guest.syscall', pid, nr: 'execve' }, { type: 'guest.return', pid }, { type: 'guest.exit', pid });
    for (const to of pids) events.push({ type: 'guest.switch', from: pid, to });
    for (const parent of [0, ...pids]) events.push({ type: 'guest.spawn', parent, pid });
    for (const addr of [USER_PAGE, GUEST_KERNEL_BASE, HOST_KERNEL_BASE]) {
      for (const outcome of ['ok', 'fault'] as const) {
        events.push({ type: 'guest.access', pid, addr, op: 'read', outcome });
        for (const mode of ['user', 'kernel'] as const) events.push({ type: 'guest.access', pid, addr, op: 'read', outcome, mode });
      }
    }
  }
  for (const f of failed) events.push({ type: 'guest.fault', pid: f.pid, addr: f.addr, op: f.op });
  events.push({ type: 'guest.fault', pid: pids[0]!, addr: USER_PAGE + PAGE_SIZE, op: 'write' });
  for (const nr of HOST_CALLS) {
    events.push({ type: 'host.syscall.enter', nr }, { type: 'host.syscall.exit', nr, result: 0 }, { type: 'host.syscall.exit', nr, result: -1 });
    events.push({ type: 'vmm.intercept', nr }, { type: 'vmm.allow', nr }, { type: 'vmm.deny', nr }, { type: 'vmm.rewrite', from: nr, to: 'getpid' });
  }
  for (const at of ['enter', 'exit', 'signal'] as const) events.push({ type: 'host.ptrace.stop', at });
  events.push({ type: 'host.ctxswitch', from: 'guest-machine', to: 'vmm-process' }, { type: 'host.ctxswitch', from: 'vmm-process', to: 'guest-machine' });
  for (const sig of HOST_SIGNALS as readonly HostSignal[]) {
    events.push({ type: 'host.signal.send', sig }, { type: 'host.signal.deliver', sig }, { type: 'vmm.forward', sig });
  }
  for (const asid of asids) {
    events.push({ type: 'host.as.switch', asid });
    for (const [start, pages] of RANGES) {
      events.push({ type: 'host.mm.unmap', asid, start, pages });
      for (const prot of PROTS) {
        events.push({ type: 'host.mm.protect', asid, start, pages, prot });
        const frames = start >= GUEST_KERNEL_BASE && start < HOST_KERNEL_BASE ? [KERNEL_FRAME] : [USER_FRAME, KERNEL_FRAME];
        events.push({ type: 'host.mm.map', asid, start, pages, prot });
        for (const filePage of frames) events.push({ type: 'host.mm.map', asid, start, pages, prot, filePage });
      }
    }
  }
  for (const stub of stubs) {
    events.push({ type: 'host.stub.create', stub }, { type: 'host.stub.kill', stub });
    for (const why of ['syscall', 'signal'] as const) events.push({ type: 'host.stub.stop', stub, why });
    for (const how of ['sysemu', 'cont'] as const) events.push({ type: 'host.stub.resume', stub, how });
    for (const dir of ['get', 'set'] as const) for (const set of ['gpr', 'fp', 'other'] as const) events.push({ type: 'host.stub.regs', stub, dir, set });
    for (const sig of STUB_SIGNALS) events.push({ type: 'host.stub.signal', stub, sig });
    for (const to of ['kernel', 'stub'] as const) events.push({ type: 'host.stub.wake', stub, to });
    for (const nr of STUB_SYSCALLS) events.push({ type: 'host.stub.syscall', stub, nr });
    events.push({ type: 'host.stub.sigreturn', stub });
  }
  for (const limit of [GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_KERNEL_BASE + PAGE_SIZE]) events.push({ type: 'host.segment.set', limit });
  for (const ring of [0, 1, 3] as const) events.push({ type: 'host.ring.set', ring });
  return events;
}

/** A short description of an event: its type and the fields that tell it apart. */
export function briefEvent(event: SpecEvent): string {
  const { type, ...fields } = event;
  const parts = Object.entries(fields).map(([k, v]) => (typeof v === 'number' && (k === 'addr' || k === 'start' || k === 'limit') ? `${k}=0x${v.toString(16)}` : `${k}=${String(v)}`));
  return parts.length === 0 ? type : `${type} ${parts.join(' ')}`;
}
