/*
 * The guest workloads vmspec records under a real VMM (bench/real/): built at
 * run time with `gcc -static` into the guest root, run by its init as
 * `/vmspecGuest WORKLOAD N`. Each prints "VMSPEC-BEGIN WORKLOAD N pid=P" (P: its guest pid,
 * the process the recorded trace starts in) before the
 * measured loop and "VMSPEC-END NS" after it (NS: the loop's elapsed
 * CLOCK_MONOTONIC time, which under UML is the host's clock), so a recording
 * can be cut at the markers and a timing run needs no tracer.
 * `/vmspecGuest now` prints the clock alone (the shell pipeline workload
 * times itself with it); `/vmspecGuest maps 0` prints its own memory map
 * (/proc/self/maps, one "VMSPEC-MAP" line each) between the markers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long long nowNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* One write per marker line: the tracer's console write then carries the whole marker. */
static void marker(const char *text) {
  if (write(1, text, strlen(text)) < 0) exit(3);
}

static void getpidLoop(long n) {
  for (long i = 0; i < n; i++) syscall(SYS_getpid);
}

/* Parent and child bounce one byte over two pipes: one round is two guest switches. */
static void pingpongLoop(long n) {
  int there[2], back[2];
  char byte = 'x';
  if (pipe(there) != 0 || pipe(back) != 0) exit(4);
  pid_t child = fork();
  if (child < 0) exit(5);
  if (child == 0) {
    for (long i = 0; i < n; i++) {
      if (read(there[0], &byte, 1) != 1 || write(back[1], &byte, 1) != 1) _exit(6);
    }
    _exit(0);
  }
  for (long i = 0; i < n; i++) {
    if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) exit(7);
  }
  waitpid(child, NULL, 0);
}

/*
 * Raw system calls, no libc wrapper: the loop writes no memory of its own, so the only work per iteration is the
 * fork, the child's exit and the wait (glibc's fork also registers the child's robust list and runs its atfork
 * handlers, whose writes take copy-on-write faults in both processes).
 */
static inline long rawSyscall1(long nr, long a) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a) : "rcx", "r11", "memory");
  return ret;
}

static inline long rawSyscall4(long nr, long a, long b, long c, long d) {
  long ret;
  register long r10 __asm__("r10") = d;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return ret;
}

static void forkLoop(long n) {
  for (long i = 0; i < n; i++) {
    long child = rawSyscall1(SYS_fork, 0);
    if (child < 0) exit(5);
    if (child == 0) {
      rawSyscall1(SYS_exit_group, 0);
      __builtin_unreachable();
    }
    if (rawSyscall4(SYS_wait4, child, 0, 0, 0) != child) exit(8);
  }
}

/* The areas this program runs with, as the guest kernel lists them (vmspec reads the same from the ELF file). */
static void mapsOnce(long n) {
  (void)n;
  FILE *maps = fopen("/proc/self/maps", "r");
  if (maps == NULL) exit(9);
  char line[256];
  while (fgets(line, sizeof line, maps) != NULL) printf("VMSPEC-MAP %s", line);
  fclose(maps);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "now") == 0) {
    printf("%lld\n", nowNs());
    return 0;
  }
  if (argc != 3) {
    marker("usage: vmspecGuest getpid|pingpong|fork N, vmspecGuest maps 0, or vmspecGuest now\n");
    return 2;
  }
  const char *workload = argv[1];
  long n = atol(argv[2]);
  void (*loop)(long) = strcmp(workload, "getpid") == 0 ? getpidLoop
                     : strcmp(workload, "pingpong") == 0 ? pingpongLoop
                     : strcmp(workload, "fork") == 0 ? forkLoop
                     : strcmp(workload, "maps") == 0 ? mapsOnce : NULL;
  if (loop == NULL || n < 0) {
    marker("vmspecGuest: unknown workload or bad count\n");
    return 2;
  }
  char line[128];
  snprintf(line, sizeof line, "VMSPEC-BEGIN %s %ld pid=%ld\n", workload, n, (long)getpid());
  marker(line);
  long long start = nowNs();
  loop(n);
  long long elapsed = nowNs() - start;
  snprintf(line, sizeof line, "VMSPEC-END %lld\n", elapsed);
  marker(line);
  return 0;
}
