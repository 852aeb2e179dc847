/**
 * The protection operations as the VMM can do them from where it runs: a
 * module inside the host kernel can change memory maps and registers; a VMM
 * process can only change the tracee's registers (segment limit, ring).
 */
import { GUEST_KERNEL_BASE, PAGE_SHIFT } from '../../mmu/layout.ts';
import type { VmmHostAccess } from '../../host/vmmHooks.ts';
import type { ProtectionOps } from '../interfaces.ts';

/** The file page mapped at guest kernel address `start` (the region maps the file linearly). */
export function filePageAt(start: number): number {
  return start >= GUEST_KERNEL_BASE ? (start - GUEST_KERNEL_BASE) >>> PAGE_SHIFT : 0;
}

/** Protection operations through `access`; memory operations throw when the VMM cannot do them. */
export function vmmProtectionOps(access: VmmHostAccess): ProtectionOps {
  const memory = () => {
    if (access.memory === undefined) throw new Error('a VMM process cannot change the guest-machine process\'s memory maps');
    return access.memory;
  };
  return {
    map: (start, pages, prot) => void memory().mmap(start, pages, prot, filePageAt(start)),
    unmap: (start, pages) => void memory().munmap(start, pages),
    protect: (start, pages, prot) => void memory().mprotect(start, pages, prot),
    setSegmentLimit: (limit) => access.setSegmentLimit(limit),
    setRing: (ring) => access.setRing(ring),
  };
}
