import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS, userPageFault, type SpecEvent } from '../../spec/index.ts';
import type { TraceHeader } from '../format/headerCodec.ts';
import { scratchDir } from '../internal/tempDir.ts';
import { readTrace, type TraceItem } from './readTrace.ts';
import { writeTrace } from './traceWriter.ts';

const header: TraceHeader = {
  format: 'vmspec-trace', version: 2, variant: 'umlinux', workload: 'test/page-fault', seed: 42, emulator: 'test', complete: false,
};
const scratch = scratchDir('writer');
afterAll(() => scratch.remove());

async function items(path: string): Promise<TraceItem[]> {
  const all: TraceItem[] = [];
  for await (const item of readTrace(path)) all.push(item);
  return all;
}

async function* slowly(events: readonly SpecEvent[]): AsyncGenerator<SpecEvent> {
  for (const event of events) yield await Promise.resolve(event);
}

describe('writeTrace and readTrace', () => {
  it('round-trip a trace from an async source, numbering events from 1', async () => {
    const events = userPageFault(PRESETS.umlinux);
    const path = join(scratch.path, 'fault.ndjson');
    expect(await writeTrace(path, header, slowly(events))).toEqual({ ok: true, events: events.length });
    const read = await items(path);
    expect(read[0]).toEqual({ kind: 'header', line: 1, header, variant: PRESETS.umlinux });
    expect(read.slice(1)).toEqual(events.map((event, i) => ({ kind: 'event', line: i + 2, seq: i + 1, event })));
    expect(readFileSync(path, 'utf8').split('\n')[1]).toBe('{"seq":1,"layer":"host","type":"host.mm.map","asid":0,"start":1879048192,"pages":327680,"prot":"rw","filePage":0}');
  });

  it('refuses to write an event the reader would refuse, naming it', async () => {
    const path = join(scratch.path, 'bad.ndjson');
    const bad: SpecEvent = { type: 'host.as.switch', asid: -1 };
    expect(await writeTrace(path, header, [{ type: 'vmm.start' }, bad])).toEqual({ ok: false, error: 'event 2: $.asid: expected integer in [0, 2147483647], got -1' });
  });

  it("checks each event against the header's version: a stub event under a version-2 header, a mode under version 1", async () => {
    const path = join(scratch.path, 'version.ndjson');
    expect(await writeTrace(path, header, [{ type: 'host.stub.create', stub: 1 }])).toMatchObject({ ok: false, error: expect.stringMatching(/^event 1: /) });
    const v1: TraceHeader = { ...header, version: 1 };
    const access: SpecEvent = { type: 'guest.access', pid: 1, addr: 0x0804_8000, op: 'read', outcome: 'ok' };
    expect(await writeTrace(path, v1, [access])).toEqual({ ok: true, events: 1 });
    expect(await writeTrace(path, v1, [{ ...access, mode: 'user' }])).toMatchObject({ ok: false, error: expect.stringMatching(/^event 1: /) });
  });

  it('reports a file that cannot be written as a value', async () => {
    const result = await writeTrace(join(scratch.path, 'no', 'such', 'dir.ndjson'), header, []);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/ENOENT/);
  });

  it('reading stops at the first malformed line', async () => {
    const path = join(scratch.path, 'stops.ndjson');
    await writeTrace(path, header, [{ type: 'vmm.start' }]);
    const text = readFileSync(path, 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, `${text}{"seq":2}\n{"seq":3,"layer":"vmm","type":"vmm.start"}\n`);
    const read = await items(path);
    expect(read.map((item) => item.kind)).toEqual(['header', 'event', 'malformed']);
    expect(read[2]).toMatchObject({ kind: 'malformed', line: 3, path: '$.type' });
  });
});
