import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestMatchingRun, setPaused } from "../../../bot/match-flow/index.ts";
import { addBlock } from "../../../bot/match-flow/blocks-store.ts";
import { matchingTick, prepareMatchingRun } from "../../../bot/match-flow/run.ts";
import { suggestionsIn } from "../../../bot/match-flow/suggestions-store.ts";
import type { Profile } from "../../../bot/onboarding/profile.ts";
import { saveProfile } from "../../../bot/onboarding/profiles-store.ts";
import { enqueueEffects } from "../../../bot/stores/outbox.ts";
import {
  GRIEF_NOW,
  GRIEF_PAST,
  matchWorld,
  matchWorldWith,
  type MatchWorld,
} from "../../support/match-flow-world.ts";

const MINUTE = 60_000;

/**
 * Runs driven by hand, as the processor drives them: `prepareMatchingRun` reads and plans outside any
 * transaction, then `matchingTick` offers inside one. The world's own processor has nothing due meanwhile
 * (its clock does not move), so these calls are the only runs.
 */
describe("matching runs prepared outside the transaction", () => {
  let world: MatchWorld;
  let minute = 0;
  const at = (): Date => new Date(world.now().getTime() + ++minute * MINUTE);
  beforeEach(async () => {
    world = await matchWorld();
    minute = 0;
    await world.processor.idle(); // its first run, on an empty community, is over
  });
  afterEach(async () => {
    await world.close();
  });

  const pending = async () =>
    (await suggestionsIn(world.handle.db, world.flow.cipher, ["suggested"])).map((s) => s.members);
  const run = async (now = at()) => {
    // The world's clock stands still, so profiles look older than the last run: ask for the run, as "match" does.
    await requestMatchingRun(world.handle.db, now);
    const prepared = await prepareMatchingRun(world.handle.db, world.flow, now);
    if (prepared === undefined) throw new Error("no run was due");
    await world.handle.db.transaction().execute(async (trx) => {
      const { effects } = await matchingTick(trx, world.flow, world.peerRooms, now, prepared);
      // Queued at the processor's own time (its clock stands still), so it delivers them at once.
      await enqueueEffects(trx, `test-run:${now.toISOString()}`, effects, world.now());
    });
    return prepared;
  };
  /** Members nobody can be matched with (a language of their own each), so that the community is not tiny. */
  const strangers = async (count: number) => {
    for (let i = 0; i < count; i++)
      await world.member(`stranger${i}`, { ...GRIEF_NOW, languages: [`x-${i}`] });
  };

  it("keeps the engine between runs: a newcomer is matched by an update, and a scheduled run builds afresh", async () => {
    await strangers(20);
    const ana = await world.member("ana", { ...GRIEF_PAST, capacity: 2 });
    const ben = await world.member("ben", GRIEF_NOW);
    const first = await run();
    expect(first.engine.mode).toBe("built");
    expect(await pending()).toEqual([[ana.id, ben.id].sort()]);

    const cat = await world.member("cat", GRIEF_NOW);
    const second = await run();
    // Only what changed went to the engine: the newcomer, and ana and ben's new load and pairing.
    expect(second.engine).toEqual({ mode: "updated", changed: 4 });
    expect(await pending()).toContainEqual([ana.id, cat.id].sort());

    const scheduled = await run(new Date(world.now().getTime() + world.flow.everyMs + 10 * MINUTE));
    expect(scheduled.engine.mode).toBe("built");
    expect(scheduled.pairs).toEqual([]);
  });

  const preparedPair = async () => {
    const ana = await world.member("ana", GRIEF_PAST);
    const ben = await world.member("ben", GRIEF_NOW);
    const now = at();
    await requestMatchingRun(world.handle.db, now);
    const prepared = await prepareMatchingRun(world.handle.db, world.flow, now);
    expect(prepared?.pairs.map((p) => p.members)).toEqual([[ana.id, ben.id].sort()]);
    const commit = () =>
      world.handle.db
        .transaction()
        .execute((trx) => matchingTick(trx, world.flow, world.peerRooms, at(), prepared));
    return { ana, ben, commit };
  };

  it("does not offer a member who paused between the read and the offer", async () => {
    const { ben, commit } = await preparedPair();
    await setPaused(world.handle.db, ben.id, true, world.now());
    const { summary } = await commit();
    expect(summary.suggested).toBe(0);
    expect(await pending()).toEqual([]);
  });

  it("does not offer a pair blocked in between, nor from a profile saved in between; the next run reads it", async () => {
    const first = await preparedPair();
    await addBlock(world.handle.db, first.ana.id, first.ben.id, world.now());
    expect((await first.commit()).summary.suggested).toBe(0);
    expect(await pending()).toEqual([]);

    const cat = await world.member("cat", GRIEF_NOW);
    const now = at();
    await requestMatchingRun(world.handle.db, now);
    const prepared = await prepareMatchingRun(world.handle.db, world.flow, now);
    expect(prepared?.pairs.map((p) => p.members)).toEqual([[first.ana.id, cat.id].sort()]);
    const other: Profile = { ...GRIEF_NOW, languages: ["fr"] };
    await saveProfile(world.handle.db, world.flow.cipher, cat.id, other, at());
    await world.handle.db
      .transaction()
      .execute((trx) => matchingTick(trx, world.flow, world.peerRooms, at(), prepared));
    expect(await pending()).toEqual([]);
    // The saved profile is what the next run matches: cat now speaks only French, so nobody is offered.
    await run();
    expect(await pending()).toEqual([]);
  });

  it("keeps no copy of a suggestion's DM once it is delivered: it names experiences and why", async () => {
    await world.member("ana", GRIEF_PAST);
    await world.member("ben", GRIEF_NOW);
    await run();
    world.processor.wake();
    await world.processor.idle();
    const rows = await world.handle.db.selectFrom("outbox").select(["status", "payload_json"]).execute();
    const delivered = rows.filter((r) => r.status === "done");
    expect(world.matrix.calls.filter((c) => c.kind === "direct")).toHaveLength(2);
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.payload_json).not.toContain("grief");
  });

  it("makes at most `offersPerRun` offers in one transaction, and the rest in the run that follows at once", async () => {
    const w = await matchWorldWith({ offersPerRun: 1 });
    try {
      await w.member("ana", GRIEF_PAST);
      await w.member("ben", GRIEF_NOW);
      await w.member("cy", GRIEF_PAST);
      await w.member("dee", GRIEF_NOW);
      const suggested = async () => (await suggestionsIn(w.handle.db, w.flow.cipher, ["suggested"])).length;
      await w.advance(6_000);
      // One tick prepares and offers one; the run it asked for offers the other, five seconds later.
      expect(await suggested()).toBe(1);
      await w.advance(6_000);
      expect(await suggested()).toBe(2);
      expect(
        new Set((await suggestionsIn(w.handle.db, w.flow.cipher, ["suggested"])).flatMap((x) => x.members))
          .size,
      ).toBe(4);
    } finally {
      await w.close();
    }
  });
});
