/**
 * One seed per run for every fast-check property: taken from VMSPEC_SEED when
 * set (to replay a failure), otherwise drawn once and printed, so that any
 * failing run can be repeated exactly.
 */

let announced = false;

/** Parses a seed, or explains why not. */
export function parseSeed(text: string): { ok: true; seed: number } | { ok: false; error: string } {
  if (!/^-?\d+$/.test(text.trim())) return { ok: false, error: `seed must be an integer, got '${text}'` };
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || Math.abs(seed) > 0x7fff_ffff) return { ok: false, error: `seed must fit in 32 bits, got '${text}'` };
  return { ok: true, seed };
}

/** The seed of this run: VMSPEC_SEED if set, else a fresh one, printed once. */
export function propertySeed(): number {
  const fromEnv = process.env['VMSPEC_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const parsed = parseSeed(fromEnv);
    if (!parsed.ok) throw new Error(`VMSPEC_SEED: ${parsed.error}`);
    return parsed.seed;
  }
  const seed = Math.floor(Math.random() * 0x7fff_ffff);
  process.env['VMSPEC_SEED'] = String(seed);
  if (!announced) {
    announced = true;
    process.stderr.write(`[vmspec] property seed ${seed} (replay: VMSPEC_SEED=${seed} npm test)\n`);
  }
  return seed;
}
