import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemberTable } from "../../../bot/matching/member-table.ts";
import { PairEvaluator } from "../../../bot/matching/pair-evaluator.ts";
import { pairFacts } from "../../../bot/matching/pair-facts.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import { brokenRule } from "../../../bot/matching/pair-rules.ts";
import { DEFAULT_MODEL, FEATURES, scoreOf, waitingWeeks } from "../../../bot/matching/score-model.ts";
import { NOW, population } from "./arbitraries.ts";

describe("the compiled evaluator agrees with the readable rules", () => {
  it("allows exactly the pairs the hard rules allow, with the same features and score", () => {
    fc.assert(
      fc.property(population({ maxMembers: 12 }), (pop) => {
        const history = new MemoryPairHistory(pop.blocks, pop.pairings);
        const table = new MemberTable(0, NOW, history);
        const slots = pop.members.map((m) => table.put(m));
        const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
        pop.members.forEach((a, i) =>
          pop.members.forEach((b, j) => {
            const score = evaluator.score(slots[i] ?? -1, slots[j] ?? -1);
            const rule = brokenRule(a, b, history);
            expect({ pair: `${a.id} ${b.id}`, allowed: score >= 0 }).toEqual({
              pair: `${a.id} ${b.id}`,
              allowed: rule === undefined,
            });
            if (rule !== undefined) return;
            const facts = pairFacts(a, b);
            FEATURES.forEach((name, f) =>
              expect(evaluator.features[f]).toBeCloseTo(facts.features[name], 12),
            );
            const waiting = [waitingWeeks(a.waitingSince, NOW), waitingWeeks(b.waitingSince, NOW)] as const;
            expect(score).toBeCloseTo(scoreOf(DEFAULT_MODEL, facts.features, waiting), 6);
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("reads lists instead of packed records when a member has more than fits", () => {
    fc.assert(
      fc.property(population({ maxMembers: 8 }), (pop) => {
        // Many experiences and many tags push members past the packed record.
        const wide = pop.members.map((m, i) => ({
          ...m,
          experiences: [
            ...m.experiences,
            ...["a", "b", "c", "d"].map((id) => ({ id: `${id}${i % 2}`, stage: "past" as const })),
          ],
          strengths: [...m.strengths, ...Array.from({ length: 40 }, (_, t) => `tag-${t}`)],
        }));
        const history = new MemoryPairHistory(pop.blocks, pop.pairings);
        const table = new MemberTable(0, NOW, history);
        const slots = wide.map((m) => table.put(m));
        const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
        wide.forEach((a, i) =>
          wide.forEach((b, j) => {
            const score = evaluator.score(slots[i] ?? -1, slots[j] ?? -1);
            expect(score >= 0).toBe(brokenRule(a, b, history) === undefined);
            if (score >= 0)
              expect(evaluator.features[3]).toBeCloseTo(pairFacts(a, b).features.complement, 12);
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("agrees on pairs where only one record overflows (filters and tags of the other still count)", () => {
    fc.assert(
      fc.property(population({ maxMembers: 10 }), (pop) => {
        // Every other member gets more experiences and tags than a record packs.
        const mixed = pop.members.map((m, i) =>
          i % 2 === 0
            ? m
            : {
                ...m,
                experiences: [
                  ...m.experiences,
                  ...["a", "b", "c", "d"].map((id) => ({ id: `${id}${i % 3}`, stage: "past" as const })),
                ],
                strengths: [...m.strengths, ...Array.from({ length: 40 }, (_, t) => `tag-${t}`)],
              },
        );
        const history = new MemoryPairHistory(pop.blocks, pop.pairings);
        const table = new MemberTable(0, NOW, history);
        const slots = mixed.map((m) => table.put(m));
        const evaluator = new PairEvaluator(table, DEFAULT_MODEL);
        mixed.forEach((a, i) =>
          mixed.forEach((b, j) => {
            const score = evaluator.score(slots[i] ?? -1, slots[j] ?? -1);
            expect(score >= 0).toBe(brokenRule(a, b, history) === undefined);
            if (score < 0) return;
            const facts = pairFacts(a, b);
            FEATURES.forEach((name, f) =>
              expect(evaluator.features[f]).toBeCloseTo(facts.features[name], 12),
            );
          }),
        );
      }),
      { numRuns: 150 },
    );
  });
});
