/**
 * The fields of each event kind of spec/types.ts, as io-ts codecs, and the
 * layer each kind belongs to. This table is the one place the trace format's
 * event lines are defined; `eventCodec.ts` proves it matches `SpecEvent`.
 */
import type * as t from 'io-ts';
import type { Layer, SpecEventType } from '../../spec/index.ts';
import {
  accessOpCodec, accessOutcomeCodec, addressCodec, asidCodec, guestSyscallCodec, hostRoleCodec, hostSignalCodec, hostSyscallCodec,
  irqCodec, pageCountCodec, pidCodec, protCodec, ptraceStopCodec, ringCodec, segmentLimitCodec, syscallResultCodec,
} from './fieldCodecs.ts';

const range = { asid: asidCodec, start: addressCodec, pages: pageCountCodec } as const;

/** For each event kind, the codecs of its fields (besides `type`). */
export const EVENT_FIELDS = {
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
} as const satisfies Readonly<Record<SpecEventType, t.Props>>;

/** The field table's type. */
export type EventFields = typeof EVENT_FIELDS;

/** Every event kind, in the order of the field table. */
export const EVENT_KINDS = Object.keys(EVENT_FIELDS) as readonly SpecEventType[];

/** The layer of an event kind: the prefix of its type. */
export function layerOf(kind: SpecEventType): Layer {
  const prefix = kind.slice(0, kind.indexOf('.'));
  if (prefix === 'guest' || prefix === 'host' || prefix === 'vmm') return prefix;
  throw new Error(`bug: event type '${kind}' has no layer prefix`);
}
