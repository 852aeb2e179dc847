/**
 * The finite alphabet the spec machines are defined over. A concrete event
 * (with addresses, pids, page counts) is abstracted to a *symbol*: its type
 * plus the few features the machines' guards read (the region of an access,
 * the class of a page range, the signal, …). Every guard must depend on the
 * symbol only; `stepper.test.ts` checks that on random concrete events. This
 * is what lets a transition table be compiled from the XState machines.
 */
import { isAllowedForGuestKernel } from './allowList.ts';
import { classifyRange, classifySegmentLimit, regionOf, GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, PAGE_SIZE } from './layout.ts';
import type { HostSignal, HostSyscall, Prot, SpecEvent, SpecEventType } from './types.ts';
import { HOST_SIGNALS, STUB_SIGNALS, STUB_SYSCALLS } from './types.ts';

/** A symbol: `type` or `type:feature`. */
export type EventSymbol = string;

/** The syscall classes guards tell apart. */
function syscallClass(nr: HostSyscall): 'getpid' | 'sigreturn' | 'other' {
  return nr === 'getpid' || nr === 'sigreturn' ? nr : 'other';
}

function ringClass(ring: number): string {
  return ring === 1 || ring === 3 ? String(ring) : 'other';
}

/** The feature of `event` its guards may read, or '' when they read none. */
function featureOf(event: SpecEvent): string {
  switch (event.type) {
    case 'guest.access':
      return `${regionOf(event.addr)}:${event.outcome}`;
    case 'host.syscall.enter':
    case 'host.syscall.exit':
      return syscallClass(event.nr);
    case 'host.ptrace.stop':
      return event.at;
    case 'host.ctxswitch':
      return event.to;
    case 'host.signal.send':
    case 'host.signal.deliver':
    case 'vmm.forward':
      return event.sig;
    case 'host.mm.map':
    case 'host.mm.unmap':
      return classifyRange(event.start, event.pages);
    case 'host.mm.protect':
      return `${classifyRange(event.start, event.pages)}:${event.prot}`;
    case 'host.segment.set':
      return classifySegmentLimit(event.limit);
    case 'host.ring.set':
      return ringClass(event.ring);
    case 'vmm.rewrite':
      return event.to === 'getpid' ? 'getpid' : 'other';
    case 'vmm.allow':
    case 'vmm.deny':
      return isAllowedForGuestKernel(event.nr) ? 'listed' : 'unlisted';
    case 'host.stub.stop':
      return event.why;
    case 'host.stub.resume':
      return event.how;
    case 'host.stub.regs':
      return `${event.dir}:${event.set}`;
    case 'host.stub.signal':
      return event.sig;
    case 'host.stub.wake':
      return event.to;
    case 'host.stub.syscall':
      return event.nr;
    case 'host.stub.sigreturn':
    case 'host.stub.create':
    case 'host.stub.kill':
    case 'guest.syscall':
    case 'guest.interrupt':
    case 'guest.fault':
    case 'guest.return':
    case 'guest.idle':
    case 'guest.switch':
    case 'guest.halt':
    case 'guest.spawn':
    case 'guest.exit':
    case 'host.ptrace.resume':
    case 'host.signal.return':
    case 'host.as.switch':
    case 'vmm.start':
    case 'vmm.intercept':
      return '';
  }
}

/** The symbol of a concrete event. */
export function symbolOf(event: SpecEvent): EventSymbol {
  const feature = featureOf(event);
  return feature === '' ? event.type : `${event.type}:${feature}`;
}

const RANGES: readonly (readonly [number, number])[] = [
  [0, GUEST_USER_PAGES],
  [0x1000_0000, 1],
  [GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES],
  [GUEST_KERNEL_BASE, 1],
  [HOST_KERNEL_BASE, 1],
];
const PROTS: readonly Prot[] = ['none', 'r', 'rw', 'rw-supervisor'];
const signals = (make: (sig: HostSignal) => SpecEvent): SpecEvent[] => HOST_SIGNALS.map(make);
const syscalls: readonly HostSyscall[] = ['getpid', 'sigreturn', 'mmap'];

/** One concrete event per symbol: the events the compiler and the graph tools feed the machines. */
export const REPRESENTATIVES: Readonly<Record<SpecEventType, readonly SpecEvent[]>> = {
  'guest.syscall': [{ type: 'guest.syscall', pid: 1, nr: 'getpid' }],
  'guest.interrupt': [{ type: 'guest.interrupt', irq: 'timer' }],
  'guest.access': [0x1000, GUEST_KERNEL_BASE, HOST_KERNEL_BASE].flatMap((addr) =>
    (['ok', 'fault'] as const).map((outcome): SpecEvent => ({ type: 'guest.access', pid: 1, addr, op: 'read', outcome, mode: 'user' })),
  ),
  'guest.fault': [{ type: 'guest.fault', pid: 1, addr: 0x1000, op: 'read' }],
  'guest.return': [{ type: 'guest.return', pid: 1 }],
  'guest.idle': [{ type: 'guest.idle' }],
  'guest.switch': [{ type: 'guest.switch', from: 1, to: 2 }],
  'guest.halt': [{ type: 'guest.halt' }],
  'guest.spawn': [{ type: 'guest.spawn', parent: 1, pid: 2 }],
  'guest.exit': [{ type: 'guest.exit', pid: 1 }],
  'host.syscall.enter': syscalls.map((nr): SpecEvent => ({ type: 'host.syscall.enter', nr })),
  'host.syscall.exit': syscalls.map((nr): SpecEvent => ({ type: 'host.syscall.exit', nr, result: 0 })),
  'host.ptrace.stop': (['enter', 'exit', 'signal'] as const).map((at): SpecEvent => ({ type: 'host.ptrace.stop', at })),
  'host.ptrace.resume': [{ type: 'host.ptrace.resume' }],
  'host.ctxswitch': [
    { type: 'host.ctxswitch', from: 'guest-machine', to: 'vmm-process' },
    { type: 'host.ctxswitch', from: 'vmm-process', to: 'guest-machine' },
  ],
  'host.signal.send': signals((sig) => ({ type: 'host.signal.send', sig })),
  'host.signal.deliver': signals((sig) => ({ type: 'host.signal.deliver', sig })),
  'host.signal.return': [{ type: 'host.signal.return' }],
  'host.mm.map': RANGES.map(([start, pages]): SpecEvent => ({ type: 'host.mm.map', asid: 0, start, pages, prot: 'rw', filePage: 0 })),
  'host.mm.unmap': RANGES.map(([start, pages]): SpecEvent => ({ type: 'host.mm.unmap', asid: 0, start, pages })),
  'host.mm.protect': RANGES.flatMap(([start, pages]) =>
    PROTS.map((prot): SpecEvent => ({ type: 'host.mm.protect', asid: 0, start, pages, prot })),
  ),
  'host.segment.set': [GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_KERNEL_BASE + PAGE_SIZE].map(
    (limit): SpecEvent => ({ type: 'host.segment.set', limit }),
  ),
  'host.ring.set': ([0, 1, 3] as const).map((ring): SpecEvent => ({ type: 'host.ring.set', ring })),
  'host.as.switch': [{ type: 'host.as.switch', asid: 1 }],
  'vmm.start': [{ type: 'vmm.start' }],
  'vmm.intercept': [{ type: 'vmm.intercept', nr: 'getpid' }],
  'vmm.rewrite': [
    { type: 'vmm.rewrite', from: 'write', to: 'getpid' },
    { type: 'vmm.rewrite', from: 'write', to: 'mmap' },
  ],
  'vmm.allow': [
    { type: 'vmm.allow', nr: 'mprotect' },
    { type: 'vmm.allow', nr: 'execve' },
  ],
  'vmm.deny': [
    { type: 'vmm.deny', nr: 'mprotect' },
    { type: 'vmm.deny', nr: 'execve' },
  ],
  'vmm.forward': signals((sig) => ({ type: 'vmm.forward', sig })),
  'host.stub.create': [{ type: 'host.stub.create', stub: 2 }],
  'host.stub.stop': (['syscall', 'signal'] as const).map((why): SpecEvent => ({ type: 'host.stub.stop', stub: 1, why })),
  'host.stub.regs': (['get', 'set'] as const).flatMap((dir) =>
    (['gpr', 'fp', 'other'] as const).map((set): SpecEvent => ({ type: 'host.stub.regs', stub: 1, dir, set })),
  ),
  'host.stub.resume': (['sysemu', 'cont'] as const).map((how): SpecEvent => ({ type: 'host.stub.resume', stub: 1, how })),
  'host.stub.kill': [{ type: 'host.stub.kill', stub: 2 }],
  'host.stub.signal': STUB_SIGNALS.map((sig): SpecEvent => ({ type: 'host.stub.signal', stub: 1, sig })),
  'host.stub.wake': (['kernel', 'stub'] as const).map((to): SpecEvent => ({ type: 'host.stub.wake', stub: 1, to })),
  'host.stub.syscall': STUB_SYSCALLS.map((nr): SpecEvent => ({ type: 'host.stub.syscall', stub: 1, nr })),
  'host.stub.sigreturn': [{ type: 'host.stub.sigreturn', stub: 1 }],
};

/** Every event type of the vocabulary. */
export const EVENT_TYPES = Object.keys(REPRESENTATIVES) as readonly SpecEventType[];

/** The representative events of the given event types. */
export function representativesOf(types: Iterable<SpecEventType>): readonly SpecEvent[] {
  return [...types].flatMap((type) => REPRESENTATIVES[type]);
}
