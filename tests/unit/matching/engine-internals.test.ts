import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CandidateIndex } from "../../../bot/matching/candidate-index.ts";
import { CandidateSearch } from "../../../bot/matching/candidate-search.ts";
import { MemberTable } from "../../../bot/matching/member-table.ts";
import { PairEvaluator } from "../../../bot/matching/pair-evaluator.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import { DEFAULT_MODEL } from "../../../bot/matching/score-model.ts";
import { slotOrder } from "../../../bot/matching/slot-order.ts";
import type { Population } from "../../../bot/matching/types.ts";
import { ListPool } from "../../../bot/matching/vocabulary.ts";
import { NOW, population } from "./arbitraries.ts";

function compiled(pop: Population): { table: MemberTable; pool: number[] } {
  const table = new MemberTable(5, NOW, new MemoryPairHistory(pop.blocks, pop.pairings));
  const order = slotOrder(pop.members, 5);
  expect(table.putAll(pop.members, order.slotOf, order.tie, order.phase)).toBe(true);
  const pool = [...Array(table.size).keys()].filter((slot) => table.available[slot] === 1);
  return { table, pool };
}

const visits = (index: CandidateIndex, slot: number): number[] => {
  const seen: number[] = [];
  index.scan(slot, 1000, (other) => seen.push(other));
  return seen;
};

describe("the engine's internals", () => {
  it("keeps each member's best partners exactly, as trying every pair would (no valid better pair dropped)", () => {
    fc.assert(
      fc.property(population({ maxMembers: 16 }), (pop) => {
        const { table, pool } = compiled(pop);
        const index = new CandidateIndex(table);
        index.build(pool);
        const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
        // A scan wide enough to see every bucket whole, so only the pruning rules can lose a pair.
        const search = new CandidateSearch(table, index, evaluator, { scan: 1000, keep: 3 });
        for (const slot of pool) {
          const found = search.search(slot);
          const kept = Array.from(search.found.subarray(0, found));
          const everyone = pool
            .filter((other) => other !== slot)
            .map((other) => ({ other, score: evaluator.score(slot, other) }))
            .filter(({ score }) => score >= 0)
            .sort((x, y) => y.score - x.score || (table.before(x.other, y.other) ? -1 : 1))
            .slice(0, 3)
            .map(({ other }) => other);
          expect(kept).toEqual(everyone);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("scans the same members after removals and re-insertions as after a fresh build", () => {
    fc.assert(
      fc.property(
        population({ minMembers: 3, maxMembers: 16 }),
        fc.integer({ min: 1, max: 5 }),
        (pop, step) => {
          const { table, pool } = compiled(pop);
          const fresh = new CandidateIndex(table);
          fresh.build(pool);
          const updated = new CandidateIndex(table);
          updated.build(pool);
          const moved = pool.filter((_, i) => i % step === 0);
          for (const slot of moved) updated.remove(slot);
          for (const slot of [...moved].reverse()) updated.insert(slot);
          for (const slot of pool) expect(visits(updated, slot)).toEqual(visits(fresh, slot));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("falls back to one-by-one compiling when two members share an ID", () => {
    fc.assert(
      fc.property(population({ minMembers: 2, maxMembers: 8 }), (pop) => {
        const first = pop.members[0];
        if (first === undefined) return;
        const members = [...pop.members, { ...first, capacity: first.capacity + 1 }];
        const table = new MemberTable(1, NOW, new MemoryPairHistory());
        const order = slotOrder(members, 1);
        expect(table.putAll(members, order.slotOf, order.tie, order.phase)).toBe(false);
        expect(table.size).toBe(0);
        expect(table.slotOf.size).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it("shares equal lists, short (numeric key) or long (text key)", () => {
    const pool = new ListPool();
    const scratch = [3, 7];
    const shared = pool.shared(scratch);
    scratch.push(9);
    expect(shared).toEqual([3, 7]);
    expect(pool.shared([3, 7])).toBe(shared);
    expect(pool.shared([3, 7, 9])).not.toBe(shared);
    const long = [1, 2, 3, 4, 5000, 6];
    expect(pool.shared([...long])).toBe(pool.shared(long));
    expect(pool.shared(long)).toEqual(long);
    expect(pool.shared([])).toEqual([]);
  });
});
