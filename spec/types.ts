/**
 * The shared vocabulary of vmspec: the events a UMLinux-style guest machine
 * produces at the guest, host and VMM layers (King, Dunlap and Chen, ATC 2003,
 * sections 3–4). The spec machines step over these events, the emulator emits
 * them, and the trace format encodes them. Everything here is data: no logic.
 */

/** One of the three address regions of the guest-machine process. */
export type Region = 'guest-user' | 'guest-kernel' | 'host-kernel';

/** The guest's notion of privilege: an application runs in user mode, the guest kernel in kernel mode. */
export type GuestMode = 'user' | 'kernel';

/** IA-32 privilege ring of the guest-machine process (0 is the host kernel). */
export type Ring = 0 | 1 | 2 | 3;

/** A memory access as the guest issues it. */
export type AccessOp = 'read' | 'write';

/** What became of a guest memory access. */
export type AccessOutcome = 'ok' | 'fault';

/** Page protections the host can set; `rw-supervisor` is reachable from rings 0–2 only. */
export type Prot = 'none' | 'r' | 'rw' | 'rw-supervisor';

/** The host processes that take part in mediation. */
export type HostRole = 'guest-machine' | 'vmm-process';

/**
 * Host signals that act as the virtual machine's interrupts and upcalls.
 * `SIGSYS` is what a seccomp filter returning SECCOMP_RET_TRAP raises: the
 * upcall of in-process syscall interception (gVisor's systrap), used by plug-ins.
 */
export const HOST_SIGNALS = ['SIGUSR1', 'SIGALRM', 'SIGIO', 'SIGSEGV', 'SIGSYS'] as const;
/** A host signal used by UMLinux. */
export type HostSignal = (typeof HOST_SIGNALS)[number];

/** The guest system calls the guest kernel implements. */
export const GUEST_SYSCALLS = [
  'getpid', 'write', 'read', 'brk', 'fork', 'exit', 'yield', 'kill', 'pipe', 'sigaction', 'sigreturn', 'wait',
] as const;
/** A guest system call. */
export type GuestSyscall = (typeof GUEST_SYSCALLS)[number];

/**
 * Guest syscalls a trace of a real guest names besides those the emulator's guest kernel implements (format
 * version 3): `execve`, which replaces a process's address space, and `other`, any call the spec does not tell apart.
 */
export const TRACED_ONLY_GUEST_SYSCALLS = ['execve', 'other'] as const;
/** Every guest syscall a trace may name. */
export const TRACED_GUEST_SYSCALLS = [...GUEST_SYSCALLS, ...TRACED_ONLY_GUEST_SYSCALLS] as const;
/** A guest syscall as a trace names it. */
export type TracedGuestSyscall = (typeof TRACED_GUEST_SYSCALLS)[number];

/**
 * Why a stub process stopped for the VMM (format version 3): at a guest syscall (a `PTRACE_SYSEMU` stop), or for a
 * signal (a guest fault, a timer signal the VMM sent it, or the end of a stub call).
 */
export type StubStop = 'syscall' | 'signal';
/** How the VMM resumes a stub: `sysemu` runs guest code to its next syscall; `cont` runs the stub's own code. */
export type StubResume = 'sysemu' | 'cont';
/** A ptrace register transfer's direction. */
export type RegisterDirection = 'get' | 'set';
/**
 * Which registers: `gpr` the general registers (`PTRACE_GETREGS`/`SETREGS`), `fp` the floating-point/XSAVE area
 * (`PTRACE_GETREGSET`/`SETREGSET` of `NT_X86_XSTATE`), `other` a small request on the stopped stub that moves no
 * register set (`PTRACE_GETSIGINFO`, `PTRACE_ARCH_PRCTL`).
 */
export type RegisterSet = 'gpr' | 'fp' | 'other';

/**
 * Seccomp stubs (format version 3; UML ≥ 6.16 `seccomp=on`, and the primitives of gVisor's systrap): a stub is not
 * ptraced; a seccomp filter traps its guest code's syscalls (`SIGSYS`), its own signal handler hands each entry to the
 * guest kernel's process with a futex on shared memory, waits, and returns into guest code with `rt_sigreturn`.
 */
/** The signals a seccomp stub's handler takes: a trapped syscall, a fault, a timer or device interrupt the kernel sent. */
export const STUB_SIGNALS = ['SIGSYS', 'SIGSEGV', 'SIGALRM', 'SIGIO'] as const;
export type StubSignal = (typeof STUB_SIGNALS)[number];
/** Who a futex hand-off wakes: the guest kernel's process, or the stub's handler. */
export type WakeTarget = 'kernel' | 'stub';
/**
 * The host calls a seccomp stub makes itself, which its filter allows from the stub's code page only: its memory
 * maps, the memory file's descriptor (`recvmsg`, `close`), its TLS base, and `other` for any the spec does not tell apart.
 */
export const STUB_SYSCALLS = ['mmap', 'munmap', 'mprotect', 'recvmsg', 'close', 'arch_prctl', 'other'] as const;
export type StubSyscall = (typeof STUB_SYSCALLS)[number];

/** Host system calls named in traces (a guest syscall reaches the host under its own name first). */
export const HOST_SYSCALLS = [
  'getpid', 'mmap', 'munmap', 'mprotect', 'sigreturn', 'switch-guest', 'read', 'write', 'kill', 'sigsuspend',
  'brk', 'fork', 'exit', 'yield', 'pipe', 'sigaction', 'wait', 'open', 'execve', 'socket', 'ptrace', 'futex',
] as const;
/** A host system call. */
export type HostSyscall = (typeof HOST_SYSCALLS)[number];

/** Events of the guest layer: what the guest kernel and its applications observe. */
export type GuestEvent =
  /** The guest kernel starts handling guest syscall `nr` of process `pid`. */
  | { readonly type: 'guest.syscall'; readonly pid: number; readonly nr: TracedGuestSyscall }
  /** The guest kernel starts handling a virtual interrupt (timer from SIGALRM, device from SIGIO). */
  | { readonly type: 'guest.interrupt'; readonly irq: 'timer' | 'io' }
  /**
   * A guest memory access at `addr`, as the MMU decided it. `mode` (format version 2) says whether guest user code or
   * the guest kernel made it; version-1 traces leave it out and the spec infers it from the guest CPU's state.
   */
  | {
    readonly type: 'guest.access'; readonly pid: number; readonly addr: number; readonly op: AccessOp; readonly outcome: AccessOutcome;
    readonly mode?: GuestMode;
  }
  /** The guest kernel starts handling the fault of the last failed access. */
  | { readonly type: 'guest.fault'; readonly pid: number; readonly addr: number; readonly op: AccessOp }
  /** The guest kernel returns to user mode in process `pid`. */
  | { readonly type: 'guest.return'; readonly pid: number }
  /** The guest kernel has nothing to run and waits for an interrupt outside kernel mode. */
  | { readonly type: 'guest.idle' }
  /** The guest kernel switches the current guest process. */
  | { readonly type: 'guest.switch'; readonly from: number; readonly to: number }
  /** The guest machine halts (no guest process left). */
  | { readonly type: 'guest.halt' }
  /** The guest kernel creates process `pid` (format version 2); `parent` 0 for a process the kernel starts at boot. */
  | { readonly type: 'guest.spawn'; readonly parent: number; readonly pid: number }
  /** Process `pid` ends, by `exit` or by a signal (format version 2). */
  | { readonly type: 'guest.exit'; readonly pid: number };

/** Events of the host layer: the host kernel acting on the guest-machine process. */
export type HostEvent =
  /** The guest-machine process enters host syscall `nr`. */
  | { readonly type: 'host.syscall.enter'; readonly nr: HostSyscall }
  /** Host syscall `nr` of the guest-machine process returns `result`. */
  | { readonly type: 'host.syscall.exit'; readonly nr: HostSyscall; readonly result: number }
  /** The traced guest-machine process stops for its tracer (at syscall entry or exit, or for a signal). */
  | { readonly type: 'host.ptrace.stop'; readonly at: 'enter' | 'exit' | 'signal' }
  /** The tracer resumes the guest-machine process. */
  | { readonly type: 'host.ptrace.resume' }
  /** The host scheduler switches from one host process to another. */
  | { readonly type: 'host.ctxswitch'; readonly from: HostRole; readonly to: HostRole }
  /** Signal `sig` becomes pending for the guest-machine process. */
  | { readonly type: 'host.signal.send'; readonly sig: HostSignal }
  /** The guest-machine process's handler for `sig` starts running. */
  | { readonly type: 'host.signal.deliver'; readonly sig: HostSignal }
  /** The running signal handler returns (sigreturn completes). */
  | { readonly type: 'host.signal.return' }
  /**
   * Pages `[start, start + pages*4096)` of address space `asid` are mapped with `prot`; `filePage` (format version 2) is
   * the page of the physical-memory file behind the first of them (`null`: anonymous memory).
   */
  | {
    readonly type: 'host.mm.map'; readonly asid: number; readonly start: number; readonly pages: number; readonly prot: Prot;
    readonly filePage?: number | null;
  }
  /** Pages of address space `asid` are unmapped. */
  | { readonly type: 'host.mm.unmap'; readonly asid: number; readonly start: number; readonly pages: number }
  /** Pages of address space `asid` get protection `prot`. */
  | { readonly type: 'host.mm.protect'; readonly asid: number; readonly start: number; readonly pages: number; readonly prot: Prot }
  /** The user code/data segment limit becomes `limit` (exclusive upper bound, up to 2^32). */
  | { readonly type: 'host.segment.set'; readonly limit: number }
  /** The guest-machine process now runs at privilege ring `ring`. */
  | { readonly type: 'host.ring.set'; readonly ring: Ring }
  /** `switch-guest` made address space `asid` the live one. */
  | { readonly type: 'host.as.switch'; readonly asid: number }
  /*
   * Stub processes (format version 3): under real skas0 the guest kernel runs in the VMM's own process, which traces
   * one host process per guest address space (a stub); `stub` numbers them within a trace, from 1.
   */
  /** A stub process appears: the VMM starts one, or a stub's clone makes one for a guest fork. */
  | { readonly type: 'host.stub.create'; readonly stub: number }
  /** Stub `stub` stops for the VMM. */
  | { readonly type: 'host.stub.stop'; readonly stub: number; readonly why: StubStop }
  /** The VMM reads or writes registers of stopped stub `stub`. */
  | { readonly type: 'host.stub.regs'; readonly stub: number; readonly dir: RegisterDirection; readonly set: RegisterSet }
  /** The VMM resumes stopped stub `stub`. */
  | { readonly type: 'host.stub.resume'; readonly stub: number; readonly how: StubResume }
  /** The VMM kills stub `stub`: its address space is gone. */
  | { readonly type: 'host.stub.kill'; readonly stub: number }
  /** Seccomp stubs: the handler of stub `stub` starts for `sig` (the filter trapped a guest syscall, a fault, a timer). */
  | { readonly type: 'host.stub.signal'; readonly stub: number; readonly sig: StubSignal }
  /** Seccomp stubs: a futex hand-off on stub `stub`'s shared page wakes the guest kernel's process or the stub's handler. */
  | { readonly type: 'host.stub.wake'; readonly stub: number; readonly to: WakeTarget }
  /** Seccomp stubs: stub `stub` makes host call `nr` itself (allowed by its filter from the stub's code page). */
  | { readonly type: 'host.stub.syscall'; readonly stub: number; readonly nr: StubSyscall }
  /** Seccomp stubs: stub `stub`'s handler returns into guest code (`rt_sigreturn`, the registers the kernel left). */
  | { readonly type: 'host.stub.sigreturn'; readonly stub: number };

/** Events of the VMM layer: the monitor's own decisions. */
export type VmmEvent =
  /** The VMM has built the guest machine; the guest kernel starts. */
  | { readonly type: 'vmm.start' }
  /** The VMM kernel module intercepts a guest application's syscall inside the host kernel. */
  | { readonly type: 'vmm.intercept'; readonly nr: HostSyscall }
  /** The VMM rewrites the intercepted syscall `from` into `to` (a no-op: `getpid`). */
  | { readonly type: 'vmm.rewrite'; readonly from: HostSyscall; readonly to: HostSyscall }
  /** The VMM lets a host syscall of the guest kernel through. */
  | { readonly type: 'vmm.allow'; readonly nr: HostSyscall }
  /** The VMM refuses a host syscall of the guest kernel (it returns an error, without effect). */
  | { readonly type: 'vmm.deny'; readonly nr: HostSyscall }
  /** The VMM process passes a host-raised signal on to the guest kernel's handler. */
  | { readonly type: 'vmm.forward'; readonly sig: HostSignal };

/** Every event the specification knows. */
export type SpecEvent = GuestEvent | HostEvent | VmmEvent;

/** The `type` tag of any spec event. */
export type SpecEventType = SpecEvent['type'];

/** The layer an event belongs to, read off its type's prefix. */
export type Layer = 'guest' | 'host' | 'vmm';

/** The spec event with type `T`. */
export type SpecEventOf<T extends SpecEventType> = Extract<SpecEvent, { readonly type: T }>;
