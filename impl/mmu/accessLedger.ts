/**
 * A record of the memory accesses that succeeded, by guest mode and address
 * region: the evidence an isolation property reads (no guest user access to
 * the guest kernel or host kernel region, no guest kernel access to the host
 * kernel region may ever succeed).
 */
import type { GuestMode, Region } from '../../spec/types.ts';
import { REGION_NAMES, regionIndexOf } from './layout.ts';

/** Successful accesses of one (mode, region) pair, with the first address seen. */
export interface LedgerEntry {
  readonly mode: GuestMode;
  readonly region: Region;
  readonly count: number;
  readonly firstAddr: number;
}

/** Counts successful accesses by (mode, region). */
export class AccessLedger {
  private readonly counts = new Float64Array(6);
  private readonly first = new Float64Array(6).fill(-1);

  /** Records a successful access by `mode` (0 user, 1 kernel) at `addr`. */
  record(mode: 0 | 1, addr: number): void {
    const k = mode * 3 + regionIndexOf(addr);
    if (this.counts[k] === 0) this.first[k] = addr;
    this.counts[k]!++;
  }

  /** The non-empty entries. */
  entries(): readonly LedgerEntry[] {
    const out: LedgerEntry[] = [];
    for (let k = 0; k < 6; k++) {
      const count = this.counts[k]!;
      if (count > 0) out.push({ mode: k < 3 ? 'user' : 'kernel', region: REGION_NAMES[k % 3]!, count, firstAddr: this.first[k]! });
    }
    return out;
  }
}
