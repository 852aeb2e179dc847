/**
 * The arguments the `vmspec real …` commands share: the workload, the VMM,
 * one iteration count or a pair N1,N2, each read with a one-line error.
 */
import { GVISOR_WORKLOADS, STUB_MODES, UML_WORKLOADS, type StubMode, type UmlWorkload } from '../bench/real/index.ts';
import { lastValue, parseCount, type ParsedArgs } from './args.ts';
import type { OptionSpec } from './commandSpec.ts';
import { unknownName } from './suggest.ts';
import { WORKLOAD_ALIASES } from './workloadAliases.ts';

/** The real VMMs that can be recorded. */
export const REAL_VMMS = ['uml', 'gvisor'] as const;
export type RealVmm = (typeof REAL_VMMS)[number];

export const VMM_OPTION: OptionSpec = { flag: '--vmm', value: 'VMM', description: `the real VMM: ${REAL_VMMS.join(', ')} (gVisor runsc --platform=ptrace: counts and time only, not the pipeline)`, default: 'uml' };

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** The one WORKLOAD argument; an emulator workload's name (`vmspec record`) stands for its real twin. */
export function workloadArg(args: ParsedArgs): Read<UmlWorkload> {
  const [given, extra] = args.positional;
  const name = Object.entries(WORKLOAD_ALIASES).find(([, emulator]) => emulator === given)?.[0] ?? given;
  if (name === undefined) return { ok: false, error: `missing WORKLOAD (one of ${UML_WORKLOADS.join(', ')})` };
  if (extra !== undefined) return { ok: false, error: `unexpected argument '${extra}' (one WORKLOAD at a time)` };
  const known = UML_WORKLOADS.find((w) => w === name);
  return known === undefined ? { ok: false, error: unknownName('workload', name, UML_WORKLOADS) } : { ok: true, value: known };
}

/** `--vmm`, checked against the workload (gVisor runs the guest program alone: no pipeline). */
export function vmmOption(args: ParsedArgs, workload: UmlWorkload): Read<RealVmm> {
  const name = lastValue(args, '--vmm') ?? 'uml';
  const known = REAL_VMMS.find((v) => v === name);
  if (known === undefined) return { ok: false, error: unknownName('VMM', name, REAL_VMMS) };
  if (known === 'gvisor' && !GVISOR_WORKLOADS.includes(workload)) return { ok: false, error: `the ${workload} workload runs on UML only (gvisor: ${GVISOR_WORKLOADS.join(', ')})` };
  return { ok: true, value: known };
}

const MAX_ITERATIONS = 10_000_000;

function iterations(name: string, text: string): Read<number> {
  const parsed = parseCount(name, text);
  if (!parsed.ok) return parsed;
  if (parsed.value < 1 || parsed.value > MAX_ITERATIONS) return { ok: false, error: `option '${name}' must be between 1 and ${MAX_ITERATIONS}, got ${text}` };
  return parsed;
}

/** `--iterations N`. */
export function iterationsOption(args: ParsedArgs, fallback: number): Read<number> {
  const text = lastValue(args, '--iterations');
  return text === undefined ? { ok: true, value: fallback } : iterations('--iterations', text);
}

/** `--iterations N1,N2` with N1 < N2. */
export function iterationPairOption(args: ParsedArgs, fallback: readonly [number, number]): Read<readonly [number, number]> {
  const text = lastValue(args, '--iterations');
  if (text === undefined) return { ok: true, value: fallback };
  const parts = text.split(',');
  if (parts.length !== 2) return { ok: false, error: `option '--iterations' needs two lengths N1,N2, got '${text}'` };
  const n1 = iterations('--iterations', parts[0]!);
  if (!n1.ok) return n1;
  const n2 = iterations('--iterations', parts[1]!);
  if (!n2.ok) return n2;
  if (n1.value >= n2.value) return { ok: false, error: `option '--iterations' needs N1 < N2, got '${text}'` };
  return { ok: true, value: [n1.value, n2.value] };
}

/** `--iterations N1,N2`, as counts and time declare it. */
export const PAIR_OPTION: OptionSpec = { flag: '--iterations', value: 'N1,N2', description: 'the two lengths', default: 'per workload, e.g. 1000,5000 for getpid' };

/** WORKLOAD, `--vmm` and `--iterations N1,N2` (counts and time read the same three). */
export function pairedRunArgs(args: ParsedArgs, defaults: Readonly<Record<UmlWorkload, readonly [number, number]>>):
  Read<{ readonly workload: UmlWorkload; readonly vmm: RealVmm; readonly pair: readonly [number, number] }> {
  const workload = workloadArg(args);
  if (!workload.ok) return workload;
  const vmm = vmmOption(args, workload.value);
  if (!vmm.ok) return vmm;
  const pair = iterationPairOption(args, defaults[workload.value]);
  if (!pair.ok) return pair;
  return { ok: true, value: { workload: workload.value, vmm: vmm.value, pair: pair.value } };
}

/** `--pin CPU`: run UML on that one host CPU (as the host probe runs); absent, UML runs where the host schedules it. */
export const PIN_OPTION: OptionSpec = { flag: '--pin', value: 'CPU', description: 'run UML on this one host CPU only (taskset), as the probe runs on one' };

/** The `--pin` CPU, if given. */
export function pinOption(args: ParsedArgs): Read<number | undefined> {
  const text = lastValue(args, '--pin');
  if (text === undefined) return { ok: true, value: undefined };
  if (!/^\d+$/.test(text) || Number(text) > 4095) return { ok: false, error: `option '--pin' needs a CPU number (0, 1, …), got '${text}'` };
  return { ok: true, value: Number(text) };
}

/** `--mode ptrace|seccomp`: UML's stub mode. */
export const MODE_OPTION: OptionSpec = { flag: '--mode', value: 'MODE', description: `UML's stub mode: ${STUB_MODES.join(' or ')} (seccomp: UML ≥ 6.16, recorded with strace -f, both sides)`, default: 'ptrace' };

/** The `--mode`, checked against the known modes. */
export function modeOption(args: ParsedArgs): Read<StubMode> {
  const name = lastValue(args, '--mode') ?? 'ptrace';
  const known = STUB_MODES.find((m) => m === name);
  return known === undefined ? { ok: false, error: unknownName('stub mode', name, STUB_MODES) } : { ok: true, value: known };
}
