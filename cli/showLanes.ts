/**
 * The lanes of `vmspec show`, the way TLA+ and Quint trace viewers lay a run
 * out: one column per actor. Guest processes (by pid) on the left, then the
 * guest kernel, the VMM, the host kernel, and each skas0 stub process; every
 * event belongs to exactly one lane.
 */
import type { SpecEvent } from '../spec/index.ts';

/** One column of the drawing. */
export type Lane =
  | { readonly kind: 'process'; readonly pid: number }
  | { readonly kind: 'guest-kernel' }
  | { readonly kind: 'vmm' }
  | { readonly kind: 'host-kernel' }
  | { readonly kind: 'stub'; readonly stub: number };

/** The lane's title, as drawn above it. */
export function laneTitle(lane: Lane): string {
  switch (lane.kind) {
    case 'process':
      return `guest pid ${lane.pid}`;
    case 'guest-kernel':
      return 'guest kernel';
    case 'vmm':
      return 'VMM';
    case 'host-kernel':
      return 'host kernel';
    case 'stub':
      return `stub ${lane.stub}`;
  }
}

/**
 * Where `event` is drawn. An event about one guest process (its syscall,
 * access, fault, return, spawn, exit) is in that process's lane; one by the
 * kernel itself (a switch, an interrupt, a kernel-mode access, pid 0) in the
 * guest kernel's. A stub's events are the stub's; other host events the host kernel's.
 */
export function laneOf(event: SpecEvent): Lane {
  if (event.type.startsWith('vmm.')) return { kind: 'vmm' };
  if ('stub' in event && typeof event.stub === 'number') return { kind: 'stub', stub: event.stub };
  if (event.type.startsWith('host.')) return { kind: 'host-kernel' };
  if (event.type === 'guest.access' && event.mode === 'kernel') return { kind: 'guest-kernel' };
  if ('pid' in event && typeof event.pid === 'number' && event.pid > 0) return { kind: 'process', pid: event.pid };
  return { kind: 'guest-kernel' };
}

/** The rank of a lane, left to right: processes by pid, the three fixed lanes, stubs by number. */
function rank(lane: Lane): readonly [number, number] {
  switch (lane.kind) {
    case 'process':
      return [0, lane.pid];
    case 'guest-kernel':
      return [1, 0];
    case 'vmm':
      return [2, 0];
    case 'host-kernel':
      return [3, 0];
    case 'stub':
      return [4, lane.stub];
  }
}

/** The lanes of `events` in drawing order: the guest kernel, VMM and host kernel always; processes and stubs when present (`extra`: ones declared elsewhere, a trace's mid-run start). */
export function lanesOf(events: Iterable<SpecEvent>, extra: readonly Lane[] = []): readonly Lane[] {
  const lanes = new Map<string, Lane>();
  for (const lane of [{ kind: 'guest-kernel' } as const, { kind: 'vmm' } as const, { kind: 'host-kernel' } as const, ...extra]) lanes.set(laneTitle(lane), lane);
  for (const event of events) {
    const lane = laneOf(event);
    lanes.set(laneTitle(lane), lane);
  }
  return [...lanes.values()].sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
}

/** The column of `event` among `lanes` (which must hold its lane). */
export function columnOf(lanes: readonly Lane[], event: SpecEvent): number {
  const wanted = laneTitle(laneOf(event));
  return lanes.findIndex((lane) => laneTitle(lane) === wanted);
}
