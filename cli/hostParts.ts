/**
 * What `vmspec doctor` asks of this host: for each optional part (UML, strace,
 * perf, a C compiler, a static busybox), does it work here, and if not, why.
 * Each probe is quick (a version, a one-line compile, `perf stat true`);
 * only `boot` starts UML, because a boot probe takes seconds and a kernel
 * that prints its version may still die at boot (large-XSAVE CPUs).
 * Programs are looked up as `vmspec real` looks them up, so the same
 * environment overrides ($VMSPEC_UML, $VMSPEC_CC, $VMSPEC_BUSYBOX, PATH) apply.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectUmlHost, findProgram, isStaticElf, umlChoice } from '../bench/real/detectUmlHost.ts';
import { defaultBusybox, defaultCc } from '../bench/real/rootBuilder.ts';
import { runProcess } from '../bench/real/runProcess.ts';
import { umlKernelInfo } from '../bench/real/umlKernel.ts';

/** works: tried here and it ran; fails: it cannot; untested: found, but the deciding test (a boot) was not run. */
export type PartState = 'works' | 'fails' | 'untested';

/** One optional part and what doctor found. */
export interface HostPart {
  readonly part: string;
  readonly state: PartState;
  /** What was found, or why it does not work (and what to do). */
  readonly detail: string;
  /** What in vmspec needs it. */
  readonly neededBy: string;
}

const SETUP_HINT = "install user-mode-linux, or run 'vmspec real setup' for a UML 7 kernel that boots here";
const firstLine = (text: string): string => text.trim().split('\n')[0]?.trim().slice(0, 100) ?? '';

/** UML: found, its version and stub modes; with `boot`, whether it boots here in each mode. */
export async function umlPart(boot: boolean): Promise<HostPart> {
  const neededBy = 'vmspec real (record, counts, time, compare)';
  const choice = await umlChoice();
  const path = await findProgram(choice.name);
  if (path === null) return { part: 'UML', state: 'fails', detail: `'${choice.name}' (${choice.source}) not found; ${SETUP_HINT}`, neededBy };
  const info = await umlKernelInfo(path);
  if (!info.ok) return { part: 'UML', state: 'fails', detail: `${info.reason}; ${SETUP_HINT}`, neededBy };
  const found = `UML ${info.value.version} at ${path} (${choice.source}), stub modes: ${info.value.modes.join(', ')}`;
  if (!boot) {
    // real setup keeps a kernel only after booting it here, so its choice is known to work.
    if (choice.setupChose) return { part: 'UML', state: 'works', detail: `${found}; real setup boot-probed it`, neededBy };
    return { part: 'UML', state: 'untested', detail: `${found}; not booted (doctor --boot boots it: Debian's 6.1 and 6.12 die on CPUs with a large XSAVE area, such as AMX)`, neededBy };
  }
  // One mode after the other: two UML boots at once on a busy 2-core host could miss the probe's deadline.
  const results: (readonly [string, Awaited<ReturnType<typeof detectUmlHost>>])[] = [];
  for (const mode of info.value.modes) results.push([mode, await detectUmlHost({ uml: path, strace: false, mode })]);
  const failed = results.filter(([, r]) => !r.ok);
  if (failed.length === 0) return { part: 'UML', state: 'works', detail: `${found}; boots here in ${info.value.modes.join(' and ')} mode`, neededBy };
  const why = failed.map(([mode, r]) => `${mode}: ${r.ok ? '' : r.reason}`).join('; ');
  return { part: 'UML', state: failed.length < results.length ? 'works' : 'fails', detail: `${found}; does not boot in ${why}`, neededBy };
}

/** strace: found and runs (`strace -V`). */
export async function stracePart(): Promise<HostPart> {
  const neededBy = 'vmspec real record and counts; recording your own program for vmspec predict';
  const path = await findProgram('strace');
  if (path === null) return { part: 'strace', state: 'fails', detail: "'strace' not found on PATH (install strace)", neededBy };
  const run = await runProcess(path, ['-V'], 10_000);
  if (run.code !== 0) return { part: 'strace', state: 'fails', detail: `'${path} -V' failed (${run.spawnError ?? `exit ${run.code}`})`, neededBy };
  return { part: 'strace', state: 'works', detail: `${firstLine(run.output)} at ${path}`, neededBy };
}

/** perf: `perf stat -e instructions true` counts instructions (a VM often has no hardware counters). */
export async function perfPart(): Promise<HostPart> {
  const neededBy = "vmspec real counts --vmm gvisor (perf trace); hardware counters";
  const path = await findProgram('perf');
  if (path === null) return { part: 'perf', state: 'fails', detail: "'perf' not found on PATH (install linux-perf)", neededBy };
  const run = await runProcess(path, ['stat', '-e', 'instructions', 'true'], 15_000);
  const counted = /^\s*[\d,.]+\s+instructions/m.test(run.output);
  if (run.code === 0 && counted) return { part: 'perf', state: 'works', detail: `'perf stat -e instructions true' counts instructions (${path})`, neededBy };
  const why = /<not supported>|<not counted>/.exec(run.output)?.[0] ?? (run.spawnError ?? (run.code === 0 ? 'no count printed' : `exit ${run.code}: ${firstLine(run.output)}`));
  return { part: 'perf', state: 'fails', detail: `'perf stat -e instructions true' gave ${why} (no hardware counters here, or perf_event_paranoid forbids them)`, neededBy };
}

/** A C compiler that links statically (the guest programs are static; calibrate's probe is an ordinary program). */
export async function compilerPart(): Promise<HostPart> {
  const neededBy = 'vmspec calibrate (its probe) and vmspec real (the guest programs, linked -static)';
  const cc = defaultCc();
  const path = await findProgram(cc);
  if (path === null) return { part: 'C compiler', state: 'fails', detail: `'${cc}' not found (install gcc, or set $VMSPEC_CC)`, neededBy };
  const base = join(tmpdir(), `vmspec-doctor-${process.pid}-${Date.now()}`);
  try {
    await writeFile(`${base}.c`, 'int main(void) { return 0; }\n');
    const run = await runProcess(path, ['-static', '-o', base, `${base}.c`], 60_000);
    if (run.code === 0) return { part: 'C compiler', state: 'works', detail: `${path} compiles a static program`, neededBy };
    const plain = await runProcess(path, ['-o', base, `${base}.c`], 60_000);
    const detail = plain.code === 0
      ? `${path} compiles, but not -static (install libc6-dev's static libc): calibrate works, vmspec real does not`
      : `${path} cannot compile a one-line C program (${run.spawnError ?? firstLine(run.output)})`;
    return { part: 'C compiler', state: 'fails', detail, neededBy };
  } finally {
    await rm(base, { force: true });
    await rm(`${base}.c`, { force: true });
  }
}

/** A statically linked busybox (the guest's shell and tools). */
export async function busyboxPart(): Promise<HostPart> {
  const neededBy = "vmspec real (the guest's shell and the pipeline workload)";
  const busybox = defaultBusybox();
  let isStatic: boolean | null;
  try {
    isStatic = await isStaticElf(busybox);
  } catch {
    return { part: 'busybox', state: 'fails', detail: `'${busybox}' not found (install busybox-static, or set $VMSPEC_BUSYBOX)`, neededBy };
  }
  if (isStatic !== true) return { part: 'busybox', state: 'fails', detail: `'${busybox}' is not a statically linked x86-64 program (install busybox-static)`, neededBy };
  return { part: 'busybox', state: 'works', detail: `${busybox} is statically linked`, neededBy };
}

/** Every part, in the order doctor prints them. */
export async function hostParts(options: { readonly boot: boolean }): Promise<readonly HostPart[]> {
  // The quick probes run together; a boot probe builds a root and compiles, so it goes alone after them.
  const quick = await Promise.all([stracePart(), perfPart(), compilerPart(), busyboxPart()]);
  return [await umlPart(options.boot), ...quick];
}
