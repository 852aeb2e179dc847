/**
 * Can this host run (and record) User-Mode Linux? Checks the programs (UML,
 * a static busybox, gcc, strace), and the XSAVE area size: Debian's UML 6.1
 * passes a 2696-byte buffer to PTRACE_GETREGSET NT_X86_XSTATE, so on a CPU
 * whose area is larger it dies at boot with `ptrace set fp regs failed, errno 14`.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultBusybox, defaultCc } from './rootBuilder.ts';
import { runProcess } from './runProcess.ts';

/** The XSAVE buffer, in bytes, that Debian's linux.uml 6.1 hands to ptrace. */
export const UML_XSAVE_BUFFER_BYTES = 2696;

/** Which programs to look for. */
export interface HostOptions {
  /** The UML kernel (default `$VMSPEC_UML`, else linux.uml on PATH). */
  readonly uml?: string;
  readonly busybox?: string;
  readonly cc?: string;
  /** Also require strace (recording; timing does not need it). Default true. */
  readonly strace?: boolean;
}

export const defaultUml = (): string => process.env['VMSPEC_UML'] || 'linux.uml';

/** The program's path, if `name` (a path, or a name looked up on PATH) is executable. */
export async function findProgram(name: string): Promise<string | null> {
  const candidates = name.includes('/') ? [name] : (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
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

/** This CPU's XSAVE area size (CPUID 0xD EBX), from a tiny C program built now; or why it could not be read. */
export async function xsaveAreaBytes(cc: string): Promise<{ ok: true; bytes: number } | { ok: false; reason: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vmspec-xsave-'));
  try {
    const binary = join(dir, 'xsaveSize');
    const built = await runProcess(cc, ['-O2', '-o', binary, fileURLToPath(new URL('./xsaveSize.c', import.meta.url))], 60_000);
    if (built.code !== 0) return { ok: false, reason: `'${cc}' could not build the XSAVE size check: ${built.spawnError ?? built.output.trim().split('\n')[0] ?? ''}` };
    const ran = await runProcess(binary, [], 10_000);
    const bytes = Number(ran.output.trim());
    return ran.code === 0 && Number.isInteger(bytes) ? { ok: true, bytes } : { ok: false, reason: `the XSAVE size check failed: ${ran.output.trim()}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether UML can run here, or exactly why not. */
export async function detectUmlHost(options: HostOptions = {}): Promise<{ ok: true; uml: string; xsaveBytes: number } | { ok: false; reason: string }> {
  const umlName = options.uml ?? defaultUml();
  const uml = await findProgram(umlName);
  if (uml === null) return { ok: false, reason: `'${umlName}' not found (install the Debian package user-mode-linux)` };
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
  const xsave = await xsaveAreaBytes(cc);
  if (!xsave.ok) return xsave;
  if (xsave.bytes > UML_XSAVE_BUFFER_BYTES) {
    return { ok: false, reason: `this CPU's XSAVE area is ${xsave.bytes} bytes, more than the ${UML_XSAVE_BUFFER_BYTES} bytes linux.uml passes to ptrace: it would die at boot with 'ptrace set fp regs failed, errno 14'` };
  }
  return { ok: true, uml, xsaveBytes: xsave.bytes };
}
