/**
 * The calibrations a prediction is computed under (issue 14, item 5): the
 * probe run several times here (its figures move between runs on a shared
 * machine, so every predicted figure gets a range), or calibration files
 * given, or the committed defaults. What was used is said in one line; a
 * probe run too noisy to judge is not used, and when none is left, or the
 * figures move between the runs, the defaults are, with the reason.
 */
import { availableParallelism, loadavg } from 'node:os';
import { buildCalibration, defaultsOrigin } from '../probe/buildCalibration.ts';
import type { Calibration } from '../probe/calibration.ts';
import { readCalibrationFile } from '../probe/readCalibrationFile.ts';
import { loadDefaultCalibration } from '../probe/defaultCalibration.ts';
import { describeHost } from '../probe/hostDescription.ts';
import { runProbe } from '../probe/runProbe.ts';
import { judgeRuns, type HostLoad } from './busyHost.ts';

/** The calibrations and a phrase saying where they come from (and whether they are this host's). */
export interface Calibrations {
  readonly calibrations: readonly Calibration[];
  readonly origin: string;
  /** True when the costs were measured on this host now (or given as measured files), false for the defaults. */
  readonly thisHost: boolean;
  /** What says this host was busy while it was probed (empty when quiet, or not probed). */
  readonly busy: readonly string[];
  /** The lowest ptrace stop this host measured in any probe run, even a refused one (load only adds to it), ns. */
  readonly lowestPtraceStopNs?: number;
}

/** How to get the calibrations. */
export type CalibrationChoice =
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  | { readonly kind: 'defaults' }
  | { readonly kind: 'probe'; readonly repeat: number; readonly reps: number; readonly cc: string };

/** Reads, measures or loads the calibrations; an unreadable file is an error value naming it. */
export async function chooseCalibrations(choice: CalibrationChoice, log: (line: string) => void): Promise<{ ok: true; value: Calibrations } | { ok: false; error: string }> {
  const defaults = loadDefaultCalibration();
  if (choice.kind === 'defaults') {
    return { ok: true, value: { calibrations: [defaults], origin: `the committed default costs, not this host's (${defaultsOrigin(defaults)})`, thisHost: false, busy: [] } };
  }
  if (choice.kind === 'files') {
    const calibrations: Calibration[] = [];
    for (const path of choice.paths) {
      const read = await readCalibrationFile(path);
      if (!read.ok) return read;
      calibrations.push(read.calibration);
    }
    return { ok: true, value: { calibrations, origin: `${calibrations.length} calibration file${calibrations.length === 1 ? '' : 's'} (${choice.paths.join(', ')})`, thisHost: true, busy: [] } };
  }
  const calibrations: Calibration[] = [];
  for (let i = 0; i < choice.repeat; i++) {
    log(`calibrating: probe run ${i + 1} of ${choice.repeat} (--reps ${choice.reps})`);
    const probed = await runProbe({ cc: choice.cc, reps: choice.reps });
    if (!probed.ok) {
      return { ok: true, value: { calibrations: [defaults], origin: `the committed default costs, not this host's: ${probed.failure.message} (${defaultsOrigin(defaults)})`, thisHost: false, busy: [] } };
    }
    calibrations.push(buildCalibration(probed.output, describeHost(choice.cc), defaults));
  }
  return { ok: true, value: fromProbeRuns(calibrations, { loadAverage: loadavg()[0] ?? 0, cores: availableParallelism() }, defaults, choice.reps) };
}

/** The probe runs judged: the quiet ones used, else the defaults with the reason; what showed the host busy kept. */
export function fromProbeRuns(runs: readonly Calibration[], load: HostLoad, defaults: Calibration, reps: number): Calibrations {
  const judged = judgeRuns(runs, load);
  const stops = runs.filter((c) => c.ops.ptraceStop.source === 'measured').map((c) => c.ops.ptraceStop.medianNs);
  const lowest = stops.length === 0 ? {} : { lowestPtraceStopNs: Math.min(...stops) };
  if (!judged.trusted) {
    const why = judged.kept.length === 0 ? 'every probe run here was too noisy to judge' : 'the machine is busy (its figures moved between probe runs, or the load average reached the cores)';
    return { calibrations: [defaults], origin: `the committed default costs, not this host's: this host's calibration refused, ${why} (${defaultsOrigin(defaults)})`, thisHost: false, busy: judged.findings, ...lowest };
  }
  const refused = judged.kept[0]?.notes[0];
  const used = judged.kept.length === runs.length ? `${runs.length} probe runs` : `${judged.kept.length} of ${runs.length} probe runs`;
  return { calibrations: judged.kept, origin: `${used} on this host now (--reps ${reps} each)${refused === undefined ? '' : `; ${refused}`}`, thisHost: true, busy: judged.findings, ...lowest };
}
