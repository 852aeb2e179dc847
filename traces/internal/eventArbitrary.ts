/**
 * fast-check arbitraries of concrete spec events for the tests of traces/:
 * every kind, with field values biased toward the layout's boundaries
 * (region edges, whole regions, the 2^32 segment limit) so that every symbol
 * of the alphabet is reached.
 */
import fc from 'fast-check';
import {
  ADDRESS_SPACE_END, GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_SYSCALLS, GUEST_USER_PAGES, HOST_KERNEL_BASE, HOST_SIGNALS, HOST_SYSCALLS,
  REPRESENTATIVES, type SpecEvent,
} from '../../spec/index.ts';

const pid = fc.integer({ min: 0, max: 40 });
const addr = fc.oneof(
  fc.constantFrom(0, 0x1000, GUEST_KERNEL_BASE - 1, GUEST_KERNEL_BASE, HOST_KERNEL_BASE - 1, HOST_KERNEL_BASE, ADDRESS_SPACE_END - 1),
  fc.integer({ min: 0, max: ADDRESS_SPACE_END - 1 }),
);
const pages = fc.oneof(fc.constantFrom(0, 1, GUEST_USER_PAGES, GUEST_KERNEL_PAGES), fc.integer({ min: 0, max: 0x10_0000 }));
const start = fc.oneof(fc.constantFrom(0, GUEST_KERNEL_BASE, HOST_KERNEL_BASE), addr.map((a) => a - (a % 0x1000)));
const asid = fc.oneof(fc.integer({ min: 0, max: 1023 }), fc.constantFrom(1024, 4096));
const prot = fc.constantFrom('none', 'r', 'rw', 'rw-supervisor' as const);
const op = fc.constantFrom('read', 'write' as const);
const hostNr = fc.constantFrom(...HOST_SYSCALLS);
const sig = fc.constantFrom(...HOST_SIGNALS);
const role = fc.constantFrom('guest-machine', 'vmm-process' as const);

/** Any concrete spec event. */
export const specEventArbitrary: fc.Arbitrary<SpecEvent> = fc.oneof(
  fc.constantFrom(...Object.values(REPRESENTATIVES).flat()),
  fc.record({ type: fc.constant('guest.syscall' as const), pid, nr: fc.constantFrom(...GUEST_SYSCALLS) }),
  fc.record({ type: fc.constant('guest.interrupt' as const), irq: fc.constantFrom('timer', 'io' as const) }),
  fc.record({ type: fc.constant('guest.access' as const), pid, addr, op, outcome: fc.constantFrom('ok', 'fault' as const), mode: fc.constantFrom('user', 'kernel' as const) }),
  fc.record({ type: fc.constant('guest.spawn' as const), parent: pid, pid }),
  fc.record({ type: fc.constant('guest.exit' as const), pid }),
  fc.record({ type: fc.constant('guest.fault' as const), pid, addr, op }),
  fc.record({ type: fc.constant('guest.return' as const), pid }),
  fc.record({ type: fc.constant('guest.switch' as const), from: pid, to: pid }),
  fc.constantFrom<SpecEvent>({ type: 'guest.idle' }, { type: 'guest.halt' }, { type: 'host.ptrace.resume' }, { type: 'host.signal.return' }, { type: 'vmm.start' }),
  fc.record({ type: fc.constant('host.syscall.enter' as const), nr: hostNr }),
  fc.record({ type: fc.constant('host.syscall.exit' as const), nr: hostNr, result: fc.integer({ min: -4095, max: 1 << 30 }) }),
  fc.record({ type: fc.constant('host.ptrace.stop' as const), at: fc.constantFrom('enter', 'exit', 'signal' as const) }),
  fc.record({ type: fc.constant('host.ctxswitch' as const), from: role, to: role }),
  fc.record({ type: fc.constant('host.signal.send' as const), sig }),
  fc.record({ type: fc.constant('host.signal.deliver' as const), sig }),
  fc.record({ type: fc.constant('vmm.forward' as const), sig }),
  fc.record({ type: fc.constant('host.mm.map' as const), asid, start, pages, prot, filePage: fc.oneof(fc.constant(null), fc.nat({ max: 1 << 20 })) }),
  fc.record({ type: fc.constant('host.mm.protect' as const), asid, start, pages, prot }),
  fc.record({ type: fc.constant('host.mm.unmap' as const), asid, start, pages }),
  fc.record({ type: fc.constant('host.segment.set' as const), limit: fc.oneof(fc.constantFrom(GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END), fc.integer({ min: 0, max: ADDRESS_SPACE_END })) }),
  fc.record({ type: fc.constant('host.ring.set' as const), ring: fc.constantFrom(0, 1, 2, 3 as const) }),
  fc.record({ type: fc.constant('host.as.switch' as const), asid }),
  fc.record({ type: fc.constant('vmm.intercept' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.allow' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.deny' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.rewrite' as const), from: hostNr, to: hostNr }),
);
