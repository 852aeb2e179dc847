/**
 * The first-hour report's hand-edited traces (first-hour-2026-12-06.md, step 5):
 * a trace recorded by `vmspec record`, broken as a person would break it, and
 * the divergence report read for the repair. `expected:` names the event that
 * repairs the trace first, never says "nothing" while the spec accepts the
 * right event, leaves out events about other machines, and the skas0 reason
 * reads as one sentence; addresses are in hex.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../traces/internal/tempDir.ts';
import { conformCommand } from './conformCommand.ts';
import { captureIo } from './io.ts';
import { recordCommand } from './recordCommand.ts';

const scratch = scratchDir('conform-repair');
afterAll(() => scratch.remove());

/** Records context-switch under `variant`; its lines, header first. */
async function recorded(variant: string): Promise<string[]> {
  const out = join(scratch.path, `${variant}.ndjson`);
  expect(await recordCommand(['context-switch', '--variant', variant, '--out', out], captureIo())).toBe(0);
  return readFileSync(out, 'utf8').trimEnd().split('\n');
}

/** The first line index (0-based) whose text matches. */
const lineOf = (lines: readonly string[], pattern: RegExp): number => {
  const i = lines.findIndex((l) => pattern.test(l));
  expect(i).toBeGreaterThan(0);
  return i;
};

/** Conforms `lines` written to `name`: exit code and the report's lines. */
async function conform(name: string, lines: readonly string[]): Promise<{ exit: number; report: string[] }> {
  const file = join(scratch.path, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const io = captureIo();
  const exit = await conformCommand([file], io);
  return { exit, report: io.stdout().split('\n') };
}

const field = (report: readonly string[], name: string): string => report.find((l) => l.startsWith(`  ${name}:`))?.slice(`  ${name}:`.length).trim() ?? '';

describe('conform on a terminal', () => {
  it.each([80, 100])('at %i columns prints no line wider than the terminal', async (columns) => {
    const lines = await recorded('umlinux');
    const i = lineOf(lines, /"type":"host.mm.protect".*"prot":"none"/);
    lines[i] = lines[i]!.replace('"prot":"none"', '"prot":"r"');
    const file = join(scratch.path, `wide-${columns}.ndjson`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const io = { ...captureIo(), columns };
    expect(await conformCommand([file], io)).toBe(1);
    const out = io.stdout().trimEnd().split('\n');
    expect(Math.max(...out.map((l) => l.length))).toBeLessThanOrEqual(columns);
    expect(out).toContain(`  > ${String(i + 1).padStart(2)} | ${lines[i]!}`.slice(0, columns - 1) + '…');
  });
});

describe('conform on hand-edited traces', () => {
  it('umlinux, vmm.allow instead of vmm.rewrite: expected names the rewrite, not "nothing"', async () => {
    const lines = await recorded('umlinux');
    const i = lineOf(lines, /"type":"vmm.rewrite","from":"pipe"/);
    const { seq } = JSON.parse(lines[i]!) as { seq: number };
    lines[i] = JSON.stringify({ seq, layer: 'vmm', type: 'vmm.allow', nr: 'pipe' });
    const { exit, report } = await conform('allow.ndjson', lines);
    expect(exit).toBe(1);
    expect(report[0]).toMatch(new RegExp(`:${i + 1}: diverges \\(spec-rejects\\): .*refuses vmm.allow nr=pipe`));
    expect(field(report, 'expected')).toBe('vmm.rewrite from=pipe to=getpid');
  });

  it('umlinux, a re-protect with prot r: the prot=none protect comes first, addresses in hex', async () => {
    const lines = await recorded('umlinux');
    const i = lineOf(lines, /"type":"host.mm.protect".*"prot":"none"/);
    lines[i] = lines[i]!.replace('"prot":"none"', '"prot":"r"');
    const { exit, report } = await conform('prot.ndjson', lines);
    expect(exit).toBe(1);
    expect(field(report, 'event')).toBe('host.mm.protect asid=0 start=0x70000000 pages=327680 prot=r');
    expect(field(report, 'expected').split(', ')[0]).toBe('host.mm.protect asid=0 start=0x70000000 pages=327680 prot=none');
    expect(field(report, 'expected')).not.toMatch(/guest\.access/);
  });

  it('skas0, the fp registers not written before a resume: one reason, and the write of fp first', async () => {
    const lines = await recorded('skas0');
    const i = lineOf(lines, /"type":"host.stub.regs".*"dir":"set","set":"fp"/);
    lines.splice(i, 1);
    const renumbered = lines.map((l, n) => (n < i ? l : JSON.stringify({ ...(JSON.parse(l) as object), seq: n })));
    const { exit, report } = await conform('skas0.ndjson', renumbered);
    expect(exit).toBe(1);
    expect(report[0]).toMatch(new RegExp(`:${i + 1}: diverges \\(spec-rejects\\): host.stub.resume of stub 1 into guest code without its fp registers written since it stopped \\(`));
    expect(report[0]).not.toMatch(/which is stopped, not stopped|since it stopped since/);
    expect(field(report, 'expected').split(', ')[0]).toBe('host.stub.regs stub=1 dir=set set=fp');
    expect(field(report, 'expected')).not.toMatch(/guest\.access/);
  });
});
