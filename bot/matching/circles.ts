import { MemoryPairHistory, type PairHistory } from "./pair-history.ts";
import { offers } from "./pair-rules.ts";
import { hashString } from "./random.ts";
import { waitingWeeks } from "./score-model.ts";
import type { MatchCandidate, MemberId, Population, Stage } from "./types.ts";

export interface CircleOptions {
  readonly now: Date;
  readonly seed?: number;
  readonly minSize?: number;
  readonly maxSize?: number;
  /** Members looked at per seat, to bound the work in large buckets. */
  readonly scan?: number;
}

/** A weekly peer circle: 3–6 members sharing an experience and a language, with an hour all of them are free. */
export interface Circle {
  readonly experience: string;
  readonly language: string;
  readonly members: readonly MemberId[];
  /** UTC hours of the week when every member is free; the circle meets in one of them. */
  readonly commonHours: readonly number[];
  /** How many members are in it now and how many have been through it. */
  readonly stages: Readonly<Record<Stage, number>>;
}

const allows = <T>(list: readonly T[], value: T | null): boolean =>
  list.length === 0 || (value !== null && list.includes(value));

const stageOn = (member: MatchCandidate, experience: string): Stage | undefined =>
  member.experiences.find((e) => e.id === experience)?.stage;

/** May these two sit in the same circle about `experience`? Blocks, bad history and filters both ways. */
function compatible(a: MatchCandidate, b: MatchCandidate, experience: string, history: PairHistory): boolean {
  if (history.isBlocked(a.id, b.id) || history.outcome(a.id, b.id) === "ended-badly") return false;
  const stageA = stageOn(a, experience) ?? null;
  const stageB = stageOn(b, experience) ?? null;
  return (
    allows(a.filters.ageBands, b.attributes.ageBand) &&
    allows(b.filters.ageBands, a.attributes.ageBand) &&
    allows(a.filters.genders, b.attributes.gender) &&
    allows(b.filters.genders, a.attributes.gender) &&
    allows(a.filters.stages, stageB) &&
    allows(b.filters.stages, stageA)
  );
}

/** A circle is valid with enough members, both stages present and at least one member offering support. */
export function isValidCircle(
  members: readonly MatchCandidate[],
  experience: string,
  minSize: number,
  maxSize: number,
): boolean {
  const stages = new Set(members.map((m) => stageOn(m, experience)));
  return (
    members.length >= minSize &&
    members.length <= maxSize &&
    stages.has("now") &&
    stages.has("past") &&
    members.some((m) => offers(m.role))
  );
}

/**
 * Forms circles from the members given (those who asked for one, or waited too long for a 1:1 match). Per
 * experience and language, the longest-waiting member seeds a circle, which then takes whoever best fills what
 * it lacks (a stage, a supporter), keeps an hour everyone is free, and respects everyone's filters and blocks.
 * A circle that cannot be completed is dropped and its members stay available. Each member joins at most one.
 */
export function formCircles(
  population: Population,
  options: CircleOptions,
): { circles: Circle[]; left: MemberId[] } {
  const minSize = options.minSize ?? 3;
  const maxSize = options.maxSize ?? 6;
  const seed = options.seed ?? 0;
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  const active = population.members.filter((m) => m.status === "active");
  const priority = new Map(
    active.map((m) => [m.id, waitingWeeks(m.waitingSince, options.now) * 2 ** 32 - hashString(m.id, seed)]),
  );
  const order = (a: MatchCandidate, b: MatchCandidate): number =>
    (priority.get(b.id) ?? 0) - (priority.get(a.id) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const placed = new Set<MemberId>();
  const circles: Circle[] = [];
  const pools = new Map<string, { experience: string; language: string; members: MatchCandidate[] }>();
  for (const member of active) {
    for (const { id: experience } of member.experiences) {
      for (const language of new Set(member.languages)) {
        const key = JSON.stringify([experience, language]);
        const pool = pools.get(key) ?? { experience, language, members: [] };
        if (!pool.members.includes(member)) pool.members.push(member);
        pools.set(key, pool);
      }
    }
  }
  for (const pool of [...pools.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p)) {
    const { experience, language } = pool;
    const members = pool.members.sort(order);
    for (const seedMember of members) {
      if (placed.has(seedMember.id)) continue;
      const circle = grow(seedMember, members, placed, experience, history, {
        maxSize,
        scan: options.scan ?? 200,
      });
      if (circle === null || !isValidCircle(circle.members, experience, minSize, maxSize)) continue;
      for (const member of circle.members) placed.add(member.id);
      circles.push({
        experience,
        language,
        members: circle.members.map((m) => m.id),
        commonHours: circle.hours,
        stages: {
          now: circle.members.filter((m) => stageOn(m, experience) === "now").length,
          past: circle.members.filter((m) => stageOn(m, experience) === "past").length,
        },
      });
    }
  }
  return { circles, left: active.filter((m) => !placed.has(m.id)).map((m) => m.id) };
}

function grow(
  seedMember: MatchCandidate,
  pool: readonly MatchCandidate[],
  placed: ReadonlySet<MemberId>,
  experience: string,
  history: PairHistory,
  limits: { readonly maxSize: number; readonly scan: number },
): { members: MatchCandidate[]; hours: number[] } | null {
  const members = [seedMember];
  let hours = [...new Set(seedMember.weeklyHours)];
  while (members.length < limits.maxSize) {
    const hasNow = members.some((m) => stageOn(m, experience) === "now");
    const hasPast = members.some((m) => stageOn(m, experience) === "past");
    const hasSupporter = members.some((m) => offers(m.role));
    let best: { member: MatchCandidate; hours: number[]; value: number } | null = null;
    let looked = 0;
    for (const candidate of pool) {
      if (looked >= limits.scan) break;
      if (placed.has(candidate.id) || members.includes(candidate)) continue;
      looked++;
      if (!members.every((m) => compatible(m, candidate, experience, history))) continue;
      const shared = hours.filter((hour) => candidate.weeklyHours.includes(hour));
      if (shared.length === 0) continue;
      const stage = stageOn(candidate, experience);
      // What the circle lacks first, then more common hours; ties keep pool order (longest waiting first).
      const value =
        (!hasNow && stage === "now" ? 100 : 0) +
        (!hasPast && stage === "past" ? 100 : 0) +
        (!hasSupporter && offers(candidate.role) ? 50 : 0) +
        Math.min(shared.length, 10);
      if (best === null || value > best.value) best = { member: candidate, hours: shared, value };
    }
    if (best === null) break;
    members.push(best.member);
    hours = best.hours;
  }
  return members.length > 1 ? { members, hours: hours.sort((a, b) => a - b) } : null;
}
