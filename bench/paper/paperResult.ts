/**
 * What `vmspec bench paper` produces (issue 7, item 4), as plain data: per
 * workload the modelled time and overhead vs native under each preset, the
 * host operations per guest event, and the model's error on the probe's
 * composites. The JSON file is this object.
 */
import type { HostDescription } from '../probe/calibration.ts';
import type { CostClass, HostCosts } from '../../impl/index.ts';
import type { CompositeCheck } from './predictComposites.ts';

/** The paper's cumulative presets, in order. */
export const PRESETS = ['umlinux', '+kernel-module', '+segment-bounds', '+multi-as'] as const;
/** One preset. */
export type Preset = (typeof PRESETS)[number];
/** A column of the table: native (no VMM) or a preset. */
export type Column = 'native' | Preset;
/** The columns in order. */
export const COLUMNS: readonly Column[] = ['native', ...PRESETS];

/** Modelled time of one workload under one column, per unit of the workload. */
export interface Cell {
  readonly timeNs: number;
  /** timeNs / native timeNs (1 for native). */
  readonly overhead: number;
  readonly byClass: Readonly<Record<CostClass, number>>;
}

/** Host operations per guest event, over a whole run. */
export interface EventRatios {
  readonly hostSwitchesPerSyscall: number;
  readonly ptraceStopsPerSyscall: number;
  readonly hostSyscallsPerSyscall: number;
  readonly signalsPerSyscall: number;
  readonly memoryOpsPerSyscall: number;
  readonly minorFaultsPerSyscall: number;
  /** Address-space work per guest context switch: mmap + munmap + switch-guest (null without switches; mprotect is protection work, per syscall). */
  readonly addressSpaceOpsPerSwitch: number | null;
}

/** One row of the table. */
export interface WorkloadRow {
  readonly id: string;
  readonly title: string;
  readonly kind: 'micro' | 'real';
  /** The unit times are given per, and how many ns one display unit is (1000: µs, 1e6: ms). */
  readonly unit: string;
  readonly displayNs: number;
  /** How the per-unit figure was obtained. */
  readonly method: string;
  readonly cells: Readonly<Record<Column, Cell>>;
  readonly events: Readonly<Record<Preset, EventRatios>>;
  /** Guest-level work of the (larger) run: the same under every preset. */
  readonly guest: { readonly syscalls: number; readonly contextSwitches: number; readonly computeCycles: number };
}

/** The whole result. */
export interface PaperResult {
  readonly format: 'vmspec-paper-bench';
  readonly version: 1;
  /** Where the costs came from: a file path, or the committed defaults. */
  readonly calibration: { readonly origin: string; readonly host: HostDescription; readonly measuredFigures: number; readonly defaultFigures: number };
  readonly costs: HostCosts;
  readonly run: { readonly timerInterval: number; readonly diskLatency: number; readonly seed: number };
  readonly composites: readonly CompositeCheck[];
  readonly rows: readonly WorkloadRow[];
}
