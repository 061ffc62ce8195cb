import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optimumUpperBound } from "../../../bot/matching/exact-optimum.ts";
import { Matcher } from "../../../bot/matching/matcher.ts";
import { MemberTable } from "../../../bot/matching/member-table.ts";
import { PairEvaluator } from "../../../bot/matching/pair-evaluator.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import { DEFAULT_MODEL } from "../../../bot/matching/score-model.ts";
import type { Population } from "../../../bot/matching/types.ts";
import { NOW, population } from "./arbitraries.ts";

/** The true best total by trying every set of valid pairs (tiny communities only). */
function bruteForceOptimum(pop: Population): number {
  const table = new MemberTable(0, NOW, new MemoryPairHistory(pop.blocks, pop.pairings));
  const slots = pop.members.map((m) => table.put(m));
  const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
  const edges: { a: number; b: number; w: number }[] = [];
  slots.forEach((a, i) =>
    slots.forEach((b, j) => {
      const w = j > i ? evaluator.score(a, b) : -1;
      if (w > 0) edges.push({ a: i, b: j, w });
    }),
  );
  const room = pop.members.map((m) => (m.status === "active" ? Math.max(0, m.capacity - m.load) : 0));
  let best = 0;
  const search = (k: number, total: number): void => {
    if (k === edges.length) {
      best = Math.max(best, total);
      return;
    }
    search(k + 1, total);
    const e = edges[k];
    if (e === undefined || (room[e.a] ?? 0) === 0 || (room[e.b] ?? 0) === 0) return;
    room[e.a] = (room[e.a] ?? 0) - 1;
    room[e.b] = (room[e.b] ?? 0) - 1;
    search(k + 1, total + e.w);
    room[e.a] = (room[e.a] ?? 0) + 1;
    room[e.b] = (room[e.b] ?? 0) + 1;
  };
  search(0, 0);
  return best;
}

describe("the exact optimum used to measure quality", () => {
  it("is never below the true best total, and the engine never above it", () => {
    fc.assert(
      fc.property(population({ minMembers: 2, maxMembers: 8 }), (pop) => {
        const truth = bruteForceOptimum(pop);
        expect(optimumUpperBound(pop, { now: NOW })).toBeGreaterThanOrEqual(truth - 1e-6);
        const engine = new Matcher(pop, { now: NOW }).plan().totalScore;
        expect(engine).toBeLessThanOrEqual(truth + 1e-6);
        // Greedy alone guarantees half; the local improvement does much better on small communities.
        expect(engine).toBeGreaterThanOrEqual(truth * 0.75 - 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});
