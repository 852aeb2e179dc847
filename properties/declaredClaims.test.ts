/**
 * A subject's own cost claims are checked by cost-claims on every scenario:
 * absolute bounds, bounds per trace event and bounds against another variant,
 * each failure naming the claim.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../spec/index.ts';
import { costClaims } from './costClaims.ts';
import type { CostClaim } from './declaredClaims.ts';
import { variantSubject } from './subject.ts';

const claimed = (preset: keyof typeof PRESETS, ...claims: CostClaim[]) => ({ ...variantSubject(PRESETS[preset]), claims });
const check = (subject: ReturnType<typeof claimed>) => costClaims.check({ subject, runs: 20, seed: 3 });

describe('declared cost claims', () => {
  const noSwitches: CostClaim = { says: 'no host context switch', measure: 'host context switches', atMost: 0 };

  it('an absolute bound holds where it is true and fails, named, where it is not', () => {
    expect(check(claimed('+kernel-module', noSwitches)).ok).toBe(true);
    const verdict = check(claimed('umlinux', noSwitches));
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error).toMatch(/^claim 'no host context switch' broken: host context switches \d+ under ptrace-process\/mprotect\/remap, more than 0$/);
  });

  it('a bound against another variant on the same scenario', () => {
    const noMoreThanUmlinux: CostClaim = { says: 'fewer switches than umlinux', measure: 'host context switches', noMoreThan: 'umlinux' };
    expect(check(claimed('+kernel-module', noMoreThanUmlinux)).ok).toBe(true);
    const verdict = check(claimed('umlinux', { ...noMoreThanUmlinux, noMoreThan: '+kernel-module' }));
    expect(!verdict.ok && verdict.error).toMatch(/more than 0 under \+kernel-module$/);
  });

  it('a bound per trace event, and a measure given as a function', () => {
    const perSyscall: CostClaim = { says: 'bounded work per call', measure: (run) => run.counters.hostContextSwitches, atMost: 0, per: 'guest.syscall' };
    const verdict = check(claimed('umlinux', perSyscall));
    expect(!verdict.ok && verdict.error).toMatch(/^claim 'bounded work per call' broken: measure \d+ under ptrace-process\/mprotect\/remap, more than 0 per guest\.syscall × \d+ = 0$/);
    expect(check(claimed('umlinux', { ...perSyscall, atMost: 1_000_000 })).ok).toBe(true);
  });
});
