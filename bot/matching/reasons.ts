import type { PairFacts } from "./pair-facts.ts";
import type { Channel, Stage } from "./types.ts";

/** Why two members were suggested to each other, as facts; reason-text.ts words them for one of the two. */
export type Reason =
  | { readonly kind: "experience"; readonly experience: string; readonly stages: readonly [Stage, Stage] }
  /** `helper` (0 or 1: which of the pair) has strengths the other asked for. */
  | { readonly kind: "helps"; readonly helper: 0 | 1; readonly strengths: readonly string[] }
  | { readonly kind: "hours"; readonly hours: number }
  | { readonly kind: "channels"; readonly channels: readonly Channel[] }
  | { readonly kind: "more-experiences"; readonly count: number };

/** The experience a pairing is about: been-through-it ↔ in-it-now first, then both in it, then any. */
function leadingExperience(facts: PairFacts): PairFacts["experiences"][number] | undefined {
  const mixed = facts.experiences.find((e) => e.stages[0] !== e.stages[1]);
  if (facts.features.beenThrough === 1 && mixed !== undefined) return mixed;
  return (
    facts.experiences.find((e) => e.stages[0] === "now" && e.stages[1] === "now") ?? facts.experiences[0]
  );
}

/** Reasons in a fixed order, so the wording reads the same every time: experience, help, time, channel. */
export function reasonsFrom(facts: PairFacts): Reason[] {
  const reasons: Reason[] = [];
  const lead = leadingExperience(facts);
  if (lead !== undefined) reasons.push({ kind: "experience", experience: lead.id, stages: lead.stages });
  if (facts.helpsFirst.length > 0) reasons.push({ kind: "helps", helper: 1, strengths: facts.helpsFirst });
  if (facts.helpsSecond.length > 0) reasons.push({ kind: "helps", helper: 0, strengths: facts.helpsSecond });
  reasons.push({ kind: "hours", hours: facts.sharedHours });
  if (facts.channels.length > 0) reasons.push({ kind: "channels", channels: facts.channels });
  if (facts.experiences.length > 1)
    reasons.push({ kind: "more-experiences", count: facts.experiences.length - 1 });
  return reasons;
}
