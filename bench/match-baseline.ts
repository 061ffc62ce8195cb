import { MemberTable } from "../bot/matching/member-table.ts";
import { PairEvaluator } from "../bot/matching/pair-evaluator.ts";
import { MemoryPairHistory } from "../bot/matching/pair-history.ts";
import { DEFAULT_MODEL } from "../bot/matching/score-model.ts";
import type { Population } from "../bot/matching/types.ts";

/**
 * First come, first served, as platforms that hand a request to whoever answers first: members in the order
 * they started waiting each take the first member (in the same order) they may be paired with who has room.
 * Same hard rules and same scores as the engine, so the totals compare.
 */
export function firstComeFirstServed(population: Population, now: Date): { total: number; pairs: number } {
  const history = new MemoryPairHistory(population.blocks, population.pairings);
  const arrival = [...population.members].sort(
    (a, b) =>
      (a.waitingSince ?? a.joinedAt).getTime() - (b.waitingSince ?? b.joinedAt).getTime() ||
      (a.id < b.id ? -1 : 1),
  );
  const table = new MemberTable(0, now, history, Math.max(64, arrival.length));
  const slots = arrival.map((member) => table.put(member));
  const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
  const room = slots.map((slot) => (table.available[slot] === 1 ? (table.spare[slot] ?? 0) : 0));
  const paired = new Set<string>();
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < slots.length; i++) {
    for (let j = 0; j < slots.length && (room[i] ?? 0) > 0; j++) {
      if (i === j || (room[j] ?? 0) === 0 || paired.has(i < j ? `${i}:${j}` : `${j}:${i}`)) continue;
      const score = evaluator.score(slots[i] ?? 0, slots[j] ?? 0);
      if (score < 0) continue;
      paired.add(i < j ? `${i}:${j}` : `${j}:${i}`);
      room[i] = (room[i] ?? 0) - 1;
      room[j] = (room[j] ?? 0) - 1;
      total += score;
      pairs++;
    }
  }
  return { total, pairs };
}
