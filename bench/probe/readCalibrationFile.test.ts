import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefaultCalibration as defaultCalibration } from './defaultCalibration.ts';
import { readCalibrationFile } from './readCalibrationFile.ts';

describe('readCalibrationFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmspec-cal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a calibration the probe wrote', async () => {
    const path = join(dir, 'now.json');
    writeFileSync(path, JSON.stringify(defaultCalibration()));
    expect(await readCalibrationFile(path)).toEqual({ ok: true, calibration: defaultCalibration() });
  });

  it('names the figure an older probe did not measure, and what to do', async () => {
    const { processLifetime: _gone, ...olderOps } = defaultCalibration().ops;
    const path = join(dir, 'older.json');
    writeFileSync(path, JSON.stringify({ ...defaultCalibration(), ops: olderOps }));
    expect(await readCalibrationFile(path)).toEqual({
      ok: false, error: `${path}: $.ops.processLifetime: expected PointCost, got missing (written by an older probe: run 'vmspec calibrate' again)`,
    });
  });

  it('says why a file cannot be read', async () => {
    expect(await readCalibrationFile(join(dir, 'none.json'))).toEqual({ ok: false, error: `cannot read calibration '${join(dir, 'none.json')}' (ENOENT)` });
  });
});
