import { MemoryPairHistory } from "./pair-history.ts";
import { brokenRule, type HardRule } from "./pair-rules.ts";
import { waitingWeeks } from "./score-model.ts";
import type { MemberId, Population } from "./types.ts";

/** For operators: why a waiting member has no suggestion. */
export interface WaitingReport {
  readonly member: MemberId;
  readonly waitingWeeks: number;
  /** Set when the member cannot be matched at all right now (paused, suspended, or at capacity). */
  readonly own: "not-active" | "no-capacity" | null;
  /** Members sharing an experience and a language, counted by the first hard rule that rules each out. */
  readonly ruledOut: Readonly<Partial<Record<HardRule, number>>>;
  /** Members it could be matched with (their room may have gone to better-scoring pairings). */
  readonly possible: number;
}

/** One pass over the community with the readable rules: meant for the few members an operator looks at. */
export function waitingReport(
  population: Population,
  memberId: MemberId,
  now: Date,
): WaitingReport | undefined {
  const member = population.members.find((m) => m.id === memberId);
  if (member === undefined) return undefined;
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  const own =
    member.status !== "active" ? "not-active" : member.load >= member.capacity ? "no-capacity" : null;
  const ruledOut: Partial<Record<HardRule, number>> = {};
  let possible = 0;
  for (const other of population.members) {
    if (other.id === member.id) continue;
    const sharesGround =
      other.languages.some((l) => member.languages.includes(l)) &&
      other.experiences.some((e) => member.experiences.some((m) => m.id === e.id));
    if (!sharesGround) continue;
    const rule = own === null ? brokenRule(member, other, history) : undefined;
    if (rule === undefined) possible += own === null ? 1 : 0;
    else ruledOut[rule] = (ruledOut[rule] ?? 0) + 1;
  }
  return { member: member.id, waitingWeeks: waitingWeeks(member.waitingSince, now), own, ruledOut, possible };
}
