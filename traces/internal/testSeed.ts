/**
 * The seed of the fast-check tests of traces/: VMSPEC_SEED when set (to
 * replay a failure), otherwise drawn once per process and printed with the
 * command that replays it.
 */

let drawn: number | undefined;

/** The seed to use, printed once. */
export function testSeed(): number {
  const fromEnv = process.env['VMSPEC_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isSafeInteger(seed)) throw new Error(`VMSPEC_SEED must be an integer, got '${fromEnv}'`);
    return seed;
  }
  if (drawn === undefined) {
    drawn = Math.floor(Math.random() * 0x7fff_ffff);
    process.stderr.write(`[vmspec] traces seed ${drawn} (replay: VMSPEC_SEED=${drawn} npx vitest run traces cli/conform)\n`);
  }
  return drawn;
}
