/**
 * User-Mode Linux skas0: one host process per guest process, each with a
 * small stub (a code page and a data page) mapped near the top of its address
 * space, through which the UML kernel changes that process's mappings. Here a
 * guest process's host process is its own address-space definition, made
 * live on a guest switch; the stub is mapped whenever a definition is fresh.
 * The emulator's host creates a definition as a copy of the live one, so a
 * never-used one is emptied first, like a dead process's.
 */
import {
  defineVariant, GUEST_KERNEL_PAGES, GUEST_USER_PAGES, PAGE_SIZE, STACK_BASE,
  type AddressSpaceManager, type GuestHostCalls, type PluginAddressSpaces,
} from 'vmspec';

/** The stub's two pages sit just below the stack. */
export const STUB_START = STACK_BASE - 2 * PAGE_SIZE;
/** The file page holding the stub (the last page of the guest's physical memory). */
const STUB_FILE_PAGE = GUEST_KERNEL_PAGES - 2;
const HOST_PROCESSES = 1024;

/**
 * Maps the stub. Supervisor-only: the emulator does not fetch instructions, so
 * the stub is never run by guest code here, and guest loads and stores must
 * not reach it (real skas0 maps it r-x/rw where the guest could read it).
 */
const mapStub = (calls: GuestHostCalls): void => {
  calls.call('mmap', { kind: 'range', start: STUB_START, pages: 2, prot: 'rw-supervisor', filePage: STUB_FILE_PAGE });
};

function hostProcessPerGuestProcess(): AddressSpaceManager {
  const processOf = new Map<number, number>([[1, 0]]);
  const inUse = new Set<number>([0]);
  const stale = new Set<number>();
  const stubbed = new Set<number>();
  const used = new Set<number>([0]);
  return {
    processCreated(pid) {
      for (let host = 0; host < HOST_PROCESSES; host++) {
        if (inUse.has(host)) continue;
        inUse.add(host);
        processOf.set(pid, host);
        if (!used.has(host)) stale.add(host);
        used.add(host);
        return true;
      }
      return false;
    },
    processGone(pid) {
      const host = processOf.get(pid);
      if (host === undefined) return;
      processOf.delete(pid);
      inUse.delete(host);
      stale.add(host);
    },
    switchTo(calls, _from, to) {
      const host = processOf.get(to);
      if (host === undefined) throw new Error(`guest process ${to} has no host process`);
      calls.call('switch-guest', { kind: 'asid', asid: host });
      if (stale.delete(host)) {
        // A new host process in a dead one's slot starts empty: only its stub is mapped.
        calls.call('munmap', { kind: 'range', start: 0, pages: GUEST_USER_PAGES, prot: 'none', filePage: 0 });
        stubbed.delete(host);
      }
      if (!stubbed.has(host)) {
        mapStub(calls);
        stubbed.add(host);
      }
    },
  };
}

const stubbedProcesses: PluginAddressSpaces = { name: 'skas0-processes', create: hostProcessPerGuestProcess };

export default defineVariant({
  name: 'skas0',
  description: 'UML skas0: a host process per guest process, each with a stub mapped in',
  base: 'ptrace-process/mprotect/multi-as',
  addressSpaces: stubbedProcesses,
});
