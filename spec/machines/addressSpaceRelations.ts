/**
 * The data the address-space machines keep and the relations over it, after
 * parametric trace monitors (one instance per address space): which address
 * space is live, which pages of the guest user region each space has mapped
 * since it was last emptied, and (multi-as) which process each space belongs
 * to. A successful access to guest user memory must hit a page the live
 * space has mapped; mapping operations name the live space; `switch-guest`
 * selects another space, the incoming process's own, or a clean one for a
 * process that has none yet; a reused space is emptied before it is handed on.
 */
import { classifyRange, GUEST_KERNEL_BASE, pageOf, PAGE_SIZE } from '../layout.ts';
import { bind, hasInt, keyOf, lookup, unbind, withInt, withoutInt, type IntMap, type IntSet } from '../relations/pidSet.ts';
import { addPages, hasPage, NO_PAGES, removePages, type PageIntervals } from '../relations/pageIntervals.ts';
import { because, type GuardArgs, type Why } from '../relations/explain.ts';
import type { SpecEvent } from '../types.ts';
import type { SpecInput } from './cpuRelations.ts';

/** Address-space definitions a host process may hold (paper §4.3). */
export const MAX_ADDRESS_SPACES = 1024;

/** The address-space machines' data. */
export interface SpaceContext {
  /** True when the trace records process exits (format version 2). */
  readonly exact: boolean;
  readonly liveAsid: number;
  /** Process → address space (multi-as); process 1 starts in space 0. */
  readonly binding: IntMap;
  /** Per address space, the guest user pages mapped since it was last emptied. */
  readonly pages: readonly (readonly [number, PageIntervals])[];
  /** Address spaces whose owner ended while they still held pages: to be emptied before anyone else gets them. */
  readonly stale: IntSet;
}

/** The data at boot. */
export const initialSpaceContext = (input: SpecInput | undefined): SpaceContext => ({
  exact: (input?.version ?? 2) >= 2, liveAsid: 0, binding: [[1, 0]], pages: [], stale: [],
});

type Args = GuardArgs<SpaceContext>;

const pagesOf = (context: SpaceContext, asid: number): PageIntervals => context.pages.find(([a]) => a === asid)?.[1] ?? NO_PAGES;
const withPages = (context: SpaceContext, asid: number, set: PageIntervals): SpaceContext['pages'] =>
  [...context.pages.filter(([a]) => a !== asid), ...(set.length > 0 ? [[asid, set] as const] : [])].sort((x, y) => x[0] - y[0]);

const isMapping = (event: SpecEvent) => event.type === 'host.mm.map' || event.type === 'host.mm.unmap' || event.type === 'host.mm.protect';
const userRangeOf = (event: SpecEvent): readonly [number, number] | undefined => {
  if (!(event.type === 'host.mm.map' || event.type === 'host.mm.unmap')) return undefined;
  const range = classifyRange(event.start, event.pages);
  return range === 'user-whole' || range === 'user-part' ? [pageOf(event.start), pageOf(event.start) + event.pages] : undefined;
};

/** The guards of the address-space machines. */
export const spaceGuards = {
  /** A mapping operation on the live address space. */
  liveSpace: ({ context, event }: Args) => isMapping(event) && 'asid' in event && event.asid === context.liveAsid,
  /** An unmap of exactly the whole guest user region of the live space. */
  clearsUserRegion: ({ context, event }: Args) =>
    event.type === 'host.mm.unmap' && event.asid === context.liveAsid && classifyRange(event.start, event.pages) === 'user-whole',
  /** A successful access to guest user memory hits a page the live space has mapped (other accesses are not this machine's concern). */
  mappedIfUser: ({ context, event }: Args) =>
    event.type === 'guest.access' && (event.outcome === 'fault' || event.addr >= GUEST_KERNEL_BASE || hasPage(pagesOf(context, context.liveAsid), pageOf(event.addr))),
  /** `switch-guest` selects another definition, one of the 1024. */
  switchesSpace: ({ context, event }: Args) =>
    event.type === 'host.as.switch' && event.asid !== context.liveAsid && event.asid < MAX_ADDRESS_SPACES,
  /**
   * The incoming process owns the live space, or has none and the live space
   * holds no one else's pages (pages the VMM mapped since selecting it, such
   * as a stub, are the incoming process's own).
   */
  incomingOwnsSpace: ({ context, event }: Args) => {
    if (event.type !== 'guest.switch') return false;
    const own = lookup(context.binding, event.to);
    if (own !== undefined) return own === context.liveAsid;
    const owner = keyOf(context.binding, context.liveAsid);
    return !hasInt(context.stale, context.liveAsid) && (owner === undefined || pagesOf(context, context.liveAsid).length === 0);
  },
  /** The process returned to owns the live space. */
  returnsToOwnSpace: ({ context, event }: Args) => event.type === 'guest.return' && lookup(context.binding, event.pid) === context.liveAsid,
};

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Why an address-space guard said no. */
export const spaceExplanations = {
  liveSpace: ({ context, event }: Args): Why | undefined =>
    'asid' in event ? because(`${event.type} names address space ${event.asid}, but the live one is ${context.liveAsid}`, 'liveAsid') : undefined,
  mappedIfUser: ({ context, event }: Args): Why | undefined =>
    event.type === 'guest.access'
      ? because(`a successful access to ${hex(event.addr)}, but page ${hex(pageOf(event.addr) * PAGE_SIZE)} is not mapped in the live address space ${context.liveAsid} (unmapped, or never mapped again since the user region was cleared)`, 'pages')
      : undefined,
  switchesSpace: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'host.as.switch') return undefined;
    if (event.asid === context.liveAsid) return because(`switch-guest selects address space ${event.asid}, which is already live`, 'liveAsid');
    return because(`switch-guest selects address space ${event.asid}, beyond the ${MAX_ADDRESS_SPACES} a host process may hold`);
  },
  incomingOwnsSpace: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.switch') return undefined;
    const own = lookup(context.binding, event.to);
    if (own !== undefined) return because(`guest.switch to pid ${event.to}, whose address space is ${own}, but switch-guest made ${context.liveAsid} live`, 'binding');
    const owner = keyOf(context.binding, context.liveAsid);
    return because(`guest.switch to new pid ${event.to} in address space ${context.liveAsid}, which still holds pages${owner === undefined ? ' of an ended process' : ` of pid ${owner}`}: a reused space must be emptied first`, owner === undefined ? 'stale' : 'pages');
  },
  returnsToOwnSpace: ({ context, event }: Args): Why | undefined => {
    if (event.type !== 'guest.return') return undefined;
    const own = lookup(context.binding, event.pid);
    return because(`guest.return to pid ${event.pid}, whose address space is ${own ?? 'none'}, but the live one is ${context.liveAsid}`, 'liveAsid');
  },
};

/** The updates of the address-space machines' data. */
export const spaceUpdates = {
  /** Nothing changes. */
  keep: (): Partial<SpaceContext> => ({}),
  /** A mapping changes the live space's pages. */
  trackPages: ({ context, event }: Args): Partial<SpaceContext> => {
    const range = userRangeOf(event);
    if (range === undefined) return {};
    const before = pagesOf(context, context.liveAsid);
    const after = event.type === 'host.mm.map' ? addPages(before, range[0], range[1]) : removePages(before, range[0], range[1]);
    const cleared = event.type === 'host.mm.unmap' && classifyRange(event.start, event.pages) === 'user-whole';
    const stale = cleared ? withoutInt(context.stale, context.liveAsid) : context.stale;
    return {
      ...(after === before ? {} : { pages: withPages(context, context.liveAsid, after) }),
      ...(stale === context.stale ? {} : { stale }),
    };
  },
  /** `switch-guest` makes another space live. */
  makeLive: ({ event }: Args): Partial<SpaceContext> => (event.type === 'host.as.switch' ? { liveAsid: event.asid } : {}),
  /** The incoming process takes the live space (a previous owner can no longer be running). */
  bindIncoming: ({ context, event }: Args): Partial<SpaceContext> => {
    if (event.type !== 'guest.switch' || lookup(context.binding, event.to) !== undefined) return {};
    const previous = keyOf(context.binding, context.liveAsid);
    const freed = previous === undefined ? context.binding : unbind(context.binding, previous);
    return { binding: bind(freed, event.to, context.liveAsid) };
  },
  /** A process ends: its space is free (its pages stay until it is emptied). */
  releaseSpace: ({ context, event }: Args): Partial<SpaceContext> => {
    const ends = event.type === 'guest.exit' || (!context.exact && event.type === 'guest.syscall' && event.nr === 'exit');
    if (!ends || !('pid' in event)) return {};
    const space = lookup(context.binding, event.pid);
    const stale = space !== undefined && pagesOf(context, space).length > 0 ? withInt(context.stale, space) : context.stale;
    return { binding: unbind(context.binding, event.pid), stale };
  },
};
