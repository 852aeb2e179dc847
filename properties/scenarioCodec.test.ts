/**
 * A replay file keeps what the scenario ran: a scenario with a program image
 * decodes with its image (a strict codec would drop an unknown key silently,
 * and the replay would run without it), and a wrong area is refused at its path.
 */
import { describe, expect, it } from 'vitest';
import { STATIC_PROGRAM_IMAGE } from '../impl/index.ts';
import { scenarioCodec } from './scenarioCodec.ts';

const scenario = { workload: { name: 'w', programs: [[{ op: 'store', addr: 0x40_1000, value: 1 }]], image: STATIC_PROGRAM_IMAGE }, seed: 3, timerInterval: 50 };

describe('scenarioCodec', () => {
  it('keeps the program image of a scenario', () => {
    const decoded = scenarioCodec.decode(JSON.parse(JSON.stringify(scenario)));
    expect(decoded._tag === 'Right' && decoded.right.workload.image).toEqual(STATIC_PROGRAM_IMAGE);
  });

  it('refuses an image area with an unknown protection', () => {
    const bad = { ...scenario, workload: { ...scenario.workload, image: { ...STATIC_PROGRAM_IMAGE, areas: [{ ...STATIC_PROGRAM_IMAGE.areas[0], prot: 'wx' }] } } };
    expect(scenarioCodec.decode(bad)._tag).toBe('Left');
  });
});
