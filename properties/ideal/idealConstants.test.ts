/**
 * The ideal machine re-declares what it takes as given about the guest
 * (idealConstants.ts) so that it shares no value with the emulator; this
 * test, and only it, reads the emulator's values to check each one agrees.
 */
import { describe, expect, it } from 'vitest';
import {
  diskWord as emulatorDiskWord, GUEST_MACHINE_PID as emulatorGuestMachinePid, HEAP_BASE as emulatorHeapBase, HEAP_LIMIT as emulatorHeapLimit,
  INITIAL_HEAP_PAGES, MAX_GUEST_PROCESSES, MAX_TRANSFER as emulatorMaxTransfer, PIPE_CAPACITY as emulatorPipeCapacity,
  runWorkload, STACK_BASE as emulatorStackBase, STACK_END as emulatorStackEnd,
} from '../../impl/index.ts';
import * as emulatorErrno from '../../impl/host/errno.ts';
import { PAGE_SIZE } from '../../spec/index.ts';
import {
  DEFAULT_DISK_LATENCY, DEFAULT_MAX_PROCESSES, diskWord, ERRNO, GUEST_MACHINE_PID, HEAP_BASE, HEAP_LIMIT, INITIAL_BREAK, MAX_FILES, MAX_TRANSFER, PAGE,
  PIPE_CAPACITY, STACK_BASE, STACK_END,
} from './idealConstants.ts';

describe("the ideal machine's constants equal the emulator's", () => {
  it('layout: page, heap, initial break, stack', () => {
    expect([PAGE, HEAP_BASE, HEAP_LIMIT, INITIAL_BREAK, STACK_BASE, STACK_END]).toEqual([
      PAGE_SIZE, emulatorHeapBase, emulatorHeapLimit, emulatorHeapBase + INITIAL_HEAP_PAGES * PAGE_SIZE, emulatorStackBase, emulatorStackEnd,
    ]);
  });

  it('sizes: one transfer, a pipe, the process limit; the guest-machine pid', () => {
    expect([MAX_TRANSFER, PIPE_CAPACITY, DEFAULT_MAX_PROCESSES, GUEST_MACHINE_PID]).toEqual([emulatorMaxTransfer, emulatorPipeCapacity, MAX_GUEST_PROCESSES, emulatorGuestMachinePid]);
  });

  it('errno values', () => {
    for (const [name, value] of Object.entries(ERRNO)) expect([name, value]).toEqual([name, (emulatorErrno as Record<string, number>)[name]]);
  });

  it("the disk's contents, word by word", () => {
    const offsets = [...Array.from({ length: 5000 }, (_, i) => i), 1 << 20, 2 ** 31 - 1];
    expect(offsets.map(diskWord)).toEqual(offsets.map(emulatorDiskWord));
  });

  // The emulator keeps this one as a literal inside its pipe call: checked by what a run does.
  it(`the descriptor limit (${MAX_FILES}): the first pipe that would need descriptor ${MAX_FILES} fails with EMFILE`, () => {
    const fit = Math.floor((MAX_FILES - 3) / 2); // descriptors 0-2 are open from the start, a pipe takes two
    const pipes = Array.from({ length: fit + 1 }, () => ({ op: 'syscall', call: { nr: 'pipe', addr: HEAP_BASE } }) as const);
    const run = runWorkload({ name: 'fds', programs: [pipes] }, { variant: 'umlinux' });
    const results = run.observations.log.flatMap((o) => (o.kind === 'syscall' ? [o.result] : []));
    expect(results).toEqual([...Array.from({ length: fit }, () => 0), ERRNO.EMFILE]);
  });

  // And this one as a default of its run options: a disk completion and a timer due at the same step come device
  // first, so with the timer at the latency the read completes first, and with the timer a step earlier it does not.
  it(`the default disk latency (${DEFAULT_DISK_LATENCY} steps)`, () => {
    const programs = [[{ op: 'syscall', call: { nr: 'read', fd: 0, addr: HEAP_BASE, count: 1 } }, { op: 'compute', cycles: 2000 }] as const];
    const firstInterrupt = (timerInterval: number) => runWorkload({ name: 'disk', programs }, { variant: 'umlinux', trace: true, timerInterval })
      .trace.find((e) => e.type === 'guest.interrupt');
    expect(firstInterrupt(DEFAULT_DISK_LATENCY)).toEqual({ type: 'guest.interrupt', irq: 'io' });
    expect(firstInterrupt(DEFAULT_DISK_LATENCY - 1)).toEqual({ type: 'guest.interrupt', irq: 'timer' });
  });
});
