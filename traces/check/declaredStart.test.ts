/**
 * A trace that begins mid-run declares its start in the header: the checker
 * takes the declared processes and stubs as the run's prefix, so a trace of a
 * real VMM is judged from its first recorded event; a start that names no
 * current process, repeats a stub, or is declared for a variant without stubs
 * is refused on line 1 with its JSON path.
 */
import { describe, expect, it } from 'vitest';
import { stubSwitch, stubSyscall, type SpecEvent } from '../../spec/index.ts';
import { toRecord } from '../format/recordCodec.ts';
import { conformLines } from './conformTrace.ts';

const header = (start: unknown, variant = 'skas0') =>
  JSON.stringify({ format: 'vmspec-trace', version: 3, variant, workload: 'declared start', seed: null, emulator: 'test', complete: false, accesses: false, start });
const lines = (events: readonly SpecEvent[]) => events.map((event, i) => JSON.stringify(toRecord(i + 1, event)));

const a = { pid: 5, stub: 1 };
const b = { pid: 7, stub: 2 };
const body = [...stubSyscall(a), ...stubSwitch(a, b), ...stubSyscall(b)];

describe('a declared start', () => {
  it('lets a trace begin mid-run, with several processes on their stubs', () => {
    const verdict = conformLines([header({ current: 5, processes: [a, b] }), ...lines(body)]);
    expect(verdict).toMatchObject({ kind: 'conforms', events: body.length });
  });

  it('binds each declared process to its own stub: swapping them diverges at the first stop', () => {
    const verdict = conformLines([header({ current: 5, processes: [{ pid: 5, stub: 2 }, { pid: 7, stub: 1 }] }), ...lines(body)]);
    expect(verdict).toMatchObject({ kind: 'diverges', line: 2 });
  });

  it.each([
    [{ current: 9, processes: [a] }, '$.start.current', /current process 9/],
    [{ current: 5, processes: [a, { pid: 7, stub: 1 }] }, '$.start.processes', /stub 1 is declared twice/],
    [{ current: 5, processes: [] }, '$.start.processes', /at least one process/],
    [{ current: 5 }, '$.start.processes', /processes/],
  ])('refuses %j on line 1 at %s', (start, path, message) => {
    const verdict = conformLines([header(start), ...lines(body)]);
    expect(verdict).toMatchObject({ kind: 'malformed', line: 1, path });
    if (verdict.kind === 'malformed') expect(verdict.message).toMatch(message);
  });

  it('is refused for a variant without stub processes', () => {
    const verdict = conformLines([header({ current: 5, processes: [a] }, 'umlinux'), ...lines(body)]);
    expect(verdict).toMatchObject({ kind: 'malformed', line: 1, path: '$.start' });
  });

  it('is optional in version 2 headers, which have no start field', () => {
    const v2 = JSON.stringify({ format: 'vmspec-trace', version: 2, variant: 'umlinux', workload: 'w', seed: null, emulator: 'e', complete: false, start: null });
    expect(conformLines([v2])).toMatchObject({ kind: 'malformed', line: 1, path: '$.start' });
  });
});
