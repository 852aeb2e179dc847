/**
 * The registers of a host syscall of the guest-machine process: its number
 * and arguments. The guest kernel's own host calls carry host arguments; a
 * guest application's syscall carries the guest call it encodes, which only
 * the VMM and the guest kernel interpret.
 */
import type { HostSignal, HostSyscall, Prot } from '../../spec/types.ts';
import type { GuestCall } from '../guest/isa.ts';

/** Arguments of a host syscall. */
export type HostArgs =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly start: number; readonly pages: number; readonly prot: Prot; readonly filePage: number }
  | { readonly kind: 'asid'; readonly asid: number }
  | { readonly kind: 'console'; readonly bytes: readonly number[] }
  | { readonly kind: 'device-read'; readonly offset: number; readonly words: number }
  | { readonly kind: 'guest-call'; readonly call: GuestCall };

/** A host syscall as it is entered. */
export interface HostCallRequest {
  readonly nr: HostSyscall;
  readonly args: HostArgs;
}

/** A syscall in progress, as ptrace and the module hook see and alter it. */
export interface SyscallFrame {
  /** The syscall number; a tracer may rewrite it. */
  nr: HostSyscall;
  readonly args: HostArgs;
  /** Set by the VMM to make the call fail with EPERM, without effect. */
  denied: boolean;
  result: number;
}

/** What a host signal carries to the handler (siginfo). */
export type SigInfo =
  | { readonly kind: 'upcall'; readonly call: GuestCall; readonly nr: HostSyscall }
  | { readonly kind: 'fault'; readonly addr: number; readonly write: boolean }
  | { readonly kind: 'timer' }
  | { readonly kind: 'io'; readonly offset: number; readonly data: readonly number[] };

/** A signal waiting for delivery. `injected` ones were put there by the VMM and skip the ptrace signal stop. */
export interface PendingSignal {
  readonly sig: HostSignal;
  readonly info: SigInfo;
  readonly injected: boolean;
}

/** A host signal handler of the guest-machine process (the guest kernel's entry points). */
export type HostSignalHandler = (sig: HostSignal, info: SigInfo) => void;
