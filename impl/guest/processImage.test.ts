/**
 * A process running a real program's image: its instructions are fetched
 * through the MMU, so a code page not present faults; its read-only areas
 * are mapped read-only; fork copies the writable areas and leaves the
 * read-only file areas to fault in again; real
 * skas0 populates a child's stub one stub call per area. Checked on the
 * mechanism's outputs (the faults and calls in the trace), under skas0 and the
 * paper's baseline.
 */
import { describe, expect, it } from 'vitest';
import { HEAP_BASE, STACK_BASE } from './guestProcess.ts';
import { areaEnd, fetchAddress, imageAreaAt, imageProblem, type ProcessImage } from './processImage.ts';
import { runWorkload } from '../run/runWorkload.ts';
import { stubMechanismCounts } from '../run/stubCounts.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { DATA_WORD, staticForker, STATIC_PROGRAM_IMAGE, withImage } from '../workloads/staticProgram.ts';

const RESERVED = [[HEAP_BASE, 0x4000_0000], [STACK_BASE, 0x7000_0000]] as const;
const text = STATIC_PROGRAM_IMAGE.areas.find((a) => a.name === 'text')!;
const inText = (addr: number) => addr >= text.start && addr < areaEnd(text);

describe('a process image', () => {
  it('fits the guest, or says which area does not', () => {
    expect(imageProblem(STATIC_PROGRAM_IMAGE, RESERVED)).toBeUndefined();
    const bad = (areas: ProcessImage['areas'], entry = 0x40_1000) => imageProblem({ areas, entry }, RESERVED);
    const code = { name: 'text', start: 0x40_1000, pages: 1, prot: 'rx', backing: 'file' } as const;
    expect(bad([{ ...code, start: 0x40_1004 }])).toBe('area text is not whole pages');
    expect(bad([code, { ...code, name: 'again' }])).toBe('area again overlaps the one before it');
    expect(bad([code, { ...code, name: 'big', start: HEAP_BASE - 0x1000, pages: 2 }])).toMatch(/^area big \[0x8047000, 0x8049000\) overlaps \[0x8048000, 0x40000000\)$/);
    expect(bad([{ ...code, prot: 'r' }])).toBe('the entry 0x401000 is not in an executable area');
    expect(() => runWorkload({ ...nullSyscallLoop(1), image: { areas: [{ ...code, prot: 'r' }], entry: 0x40_1000 } }, { variant: 'skas0' }))
      .toThrow("workload 'null-syscall-loop(1)': its image does not fit the guest: the entry 0x401000 is not in an executable area");
  });

  it('fetches instruction pc at entry + 4·pc, wrapped inside the code area', () => {
    expect(fetchAddress(STATIC_PROGRAM_IMAGE, text, 0)).toBe(0x40_1c40);
    expect(fetchAddress(STATIC_PROGRAM_IMAGE, text, 3)).toBe(0x40_1c4c);
    expect(fetchAddress(STATIC_PROGRAM_IMAGE, text, (areaEnd(text) - 0x40_1c40) / 4)).toBe(text.start);
    expect(imageAreaAt(STATIC_PROGRAM_IMAGE, 0x4a_4010)?.name).toBe('data');
  });
});

describe.each(['skas0', 'umlinux'] as const)('a static program forking under %s', (variant) => {
  const children = 3;
  const run = runWorkload(staticForker(children), { variant, seed: 1, trace: true, audit: true, invariants: 'all' });
  const faults = run.trace.filter((e) => e.type === 'guest.fault');
  const spawned = run.trace.flatMap((e) => (e.type === 'guest.spawn' && e.parent !== 0 ? [e.pid] : []));

  it('halts, and each child reads the data its parent wrote before the fork', () => {
    expect(run.observations.end).toBe('halted');
    expect(spawned).toHaveLength(children);
    expect(run.observations.console).toEqual(Array(children).fill(0x41));
    expect(run.crossProcess.count).toBe(0);
    expect(run.integrity.first).toEqual([]);
    expect(run.integrity.checks).toBeGreaterThan(0);
  });

  it('faults each child\'s code page in once after the fork (code is not copied), the parent\'s first at its start', () => {
    const codeFaults = faults.flatMap((e) => (e.type === 'guest.fault' && inText(e.addr) ? [e.pid] : []));
    expect(codeFaults[0]).toBe(1);
    for (const child of spawned) expect(codeFaults.filter((pid) => pid === child)).toHaveLength(1);
    // Real skas0 keeps each process's pages in its own stub: the parent never faults its code again. The baseline
    // remaps on every switch, so the parent faults it in again after each child ran.
    expect(codeFaults.filter((pid) => pid === 1)).toHaveLength(variant === 'skas0' ? 1 : 1 + children);
    // The data and bss the child reads were copied (the console shows the data word): under skas0 its stub holds them
    // from the start, so the child faults nowhere else; the baseline maps them on the child's first touch.
    const elsewhere = faults.filter((e) => e.type === 'guest.fault' && spawned.includes(e.pid) && !inText(e.addr));
    if (variant === 'skas0') expect(elsewhere).toEqual([]);
    else expect(elsewhere.length).toBeGreaterThan(0);
  });
});

describe.each(['skas0', 'umlinux', 'kernel-module/segment-bounds/multi-as'] as const)('a static program\'s read-only areas under %s', (variant) => {
  const rodata = STATIC_PROGRAM_IMAGE.areas.find((a) => a.name === 'rodata')!.start;
  const run = runWorkload(withImage({
    name: 'read-only',
    programs: [[
      { op: 'load', addr: text.start },
      { op: 'store', addr: DATA_WORD, value: 5 },
      { op: 'syscall', call: { nr: 'read', fd: 0, addr: rodata, count: 1 } },
      { op: 'store', addr: text.start, value: 1 },
    ]],
  }), { variant, seed: 1, invariants: 'all' });

  it('may be read, not written: a store is a SIGSEGV, a kernel copy into them EFAULT', () => {
    const log = run.observations.log;
    expect(log.find((o) => o.kind === 'load')).toEqual({ kind: 'load', pid: 1, addr: text.start, value: 0 });
    expect(log.find((o) => o.kind === 'syscall' && o.nr === 'read')).toEqual({ kind: 'syscall', pid: 1, nr: 'read', result: -14 });
    expect(log.find((o) => o.kind === 'fault')).toEqual({ kind: 'fault', pid: 1, addr: text.start, op: 'write' });
    expect(run.observations.exits[1]).toBe(128 + 11);
    expect(run.integrity.first).toEqual([]);
  });
});

describe('a static program forking under skas0', () => {
  it('maps each child\'s stub one stub call per area: the image\'s seven, the heap and the stack', () => {
    const run = runWorkload(staticForker(3), { variant: 'skas0', seed: 1, trace: true });
    expect(stubMechanismCounts(run.trace).newStubMappingCalls).toBe(3 * (STATIC_PROGRAM_IMAGE.areas.length + 2));
  });
});

describe('a process without an image', () => {
  it('fetches nothing: it takes no fault where the same program with an image faults its code page in once', () => {
    const run = runWorkload(withImage(nullSyscallLoop(2)), { variant: 'skas0', trace: true });
    const plain = runWorkload(nullSyscallLoop(2), { variant: 'skas0', trace: true });
    expect(plain.trace.filter((e) => e.type === 'guest.fault')).toEqual([]);
    expect(run.trace.filter((e) => e.type === 'guest.fault')).toHaveLength(1);
  });
});
