/**
 * The golden positive traces, until the emulator (impl/, issue 4) can record
 * them: each paper path of spec/paperPaths.ts under each preset, continued by
 * an `exit` guest syscall and `guest.halt`, so every trace is complete and
 * ends with the guest halted. Re-record these from the emulator's
 * `runWorkload` once it lands; the file names and manifest stay.
 */
import { bootToUser, nullSyscall, PAPER_PATHS, PRESETS, returnToUser, type PresetName, type SpecEvent, type Variant } from '../../spec/index.ts';
import { TRACE_FORMAT_VERSION, type TraceHeader } from '../format/headerCodec.ts';

/** One golden trace to write. */
export interface GoldenTrace {
  readonly file: string;
  readonly header: TraceHeader;
  readonly events: readonly SpecEvent[];
}

/** What `make.ts` writes as the emulator field, until the emulator records these. */
export const GOLDEN_EMULATOR = 'none: spec/paperPaths.ts via traces/golden/make.ts (re-record from impl/ runWorkload)';

/** The guest process running at the end of `events`. */
function currentPid(events: readonly SpecEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'guest.return') return event.pid;
  }
  return 1;
}

/** The guest kernel entry of a null syscall (from the trap to `guest.syscall`), made an `exit` of process `pid`. */
export function exitEntry(variant: Variant, pid: number): readonly SpecEvent[] {
  const path = nullSyscall(variant);
  const entry = path.slice(bootToUser(variant).length, path.length - returnToUser(variant, 1).length);
  let trapped = false;
  return entry.map((event): SpecEvent => {
    switch (event.type) {
      case 'host.syscall.enter':
        if (trapped || event.nr !== 'getpid') return event;
        trapped = true;
        return { ...event, nr: 'exit' };
      case 'vmm.intercept':
        return { ...event, nr: 'exit' };
      case 'vmm.rewrite':
        return { ...event, from: 'exit' };
      case 'guest.syscall':
        return { ...event, pid, nr: 'exit' };
      default:
        return event;
    }
  });
}

/** `events`, then the running process exits and the guest halts. */
export function thenHalt(variant: Variant, events: readonly SpecEvent[]): readonly SpecEvent[] {
  return [...events, ...exitEntry(variant, currentPid(events)), { type: 'guest.halt' }];
}

/** The file-name stem of a preset (`+kernel-module` → `kernel-module`). */
export function presetStem(preset: PresetName): string {
  return preset.replace(/^\+/, '');
}

/** Every golden positive trace: each paper path under each preset. */
export function goldenTraces(): readonly GoldenTrace[] {
  return (Object.keys(PRESETS) as PresetName[]).flatMap((preset) =>
    Object.entries(PAPER_PATHS).map(([name, path]): GoldenTrace => ({
      file: `${presetStem(preset)}-${name}.ndjson`,
      header: {
        format: 'vmspec-trace', version: TRACE_FORMAT_VERSION, variant: preset, workload: `paper-path/${name}+exit`, seed: null,
        emulator: GOLDEN_EMULATOR, complete: true, accesses: true, start: null,
      },
      events: thenHalt(PRESETS[preset], path(PRESETS[preset])),
    })),
  );
}
