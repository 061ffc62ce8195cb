import { seededRandom } from "../bot/matching/random.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import {
  AGE_BANDS,
  DAYS,
  GENDERS,
  TIMES_OF_DAY,
  type Profile,
  type Role,
  type Stage,
} from "../bot/onboarding/profile.ts";

/** A synthetic member for trying Kindred locally: a Matrix localpart and the profile they "filled in". */
export interface SeedMember {
  readonly localpart: string;
  readonly displayName: string;
  readonly profile: Profile;
  /**
   * Members who seek support have paused matching ("taking a break"), so sample members are never suggested to
   * each other (two members who only offer support cannot be paired) and every supporter stays free for the
   * person trying Kindred.
   */
  readonly paused: boolean;
}

const NAMES = [
  "Amira", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
  "Kemi", "Liam", "Maya", "Nico", "Olga", "Pavel", "Quinn", "Rosa", "Sam", "Tariq",
  "Uma", "Victor", "Wren", "Xavier", "Yara", "Zoe", "Alba", "Bruno", "Carmen", "Dara",
  "Emil", "Fatima", "Gus", "Hana", "Ivo", "Jade", "Kofi", "Lena", "Mateo", "Noor",
]; // prettier-ignore

/** Zones where a community's members might live; most near the community, some far away. */
const ZONES = [
  "Europe/London", "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Madrid",
  "Europe/Lisbon", "Europe/Warsaw", "America/New_York", "America/Toronto", "America/Chicago",
  "America/Los_Angeles", "America/Mexico_City", "Asia/Kolkata", "Australia/Sydney", "Africa/Lagos",
]; // prettier-ignore

/** In the members' own words; the tags carry the meaning for matching. */
const OFFERS = [
  "I've been where you are and I'm happy to just listen.",
  "Practical things: forms, phone calls, who to ask.",
  "A bit of humour on the hard days.",
  "I can share what helped me, and what didn't.",
  "Patience. I'm not in a hurry.",
  "",
];
const WISHES = [
  "Someone who gets it, to talk to now and then.",
  "Ideas for looking after myself as well.",
  "Company in the evenings, when it's hardest.",
  "Help to find my way around services.",
  "",
];

/**
 * About 40 varied, plausible members drawn from the community's own taxonomy: every experience, both stages,
 * seekers and supporters (half of them offer support, most having been through it), the community's languages (its
 * first one most), zones round the globe, generous availability so a newcomer soon overlaps with someone, every
 * age band and gender among the supporters (one member in seven prefers not to say; these do not draw on the
 * random sequence, so the rest of each profile stays as it was before profiles asked them).
 * Supporters take two to four peers at once, so several people trying Kindred each find one.
 * Deterministic for a seed.
 */
export function seedMembers(community: CommunityProfile, count = 40, seed = 2026): SeedMember[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error("nothing to pick from");
    return item;
  };
  /** Between min and max of the items, in their own order. */
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const order = items.map((item) => ({ item, key: random() }));
    const wanted = Math.min(items.length, min + Math.floor(random() * (max - min + 1)));
    const chosen = new Set(
      order
        .sort((a, b) => a.key - b.key)
        .slice(0, wanted)
        .map((o) => o.item),
    );
    return items.filter((item) => chosen.has(item));
  };
  const experienceIds = community.experiences.map((e) => e.id);
  const languageIds = community.languages.map((l) => l.id);
  const tagIds = (community.supportTags ?? []).map((t) => t.id);
  const [primary = "en"] = languageIds;

  return Array.from({ length: count }, (_, i) => {
    const name = NAMES[i % NAMES.length] ?? "Member";
    const supporter = i % 2 === 0;
    const role: Role = supporter ? "offering" : random() < 0.7 ? "seeking" : "both";
    // Every experience appears, at both stages: member i's first experience cycles through the taxonomy.
    const first = experienceIds[Math.floor(i / 2) % experienceIds.length] ?? pick(experienceIds);
    const others = random() < 0.4 ? [pick(experienceIds)].filter((id) => id !== first) : [];
    const stageFor = (): Stage =>
      supporter ? (random() < 0.85 ? "past" : "now") : random() < 0.85 ? "now" : "past";
    const languages = random() < 0.85 ? [primary] : [];
    if (languageIds.length > 1 && (languages.length === 0 || random() < 0.3))
      languages.push(pick(languageIds.filter((id) => id !== primary)));
    return {
      localpart: `seed-${name.toLowerCase()}${i >= NAMES.length ? String(i) : ""}`,
      displayName: `${name} (sample member)`,
      paused: !supporter,
      profile: {
        experiences: [first, ...others].map((id) => ({ id, stage: stageFor() })),
        role,
        strengths: supporter ? pick(OFFERS) : "",
        supportWanted: supporter ? "" : pick(WISHES),
        strengthTags: role === "seeking" ? some(tagIds, 0, 1) : some(tagIds, 2, 4),
        needTags: role === "offering" ? [] : some(tagIds, 1, 3),
        languages,
        timezone: i < 4 ? "Europe/London" : pick(ZONES),
        availability: { days: some(DAYS, 4, 7), times: some(TIMES_OF_DAY, 2, 3) },
        channels: {
          modes: random() < 0.7 ? ["text"] : ["text", "voice"],
          settings: random() < 0.8 ? ["one_to_one"] : ["one_to_one", "group"],
        },
        capacity: supporter ? 2 + Math.floor(random() * 3) : 1,
        filters: { ageBands: [], genders: [], stage: null },
        ageBand: i % 7 === 6 ? null : (AGE_BANDS[i % AGE_BANDS.length] ?? null),
        gender: i % 7 === 5 ? null : (GENDERS[i % GENDERS.length] ?? null),
        note: "",
      },
    };
  });
}
