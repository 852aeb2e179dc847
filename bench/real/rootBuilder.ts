/**
 * Builds the guest root a UML boot runs from: a temporary directory with the
 * host's static busybox, the guest workloads compiled from `guest/vmspecGuest.c`
 * with `gcc -static` (never a committed binary), and an init that runs one
 * named workload N times between console markers and powers off.
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './runProcess.ts';
import { errorCode } from '../../traces/index.ts';

/** The workloads a guest can run. */
export const UML_WORKLOADS = ['getpid', 'pingpong', 'fork', 'pipeline'] as const;
export type UmlWorkload = (typeof UML_WORKLOADS)[number];

/** What one iteration of each workload is, for help texts and reports. */
export const WORKLOAD_ITERATION: Readonly<Record<UmlWorkload, string>> = {
  getpid: 'one getpid (syscall(SYS_getpid))',
  pingpong: 'one round: parent writes a byte to the child over a pipe, the child writes it back',
  fork: 'one fork, the child _exit(0)s, the parent waitpid()s',
  pipeline: "one busybox shell pipeline 'seq 3 | cat | wc -l'",
};

/** The guest program's C source. */
export const GUEST_SOURCE = fileURLToPath(new URL('./guest/vmspecGuest.c', import.meta.url));

/** A built root; `remove` deletes it (and UML's run directory beside it). */
export interface GuestRoot {
  /** The directory UML mounts as / (hostfs). */
  readonly dir: string;
  /** Where UML keeps its per-run files (`uml_dir=`), so nothing lands in ~/.uml. */
  readonly umlDir: string;
  /** The guest program, built static: its ELF file gives the emulator the same program image (elfImage.ts). */
  readonly program: string;
  readonly remove: () => Promise<void>;
}

/** Which host programs the root is built from. */
export interface RootOptions {
  /** A statically linked busybox (default `$VMSPEC_BUSYBOX`, else /bin/busybox). */
  readonly busybox?: string;
  /** The C compiler (default `$VMSPEC_CC`, else gcc). */
  readonly cc?: string;
}

export const defaultBusybox = (): string => process.env['VMSPEC_BUSYBOX'] || '/bin/busybox';
export const defaultCc = (): string => process.env['VMSPEC_CC'] || 'gcc';

/** The init script: `init WORKLOAD N` (the arguments after `--` on UML's command line). */
export const INIT_SCRIPT = `#!/bin/busybox sh
# vmspec guest init: one workload between markers, then power off.
w="$1"
n="$2"
if [ "$w" = pipeline ]; then
  echo "VMSPEC-BEGIN pipeline $n pid=$$"
  start=$(/vmspecGuest now)
  i=0
  while [ "$i" -lt "$n" ]; do
    /bin/busybox seq 3 | /bin/busybox cat | /bin/busybox wc -l > /dev/null
    i=$((i + 1))
  done
  end=$(/vmspecGuest now)
  echo "VMSPEC-END $((end - start))"
elif [ "$w" = maps ]; then
  /bin/busybox mount -t proc proc /proc
  /vmspecGuest maps 0
else
  /vmspecGuest "$w" "$n"
fi
/bin/busybox poweroff -f
`;

/** Builds a root in a fresh temporary directory, or says why it cannot. */
export async function buildRoot(options: RootOptions = {}): Promise<{ ok: true; root: GuestRoot } | { ok: false; reason: string }> {
  const base = await mkdtemp(join(tmpdir(), 'vmspec-uml-'));
  const remove = () => rm(base, { recursive: true, force: true });
  const dir = join(base, 'root');
  const umlDir = join(base, 'uml');
  try {
    await mkdir(join(dir, 'bin'), { recursive: true });
    await mkdir(join(dir, 'dev'));
    await mkdir(join(dir, 'proc'));
    await mkdir(join(dir, 'tmp'));
    await mkdir(umlDir);
    const busybox = options.busybox ?? defaultBusybox();
    try {
      await copyFile(busybox, join(dir, 'bin', 'busybox'));
    } catch (error) {
      await remove();
      const code = errorCode(error);
      return { ok: false, reason: `cannot copy busybox from '${busybox}' (${code}); install busybox-static` };
    }
    await chmod(join(dir, 'bin', 'busybox'), 0o755);
    await writeFile(join(dir, 'init'), INIT_SCRIPT, { mode: 0o755 });
    const cc = options.cc ?? defaultCc();
    const built = await runProcess(cc, ['-static', '-O2', '-std=gnu11', '-o', join(dir, 'vmspecGuest'), GUEST_SOURCE], 120_000);
    if (built.spawnError !== null) {
      await remove();
      return { ok: false, reason: `no C compiler: '${cc}' could not be run (${built.spawnError}); install gcc` };
    }
    if (built.code !== 0) {
      await remove();
      const first = built.output.trim().split('\n')[0] ?? '';
      return { ok: false, reason: `'${cc} -static' could not build the guest program: ${first || `exit ${built.code ?? 'by signal'}`}` };
    }
    return { ok: true, root: { dir, umlDir, program: join(dir, 'vmspecGuest'), remove } };
  } catch (error) {
    await remove();
    throw error;
  }
}
