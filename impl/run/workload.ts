/**
 * What a run executes: the programs of the first guest processes and,
 * optionally, a probe the guest kernel runs in guest kernel mode right after
 * the VMM starts it (accesses through its own MMU state, host calls through
 * the VMM), to show what guest kernel mode can and cannot reach.
 */
import type { HostSyscall } from '../../spec/types.ts';
import type { Program } from '../guest/isa.ts';
import type { ProcessImage } from '../guest/processImage.ts';

/** One kernel-mode access of a probe. */
export interface ProbeAccess {
  readonly addr: number;
  readonly op: 'read' | 'write';
}

/** Work the guest kernel does in guest kernel mode, at boot or at one later entry. */
export interface KernelProbe {
  readonly accesses?: readonly ProbeAccess[];
  /** Host syscalls the guest kernel attempts (the VMM must refuse those off its allow-list). */
  readonly hostCalls?: readonly ProbeHostCall[];
  /** Run at this guest kernel entry (1 = the first after boot; demand paging does not count); 0 or absent: at boot. */
  readonly atEntry?: number;
}

/** A host call of a probe: a bare syscall number, or one with a page range (the VMM must refuse ranges that cross regions). */
export type ProbeHostCall = HostSyscall | { readonly nr: 'mmap' | 'munmap' | 'mprotect'; readonly start: number; readonly pages: number };

/** A guest workload. */
export interface Workload {
  readonly name: string;
  /** Programs of guest processes 1, 2, … started at boot (at least one). */
  readonly programs: readonly Program[];
  readonly kernelProbe?: KernelProbe;
  /** The program image of the processes started at boot (their children inherit it); absent: heap and stack only. */
  readonly image?: ProcessImage;
}
