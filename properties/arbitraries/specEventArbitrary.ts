/**
 * fast-check arbitraries for concrete spec events: every event type, with
 * addresses biased toward region boundaries and page ranges biased toward the
 * whole regions, so symbol classes are all hit.
 */
import fc from 'fast-check';
import {
  ADDRESS_SPACE_END, GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, HOST_KERNEL_BASE, PAGE_SIZE,
  GUEST_SYSCALLS, HOST_SIGNALS, HOST_SYSCALLS, type SpecEvent, type Prot, type HostRole,
} from '../../spec/index.ts';

const boundaries = [0, PAGE_SIZE, GUEST_KERNEL_BASE, HOST_KERNEL_BASE];

/** A 32-bit address, often right at or next to a region boundary. */
export const addressArbitrary: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...boundaries.flatMap((b) => [b, b - 1, b + PAGE_SIZE - 1].filter((a) => a >= 0 && a < ADDRESS_SPACE_END))),
  fc.integer({ min: 0, max: ADDRESS_SPACE_END - 1 }),
);

const rangeArbitrary = fc.oneof(
  fc.constant({ start: 0, pages: GUEST_USER_PAGES }),
  fc.constant({ start: GUEST_KERNEL_BASE, pages: GUEST_KERNEL_PAGES }),
  fc.constant({ start: 0, pages: GUEST_USER_PAGES - 1 }),
  fc.record({ start: fc.integer({ min: 0, max: 0xfffff }).map((p) => p * PAGE_SIZE), pages: fc.integer({ min: 0, max: 0x60000 }) }),
);

const pid = fc.integer({ min: 0, max: 64 });
const asid = fc.oneof(fc.integer({ min: 0, max: 1023 }), fc.constantFrom(1024, 4096));
const prot = fc.constantFrom<Prot>('none', 'r', 'rw', 'rw-supervisor');
const role = fc.constantFrom<HostRole>('guest-machine', 'vmm-process');
const sig = fc.constantFrom(...HOST_SIGNALS);
const hostNr = fc.constantFrom(...HOST_SYSCALLS);
const op = fc.constantFrom('read' as const, 'write' as const);

/** Any concrete spec event. */
export const specEventArbitrary: fc.Arbitrary<SpecEvent> = fc.oneof(
  fc.record({ type: fc.constant('guest.syscall' as const), pid, nr: fc.constantFrom(...GUEST_SYSCALLS) }),
  fc.record({ type: fc.constant('guest.interrupt' as const), irq: fc.constantFrom('timer' as const, 'io' as const) }),
  fc.record({ type: fc.constant('guest.access' as const), pid, addr: addressArbitrary, op, outcome: fc.constantFrom('ok' as const, 'fault' as const) }),
  fc.record({ type: fc.constant('guest.fault' as const), pid, addr: addressArbitrary, op }),
  fc.record({ type: fc.constant('guest.return' as const), pid }),
  fc.constant({ type: 'guest.idle' as const }),
  fc.record({ type: fc.constant('guest.switch' as const), from: pid, to: pid }),
  fc.constant({ type: 'guest.halt' as const }),
  fc.record({ type: fc.constant('host.syscall.enter' as const), nr: hostNr }),
  fc.record({ type: fc.constant('host.syscall.exit' as const), nr: hostNr, result: fc.integer({ min: -4095, max: 1 << 20 }) }),
  fc.record({ type: fc.constant('host.ptrace.stop' as const), at: fc.constantFrom('enter' as const, 'exit' as const, 'signal' as const) }),
  fc.constant({ type: 'host.ptrace.resume' as const }),
  fc.record({ type: fc.constant('host.ctxswitch' as const), from: role, to: role }),
  fc.record({ type: fc.constant('host.signal.send' as const), sig }),
  fc.record({ type: fc.constant('host.signal.deliver' as const), sig }),
  fc.constant({ type: 'host.signal.return' as const }),
  rangeArbitrary.chain((r) => fc.record({ type: fc.constant('host.mm.map' as const), asid, start: fc.constant(r.start), pages: fc.constant(r.pages), prot })),
  rangeArbitrary.chain((r) => fc.record({ type: fc.constant('host.mm.unmap' as const), asid, start: fc.constant(r.start), pages: fc.constant(r.pages) })),
  rangeArbitrary.chain((r) => fc.record({ type: fc.constant('host.mm.protect' as const), asid, start: fc.constant(r.start), pages: fc.constant(r.pages), prot })),
  fc.record({
    type: fc.constant('host.segment.set' as const),
    limit: fc.oneof(fc.constantFrom(GUEST_KERNEL_BASE, HOST_KERNEL_BASE, ADDRESS_SPACE_END, GUEST_KERNEL_BASE + PAGE_SIZE), fc.integer({ min: 0, max: ADDRESS_SPACE_END })),
  }),
  fc.record({ type: fc.constant('host.ring.set' as const), ring: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const) }),
  fc.record({ type: fc.constant('host.as.switch' as const), asid }),
  fc.constant({ type: 'vmm.start' as const }),
  fc.record({ type: fc.constant('vmm.intercept' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.rewrite' as const), from: hostNr, to: hostNr }),
  fc.record({ type: fc.constant('vmm.allow' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.deny' as const), nr: hostNr }),
  fc.record({ type: fc.constant('vmm.forward' as const), sig }),
);
