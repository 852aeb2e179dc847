/**
 * fast-check arbitraries for guest workloads: one to three guest processes,
 * each a program of the emulator's instruction set, with addresses biased to
 * the interesting places (own heap and stack pages, page edges, unmapped
 * holes, both sides of 0x70000000 and 0xc0000000), syscalls with valid and
 * invalid arguments, a kernel-mode probe, interrupt timing and a scheduler
 * seed. Now and then the processes run a static program's image (code
 * fetched through the MMU, read-only areas, areas refaulted after fork), so
 * image and stub-population mistakes are reachable too. Arrays shrink toward
 * short programs and few processes, and scenarios toward no image.
 */
import fc from 'fast-check';
import {
  HEAP_BASE, STACK_BASE, STATIC_PROGRAM_IMAGE, type GuestCall, type Instr, type KernelProbe, type ProbeHostCall, type Program, type Workload,
} from '../../impl/index.ts';
import type { HostSyscall } from '../../spec/index.ts';

/** A workload with the run parameters that make it a reproducible scenario. */
export interface Scenario {
  readonly workload: Workload;
  /** Seeds the guest scheduler. */
  readonly seed: number;
  /** Guest instructions between timer interrupts. */
  readonly timerInterval: number;
  /** Address-space definitions (and live guest processes) allowed; absent: 64. Small values force reuse. */
  readonly addressSpaces?: number;
}

const PAGE = 0x1000;

/** The addresses on both sides of the region boundaries. */
const regionEdges = fc.constantFrom(0x6fff_fffc, 0x7000_0000, 0x7000_0004, 0x7000_1000, 0xbfff_f000, 0xbfff_fffc, 0xc000_0000, 0xc000_1000, 0xffff_fffc);

/** Pages the guest kernel maps at 0x70000000 + frame·4 KiB: its data and the frames it hands to processes. */
const kernelPages = fc.integer({ min: 0, max: 63 }).chain((frame) => fc.constantFrom(0, 8, PAGE - 4).map((off) => 0x7000_0000 + frame * PAGE + off));

/** The edges of the static program's areas: first words, a word on the second page, last words, and just past each. */
const imageAddresses = fc.constantFrom(
  ...STATIC_PROGRAM_IMAGE.areas.flatMap((a) => [a.start, a.start + PAGE + 4, a.start + a.pages * PAGE - 4, a.start + a.pages * PAGE]),
);

/** Addresses where isolation is decided. */
export const guestAddressArbitrary: fc.Arbitrary<number> = fc.oneof(
  // A few heap pages most of the time, so that different processes touch the same virtual pages.
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }).chain((page) => fc.constantFrom(0, 4, PAGE - 4).map((off) => HEAP_BASE + page * PAGE + off)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }).map((page) => HEAP_BASE + page * PAGE + 8) },
  // Pages past the initial break (valid only after brk grows it, invalid again after it shrinks).
  { weight: 1, arbitrary: fc.integer({ min: 16, max: 40 }).map((page) => HEAP_BASE + page * PAGE + 4) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 15 }).map((page) => STACK_BASE + page * PAGE + 8) },
  { weight: 3, arbitrary: regionEdges },
  { weight: 2, arbitrary: kernelPages },
  { weight: 1, arbitrary: fc.constantFrom(0, 4, HEAP_BASE - PAGE, 0x3fff_f000, 0x5000_0000) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff_fffc }).map((a) => a - (a % 4)) },
);

/** Addresses for processes running the static program's image: those above, and inside and just past its areas. */
const imageProgramAddress: fc.Arbitrary<number> = fc.oneof({ weight: 4, arbitrary: guestAddressArbitrary }, { weight: 1, arbitrary: imageAddresses });

/** Pointer arguments of syscalls: into the process's own pages (`own`), and into every other region and across each boundary. */
const pointerArbitrary = (own: fc.Arbitrary<number>): fc.Arbitrary<number> => fc.oneof(
  { weight: 3, arbitrary: own },
  { weight: 2, arbitrary: fc.constantFrom(0x6fff_fff8, 0x7000_0000, 0x7000_0004, 0x7000_0ff0, 0x7000_1000, 0xbfff_fff8, 0xc000_0000, 0xffff_fff0) },
  { weight: 1, arbitrary: kernelPages },
);

/**
 * A copy syscall whose user range leaves guest user space: `write` to the console or `read` from the disk with a
 * pointer into the guest kernel region, or just below it with a count that runs across. The kernel must move
 * nothing (copy_from_user / copy_to_user check the whole range); a range check left out shows only here, and the
 * generic calls above reach it about once in 40 runs, too rarely for a 200-run budget on every seed.
 */
const badUserCopy: fc.Arbitrary<GuestCall> = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constantFrom(0x6fff_fffc, 0x6fff_fff8, 0x6fff_fff4, 0x7000_0000, 0x7000_0ff0, 0xbfff_fffc), kernelPages),
    fc.integer({ min: 1, max: 4 }),
  )
  .map(([write, addr, count]) => (write ? { nr: 'write', fd: 1, addr, count } as const : { nr: 'read', fd: 0, addr, count } as const));

function call(depth: number, own: fc.Arbitrary<number>): fc.Arbitrary<GuestCall> {
  const addr = pointerArbitrary(own);
  const calls: fc.Arbitrary<GuestCall>[] = [
    fc.constant({ nr: 'getpid' } as const),
    fc.constant({ nr: 'yield' } as const),
    fc.constant({ nr: 'wait' } as const),
    // The break moves down over the pages programs touch most (0–2) often enough that freed pages get reused.
    ...Array.from({ length: 2 }, () => fc.oneof(fc.integer({ min: -1, max: 40 }), fc.integer({ min: 0, max: 2 }))
      .map((pages) => ({ nr: 'brk', addr: pages < 0 ? 0 : HEAP_BASE + pages * PAGE }) as const)),
    fc.tuple(fc.constantFrom(1, 1, 3, 4, 9), addr, fc.integer({ min: 0, max: 4 })).map(([fd, a, count]) => ({ nr: 'write', fd, addr: a, count }) as const),
    fc.tuple(fc.constantFrom(0, 3, 7), addr, fc.integer({ min: 0, max: 4 })).map(([fd, a, count]) => ({ nr: 'read', fd, addr: a, count }) as const),
    badUserCopy,
    fc.constantFrom(HEAP_BASE, 0x7000_0000, 0x6fff_fffc, 0xbfff_fff8, 0xc000_0000).map((a) => ({ nr: 'pipe', addr: a }) as const),
    fc.constant({ nr: 'sigaction', sig: 'SIGSEGV', handler: [{ op: 'compute', cycles: 2 }] } as const),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('SIGUSR1', 'SIGKILL', 'SIGSEGV') as fc.Arbitrary<'SIGUSR1' | 'SIGKILL' | 'SIGSEGV'>)
      .map(([pid, sig]) => ({ nr: 'kill', pid, sig }) as const),
    fc.integer({ min: 0, max: 3 }).map((status) => ({ nr: 'exit', status }) as const),
  ];
  // Forks are weighted up: address-space definitions are reused only when processes come and go.
  if (depth > 0) return fc.oneof(...calls, ...Array.from({ length: 3 }, () => program(depth - 1, own).map((child) => ({ nr: 'fork', child }) as const)));
  return fc.oneof(...calls);
}

function instr(depth: number, own: fc.Arbitrary<number>): fc.Arbitrary<Instr> {
  const options: fc.Arbitrary<Instr>[] = [
    own.map((addr) => ({ op: 'load', addr }) as const),
    fc.tuple(own, fc.integer({ min: 1, max: 0xffff })).map(([addr, value]) => ({ op: 'store', addr, value }) as const),
    fc.integer({ min: 1, max: 1500 }).map((cycles) => ({ op: 'compute', cycles }) as const),
    call(depth, own).map((c) => ({ op: 'syscall', call: c }) as const),
  ];
  if (depth > 0) options.push(fc.tuple(fc.integer({ min: 0, max: 3 }), program(depth - 1, own)).map(([times, body]) => ({ op: 'loop', times, body }) as const));
  return fc.oneof(...options);
}

/** A guest program (nesting loops and forks at most `depth` deep), its loads, stores and pointers aimed by `own`. */
export function program(depth: number, own: fc.Arbitrary<number> = guestAddressArbitrary): fc.Arbitrary<Program> {
  return fc.array(instr(depth, own), { maxLength: 8 });
}

// No in-region mprotect: a deliberate one would blur the cost claims of the register protections.
const probeCalls: readonly HostSyscall[] = ['getpid', 'write', 'kill', 'execve', 'fork', 'socket', 'open', 'ptrace'];

/** Page ranges that start in one region and end in another (the VMM must refuse every one). */
const crossingRange: fc.Arbitrary<ProbeHostCall> = fc
  .record({
    nr: fc.constantFrom('mmap' as const, 'munmap' as const, 'mprotect' as const),
    edge: fc.constantFrom(0x7000_0000, 0xc000_0000),
    below: fc.integer({ min: 1, max: 4 }),
    above: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ nr, edge, below, above }) => ({ nr, start: edge - below * PAGE, pages: below + above }));

/** Work the guest kernel does in kernel mode: accesses near the region edges, and host calls on and off the allow-list. */
export const kernelProbeArbitrary: fc.Arbitrary<KernelProbe> = fc
  .record({
    accesses: fc.array(fc.record({ addr: fc.oneof({ weight: 3, arbitrary: regionEdges }, guestAddressArbitrary), op: fc.constantFrom('read' as const, 'write' as const) }), { maxLength: 3 }),
    hostCalls: fc.array(fc.oneof(fc.constantFrom(...probeCalls), crossingRange), { maxLength: 2 }),
    atEntry: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
  })
  // After boot the guest kernel's memory holds process frames: a later probe only reads, so it never corrupts them, and
  // only above guest user space and past the entry counter, where what kernel mode reaches is the same under every variant.
  .map((probe) => (probe.atEntry === 0 ? probe : {
    ...probe,
    accesses: probe.accesses.filter((a) => a.addr >= 0x7000_1000).map((a) => ({ ...a, op: 'read' as const })),
  }));

/** A SIGSEGV handler, so that most programs survive their own forbidden accesses and the steps after a fault run too. */
const survivor: Instr = { op: 'syscall', call: { nr: 'sigaction', sig: 'SIGSEGV', handler: [{ op: 'compute', cycles: 1 }] } };

/** Forks and reaps 1050 short-lived children, so that pids pass 1024 and address-space definitions are reused many times. */
export const forkStorm: Program = [
  { op: 'loop', times: 35, body: [{ op: 'loop', times: 30, body: [{ op: 'syscall', call: { nr: 'fork', child: [{ op: 'load', addr: HEAP_BASE }] } }, { op: 'syscall', call: { nr: 'wait' } }] }] },
];

/** A scenario: 1–3 processes, maybe a kernel probe, a timer interval, a scheduler seed, an address-space limit; with `image`, the static program's. */
const scenarioOf = (image: boolean): fc.Arbitrary<Scenario> => fc
  .record({
    programs: fc.array(fc.tuple(program(2, image ? imageProgramAddress : guestAddressArbitrary), fc.boolean()), { minLength: 1, maxLength: 3 }),
    kernelProbe: fc.option(kernelProbeArbitrary, { nil: undefined }),
    seed: fc.integer({ min: 1, max: 1000 }),
    timerInterval: fc.constantFrom(50, 200, 1000),
    addressSpaces: fc.option(fc.constantFrom(4, 5, 6), { nil: undefined, freq: 2 }),
    storm: fc.oneof({ weight: 1000, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ programs, kernelProbe, seed, timerInterval, addressSpaces, storm }) => ({
    workload: {
      name: 'generated',
      programs: [...programs.map(([p, survives]) => (survives && p.length > 0 ? [survivor, ...p] : p)), ...(storm ? [forkStorm] : [])],
      ...(kernelProbe === undefined ? {} : { kernelProbe }),
      ...(image ? { image: STATIC_PROGRAM_IMAGE } : {}),
    },
    seed,
    timerInterval,
    ...(addressSpaces === undefined ? {} : { addressSpaces }),
  }));

/**
 * The scenarios of the emulator properties: one in ten runs the static program's image, with addresses aimed at its
 * areas too; the rest have heap and stack only, and their addresses stay as they were (npm start's time is theirs).
 */
export const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.oneof({ weight: 9, arbitrary: scenarioOf(false) }, { weight: 1, arbitrary: scenarioOf(true) });
