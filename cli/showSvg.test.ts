/**
 * The drawing of `vmspec show`, pure: which lane each event goes to, the
 * order of lanes, escaping, and a drawing that is well-formed XML naming every
 * row and marking the one it was told to (read back with cli/xmlWalk.ts).
 */
import { describe, expect, it } from 'vitest';
import { briefEvent, type SpecEvent } from '../spec/index.ts';
import { laneOf, laneTitle, lanesOf } from './showLanes.ts';
import { showSvg, svgText, wrapCaption, type ShowModel } from './showSvg.ts';
import { walkXml } from './xmlWalk.ts';

const EVENTS: readonly SpecEvent[] = [
  { type: 'vmm.start' },
  { type: 'guest.spawn', parent: 0, pid: 3 },
  { type: 'guest.syscall', pid: 3, nr: 'getpid' },
  { type: 'guest.switch', from: 3, to: 1 },
  { type: 'guest.access', pid: 0, addr: 0x7000_0000, op: 'read', outcome: 'ok', mode: 'kernel' },
  { type: 'guest.access', pid: 1, addr: 0x7000_1000, op: 'write', outcome: 'fault', mode: 'user' },
  { type: 'host.stub.stop', stub: 2, why: 'syscall' },
  { type: 'host.syscall.enter', nr: 'getpid' },
  { type: 'guest.halt' },
];

const model = (mark: ShowModel['mark'], title = 'a <trace> & "more"'): ShowModel => ({
  title,
  status: 'diverges',
  rows: EVENTS.map((event, i) => ({ line: i + 2, seq: i + 1, event })),
  mark,
  before: 0,
  after: 5,
});

describe('lanes', () => {
  it('puts a process’s events in its lane, the kernel’s own in the guest kernel, stubs in theirs', () => {
    expect(EVENTS.map((e) => laneTitle(laneOf(e)))).toEqual([
      'VMM', 'guest pid 3', 'guest pid 3', 'guest kernel', 'guest kernel', 'guest pid 1', 'stub 2', 'host kernel', 'guest kernel',
    ]);
  });

  it('orders processes by pid, then guest kernel, VMM, host kernel, then stubs', () => {
    expect(lanesOf(EVENTS).map(laneTitle)).toEqual(['guest pid 1', 'guest pid 3', 'guest kernel', 'VMM', 'host kernel', 'stub 2']);
    expect(lanesOf([]).map(laneTitle)).toEqual(['guest kernel', 'VMM', 'host kernel']);
  });
});

describe('showSvg', () => {
  it('is well-formed, names every row with its seq and marks the one told, with the caption', () => {
    const svg = showSvg(model({ line: 7, caption: ['the access of pid 1 at 0x70001000 <faults> & is refused'] }));
    const walk = walkXml(svg);
    if (!walk.ok) return expect.fail(walk.error);
    expect(walk.root.name).toBe('svg');
    const texts = walk.elements.filter((e) => e.name === 'text').map((e) => e.text);
    for (const event of EVENTS) expect(texts).toContain(briefEvent(event));
    expect(texts).toContain('guest.access pid=1 addr=0x70001000 op=write outcome=fault mode=user');
    const groups = walk.elements.filter((e) => e.name === 'g' && e.attributes['class']?.startsWith('event'));
    expect(groups.map((g) => g.attributes['data-seq'])).toEqual(EVENTS.map((_, i) => String(i + 1)));
    expect(groups.filter((g) => g.attributes['class'] === 'event diverges').map((g) => g.attributes['data-seq'])).toEqual(['6']);
    expect(texts.join(' ')).toContain('<faults> & is refused');
    expect(texts).toContain('a <trace> & "more"');
    expect(texts).toContain('… 5 later events left out');
  });

  it('marks the end of the run when the mark has no event', () => {
    const walk = walkXml(showSvg(model({ line: null, caption: ['integrity broken'] })));
    if (!walk.ok) return expect.fail(walk.error);
    expect(walk.elements.filter((e) => e.attributes['class'] === 'event diverges')).toEqual([]);
    expect(walk.elements.filter((e) => e.name === 'text').map((e) => e.text)).toEqual(expect.arrayContaining(['■ end of run', 'integrity broken']));
  });

  it('stays well-formed for characters XML cannot hold', () => {
    const walk = walkXml(showSvg(model(null, 'nul \u0000 bell \u0007 lone \uD800 ]]> </svg>')));
    if (!walk.ok) return expect.fail(walk.error);
    expect(walk.elements.find((e) => e.name === 'text')?.text).toBe('nul \uFFFD bell \uFFFD lone \uFFFD ]]> </svg>');
    expect(svgText('a&b<c>"d"')).toBe('a&amp;b&lt;c&gt;&quot;d&quot;');
  });

  it('wraps a caption at spaces, never longer than the width', () => {
    const lines = wrapCaption('one two three four five six seven', 10);
    expect(lines).toEqual(['one two', 'three four', 'five six', 'seven']);
    expect(wrapCaption('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('walkXml', () => {
  it('refuses what is not well-formed', () => {
    for (const bad of ['<a><b></a></b>', '<a>x & y</a>', '<a>1 < 2</a>', '<a x=1></a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>', 'text<a/>', '<a>&bogus;</a>']) {
      expect(walkXml(bad).ok, bad).toBe(false);
    }
    const ok = walkXml('<?xml version="1.0"?>\n<a k="&lt;1&gt;"><b>x &amp; y &#65;</b><!-- c --><c/></a>\n');
    if (!ok.ok) return expect.fail(ok.error);
    expect(ok.elements.map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(ok.root.attributes['k']).toBe('<1>');
    expect(ok.elements[1]?.text).toBe('x & y A');
  });
});
