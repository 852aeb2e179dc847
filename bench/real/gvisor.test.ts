import { describe, expect, it } from 'vitest';
import { countPerfTrace } from './gvisor.ts';

/** Lines as `perf trace -e ptrace,wait4` printed them for runsc --platform=ptrace (Sentry thread 22666, stub 22688). */
const GETPID = `
     2.073 ( 0.061 ms): exe/22666 wait4(upid: 22688 (exe), stat_addr: 0xc0003d1c5c, options: UNTRACED|0x40000000) = 22688 (exe)
     2.296 ( 0.009 ms): exe/22666 ptrace(request: 16900, pid: 22688, addr: 0x1, data: 824637725888)     = 0
     2.301 ( 0.009 ms): exe/22666 ptrace(request: 16900, pid: 22688, addr: 0x202, data: 824637725888)   = 0
   569.941 ( 0.012 ms): exe/22666 ptrace(request: 16901, pid: 22688, addr: 0x1, data: 824638823584)     = 0
   569.965 ( 0.036 ms): exe/22666 ptrace(request: 16901, pid: 22688, addr: 0x202, data: 824638823584)   = 0
   570.012 ( 0.013 ms): exe/22666 ptrace(request: 31, pid: 22688)                                       = 0
   570.125 (         ): exe/22666 wait4(upid: 22688 (exe), stat_addr: 0xc0004ddc3c, options: UNTRACED|0x40000000) ...
         ? (         ): exe/22688  ... [continued]: wait4())                                            = 
   570.300 ( 0.175 ms): exe/22666  ... [continued]: wait4())                                            = 22688 (exe)
`;

describe('countPerfTrace (gVisor under perf trace)', () => {
  it("counts a getpid's stop, GETREGSET/SETREGSET of NT_PRSTATUS (gpr) and NT_X86_XSTATE (fp), and PTRACE_SYSEMU; a wait4 split in two once", () => {
    expect(countPerfTrace(GETPID, 'g.trace')).toEqual({
      ok: true,
      counts: {
        'guest syscall wait4': 1, 'regs get fp': 1, 'regs get gpr': 1, 'regs set fp': 1, 'regs set gpr': 1, 'resume sysemu': 1, stop: 2,
      },
    });
  });

  it('refuses a log that lost events, and a line it cannot read, naming the line', () => {
    expect(countPerfTrace(`${GETPID}LOST 3636 events!\n`, 'g.trace')).toEqual({ ok: false, error: 'g.trace:11: perf trace lost 3636 events (a busy host: counts would be short); run again' });
    expect(countPerfTrace('hello\n', 'g.trace')).toEqual({ ok: false, error: 'g.trace:1: not a perf trace line (record with perf trace -e ptrace,wait4)' });
  });
});
