/**
 * The paper's paths are accepted event by event under every variant, and the
 * null syscall's steps cannot be skipped, repeated or reordered: each such
 * change is rejected, and the rejection names the machine and its state.
 */
import { describe, expect, it } from 'vitest';
import { bootToUser, nullSyscall, PAPER_PATHS } from './paperPaths.ts';
import { acceptedHere, initial, run, step, type RunResult } from './stepper.ts';
import { allVariants, PRESETS, variantName, type Variant } from './variant.ts';
import type { SpecEvent } from './types.ts';

const variants = allVariants().map((v) => [variantName(v), v] as const);
const same = (a: SpecEvent | undefined, b: SpecEvent | undefined) => JSON.stringify(a) === JSON.stringify(b);

function rejected(result: RunResult) {
  if (result.ok) throw new Error('accepted');
  return result;
}

/** Every single-event deletion, duplication and adjacent swap of `events[from..]`. */
function mutations(events: readonly SpecEvent[], from: number) {
  const out: { what: string; events: SpecEvent[] }[] = [];
  for (let i = from; i < events.length; i++) {
    const last = i === events.length - 1;
    // Dropping the final event leaves a valid prefix: traces may end anywhere.
    if (!last) out.push({ what: `delete #${i} ${events[i]!.type}`, events: events.filter((_, j) => j !== i) });
    out.push({ what: `duplicate #${i} ${events[i]!.type}`, events: [...events.slice(0, i + 1), ...events.slice(i)] });
    if (!last && !same(events[i], events[i + 1])) {
      const swapped = [...events];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      out.push({ what: `swap #${i} ${events[i]!.type} with ${events[i + 1]!.type}`, events: swapped });
    }
  }
  return out;
}

describe.each(variants)('variant %s', (_name, variant) => {
  it.each(Object.keys(PAPER_PATHS))('accepts the %s path event by event', (pathName) => {
    let state = initial(variant);
    for (const [index, event] of PAPER_PATHS[pathName]!(variant).entries()) {
      const result = step(state, event);
      if (!result.ok) throw new Error(`event #${index} ${JSON.stringify(event)} rejected by ${result.rejection.machine} in ${result.rejection.state}`);
      state = result.state;
    }
  });

  it('rejects every skipped, repeated or swapped step of the null syscall, naming the state', () => {
    const events = nullSyscall(variant);
    const accepted: string[] = [];
    for (const mutation of mutations(events, bootToUser(variant).length)) {
      const result = run(variant, mutation.events);
      if (result.ok) accepted.push(mutation.what);
      else {
        expect(result.rejection.machine).toMatch(/^(guest-cpu|mediation|protection|address-spaces)/);
        expect(result.rejection.state).not.toBe('');
        expect(acceptedHere(result.state).length).toBeGreaterThan(0);
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe('the null syscall paths of the paper', () => {
  const syscallPart = (variant: Variant) => nullSyscall(variant).slice(bootToUser(variant).length);
  const count = (events: readonly SpecEvent[], type: SpecEvent['type']) => events.filter((e) => e.type === type).length;

  it('ptrace-process: the syscall is rewritten to getpid, and every interception switches host processes', () => {
    const events = syscallPart(PRESETS.umlinux);
    expect(events.slice(0, 8).map((e) => e.type)).toEqual([
      'host.syscall.enter', 'host.ptrace.stop', 'host.ctxswitch', 'vmm.rewrite',
      'host.ptrace.resume', 'host.ctxswitch', 'host.syscall.exit', 'host.ptrace.stop',
    ]);
    // Trap (4), the handler's mprotect up and down (4 each), sigreturn (2).
    expect(count(events, 'host.ctxswitch')).toBe(14);
    expect(count(events, 'host.mm.protect')).toBe(2);
  });

  it('kernel-module: 4 steps and no host context switch; inserting one anywhere is rejected', () => {
    const variant = PRESETS['+kernel-module'];
    const events = syscallPart(variant);
    expect(events.slice(0, 5).map((e) => e.type)).toEqual([
      'host.syscall.enter', 'vmm.intercept', 'host.mm.protect', 'host.signal.send', 'host.signal.deliver',
    ]);
    expect(count(events, 'host.ctxswitch')).toBe(0);
    const full = nullSyscall(variant);
    const start = bootToUser(variant).length;
    for (let i = start; i <= full.length; i++) {
      const withSwitch = [...full.slice(0, i), { type: 'host.ctxswitch', from: 'guest-machine', to: 'vmm-process' } as const, ...full.slice(i)];
      expect(rejected(run(variant, withSwitch)).rejection.machine).toBe('mediation/kernel-module');
    }
  });

  it('segment bounds and the supervisor bit need no protection syscall on the syscall path', () => {
    for (const variant of [PRESETS['+segment-bounds'], { ...PRESETS['+segment-bounds'], protection: 'supervisor-bit' } as const]) {
      const events = syscallPart(variant);
      expect(events.filter((e) => e.type.startsWith('host.mm.'))).toEqual([]);
      expect(events.filter((e) => e.type === 'host.syscall.enter').map((e) => (e as { nr: string }).nr)).toEqual(['getpid', 'sigreturn']);
    }
  });
});

describe('hand-written divergences are rejected where they happen', () => {
  const umlinux = PRESETS.umlinux;
  const events = nullSyscall(umlinux);
  const at = (predicate: (e: SpecEvent, i: number) => boolean) => events.findIndex((e, i) => predicate(e, i));

  it('a skipped re-protect: returning to user mode while the guest kernel region is reachable', () => {
    const start = bootToUser(umlinux).length;
    const protect = at((e, i) => i > start && e.type === 'host.mm.protect' && e.prot === 'none');
    // Drop the whole intercepted mprotect call around the re-protect (6 events before, 5 after).
    const skipped = [...events.slice(0, protect - 6), ...events.slice(protect + 6)];
    const result = rejected(run(umlinux, skipped));
    expect(result.rejection.machine).toBe('protection/mprotect');
    expect(result.rejection.state).toBe('kernel.open');
    // The handler may not even start its sigreturn while the region is open.
    expect(result.rejection.event).toEqual({ type: 'host.syscall.enter', nr: 'sigreturn' });
    expect(result.rejection.reasons.map((r) => r.text).join()).toMatch(/still open to user code/);
    expect(acceptedHere(result.state, 100)).toContain('host.syscall.enter nr=mprotect');
  });

  it('SIGUSR1 sent before the getpid return', () => {
    const start = bootToUser(umlinux).length;
    const exit = at((e, i) => i > start && e.type === 'host.syscall.exit' && e.nr === 'getpid');
    const usr1 = events.slice(0, exit).concat({ type: 'host.signal.send', sig: 'SIGUSR1' });
    const result = rejected(run(umlinux, usr1));
    expect(result.rejection.machine).toBe('mediation/ptrace-process');
    expect(result.rejection.state).toBe('trap.noopRunning');
    expect(acceptedHere(result.state)).toEqual(['host.syscall.exit nr=getpid result=0', 'host.syscall.exit nr=getpid result=-1']);
  });

  it('a guest-user access to 0x70000000 that succeeds', () => {
    for (const [, variant] of variants) {
      const result = rejected(run(variant, [...bootToUser(variant), { type: 'guest.access', pid: 1, addr: 0x7000_0000, op: 'read', outcome: 'ok' }]));
      expect(result.rejection.machine).toBe('guest-cpu');
      expect(result.rejection.state).toBe('user');
    }
  });

  it('an event no machine of the variant constrains is rejected, not ignored', () => {
    const variant = PRESETS.umlinux;
    const result = rejected(run(variant, [...bootToUser(variant), { type: 'vmm.intercept', nr: 'getpid' }]));
    expect(result.rejection.machine).toBe('mediation/ptrace-process');
    expect(result.rejection.state).toBe('app');
  });
});
