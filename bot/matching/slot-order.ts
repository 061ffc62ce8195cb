import { hashString } from "./random.ts";
import { dailyPhase } from "./weekly-hours.ts";
import type { MatchCandidate } from "./types.ts";

/**
 * The order members get their slots in a full run. Members who will be each other's candidates (same first
 * experience and language, close daily phase) get neighbouring slots, so their records share cache lines:
 * at 100,000 members the engine waits on memory more than it computes. The order depends only on the members
 * and the seed, never on the input order, so edge IDs and every tie-break are the same for any input order.
 */
export interface SlotOrder {
  /** Indices into the members, in slot order. */
  readonly order: readonly number[];
  /** The inverse: each member's slot, by member index. */
  readonly slotOf: Int32Array;
  /** Worked out here anyway (by member index), so the table need not again. */
  readonly tie: Float64Array;
  readonly phase: Float64Array;
}

export function slotOrder(members: readonly MatchCandidate[], seed: number): SlotOrder {
  const n = members.length;
  const group = new Float64Array(n);
  const tie = new Float64Array(n);
  const phase = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const member = members[i];
    if (member === undefined) continue;
    const experience = hashString(member.experiences[0]?.id ?? "", 1) >>> 12;
    const language = hashString(member.languages[0] ?? "", 2) >>> 24;
    phase[i] = dailyPhase(member.weeklyHours);
    group[i] = (experience * 256 + language) * 32 + Math.floor(phase[i] ?? 0);
    tie[i] = hashString(member.id, seed);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const d = (group[a] ?? 0) - (group[b] ?? 0) || (tie[a] ?? 0) - (tie[b] ?? 0);
    if (d !== 0) return d;
    const x = members[a]?.id ?? "";
    const y = members[b]?.id ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const slotOf = new Int32Array(n);
  for (let slot = 0; slot < n; slot++) slotOf[order[slot] ?? 0] = slot;
  return { order, slotOf, tie, phase };
}
