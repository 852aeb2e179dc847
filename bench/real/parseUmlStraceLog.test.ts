import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectOps, parseUmlStraceLines, parseUmlStraceLog, RawLogError } from './parseUmlStraceLog.ts';
import type { RawVmmOp } from './rawVmmOp.ts';

/** Excerpts of real recordings (UML 6.1, `strace -ttt -T -v -s 256`): see README.md. */
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}.strace`, import.meta.url));
const GETPID = 39;

/** The operations on stubs only (the tracer's SIGCHLDs, ticks and own calls left out). */
const onStubs = (ops: readonly RawVmmOp[]) => ops.filter((op) => 'tracee' in op);

async function errorOf(lines: readonly string[], cut = true): Promise<string> {
  try {
    await collectOps(parseUmlStraceLines(lines, { source: 'x.strace', cut }));
  } catch (error) {
    if (error instanceof RawLogError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('parseUmlStraceLog on a getpid loop', () => {
  it('cuts at the markers and reads each getpid as one stop with four register transfers and one PTRACE_SYSEMU', async () => {
    const ops = await collectOps(parseUmlStraceLog(fixture('getpid')));
    expect(ops[0]).toEqual({ kind: 'marker', line: 5, text: 'VMSPEC-BEGIN getpid 3' });
    expect(ops.at(-1)).toEqual({ kind: 'marker', line: 73, text: 'VMSPEC-END 1641728' });
    const stub = onStubs(ops);
    const getpids = stub.flatMap((op, i) => (op.kind === 'regs' && op.dir === 'get' && op.set === 'gpr' && op.syscall === GETPID ? [i] : []));
    expect(getpids).toHaveLength(3);
    for (const i of getpids) {
      expect(stub[i - 1]).toMatchObject({ kind: 'stop', why: 'syscall', tracee: 5199 });
      expect(stub.slice(i + 1, i + 5).map((op) => (op.kind === 'regs' ? `${op.dir} ${op.set}` : op.kind))).toEqual(['get fp', 'set gpr', 'set fp', 'resume']);
      // The result (the guest pid, 680) goes back in rax, the syscall cancelled (orig_rax = -1): no getpid rewrite.
      expect(stub[i + 2]).toMatchObject({ kind: 'regs', set: 'gpr', dir: 'set', syscall: -1, result: 680 });
      expect(stub[i + 4]).toMatchObject({ kind: 'resume', how: 'sysemu', sig: 0 });
    }
  });

  it('reads a page fault: SIGSEGV stop, GETSIGINFO with the address, the stub continued with SIGSEGV, then the stub runs the mapping', async () => {
    const ops = onStubs(await collectOps(parseUmlStraceLog(fixture('getpid'))));
    const fault = ops.findIndex((op) => op.kind === 'stop' && op.sig === 'SIGSEGV');
    expect(ops.slice(fault, fault + 6)).toEqual([
      { kind: 'stop', line: 15, tracee: 5199, why: 'signal', sig: 'SIGSEGV' },
      { kind: 'regs', line: 16, tracee: 5199, dir: 'get', set: 'gpr', syscall: -1 },
      { kind: 'regs', line: 17, tracee: 5199, dir: 'get', set: 'fp' },
      { kind: 'siginfo', line: 18, tracee: 5199, sig: 'SIGSEGV', code: 'SEGV_MAPERR', addr: 0x438020 },
      { kind: 'regs', line: 19, tracee: 5199, dir: 'get', set: 'fp' },
      { kind: 'resume', line: 20, tracee: 5199, how: 'cont', sig: 11 },
    ]);
  });

  it('keeps the whole log, boot included, when not cutting', async () => {
    const ops = await collectOps(parseUmlStraceLog(fixture('getpid'), { cut: false }));
    expect(ops[0]).toEqual({ kind: 'spawn', line: 1, tracee: 5199 });
    expect(ops[1]).toMatchObject({ kind: 'stop', line: 1, why: 'syscall' });
  });
});

describe('parseUmlStraceLog on a guest context switch (pipe ping-pong)', () => {
  it('shows a switch as the resumption of the other, already stopped stub: SETREGS, ARCH_PRCTL, GETREGS, then the syscall completes', async () => {
    const ops = onStubs(await collectOps(parseUmlStraceLog(fixture('switch'), { cut: false }))).filter((op) => op.kind !== 'spawn');
    const switches = ops.flatMap((op, i) => (i > 0 && 'tracee' in op && 'tracee' in ops[i - 1]! && op.tracee !== ops[i - 1]!.tracee ? [i] : []));
    expect(switches).toHaveLength(3);
    for (const i of switches) {
      const incoming = ops.slice(i, i + 6).map((op) => (op.kind === 'regs' ? `${op.dir} ${op.set}` : op.kind === 'ptrace' ? op.request : op.kind));
      expect(incoming).toEqual(['set gpr', 'PTRACE_ARCH_PRCTL', 'get gpr', 'set gpr', 'set fp', 'resume']);
      expect(ops[i - 1]).toMatchObject({ kind: 'regs', dir: 'get', set: 'fp' });
    }
  });
});

describe('parseUmlStraceLog on a guest fork and exit', () => {
  it('sees the stub-made child first in a wait4 (a spawn), sets its options, and kills and reaps it when the child exits', async () => {
    const ops = onStubs(await collectOps(parseUmlStraceLog(fixture('fork'), { cut: false })));
    const child = ops.filter((op) => op.tracee === 3178);
    expect(child.map((op) => op.kind === 'ptrace' ? `${op.request}${op.result < 0 ? ' failed' : ''}` : op.kind === 'stop' ? `stop ${op.why}` : op.kind)).toEqual([
      'spawn', 'stop signal', 'PTRACE_OLDSETOPTIONS', 'stop syscall', 'regs', 'regs', 'kill', 'PTRACE_KILL', 'PTRACE_CONT failed', 'stop exit',
    ]);
    expect(child[0]).toEqual({ kind: 'spawn', line: 8, tracee: 3178 });
    expect(child[4]).toMatchObject({ kind: 'regs', syscall: 231 });
    expect(child[6]).toEqual({ kind: 'kill', line: 22, tracee: 3178, sig: 'SIGKILL' });
    // The clone is run by the parent's stub: its registers are set to the stub's code and it is continued (PTRACE_CONT), not SYSEMU'd.
    expect(ops.slice(0, 5).map((op) => (op.kind === 'resume' ? op.how : op.kind))).toEqual(['spawn', 'regs', 'regs', 'regs', 'regs']);
    expect(ops[5]).toMatchObject({ kind: 'resume', how: 'cont', tracee: 3176 });
  });
});

describe('parseUmlStraceLog errors name file and line', () => {
  const begin = '1795800871.675253 write(1, "VMSPEC-BEGIN getpid 3", 21) = 21 <0.000722>';
  const end = '1795800871.682511 write(1, "VMSPEC-END 1", 12) = 12 <0.000184>';
  it('an unreadable line', async () => {
    expect(await errorOf([begin, 'garbage here', end])).toBe('x.strace:2: expected "[PID] SECONDS.MICROS …" (record with strace -ttt -T -v)');
  });
  it('registers abbreviated (recorded without -v)', async () => {
    expect(await errorOf([begin, '1795800871.675129 ptrace(PTRACE_GETREGS, 5199, {rip=0x1, ...}) = 0 <0.000014>', end]))
      .toBe('x.strace:2: PTRACE_GETREGS without orig_rax: record with strace -v so registers are printed in full');
  });
  it('a call split by another process (a log recorded with -f)', async () => {
    expect(await errorOf(['1795800871.675129 wait4(5199,  <unfinished ...>'], false)).toMatch(/^x\.strace:1: 'wait4' split by strace/);
  });
  it('no BEGIN marker, or no END marker', async () => {
    expect(await errorOf(['1795800871.1 getpid() = 5 <0.000001>'])).toBe('x.strace:1: no VMSPEC-BEGIN marker in the log (the guest workload never started)');
    expect(await errorOf([begin, '1795800871.2 getpid() = 5 <0.000001>'])).toBe('x.strace:2: the log ends before VMSPEC-END (the guest workload did not finish)');
  });
  it('a missing file', async () => {
    await expect(collectOps(parseUmlStraceLog('/nonexistent/x.strace'))).rejects.toThrow('/nonexistent/x.strace: cannot read (ENOENT)');
  });
});
