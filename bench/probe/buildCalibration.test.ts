import { describe, expect, it } from 'vitest';
import { buildCalibration } from './buildCalibration.ts';
import { decodeCalibration } from './calibration.ts';
import { loadDefaultCalibration } from './defaultCalibration.ts';
import { describeHost } from './hostDescription.ts';
import type { ProbeOutput } from './probeOutput.ts';

const stat = (median: number) => ({ median, p10: median * 0.9, p90: median * 1.2, samples: 5, batch: 10 });
const ok = (median: number, contents?: Record<string, number>) => ({ status: 'ok' as const, stat: stat(median), contents, note: 'timed' });
const sized = (fixed: number, perPage: number) => ({
  status: 'ok' as const,
  note: 'sized',
  sizes: [1, 16, 256].map((pages) => ({ pages, stat: stat(fixed + perPage * pages) })),
});
const refused = { status: 'unavailable' as const, reason: 'ptrace: Operation not permitted (errno 1)' };

function probeOutput(ptrace: boolean): ProbeOutput {
  return {
    probe: 'vmspec-host-probe', version: 1, reps: 5, batchCap: 10, pinnedCpu: 0, pageBytes: 4096,
    results: {
      nullSyscall: ok(100), contextSwitch: ok(2000), signal: ok(2100), signalSend: ok(350), minorFault: ok(1000),
      mmap: sized(2500, 280), munmap: sized(2000, 140), mprotect: sized(700, 70),
      ptraceStop: ptrace ? ok(5500) : refused,
      registerTransfer: ptrace ? ok(450) : refused,
      processLifetime: ok(900_000),
      umlinuxSyscall: ptrace ? ok(90_000, { ptraceStops: 9 }) : refused,
      seccompTrap: ok(1600, { seccompTraps: 1 }), seccompSyscall: ok(37_000, { seccompTraps: 1 }),
    },
  };
}

describe('buildCalibration', () => {
  const defaults = loadDefaultCalibration();
  const host = describeHost('cc', new Date('2030-01-02T03:04:05Z'));

  it('turns probe figures into a valid calibration with exact fits', () => {
    const c = buildCalibration(probeOutput(true), host, defaults);
    expect(decodeCalibration(c)).toEqual({ ok: true, calibration: c });
    expect(c.ops.mprotect.fixedNs).toBeCloseTo(700, 6);
    expect(c.ops.mprotect.perPageNs).toBeCloseTo(70, 8);
    expect(c.ops.nullSyscall).toMatchObject({ source: 'measured', medianNs: 100, p10Ns: 90, p90Ns: 120, unavailable: null });
    expect(c.ops.registerTransfer).toMatchObject({ source: 'measured', medianNs: 450, p90Ns: 540 });
    expect(c.composites.umlinuxSyscall.contents).toEqual({ ptraceStops: 9 });
    expect(c.notes).toEqual([]);
  });

  it('falls back to the defaults for what the host refused, and says why', () => {
    const c = buildCalibration(probeOutput(false), host, defaults);
    expect(c.ops.ptraceStop).toEqual({ ...defaults.ops.ptraceStop, source: 'default', unavailable: refused.reason });
    expect(c.composites.umlinuxSyscall.source).toBe('default');
    expect(c.composites.seccompTrap.source).toBe('measured');
    expect(c.ops.registerTransfer).toEqual({ ...defaults.ops.registerTransfer, source: 'default', unavailable: refused.reason });
    expect(c.notes[0]).toMatch(/^ptraceStop, registerTransfer, umlinuxSyscall: not measurable here, defaults used \(measured on /);
    expect(c.notes).toContain(`ptraceStop: ${refused.reason}`);
  });
});
