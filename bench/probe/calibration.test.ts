import { describe, expect, it } from 'vitest';
import { parseCalibration } from './calibration.ts';
import { loadDefaultCalibration } from './defaultCalibration.ts';

const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(loadDefaultCalibration())) as Record<string, unknown>;

describe('calibration codec', () => {
  it('decodes the committed defaults, all marked default', () => {
    const defaults = loadDefaultCalibration();
    expect(defaults.format).toBe('vmspec-calibration');
    expect(defaults.ops.mprotect.points.length).toBeGreaterThanOrEqual(2);
    expect(defaults.notes[0]).toMatch(/^defaults: measured once/);
  });

  it('round-trips through JSON text', () => {
    const parsed = parseCalibration(JSON.stringify(good()));
    expect(parsed).toEqual({ ok: true, calibration: loadDefaultCalibration() });
  });

  it('names the JSON path of a wrong value in one line', () => {
    const json = good();
    (json['ops'] as { mmap: { perPageNs: unknown } }).mmap.perPageNs = 'fast';
    expect(parseCalibration(JSON.stringify(json))).toEqual({ ok: false, error: '$.ops.mmap.perPageNs: expected a finite number, got "fast"' });
  });

  it('names a missing field and a negative time', () => {
    const missing = good();
    delete (missing['host'] as Record<string, unknown>)['kernelRelease'];
    expect(parseCalibration(JSON.stringify(missing))).toMatchObject({ ok: false, error: expect.stringMatching(/^\$\.host\.kernelRelease: .*got missing$/) });
    const negative = good();
    (negative['composites'] as { umlinuxSyscall: { medianNs: unknown } }).umlinuxSyscall.medianNs = -1;
    expect(parseCalibration(JSON.stringify(negative))).toEqual({ ok: false, error: '$.composites.umlinuxSyscall.medianNs: expected a finite number >= 0, got -1' });
  });

  it('rejects another format and text that is not JSON', () => {
    expect(parseCalibration(JSON.stringify({ ...good(), format: 'other' }))).toMatchObject({ ok: false, error: expect.stringMatching(/^\$\.format: /) });
    const notJson = parseCalibration('{ nope');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.error).toMatch(/^not JSON: /);
    if (!notJson.ok) expect(notJson.error).not.toContain('\n');
  });
});
