/**
 * Reads a `calibration.json` from disk and decodes it; an unreadable or
 * invalid file is a one-line error value naming the file (and JSON path).
 */
import { readFile } from 'node:fs/promises';
import { parseCalibration, type Calibration } from './calibration.ts';
import { errorCode } from '../../traces/index.ts';

/** The calibration in the file at `path`. */
export async function readCalibrationFile(path: string): Promise<{ ok: true; calibration: Calibration } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, error: `cannot read calibration '${path}' (${code})` };
  }
  const parsed = parseCalibration(text);
  if (parsed.ok) return parsed;
  // A figure the probe gained later (registerTransfer, processLifetime, signalSend) is missing from a file an older probe wrote.
  const older = /^\$\.ops\.\w+: expected \w+, got missing$/.test(parsed.error) ? " (written by an older probe: run 'vmspec calibrate' again)" : '';
  return { ok: false, error: `${path}: ${parsed.error}${older}` };
}
