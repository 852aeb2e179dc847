/**
 * What the host kernel does for a host syscall it runs: the guest kernel's
 * memory, device, console and switch-guest calls on the guest-machine
 * process, and, for a call that leaves the box (an application's syscall the
 * VMM let through, or an off-list call of the guest kernel), an effect on the
 * host itself, recorded as an escape.
 */
import type { HostSyscall } from '../../spec/types.ts';
import type { SyscallFrame } from './hostCalls.ts';
import type { HostKernel } from './hostKernel.ts';

/** Host pid of the guest-machine process. */
export const GUEST_MACHINE_PID = 100;
/** First host pid and descriptor an escaped fork or open would hand out. */
const ESCAPED_PID = 200;
const ESCAPED_FD = 3;

/** A call that leaves the box acts on the host: fork makes a host process, open and socket a descriptor. */
function actOutside(host: HostKernel, nr: HostSyscall): number {
  const n = host.escapes.length;
  switch (nr) {
    case 'getpid':
      return GUEST_MACHINE_PID;
    case 'fork':
      return ESCAPED_PID + n;
    case 'open':
    case 'socket':
    case 'pipe':
      return ESCAPED_FD + n;
    default:
      return 0;
  }
}

/** Runs `frame` on `host`; returns its result. */
export function executeHostCall(host: HostKernel, frame: SyscallFrame): number {
  const args = frame.args;
  if (args.kind === 'guest-call') {
    // An application's syscall the VMM neither rewrote nor absorbed: the host runs it for real.
    if (frame.nr !== 'getpid') host.escapes.push({ nr: frame.nr, origin: 'application' });
    return actOutside(host, frame.nr);
  }
  host.kernelCalls.push(args.kind === 'range' ? { nr: frame.nr, start: args.start, pages: args.pages } : { nr: frame.nr });
  switch (frame.nr) {
    case 'getpid':
      return GUEST_MACHINE_PID;
    case 'mmap':
      return args.kind === 'range' ? host.mmap(args.start, args.pages, args.prot, args.filePage) : -22;
    case 'munmap':
      return args.kind === 'range' ? host.munmap(args.start, args.pages) : -22;
    case 'mprotect':
      return args.kind === 'range' ? host.mprotect(args.start, args.pages, args.prot) : -22;
    case 'switch-guest': {
      if (args.kind !== 'asid') return -22;
      const result = host.mm.switchGuest(args.asid);
      if (result === 0 && host.sink.on) host.sink.emit({ type: 'host.as.switch', asid: args.asid });
      host.hooks?.afterMemoryChange('switch');
      return result;
    }
    case 'write':
      if (args.kind === 'console') host.console.push(...args.bytes);
      return args.kind === 'console' ? args.bytes.length : 0;
    case 'read':
      if (args.kind === 'device-read') host.devices.startRead(host.now, args.offset, args.words);
      return 0;
    case 'kill':
    case 'sigsuspend':
      return 0;
    default:
      host.escapes.push({ nr: frame.nr, origin: 'guest-kernel' });
      return actOutside(host, frame.nr);
  }
}
