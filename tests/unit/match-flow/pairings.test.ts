import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RoomId } from "../../../bot/ids.ts";
import { describeMatchingModel, matchingModel } from "../../../bot/match-flow/model.ts";
import { DEFAULT_MODEL } from "../../../bot/matching/score-model.ts";
import { blocksBy } from "../../../bot/match-flow/blocks-store.ts";
import { LAST_RUN_KEY } from "../../../bot/match-flow/looking.ts";
import { allPairings, feedbackNote } from "../../../bot/match-flow/pairings-store.ts";
import { suggestionsIn } from "../../../bot/match-flow/suggestions-store.ts";
import { loadPeerRoom } from "../../../bot/peer-rooms/store.ts";
import { readSetting } from "../../../bot/stores/settings.ts";
import { GRIEF_NOW, GRIEF_PAST, matchWorld, type MatchWorld } from "../../support/match-flow-world.ts";

const TICK = 6_000;
const RUN = 5 * 60_000 + TICK;

describe("pairings: ending, feedback, again, block, pause", () => {
  let world: MatchWorld;
  beforeEach(async () => {
    world = await matchWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  async function paired() {
    const ana = await world.member("ana", GRIEF_PAST);
    const ben = await world.member("ben", GRIEF_NOW);
    await world.advance(TICK);
    await world.say(ana.userId, "accept");
    await world.say(ben.userId, "accept");
    const [pairing] = await allPairings(world.handle.db);
    const room = await loadPeerRoom(world.handle.db, pairing?.peerRoomId ?? "");
    if (pairing === undefined || room?.roomId == null) throw new Error("no pairing");
    return { ana, ben, pairing, roomId: room.roomId };
  }

  const pending = () => suggestionsIn(world.handle.db, world.flow.cipher, ["suggested"]);

  it("ends a pairing when its room closes and asks each member privately how it went", async () => {
    const { ana, ben, roomId } = await paired();
    await world.membership(roomId, ana.userId, "join");
    await world.membership(roomId, ben.userId, "join");
    await world.membership(roomId, ben.userId, "leave");
    await world.advance(TICK);
    const [pairing] = await allPairings(world.handle.db);
    expect(pairing?.status).toBe("ended");
    expect(world.dms(ana.userId).at(-1)).toContain("Pairing 1 has ended");
    expect(world.dms(ben.userId).at(-1)).toContain('reply "again 1"');

    await world.say(ana.userId, "helped it was good to be heard");
    expect(world.dms(ana.userId).at(-1)).toContain("Thank you for telling me");
    expect(await feedbackNote(world.handle.db, world.flow.cipher, pairing?.id ?? "", ana.id)).toBe(
      "it was good to be heard",
    );
    await world.say(ben.userId, "not helped");
    expect((await allPairings(world.handle.db))[0]?.members.map((m) => m.outcome).sort()).toEqual([
      "helped",
      "not_helped",
    ]);
  });

  it("ends by command with feedback in one go; an ended-badly pairing is never repeated, even if both ask", async () => {
    const { ana, ben, roomId } = await paired();
    await world.say(ben.userId, "end not helped we did not click");
    expect(world.matrix.notices().at(-1)).toContain("has ended this pairing");
    expect(world.matrix.calls.at(-1)).not.toMatchObject({ kind: "notice", roomId: "" });
    expect(
      (await loadPeerRoom(world.handle.db, (await allPairings(world.handle.db))[0]?.peerRoomId ?? ""))
        ?.status,
    ).toBe("closed");
    expect(world.dms(ben.userId).at(-1)).toContain("Thank you for telling me");
    expect(world.dms(ana.userId).at(-1)).toContain("Pairing 1 has ended");
    // Ben's "not helped" is private: Ana's wish is noted like any other, and simply never offered.
    await world.say(ana.userId, "again 1");
    expect(world.dms(ana.userId).at(-1)).toContain("If they ask too");
    expect(world.dms(ana.userId).join("\n")).not.toContain("won't suggest that pairing again");
    // Ben said it himself, so he may be told.
    await world.say(ben.userId, "again 1");
    expect(world.dms(ben.userId).at(-1)).toContain("won't suggest that pairing again");
    await world.advance(RUN);
    expect(await pending()).toHaveLength(0);
    expect(roomId).toBeDefined();
  });

  it("suggests the same peers again when both ask, and trains on the feedback at the next run", async () => {
    const { ana, ben } = await paired();
    await world.say(ana.userId, "end 1 helped");
    await world.say(ben.userId, "helped");
    await world.advance(RUN);
    // Ended pairs are not offered again on their own…
    expect(await pending()).toHaveLength(0);
    expect((await allPairings(world.handle.db))[0]?.members).toBeDefined();
    await world.say(ana.userId, "again");
    expect(world.dms(ana.userId).at(-1)).toContain("If they ask too");
    await world.say(ben.userId, "again 1");
    expect(world.dms(ben.userId).at(-1)).toContain("You both asked to talk again");
    await world.advance(TICK);
    const [again] = await pending();
    expect(again?.members).toEqual([ana.id, ben.id].sort());
    expect(world.dms(ben.userId).at(-1)).toContain("suggestion 2");
    const learned = await world.handle.db.selectFrom("pairings").select("learned_at").execute();
    expect(learned.every((row) => row.learned_at !== null)).toBe(true);
    // A "helped" ending of a been-through-it pairing pulls its weight up from the default.
    const model = await matchingModel(world.handle.db);
    expect(model.examples).toBe(1);
    expect(model.weights.beenThrough).toBeGreaterThan(DEFAULT_MODEL.weights.beenThrough);
    expect(await describeMatchingModel(world.handle.db)).toContain("learned from 1 pieces of feedback");
  });

  it("blocks a past peer; pause stops suggestions until resume", async () => {
    const { ana, ben } = await paired();
    await world.say(ana.userId, "end 1 neutral");
    await world.say(ana.userId, "block 1");
    expect(world.dms(ana.userId).at(-1)).toContain("never suggest you to each other again");
    expect(await blocksBy(world.handle.db, ana.id)).toEqual([ben.id]);
    await world.say(ben.userId, "block 7");
    expect(world.dms(ben.userId).at(-1)).toContain("only block a past or current peer");
    // The block is not told: Ben asking again hears what he would hear had Ana not asked.
    await world.say(ana.userId, "again 1");
    await world.say(ben.userId, "again 1");
    expect(world.dms(ben.userId).at(-1)).toContain("If they ask too");

    const cat = await world.member("cat", GRIEF_NOW);
    await world.say(cat.userId, "pause");
    expect(world.dms(cat.userId).at(-1)).toContain("Matching is paused");
    await world.advance(RUN);
    expect((await pending()).filter((s) => s.members.includes(cat.id))).toHaveLength(0);
    await world.say(cat.userId, "resume");
    await world.advance(TICK);
    expect((await pending()).filter((s) => s.members.includes(cat.id))).toHaveLength(1);
    expect(world.dms(cat.userId).at(-1)).toContain("I've found a peer");
  });

  it("answers members without a profile, and lists suggestions and peers", async () => {
    await world.say("@nobody:community.test" as never, "match");
    expect(world.dms("@nobody:community.test" as never).at(-1)).toContain("complete your profile");
    const { ana } = await paired();
    await world.say(ana.userId, "peers");
    expect(world.dms(ana.userId).at(-1)).toMatch(/^1\. with @ben:community\.test: active/);
    await world.say(ana.userId, "suggestions");
    expect(world.dms(ana.userId).at(-1)).toContain("No suggestion is waiting");
    expect(await readSetting(world.handle.db, LAST_RUN_KEY)).toBeDefined();
    expect("" as RoomId).toBe("");
  });
});
