import { seededRandom } from "../bot/matching/random.ts";
import { HOURS_PER_WEEK } from "../bot/matching/weekly-hours.ts";
import {
  AGE_BANDS,
  type Block,
  type Channel,
  type LivedExperience,
  type MatchCandidate,
  type MemberId,
  type PastPairing,
  type Population,
  type Role,
} from "../bot/matching/types.ts";

/** A synthetic community for the matching benchmark: ~40 experiences, 8 languages, members round the globe. */
export const EXPERIENCES = [
  "anxiety",
  "depression",
  "grief-partner",
  "grief-parent",
  "grief-child",
  "suicide-loss",
  "dementia-carer",
  "cancer-patient",
  "cancer-carer",
  "chronic-pain",
  "long-covid",
  "me-cfs",
  "multiple-sclerosis",
  "parkinsons",
  "type-1-diabetes",
  "epilepsy",
  "stroke",
  "heart-disease",
  "kidney-dialysis",
  "hiv",
  "alcohol-recovery",
  "drug-recovery",
  "gambling-recovery",
  "eating-disorder",
  "ptsd",
  "bipolar",
  "ocd",
  "adhd",
  "autistic-adult",
  "autism-parent",
  "postnatal-depression",
  "baby-loss",
  "infertility",
  "divorce",
  "domestic-abuse",
  "job-loss",
  "loneliness",
  "migration",
  "disability-carer",
  "rare-disease-parent",
] as const;

const LANGUAGES = [
  { code: "en", weight: 40, zones: [-8, -7, -6, -5, 0, 1, 5, 10] },
  { code: "es", weight: 15, zones: [-6, -5, -3, 1] },
  { code: "fr", weight: 8, zones: [-5, 0, 1] },
  { code: "de", weight: 7, zones: [1] },
  { code: "pt", weight: 8, zones: [-3, 0] },
  { code: "ar", weight: 8, zones: [2, 3] },
  { code: "hi", weight: 7, zones: [5] },
  { code: "zh", weight: 7, zones: [8] },
] as const;

export const TAGS = [
  "listening",
  "practical-advice",
  "navigating-services",
  "coping-strategies",
  "hope",
  "humour",
  "faith",
  "information",
];
const GENDERS = ["woman", "man", "non_binary"];
const DAY = 24 * 3600 * 1000;

export function syntheticPopulation(size: number, seed: number, now: Date): Population {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const weighted = <T extends { readonly weight: number }>(list: readonly T[]): T => {
    let r = random() * list.reduce((sum, item) => sum + item.weight, 0);
    for (const item of list) if ((r -= item.weight) < 0) return item;
    return list[0] as T;
  };
  // Zipf-like popularity: common experiences are much more common than rare ones.
  const experienceWeights = EXPERIENCES.map((id, rank) => ({ id, weight: 1 / (rank + 2) }));
  const members: MatchCandidate[] = [];
  const blocks: Block[] = [];
  const pairings: PastPairing[] = [];
  for (let i = 0; i < size; i++) {
    const language = weighted(LANGUAGES);
    const languages = language.code !== "en" && random() < 0.3 ? [language.code, "en"] : [language.code];
    const offset = pick(language.zones);
    const experienceCount = random() < 0.6 ? 1 : random() < 0.75 ? 2 : 3;
    const experiences: LivedExperience[] = [];
    while (experiences.length < experienceCount) {
      const id = weighted(experienceWeights).id;
      if (!experiences.some((e) => e.id === id))
        experiences.push({ id, stage: random() < 0.55 ? "now" : "past" });
    }
    const past = experiences[0]?.stage === "past";
    const r = random();
    const role: Role = past
      ? r < 0.4
        ? "offering"
        : r < 0.9
          ? "both"
          : "seeking"
      : r < 0.7
        ? "seeking"
        : "both";
    const capacity =
      role === "seeking" ? 1 : role === "both" ? 1 + Math.floor(random() * 2) : 1 + Math.floor(random() * 3);
    const full = random() < 0.1;
    const load = full ? capacity : random() < 0.3 ? Math.floor(random() * capacity) : 0;
    const tags = (n: number): string[] => [...new Set(Array.from({ length: n }, () => pick(TAGS)))];
    const channels: Channel[] = [];
    if (random() < 0.85) channels.push("text");
    if (random() < 0.4) channels.push("voice");
    if (random() < 0.2 || channels.length === 0) channels.push("video");
    const band = Math.floor(random() * AGE_BANDS.length);
    const s = random();
    members.push({
      id: `m${i}` as MemberId,
      status: s < 0.04 ? "paused" : s < 0.045 ? "suspended" : "active",
      experiences,
      role,
      strengths: role === "seeking" ? [] : tags(1 + Math.floor(random() * 3)),
      needs: role === "offering" ? [] : tags(1 + Math.floor(random() * 3)),
      languages,
      timezone: `Etc/GMT${offset <= 0 ? "+" : "-"}${Math.abs(offset)}`,
      weeklyHours: localWeek(random, offset),
      channels,
      capacity,
      load,
      filters: {
        ageBands: random() < 0.06 ? AGE_BANDS.slice(Math.max(0, band - 1), band + 2) : [],
        genders: random() < 0.08 ? [pick(GENDERS)] : [],
        stages: !past && random() < 0.1 ? ["past"] : [],
      },
      attributes: {
        ageBand: random() < 0.8 ? (AGE_BANDS[band] ?? null) : null,
        gender: random() < 0.75 ? pick(GENDERS) : null,
      },
      mentor: random() < 0.02 ? { capacity: 3 + Math.floor(random() * 3), load: 0 } : null,
      joinedAt: new Date(now.getTime() - (random() < 0.03 ? random() * 28 : random() * 730) * DAY),
      waitingSince: !full && random() < 0.7 ? new Date(now.getTime() - random() * random() * 21 * DAY) : null,
    });
    if (i > 0 && random() < 0.005)
      blocks.push({ by: `m${i}` as MemberId, blocked: `m${Math.floor(random() * i)}` as MemberId });
    if (i > 0 && random() < 0.05)
      pairings.push({
        members: [`m${i}` as MemberId, `m${Math.floor(random() * i)}` as MemberId],
        outcome: pick(["ended-badly", "ended-well", "active"] as const),
      });
  }
  return { members, blocks, pairings };
}

/** Free hours as people give them: a few days, one or two times of day, in local time; returned in UTC. */
function localWeek(random: () => number, offset: number): number[] {
  const times = [
    [7, 10],
    [12, 14],
    [18, 22],
    [20, 23],
  ] as const;
  const hours = new Set<number>();
  const dayCount = 2 + Math.floor(random() * 4);
  const chosen = [times[Math.floor(random() * times.length)], times[Math.floor(random() * times.length)]];
  for (let d = 0; d < dayCount; d++) {
    const day = Math.floor(random() * 7);
    for (const span of chosen.slice(0, random() < 0.5 ? 1 : 2)) {
      if (span === undefined) continue;
      for (let h = span[0]; h < span[1]; h++)
        hours.add((((day * 24 + h - offset) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK);
    }
  }
  return [...hours].sort((a, b) => a - b);
}

/** The members of a random subset, with the blocks and pairings among them. */
export function samplePopulation(population: Population, size: number, seed: number): Population {
  const random = seededRandom(seed);
  const members = [...population.members];
  for (let i = members.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [members[i], members[j]] = [members[j] as MatchCandidate, members[i] as MatchCandidate];
  }
  const chosen = members.slice(0, size);
  const ids = new Set(chosen.map((m) => m.id));
  return {
    members: chosen,
    blocks: population.blocks.filter((b) => ids.has(b.by) && ids.has(b.blocked)),
    pairings: population.pairings.filter((p) => ids.has(p.members[0]) && ids.has(p.members[1])),
  };
}
