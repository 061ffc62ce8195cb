import type { PairHistory } from "./pair-history.ts";
import { sharedHourCount } from "./weekly-hours.ts";
import type { MatchCandidate, Role, Stage } from "./types.ts";

/**
 * The hard rules, written to be read: the engine runs a compiled copy of them (pair-evaluator.ts), and the
 * property tests check every suggestion against this one.
 */
export type HardRule =
  | "same-member"
  | "not-active"
  | "no-capacity"
  | "blocked"
  | "ended-badly"
  | "already-paired"
  | "no-shared-language"
  | "nobody-seeking"
  | "no-shared-experience"
  | "age-filter"
  | "gender-filter"
  | "stage-filter"
  | "no-shared-hours";

export const MIN_SHARED_HOURS = 1;

export const seeks = (role: Role): boolean => role !== "offering";
export const offers = (role: Role): boolean => role !== "seeking";

const allows = <T>(list: readonly T[], value: T | null): boolean =>
  list.length === 0 || (value !== null && list.includes(value));

export interface SharedExperience {
  readonly id: string;
  /** The stages of the pair's first and second member. */
  readonly stages: readonly [Stage, Stage];
}

/** Experiences both share on which each one's stage passes the other's stage filter. */
export function acceptableSharedExperiences(a: MatchCandidate, b: MatchCandidate): SharedExperience[] {
  const shared: SharedExperience[] = [];
  for (const ea of a.experiences) {
    const eb = b.experiences.find((e) => e.id === ea.id);
    if (eb === undefined || shared.some((s) => s.id === ea.id)) continue;
    if (allows(a.filters.stages, eb.stage) && allows(b.filters.stages, ea.stage))
      shared.push({ id: ea.id, stages: [ea.stage, eb.stage] });
  }
  return shared.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** The first hard rule a suggested pairing of a and b would break, or undefined if it breaks none. */
export function brokenRule(a: MatchCandidate, b: MatchCandidate, history: PairHistory): HardRule | undefined {
  if (a.id === b.id) return "same-member";
  if (a.status !== "active" || b.status !== "active") return "not-active";
  if (a.load >= a.capacity || b.load >= b.capacity) return "no-capacity";
  if (history.isBlocked(a.id, b.id)) return "blocked";
  const outcome = history.outcome(a.id, b.id);
  if (outcome === "ended-badly") return "ended-badly";
  if (outcome === "active") return "already-paired";
  if (!a.languages.some((language) => b.languages.includes(language))) return "no-shared-language";
  if (!seeks(a.role) && !seeks(b.role)) return "nobody-seeking";
  if (!a.experiences.some((ea) => b.experiences.some((eb) => eb.id === ea.id))) return "no-shared-experience";
  if (!allows(a.filters.ageBands, b.attributes.ageBand) || !allows(b.filters.ageBands, a.attributes.ageBand))
    return "age-filter";
  if (!allows(a.filters.genders, b.attributes.gender) || !allows(b.filters.genders, a.attributes.gender))
    return "gender-filter";
  if (acceptableSharedExperiences(a, b).length === 0) return "stage-filter";
  if (sharedHourCount(a.weeklyHours, b.weeklyHours) < MIN_SHARED_HOURS) return "no-shared-hours";
  return undefined;
}
