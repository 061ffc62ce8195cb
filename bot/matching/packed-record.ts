import { waitingWeeks } from "./score-model.ts";
import { WEEK_WORDS, writeWeek } from "./weekly-hours.ts";
import { AGE_BANDS, type Channel, type MatchCandidate, type Role } from "./types.ts";

/**
 * A member's hot fields packed into one 64-byte record, so scoring a candidate touches one cache line instead
 * of a dozen arrays (at 100,000 members memory latency dominates). Lists too long to pack set F_OVERFLOW and
 * the evaluator reads the member table's lists instead.
 */
export const RECORD = 16;
export const R_FLAGS = 0;
export const R_GENDER = 1;
export const R_WANT_GENDER = 2;
export const R_NEEDS = 3;
export const R_STRENGTHS = 4;
export const R_WEEK = 5;
export const R_WAITING = 11;
export const R_EXPERIENCES = 12;
export const PACKED_EXPERIENCES = 4;
/** Waiting weeks are fixed point in the record. */
export const WAITING_SCALE = 1 << 24;
/** Interned IDs at or above this do not fit a 32-bit mask. */
export const MASK_LIMIT = 31;

/** Flag bits (R_FLAGS): available, role (2 bits), channels (3), own age band (5), wanted bands (5), wanted stages (2). */
export const F_AVAILABLE = 1;
export const F_ROLE_SHIFT = 1;
export const F_CHANNELS_SHIFT = 3;
export const F_AGE_SHIFT = 6;
export const F_WANT_AGE_SHIFT = 11;
export const F_WANT_STAGE_SHIFT = 16;
export const F_AVOID = 1 << 18;
export const F_OVERFLOW = 1 << 19;

export const SEEKS = 1;
export const OFFERS = 2;
export const NOW = 1;
export const PAST = 2;
const ROLE_BITS: Readonly<Record<Role, number>> = { seeking: SEEKS, offering: OFFERS, both: SEEKS | OFFERS };
const CHANNEL_BITS: Readonly<Record<Channel, number>> = { text: 1, voice: 2, video: 4 };

const bitsOf = <T>(list: readonly T[], bit: (value: T) => number): number =>
  list.reduce((bits, value) => bits | bit(value), 0);
const maskOf = (ids: readonly number[]): number => bitsOf(ids, (id) => (id < MASK_LIMIT ? 1 << id : 0));

/** The member's interned lists, sorted: what the record packs besides the member's own fields. */
export interface InternedLists {
  /** Experience key × 2 + (1 if past). */
  readonly experienceCodes: readonly number[];
  readonly strengths: readonly number[];
  readonly needs: readonly number[];
  readonly gender: number;
  readonly wantGender: readonly number[] | null;
}

/** True when some list does not fit the record (the lists are sorted, so the last entry is the largest). */
export function overflows(lists: InternedLists): boolean {
  const { experienceCodes, strengths, needs, gender, wantGender } = lists;
  return (
    experienceCodes.length > PACKED_EXPERIENCES ||
    gender >= MASK_LIMIT ||
    (strengths[strengths.length - 1] ?? 0) >= MASK_LIMIT ||
    (needs[needs.length - 1] ?? 0) >= MASK_LIMIT ||
    (wantGender?.[wantGender.length - 1] ?? 0) >= MASK_LIMIT
  );
}

const week = new Uint32Array(WEEK_WORDS);

export function writeRecord(
  record: Int32Array,
  r: number,
  member: MatchCandidate,
  lists: InternedLists,
  flags: { readonly available: boolean; readonly avoids: boolean; readonly now: Date },
): void {
  const band = member.attributes.ageBand === null ? -1 : AGE_BANDS.indexOf(member.attributes.ageBand);
  record[r + R_FLAGS] =
    (flags.available ? F_AVAILABLE : 0) |
    (ROLE_BITS[member.role] << F_ROLE_SHIFT) |
    (bitsOf(member.channels, (c) => CHANNEL_BITS[c]) << F_CHANNELS_SHIFT) |
    ((band < 0 ? 0 : 1 << band) << F_AGE_SHIFT) |
    (bitsOf(member.filters.ageBands, (b) => 1 << AGE_BANDS.indexOf(b)) << F_WANT_AGE_SHIFT) |
    (bitsOf(member.filters.stages, (s) => (s === "now" ? NOW : PAST)) << F_WANT_STAGE_SHIFT) |
    (flags.avoids ? F_AVOID : 0) |
    (overflows(lists) ? F_OVERFLOW : 0);
  record[r + R_GENDER] = lists.gender < 0 || lists.gender >= MASK_LIMIT ? 0 : 1 << lists.gender;
  record[r + R_WANT_GENDER] = lists.wantGender === null ? 0 : maskOf(lists.wantGender);
  record[r + R_NEEDS] = maskOf(lists.needs);
  record[r + R_STRENGTHS] = maskOf(lists.strengths);
  writeWeek(member.weeklyHours, week, 0);
  for (let w = 0; w < WEEK_WORDS; w++) record[r + R_WEEK + w] = week[w] ?? 0;
  record[r + R_WAITING] = Math.round(waitingWeeks(member.waitingSince, flags.now) * WAITING_SCALE);
  for (let i = 0; i < PACKED_EXPERIENCES; i++) record[r + R_EXPERIENCES + i] = lists.experienceCodes[i] ?? -1;
}
