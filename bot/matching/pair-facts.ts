import { acceptableSharedExperiences, offers, seeks, type SharedExperience } from "./pair-rules.ts";
import type { Features } from "./score-model.ts";
import { sharedHourCount } from "./weekly-hours.ts";
import type { Channel, MatchCandidate } from "./types.ts";

/** Hours of overlap beyond which more overlap adds nothing. */
export const FULL_OVERLAP_HOURS = 10;

/** What two members have in common: the material of both the score and the reasons. */
export interface PairFacts {
  readonly features: Features;
  readonly experiences: readonly SharedExperience[];
  readonly sharedHours: number;
  readonly channels: readonly Channel[];
  /** Strengths of the second member that meet needs of the first, and the other way round. */
  readonly helpsFirst: readonly string[];
  readonly helpsSecond: readonly string[];
}

/** The list without repeats; most lists have none, and are returned as they are. */
function unique<T>(list: readonly T[]): readonly T[] {
  if (list.length < 2) return list;
  for (let i = 1; i < list.length; i++)
    if (list.lastIndexOf(list[i - 1] as T) !== i - 1) return [...new Set(list)];
  return list;
}

const NONE: readonly string[] = Object.freeze([]);

function met(needs: readonly string[], strengths: readonly string[]): readonly string[] {
  if (needs.length === 0 || strengths.length === 0) return NONE;
  return unique(needs).filter((need) => strengths.includes(need));
}

/** x (the pair's member `xi`) has been through s, which y is in now, and x offers what y seeks. */
function supports(x: MatchCandidate, y: MatchCandidate, s: SharedExperience, xi: 0 | 1): boolean {
  return s.stages[xi] === "past" && s.stages[xi === 0 ? 1 : 0] === "now" && offers(x.role) && seeks(y.role);
}

/**
 * The facts of a pair that breaks no hard rule (see brokenRule). `sharedHours` may be given when already counted
 * (the engine reads it off both members' packed weeks).
 */
export function pairFacts(
  a: MatchCandidate,
  b: MatchCandidate,
  sharedHours = sharedHourCount(a.weeklyHours, b.weeklyHours),
): PairFacts {
  const experiences = acceptableSharedExperiences(a, b);
  const beenThrough = experiences.some((s) => supports(a, b, s, 0) || supports(b, a, s, 1));
  const bothInIt = experiences.some((s) => s.stages[0] === "now" && s.stages[1] === "now");
  const helpsFirst = met(a.needs, b.strengths);
  const helpsSecond = met(b.needs, a.strengths);
  const needCount = unique(a.needs).length + unique(b.needs).length;
  const hours = sharedHours;
  const channelsA = unique(a.channels);
  const channelsB = unique(b.channels);
  const channels = channelsA.filter((c) => channelsB.includes(c));
  const shorter = Math.min(channelsA.length, channelsB.length);
  return {
    features: {
      beenThrough: beenThrough ? 1 : 0,
      bothInIt: bothInIt ? 1 : 0,
      moreShared: Math.min(1, Math.max(0, experiences.length - 1) / 2),
      complement: needCount === 0 ? 0 : (helpsFirst.length + helpsSecond.length) / needCount,
      availability: Math.min(hours, FULL_OVERLAP_HOURS) / FULL_OVERLAP_HOURS,
      channels: shorter === 0 ? 0 : channels.length / shorter,
      roles: (seeks(a.role) && offers(b.role)) || (seeks(b.role) && offers(a.role)) ? 1 : 0,
    },
    experiences,
    sharedHours: hours,
    channels,
    helpsFirst,
    helpsSecond,
  };
}
