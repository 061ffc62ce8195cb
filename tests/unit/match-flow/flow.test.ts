import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RoomId } from "../../../bot/ids.ts";
import { allPairings } from "../../../bot/match-flow/pairings-store.ts";
import { loadMatchStatus } from "../../../bot/match-flow/status-store.ts";
import { suggestionsIn } from "../../../bot/match-flow/suggestions-store.ts";
import { matchStatusOf } from "../../../bot/match-flow/looking.ts";
import { loadPeerRoom } from "../../../bot/peer-rooms/store.ts";
import { GRIEF_NOW, GRIEF_PAST, matchWorld, type MatchWorld } from "../../support/match-flow-world.ts";

const HOUR = 3_600_000;
const TICK = 6_000;

describe("the matching flow through the real processor", () => {
  let world: MatchWorld;
  beforeEach(async () => {
    world = await matchWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  async function suggestedPair() {
    const ana = await world.member("ana", GRIEF_PAST);
    const ben = await world.member("ben", GRIEF_NOW);
    await world.advance(TICK);
    return { ana, ben };
  }

  it("suggests by DM with the reasons in plain words, and opens a peer room only when both accept", async () => {
    const { ana, ben } = await suggestedPair();
    const [toAna] = world.dms(ana.userId);
    const [toBen] = world.dms(ben.userId);
    expect(toAna).toContain("suggestion 1");
    expect(toAna).toContain("They are going through grief and loss, which you have been through");
    expect(toBen).toContain("They have been through grief and loss and know what you are going through");
    expect(toBen).toContain("10 hours a week overlap");
    expect(toBen).toContain('"accept 1"');
    // Neither learns who the other is before both accept.
    expect(toAna).not.toContain("ben");
    expect(toBen).not.toContain("ana");

    await world.say(ana.userId, "accept");
    expect(world.dms(ana.userId).at(-1)).toContain("as soon as the other member accepts");
    expect(world.matrix.calls.filter((c) => c.kind === "open_peer_room")).toHaveLength(0);
    await world.say(ben.userId, "accept 1");
    expect(world.dms(ben.userId).at(-1)).toContain("You both said yes");
    expect(world.dms(ana.userId).at(-1)).toContain("You both said yes");
    const opened = world.matrix.calls.filter((c) => c.kind === "open_peer_room");
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ members: expect.arrayContaining([ana.userId, ben.userId]) });

    const [pairing] = await allPairings(world.handle.db);
    expect(pairing).toMatchObject({ kind: "pair", status: "active" });
    const room = await loadPeerRoom(world.handle.db, pairing?.peerRoomId ?? "");
    expect(room?.status).toBe("open");
    expect(world.peerRooms.open(room?.purposeSealed ?? "")).toBe(
      "One of you has been through grief and loss and the other is going through grief and loss; 10 hours a week overlap; you both prefer text",
    );
    // The purpose is shown only inside the encrypted room, to whoever joins.
    await world.membership(room?.roomId as RoomId, ben.userId, "join");
    expect(world.matrix.notices().at(-1)).toContain("Why you're here: One of you has been through grief");
    expect((await loadMatchStatus(world.handle.db, ana.id))?.waitingSince).toBeNull();
  });

  it("counts an answer given twice once, and one after the room opened changes nothing", async () => {
    const { ana, ben } = await suggestedPair();
    await world.say(ana.userId, "accept 1");
    await world.say(ana.userId, "accept 1");
    expect(world.dms(ana.userId).at(-1)).toContain("already accepted");
    await world.say(ben.userId, "accept 1");
    await world.say(ben.userId, "accept 1");
    await world.say(ana.userId, "decline 1");
    expect(world.dms(ana.userId).at(-1)).toContain("already opened");
    expect(world.matrix.calls.filter((c) => c.kind === "open_peer_room")).toHaveLength(1);
    expect(await allPairings(world.handle.db)).toHaveLength(1);
  });

  it("tells the other kindly on a decline, keeps both places and does not suggest the pair again", async () => {
    const { ana, ben } = await suggestedPair();
    const waitingBefore = (await loadMatchStatus(world.handle.db, ben.id))?.waitingSince ?? null;
    await world.say(ben.userId, "decline");
    expect(world.dms(ana.userId).at(-1)).toContain("won't go ahead this time");
    expect(world.dms(ben.userId).at(-1)).toContain("You keep your place");
    await world.say(ana.userId, "match");
    await world.advance(TICK);
    expect(await suggestionsIn(world.handle.db, world.flow.cipher, ["suggested"])).toHaveLength(0);
    expect((await loadMatchStatus(world.handle.db, ben.id))?.waitingSince ?? null).toEqual(waitingBefore);
  });

  it("expires an unanswered suggestion after 48 hours: both told, the waiting member keeps their place", async () => {
    const { ana, ben } = await suggestedPair();
    const waitingBefore = (await matchStatusOf(world.handle.db, ben.id)).waitingSince;
    expect(waitingBefore).not.toBeNull();
    await world.advance(47 * HOUR);
    expect(world.dms(ben.userId).at(-1)).not.toContain("lapsed");
    await world.advance(1 * HOUR + TICK);
    expect(world.dms(ana.userId).some((d) => d.includes("Suggestion 1 has lapsed"))).toBe(true);
    expect(world.dms(ben.userId).some((d) => d.includes("Suggestion 1 has lapsed"))).toBe(true);
    expect((await matchStatusOf(world.handle.db, ben.id)).waitingSince).toEqual(waitingBefore);
    await world.say(ben.userId, "accept 1");
    expect(world.dms(ben.userId).at(-1)).toContain("already expired");
  });

  it("reads strength and need tags from profiles: a need met by a strength is a reason", async () => {
    const ana = await world.member("ana", { ...GRIEF_PAST, strengthTags: ["practical-tips"] });
    const ben = await world.member("ben", { ...GRIEF_NOW, needTags: ["practical-tips"] });
    await world.advance(TICK);
    expect(world.dms(ben.userId)[0]).toContain("they can help with practical tips");
    expect(world.dms(ana.userId)[0]).toContain("you can help them with practical tips");
  });
});
