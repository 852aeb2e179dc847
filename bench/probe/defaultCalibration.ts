/**
 * The documented defaults: `defaultCalibration.json`, one calibration measured
 * with `vmspec calibrate` and committed (see README.md beside it for the host
 * and date). Used where a host cannot measure: no compiler, ptrace refused.
 */
import { readFileSync } from 'node:fs';
import type { Calibration } from './calibration.ts';
import { parseCalibration } from './calibration.ts';

/** The path of the defaults file. */
export const DEFAULT_CALIBRATION_URL = new URL('./defaultCalibration.json', import.meta.url);

/** Loads the defaults; a broken defaults file is a bug in the repository, so it throws. */
export function loadDefaultCalibration(): Calibration {
  const parsed = parseCalibration(readFileSync(DEFAULT_CALIBRATION_URL, 'utf8'));
  if (!parsed.ok) throw new Error(`bench/probe/defaultCalibration.json is invalid: ${parsed.error}`);
  if (Object.values({ ...parsed.calibration.ops, ...parsed.calibration.composites }).some((c) => c.source !== 'default')) {
    throw new Error('bench/probe/defaultCalibration.json: every figure must have source "default"');
  }
  return parsed.calibration;
}
