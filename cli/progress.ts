/**
 * A progress line for long runs: on a terminal it is redrawn in place on
 * stderr (jobs done / total, elapsed, estimated time left); elsewhere it
 * stays silent and the command prints plain lines of its own.
 */
import type { CliIo } from './io.ts';

/** The progress of `total` jobs. */
export interface Progress {
  readonly tick: (label: string) => void;
  readonly clear: () => void;
}

/** `m:ss`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The text of the line after `done` of `total` jobs in `elapsed` seconds. */
export function progressText(done: number, total: number, elapsed: number, label: string): string {
  const eta = done === 0 ? '?' : clock((elapsed / done) * (total - done));
  return `[${String(done).padStart(String(total).length)}/${total}] ${clock(elapsed)} elapsed, about ${eta} left  ${label}`;
}

export function progress(io: CliIo, total: number): Progress {
  const started = performance.now();
  let done = 0;
  if (!io.tty) return { tick: () => void done++, clear: () => {} };
  const width = (io.columns ?? 80) - 1;
  return {
    tick: (label) => io.err(`\r\x1b[K${progressText(++done, total, (performance.now() - started) / 1000, label).slice(0, width)}`),
    clear: () => io.err('\r\x1b[K'),
  };
}
