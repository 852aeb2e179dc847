/**
 * `vmspec real setup`: a UML kernel that boots on this host, without touching
 * the host's libc or system packages. The system's linux.uml is kept where it
 * boots; where it does not (Debian's 6.1 and 6.12 die on CPUs with a large
 * XSAVE area), Debian unstable's user-mode-linux (UML 7) and the libc it
 * needs are fetched with `apt-get download` (private lists and cache, no
 * root), unpacked with `dpkg-deb -x` into a private prefix, and the kernel's
 * interpreter and library path pointed there with patchelf. The choice is
 * written to PREFIX/kernel.json, which detectUmlHost reads.
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { findProgram } from './findProgram.ts';
import { buildRoot } from './rootBuilder.ts';
import { runProcess } from './runProcess.ts';
import { bootProbe, umlKernelInfo, type StubMode, type UmlKernel } from './umlKernel.ts';
import { errorCode } from '../../traces/index.ts';

/** Where `real setup` installs (default `$VMSPEC_UML_PREFIX`, else `$XDG_CACHE_HOME/vmspec/uml`, else ~/.cache/vmspec/uml). */
export const defaultUmlPrefix = (): string =>
  process.env['VMSPEC_UML_PREFIX'] || join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'vmspec', 'uml');

/** The Debian suite UML 7 comes from, and the packages it needs there. */
export const UML7_SUITE = 'unstable';
const UML7_PACKAGES = ['user-mode-linux', 'libc6'] as const;

const selectionCodec = t.type({
  path: t.string,
  version: t.string,
  modes: t.array(t.keyof({ ptrace: null, seccomp: null })),
  source: t.string,
});
/** What PREFIX/kernel.json records: the kernel chosen, and where it came from. */
export type UmlSelection = UmlKernel & { readonly source: string };

/** The kernel `real setup` chose, or null when there is none (or the file is not one of ours). */
export async function selectedKernel(prefix = defaultUmlPrefix()): Promise<UmlSelection | null> {
  let text: string;
  try {
    text = await readFile(join(prefix, 'kernel.json'), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const decoded = selectionCodec.decode(json);
  return isRight(decoded) ? decoded.right : null;
}

/** What setup did, step by step, for the command to print. */
export type SetupLog = (line: string) => void;

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A kernel at `path` that boots here with every mode it offers, or why not. */
async function usable(path: string, busybox: string): Promise<Outcome<UmlKernel>> {
  const info = await umlKernelInfo(path);
  if (!info.ok) return info;
  // One mode after the other: two boots (each compiling the guest) at once can miss the probe's deadline on 2 busy cores.
  const failures: (readonly [StubMode, string | null])[] = [];
  for (const mode of info.value.modes) failures.push([mode, await bootProbe(path, { busybox }, info.value.modes.length > 1 ? mode : undefined)]);
  const ptrace = failures.find(([mode]) => mode === 'ptrace')?.[1] ?? null;
  if (ptrace !== null) return { ok: false, reason: ptrace };
  return { ok: true, value: { path, version: info.value.version, modes: failures.filter(([, failure]) => failure === null).map(([mode]) => mode) } };
}

/** Runs a command of the install; its failure as one line. */
async function step(file: string, args: readonly string[], what: string, timeoutMs = 300_000): Promise<string | null> {
  const ran = await runProcess(file, args, timeoutMs, 1 << 22);
  if (ran.spawnError !== null) return `${what}: '${file}' could not be run (${ran.spawnError})`;
  if (ran.code !== 0) {
    const lines = ran.output.trim().split('\n').filter((l) => /^(E:|W:|dpkg|error|patchelf)/i.test(l) || l.trim() !== '');
    return `${what} failed (${file} ${ran.code === null ? 'killed' : `exit ${ran.code}`}: ${(lines.find((l) => l.startsWith('E:')) ?? lines.at(-1) ?? '').trim().slice(0, 200)})`;
  }
  return null;
}

/** apt-get options for a private state: its own sources list, lists, cache and status; nothing of the host's apt changes. */
function privateApt(dir: string, suite: string): string[] {
  return [
    '-o', `Dir::Etc::SourceList=${join(dir, 'sources.list')}`, '-o', `Dir::Etc::SourceParts=${join(dir, 'sources.list.d')}`,
    '-o', `Dir::State::Lists=${join(dir, 'lists')}`, '-o', `Dir::Cache=${join(dir, 'cache')}`, '-o', `Dir::State::status=${join(dir, 'status')}`,
    '-o', 'Debug::NoLocking=1', '-o', `APT::Default-Release=${suite}`, '-q',
  ];
}

/** Downloads `packages` of Debian `suite` into `dir` (the .deb files), or says why not. */
async function downloadDebs(dir: string, suite: string, packages: readonly string[]): Promise<Outcome<string[]>> {
  const apt = await findProgram('apt-get');
  if (apt === null) return { ok: false, reason: "'apt-get' not found: fetching UML 7 needs Debian's apt (or set VMSPEC_UML to a kernel that boots here)" };
  await mkdir(join(dir, 'sources.list.d'), { recursive: true });
  await mkdir(join(dir, 'lists', 'partial'), { recursive: true });
  await mkdir(join(dir, 'cache', 'archives', 'partial'), { recursive: true });
  await writeFile(join(dir, 'status'), '');
  await writeFile(join(dir, 'sources.list'), `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${suite} main\n`);
  const options = privateApt(dir, suite);
  const updated = await step(apt, [...options, 'update'], `apt-get update (Debian ${suite})`);
  if (updated !== null) return { ok: false, reason: updated };
  const before = new Set(await readdir(dir));
  const fetched = await runProcess('sh', ['-c', `cd "$1" && shift && exec "$@"`, 'sh', dir, apt, ...options, 'download', ...packages], 600_000, 1 << 22);
  if (fetched.code !== 0) return { ok: false, reason: `apt-get download ${packages.join(' ')} (Debian ${suite}) failed: ${fetched.output.trim().split('\n').find((l) => l.startsWith('E:'))?.slice(0, 200) ?? `exit ${fetched.code}`}` };
  const debs = (await readdir(dir)).filter((f) => f.endsWith('.deb') && !before.has(f));
  return debs.length === packages.length ? { ok: true, value: debs.map((f) => join(dir, f)) } : { ok: false, reason: `apt-get download left ${debs.length} packages, expected ${packages.length}` };
}

/** patchelf from PATH, else Debian's (the host's own suite) unpacked into the prefix. */
async function patchelf(prefix: string): Promise<Outcome<string>> {
  const onPath = await findProgram('patchelf');
  if (onPath !== null) return { ok: true, value: onPath };
  const dir = join(prefix, 'patchelf');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const fetched = await runProcess('sh', ['-c', 'cd "$1" && apt-get -q download patchelf', 'sh', dir], 300_000);
  if (fetched.code !== 0) return { ok: false, reason: `patchelf is not installed and 'apt-get download patchelf' failed (install the Debian package patchelf)` };
  const deb = (await readdir(dir)).find((f) => f.endsWith('.deb'));
  if (deb === undefined) return { ok: false, reason: 'apt-get download patchelf left no package' };
  const unpacked = await step('dpkg-deb', ['-x', join(dir, deb), join(dir, 'root')], 'unpacking patchelf');
  return unpacked === null ? { ok: true, value: join(dir, 'root', 'usr', 'bin', 'patchelf') } : { ok: false, reason: unpacked };
}

/** Fetches UML 7 and its libc into `prefix`; the patched kernel's path. */
async function installUml7(prefix: string, log: SetupLog): Promise<Outcome<{ path: string; source: string }>> {
  const downloads = join(prefix, 'downloads');
  await rm(downloads, { recursive: true, force: true });
  log(`fetching ${UML7_PACKAGES.join(' and ')} from Debian ${UML7_SUITE} (apt-get download, private state in ${downloads})`);
  const debs = await downloadDebs(downloads, UML7_SUITE, UML7_PACKAGES);
  if (!debs.ok) return debs;
  const root = join(prefix, 'root');
  await rm(root, { recursive: true, force: true });
  for (const deb of debs.value) {
    const unpacked = await step('dpkg-deb', ['-x', deb, root], `unpacking ${deb}`);
    if (unpacked !== null) return { ok: false, reason: unpacked };
  }
  const tool = await patchelf(prefix);
  if (!tool.ok) return tool;
  const libDir = join(root, 'usr', 'lib', 'x86_64-linux-gnu');
  const kernel = join(prefix, 'linux.uml');
  await copyFile(join(root, 'usr', 'bin', 'linux.uml'), kernel);
  log(`pointing ${kernel} at its own libc (${libDir}) with patchelf`);
  const patched = await step(tool.value, ['--set-interpreter', join(libDir, 'ld-linux-x86-64.so.2'), '--set-rpath', libDir, kernel], 'patchelf');
  if (patched !== null) return { ok: false, reason: patched };
  const names = debs.value.map((d) => d.split('/').at(-1)!.replace(/\.deb$/, '')).join(', ');
  await rm(downloads, { recursive: true, force: true });
  return { ok: true, value: { path: kernel, source: `Debian ${UML7_SUITE}: ${names}` } };
}

/** What setup needs besides apt: a static busybox to boot the probe on. */
export interface SetupOptions {
  readonly prefix?: string;
  readonly busybox: string;
  /** Fetch UML 7 even when the system's kernel boots (both versions, then). */
  readonly force?: boolean;
  readonly log: SetupLog;
}

/** Chooses (and if need be installs) a kernel that boots here; writes PREFIX/kernel.json. */
export async function setupUml(options: SetupOptions): Promise<Outcome<UmlSelection>> {
  const prefix = options.prefix ?? defaultUmlPrefix();
  if (prefix === '') return { ok: false, reason: 'the prefix is empty (give a directory)' };
  try {
    await mkdir(prefix, { recursive: true });
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: `cannot make the prefix '${prefix.slice(0, 200)}' (${code})` };
  }
  // The probe runs the guest program: a root that cannot be built says nothing about the kernel, so stop here.
  const root = await buildRoot({ busybox: options.busybox });
  if (!root.ok) return { ok: false, reason: `cannot build the guest root a kernel is tried on: ${root.reason}` };
  await root.root.remove();
  const choose = async (kernel: UmlKernel, source: string): Promise<Outcome<UmlSelection>> => {
    const selection: UmlSelection = { ...kernel, source };
    await writeFile(join(prefix, 'kernel.json'), `${JSON.stringify(selection, null, 2)}\n`);
    return { ok: true, value: selection };
  };
  if (options.force !== true) {
    const system = await findProgram('linux.uml');
    if (system !== null) {
      const found = await usable(system, options.busybox);
      if (found.ok) {
        options.log(`${system} (UML ${found.value.version}) boots here; using it`);
        return choose(found.value, 'the system (Debian user-mode-linux)');
      }
      options.log(`${system} does not boot here: ${found.reason}`);
    }
    const cached = await selectedKernel(prefix);
    if (cached !== null && cached.path.startsWith(prefix)) {
      const found = await usable(cached.path, options.busybox);
      if (found.ok) {
        options.log(`${cached.path} (UML ${found.value.version}, ${cached.source}) is installed and boots here`);
        return choose(found.value, cached.source);
      }
    }
  }
  const installed = await installUml7(prefix, options.log);
  if (!installed.ok) return installed;
  const found = await usable(installed.value.path, options.busybox);
  if (!found.ok) return { ok: false, reason: `the UML kernel installed from ${installed.value.source} does not boot either: ${found.reason}` };
  options.log(`${found.value.path} (UML ${found.value.version}, stub modes ${found.value.modes.join(' and ')}) boots here`);
  return choose(found.value, installed.value.source);
}

