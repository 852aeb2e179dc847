import { describe, expect, it } from 'vitest';
import { bootFailure, STRACE_FLAGS, umlCommand } from './bootUml.ts';

describe('bootFailure reads why UML did not boot from its console', () => {
  it('an XSAVE area larger than the buffer UML passes', () => {
    expect(bootFailure('Checking that ptrace can change system call numbers...OK\nptrace set fp regs failed, errno 14\n'))
      .toBe("UML died at boot with 'ptrace set fp regs failed, errno 14': this host's XSAVE area is larger than the buffer this kernel passes to ptrace (UML before 7; 'vmspec real setup' installs UML 7)");
  });
  it('a kernel panic (e.g. a root it cannot mount)', () => {
    expect(bootFailure('VFS: Cannot open root device\nKernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n'))
      .toBe("UML panicked: 'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)'");
  });
  it('nothing wrong in a normal boot', () => {
    expect(bootFailure('Run /init as init process\nVMSPEC-BEGIN getpid 3\nVMSPEC-END 1641728\nreboot: System halted\n')).toBeNull();
  });
});

describe('the command that boots UML', () => {
  const args = ['mem=64M', '--', 'getpid', '3'];
  it('is linux.uml itself, under strace when recording, and under taskset when pinned (around strace too)', () => {
    expect(umlCommand({ uml: '/u/linux.uml' }, args)).toEqual(['/u/linux.uml', args]);
    expect(umlCommand({ uml: '/u/linux.uml', pinCpu: 1 }, args)).toEqual(['taskset', ['-c', '1', '/u/linux.uml', ...args]]);
    expect(umlCommand({ uml: 'linux.uml', straceLog: 'l.strace', pinCpu: 0 }, args)).toEqual(
      ['taskset', ['-c', '0', 'strace', '-o', 'l.strace', ...STRACE_FLAGS, 'linux.uml', ...args]]);
  });
});
