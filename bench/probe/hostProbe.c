/*
 * vmspec host probe: measures, on the machine it runs on, the host operations
 * UMLinux is built from (King, Dunlap, Chen, USENIX ATC 2003, section 3):
 * syscalls, context switches, signals, mmap/munmap/mprotect, ptrace stops,
 * and two composites (the baseline ptrace syscall path, and a seccomp trap).
 * Built at run time by `vmspec calibrate`; prints one JSON object on stdout.
 *
 * Every figure is a set of samples; a sample times a batch of operations and
 * divides. Medians, p10 and p90 are over samples. The whole probe is pinned to
 * one CPU so that two communicating processes really switch (as on the
 * paper's uniprocessor host). Anything the host refuses is reported as
 * {"status":"unavailable","reason":...}, never as a crash.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define MAX_SAMPLES 100000
#define EXIT_ERRNO_BASE 100 /* a child reports a refused call as exit(100 + errno) */

static long reps = 101;     /* samples per figure */
static long batchCap = 1L << 30; /* upper bound on any batch (for quick runs) */
static FILE *out;           /* where JSON goes (a memstream in forked measurers) */
static int firstEntry = 1;

static double nowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long batchOf(long wanted) { return wanted < batchCap ? wanted : (batchCap < 1 ? 1 : batchCap); }

static int cmpDouble(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/* Nearest-rank percentile of sorted samples. */
static double pct(const double *s, long n, double p) {
  long i = (long)(p * (double)(n - 1) + 0.5);
  return s[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void beginEntry(const char *name) {
  fprintf(out, "%s\n  \"%s\": ", firstEntry ? "" : ",", name);
  firstEntry = 0;
}

/* Writes {"median":..,"p10":..,"p90":..,"samples":..,"batch":..} (no closing brace). */
static void writeStat(double *s, long n, long batch) {
  qsort(s, (size_t)n, sizeof *s, cmpDouble);
  fprintf(out, "{\"median\": %.2f, \"p10\": %.2f, \"p90\": %.2f, \"samples\": %ld, \"batch\": %ld",
          pct(s, n, 0.5), pct(s, n, 0.1), pct(s, n, 0.9), n, batch);
}

static void entryStat(const char *name, double *s, long n, long batch, const char *extra) {
  beginEntry(name);
  fputs("{\"status\": \"ok\", \"stat\": ", out);
  writeStat(s, n, batch);
  fprintf(out, "}%s%s}", extra[0] ? ", " : "", extra);
}

static void entryUnavailable(const char *name, const char *what, int err) {
  beginEntry(name);
  fprintf(out, "{\"status\": \"unavailable\", \"reason\": \"%s: %s (errno %d)\"}", what, strerror(err), err);
}

static double *samples(void) {
  double *s = calloc((size_t)reps, sizeof(double));
  if (s == NULL) { perror("calloc"); exit(70); }
  return s;
}

/* ---- the memory file: the guest's "physical memory", already resident ---- */
static int memFd = -1;
#define MEM_PAGES 1024L

static int openMemoryFile(void) {
  memFd = (int)syscall(SYS_memfd_create, "vmspec-physmem", 0);
  if (memFd < 0) return -1;
  if (ftruncate(memFd, MEM_PAGES * PAGE) != 0) return -1;
  char *p = mmap(NULL, MEM_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, memFd, 0);
  if (p == MAP_FAILED) return -1;
  for (long i = 0; i < MEM_PAGES; i++) p[i * PAGE] = 1; /* allocate every page once */
  munmap(p, MEM_PAGES * PAGE);
  return 0;
}

static char *mapPages(long pages, int populate) {
  char *p = mmap(NULL, (size_t)(pages * PAGE), PROT_READ | PROT_WRITE, MAP_SHARED | (populate ? MAP_POPULATE : 0), memFd, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void touch(char *p, long pages) { for (long i = 0; i < pages; i++) p[i * PAGE]++; }

/* ---- simple figures ---- */
static void nullSyscall(void) {
  long batch = batchOf(2000);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) syscall(SYS_getpid);
    s[r] = (nowNs() - t0) / (double)batch;
  }
  entryStat("nullSyscall", s, reps, batch, "\"note\": \"syscall(SYS_getpid), bypassing any libc caching\"");
  free(s);
}

static volatile sig_atomic_t signalsSeen;
static void countSignal(int sig) { (void)sig; signalsSeen++; }

static void signalRoundTrip(void) {
  struct sigaction sa = {0};
  sa.sa_handler = countSignal;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGUSR2, &sa, NULL) != 0) { entryUnavailable("signal", "sigaction", errno); return; }
  long batch = batchOf(1000);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) raise(SIGUSR2);
    s[r] = (nowNs() - t0) / (double)batch;
  }
  entryStat("signal", s, reps, batch, "\"note\": \"raise(SIGUSR2) to self: the kill syscall, delivery to a handler, and sigreturn\"");
  free(s);
  signal(SIGUSR2, SIG_DFL);
}

/* The kill syscall without a delivery: tgkill of an ignored signal to self, which the
 * kernel drops after finding the task and checking permission. raise() pays this
 * lookup on top of a null syscall; a seccomp trap or a ptrace-injected signal does not. */
static void signalSend(void) {
  if (signal(SIGUSR2, SIG_IGN) == SIG_ERR) { entryUnavailable("signalSend", "signal(SIG_IGN)", errno); return; }
  pid_t pid = getpid();
  pid_t tid = (pid_t)syscall(SYS_gettid);
  long batch = batchOf(2000);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) syscall(SYS_tgkill, pid, tid, SIGUSR2);
    s[r] = (nowNs() - t0) / (double)batch;
  }
  entryStat("signalSend", s, reps, batch, "\"note\": \"tgkill of an ignored SIGUSR2 to self: the kill syscall's task lookup and permission check, the signal dropped undelivered\"");
  free(s);
  signal(SIGUSR2, SIG_DFL);
}

static void contextSwitch(void) {
  int down[2], up[2];
  if (pipe(down) != 0 || pipe(up) != 0) { entryUnavailable("contextSwitch", "pipe", errno); return; }
  pid_t child = fork();
  if (child < 0) { entryUnavailable("contextSwitch", "fork", errno); return; }
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]); close(up[0]);
    char c;
    while (read(down[0], &c, 1) == 1) if (write(up[1], &c, 1) != 1) break;
    _exit(0);
  }
  long batch = batchOf(500);
  double *s = samples();
  char c = 'x';
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) {
      if (write(down[1], &c, 1) != 1 || read(up[0], &c, 1) != 1) { entryUnavailable("contextSwitch", "pipe i/o", errno); goto done; }
    }
    s[r] = (nowNs() - t0) / (double)batch / 2.0; /* a round trip is two switches */
  }
  entryStat("contextSwitch", s, reps, batch, "\"note\": \"pipe ping-pong between two processes on one CPU; per switch = round trip / 2, including a 1-byte write and read\"");
done:
  free(s);
  close(down[1]); close(down[0]); close(up[0]); close(up[1]);
  waitpid(child, NULL, 0);
}

/* A host process made and gone, as real skas0 makes one per guest address space: a fork of this (small) process that
 * stops at once, the parent's wait for that stop, SIGKILL, and the reaping wait. */
static void processLifetime(void) {
  long batch = batchOf(20);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    double t0 = nowNs();
    for (long i = 0; i < batch; i++) {
      pid_t child = fork();
      if (child < 0) { entryUnavailable("processLifetime", "fork", errno); free(s); return; }
      if (child == 0) { raise(SIGSTOP); _exit(0); }
      int status;
      if (waitpid(child, &status, WUNTRACED) != child || kill(child, SIGKILL) != 0 || waitpid(child, &status, 0) != child) {
        entryUnavailable("processLifetime", "waitpid/kill", errno); free(s); return;
      }
    }
    s[r] = (nowNs() - t0) / (double)batch;
  }
  entryStat("processLifetime", s, reps, batch, "\"note\": \"per process: fork, the child stops itself, waitpid for the stop, SIGKILL, waitpid to reap\"");
  free(s);
}

/* mmap / munmap / mprotect at several sizes; fitted to fixed + per-page by the caller. */
static const long SIZES[] = {1, 16, 64, 256, 1024};
#define NSIZES ((long)(sizeof SIZES / sizeof SIZES[0]))

/* Timed NONE/READ|WRITE pairs per mapping, after the warm-up pair. */
#define MPROTECT_TOGGLES 4

static void mappingFigures(void) {
  if (memFd < 0 && openMemoryFile() != 0) {
    entryUnavailable("mmap", "memfd", errno); entryUnavailable("munmap", "memfd", errno); entryUnavailable("mprotect", "memfd", errno);
    return;
  }
  const char *names[3] = {"mmap", "munmap", "mprotect"};
  char *bufs[3]; size_t lens[3];
  FILE *streams[3];
  for (int k = 0; k < 3; k++) { streams[k] = open_memstream(&bufs[k], &lens[k]); fputs("{\"status\": \"ok\", \"sizes\": [", streams[k]); }
  FILE *saved = out;
  double *sm = samples(), *su = samples(), *sp = samples();
  for (long z = 0; z < NSIZES; z++) {
    long pages = SIZES[z];
    long batch = batchOf(pages >= 256 ? 1 : 256 / pages);
    char **maps = calloc((size_t)batch, sizeof(char *));
    for (long r = 0; r < reps; r++) {
      double t0 = nowNs();
      for (long b = 0; b < batch; b++) maps[b] = mapPages(pages, 1);
      double t1 = nowNs();
      for (long b = 0; b < batch; b++) { if (maps[b] == NULL) { entryUnavailable("mmap", "mmap", errno); exit(71); } touch(maps[b], pages); }
      /* A VMM toggles one long-lived region again and again; the first change of a fresh mapping costs 2-5x a later
       * one (6.18 in a VM), so one warm-up pair goes untimed and the figure is the steady toggles after it. */
      for (long b = 0; b < batch; b++) { mprotect(maps[b], (size_t)(pages * PAGE), PROT_NONE); mprotect(maps[b], (size_t)(pages * PAGE), PROT_READ | PROT_WRITE); }
      double t2 = nowNs();
      for (long k = 0; k < MPROTECT_TOGGLES; k++) {
        for (long b = 0; b < batch; b++) mprotect(maps[b], (size_t)(pages * PAGE), PROT_NONE);
        for (long b = 0; b < batch; b++) mprotect(maps[b], (size_t)(pages * PAGE), PROT_READ | PROT_WRITE);
      }
      double t3 = nowNs();
      for (long b = 0; b < batch; b++) munmap(maps[b], (size_t)(pages * PAGE));
      double t4 = nowNs();
      sm[r] = (t1 - t0) / (double)batch;
      sp[r] = (t3 - t2) / (double)batch / (2.0 * MPROTECT_TOGGLES);
      su[r] = (t4 - t3) / (double)batch;
    }
    free(maps);
    double *all[3] = {sm, su, sp};
    for (int k = 0; k < 3; k++) {
      out = streams[k];
      fprintf(out, "%s{\"pages\": %ld, \"stat\": ", z == 0 ? "" : ", ", pages);
      writeStat(all[k], reps, batch);
      fputs("}}", out);
    }
  }
  out = saved;
  const char *notes[3] = {
    "MAP_SHARED|MAP_POPULATE of n pages of a resident memory file (memfd): VMA setup plus page-table fill, no page allocation",
    "munmap of n present, dirty pages of a shared mapping (page-table teardown and TLB flush)",
    "mprotect of n present pages, alternating PROT_NONE and PROT_READ|PROT_WRITE, after one untimed pair (the first change of a fresh mapping is dearer); per call",
  };
  for (int k = 0; k < 3; k++) {
    fprintf(streams[k], "], \"note\": \"%s\"}", notes[k]);
    fclose(streams[k]);
    beginEntry(names[k]);
    fputs(bufs[k], out);
    free(bufs[k]);
  }
  free(sm); free(su); free(sp);
}

static void minorFault(void) {
  if (memFd < 0 && openMemoryFile() != 0) { entryUnavailable("minorFault", "memfd", errno); return; }
  long pages = batchOf(256);
  double *s = samples();
  for (long r = 0; r < reps; r++) {
    char *p = mapPages(pages, 0);
    if (p == NULL) { entryUnavailable("minorFault", "mmap", errno); free(s); return; }
    double t0 = nowNs();
    touch(p, pages);
    s[r] = (nowNs() - t0) / (double)pages;
    munmap(p, (size_t)(pages * PAGE));
  }
  entryStat("minorFault", s, reps, pages, "\"note\": \"first write to a page of a lazily mapped shared memory file: one minor fault filling one page-table entry\"");
  free(s);
}

#include "hostProbePtrace.h"

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atol(argv[++i]);
    else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) batchCap = atol(argv[++i]);
    else { fprintf(stderr, "hostProbe: unknown argument '%s' (known: --reps N, --batch N)\n", argv[i]); return 2; }
  }
  if (reps < 1 || reps > MAX_SAMPLES || batchCap < 1) { fprintf(stderr, "hostProbe: --reps must be 1..%d and --batch >= 1\n", MAX_SAMPLES); return 2; }
  out = stdout;
  alarm(300); /* never hang: the default SIGALRM action ends the probe */
  cpu_set_t allowed, one;
  int pinned = -1;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    for (int c = 0; c < CPU_SETSIZE; c++) if (CPU_ISSET(c, &allowed)) { pinned = c; break; }
    CPU_ZERO(&one);
    if (pinned >= 0) { CPU_SET(pinned, &one); if (sched_setaffinity(0, sizeof one, &one) != 0) pinned = -1; }
  }
  printf("{\"probe\": \"vmspec-host-probe\", \"version\": 1, \"reps\": %ld, \"batchCap\": %ld, \"pinnedCpu\": %d, \"pageBytes\": %ld, \"results\": {",
         reps, batchCap, pinned, PAGE);
  nullSyscall();
  contextSwitch();
  processLifetime();
  signalRoundTrip();
  signalSend();
  mappingFigures();
  minorFault();
  fflush(out);
  ptraceFigures();
  seccompFigures();
  fputs("\n}}\n", out);
  return 0;
}
