/**
 * The refinement mapping's record of a run: after each traced event, the
 * abstraction of the emulator's state (impl/integrity/abstractState.ts),
 * packed three numbers per event (every scenario run carries it, and a
 * check keeps thousands of runs).
 */
import type { AbstractState } from '../impl/index.ts';
import type { SpecEvent } from '../spec/index.ts';

/** The abstraction of the machine after one traced event. */
export interface AbstractSnapshot {
  readonly mode: AbstractState['mode'];
  readonly current: number | undefined;
  /** The live processes, recorded after guest events (the process table changes only inside the guest kernel). */
  readonly live: string | undefined;
  readonly liveAsid: number;
  /** Whether the guest kernel region was reachable (recorded after events that can change it). */
  readonly reachable: boolean | undefined;
}

/** The events after which the guest kernel region's reachability is compared. */
const PROTECTION_EVENTS: ReadonlySet<string> = new Set([
  'host.mm.map', 'host.mm.unmap', 'host.mm.protect', 'host.segment.set', 'host.ring.set', 'host.as.switch',
  'guest.return', 'guest.syscall', 'guest.interrupt', 'guest.fault', 'guest.idle', 'host.stub.resume',
]);

const MODES: readonly AbstractState['mode'][] = ['halted', 'idle', 'kernel', 'user'];
/** Before the guest kernel exists (the VMM builds the machine): nothing to compare. */
const NONE = -1;

/** The snapshots of one run. */
export class AbstractRecord {
  private packed = new Int32Array(3 * 64);
  private readonly lives = new Map<number, string>();
  length = 0;

  /** Appends the abstraction after `event` (`state` undefined: the guest kernel does not exist yet). */
  push(event: SpecEvent, state: AbstractState | undefined): void {
    if (3 * this.length + 3 > this.packed.length) {
      const grown = new Int32Array(this.packed.length * 2);
      grown.set(this.packed);
      this.packed = grown;
    }
    const at = 3 * this.length++;
    if (state === undefined) {
      this.packed[at] = NONE;
      return;
    }
    const reachable = PROTECTION_EVENTS.has(event.type) ? (state.kernelRegionReachable() ? 2 : 1) : 0;
    this.packed[at] = MODES.indexOf(state.mode) | (reachable << 4);
    this.packed[at + 1] = state.current ?? -1;
    this.packed[at + 2] = state.liveAsid;
    if (event.type.startsWith('guest.')) this.lives.set(this.length - 1, state.live().join(','));
  }

  /** The snapshot after event `i`, or undefined before the guest kernel existed. */
  at(i: number): AbstractSnapshot | undefined {
    const word = this.packed[3 * i]!;
    if (i >= this.length || word === NONE) return undefined;
    const reachable = word >> 4;
    const current = this.packed[3 * i + 1]!;
    return {
      mode: MODES[word & 15]!,
      current: current < 0 ? undefined : current,
      live: this.lives.get(i),
      liveAsid: this.packed[3 * i + 2]!,
      reachable: reachable === 0 ? undefined : reachable === 2,
    };
  }
}
