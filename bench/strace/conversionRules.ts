/**
 * What the strace converter makes of each kind of recorded call, as data
 * (issue 21): docs/paper.md's description of the converter is generated from
 * these rules, and a test runs each rule's example through `toWorkload` and
 * checks the guest calls it says, so the description cannot drift from the
 * converter.
 */

/** One rule: what is recorded, what it becomes, and a log that shows it. */
export interface ConversionRule {
  /** The recorded call(s), as a reader names them. */
  readonly recorded: string;
  /** What the converter makes of them. */
  readonly becomes: string;
  /** A `strace -f -ttt -T` log (pid, stamp, call) that shows the rule; its root process is pid 1. */
  readonly example: readonly string[];
  /** The guest calls of the root process the example becomes, in order (`fork:[…]` a fork with its child's calls). */
  readonly guestCalls: readonly string[];
}

const EXIT = '1 1700000009.000000 exit_group(0) = ?';

/** Every rule, in the order the docs list them. */
export const CONVERSION_RULES: readonly ConversionRule[] = [
  {
    recorded: 'I/O that did not block (`read`, `write`, `recvfrom`, `sendto`, …)',
    becomes: 'a guest `write` to the console or `read` from it of at most 64 words (the read is answered at once: EBADF, the same mediation cost, no copy)',
    example: ['1 1700000000.000000 write(1, "abc", 3) = 3 <0.000005>', '1 1700000000.000100 read(3, "x", 1) = 1 <0.000005>', EXIT],
    guestCalls: ['write', 'read', 'exit'],
  },
  {
    recorded: 'a call that blocked (on a pipe, socket, terminal, `wait4`, `poll`, … for ≥ 100 µs; never a regular file)',
    becomes: 'a disk read that blocks until the disk interrupt, which forces a guest context switch or idle',
    example: ['1 1700000000.000000 pipe2([3, 4], 0) = 0 <0.000005>', '1 1700000000.000100 read(3, "q", 1) = 1 <0.002000>', EXIT],
    guestCalls: ['getpid', 'read', 'exit'],
  },
  {
    recorded: '`fork`, or `clone`/`clone3` without `CLONE_VM`',
    becomes: 'a guest `fork` whose child runs the child\'s converted calls',
    example: ['1 1700000000.000000 clone(child_stack=NULL, flags=SIGCHLD) = 2 <0.000010>', '2 1700000000.000100 write(1, "x", 1) = 1 <0.000005>', '2 1700000000.000200 exit_group(0) = ?', EXIT],
    guestCalls: ['fork:[write,exit]', 'exit'],
  },
  {
    recorded: '`vfork`, or `clone` with `CLONE_VM|CLONE_VFORK`',
    becomes: 'the child runs in its parent\'s memory until its exec (a null syscall marks the spawn), then is a process of its own (a guest `fork`)',
    example: [
      '1 1700000000.000000 vfork() = 2 <0.000300>',
      '2 1700000000.000100 close(3) = 0 <0.000005>',
      '2 1700000000.000200 execve("/bin/true", ["true"], 0x1 /* 1 var */) = 0 <0.000050>',
      '2 1700000000.000400 exit_group(0) = ?',
      EXIT,
    ],
    guestCalls: ['getpid', 'getpid', 'fork:[brk,brk,exit]', 'exit'],
  },
  {
    recorded: 'a thread (`clone` with `CLONE_VM`, no `CLONE_VFORK`)',
    becomes: 'its calls run in its creator\'s memory, in its creator (a null syscall marks the spawn; no process and no guest switch of its own)',
    example: [
      '1 1700000000.000000 clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, parent_tid=[2]) = 2 <0.000020>',
      '2 1700000000.000100 write(1, "x", 1) = 1 <0.000005>',
      '2 1700000000.000200 exit(0) = ?',
      EXIT,
    ],
    guestCalls: ['getpid', 'write', 'exit'],
  },
  {
    recorded: 'an `execve` that succeeded',
    becomes: 'the heap torn down and built again (`brk` down, `brk` up), so its pages fault in again; a failed `execve` is a null syscall',
    example: ['1 1700000000.000000 execve("/bin/sh", ["sh"], 0x1 /* 1 var */) = 0 <0.000020>', '1 1700000000.000100 execve("/nope", ["nope"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory) <0.000010>', EXIT],
    guestCalls: ['brk', 'brk', 'getpid', 'exit'],
  },
  {
    recorded: '`wait4`/`waitpid`/`waitid` that reaped a child',
    becomes: 'a guest `wait` (one that reaped nothing is a null syscall)',
    example: [
      '1 1700000000.000000 clone(child_stack=NULL, flags=SIGCHLD) = 2 <0.000010>',
      '2 1700000000.000100 exit_group(0) = ?',
      '1 1700000000.000200 wait4(-1, NULL, WNOHANG, NULL) = 2 <0.000005>',
      EXIT,
    ],
    guestCalls: ['fork:[exit]', 'wait', 'exit'],
  },
  {
    recorded: '`exit`/`exit_group`',
    becomes: 'a guest `exit` with its status',
    example: ['1 1700000000.000000 exit_group(3) = ?'],
    guestCalls: ['exit'],
  },
  {
    recorded: 'every other call (`openat`, `newfstatat`, `mmap`, `close`, …)',
    becomes: 'a null syscall (`getpid`); `vmspec predict` lists these calls by name with their counts and the price given to each',
    example: ['1 1700000000.000000 openat(AT_FDCWD, "a", O_RDONLY) = 3 <0.000010>', '1 1700000000.000100 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f0000000000 <0.000005>', EXIT],
    guestCalls: ['getpid', 'getpid', 'exit'],
  },
];

/** The rules as the Markdown list docs/paper.md carries. */
export function conversionRulesMarkdown(): string {
  return CONVERSION_RULES.map((r) => `  * ${r.recorded}: ${r.becomes}.`).join('\n');
}
