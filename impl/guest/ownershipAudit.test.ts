import { describe, expect, it } from 'vitest';
import { runWorkload } from '../run/runWorkload.ts';
import type { VmmParts } from '../vmm/interfaces.ts';
import { pipePingPong } from '../workloads/pipePingPong.ts';
import { forkTree } from '../workloads/forkTree.ts';

/** A multi-as VMM whose switches never call switch-guest: the previous process's table stays live. */
const keepsOldTable = (parts: VmmParts): VmmParts => ({
  ...parts,
  addressSpaces: {
    ...parts.addressSpaces,
    create: () => {
      const manager = parts.addressSpaces.create();
      return { ...manager, switchTo: (calls, from, to) => manager.switchTo({ call: (nr, args) => (nr === 'switch-guest' ? 0 : calls.call(nr, args)) }, from, to) };
    },
  },
});

describe('ownership audit', () => {
  it.each(['umlinux', '+multi-as', 'kernel-module/supervisor-bit/remap'])('finds no stray frame under %s', (variant) => {
    for (const workload of [pipePingPong(5), forkTree(2)]) {
      const result = runWorkload(workload, { variant, audit: true });
      expect(result.crossProcess).toEqual({ count: 0, first: [] });
    }
  });

  it("catches a user access that reaches the previous process's frame", () => {
    const result = runWorkload(pipePingPong(5), { variant: '+multi-as', audit: true, parts: keepsOldTable });
    expect(result.crossProcess.count).toBeGreaterThan(0);
    expect(result.crossProcess.first[0]!.pid).not.toBe(result.crossProcess.first[0]!.owner);
  });

  it('costs nothing unless asked for', () => {
    const result = runWorkload(pipePingPong(5), { variant: '+multi-as', parts: keepsOldTable });
    expect(result.crossProcess).toEqual({ count: 0, first: [] });
  });
});
