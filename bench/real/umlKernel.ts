/**
 * A User-Mode Linux kernel as found on this host: its version, the stub modes
 * it offers, and whether it boots here. Usability is decided by booting it on
 * the guest root and running two workloads, never by CPUID arithmetic:
 * Debian's 6.1 and 6.12 die on CPUs whose XSAVE area exceeds the buffer they
 * pass to ptrace (once a process touches the wide registers), UML 7 does not,
 * and the next kernel may differ again.
 */
import { stat } from 'node:fs/promises';
import { bootUml } from './bootUml.ts';
import { buildRoot, type RootOptions } from './rootBuilder.ts';
import { runProcess } from './runProcess.ts';
import type { StubMode } from './stubMode.ts';

export { modeArgs, STUB_MODES, type StubMode } from './stubMode.ts';

/** A kernel that boots here. */
export interface UmlKernel {
  readonly path: string;
  /** What `linux.uml --version` prints, e.g. `6.1.176` or `7.2.7`. */
  readonly version: string;
  /** The stub modes it offers (seccomp only where its `--help` names `seccomp=`). */
  readonly modes: readonly StubMode[];
}

type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * `path` as the file it is now: `real setup` may put a new kernel where one was tried before in the same process, and
 * what was learnt of the old one must not answer for the new one.
 */
async function fileIdentity(path: string): Promise<string> {
  try {
    const { mtimeMs, size, ino } = await stat(path);
    return `${path}\0${ino}\0${size}\0${mtimeMs}`;
  } catch {
    return `${path}\0absent`;
  }
}

const described = new Map<string, Promise<Found<Omit<UmlKernel, 'path'>>>>();

/** Version and modes, from `--version` and `--help` (neither boots); asked once per kernel file. */
export async function umlKernelInfo(path: string): Promise<Found<Omit<UmlKernel, 'path'>>> {
  const key = await fileIdentity(path);
  let result = described.get(key);
  if (result === undefined) {
    result = describe(path);
    described.set(key, result);
  }
  return result;
}

async function describe(path: string): Promise<Found<Omit<UmlKernel, 'path'>>> {
  const version = await runProcess(path, ['--version'], 20_000);
  if (version.spawnError !== null) return { ok: false, reason: `'${path}' could not be run (${version.spawnError})` };
  const text = version.output.trim().split('\n').at(-1)?.trim() ?? '';
  if (version.code !== 0 || !/^\d+\.\d+(\.\d+)?/.test(text)) {
    return { ok: false, reason: `'${path} --version' did not print a kernel version (${version.code === null ? 'killed' : `exit ${version.code}`}: '${text.slice(0, 120)}')` };
  }
  const help = await runProcess(path, ['--help'], 20_000);
  const modes: StubMode[] = help.output.includes('seccomp=') ? ['ptrace', 'seccomp'] : ['ptrace'];
  return { ok: true, value: { version: text, modes } };
}

const probed = new Map<string, Promise<string | null>>();

/**
 * Boots `path` once on a root built from `root` (the guest program compiled, as every workload runs it), running a
 * getpid and a fork workload: a kernel that only boots is not enough (Debian's 6.1 reaches init on a large-XSAVE CPU
 * and dies at the first process that touches the wide registers). Null when it ran them, else why not. Memoised per
 * kernel file, mode and root programs.
 */
export async function bootProbe(path: string, root: RootOptions, mode?: StubMode): Promise<string | null> {
  const key = `${await fileIdentity(path)}\0${root.busybox ?? ''}\0${root.cc ?? ''}\0${mode ?? ''}`;
  let result = probed.get(key);
  if (result === undefined) {
    result = probeOnce(path, root, mode);
    probed.set(key, result);
  }
  return result;
}

async function probeOnce(path: string, rootOptions: RootOptions, mode: StubMode | undefined): Promise<string | null> {
  const built = await buildRoot(rootOptions);
  if (!built.ok) return built.reason;
  try {
    for (const workload of ['getpid', 'fork'] as const) {
      const booted = await bootUml(built.root, { uml: path, workload, iterations: 2, timeoutMs: 60_000, ...(mode === undefined ? {} : { mode }) });
      if (!booted.ok) return `${mode === undefined ? '' : `(${mode} stubs) `}${booted.reason}`;
    }
    return null;
  } finally {
    await built.root.remove();
  }
}
