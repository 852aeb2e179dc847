/**
 * Regenerates `defaultCalibration.json` from a calibration measured with
 * `vmspec calibrate` (every figure marked `default`, its host kept as the
 * record of where the defaults come from). Run:
 * `npx tsx bench/probe/makeDefaults.ts [.vmspec/calibration.json]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Calibration } from './calibration.ts';
import { parseCalibration } from './calibration.ts';
import { DEFAULT_CALIBRATION_URL } from './defaultCalibration.ts';

/** `measured` as defaults: sources flipped, refusals and notes replaced by one provenance note. */
export function asDefaults(measured: Calibration): Calibration {
  const mark = <C extends { readonly source: string }>(c: C): C => ({ ...c, source: 'default', unavailable: null });
  const h = measured.host;
  return {
    ...measured,
    notes: [`defaults: measured once with 'vmspec calibrate --reps ${measured.probe.reps}' on ${h.cpuModel} (${h.cores} cores), ${h.platform} ${h.kernelRelease}, ${h.date}`],
    ops: {
      nullSyscall: mark(measured.ops.nullSyscall), contextSwitch: mark(measured.ops.contextSwitch), signal: mark(measured.ops.signal),
      signalSend: mark(measured.ops.signalSend),
      minorFault: mark(measured.ops.minorFault), ptraceStop: mark(measured.ops.ptraceStop), registerTransfer: mark(measured.ops.registerTransfer),
      processLifetime: mark(measured.ops.processLifetime),
      mmap: mark(measured.ops.mmap), munmap: mark(measured.ops.munmap), mprotect: mark(measured.ops.mprotect),
    },
    composites: {
      umlinuxSyscall: mark(measured.composites.umlinuxSyscall), seccompTrap: mark(measured.composites.seccompTrap),
      seccompSyscall: mark(measured.composites.seccompSyscall),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? '.vmspec/calibration.json';
  const parsed = parseCalibration(readFileSync(input, 'utf8'));
  if (!parsed.ok) {
    process.stderr.write(`makeDefaults: ${input}: ${parsed.error}\n`);
    process.exit(2);
  }
  if (Object.values({ ...parsed.calibration.ops, ...parsed.calibration.composites }).some((c) => c.source !== 'measured')) {
    process.stderr.write(`makeDefaults: ${input} has figures that were not measured; defaults must be measured\n`);
    process.exit(2);
  }
  writeFileSync(DEFAULT_CALIBRATION_URL, `${JSON.stringify(asDefaults(parsed.calibration), null, 2)}\n`);
  process.stdout.write(`wrote ${fileURLToPath(DEFAULT_CALIBRATION_URL)}\n`);
}
