/*
 * vmspec native runner (issue 14): runs a command RUNS times without strace and prints, per run, the wall
 * time and what getrusage says of it and every descendant it waited for: minor and major page faults, user
 * and system time. Built at run time by `vmspec predict --run`; prints one JSON object on stdout (the program's
 * own stdout goes to /dev/null).
 * Usage: nativeRun RUNS COMMAND [ARG...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double nowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double us(struct timeval t) { return (double)t.tv_sec * 1e6 + (double)t.tv_usec; }

int main(int argc, char **argv) {
  if (argc < 3 || atol(argv[1]) < 1) { fprintf(stderr, "nativeRun: usage: nativeRun RUNS COMMAND [ARG...]\n"); return 2; }
  long runs = atol(argv[1]);
  printf("{\"runner\": \"vmspec-native-run\", \"version\": 1, \"runs\": [");
  for (long r = 0; r < runs; r++) {
    double t0 = nowNs();
    pid_t child = fork();
    if (child < 0) { fprintf(stderr, "nativeRun: fork: %s\n", strerror(errno)); return 70; }
    if (child == 0) {
      /* stdout is the runner's JSON: the program's own output goes to /dev/null (a recorded program's writes stay
       * writes, just cheap ones; one that writes to a file by redirection is not affected). */
      int devNull = open("/dev/null", O_WRONLY);
      if (devNull < 0 || dup2(devNull, STDOUT_FILENO) < 0) { fprintf(stderr, "nativeRun: /dev/null: %s\n", strerror(errno)); _exit(127); }
      close(devNull);
      execvp(argv[2], argv + 2);
      fprintf(stderr, "nativeRun: cannot run '%s': %s\n", argv[2], strerror(errno));
      _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(child, &status, 0, &ru) != child) { fprintf(stderr, "nativeRun: wait4: %s\n", strerror(errno)); return 70; }
    double wall = nowNs() - t0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%s{\"wallUs\": %.1f, \"minorFaults\": %ld, \"majorFaults\": %ld, \"userUs\": %.0f, \"systemUs\": %.0f, \"exit\": %d}",
           r == 0 ? "" : ", ", wall / 1e3, ru.ru_minflt, ru.ru_majflt, us(ru.ru_utime), us(ru.ru_stime), code);
    fflush(stdout);
  }
  printf("]}\n");
  return 0;
}
