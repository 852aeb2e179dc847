import { afterEach, describe, expect, it } from 'vitest';
import { captureIo } from './io.ts';
import { main } from './main.ts';

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('vmspec real (no boot: bad input and a host that cannot run UML)', () => {
  const saved = process.env['VMSPEC_UML'];
  afterEach(() => {
    if (saved === undefined) delete process.env['VMSPEC_UML'];
    else process.env['VMSPEC_UML'] = saved;
  });

  it.each([
    [['real'], 'vmspec real: expected a subcommand (setup, record, convert, counts, time or compare); see vmspec real --help\n'],
    [['real', 'record'], 'vmspec real record: missing WORKLOAD (one of getpid, pingpong, fork, pipeline)\n'],
    [['real', 'record', 'getpd'], "vmspec real record: unknown workload 'getpd' (did you mean 'getpid'? known: getpid, pingpong, fork, pipeline)\n"],
    [['real', 'record', 'getpid', '--vmm', 'kvm'], "vmspec real record: unknown VMM 'kvm' (known: uml, gvisor)\n"],
    // vmspec record's name for the same workload is taken (the error is the next argument's).
    [['real', 'record', 'null-syscall', '--vmm', 'kvm'], "vmspec real record: unknown VMM 'kvm' (known: uml, gvisor)\n"],
    [['real', 'counts', 'context-switch', '--vmm', 'gvisor', '--iterations', '10'], "vmspec real counts: option '--iterations' needs two lengths N1,N2, got '10'\n"],
    [['real', 'record', 'getpid', '--iterations', '0'], "vmspec real record: option '--iterations' must be between 1 and 10000000, got 0\n"],
    [['real', 'time', 'getpid', '--iterations', '50,10'], "vmspec real time: option '--iterations' needs N1 < N2, got '50,10'\n"],
    [['real', 'counts', 'pipeline', '--vmm', 'gvisor'], 'vmspec real counts: the pipeline workload runs on UML only (gvisor: getpid, pingpong, fork)\n'],
    [['real', 'record', 'getpid', '--vmm', 'gvisor'], "vmspec real record: gVisor's Sentry cannot be recorded with strace (without -f strace sees only the runsc command; with -f it takes the stubs and the sandbox fails); use 'vmspec real counts WORKLOAD --vmm gvisor' (perf trace)\n"],
    [['real', 'counts', 'fork', '--iterations', '10'], "vmspec real counts: option '--iterations' needs two lengths N1,N2, got '10'\n"],
    [['real', 'time', 'getpid', '--pin', 'x'], "vmspec real time: option '--pin' needs a CPU number (0, 1, …), got 'x'\n"],
    [['real', 'time', 'getpid', '--pin', '0', '--vmm', 'gvisor'], "vmspec real time: option '--pin' is for UML only\n"],
    [['real', 'record', 'getpid', '--mode', 'seccom'], "vmspec real record: unknown stub mode 'seccom' (did you mean 'seccomp'? known: ptrace, seccomp)\n"],
    [['real', 'compare', '--mode', 'bot'], "vmspec real compare: unknown stub mode 'bot' (did you mean 'both'? known: ptrace, seccomp, both)\n"],
    [['real', 'convert'], 'vmspec real convert: missing RAW.log (a raw strace log of linux.uml)\n'],
    [['real', 'convert', '/nonexistent/raw.log'], 'vmspec real convert: /nonexistent/raw.log: cannot read (ENOENT)\n'],
    [['real', 'compare', '--pin', '-1'], "vmspec real compare: option '--pin' needs a CPU number (0, 1, …), got '-1'\n"],
  ])('%j: one line, exit 2', async (argv, message) => {
    const result = await run(argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('says exactly which program is missing, exit 2, before booting anything', async () => {
    process.env['VMSPEC_UML'] = '/nonexistent/linux.uml';
    for (const [sub, iterations] of [['record', '1'], ['time', '1,2']] as const) {
      const result = await run(['real', sub, 'getpid', '--iterations', iterations]);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `vmspec real ${sub}: '/nonexistent/linux.uml' not found (install the Debian package user-mode-linux, or run 'vmspec real setup' for a UML kernel that boots here (UML 7 from Debian unstable, in a private prefix))\n` });
    }
  });

  it('lists record, counts and time in its help', async () => {
    const result = await run(['real', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/vmspec real record WORKLOAD[\s\S]*vmspec real counts WORKLOAD[\s\S]*vmspec real time WORKLOAD/);
  });
});
