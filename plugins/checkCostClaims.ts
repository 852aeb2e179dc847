/**
 * Shape checks of a plug-in's `costClaims` (properties/declaredClaims.ts):
 * each claim says something, names a known measure (or gives a function) and
 * a bound that can be checked; each complaint is one line naming the field.
 */
import { CLAIM_MEASURES, type CostClaim } from '../properties/declaredClaims.ts';
import { EVENT_TYPES, parseVariant } from '../spec/index.ts';
import { asRecord, mustBe } from './shapeChecks.ts';
import { unknownKey } from './unknownKey.ts';
import { closest } from '../cli/suggest.ts';

const KEYS = ['says', 'measure', 'atMost', 'per', 'noMoreThan'];
const MEASURES = Object.keys(CLAIM_MEASURES);

function checkClaim(value: unknown, at: string): string | undefined {
  const claim = asRecord(value);
  if (claim === undefined) return mustBe(at, 'an object { says, measure, atMost?, per?, noMoreThan? }', value);
  const unknown = unknownKey(claim, KEYS, at);
  if (unknown !== undefined) return unknown;
  if (typeof claim['says'] !== 'string' || claim['says'].length === 0) return mustBe(`${at}.says`, 'a non-empty string (what it claims)', claim['says']);
  const measure = claim['measure'];
  if (typeof measure !== 'function' && !MEASURES.includes(measure as string)) {
    const near = typeof measure === 'string' ? closest(measure, MEASURES) : [];
    return mustBe(`${at}.measure`, `a function of the run or one of ${MEASURES.map((m) => `'${m}'`).join(', ')}${near.length ? ` (did you mean '${near[0]}'?)` : ''}`, measure);
  }
  const { atMost, per, noMoreThan } = claim;
  if (atMost === undefined && noMoreThan === undefined) return `'${at}' must give a bound: 'atMost' (a number) or 'noMoreThan' (a variant)`;
  if (atMost !== undefined && (typeof atMost !== 'number' || !Number.isFinite(atMost) || atMost < 0)) return mustBe(`${at}.atMost`, 'a number, 0 or more', atMost);
  if (per !== undefined && atMost === undefined) return `'${at}.per' scales 'atMost': give 'atMost' too`;
  if (per !== undefined && !(EVENT_TYPES as readonly unknown[]).includes(per)) return mustBe(`${at}.per`, "a spec event type such as 'guest.syscall'", per);
  if (noMoreThan !== undefined) {
    if (typeof noMoreThan !== 'string') return mustBe(`${at}.noMoreThan`, "a variant name such as 'umlinux'", noMoreThan);
    const parsed = parseVariant(noMoreThan);
    if (!parsed.ok) return `'${at}.noMoreThan': ${parsed.error}`;
  }
  return undefined;
}

/** The claims, checked, or the one-line complaint about the first that does not fit. */
export function checkCostClaims(value: unknown): { ok: true; claims: readonly CostClaim[] } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, claims: [] };
  if (!Array.isArray(value)) return { ok: false, error: mustBe('costClaims', 'an array of claims { says, measure, atMost?, per?, noMoreThan? }', value) };
  for (const [i, claim] of value.entries()) {
    const complaint = checkClaim(claim, `costClaims[${i}]`);
    if (complaint !== undefined) return { ok: false, error: complaint };
  }
  return { ok: true, claims: value as CostClaim[] };
}
