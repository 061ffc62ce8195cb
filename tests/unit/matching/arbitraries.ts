import fc from "fast-check";
import type {
  AgeBand,
  Block,
  Channel,
  MatchCandidate,
  MemberId,
  PastPairing,
  Population,
  Role,
  Stage,
} from "../../../bot/matching/types.ts";

/** Small vocabularies, so generated members often share things and the rules get exercised. */
export const EXPERIENCES = ["grief", "dementia-carer", "anxiety", "cancer"] as const;
export const LANGUAGES = ["en", "es", "fr"] as const;
export const TAGS = ["listening", "practical-advice", "hope", "humour"] as const;
export const NOW = new Date("2025-06-01T12:00:00Z");
const DAY = 24 * 3600 * 1000;

const stage = fc.constantFrom<Stage>("now", "past");
const role = fc.constantFrom<Role>("seeking", "offering", "both");
const ageBand = fc.constantFrom<AgeBand>("18-24", "25-34", "35-49", "50-64", "65+");
const gender = fc.constantFrom("woman", "man", "non_binary");

/** A few blocks of consecutive UTC hours in the week. */
const weeklyHours = fc
  .array(fc.record({ start: fc.integer({ min: 0, max: 167 }), length: fc.integer({ min: 1, max: 8 }) }), {
    minLength: 0,
    maxLength: 3,
  })
  .map((blocks) => [
    ...new Set(blocks.flatMap(({ start, length }) => Array.from({ length }, (_, i) => (start + i) % 168))),
  ]);

const memberFields = fc.record({
  status: fc.constantFrom("active", "active", "active", "active", "paused", "suspended" as const),
  experiences: fc.uniqueArray(fc.record({ id: fc.constantFrom(...EXPERIENCES), stage }), {
    minLength: 1,
    maxLength: 3,
    selector: (e) => e.id,
  }),
  role,
  strengths: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  needs: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  languages: fc.uniqueArray(fc.constantFrom(...LANGUAGES), { minLength: 1, maxLength: 2 }),
  weeklyHours,
  channels: fc.uniqueArray(fc.constantFrom<Channel>("text", "voice", "video"), {
    minLength: 1,
    maxLength: 3,
  }),
  capacity: fc.integer({ min: 1, max: 3 }),
  loadShare: fc.double({ min: 0, max: 1, noNaN: true }),
  filters: fc.record({
    ageBands: fc.oneof(fc.constant([]), fc.uniqueArray(ageBand, { minLength: 1, maxLength: 3 })),
    genders: fc.oneof(
      fc.constant([]),
      fc.constant([]),
      fc.uniqueArray(gender, { minLength: 1, maxLength: 2 }),
    ),
    stages: fc.oneof(
      fc.constant([]),
      fc.constant([]),
      fc.constant<Stage[]>(["past"]),
      fc.constant<Stage[]>(["now"]),
    ),
  }),
  attributes: fc.record({
    ageBand: fc.option(ageBand, { nil: null }),
    gender: fc.option(gender, { nil: null }),
  }),
  mentor: fc.option(
    fc.record({ capacity: fc.integer({ min: 1, max: 3 }), load: fc.integer({ min: 0, max: 1 }) }),
    {
      nil: null,
      freq: 4,
    },
  ),
  joinedDaysAgo: fc.integer({ min: 0, max: 400 }),
  waitingDaysAgo: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
});

export const memberId = (i: number): MemberId => `m${i}` as MemberId;

/** Members m0…m(n-1) with random profiles, blocks and past pairings among them. */
export function population(
  options: { readonly minMembers?: number; readonly maxMembers?: number } = {},
): fc.Arbitrary<Population> {
  return fc
    .array(memberFields, { minLength: options.minMembers ?? 2, maxLength: options.maxMembers ?? 24 })
    .chain((fields) => {
      const n = fields.length;
      const pair = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }));
      return fc.record({
        members: fc.constant(fields.map((f, i) => toCandidate(f, i))),
        blocks: fc.array(
          pair.map(([a, b]): Block => ({ by: memberId(a), blocked: memberId(b) })),
          { maxLength: n },
        ),
        pairings: fc.array(
          fc
            .tuple(pair, fc.constantFrom("active", "ended-well", "ended-neutral", "ended-badly" as const))
            .map(([[a, b], outcome]): PastPairing => ({
              members: [memberId(a), memberId((a + 1 + (b % (n - 1))) % n)],
              outcome,
            })),
          { maxLength: n < 2 ? 0 : n },
        ),
      });
    });
}

type Fields = typeof memberFields extends fc.Arbitrary<infer T> ? T : never;

function toCandidate(f: Fields, i: number): MatchCandidate {
  return {
    id: memberId(i),
    status: f.status,
    experiences: f.experiences,
    role: f.role,
    strengths: f.strengths,
    needs: f.needs,
    languages: f.languages,
    timezone: "UTC",
    weeklyHours: f.weeklyHours,
    channels: f.channels,
    capacity: f.capacity,
    load: Math.floor(f.loadShare * (f.capacity + 1)),
    filters: f.filters,
    attributes: f.attributes,
    mentor: f.mentor,
    joinedAt: new Date(NOW.getTime() - f.joinedDaysAgo * DAY),
    waitingSince: f.waitingDaysAgo === null ? null : new Date(NOW.getTime() - f.waitingDaysAgo * DAY),
  };
}

/** A plain member for example-based tests; override what the test is about. */
export function candidate(id: string, overrides: Partial<MatchCandidate> = {}): MatchCandidate {
  return {
    id: id as MemberId,
    status: "active",
    experiences: [{ id: "dementia-carer", stage: "now" }],
    role: "both",
    strengths: [],
    needs: [],
    languages: ["en"],
    timezone: "UTC",
    weeklyHours: [18, 19, 20, 21, 42, 43],
    channels: ["text"],
    capacity: 1,
    load: 0,
    filters: { ageBands: [], genders: [], stages: [] },
    attributes: { ageBand: null, gender: null },
    mentor: null,
    joinedAt: new Date(NOW.getTime() - 100 * DAY),
    waitingSince: null,
    ...overrides,
  };
}
