/**
 * The value codecs event fields are made of: bounded integers (pids, 32-bit
 * addresses, page counts, segment limits up to 2^32, address-space slots of
 * the paper's 1024 per process) and the closed string vocabularies of
 * spec/types.ts. None is branded: decoded events must be exactly `SpecEvent`.
 */
import * as t from 'io-ts';
import { GUEST_SYSCALLS, HOST_SIGNALS, HOST_SYSCALLS, STUB_SIGNALS, STUB_SYSCALLS, TRACED_GUEST_SYSCALLS } from '../../spec/index.ts';

/** A codec of plain numbers restricted to the integers in `[min, max]`. */
export function integerIn(min: number, max: number): t.Type<number, number, unknown> {
  const is = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max;
  return new t.Type<number, number, unknown>(`integer in [${min}, ${max}]`, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
}

/** A codec of one of the strings in `values`. */
export function oneOf<const V extends string>(values: readonly V[]): t.Type<V, V, unknown> {
  const set: ReadonlySet<string> = new Set(values);
  const is = (u: unknown): u is V => typeof u === 'string' && set.has(u);
  const name = values.map((value) => JSON.stringify(value)).join(' | ');
  return new t.Type<V, V, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
}

/** A guest process id. */
export const pidCodec = integerIn(0, 0x7fff_ffff);
/** A 32-bit address. */
export const addressCodec = integerIn(0, 0xffff_ffff);
/** A page count (the whole 4 GiB space has 2^20 pages). */
export const pageCountCodec = integerIn(0, 0x10_0000);
/** A segment limit: an exclusive upper bound up to 2^32. */
export const segmentLimitCodec = integerIn(0, 0x1_0000_0000);
/**
 * An address-space slot. The paper's limit of 1024 definitions per host
 * process is the spec's to check (a trace naming slot 1024 diverges), not the
 * format's.
 */
export const asidCodec = integerIn(0, 0x7fff_ffff);
/** The page of the physical-memory file behind a mapping, or null for anonymous memory. */
export const filePageCodec = t.union([integerIn(0, 0x7fff_ffff), t.null], 'file page (integer) | null');
/** A host syscall result (negative values are `-errno`). */
export const syscallResultCodec = integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
/** A trace sequence number: 1 for the first event. */
export const seqCodec = integerIn(1, Number.MAX_SAFE_INTEGER);

/** A guest system call name. */
export const guestSyscallCodec = oneOf(GUEST_SYSCALLS);
/** A guest system call name as format version 3 allows it (also `execve` and `other`). */
export const tracedGuestSyscallCodec = oneOf(TRACED_GUEST_SYSCALLS);
/** A stub process, numbered within a trace from 1. */
export const stubCodec = integerIn(1, 0x7fff_ffff);
/** Why a stub stopped. */
export const stubStopCodec = oneOf(['syscall', 'signal'] as const);
/** How a stub is resumed. */
export const stubResumeCodec = oneOf(['sysemu', 'cont'] as const);
/** The signal a seccomp stub's handler takes. */
export const stubSignalCodec = oneOf(STUB_SIGNALS);
/** Whom a futex hand-off wakes. */
export const wakeTargetCodec = oneOf(['kernel', 'stub'] as const);
/** A host call a seccomp stub makes itself. */
export const stubSyscallCodec = oneOf(STUB_SYSCALLS);
/** A register transfer's direction. */
export const registerDirectionCodec = oneOf(['get', 'set'] as const);
/** Which registers a transfer moves. */
export const registerSetCodec = oneOf(['gpr', 'fp', 'other'] as const);
/** A host system call name. */
export const hostSyscallCodec = oneOf(HOST_SYSCALLS);
/** A host signal name. */
export const hostSignalCodec = oneOf(HOST_SIGNALS);
/** A privilege ring. */
export const ringCodec = t.union([t.literal(0), t.literal(1), t.literal(2), t.literal(3)], '0 | 1 | 2 | 3');
/** The two host processes of mediation. */
export const hostRoleCodec = oneOf(['guest-machine', 'vmm-process'] as const);
/** A page protection. */
export const protCodec = oneOf(['none', 'r', 'rw', 'rw-supervisor'] as const);
/** The guest's mode when it made an access. */
export const guestModeCodec = oneOf(['user', 'kernel'] as const);
/** A memory operation. */
export const accessOpCodec = oneOf(['read', 'write'] as const);
/** The outcome of a memory access. */
export const accessOutcomeCodec = oneOf(['ok', 'fault'] as const);
/** A virtual interrupt line. */
export const irqCodec = oneOf(['timer', 'io'] as const);
/** Where a ptrace stop happened. */
export const ptraceStopCodec = oneOf(['enter', 'exit', 'signal'] as const);
/** An event layer. */
export const layerCodec = oneOf(['guest', 'host', 'vmm'] as const);
