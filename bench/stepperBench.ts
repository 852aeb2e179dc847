/**
 * Stepper benchmark: events per second through the compiled stepper
 * (`step()`), through XState's pure `transition()` on the same machines, and
 * through running XState actors with `send()`, on the same event stream (the
 * null syscall path of each preset, repeated). Ratios come from one run.
 */
import { createActor } from 'xstate';
import {
  bootToUser, nullSyscall, initial, step, variantComponents, referenceInitial, referenceStep, PRESETS, type SpecEvent, type Variant,
} from '../spec/index.ts';

/** The event stream: boot to user, then `cycles` null syscalls. */
function stream(variant: Variant, cycles: number): SpecEvent[] {
  const head = bootToUser(variant);
  const cycle = nullSyscall(variant).slice(head.length);
  return [...head, ...Array.from({ length: cycles }, () => cycle).flat()];
}

function rate(events: number, ms: number): string {
  return `${((events / ms) * 1000 / 1e6).toFixed(2)} M/s`;
}

function timeIt(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Prints the stepper figures for each preset. */
export async function stepperBench(out: (line: string) => void): Promise<void> {
  out('stepper: events/s, compiled table vs XState transition() vs XState actors (send)');
  for (const [name, variant] of Object.entries(PRESETS)) {
    const big = stream(variant, 20_000);
    const small = stream(variant, 300);
    const compiledMs = timeIt(() => {
      let state = initial(variant);
      for (const event of big) {
        const result = step(state, event);
        if (!result.ok) throw new Error(`bench stream rejected: ${result.rejection.state}`);
        state = result.state;
      }
    });
    const components = variantComponents(variant);
    const transitionMs = timeIt(() => {
      const snapshots = components.map((c) => referenceInitial(c.machine));
      for (const event of small) {
        components.forEach((c, i) => {
          if (c.alphabet.includes(event.type)) snapshots[i] = referenceStep(c.machine, snapshots[i]!, event) ?? snapshots[i]!;
        });
      }
    });
    const actorMs = timeIt(() => {
      const actors = components.map((c) => createActor(c.machine).start());
      for (const event of small) {
        components.forEach((c, i) => {
          if (c.alphabet.includes(event.type)) actors[i]!.send(event);
        });
      }
      actors.forEach((a) => a.stop());
    });
    const compiledRate = big.length / compiledMs;
    out(
      `  ${name.padEnd(16)} compiled ${rate(big.length, compiledMs).padStart(10)}   transition() ${rate(small.length, transitionMs).padStart(10)}` +
        `   actor.send ${rate(small.length, actorMs).padStart(10)}   compiled/transition ×${(compiledRate / (small.length / transitionMs)).toFixed(0)}` +
        `   compiled/actor ×${(compiledRate / (small.length / actorMs)).toFixed(0)}`,
    );
  }
}
