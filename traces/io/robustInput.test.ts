/**
 * Inputs that used to crash or pass silently: a line nested deeper than the
 * stack, duplicate keys in one object, bytes that are not UTF-8. Each is one
 * malformation (exit 2) naming its line; a literal U+FFFD in a header string
 * is valid UTF-8 and conforms.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.ts';
import { conformCommand } from '../../cli/conformCommand.ts';
import { nullSyscall, PRESETS } from '../../spec/index.ts';
import { thenHalt } from '../golden/goldenPaths.ts';
import { scratchDir } from '../internal/tempDir.ts';
import { formatEventLine, formatHeaderLine } from './traceWriter.ts';

const scratch = scratchDir('robust-input');
afterAll(() => scratch.remove());

const header = formatHeaderLine({ format: 'vmspec-trace', version: 2, variant: 'umlinux', workload: 'robust', seed: null, emulator: 'test', complete: true });
const events = thenHalt(PRESETS.umlinux, nullSyscall(PRESETS.umlinux)).map((e, i) => formatEventLine(i + 1, e));

async function conform(name: string, content: string | Buffer): Promise<{ exit: number; stdout: string; stderr: string }> {
  const file = join(scratch.path, name);
  writeFileSync(file, content);
  const io = captureIo();
  const exit = await conformCommand([file], io);
  return { exit, stdout: io.stdout(), stderr: io.stderr() };
}

describe('robust input', () => {
  it('a 10 KB line of [[[[… is one line naming the line (exit 2), closed or not', async () => {
    for (const deep of ['['.repeat(10_000), `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `{"seq":1,"x":${'['.repeat(9_000)}${']'.repeat(9_000)}}`]) {
      const result = await conform('deep.ndjson', `${header}\n${events[0]}\n${deep}\n`);
      expect(result.exit).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/deep\.ndjson:3: malformed: /);
    }
    const closed = await conform('deep2.ndjson', `${header}\n${'['.repeat(5_000)}${']'.repeat(5_000)}\n`);
    expect(closed.stderr).toMatch(/:2: malformed: nested more than 32 levels deep/);
  });

  it('duplicate keys in an event line or the header are refused, naming the key (exit 2)', async () => {
    const line = events[1]!.replace('"layer":', '"seq":2,"layer":');
    const result = await conform('dup.ndjson', `${header}\n${events[0]}\n${line}\n`);
    expect(result.exit).toBe(2);
    expect(result.stderr).toBe(`${join(scratch.path, 'dup.ndjson')}:3: malformed: $.seq: key 'seq' appears twice in one object (JSON.parse would keep only the last)\n`);
    const twice = header.replace('"complete":true', '"complete":false,"complete":true');
    const head = await conform('duphead.ndjson', `${twice}\n${events.join('\n')}\n`);
    expect(head.exit).toBe(2);
    expect(head.stderr).toMatch(/duphead\.ndjson:1: malformed: \$\.complete: key 'complete' appears twice/);
  });

  it('a header string with a literal U+FFFD conforms; bytes that are not UTF-8 are refused at their line', async () => {
    const fffd = header.replace('"robust"', '"caf\uFFFD"');
    expect((await conform('fffd.ndjson', `${fffd}\n${events.join('\n')}\n`)).exit).toBe(0);
    const bytes = Buffer.concat([Buffer.from(`${header}\n${events[0]}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(`${events.slice(1).join('\n')}\n`)]);
    const bad = await conform('latin.ndjson', bytes);
    expect(bad.exit).toBe(2);
    expect(bad.stderr).toBe(`${join(scratch.path, 'latin.ndjson')}:3: malformed: not valid UTF-8 text (a byte that encodes no character)\n`);
  });

  // Well-formed in shape, ill-formed in UTF-8: an overlong form (E0 80 80), a surrogate (ED A0 80), past U+10FFFF (F4 90 80 80).
  it.each([[[0xe0, 0x80, 0x80]], [[0xed, 0xa0, 0x80]], [[0xf4, 0x90, 0x80, 0x80]]])('the sequence %j is refused at its line, in one line, like any byte that is not UTF-8', async (sequence) => {
    const bytes = Buffer.concat([Buffer.from(`${header}\n${events[0]}\n`), Buffer.from([...sequence, 0x0a]), Buffer.from(`${events.slice(1).join('\n')}\n`)]);
    const bad = await conform('overlong.ndjson', bytes);
    expect(bad.exit).toBe(2);
    expect(bad.stderr).toBe(`${join(scratch.path, 'overlong.ndjson')}:3: malformed: not valid UTF-8 text (a byte that encodes no character)\n`);
  });
});
