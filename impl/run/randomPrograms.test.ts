/**
 * Random guest programs (fast-check) against the spec and across variants:
 * every trace is accepted by its variant's spec machines, and every variant
 * gives the same observations for the same workload and seed. The seed comes
 * from VMSPEC_SEED when set and is printed, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../spec/stepper.ts';
import { allVariants, variantName } from '../../spec/variant.ts';
import { HEAP_BASE } from '../guest/guestProcess.ts';
import type { GuestCall, Instr, Program } from '../guest/isa.ts';
import { resolveVariant } from '../vmm/variants.ts';
import { STATIC_PROGRAM_IMAGE, withImage } from '../workloads/staticProgram.ts';
import { runWorkload } from './runWorkload.ts';
import { propertySeed } from '../../properties/seed.ts';

const seed = propertySeed();

const ADDRESS = fc.oneof(
  fc.constantFrom(0, HEAP_BASE, HEAP_BASE + 0x1000, 0x6fff_fffc, 0x6fff_0000, 0x7000_0000, 0xbfff_f000, 0xbfff_fffc, 0xc000_0000, 0xffff_fffc),
  fc.integer({ min: 0, max: 15 }).map((page) => HEAP_BASE + page * 0x1000 + 8),
  fc.integer({ min: 0, max: 0xffff_ffff }),
);

function instr(depth: number, address: fc.Arbitrary<number>): fc.Arbitrary<Instr> {
  const calls: fc.Arbitrary<GuestCall>[] = [
    fc.constant({ nr: 'getpid' } as const),
    fc.constant({ nr: 'yield' } as const),
    fc.constant({ nr: 'wait' } as const),
    fc.integer({ min: 0, max: 40 }).map((pages) => ({ nr: 'brk', addr: HEAP_BASE + pages * 0x1000 }) as const),
    fc.tuple(fc.constantFrom(1, 3, 4, 9), address, fc.integer({ min: 0, max: 4 })).map(([fd, addr, count]) => ({ nr: 'write', fd, addr, count }) as const),
    fc.tuple(fc.constantFrom(0, 3), address, fc.integer({ min: 0, max: 4 })).map(([fd, addr, count]) => ({ nr: 'read', fd, addr, count }) as const),
    fc.constant({ nr: 'pipe', addr: HEAP_BASE } as const),
    fc.constant({ nr: 'sigaction', sig: 'SIGSEGV', handler: [{ op: 'compute', cycles: 2 }] } as const),
    fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('SIGUSR1', 'SIGKILL', 'SIGSEGV') as fc.Arbitrary<'SIGUSR1' | 'SIGKILL' | 'SIGSEGV'>)
      .map(([pid, sig]) => ({ nr: 'kill', pid, sig }) as const),
  ];
  if (depth > 0) calls.push(program(depth - 1, address).map((child) => ({ nr: 'fork', child }) as const));
  const options: fc.Arbitrary<Instr>[] = [
    address.map((addr) => ({ op: 'load', addr }) as const),
    fc.tuple(address, fc.integer()).map(([addr, value]) => ({ op: 'store', addr, value }) as const),
    fc.integer({ min: 1, max: 600 }).map((cycles) => ({ op: 'compute', cycles }) as const),
    fc.oneof(...calls).map((call) => ({ op: 'syscall', call }) as const),
  ];
  if (depth > 0) options.push(fc.tuple(fc.integer({ min: 0, max: 3 }), program(depth - 1, address)).map(([times, body]) => ({ op: 'loop', times, body }) as const));
  return fc.oneof(...options);
}

function program(depth: number, address: fc.Arbitrary<number> = ADDRESS): fc.Arbitrary<Program> {
  return fc.array(instr(depth, address), { maxLength: 8 });
}

/** Addresses in a static program's image too: its code, read-only data, data and bss, and just past the bss. */
const IMAGE_ADDRESS = fc.oneof(
  ADDRESS,
  fc.constantFrom(...STATIC_PROGRAM_IMAGE.areas.flatMap((a) => [a.start, a.start + 0x1000 + 4, a.start + a.pages * 0x1000 - 4, a.start + a.pages * 0x1000])),
);

const VARIANTS = allVariants();
const skas0 = resolveVariant('skas0');
if (!skas0.ok) throw new Error(skas0.error);

describe('random guest programs', () => {
  it('conform to the spec and give the same observations in every sampled variant', () => {
    fc.assert(
      fc.property(
        fc.array(program(2), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.shuffledSubarray([...VARIANTS.keys()], { minLength: 3, maxLength: 3 }),
        (programs, schedulerSeed, picks) => {
          const workload = { name: 'random', programs };
          const variants = [VARIANTS[0]!, ...picks.map((k) => VARIANTS[k]!)];
          const results = variants.map((variant) => runWorkload(workload, { variant, seed: schedulerSeed, trace: true, maxSteps: 20_000 }));
          results.forEach((result) => {
            const verdict = run(result.variant, result.trace);
            if (!verdict.ok) throw new Error(`${variantName(result.variant)} rejected at ${verdict.index}: ${JSON.stringify(verdict.rejection)}`);
            expect(result.accesses.filter((a) => (a.mode === 'user' && a.region !== 'guest-user') || a.region === 'host-kernel')).toEqual([]);
          });
          for (const result of results) expect(result.observations).toEqual(results[0]!.observations);
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  // Processes running a real program's image: code fetched through the MMU (each child faults its code page in),
  // read-only file areas not copied at fork, real skas0 populating a child's stub one call per area and unmapping
  // the rest. Real skas0 runs audited and with every invariant checked: a child reaching a frame of its parent's
  // (its stub still mapping the parent's code, say) is a violation there.
  it('as static programs, conform to the spec and give the same observations in sampled variants and under real skas0', () => {
    fc.assert(
      fc.property(
        fc.array(program(2, IMAGE_ADDRESS), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.shuffledSubarray([...VARIANTS.keys()], { minLength: 2, maxLength: 2 }),
        (programs, schedulerSeed, picks) => {
          const workload = withImage({ name: 'random', programs });
          const variants = [VARIANTS[0]!, ...picks.map((k) => VARIANTS[k]!), skas0.variant];
          const results = variants.map((variant) => runWorkload(workload, {
            variant, seed: schedulerSeed, trace: true, maxSteps: 20_000, ...(variant === skas0.variant ? { audit: true, invariants: 'all' } as const : {}),
          }));
          results.forEach((result) => {
            const verdict = run(result.variant, result.trace);
            if (!verdict.ok) throw new Error(`${variantName(result.variant)} rejected at ${verdict.index}: ${JSON.stringify(verdict.rejection)}`);
            expect(result.accesses.filter((a) => (a.mode === 'user' && a.region !== 'guest-user') || a.region === 'host-kernel')).toEqual([]);
          });
          const audited = results.at(-1)!;
          expect(audited.crossProcess.first).toEqual([]);
          expect(audited.integrity.first).toEqual([]);
          for (const result of results) expect(result.observations).toEqual(results[0]!.observations);
        },
      ),
      { seed, numRuns: 100 },
    );
  });

  it('is deterministic: the same workload, seed and variant give the same run', () => {
    const workload = { name: 'det', programs: [[{ op: 'syscall', call: { nr: 'fork', child: [{ op: 'store', addr: HEAP_BASE, value: 1 }] } }, { op: 'compute', cycles: 3000 }] as Program, [{ op: 'syscall', call: { nr: 'yield' } }] as Program] };
    const a = runWorkload(workload, { variant: 'umlinux', seed: 5, trace: true });
    const b = runWorkload(workload, { variant: 'umlinux', seed: 5, trace: true });
    expect(b.trace).toEqual(a.trace);
    expect(b.counters).toEqual(a.counters);
  });
});
