import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optimumUpperBound } from "../../../bot/matching/exact-optimum.ts";
import { Matcher } from "../../../bot/matching/matcher.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import { brokenRule } from "../../../bot/matching/pair-rules.ts";
import type { MatchPlan } from "../../../bot/matching/plan.ts";
import type { MemberId, Population } from "../../../bot/matching/types.ts";
import { NOW, population } from "./arbitraries.ts";

const RUNS = { numRuns: 150 };

/** Every hard rule holds for every suggestion, no pair twice, nobody beyond their capacity. */
function expectValid(plan: MatchPlan, pop: Population): void {
  const history = new MemoryPairHistory(pop.blocks, pop.pairings);
  const byId = new Map(pop.members.map((m) => [m.id, m]));
  const taken = new Map<MemberId, number>();
  const pairs = new Set<string>();
  for (const {
    members: [a, b],
  } of plan.suggestions) {
    const first = byId.get(a);
    const second = byId.get(b);
    if (first === undefined || second === undefined) throw new Error(`unknown member in ${a}–${b}`);
    expect(brokenRule(first, second, history)).toBeUndefined();
    expect(pairs.has(`${a} ${b}`)).toBe(false);
    pairs.add(`${a} ${b}`);
    taken.set(a, (taken.get(a) ?? 0) + 1);
    taken.set(b, (taken.get(b) ?? 0) + 1);
  }
  for (const [id, count] of taken) {
    const member = byId.get(id);
    expect(count).toBeLessThanOrEqual((member?.capacity ?? 0) - (member?.load ?? 0));
  }
}

const pairsOf = (plan: MatchPlan): string[] => plan.suggestions.map((s) => s.members.join(" ")).sort();

const shuffledPopulation = population().chain((pop) =>
  fc.tuple(
    fc.constant(pop),
    fc.shuffledSubarray([...pop.members], { minLength: pop.members.length, maxLength: pop.members.length }),
  ),
);

describe("matching engine (properties over generated communities)", () => {
  it("never breaks a hard rule and never exceeds a capacity", () => {
    fc.assert(
      fc.property(population(), fc.integer(), (pop, seed) => {
        expectValid(new Matcher(pop, { now: NOW, seed }).plan(), pop);
      }),
      RUNS,
    );
  });

  it("gives the same suggestions for the same seed, whatever the input order", () => {
    fc.assert(
      fc.property(shuffledPopulation, fc.integer(), ([pop, shuffled], seed) => {
        const first = new Matcher(pop, { now: NOW, seed }).plan();
        const again = new Matcher({ ...pop, members: shuffled }, { now: NOW, seed }).plan();
        expect(pairsOf(again)).toEqual(pairsOf(first));
        expect(again.totalScore).toBeCloseTo(first.totalScore, 9);
      }),
      RUNS,
    );
  });

  it("never claims more than the exact optimum allows", () => {
    fc.assert(
      fc.property(population(), (pop) => {
        const plan = new Matcher(pop, { now: NOW }).plan();
        expect(plan.totalScore).toBeLessThanOrEqual(optimumUpperBound(pop, { now: NOW }) + 1e-6);
      }),
      RUNS,
    );
  });

  it("keeps every rule and capacity through incremental updates", () => {
    fc.assert(
      fc.property(
        population({ minMembers: 4 }),
        population({ minMembers: 1, maxMembers: 6 }),
        (pop, extra) => {
          const matcher = new Matcher(pop, { now: NOW, seed: 3 });
          const before = matcher.plan();
          // Newcomers (renamed so they are new) and one member replaced by an edited copy.
          const newcomers = extra.members.map((m) => ({ ...m, id: `new-${m.id}` as MemberId }));
          const edited = pop.members[0] === undefined ? [] : [{ ...pop.members[0], capacity: 3, load: 0 }];
          const change = matcher.update({
            members: [...newcomers, ...edited],
            blocks: pop.blocks.slice(0, 1),
          });
          const after = matcher.plan();
          const members = [...pop.members.slice(edited.length), ...edited, ...newcomers];
          expectValid(after, { members, blocks: pop.blocks, pairings: pop.pairings });
          // The reported change is exactly the difference between the plans.
          const was = new Set(pairsOf(before));
          const is = new Set(pairsOf(after));
          expect(change.added.map((s) => s.members.join(" ")).sort()).toEqual(
            [...is].filter((p) => !was.has(p)).sort(),
          );
          expect(change.withdrawn.map((p) => p.join(" ")).sort()).toEqual(
            [...was].filter((p) => !is.has(p)).sort(),
          );
        },
      ),
      RUNS,
    );
  });

  it("drops a member's suggestions when they are removed or block their partner", () => {
    fc.assert(
      fc.property(population({ minMembers: 4 }), (pop) => {
        const matcher = new Matcher(pop, { now: NOW });
        const first = matcher.plan().suggestions[0];
        if (first === undefined) return;
        const [a, b] = first.members;
        matcher.update({ blocks: [{ by: a, blocked: b }] });
        expect(pairsOf(matcher.plan())).not.toContain(`${a} ${b}`);
        matcher.update({ removed: [a] });
        expect(matcher.plan().suggestions.some((s) => s.members.includes(a))).toBe(false);
      }),
      RUNS,
    );
  });
});
