/**
 * The fields of each event kind of spec/types.ts, as io-ts codecs, and the
 * layer each kind belongs to. This table is the one place the trace format's
 * event lines are defined; `eventCodec.ts` proves it matches `SpecEvent`.
 */
import type * as t from 'io-ts';
import type { Layer, SpecEventType } from '../../spec/index.ts';
import {
  accessOpCodec, accessOutcomeCodec, addressCodec, asidCodec, guestSyscallCodec, hostRoleCodec, hostSignalCodec, hostSyscallCodec,
  filePageCodec, guestModeCodec, irqCodec, pageCountCodec, pidCodec, protCodec, ptraceStopCodec, registerDirectionCodec, registerSetCodec,
  ringCodec, segmentLimitCodec, stubCodec, stubResumeCodec, stubSignalCodec, stubStopCodec, stubSyscallCodec, syscallResultCodec, tracedGuestSyscallCodec,
  wakeTargetCodec,
} from './fieldCodecs.ts';

const range = { asid: asidCodec, start: addressCodec, pages: pageCountCodec } as const;

/** For each event kind of format version 1, the codecs of its fields (besides `type`). */
export const EVENT_FIELDS_V1 = {
  'guest.syscall': { pid: pidCodec, nr: guestSyscallCodec },
  'guest.interrupt': { irq: irqCodec },
  'guest.access': { pid: pidCodec, addr: addressCodec, op: accessOpCodec, outcome: accessOutcomeCodec },
  'guest.fault': { pid: pidCodec, addr: addressCodec, op: accessOpCodec },
  'guest.return': { pid: pidCodec },
  'guest.idle': {},
  'guest.switch': { from: pidCodec, to: pidCodec },
  'guest.halt': {},
  'host.syscall.enter': { nr: hostSyscallCodec },
  'host.syscall.exit': { nr: hostSyscallCodec, result: syscallResultCodec },
  'host.ptrace.stop': { at: ptraceStopCodec },
  'host.ptrace.resume': {},
  'host.ctxswitch': { from: hostRoleCodec, to: hostRoleCodec },
  'host.signal.send': { sig: hostSignalCodec },
  'host.signal.deliver': { sig: hostSignalCodec },
  'host.signal.return': {},
  'host.mm.map': { ...range, prot: protCodec },
  'host.mm.unmap': range,
  'host.mm.protect': { ...range, prot: protCodec },
  'host.segment.set': { limit: segmentLimitCodec },
  'host.ring.set': { ring: ringCodec },
  'host.as.switch': { asid: asidCodec },
  'vmm.start': {},
  'vmm.intercept': { nr: hostSyscallCodec },
  'vmm.rewrite': { from: hostSyscallCodec, to: hostSyscallCodec },
  'vmm.allow': { nr: hostSyscallCodec },
  'vmm.deny': { nr: hostSyscallCodec },
  'vmm.forward': { sig: hostSignalCodec },
} as const satisfies Readonly<Partial<Record<SpecEventType, t.Props>>>;

/**
 * For each event kind of format version 2, the codecs of its fields: version 1
 * plus the access's mode, the file page behind a mapping, and process creation
 * and exit.
 */
export const EVENT_FIELDS_V2 = {
  ...EVENT_FIELDS_V1,
  'guest.access': { ...EVENT_FIELDS_V1['guest.access'], mode: guestModeCodec },
  'guest.spawn': { parent: pidCodec, pid: pidCodec },
  'guest.exit': { pid: pidCodec },
  'host.mm.map': { ...EVENT_FIELDS_V1['host.mm.map'], filePage: filePageCodec },
} as const satisfies Readonly<Partial<Record<SpecEventType, t.Props>>>;

/**
 * For each event kind of format version 3 (the current one), the codecs of its
 * fields: version 2 plus the stub processes of a VMM that traces one host
 * process per guest address space (real skas0) or hands off to seccomp stubs
 * (UML's seccomp mode), and guest syscalls the
 * emulator does not implement (`execve`, `other`), which a real guest makes.
 */
export const EVENT_FIELDS = {
  ...EVENT_FIELDS_V2,
  'guest.syscall': { pid: pidCodec, nr: tracedGuestSyscallCodec },
  'host.stub.create': { stub: stubCodec },
  'host.stub.stop': { stub: stubCodec, why: stubStopCodec },
  'host.stub.regs': { stub: stubCodec, dir: registerDirectionCodec, set: registerSetCodec },
  'host.stub.resume': { stub: stubCodec, how: stubResumeCodec },
  'host.stub.kill': { stub: stubCodec },
  'host.stub.signal': { stub: stubCodec, sig: stubSignalCodec },
  'host.stub.wake': { stub: stubCodec, to: wakeTargetCodec },
  'host.stub.syscall': { stub: stubCodec, nr: stubSyscallCodec },
  'host.stub.sigreturn': { stub: stubCodec },
} as const satisfies Readonly<Record<SpecEventType, t.Props>>;

/** The field table's type. */
export type EventFields = typeof EVENT_FIELDS;

/** Every event kind, in the order of the field table. */
export const EVENT_KINDS = Object.keys(EVENT_FIELDS) as readonly SpecEventType[];

/** The event kinds of format version 1. */
export const EVENT_KINDS_V1 = Object.keys(EVENT_FIELDS_V1) as readonly SpecEventType[];

/** The fields of each kind in format `version`, or undefined for a kind that version does not have. */
export function fieldsOf(version: 1 | 2 | 3, kind: SpecEventType): t.Props | undefined {
  const table: Partial<Record<SpecEventType, t.Props>> = version === 1 ? EVENT_FIELDS_V1 : version === 2 ? EVENT_FIELDS_V2 : EVENT_FIELDS;
  return table[kind];
}

/** The layer of an event kind: the prefix of its type. */
export function layerOf(kind: SpecEventType): Layer {
  const prefix = kind.slice(0, kind.indexOf('.'));
  if (prefix === 'guest' || prefix === 'host' || prefix === 'vmm') return prefix;
  throw new Error(`bug: event type '${kind}' has no layer prefix`);
}
