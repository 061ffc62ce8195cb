import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CandidateIndex } from "../../../bot/matching/candidate-index.ts";
import { CandidateSearch } from "../../../bot/matching/candidate-search.ts";
import { DONE, FAILED, NEXT, newLinkJob } from "../../../bot/matching/link-job.ts";
import {
  lastLinkReport,
  lastPathsSearch,
  runLinkJob,
  stopLinkHelper,
} from "../../../bot/matching/link-helper.ts";
import { Matcher } from "../../../bot/matching/matcher.ts";
import { MemberTable } from "../../../bot/matching/member-table.ts";
import { PairEvaluator } from "../../../bot/matching/pair-evaluator.ts";
import { MemoryPairHistory } from "../../../bot/matching/pair-history.ts";
import { DEFAULT_MODEL } from "../../../bot/matching/score-model.ts";
import { SharedTableView, shareTable } from "../../../bot/matching/shared-table.ts";
import { slotOrder } from "../../../bot/matching/slot-order.ts";
import type { MemberId, Population } from "../../../bot/matching/types.ts";
import { NOW, population } from "./arbitraries.ts";

const SEED = 5;
const LIMITS = { scan: 64, keep: 4 };
/** Two IDs whose tie hashes under SEED are equal, so only their IDs can order them. */
const EQUAL_TIES = ["tie-6809", "tie-770100"] as const;
/** More tags than a record's 31-bit masks hold: members with these overflow to the table's lists. */
const MANY_TAGS = Array.from({ length: 34 }, (_, i) => `tag-${i}`);

function compiled(pop: Population): { table: MemberTable; index: CandidateIndex; pool: number[] } {
  const table = new MemberTable(SEED, NOW, new MemoryPairHistory(pop.blocks, pop.pairings));
  const order = slotOrder(pop.members, SEED);
  expect(table.putAll(pop.members, order.slotOf, order.tie, order.phase)).toBe(true);
  const pool = [...Array(table.size).keys()].filter((slot) => table.available[slot] === 1);
  const index = new CandidateIndex(table);
  index.build(pool);
  return { table, index, pool };
}

/** Some members get the colliding IDs, some wide tag and gender lists. */
function awkward(pop: Population): Population {
  const rename = new Map<MemberId, MemberId>(
    EQUAL_TIES.slice(0, pop.members.length).map((id, i) => [`m${i}` as MemberId, id as MemberId]),
  );
  const id = (m: MemberId): MemberId => rename.get(m) ?? m;
  return {
    members: pop.members.map((m, i) => ({
      ...m,
      id: id(m.id),
      ...(i % 3 === 1 ? { strengths: MANY_TAGS.slice(i % 5), needs: MANY_TAGS.slice(0, 33 - (i % 4)) } : {}),
    })),
    blocks: pop.blocks.map((b) => ({ by: id(b.by), blocked: id(b.blocked) })),
    pairings: pop.pairings.map((p) => ({ ...p, members: [id(p.members[0]), id(p.members[1])] as const })),
  };
}

/** The path search's round count, which labels in the slots' state must never collide with (an internal). */
const roundsOf = (matcher: Matcher): number =>
  (matcher as unknown as { engine: { paths: { rounds: number } } }).engine.paths.rounds;

const searchOver = (view: MemberTable | SharedTableView, index: CandidateIndex): CandidateSearch =>
  new CandidateSearch(view, index, new PairEvaluator(view, DEFAULT_MODEL), LIMITS);

const partners = (search: CandidateSearch, slot: number): [number[], number[]] => {
  const found = search.search(slot);
  return [Array.from(search.found.subarray(0, found)), Array.from(search.scores.subarray(0, found))];
};

describe("linking on two threads", () => {
  afterAll(async () => {
    await stopLinkHelper();
  });

  it("reads the same partners from shared memory as from the member table", () => {
    fc.assert(
      fc.property(population({ maxMembers: 40 }).map(awkward), (pop) => {
        const { table, index, pool } = compiled(pop);
        const view = new SharedTableView(shareTable(table, index.pack()));
        const shared = CandidateIndex.overPacked(view, index.pack());
        for (let a = 0; a < table.size; a++)
          for (let b = 0; b < table.size; b++) {
            expect(view.avoids(a, b)).toBe(table.avoids(a, b));
            expect(view.before(a, b)).toBe(table.before(a, b));
          }
        const here = searchOver(table, index);
        const there = searchOver(view, shared);
        for (const slot of pool) expect(partners(there, slot)).toEqual(partners(here, slot));
      }),
      { numRuns: 120 },
    );
  });

  it("gives the plan one thread gives, and the same updates after, with the helper thread taking part", async () => {
    const [pop] = fc.sample(population({ minMembers: 2500, maxMembers: 2500 }), { numRuns: 1, seed: 7 });
    if (pop === undefined) throw new Error("no population");
    const later = pop.members.slice(0, 40).map((m, i) => ({ ...m, id: `later-${i}` as MemberId }));
    const change = { members: later, removed: pop.members.slice(100, 130).map((m) => m.id) };
    const one = new Matcher(pop, { now: NOW, seed: 3, helperFrom: Infinity });
    const alone = one.plan();
    const roundsAlone = roundsOf(one);
    const afterAlone = one.update(change);
    // The helper starts with the first run and joins once it is up: wait for a run it linked in and searched.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const two = new Matcher(pop, { now: NOW, seed: 3, helperFrom: 0 });
      expect(two.plan()).toEqual(alone);
      // Later searches number their rounds after the helper's, as after searching here.
      expect(roundsOf(two)).toBe(roundsAlone);
      // The paths' per-member labels and round numbers came back from the helper: later searches agree too.
      expect(two.update(change)).toEqual(afterAlone);
      const report = lastLinkReport();
      expect(report?.recovered).toBe(0);
      if ((report?.byHelper ?? 0) > 0 && lastPathsSearch() === "helper") break;
      if (Date.now() > deadline) throw new Error("the helper thread never took part");
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  });

  it("links the chunks a failed helper took and left", () => {
    const [pop] = fc.sample(population({ minMembers: 300, maxMembers: 300 }), { numRuns: 1, seed: 9 });
    if (pop === undefined) throw new Error("no population");
    const { table, index, pool } = compiled(pop);
    const job = newLinkJob(shareTable(table, index.pack()), pool, DEFAULT_MODEL, LIMITS, 16);
    // As a helper leaves it when it dies inside its first chunk.
    Atomics.store(job.control, NEXT, 1);
    Atomics.store(job.chunkState, 0, 1);
    Atomics.store(job.control, FAILED, 1);
    const report = runLinkJob(job, searchOver(table, index));
    expect(report.recovered).toBeGreaterThan(0);
    expect(Atomics.load(job.control, DONE)).toBeLessThan(report.chunks);
    const fresh = searchOver(table, index);
    pool.forEach((slot, i) => {
      const [found, scores] = partners(fresh, slot);
      const at = i * LIMITS.keep;
      expect(job.counts[i]).toBe(found.length);
      expect(Array.from(job.found.subarray(at, at + found.length))).toEqual(found);
      expect(Array.from(job.scores.subarray(at, at + found.length))).toEqual(scores);
    });
  });
});
