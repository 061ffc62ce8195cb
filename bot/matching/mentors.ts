import { heaviestAssignment, type WeightedEdge } from "./bipartite-assignment.ts";
import { brokenMentorRule } from "./mentor-rules.ts";
import { pairFacts } from "./pair-facts.ts";
import { MemoryPairHistory } from "./pair-history.ts";
import { hashString } from "./random.ts";
import { reasonsFrom, type Reason } from "./reasons.ts";
import { DEFAULT_MODEL, scoreOf, waitingWeeks, type ScoreModel } from "./score-model.ts";
import type { MatchCandidate, MemberId, Population } from "./types.ts";

export interface MentorOptions {
  readonly now: Date;
  readonly seed?: number;
  readonly model?: ScoreModel;
  /** Members who joined within this many weeks are newcomers. */
  readonly newcomerWeeks?: number;
  /** Newcomers who already have a mentor. */
  readonly mentored?: ReadonlySet<MemberId>;
  /** Mentors looked at per newcomer (in seeded order), to bound the work in large communities. */
  readonly scan?: number;
}

export interface MentorSuggestion {
  readonly newcomer: MemberId;
  readonly mentor: MemberId;
  readonly score: number;
  readonly reasons: readonly Reason[];
}

const WEEK = 7 * 24 * 3600 * 1000;

/**
 * Newcomers in their first weeks paired with members holding the mentor role, within each mentor's own
 * capacity (separate from their peer capacity). Mentor and newcomer need a language and an hour in common, not
 * an experience; a shared one scores higher. The assignment is exact: one side is small.
 */
export function matchMentors(population: Population, options: MentorOptions): MentorSuggestion[] {
  const model = options.model ?? DEFAULT_MODEL;
  const seed = options.seed ?? 0;
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  const cutoff = options.now.getTime() - (options.newcomerWeeks ?? 4) * WEEK;
  const bySeed = (a: MatchCandidate, b: MatchCandidate): number =>
    hashString(a.id, seed) - hashString(b.id, seed) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const newcomers = population.members
    .filter(
      (m) =>
        m.status === "active" && m.joinedAt.getTime() >= cutoff && !(options.mentored?.has(m.id) ?? false),
    )
    .sort(bySeed);
  const mentors = population.members
    .filter((m) => m.status === "active" && m.mentor !== null && m.mentor.load < m.mentor.capacity)
    .sort(bySeed);
  const byLanguage = new Map<string, number[]>();
  mentors.forEach((mentor, j) => {
    for (const language of new Set(mentor.languages)) {
      const list = byLanguage.get(language) ?? [];
      list.push(j);
      byLanguage.set(language, list);
    }
  });
  const edges: WeightedEdge[] = [];
  newcomers.forEach((newcomer, i) => {
    const candidates = [...new Set(newcomer.languages.flatMap((language) => byLanguage.get(language) ?? []))];
    for (const j of candidates.sort((a, b) => a - b).slice(0, options.scan ?? 200)) {
      const mentor = mentors[j];
      if (mentor === undefined || brokenMentorRule(newcomer, mentor, history) !== undefined) continue;
      const weight = scoreOf(model, pairFacts(newcomer, mentor).features, [
        waitingWeeks(newcomer.joinedAt, options.now),
        0,
      ]);
      edges.push({ left: i, right: j, weight });
    }
  });
  const chosen = heaviestAssignment(
    newcomers.map(() => 1),
    mentors.map((m) => (m.mentor === null ? 0 : m.mentor.capacity - m.mentor.load)),
    edges,
  );
  return chosen.flatMap((index) => {
    const edge = edges[index];
    const newcomer = edge && newcomers[edge.left];
    const mentor = edge && mentors[edge.right];
    if (edge === undefined || newcomer === undefined || mentor === undefined) return [];
    return [
      {
        newcomer: newcomer.id,
        mentor: mentor.id,
        score: edge.weight,
        reasons: reasonsFrom(pairFacts(newcomer, mentor)),
      },
    ];
  });
}
