/**
 * Real skas0's address spaces: a fork clones the parent's stub (a stub call),
 * the child's stub gets the child's own frames before it first runs, an exit
 * kills the stub, and a switch maps nothing (it only picks the stub to resume).
 */
import { describe, expect, it } from 'vitest';
import type { SpecEvent } from '../../../spec/types.ts';
import { HEAP_BASE, STACK_BASE } from '../../guest/guestProcess.ts';
import { runWorkload } from '../../run/runWorkload.ts';
import { forkExitWait } from '../../workloads/forkExitWait.ts';
import { pipePingPong } from '../../workloads/pipePingPong.ts';
import { populationBatches } from './stubProcessAddressSpaces.ts';

const regs = (stub: number, dir: 'get' | 'set', set: 'gpr' | 'fp' | 'other'): SpecEvent => ({ type: 'host.stub.regs', stub, dir, set });
const skas0Trace = (workload: Parameters<typeof runWorkload>[0]) => runWorkload(workload, { variant: 'skas0', trace: true, seed: 3 }).trace;

describe('stub-processes address spaces (real skas0)', () => {
  it('forks by a clone in the parent stub, announces the child, then creates its stub', () => {
    const trace = skas0Trace(forkExitWait(1));
    const at = trace.findIndex((e) => e.type === 'guest.syscall' && e.nr === 'fork');
    expect(trace.slice(at, at + 7)).toEqual([
      { type: 'guest.syscall', pid: 1, nr: 'fork' },
      regs(1, 'set', 'gpr'), regs(1, 'set', 'fp'), { type: 'host.stub.resume', stub: 1, how: 'cont' }, { type: 'host.stub.stop', stub: 1, why: 'signal' },
      { type: 'guest.spawn', parent: 1, pid: 2 }, { type: 'host.stub.create', stub: 2 },
    ]);
  });

  it('kills the stub of an exiting process, then resumes the parent\'s stub', () => {
    const trace = skas0Trace(forkExitWait(1));
    const at = trace.findIndex((e) => e.type === 'guest.exit' && e.pid === 2);
    expect(trace.slice(at - 1, at + 4)).toEqual([
      { type: 'guest.syscall', pid: 2, nr: 'exit' }, { type: 'guest.exit', pid: 2 }, { type: 'host.stub.kill', stub: 2 },
      { type: 'guest.switch', from: 2, to: 1 }, { type: 'guest.return', pid: 1 },
    ]);
  });

  it('maps the child\'s own frames into its stub and unmaps the rest before the child first runs, and never maps a frame of the parent', () => {
    const trace = skas0Trace(pipePingPong(2));
    const parentFrames = new Set(trace.flatMap((e) => (e.type === 'host.mm.map' && e.asid === 1 && e.filePage != null ? [e.filePage] : [])));
    const childMaps = trace.filter((e) => e.type === 'host.mm.map' && e.asid === 2);
    expect(childMaps.length).toBeGreaterThan(0);
    for (const map of childMaps) expect(map.type === 'host.mm.map' && parentFrames.has(map.filePage ?? -1)).toBe(false);
    const firstRun = trace.findIndex((e) => e.type === 'host.stub.resume' && e.stub === 2 && e.how === 'sysemu');
    expect(trace.findIndex((e) => e === childMaps[0])).toBeLessThan(firstRun);
    expect(trace.filter((e) => e.type === 'host.mm.protect' || e.type === 'host.as.switch')).toEqual([]);
    // Unmapping is the population's too: what the clone held of the parent's where the child has nothing.
    const unmaps = trace.flatMap((e, i) => (e.type === 'host.mm.unmap' ? [i] : []));
    expect(unmaps.length).toBeGreaterThan(0);
    for (const i of unmaps) expect(i).toBeLessThan(firstRun);
  });

  it('makes one call per area, mapping runs of consecutive pages and frames and unmapping the runs not present', () => {
    const heap = HEAP_BASE >>> 12;
    const stack = STACK_BASE >>> 12;
    const areas = [{ start: HEAP_BASE, end: HEAP_BASE + 0x5000, prot: 'rw' }, { start: STACK_BASE, end: STACK_BASE + 0x10000, prot: 'rw' }] as const;
    const pages = new Map([[heap + 1, 11], [heap, 10], [heap + 2, 20], [stack + 15, 30]]);
    expect(populationBatches(areas, pages)).toEqual([
      [
        { kind: 'mmap', start: HEAP_BASE, pages: 2, prot: 'rw', filePage: 10 },
        { kind: 'mmap', start: HEAP_BASE + 0x2000, pages: 1, prot: 'rw', filePage: 20 },
        { kind: 'munmap', start: HEAP_BASE + 0x3000, pages: 2 },
      ],
      [{ kind: 'munmap', start: STACK_BASE, pages: 15 }, { kind: 'mmap', start: STACK_BASE + 15 * 0x1000, pages: 1, prot: 'rw', filePage: 30 }],
    ]);
    // An area with nothing present is still a call (it unmaps what the clone held there); no areas, no calls.
    expect(populationBatches(areas, new Map())).toEqual([[{ kind: 'munmap', start: HEAP_BASE, pages: 5 }], [{ kind: 'munmap', start: STACK_BASE, pages: 16 }]]);
    expect(populationBatches([], pages)).toEqual([]);
    // A read-only area's pages are mapped read-only.
    expect(populationBatches([{ start: HEAP_BASE, end: HEAP_BASE + 0x1000, prot: 'r' }], pages)).toEqual([[{ kind: 'mmap', start: HEAP_BASE, pages: 1, prot: 'r', filePage: 10 }]]);
  });

  it('refuses to run without a VMM that traces stubs', () => {
    expect(() => runWorkload(forkExitWait(1), { variant: 'ptrace-process/mprotect/stub-processes' })).toThrow(/unknown variant|ptrace-sysemu/);
    expect(() => runWorkload(forkExitWait(1), {
      variant: { mediation: 'ptrace-process', protection: 'separate-kernel', addressSpaces: 'stub-processes' },
    })).toThrow(/ptrace-sysemu/);
  });
});
