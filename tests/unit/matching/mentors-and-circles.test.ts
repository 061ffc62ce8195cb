import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { heaviestAssignment, type WeightedEdge } from "../../../bot/matching/bipartite-assignment.ts";
import { formCircles, isValidCircle } from "../../../bot/matching/circles.ts";
import { brokenMentorRule } from "../../../bot/matching/mentor-rules.ts";
import { matchMentors } from "../../../bot/matching/mentors.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import type { MemberId } from "../../../bot/matching/types.ts";
import { candidate, NOW, population } from "./arbitraries.ts";

const WEEK = 7 * 24 * 3600 * 1000;
const allows = <T>(list: readonly T[], value: T | null): boolean =>
  list.length === 0 || (value !== null && list.includes(value));

describe("mentors for newcomers", () => {
  it("pairs only newcomers with mentors who have room, under the hard rules, each newcomer once", () => {
    fc.assert(
      fc.property(population({ maxMembers: 20 }), (pop) => {
        const mentored = new Set(pop.members.slice(0, 2).map((m) => m.id));
        const suggestions = matchMentors(pop, { now: NOW, newcomerWeeks: 30, mentored });
        const history = new MemoryPairHistory(pop.blocks, pop.pairings);
        const byId = new Map(pop.members.map((m) => [m.id, m]));
        const perMentor = new Map<MemberId, number>();
        const newcomers = new Set<MemberId>();
        for (const s of suggestions) {
          const newcomer = byId.get(s.newcomer);
          const mentor = byId.get(s.mentor);
          if (newcomer === undefined || mentor?.mentor == null)
            throw new Error("unknown member or not a mentor");
          expect(NOW.getTime() - newcomer.joinedAt.getTime()).toBeLessThanOrEqual(30 * WEEK);
          expect(mentored.has(newcomer.id)).toBe(false);
          expect(brokenMentorRule(newcomer, mentor, history)).toBeUndefined();
          expect(newcomers.has(newcomer.id)).toBe(false);
          newcomers.add(newcomer.id);
          perMentor.set(mentor.id, (perMentor.get(mentor.id) ?? 0) + 1);
          expect(perMentor.get(mentor.id)).toBeLessThanOrEqual(mentor.mentor.capacity - mentor.mentor.load);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("prefers a mentor who has been through what the newcomer is going through", () => {
    const newcomer = candidate("@new:x", { joinedAt: NOW, role: "seeking" });
    const mentor = (id: string, stage: "now" | "past", experience: string) =>
      candidate(id, {
        mentor: { capacity: 1, load: 0 },
        experiences: [{ id: experience, stage }],
        role: "offering",
      });
    const pop = {
      members: [newcomer, mentor("@other:x", "past", "grief"), mentor("@carer:x", "past", "dementia-carer")],
      blocks: [],
      pairings: [],
    };
    expect(matchMentors(pop, { now: NOW })).toMatchObject([{ newcomer: "@new:x", mentor: "@carer:x" }]);
  });

  it("finds the exact heaviest assignment under capacities", () => {
    const edges = fc.array(
      fc.record({ left: fc.nat(3), right: fc.nat(2), weight: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
      { maxLength: 9 },
    );
    fc.assert(
      fc.property(
        edges,
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
        (raw, rightCap) => {
          const unique = raw.filter(
            (e, i) => raw.findIndex((f) => f.left === e.left && f.right === e.right) === i,
          );
          const leftCap = [1, 1, 2, 1];
          const chosen = heaviestAssignment(leftCap, rightCap, unique);
          const total = (ids: readonly number[]): number =>
            ids.reduce((sum, i) => sum + (unique[i]?.weight ?? 0), 0);
          expect(feasible(chosen, unique, leftCap, rightCap)).toBe(true);
          expect(total(chosen)).toBeCloseTo(bruteForce(unique, leftCap, rightCap), 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function feasible(
  ids: readonly number[],
  edges: readonly WeightedEdge[],
  left: number[],
  right: number[],
): boolean {
  const l = left.map(() => 0);
  const r = right.map(() => 0);
  for (const i of ids) {
    const e = edges[i];
    if (e === undefined) return false;
    l[e.left] = (l[e.left] ?? 0) + 1;
    r[e.right] = (r[e.right] ?? 0) + 1;
  }
  return l.every((c, i) => c <= (left[i] ?? 0)) && r.every((c, i) => c <= (right[i] ?? 0));
}

function bruteForce(edges: readonly WeightedEdge[], left: number[], right: number[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << edges.length; mask++) {
    const ids = edges.map((_, i) => i).filter((i) => (mask & (1 << i)) !== 0);
    if (feasible(ids, edges, left, right))
      best = Math.max(
        best,
        ids.reduce((s, i) => s + (edges[i]?.weight ?? 0), 0),
      );
  }
  return best;
}

describe("peer circles", () => {
  it("forms circles of 3–6 sharing an experience and a language, with both stages, a supporter and a common hour", () => {
    fc.assert(
      fc.property(population({ minMembers: 3, maxMembers: 30 }), (pop) => {
        const { circles, left } = formCircles(pop, { now: NOW });
        const byId = new Map(pop.members.map((m) => [m.id, m]));
        const history = new MemoryPairHistory(pop.blocks, pop.pairings);
        const seen = new Set<MemberId>();
        for (const circle of circles) {
          const members = circle.members.map((id) => byId.get(id)).filter((m) => m !== undefined);
          expect(members).toHaveLength(circle.members.length);
          expect(isValidCircle(members, circle.experience, 3, 6)).toBe(true);
          expect(circle.commonHours.length).toBeGreaterThan(0);
          for (const m of members) {
            expect(seen.has(m.id)).toBe(false);
            seen.add(m.id);
            expect(m.status).toBe("active");
            expect(m.languages).toContain(circle.language);
            for (const hour of circle.commonHours) expect(m.weeklyHours).toContain(hour);
            for (const other of members) {
              if (other === m) continue;
              expect(history.isBlocked(m.id, other.id)).toBe(false);
              expect(history.outcome(m.id, other.id)).not.toBe("ended-badly");
              expect(allows(m.filters.genders, other.attributes.gender)).toBe(true);
              expect(allows(m.filters.ageBands, other.attributes.ageBand)).toBe(true);
              const theirStage = other.experiences.find((e) => e.id === circle.experience)?.stage ?? null;
              expect(allows(m.filters.stages, theirStage)).toBe(true);
            }
          }
        }
        for (const id of left) expect(seen.has(id)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("gathers compatible members of one experience into a circle", () => {
    const member = (i: number) =>
      candidate(`@c${i}:x`, {
        experiences: [{ id: "grief", stage: i < 2 ? "past" : "now" }],
        role: i === 0 ? "offering" : "seeking",
        weeklyHours: [19, 20, 21 + i],
      });
    const { circles } = formCircles(
      { members: [0, 1, 2, 3, 4].map(member), blocks: [], pairings: [] },
      { now: NOW },
    );
    expect(circles).toHaveLength(1);
    expect(circles[0]).toMatchObject({
      experience: "grief",
      language: "en",
      stages: { now: 3, past: 2 },
      commonHours: [19, 20],
    });
  });
});
