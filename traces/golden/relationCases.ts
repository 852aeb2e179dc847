/**
 * Hand-made corruptions of the paper's paths, one relation each: the classes
 * of traces that conformed while the spec tracked only event types and
 * regions (who runs, which host process, which address space, which call,
 * which signal, which mode, the guest kernel's own access to its closed
 * region, whether the run ended), two or more per class across variants, and
 * legitimate traces a too strict spec refuses. Each case names the event
 * it breaks (so the manifest's line is stated here, not read back from the
 * checker), the machine that must refuse it and words its report must contain.
 */
import {
  bootToUser, guestContextSwitch, nullSyscall, PRESETS, timerInterrupt, userPageFault, hostCall, returnToUser,
  GUEST_KERNEL_BASE, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, type SpecEvent, type Variant,
} from '../../spec/index.ts';
import { exitEntry, thenHalt } from './goldenPaths.ts';
import { TRACE_FORMAT_VERSION, type TraceHeader } from '../format/headerCodec.ts';

/** One case: the events, and for a negative the event that breaks a relation. */
export interface RelationCase {
  readonly file: string;
  readonly variant: string;
  readonly about: string;
  readonly events: readonly SpecEvent[];
  readonly complete: boolean;
  /** Negative: index (0-based) of the offending event, or 'end' for an incomplete run; the machine; words of the report. */
  readonly breaks?: { readonly at: number | 'end'; readonly machine: string; readonly why: RegExp };
  /** A header string to use as the workload name (for the U+FFFD case). */
  readonly workload?: string;
  /** The format version it is written in (default: the current one); a version-1 case has no version-2 fields. */
  readonly version?: 1;
}

type Events = readonly SpecEvent[];
const find = (events: Events, pred: (e: SpecEvent) => boolean, nth = 0): number => {
  let seen = -1;
  const i = events.findIndex((e) => pred(e) && ++seen === nth);
  if (i < 0) throw new Error('relation case: event not found');
  return i;
};
const replace = (events: Events, i: number, ...by: SpecEvent[]): Events => [...events.slice(0, i), ...by, ...events.slice(i + 1)];
const insert = (events: Events, i: number, ...add: SpecEvent[]): Events => [...events.slice(0, i), ...add, ...events.slice(i)];
const is = (type: SpecEvent['type']) => (e: SpecEvent) => e.type === type;
/** Where the guest kernel's last sigreturn starts: its region is closed just before. */
const lastSigreturn = (events: Events): number => events.findLastIndex((e) => e.type === 'host.syscall.enter' && e.nr === 'sigreturn');
const V = (name: keyof typeof PRESETS | string): Variant => {
  if (name in PRESETS) return PRESETS[name as keyof typeof PRESETS];
  const [mediation, protection, addressSpaces] = name.split('/') as [Variant['mediation'], Variant['protection'], Variant['addressSpaces']];
  return { mediation, protection, addressSpaces };
};

function negative(file: string, variant: string, about: string, events: Events, at: number, machine: string, why: RegExp): RelationCase {
  return { file: `rel-${file}.ndjson`, variant, about, events: thenHalt(V(variant), events), complete: true, breaks: { at, machine, why } };
}

/** The header a relation case is written with. */
export function relationCaseHeader(c: RelationCase): TraceHeader {
  // Fields in the order FORMAT.md lists them: `version` second.
  const rest = {
    variant: c.variant, workload: c.workload ?? `relation-case/${c.file.replace(/\.ndjson$/, '')}`,
    seed: null, emulator: 'none: traces/golden/relationCases.ts via traces/golden/make.ts', complete: c.complete,
  } as const;
  return c.version === 1
    ? { format: 'vmspec-trace', version: 1, ...rest }
    : { format: 'vmspec-trace', version: TRACE_FORMAT_VERSION, ...rest, accesses: true, start: null };
}

/** `events` as a version-1 recorder wrote them: no process creation or exit, no access modes, no file pages. */
function asVersion1(events: Events): Events {
  return events.flatMap((e): SpecEvent[] => {
    if (e.type === 'guest.spawn' || e.type === 'guest.exit') return [];
    if (e.type === 'guest.access') {
      const { mode: _mode, ...rest } = e;
      return [rest];
    }
    if (e.type === 'host.mm.map') {
      const { filePage: _filePage, ...rest } = e;
      return [rest];
    }
    return [e];
  });
}

/** Every relation case. */
export function relationCases(): readonly RelationCase[] {
  const uml = V('umlinux');
  const km = V('+kernel-module');
  const sb = V('+segment-bounds');
  const mas = V('+multi-as');
  const null1 = nullSyscall(uml);
  const kmNull = nullSyscall(km);
  const cases: RelationCase[] = [];
  const neg = (...args: Parameters<typeof negative>) => cases.push(negative(...args));

  // ---- process identity ----
  {
    const e = nullSyscall(sb);
    const i = find(e, is('guest.return'), 1);
    neg('return-to-other-pid', '+segment-bounds', 'guest.return to pid 2, but process 1 is current', replace(e, i, { type: 'guest.return', pid: 2 }), i, 'guest-cpu', /current process is 1/);
  }
  {
    const e = guestContextSwitch(mas);
    const i = find(e, is('guest.switch'));
    neg('switch-from-not-current', '+multi-as', 'guest.switch from pid 3, but process 1 is current', replace(e, i, { type: 'guest.switch', from: 3, to: 2 }), i, 'guest-cpu', /switch from pid 3, but the current process is 1/);
  }
  {
    const e = guestContextSwitch(V('kernel-module/mprotect/multi-as'));
    const i = find(e, is('guest.switch'));
    neg('switch-to-unborn-pid', 'kernel-module/mprotect/multi-as', 'guest.switch to pid 7, never spawned', replace(e, i, { type: 'guest.switch', from: 1, to: 7 }), i, 'guest-cpu', /pid 7, which is not a live process/);
  }
  {
    const e = userPageFault(km);
    const i = e.length - 1;
    neg('access-by-other-pid', '+kernel-module', 'a user access by pid 2 while process 1 runs', replace(e, i, { ...(e[i] as SpecEvent & { pid: number }), pid: 2 } as SpecEvent), i, 'guest-cpu', /access by pid 2, but the current process is 1/);
  }

  // ---- host process identity ----
  {
    const e = null1;
    const i = e.findIndex((x, k) => k >= bootToUser(uml).length && x.type === 'host.ctxswitch');
    neg('ctxswitch-vmm-to-vmm', 'umlinux', "the app's syscall stops and the host switches from the VMM process to the VMM process, which does not run", replace(e, i, { type: 'host.ctxswitch', from: 'vmm-process', to: 'vmm-process' }), i, 'mediation/ptrace-process', /from the vmm-process, but the guest-machine runs/);
  }
  {
    const v = V('ptrace-process/segment-bounds/multi-as');
    const e = timerInterrupt(v);
    const i = find(e, (x) => x.type === 'host.ctxswitch' && x.to === 'guest-machine', 1);
    neg('ctxswitch-guest-to-guest', 'ptrace-process/segment-bounds/multi-as', 'the VMM forwards SIGALRM and the host switches from the guest-machine process, which does not run, to itself', replace(e, i, { type: 'host.ctxswitch', from: 'guest-machine', to: 'guest-machine' }), i, 'mediation/ptrace-process', /from the guest-machine, but the vmm-process runs/);
  }

  // ---- address-space identity ----
  {
    const e = guestContextSwitch(mas);
    const i = find(e, is('host.as.switch'));
    neg('switch-guest-already-live', '+multi-as', 'switch-guest selects address space 0, which is already live', replace(e, i, { type: 'host.as.switch', asid: 0 }), i, 'address-spaces/multi-as', /already live/);
  }
  {
    const e = guestContextSwitch(V('ptrace-process/supervisor-bit/multi-as'));
    const i = find(e, is('host.as.switch'));
    neg('switch-guest-beyond-1024', 'ptrace-process/supervisor-bit/multi-as', 'switch-guest selects slot 1024 (a host process holds 1024)', replace(e, i, { type: 'host.as.switch', asid: 1024 }), i, 'address-spaces/multi-as', /beyond the 1024/);
  }
  {
    const e = guestContextSwitch(uml);
    const i = find(e, (x) => x.type === 'host.mm.unmap' && x.start === 0);
    neg('remap-clear-other-space', 'umlinux', 'the clearing munmap names address space 1, which is not live', replace(e, i, { type: 'host.mm.unmap', asid: 1, start: 0, pages: GUEST_USER_PAGES }), i, 'address-spaces/remap', /names address space 1, but the live one is 0/);
  }
  {
    const e = guestContextSwitch(V('kernel-module/mprotect/multi-as'));
    const i = find(e, (x) => x.type === 'host.mm.protect' && x.asid === 2);
    neg('reprotect-other-space', 'kernel-module/mprotect/multi-as', 'after switching to space 2, the re-protect names space 0', replace(e, i, { ...(e[i] as SpecEvent & { asid: number }), asid: 0 } as SpecEvent), i, 'address-spaces/multi-as', /names address space 0, but the live one is 2/);
  }
  {
    // Process 2 runs in space 2 with a page mapped there, exits; process 3 is handed space 2 as it is.
    const v = mas;
    const e = guestContextSwitch(v);
    const withPage = insert(e, find(e, is('guest.switch')), ...hostCall(v, 'mmap', [{ type: 'host.mm.map', asid: 2, start: 0x0804_8000, pages: 1, prot: 'rw', filePage: 400_000 }]));
    const reuse: Events = [
      ...exitEntry(v, 2), { type: 'guest.exit', pid: 2 }, { type: 'guest.spawn', parent: 1, pid: 3 },
      ...hostCall(v, 'switch-guest', [{ type: 'host.as.switch', asid: 0 }]), { type: 'guest.switch', from: 2, to: 1 },
      ...hostCall(v, 'switch-guest', [{ type: 'host.as.switch', asid: 2 }]), { type: 'guest.switch', from: 1, to: 3 },
    ];
    const all = [...withPage, ...reuse];
    neg('reused-space-not-emptied', '+multi-as', "process 3 is handed the address space of ended process 2 without it being emptied", all, all.length - 1, 'address-spaces/multi-as', /must be emptied first/);
  }
  {
    // The same, but the space is emptied first: legitimate.
    const v = V('kernel-module/supervisor-bit/multi-as');
    const e = guestContextSwitch(v);
    const withPage = insert(e, find(e, is('guest.switch')), ...hostCall(v, 'mmap', [{ type: 'host.mm.map', asid: 2, start: 0x0804_8000, pages: 1, prot: 'rw', filePage: 400_000 }]));
    const reuse: Events = [
      ...exitEntry(v, 2), { type: 'guest.exit', pid: 2 }, { type: 'guest.spawn', parent: 1, pid: 3 },
      ...hostCall(v, 'switch-guest', [{ type: 'host.as.switch', asid: 0 }]), { type: 'guest.switch', from: 2, to: 1 },
      ...hostCall(v, 'switch-guest', [{ type: 'host.as.switch', asid: 2 }]),
      ...hostCall(v, 'munmap', [{ type: 'host.mm.unmap', asid: 2, start: 0, pages: GUEST_USER_PAGES }]),
      { type: 'guest.switch', from: 1, to: 3 },
    ];
    const all = [...withPage, ...reuse];
    const last = find(all, (x) => x.type === 'guest.switch' && x.to === 3);
    neg('reused-space-returns-to-ended', 'kernel-module/supervisor-bit/multi-as', 'space 2 is emptied and handed to process 3, but the kernel returns to ended process 2', [...all, ...returnToUser(v, 2, 2)], all.length + returnToUser(v, 2, 2).length - 1, 'guest-cpu', /current process is 3/);
    void last;
  }

  {
    // Under multi-as with mprotect each space is protected on its own: space 0 was lifted and left open when the
    // kernel switched to process 2; switching back and returning to process 1 without protecting space 0 leaks.
    const v = V('kernel-module/mprotect/multi-as');
    const there = guestContextSwitch(v);
    const timer = timerInterrupt(v);
    const entry = timer.slice(bootToUser(v).length, timer.length - returnToUser(v, 1).length).map((e) => ('asid' in e ? { ...e, asid: 2 } : e) as SpecEvent);
    const back: Events = [
      ...entry,
      ...hostCall(v, 'mprotect', [{ type: 'host.mm.protect', asid: 2, start: GUEST_KERNEL_BASE, pages: 0x5_0000, prot: 'none' }]),
      ...hostCall(v, 'switch-guest', [{ type: 'host.as.switch', asid: 0 }]),
      { type: 'guest.switch', from: 2, to: 1 },
      { type: 'host.syscall.enter', nr: 'sigreturn' },
    ];
    const all = [...there, ...back];
    neg('space-left-open', 'kernel-module/mprotect/multi-as', 'space 0 was lifted and left open; the kernel protects space 2, switches back to 0 and returns without protecting it', all, all.length - 1, 'protection/mprotect', /still open to user code/);
  }

  // ---- the remap mechanism ----
  {
    const e = guestContextSwitch(uml);
    neg('remap-access-never-remapped', 'umlinux', 'after the user region was cleared, process 2 reads a page never mapped again', [...e, { type: 'guest.access', pid: 2, addr: 0x0804_8000, op: 'read', outcome: 'ok', mode: 'user' }], e.length, 'address-spaces/remap', /not mapped in the live address space/);
  }
  {
    const e = userPageFault(sb);
    const back = [...e, ...guestSwitchAway(sb)];
    neg('remap-access-after-clear', '+segment-bounds', 'process 1 maps a page; after a switch away and back the page is read without being mapped again', [...back, { type: 'guest.access', pid: 1, addr: 0x0804_8000, op: 'read', outcome: 'ok', mode: 'user' }], back.length, 'address-spaces/remap', /not mapped in the live address space/);
  }

  // ---- call identity ----
  {
    const e = null1;
    const i = find(e, (x) => x.type === 'vmm.allow' && x.nr === 'mprotect', 1);
    const enter = find(e, (x) => x.type === 'host.syscall.enter' && x.nr === 'mprotect', 1);
    const corrupted = replace(e, enter, { type: 'host.syscall.enter', nr: 'execve' });
    neg('allow-other-call', 'umlinux', "the guest kernel enters execve and the VMM 'allows mprotect'", corrupted, i, 'mediation/ptrace-process', /vmm.allow mprotect, but the call in flight is execve/);
  }
  {
    const e = kmNull;
    const i = find(e, is('vmm.intercept'));
    neg('intercept-other-call', '+kernel-module', 'the module intercepts write, but the application called getpid', replace(e, i, { type: 'vmm.intercept', nr: 'write' }), i, 'mediation/kernel-module', /vmm.intercept write, but the call in flight is getpid/);
  }
  {
    const e = kmNull;
    const i = find(e, (x) => x.type === 'vmm.allow' && x.nr === 'mprotect', 1);
    const denied = replace(e, i, { type: 'vmm.deny', nr: 'mprotect' });
    const effect = i + 1;
    neg('denied-call-has-effect', '+kernel-module', 'the VMM refuses mprotect, which then changes protection anyway', denied, effect, 'mediation/kernel-module', /refuses host.mm.protect|kernel.hostcall.failing/);
  }
  {
    const e = nullSyscall(V('kernel-module/munmap/remap'));
    const i = find(e, (x) => x.type === 'vmm.allow' && x.nr === 'munmap');
    const denied = replace(replace(e, i + 1, { type: 'host.syscall.exit', nr: 'munmap', result: 0 }), i, { type: 'vmm.deny', nr: 'munmap' });
    neg('denied-call-succeeds', 'kernel-module/munmap/remap', 'the VMM refuses munmap, which then returns success', denied, i + 1, 'mediation/kernel-module', /refused munmap returns 0, not an error/);
  }
  {
    const v = 'kernel-module/mprotect/multi-as';
    const e = nullSyscall(V(v));
    const i = find(e, (x) => x.type === 'host.mm.protect' && x.prot === 'none', 1);
    neg('effect-of-other-call', v, 'an address-space switch inside mprotect', insert(e, i, { type: 'host.as.switch', asid: 1 }), i, 'mediation/kernel-module', /host.as.switch inside mprotect/);
  }

  // ---- signal and entry identity ----
  {
    const e = timerInterrupt(uml);
    const i = find(e, is('vmm.forward'));
    neg('forward-other-signal', 'umlinux', 'SIGALRM is sent, the VMM forwards SIGIO', replace(e, i, { type: 'vmm.forward', sig: 'SIGIO' }), i, 'mediation/ptrace-process', /vmm.forward SIGIO, but the signal in flight is SIGALRM/);
  }
  {
    const e = timerInterrupt(km);
    const i = find(e, is('host.signal.deliver'));
    neg('deliver-other-signal', '+kernel-module', 'SIGALRM is sent, SIGSEGV delivered', replace(e, i, { type: 'host.signal.deliver', sig: 'SIGSEGV' }), i, 'mediation/kernel-module', /SIGSEGV, but the signal in flight is SIGALRM/);
  }
  {
    const e = nullSyscall(sb);
    const i = find(e, is('guest.syscall'));
    neg('sigusr1-enters-as-interrupt', '+segment-bounds', 'SIGUSR1 is delivered, the guest kernel takes a timer interrupt', replace(e, i, { type: 'guest.interrupt', irq: 'timer' }), i, 'mediation/kernel-module', /calls for a syscall entry/);
  }
  {
    const e = timerInterrupt(V('ptrace-process/segment-bounds/multi-as'));
    const i = find(e, is('guest.interrupt'));
    neg('sigalrm-enters-as-syscall', 'ptrace-process/segment-bounds/multi-as', 'SIGALRM is delivered, the guest kernel takes a syscall', replace(e, i, { type: 'guest.syscall', pid: 1, nr: 'getpid' }), i, 'mediation/ptrace-process', /calls for a timer entry/);
  }
  {
    const e = userPageFault(mas);
    const i = find(e, is('guest.fault'));
    neg('fault-other-address', '+multi-as', 'the fault the guest kernel takes is not the access that failed', replace(e, i, { type: 'guest.fault', pid: 1, addr: 0x0804_9000, op: 'write' }), i, 'guest-cpu', /the access that failed was pid 1 write 0x8048000/);
  }

  // ---- mode ----
  {
    const e = kmNull;
    const i = find(e, is('host.signal.send'));
    neg('user-access-after-lift', '+kernel-module', 'a user-mode access after the module lifted protection, before the guest kernel takes the entry', insert(e, i, { type: 'guest.access', pid: 1, addr: 0x0804_8000, op: 'read', outcome: 'fault', mode: 'user' }), i, 'mediation/kernel-module', /refuses guest.access/);
  }
  {
    const e = null1;
    const i = find(e, is('guest.syscall'));
    neg('access-before-entry', 'umlinux', 'after SIGUSR1 is delivered and the region lifted, an access before the guest kernel takes the syscall', insert(e, i, { type: 'guest.access', pid: 1, addr: GUEST_KERNEL_BASE, op: 'read', outcome: 'fault', mode: 'user' }), i, 'mediation/ptrace-process', /before the guest kernel took the pending syscall entry/);
  }

  // ---- the guest kernel's own accesses while its region is closed ----
  {
    // After its mprotect(PROT_NONE) the guest kernel reads its own region before sigreturn: the MMU would refuse it.
    const e = null1;
    const i = lastSigreturn(e);
    neg('kernel-reads-closed-region', 'umlinux', 'after the guest kernel protected its region (PROT_NONE), its own read there succeeds', insert(e, i, closedRead(1, 'read')), i, 'protection/mprotect', /successful guest-kernel read .* which is closed/);
  }
  {
    const v = V('kernel-module/munmap/remap');
    const e = nullSyscall(v);
    const i = lastSigreturn(e);
    neg('kernel-writes-unmapped-region', 'kernel-module/munmap/remap', 'after the guest kernel unmapped its region, its own write there succeeds', insert(e, i, closedRead(1, 'write')), i, 'protection/munmap', /successful guest-kernel write .* which is closed/);
  }

  // ---- completion ----
  {
    const e = nullSyscall(V('kernel-module/supervisor-bit/remap'));
    cases.push({ file: 'rel-complete-ends-in-user.ndjson', variant: 'kernel-module/supervisor-bit/remap', about: 'says complete, ends with process 1 running in user mode', events: e, complete: true, breaks: { at: 'end', machine: 'guest-cpu', why: /guest not halted \(guest-cpu in state user\)/ } });
  }
  {
    const e = nullSyscall(uml);
    const cut = e.slice(0, find(e, is('host.signal.return'), 1));
    cases.push({ file: 'rel-complete-ends-mid-return.ndjson', variant: 'umlinux', about: 'says complete, ends inside the sigreturn path', events: cut, complete: true, breaks: { at: 'end', machine: 'guest-cpu', why: /guest not halted/ } });
  }

  // ---- legitimate: the spec used to refuse these ----
  {
    const v = V('kernel-module/mprotect/remap');
    const e = bootToUser(v);
    const entry = nullSyscall(v).slice(e.length, nullSyscall(v).length - returnToUser(v, 1).length);
    const denied: Events = [{ type: 'host.syscall.enter', nr: 'mprotect' }, { type: 'vmm.deny', nr: 'mprotect' }, { type: 'host.syscall.exit', nr: 'mprotect', result: -1 }];
    cases.push({ file: 'ok-deny-listed-call.ndjson', variant: 'kernel-module/mprotect/remap', about: 'the VMM refuses a listed call (stricter, never a leak)', events: thenHalt(v, [...e, ...entry, ...denied, ...returnToUser(v, 1)]), complete: true });
  }
  {
    const v = uml;
    const e = bootToUser(v);
    const entry = null1.slice(e.length, null1.length - returnToUser(v, 1).length);
    const own = hostCall(v, 'mmap', [{ type: 'host.mm.map', asid: 0, start: GUEST_KERNEL_BASE + 0x1000, pages: 4, prot: 'rw', filePage: 1 }]);
    cases.push({ file: 'ok-kernel-maps-own-region.ndjson', variant: 'umlinux', about: "the guest kernel maps pages inside its own region in kernel mode (the paper's steps 5-7)", events: thenHalt(v, [...e, ...entry, ...own, ...returnToUser(v, 1)]), complete: true });
  }
  {
    // The guest kernel closes its region, opens it again (a lift in kernel mode), reads it, and closes it to return.
    const v = uml;
    const e = null1;
    const closing = lastSigreturn(e);
    const reopen = hostCall(v, 'mprotect', [{ type: 'host.mm.protect', asid: 0, start: GUEST_KERNEL_BASE, pages: GUEST_KERNEL_PAGES, prot: 'rw' }]);
    const events = [...e.slice(0, closing), ...reopen, closedRead(1, 'read'), ...returnToUser(v, 1)];
    cases.push({ file: 'ok-kernel-reads-reopened-region.ndjson', variant: 'umlinux', about: 'the guest kernel protects its region, lifts it again and reads it: closed only until lifted', events: thenHalt(v, events), complete: true });
  }
  {
    // Version 1 has no spawn: the kernel created 2 and 3, and 3 runs first; 2, never seen, is new though below 3.
    const v = uml;
    const events = asVersion1(thenHalt(v, [...bootToUser(v), ...switchPath(v, 1, 3), ...switchPath(v, 3, 2)]));
    cases.push({ file: 'ok-v1-lower-pid-runs-later.ndjson', variant: 'umlinux', about: 'version 1: process 3 runs, then process 2, never seen before, runs for the first time', events, complete: true, version: 1 });
  }
  for (const [file, variant, pid] of [['rel-v1-switch-to-ended-pid', 'kernel-module/mprotect/remap', 2], ['rel-v1-switch-to-ended-lower-pid', 'ptrace-process/supervisor-bit/remap', 3]] as const) {
    // Version 1: process `pid` ran and ended by exit; it is not new again, though no spawn or exit event says so
    // (the second: after 3 ended, 4 runs, and 3 comes back below the highest pid seen, as a never-seen pid may).
    const v = V(variant);
    const back = switchPath(v, pid, 1).slice(entryLength(v));
    const later = pid === 3 ? [...switchPath(v, 1, 4), ...switchPath(v, 4, 3)] : switchPath(v, 1, pid);
    const events = asVersion1(thenHalt(v, [...bootToUser(v), ...switchPath(v, 1, pid), ...exitEntry(v, pid), ...back, ...later]));
    const at = events.findLastIndex((e) => e.type === 'guest.switch');
    cases.push({ file: `${file}.ndjson`, variant, about: `version 1: process ${pid} exits, and a later switch takes it for a new process`, events, complete: true, version: 1, breaks: { at, machine: 'guest-cpu', why: new RegExp(`guest.switch to pid ${pid}, which ended`) } });
  }
  cases.push({ file: 'ok-header-with-replacement-character.ndjson', variant: '+segment-bounds', about: 'a header string holding a literal U+FFFD (valid UTF-8)', events: thenHalt(sb, nullSyscall(sb)), complete: true, workload: 'caf\uFFFD-loop' });
  return cases;
}

/** The guest kernel's entry on a timer (from the signal to `guest.interrupt`). */
const entryLength = (variant: Variant): number => timerInterrupt(variant).length - bootToUser(variant).length - returnToUser(variant, 1).length;

/** From user mode in process `from`, a timer makes the guest kernel switch to process `to` and return to it (no spawn). */
function switchPath(variant: Variant, from: number, to: number): Events {
  return guestContextSwitch(variant).slice(bootToUser(variant, 2).length).map((e): SpecEvent =>
    e.type === 'guest.switch' ? { type: 'guest.switch', from, to } : e.type === 'guest.return' ? { type: 'guest.return', pid: to } : e);
}

/** A successful guest-kernel access of the first page of its region, on behalf of process `pid`. */
const closedRead = (pid: number, op: 'read' | 'write'): SpecEvent => ({ type: 'guest.access', pid, addr: GUEST_KERNEL_BASE, op, outcome: 'ok', mode: 'kernel' });

/** From user mode in process 1, a timer switches to process 2 (spawned here) and back to 1 (remap: the region is cleared both times). */
function guestSwitchAway(variant: Variant): Events {
  const path = guestContextSwitch(variant);
  const boot = bootToUser(variant, 2);
  const toTwo = path.slice(boot.length).filter((e) => !(e.type === 'guest.spawn'));
  const swap = (e: SpecEvent): SpecEvent =>
    e.type === 'guest.switch' ? { type: 'guest.switch', from: 2, to: 1 } : e.type === 'guest.return' ? { type: 'guest.return', pid: 1 } : e;
  const spawn: SpecEvent = { type: 'guest.spawn', parent: 1, pid: 2 };
  const firstEntry = toTwo.findIndex((e) => e.type === 'guest.interrupt') + 1;
  return [...toTwo.slice(0, firstEntry), spawn, ...toTwo.slice(firstEntry), ...toTwo.map(swap)];
}
