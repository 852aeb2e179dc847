/*
 * The interception figures of the host probe (included by hostProbe.c):
 * a bare ptrace syscall stop, the UMLinux baseline guest syscall done for
 * real with ptrace (the paper's 8-step path, section 3.1), and in-process
 * interception with a seccomp filter returning SECCOMP_RET_TRAP.
 */

/* The guest kernel region of the composites: populated pages of the memory file. */
#define KERNEL_PAGES 256L
static char *kernelRegion;
static long mprotectsInHandler = 2; /* open on entry, close before return (the mprotect variant) */

/* The guest kernel's upcall: open the guest kernel region, touch its data, close it again. */
static void guestKernelHandler(int sig) {
  (void)sig;
  mprotect(kernelRegion, (size_t)(KERNEL_PAGES * PAGE), PROT_READ | PROT_WRITE);
  (void)*(volatile char *)kernelRegion;
  mprotect(kernelRegion, (size_t)(KERNEL_PAGES * PAGE), PROT_NONE);
}

static int prepareKernelRegion(void) {
  if (kernelRegion != NULL) return 0;
  if (memFd < 0 && openMemoryFile() != 0) return -1;
  kernelRegion = mapPages(KERNEL_PAGES, 1);
  if (kernelRegion == NULL) return -1;
  touch(kernelRegion, KERNEL_PAGES);
  return mprotect(kernelRegion, (size_t)(KERNEL_PAGES * PAGE), PROT_NONE);
}

/* After fork a shared mapping has no page-table entries in the child: fill them, so the
 * handler's mprotect calls change KERNEL_PAGES present entries as in the parent. */
static void residentKernelRegion(void) {
  mprotect(kernelRegion, (size_t)(KERNEL_PAGES * PAGE), PROT_READ | PROT_WRITE);
  touch(kernelRegion, KERNEL_PAGES);
  mprotect(kernelRegion, (size_t)(KERNEL_PAGES * PAGE), PROT_NONE);
}

/* Forks a tracee that stops itself and then runs `body`; 0 and the pid, or an errno. */
static int forkTracee(pid_t *pidOut, void (*body)(void)) {
  pid_t child = fork();
  if (child < 0) return errno;
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) _exit(EXIT_ERRNO_BASE + errno);
    raise(SIGSTOP);
    body();
    _exit(0);
  }
  int status;
  if (waitpid(child, &status, 0) != child) return errno;
  if (WIFEXITED(status)) return WEXITSTATUS(status) > EXIT_ERRNO_BASE ? WEXITSTATUS(status) - EXIT_ERRNO_BASE : EPERM;
  if (!WIFSTOPPED(status)) return ECHILD;
  if (ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) != 0) {
    int err = errno;
    kill(child, SIGKILL); waitpid(child, NULL, 0);
    return err;
  }
  *pidOut = child;
  return 0;
}

static void endTracee(pid_t child) { kill(child, SIGKILL); waitpid(child, NULL, 0); }

static void getpidForever(void) { for (;;) syscall(SYS_getpid); }

/* One ptrace syscall-stop round trip: the tracee stops, the tracer wakes and resumes it. */
static void ptraceStop(void) {
  pid_t child;
  int err = forkTracee(&child, getpidForever);
  if (err != 0) { entryUnavailable("ptraceStop", "ptrace", err); return; }
  long batch = batchOf(200);
  double *s = samples();
  int status;
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < 2 * batch; i++) {
      if (ptrace(PTRACE_SYSCALL, child, 0, 0) != 0 || waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) {
        entryUnavailable("ptraceStop", "PTRACE_SYSCALL", errno); free(s); endTracee(child); return;
      }
    }
    s[r] = (nowNs() - t0) / (double)(2 * batch);
  }
  entryStat("ptraceStop", s, reps, 2 * batch,
            "\"note\": \"per stop: a traced getpid gives two stops (entry, exit); each is a switch to the tracer, PTRACE_SYSCALL and waitpid, and a switch back\"");
  free(s);
  endTracee(child);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <elf.h>
#include <sys/uio.h>

/* Bytes of the XSAVE area the enabled features need (CPUID leaf 0xD, sub-leaf 0, EBX); 0 if unknown. */
static unsigned xsaveBytes(void) {
  unsigned a, b, c, d;
  if (__get_cpuid_max(0, NULL) < 0xD) return 0;
  __cpuid_count(0xD, 0, a, b, c, d);
  (void)a; (void)c; (void)d;
  return b;
}

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#endif

/* One stub round trip as real skas0 makes it: resume with PTRACE_SYSEMU to the tracee's next syscall, wait for the
 * stop, and (if `move`) GETREGS, GETREGSET(NT_X86_XSTATE), SETREGS, SETREGSET as UML does on every entry; 0 or an errno. */
static int sysemuRoundTrip(pid_t child, int move, struct user_regs_struct *regs, struct iovec *iov, size_t bufBytes, size_t xstateLen) {
  int status;
  errno = 0; /* a wait that returns a status other than a stop sets none */
  if (ptrace(PTRACE_SYSEMU, child, 0, 0) != 0 || waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) return errno ? errno : ECHILD;
  if (!move) return 0;
  iov->iov_len = bufBytes;
  int bad = ptrace(PTRACE_GETREGS, child, 0, regs) != 0;
  bad |= ptrace(PTRACE_GETREGSET, child, (void *)NT_X86_XSTATE, iov) != 0;
  bad |= ptrace(PTRACE_SETREGS, child, 0, regs) != 0;
  iov->iov_len = xstateLen;
  bad |= ptrace(PTRACE_SETREGSET, child, (void *)NT_X86_XSTATE, iov) != 0;
  return bad ? (errno ? errno : EIO) : 0;
}

/* A VMM process saving and loading a stopped guest's registers, in place: the tracee runs between the transfers (a
 * getpid loop under PTRACE_SYSEMU), so each XSAVE-area read finds the tracee's FPU state live and each write makes it
 * reload. A tight loop on a tracee that never runs finds both cached and measured half of this on 6.18 in a VM.
 * Per operation: (round trips moving GETREGS, GETREGSET(NT_X86_XSTATE), SETREGS, SETREGSET − round trips moving
 * none) / 4, the two kinds alternating within each sample so a slow spell hits both alike. */
static void registerTransfer(void) {
  pid_t child;
  int err = forkTracee(&child, getpidForever);
  if (err != 0) { entryUnavailable("registerTransfer", "ptrace", err); return; }
  unsigned cpuidBytes = xsaveBytes();
  size_t bufBytes = cpuidBytes > 4096 ? cpuidBytes : 4096; /* large enough for x87+SSE+AVX(+AVX-512 when CPUID says so) */
  char *xstate = aligned_alloc(64, (bufBytes + 63) / 64 * 64);
  struct user_regs_struct regs;
  struct iovec iov = {.iov_base = xstate, .iov_len = bufBytes};
  if (xstate == NULL || ptrace(PTRACE_GETREGS, child, 0, &regs) != 0 || ptrace(PTRACE_GETREGSET, child, (void *)NT_X86_XSTATE, &iov) != 0) {
    entryUnavailable("registerTransfer", "PTRACE_GETREGS/GETREGSET(NT_X86_XSTATE)", errno); free(xstate); endTracee(child); return;
  }
  size_t xstateLen = iov.iov_len; /* what the kernel filled: the size it accepts back */
  long batch = batchOf(100);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double moving = 0, bare = 0;
    for (long i = 0; i < batch; i++) {
      for (int move = 0; move < 2; move++) {
        double t0 = nowNs();
        err = sysemuRoundTrip(child, move, &regs, &iov, bufBytes, xstateLen);
        double t = nowNs() - t0;
        if (err != 0) { entryUnavailable("registerTransfer", "PTRACE_SYSEMU round trip with register transfers", err); free(s); free(xstate); endTracee(child); return; }
        if (move) moving += t; else bare += t;
      }
    }
    s[r] = moving > bare ? (moving - bare) / (double)(4 * batch) : 0; /* a difference below zero is noise: a transfer is not free */
  }
  char extra[500];
  snprintf(extra, sizeof extra,
           "\"note\": \"per operation, in place: PTRACE_SYSEMU round trips of a getpid loop that move GETREGS, GETREGSET(NT_X86_XSTATE, %zu bytes; CPUID 0xD says %u), SETREGS, SETREGSET, less round trips that move none, over four\"",
           xstateLen, cpuidBytes);
  entryStat("registerTransfer", s, reps, 4 * batch, extra);
  free(s);
  free(xstate);
  endTracee(child);
}

/* The guest application: issues a marker syscall (getppid) the VMM turns into a guest syscall. */
static void guestApplication(void) {
  struct sigaction sa = {0};
  sa.sa_handler = guestKernelHandler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  residentKernelRegion();
  for (;;) syscall(SYS_getppid);
}

/* The VMM process: rewrite the marker to getpid, at its exit inject SIGUSR1, pass everything else. */
static void umlinuxSyscall(void) {
  if (prepareKernelRegion() != 0) { entryUnavailable("umlinuxSyscall", "guest kernel region", errno); return; }
  pid_t child;
  int err = forkTracee(&child, guestApplication);
  if (err != 0) { entryUnavailable("umlinuxSyscall", "ptrace", err); return; }
  long batch = batchOf(100), warmup = 3;
  double *s = samples();
  long done = 0, stops = 0, stopsAtStart = 0, target = warmup;
  int inSyscall = 0, marker = 0, inject = 0, status, sampleIndex = -1;
  double t0 = 0;
  struct user_regs_struct regs;
  while (sampleIndex < reps) {
    if (ptrace(PTRACE_SYSCALL, child, 0, inject) != 0 || waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) {
      entryUnavailable("umlinuxSyscall", "tracing the guest", errno); free(s); endTracee(child); return;
    }
    inject = 0;
    stops++;
    if (WSTOPSIG(status) != (SIGTRAP | 0x80)) { inject = WSTOPSIG(status); continue; } /* signal-delivery-stop: deliver it */
    if (inSyscall) {
      inSyscall = 0;
      if (marker) { marker = 0; inject = SIGUSR1; } /* step 4: the upcall to the guest kernel */
      continue;
    }
    inSyscall = 1;
    if (ptrace(PTRACE_GETREGS, child, 0, &regs) != 0) { entryUnavailable("umlinuxSyscall", "PTRACE_GETREGS", errno); free(s); endTracee(child); return; }
    if (regs.orig_rax != SYS_getppid) continue; /* the handler's mprotect and sigreturn: passed through */
    if (done == target) { /* sample boundary, taken at a guest syscall's first stop */
      double t = nowNs();
      if (sampleIndex >= 0) s[sampleIndex] = (t - t0) / (double)batch;
      sampleIndex++;
      if (sampleIndex == 0) stopsAtStart = stops;
      t0 = t;
      target += batch;
      if (sampleIndex == reps) break;
    }
    done++;
    marker = 1;
    regs.orig_rax = SYS_getpid; /* step 2: rewrite to a no-op */
    if (ptrace(PTRACE_SETREGS, child, 0, &regs) != 0) { entryUnavailable("umlinuxSyscall", "PTRACE_SETREGS", errno); free(s); endTracee(child); return; }
  }
  char extra[400];
  snprintf(extra, sizeof extra,
           "\"contents\": {\"ptraceStops\": %.2f, \"getpid\": 1, \"signals\": 1, \"mprotectCalls\": %ld, \"mprotectPages\": %ld, \"sigreturn\": 1}, "
           "\"note\": \"guest syscall via a tracer: stop, rewrite to getpid, stop, inject SIGUSR1, handler mprotects the guest kernel region open and closed (each intercepted and passed), sigreturn\"",
           (double)(stops - stopsAtStart) / (double)(batch * reps), mprotectsInHandler, KERNEL_PAGES);
  entryStat("umlinuxSyscall", s, reps, batch, extra);
  free(s);
  endTracee(child);
}
#define SECCOMP_AUDIT_ARCH AUDIT_ARCH_X86_64
#else
static void umlinuxSyscall(void) { entryUnavailable("umlinuxSyscall", "register rewrite implemented for x86-64 only", ENOSYS); }
static void registerTransfer(void) { entryUnavailable("registerTransfer", "register transfer implemented for x86-64 only", ENOSYS); }
#if defined(__aarch64__)
#define SECCOMP_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#endif

static void ptraceFigures(void) {
  ptraceStop();
  fflush(out);
  registerTransfer();
  fflush(out);
  umlinuxSyscall();
  fflush(out);
}

/* ---- seccomp: measured in a child, since a filter cannot be removed ---- */
static void trappedHandler(int sig, siginfo_t *info, void *ctx) { (void)sig; (void)info; (void)ctx; }
static void trappedKernelHandler(int sig, siginfo_t *info, void *ctx) { (void)info; (void)ctx; guestKernelHandler(sig); }

static void timeTrapped(const char *name, void (*handler)(int, siginfo_t *, void *), const char *extra) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSYS, &sa, NULL);
  long batch = batchOf(1000);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) syscall(SYS_getppid);
    s[r] = (nowNs() - t0) / (double)batch;
  }
  entryStat(name, s, reps, batch, extra);
  free(s);
}

static void seccompFigures(void) {
#if defined(SECCOMP_AUDIT_ARCH)
  if (prepareKernelRegion() != 0) { entryUnavailable("seccompTrap", "guest kernel region", errno); entryUnavailable("seccompSyscall", "guest kernel region", errno); return; }
  int pipeFds[2];
  if (pipe(pipeFds) != 0) { entryUnavailable("seccompTrap", "pipe", errno); entryUnavailable("seccompSyscall", "pipe", errno); return; }
  fflush(out);
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(pipeFds[0]);
    char *buf; size_t len;
    out = open_memstream(&buf, &len);
    firstEntry = 0;
    residentKernelRegion();
    struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_AUDIT_ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = (unsigned short)(sizeof filter / sizeof filter[0]), .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      entryUnavailable("seccompTrap", "prctl(PR_SET_NO_NEW_PRIVS)", errno); entryUnavailable("seccompSyscall", "prctl(PR_SET_NO_NEW_PRIVS)", errno);
    } else if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
      entryUnavailable("seccompTrap", "seccomp filter", errno); entryUnavailable("seccompSyscall", "seccomp filter", errno);
    } else {
      timeTrapped("seccompTrap", trappedHandler,
                  "\"contents\": {\"seccompTraps\": 1, \"signals\": 1, \"sigreturn\": 1}, \"note\": \"a syscall trapped by a seccomp filter to a SIGSYS handler that returns at once\"");
      char extra[300];
      snprintf(extra, sizeof extra,
               "\"contents\": {\"seccompTraps\": 1, \"signals\": 1, \"mprotectCalls\": %ld, \"mprotectPages\": %ld, \"sigreturn\": 1}, "
               "\"note\": \"the same guest kernel handler as umlinuxSyscall, reached by a seccomp trap with no second process\"",
               mprotectsInHandler, KERNEL_PAGES);
      timeTrapped("seccompSyscall", trappedKernelHandler, extra);
    }
    fclose(out);
    ssize_t off = 0;
    while (off < (ssize_t)len) { ssize_t n = write(pipeFds[1], buf + off, len - (size_t)off); if (n <= 0) _exit(1); off += n; }
    _exit(0);
  }
  close(pipeFds[1]);
  if (child < 0) { entryUnavailable("seccompTrap", "fork", errno); entryUnavailable("seccompSyscall", "fork", errno); close(pipeFds[0]); return; }
  char *text = NULL; size_t len = 0; FILE *collect = open_memstream(&text, &len);
  char chunk[4096]; ssize_t n;
  while ((n = read(pipeFds[0], chunk, sizeof chunk)) > 0) fwrite(chunk, 1, (size_t)n, collect);
  fclose(collect);
  close(pipeFds[0]);
  int status;
  waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && len > 0) fputs(text, out);
  else { entryUnavailable("seccompTrap", "seccomp measuring child failed", ECHILD); entryUnavailable("seccompSyscall", "seccomp measuring child failed", ECHILD); }
  free(text);
#else
  entryUnavailable("seccompTrap", "seccomp filter written for x86-64 and aarch64 only", ENOSYS);
  entryUnavailable("seccompSyscall", "seccomp filter written for x86-64 and aarch64 only", ENOSYS);
#endif
}
