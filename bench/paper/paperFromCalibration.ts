/**
 * The paper bench from one calibration: costs, the composite check, the
 * committed real workloads, the run. `vmspec bench paper` and the generator
 * of the docs' figures share it, so the docs show what the command prints.
 */
import type { Calibration } from '../probe/calibration.ts';
import { costsFromCalibration } from './costsFromCalibration.ts';
import type { Microbenchmark } from './microbenchmarks.ts';
import type { PaperResult } from './paperResult.ts';
import { predictComposites } from './predictComposites.ts';
import { loadRealWorkloads } from './realWorkloads.ts';
import { runPaperBench } from './runPaperBench.ts';

/** The paper bench's result under `calibration` (said to come from `origin`); a broken log or composite is an error value. */
export async function paperFromCalibration(
  calibration: Calibration,
  origin: string,
  sizes?: Partial<Record<Microbenchmark['id'], number>>,
): Promise<{ ok: true; result: PaperResult } | { ok: false; error: string }> {
  const costs = costsFromCalibration(calibration);
  const composites = predictComposites(calibration, costs);
  if (!composites.ok) return composites;
  const reals = await loadRealWorkloads();
  if (!reals.ok) return reals;
  const figures = [...Object.values(calibration.ops), ...Object.values(calibration.composites)];
  const result = runPaperBench(costs, composites.checks, reals.workloads, {
    origin, host: calibration.host,
    measuredFigures: figures.filter((f) => f.source === 'measured').length,
    defaultFigures: figures.filter((f) => f.source === 'default').length,
  }, sizes);
  return { ok: true, result };
}
