/**
 * The permission rule (paper §4.2): which guest accesses may succeed. Guest
 * user mode reaches only guest user memory; guest kernel mode reaches guest
 * user and guest kernel memory; nothing in the guest reaches the host kernel.
 * Under the supervisor-bit protection the guest kernel runs at ring 1 and
 * guest user code at ring 3; every other protection keeps ring 3 throughout.
 */
import type { AccessOp, GuestMode, Region, Ring } from './types.ts';
import type { Protection } from './variant.ts';

/** True when a guest in `mode` may access `region` at all. */
export function regionPermitted(mode: GuestMode, region: Region): boolean {
  switch (region) {
    case 'guest-user':
      return true;
    case 'guest-kernel':
      return mode === 'kernel';
    case 'host-kernel':
      return false;
  }
}

/** The ring the guest-machine process runs at in `mode` under `protection`. */
export function expectedRing(protection: Protection, mode: GuestMode): Ring {
  return protection === 'supervisor-bit' && mode === 'kernel' ? 1 : 3;
}

/** One access as the permission rule sees it. */
export interface AccessQuery {
  readonly protection: Protection;
  readonly mode: GuestMode;
  readonly ring: Ring;
  readonly region: Region;
  readonly op: AccessOp;
}

/** Why an access may not succeed, or `allowed`. */
export type PermissionVerdict = 'allowed' | 'region-forbidden' | 'wrong-ring';

/**
 * May this access succeed? Reads and writes are judged alike: page-level
 * read-only protection is the guest kernel's business, not the VMM's.
 */
export function permission(query: AccessQuery): PermissionVerdict {
  if (query.ring !== expectedRing(query.protection, query.mode)) return 'wrong-ring';
  return regionPermitted(query.mode, query.region) ? 'allowed' : 'region-forbidden';
}
