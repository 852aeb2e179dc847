/**
 * The symbol number of a concrete event without building its symbol string:
 * per kind, the symbol is memoised on the few values the spec's alphabet
 * reads (spec/alphabet.ts `featureOf`: the region of an access, the class of
 * a page range, the syscall, the signal, …), computed by `symbolOf` the first
 * time a combination is met. `symbolIndexer.test.ts` checks it against
 * `symbolOf` on random events, so a key that misses a feature is caught.
 */
import { classifyRange, classifySegmentLimit, regionOf, symbolOf, type SpecEvent, type SpecEventOf, type SpecEventType } from '../../spec/index.ts';
import { SYMBOL_INDEX } from '../../spec/compile.ts';

type Key = string | number | boolean;
type Indexer<K extends SpecEventType> = (event: SpecEventOf<K>) => number;

const slow = (event: SpecEvent): number => SYMBOL_INDEX.get(symbolOf(event)) ?? -1;

function memo<K extends SpecEventType>(key: (event: SpecEventOf<K>) => Key): Indexer<K> {
  const cache = new Map<Key, number>();
  return (event) => {
    const k = key(event);
    let index = cache.get(k);
    if (index === undefined) cache.set(k, (index = slow(event)));
    return index;
  };
}

function memo2<K extends SpecEventType>(key1: (event: SpecEventOf<K>) => Key, key2: (event: SpecEventOf<K>) => Key): Indexer<K> {
  const cache = new Map<Key, Map<Key, number>>();
  return (event) => {
    const k1 = key1(event);
    let inner = cache.get(k1);
    if (inner === undefined) cache.set(k1, (inner = new Map()));
    const k2 = key2(event);
    let index = inner.get(k2);
    if (index === undefined) inner.set(k2, (index = slow(event)));
    return index;
  };
}

const fixed = <K extends SpecEventType>(): Indexer<K> => memo(() => 0);

/** What the symbol of each kind depends on. */
function indexers(): { readonly [K in SpecEventType]: Indexer<K> } {
  return {
    'guest.syscall': fixed(),
    'guest.interrupt': fixed(),
    'guest.access': memo2((e) => regionOf(e.addr), (e) => e.outcome),
    'guest.fault': fixed(),
    'guest.return': fixed(),
    'guest.idle': fixed(),
    'guest.switch': fixed(),
    'guest.halt': fixed(),
    'host.syscall.enter': memo((e) => e.nr),
    'host.syscall.exit': memo((e) => e.nr),
    'host.ptrace.stop': memo((e) => e.at),
    'host.ptrace.resume': fixed(),
    'host.ctxswitch': memo2((e) => e.from, (e) => e.to),
    'host.signal.send': memo((e) => e.sig),
    'host.signal.deliver': memo((e) => e.sig),
    'host.signal.return': fixed(),
    'host.mm.map': memo2((e) => classifyRange(e.start, e.pages), (e) => e.prot),
    'host.mm.unmap': memo((e) => classifyRange(e.start, e.pages)),
    'host.mm.protect': memo2((e) => classifyRange(e.start, e.pages), (e) => e.prot),
    'host.segment.set': memo((e) => classifySegmentLimit(e.limit)),
    'host.ring.set': memo((e) => e.ring),
    'host.as.switch': fixed(),
    'vmm.start': fixed(),
    'vmm.intercept': memo((e) => e.nr),
    'vmm.rewrite': memo2((e) => e.from, (e) => e.to),
    'vmm.allow': memo((e) => e.nr),
    'vmm.deny': memo((e) => e.nr),
    'vmm.forward': memo((e) => e.sig),
  };
}

/** Fresh symbol-number functions, one per event kind, each with its own memo table. */
export function kindIndexers(): ReadonlyMap<string, (event: SpecEvent) => number> {
  return new Map(Object.entries(indexers()) as [string, (event: SpecEvent) => number][]);
}

/** A symbol-number function with its own memo tables. */
export function symbolIndexer(): (event: SpecEvent) => number {
  const byKind = kindIndexers();
  return (event) => byKind.get(event.type)?.(event) ?? slow(event);
}

/** The number of the symbol of `event` in `SYMBOLS` (-1 when it has none). */
export const symbolIndexOf: (event: SpecEvent) => number = symbolIndexer();
