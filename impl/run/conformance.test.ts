/**
 * The emulator's traces against the spec: every hand-written workload, under
 * every one of the 16 variants, yields a trace the variant's spec machines
 * accept, and the same guest-visible observations as every other variant.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../spec/stepper.ts';
import { allVariants, variantName } from '../../spec/variant.ts';
import { forkTree } from '../workloads/forkTree.ts';
import { memoryToucher } from '../workloads/memoryToucher.ts';
import { nullSyscallLoop } from '../workloads/nullSyscallLoop.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { kernelRegionProbe, userRegionProbe } from '../workloads/regionProbes.ts';
import { diskReader } from '../workloads/diskReader.ts';
import { staticForker } from '../workloads/staticProgram.ts';
import { runWorkload } from './runWorkload.ts';

const WORKLOADS = [nullSyscallLoop(3), pipePingPong(4), memoryToucher(8, 2), forkTree(2), userRegionProbe(), kernelRegionProbe(), diskReader(3), staticForker(2)];

describe.each(WORKLOADS.map((w) => [w.name, w] as const))('%s', (_name, workload) => {
  const results = allVariants().map((variant) => ({ variant, result: runWorkload(workload, { variant, seed: 3, trace: true }) }));

  it.each(results.map(({ variant, result }) => [variantName(variant), result] as const))('conforms under %s', (_v, result) => {
    const verdict = run(result.variant, result.trace);
    expect(verdict.ok ? 'accepted' : { index: verdict.index, rejection: verdict.rejection }).toBe('accepted');
    expect(result.observations.end).toBe('halted');
  });

  it('gives the same observations in all 16 variants', () => {
    const first = results[0]!.result.observations;
    for (const { result } of results) expect(result.observations).toEqual(first);
  });
});
