/**
 * Where each piece of the spec's data was last set: for each machine and
 * each top-level field of its context, the line of the event that changed it.
 * A divergence report then says "… but the current process is 2 since line
 * 41". Only machines whose context object changed are compared, so a step
 * that updates nothing costs one reference comparison per machine.
 */

/** Line numbers of the last change of each `machine:field`. */
export interface FieldLines {
  /** Notes the contexts after the event on `line` (`before` is the array before it, `after` the same array after). */
  note(line: number, before: readonly unknown[], after: readonly unknown[]): void;
  /** The line `field` of machine `m` was last set on, if it changed since the start. */
  lineOf(m: number, field: string): number | undefined;
}

/** A fresh record for `machines` machines. */
export function fieldLines(machines: number): FieldLines {
  const lines = Array.from({ length: machines }, () => new Map<string, number>());
  return {
    note(line, before, after) {
      for (let m = 0; m < machines; m++) {
        const a = before[m];
        const b = after[m];
        if (a === b || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) continue;
        for (const key of Object.keys(b)) {
          if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) lines[m]!.set(key, line);
        }
      }
    },
    lineOf: (m, field) => lines[m]?.get(field),
  };
}
