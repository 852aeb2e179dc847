/**
 * Boots real User-Mode Linux (two boots, a few seconds each on an idle host):
 * the per-getpid pattern, counted exactly in each window and differenced
 * between two lengths. Skips, printing why, where the host cannot run UML.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectUmlHost } from './detectUmlHost.ts';
import type { RawVmmOp } from './rawVmmOp.ts';
import { recordUml } from './recordUml.ts';
import { buildRoot, type GuestRoot } from './rootBuilder.ts';
import { countOps, perIteration, registerTransfers } from './summarizeOps.ts';
import { withoutTimerTicks } from './timerTicks.ts';

const host = await detectUmlHost();
if (!host.ok) console.log(`skipping the real UML tests: ${host.reason}`);

const GETPID = 39;
const N1 = 20;
const N2 = 60;

type StubOp = Extract<RawVmmOp, { kind: 'stop' | 'regs' | 'resume' }>;

/** Each guest getpid's handling, as the kinds of the stub operations from its GETREGS to the next stop. */
function getpidPatterns(ops: readonly RawVmmOp[]): string[] {
  const stub = ops.filter((op): op is StubOp => op.kind === 'stop' || op.kind === 'regs' || op.kind === 'resume');
  return stub.flatMap((op, i) => {
    if (op.kind !== 'regs' || op.dir !== 'get' || op.set !== 'gpr' || op.syscall !== GETPID) return [];
    const before = stub[i - 1];
    const after = stub.slice(i + 1, i + 5);
    const name = (o: StubOp | undefined) => (o === undefined ? 'none' : o.kind === 'regs' ? `${o.dir} ${o.set}${o.syscall === undefined ? '' : ` ${o.syscall}`}` : o.kind === 'stop' ? `stop ${o.why}` : `resume ${o.how}`);
    return [[name(before), name(op), ...after.map(name)].join(', ')];
  });
}

describe.skipIf(!host.ok)('real UML: a getpid loop', () => {
  let root: GuestRoot;
  const logs: string[] = [];
  beforeAll(async () => {
    const built = await buildRoot();
    if (!built.ok) throw new Error(built.reason);
    root = built.root;
  });
  afterAll(async () => {
    await root?.remove();
    for (const log of logs) await rm(log, { force: true });
  });

  it('handles each guest getpid as one syscall stop, four register transfers and one PTRACE_SYSEMU, with no getpid rewrite', async () => {
    const counts = [];
    for (const n of [N1, N2]) {
      const recorded = await recordUml('getpid', { iterations: n, root });
      if (!recorded.ok) throw new Error(recorded.reason);
      logs.push(recorded.recording.logPath);
      const patterns = getpidPatterns(recorded.recording.ops);
      expect(patterns).toHaveLength(n);
      expect(new Set(patterns)).toEqual(new Set([`stop syscall, get gpr ${GETPID}, get fp, set gpr -1, set fp, resume sysemu`]));
      expect(recorded.recording.markers.begin.text).toMatch(new RegExp(`^VMSPEC-BEGIN getpid ${n} pid=\\d+$`));
      counts.push(await countOps(withoutTimerTicks(recorded.recording.ops)));
    }
    const per = perIteration(counts[0]!, N1, counts[1]!, N2);
    expect(per['stop syscall']).toBe(1);
    // Without the timer ticks; a reschedule a tick causes stays in, so allow a little over the exact pattern.
    expect(per['resume sysemu']).toBeGreaterThanOrEqual(1);
    expect(per['resume sysemu']).toBeLessThan(1.1);
    expect(registerTransfers(per)).toBeGreaterThanOrEqual(4);
    expect(registerTransfers(per)).toBeLessThan(4.4);
    expect(per['spawn'] ?? 0).toBe(0);
  }, 240_000);
});
