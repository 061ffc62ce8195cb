import { waitingWeeks } from "./score-model.ts";
import { WEEK_WORDS, writeWeek } from "./weekly-hours.ts";
import {
  AGE_BANDS,
  type AgeBand,
  type Channel,
  type MatchCandidate,
  type Role,
  type Stage,
} from "./types.ts";

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

/** The member's interned lists and masks: what the record packs besides the member's own fields. */
export interface PackedLists {
  /** Experience key × 2 + (1 if past), sorted by key. */
  readonly experienceCodes: readonly number[];
  /** Masks of interned tag IDs; -1 when some ID is at or above MASK_LIMIT. */
  readonly strengths: number;
  readonly needs: number;
  /** Interned gender ID, -1 = not said. */
  readonly gender: number;
  /** Mask of the genders the member accepts, 0 = anyone, -1 when some ID does not fit. */
  readonly wantGender: number;
}

/** True when some list does not fit the record (the member table then keeps the lists themselves). */
export function overflows(lists: PackedLists): boolean {
  return (
    lists.experienceCodes.length > PACKED_EXPERIENCES ||
    lists.gender >= MASK_LIMIT ||
    lists.strengths < 0 ||
    lists.needs < 0 ||
    lists.wantGender < 0
  );
}

const week = new Uint32Array(WEEK_WORDS);

function channelBits(channels: readonly Channel[]): number {
  let bits = 0;
  for (const channel of channels) bits |= CHANNEL_BITS[channel];
  return bits;
}

function bandBits(bands: readonly AgeBand[]): number {
  let bits = 0;
  for (const band of bands) bits |= 1 << AGE_BANDS.indexOf(band);
  return bits;
}

function stageBits(stages: readonly Stage[]): number {
  let bits = 0;
  for (const stage of stages) bits |= stage === "now" ? NOW : PAST;
  return bits;
}

export function writeRecord(
  record: Int32Array,
  r: number,
  member: MatchCandidate,
  lists: PackedLists,
  available: boolean,
  avoids: boolean,
  now: Date,
): void {
  const overflow = overflows(lists);
  const band = member.attributes.ageBand === null ? -1 : AGE_BANDS.indexOf(member.attributes.ageBand);
  record[r + R_FLAGS] =
    (available ? F_AVAILABLE : 0) |
    (ROLE_BITS[member.role] << F_ROLE_SHIFT) |
    (channelBits(member.channels) << F_CHANNELS_SHIFT) |
    ((band < 0 ? 0 : 1 << band) << F_AGE_SHIFT) |
    (bandBits(member.filters.ageBands) << F_WANT_AGE_SHIFT) |
    (stageBits(member.filters.stages) << F_WANT_STAGE_SHIFT) |
    (avoids ? F_AVOID : 0) |
    (overflow ? F_OVERFLOW : 0);
  // An overflowing record's masks are never read (the evaluator reads the table's lists), so any value will do.
  record[r + R_GENDER] = lists.gender < 0 || lists.gender >= MASK_LIMIT ? 0 : 1 << lists.gender;
  record[r + R_WANT_GENDER] = overflow ? 0 : lists.wantGender;
  record[r + R_NEEDS] = overflow ? 0 : lists.needs;
  record[r + R_STRENGTHS] = overflow ? 0 : lists.strengths;
  writeWeek(member.weeklyHours, week, 0);
  for (let w = 0; w < WEEK_WORDS; w++) record[r + R_WEEK + w] = week[w] ?? 0;
  record[r + R_WAITING] = Math.round(waitingWeeks(member.waitingSince, now) * WAITING_SCALE);
  for (let i = 0; i < PACKED_EXPERIENCES; i++) record[r + R_EXPERIENCES + i] = lists.experienceCodes[i] ?? -1;
}
