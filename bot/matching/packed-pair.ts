import {
  NOW,
  OFFERS,
  PACKED_EXPERIENCES,
  PAST,
  R_GENDER,
  R_NEEDS,
  R_STRENGTHS,
  R_WANT_GENDER,
  R_WEEK,
  SEEKS,
} from "./packed-record.ts";
import { popcount, WEEK_WORDS } from "./weekly-hours.ts";

/** Pair checks on packed records (packed-record.ts): `ra`/`rb` are where a's and b's records start. */

export function gendersAllowed(rec: Int32Array, ra: number, recB: Int32Array, rb: number): boolean {
  const wantA = rec[ra + R_WANT_GENDER] ?? 0;
  const wantB = recB[rb + R_WANT_GENDER] ?? 0;
  return (
    (wantA === 0 || (wantA & (recB[rb + R_GENDER] ?? 0)) !== 0) &&
    (wantB === 0 || (wantB & (rec[ra + R_GENDER] ?? 0)) !== 0)
  );
}

/** Hours a week both records are free (their week bit sets, R_WEEK, ANDed). */
export function sharedWeekHours(rec: Int32Array, ra: number, rb: number): number {
  let hours = 0;
  for (let w = 0; w < WEEK_WORDS; w++)
    hours += popcount((rec[ra + R_WEEK + w] ?? 0) & (rec[rb + R_WEEK + w] ?? 0));
  return hours;
}

/** Share of both members' needs met by the other's strengths. */
export function complement(rec: Int32Array, ra: number, recB: Int32Array, rb: number): number {
  const needsA = rec[ra + R_NEEDS] ?? 0;
  const needsB = recB[rb + R_NEEDS] ?? 0;
  const count = popcount(needsA) + popcount(needsB);
  if (count === 0) return 0;
  return (
    (popcount(needsA & (recB[rb + R_STRENGTHS] ?? 0)) + popcount(needsB & (rec[ra + R_STRENGTHS] ?? 0))) /
    count
  );
}

/** What one experience both members list adds (see `matchExperience`): it counts, and the features it sets. */
const COUNTS = 1;
const BEEN_THROUGH = 2;
const BOTH_IN_IT = 4;

/**
 * The rule for one experience both list (codes `x` of a, `y` of b: key × 2 + 1 if past): 0 if a stage filter
 * refuses it, else COUNTS with BEEN_THROUGH (one has been through it and offers, the other is in it now and
 * seeks) or BOTH_IN_IT (both in it now).
 */
function matchExperience(
  x: number,
  y: number,
  stagesA: number,
  roleA: number,
  stagesB: number,
  roleB: number,
): number {
  const pastA = (x & 1) === 1;
  const pastB = (y & 1) === 1;
  const okForA = stagesA === 0 || (stagesA & (pastB ? PAST : NOW)) !== 0;
  const okForB = stagesB === 0 || (stagesB & (pastA ? PAST : NOW)) !== 0;
  if (!okForA || !okForB) return 0;
  let bits = COUNTS;
  if (pastA && !pastB && (roleA & OFFERS) !== 0 && (roleB & SEEKS) !== 0) bits |= BEEN_THROUGH;
  if (pastB && !pastA && (roleB & OFFERS) !== 0 && (roleA & SEEKS) !== 0) bits |= BEEN_THROUGH;
  if (!pastA && !pastB) bits |= BOTH_IN_IT;
  return bits;
}

/** Writes the experience features into `out` (0: been through it ↔ in it now, 1: both in it, 2: more shared). */
function writeExperienceFeatures(out: Float64Array, bits: number, count: number): boolean {
  if (count === 0) return false;
  out[0] = (bits & BEEN_THROUGH) === 0 ? 0 : 1;
  out[1] = (bits & BOTH_IN_IT) === 0 ? 0 : 1;
  out[2] = Math.min(1, (count - 1) / 2);
  return true;
}

/**
 * Merges two sorted lists of experience codes (key × 2 + 1 if past) and writes the experience features into
 * `out`; false if no shared experience passes both stage filters. `stages` are filter bits (NOW | PAST, 0 =
 * either), `role` is SEEKS | OFFERS. For lists the member table keeps (records that overflow).
 */
export function sharedExperiences(
  codesA: ArrayLike<number>,
  stagesA: number,
  roleA: number,
  codesB: ArrayLike<number>,
  stagesB: number,
  roleB: number,
  out: Float64Array,
): boolean {
  let i = 0;
  let j = 0;
  let count = 0;
  let bits = 0;
  while (i < codesA.length && j < codesB.length) {
    const x = codesA[i] ?? 0;
    const y = codesB[j] ?? 0;
    if (x >> 1 < y >> 1) i++;
    else if (x >> 1 > y >> 1) j++;
    else {
      const match = matchExperience(x, y, stagesA, roleA, stagesB, roleB);
      if (match !== 0) count++;
      bits |= match;
      i++;
      j++;
    }
  }
  return writeExperienceFeatures(out, bits, count);
}

/**
 * `sharedExperiences` for two packed records (the hot path: both lists in the records at `ra`/`rb`, at most
 * PACKED_EXPERIENCES each, ending at the first -1), on one array type only, so it compiles to one tight loop.
 * `matchExperience` is written out here: through the call, 5.5M pair scorings took 25 ms more (measured).
 */
export function packedSharedExperiences(
  rec: Int32Array,
  ra: number,
  rb: number,
  stagesA: number,
  roleA: number,
  stagesB: number,
  roleB: number,
  out: Float64Array,
): boolean {
  let i = 0;
  let j = 0;
  let count = 0;
  let beenThrough = 0;
  let bothInIt = 0;
  let x = rec[ra] ?? -1;
  let y = rec[rb] ?? -1;
  while (x >= 0 && y >= 0) {
    const kx = x >> 1;
    const ky = y >> 1;
    if (kx < ky) x = ++i < PACKED_EXPERIENCES ? (rec[ra + i] ?? -1) : -1;
    else if (kx > ky) y = ++j < PACKED_EXPERIENCES ? (rec[rb + j] ?? -1) : -1;
    else {
      const pastA = (x & 1) === 1;
      const pastB = (y & 1) === 1;
      const okForA = stagesA === 0 || (stagesA & (pastB ? PAST : NOW)) !== 0;
      const okForB = stagesB === 0 || (stagesB & (pastA ? PAST : NOW)) !== 0;
      if (okForA && okForB) {
        count++;
        if (pastA && !pastB && (roleA & OFFERS) !== 0 && (roleB & SEEKS) !== 0) beenThrough = 1;
        if (pastB && !pastA && (roleB & OFFERS) !== 0 && (roleA & SEEKS) !== 0) beenThrough = 1;
        if (!pastA && !pastB) bothInIt = 1;
      }
      x = ++i < PACKED_EXPERIENCES ? (rec[ra + i] ?? -1) : -1;
      y = ++j < PACKED_EXPERIENCES ? (rec[rb + j] ?? -1) : -1;
    }
  }
  return writeExperienceFeatures(
    out,
    (beenThrough === 1 ? BEEN_THROUGH : 0) | (bothInIt === 1 ? BOTH_IN_IT : 0),
    count,
  );
}
