import type { PairHistory } from "./pair-history.ts";
import type { HardRule } from "./pair-rules.ts";
import { sharedHourCount } from "./weekly-hours.ts";
import { MIN_SHARED_HOURS } from "./pair-rules.ts";
import type { MatchCandidate } from "./types.ts";

const allows = <T>(list: readonly T[], value: T | null): boolean =>
  list.length === 0 || (value !== null && list.includes(value));

/**
 * The hard rules for a newcomer and a mentor: those of peers, less the ones about peer support (a shared
 * experience, someone seeking, peer capacity and stage filters); mentor capacity is checked by the caller.
 */
export function brokenMentorRule(
  newcomer: MatchCandidate,
  mentor: MatchCandidate,
  history: PairHistory,
): HardRule | undefined {
  if (newcomer.id === mentor.id) return "same-member";
  if (newcomer.status !== "active" || mentor.status !== "active") return "not-active";
  if (history.isBlocked(newcomer.id, mentor.id)) return "blocked";
  const outcome = history.outcome(newcomer.id, mentor.id);
  if (outcome === "ended-badly") return "ended-badly";
  if (outcome === "active") return "already-paired";
  if (!newcomer.languages.some((language) => mentor.languages.includes(language)))
    return "no-shared-language";
  if (
    !allows(newcomer.filters.ageBands, mentor.attributes.ageBand) ||
    !allows(mentor.filters.ageBands, newcomer.attributes.ageBand)
  )
    return "age-filter";
  if (
    !allows(newcomer.filters.genders, mentor.attributes.gender) ||
    !allows(mentor.filters.genders, newcomer.attributes.gender)
  )
    return "gender-filter";
  if (sharedHourCount(newcomer.weeklyHours, mentor.weeklyHours) < MIN_SHARED_HOURS) return "no-shared-hours";
  return undefined;
}
