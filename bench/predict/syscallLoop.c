/*
 * vmspec strace-overhead loop (issue 14, item 4): times N getppid calls and prints ns per call. `vmspec
 * predict` runs it natively and under strace; the difference is what strace adds to each traced syscall.
 * Usage: syscallLoop N
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 0;
  if (n < 1) { fprintf(stderr, "syscallLoop: usage: syscallLoop N\n"); return 2; }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++) syscall(SYS_getppid);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.1f\n", ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)n);
  return 0;
}
