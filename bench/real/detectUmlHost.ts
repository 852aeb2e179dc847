/**
 * Can this host run (and record) User-Mode Linux? Checks the programs (UML,
 * a static busybox, gcc, strace), then boots the kernel once (umlKernel.ts):
 * a kernel is usable when it boots here, whatever the CPU. The kernel is the
 * one named, else `$VMSPEC_UML`, else the one `vmspec real setup` chose,
 * else linux.uml on PATH.
 */
import { open } from 'node:fs/promises';
import { findProgram } from './findProgram.ts';
import { defaultBusybox, defaultCc } from './rootBuilder.ts';
import { bootProbe, umlKernelInfo, type StubMode, type UmlKernel } from './umlKernel.ts';
import { selectedKernel } from './umlSetup.ts';

export { findProgram };

/** Which programs to look for. */
export interface HostOptions {
  /** The UML kernel (default: see defaultUml). */
  readonly uml?: string;
  readonly busybox?: string;
  readonly cc?: string;
  /** Also require strace (recording; timing does not need it). Default true. */
  readonly strace?: boolean;
  /** The stub mode the run needs (default: the kernel's default, ptrace). */
  readonly mode?: StubMode;
}

/** The kernel `vmspec real` uses and who chose it: `$VMSPEC_UML`, else the one `vmspec real setup` chose, else linux.uml on PATH. */
export async function umlChoice(): Promise<{ readonly name: string; readonly source: string; readonly setupChose: boolean }> {
  const env = process.env['VMSPEC_UML'];
  if (env) return { name: env, source: '$VMSPEC_UML', setupChose: false };
  const selected = await selectedKernel();
  if (selected !== null) return { name: selected.path, source: "chosen by 'vmspec real setup'", setupChose: true };
  return { name: 'linux.uml', source: 'linux.uml on PATH', setupChose: false };
}

/** The kernel to use (see umlChoice). */
export async function defaultUml(): Promise<string> {
  return (await umlChoice()).name;
}

/** True when the ELF file at `path` has no program interpreter (statically linked); null when it is not a 64-bit ELF file. */
export async function isStaticElf(path: string): Promise<boolean | null> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(64);
    await file.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) return null;
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    await file.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3 /* PT_INTERP */) return false;
    return true;
  } finally {
    await file.close();
  }
}

/** What to do when the kernel does not boot here. */
const SETUP_HINT = "run 'vmspec real setup' for a UML kernel that boots here (UML 7 from Debian unstable, in a private prefix)";

/** Whether UML can run here, or exactly why not. */
export async function detectUmlHost(options: HostOptions = {}): Promise<{ ok: true; uml: string; kernel: UmlKernel } | { ok: false; reason: string }> {
  const umlName = options.uml ?? (await defaultUml());
  const uml = await findProgram(umlName);
  if (uml === null) return { ok: false, reason: `'${umlName}' not found (install the Debian package user-mode-linux, or ${SETUP_HINT})` };
  const cc = options.cc ?? defaultCc();
  if ((await findProgram(cc)) === null) return { ok: false, reason: `'${cc}' not found (install gcc: the guest programs are compiled at run time)` };
  if ((options.strace ?? true) && (await findProgram('strace')) === null) return { ok: false, reason: "'strace' not found (install strace: it records the UML tracer)" };
  const busybox = options.busybox ?? defaultBusybox();
  let isStatic: boolean | null;
  try {
    isStatic = await isStaticElf(busybox);
  } catch {
    return { ok: false, reason: `'${busybox}' not found (install busybox-static)` };
  }
  if (isStatic !== true) return { ok: false, reason: `'${busybox}' is not a statically linked x86-64 program (install busybox-static)` };
  const info = await umlKernelInfo(uml);
  if (!info.ok) return info;
  if (options.mode !== undefined && !info.value.modes.includes(options.mode)) {
    return { ok: false, reason: `UML ${info.value.version} (${uml}) has no ${options.mode} stubs (seccomp stubs came with UML 6.16; ${SETUP_HINT})` };
  }
  const failure = await bootProbe(uml, { busybox, cc }, info.value.modes.length > 1 ? options.mode ?? 'ptrace' : undefined);
  if (failure !== null) return { ok: false, reason: `UML ${info.value.version} (${uml}) does not boot here: ${failure}; ${SETUP_HINT}` };
  return { ok: true, uml, kernel: { path: uml, ...info.value } };
}
