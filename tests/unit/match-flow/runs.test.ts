import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  answerSuggestion,
  endPairing,
  grantRole,
  listSuggestionsFor,
  setLooking,
  waitingReport,
} from "../../../bot/match-flow/index.ts";
import { allPairings } from "../../../bot/match-flow/pairings-store.ts";
import { matchingTick } from "../../../bot/match-flow/run.ts";
import { loadMatchStatus } from "../../../bot/match-flow/status-store.ts";
import { suggestionsIn } from "../../../bot/match-flow/suggestions-store.ts";
import type { Profile } from "../../../bot/onboarding/profile.ts";
import { GRIEF_NOW, GRIEF_PAST, matchWorld, type MatchWorld } from "../../support/match-flow-world.ts";

const HOUR = 3_600_000;
const TICK = 6_000;
const WEEK = 7 * 24 * HOUR;

describe("matching runs: crash safety, mentors, circles, and the use cases the web calls", () => {
  let world: MatchWorld;
  beforeEach(async () => {
    world = await matchWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const pending = () => suggestionsIn(world.handle.db, world.flow.cipher, ["suggested", "accepted"]);

  it("leaves nothing behind when a run is interrupted, and the next run suggests once", async () => {
    const ana = await world.member("ana", GRIEF_PAST);
    const ben = await world.member("ben", GRIEF_NOW);
    await expect(
      world.handle.db.transaction().execute(async (trx) => {
        const { effects } = await matchingTick(trx, world.flow, world.peerRooms, world.now());
        expect(effects.length).toBeGreaterThan(0);
        throw new Error("the process died here");
      }),
    ).rejects.toThrow("the process died here");
    expect(await pending()).toHaveLength(0);
    // The homeserver is down for the first DM: retried, delivered once.
    world.matrix.failures.push("unavailable");
    await world.advance(TICK);
    await world.advance(TICK);
    expect(await pending()).toHaveLength(1);
    expect(world.dms(ana.userId).filter((d) => d.includes("I've found a peer"))).toHaveLength(1);
    expect(world.dms(ben.userId).filter((d) => d.includes("I've found a peer"))).toHaveLength(1);
    // Same members, same seed: running again changes nothing.
    await world.advance(6 * 60_000);
    expect(await pending()).toHaveLength(1);
  });

  it("offers newcomers a mentor (within the mentor's own capacity) alongside a peer", async () => {
    const mentorProfile: Profile = { ...GRIEF_PAST, experiences: [{ id: "caregiving", stage: "past" }] };
    const mia = await world.member("mia", mentorProfile, 10 * WEEK);
    await grantRole(
      world.handle.db,
      { memberId: mia.id, role: "mentor", source: "moderator", capacity: 1 },
      world.now(),
    );
    const ana = await world.member("ana", GRIEF_PAST, 10 * WEEK);
    const ben = await world.member("ben", GRIEF_NOW);
    await world.advance(TICK);
    const kinds = (await listSuggestionsFor(world.handle.db, world.flow, ben.id)).map((s) => [
      s.kind,
      s.role,
    ]);
    expect(kinds.sort()).toEqual([
      ["mentor", "newcomer"],
      ["pair", "peer"],
    ]);
    expect(world.dms(mia.userId).at(-1)).toContain("A newcomer could use a mentor");
    expect(world.dms(ben.userId).some((d) => d.includes("introduce you to a mentor"))).toBe(true);
    expect(world.dms(ana.userId)).toHaveLength(1);
    const mentorNumber = (await listSuggestionsFor(world.handle.db, world.flow, ben.id)).find(
      (s) => s.kind === "mentor",
    )?.number;
    await world.say(ben.userId, `accept ${mentorNumber ?? 0}`);
    await world.say(mia.userId, "accept");
    const [pairing] = await allPairings(world.handle.db);
    expect(pairing?.kind).toBe("mentor");
    // Mentoring does not take the newcomer's place in the peer queue.
    expect((await loadMatchStatus(world.handle.db, ben.id))?.waitingSince ?? "unset").not.toBeNull();
  });

  it("suggests a peer circle to members who waited past the circle wait, and opens it once all accept", async () => {
    const offering = (id: string, stage: "now" | "past"): Profile => ({
      ...GRIEF_PAST,
      role: "offering",
      experiences: [{ id, stage }],
    });
    const ann = await world.member("ann", offering("grief", "past"), 25 * HOUR);
    const bob = await world.member("bob", offering("grief", "now"), 25 * HOUR);
    const cy = await world.member("cy", offering("grief", "past"), 25 * HOUR);
    // Their profiles are older than the last run, so the scheduled run finds them.
    await world.advance(5 * 60_000 + TICK);
    // Asked first: no room, no pairing, until they answer.
    expect(await allPairings(world.handle.db)).toEqual([]);
    expect(world.matrix.calls.filter((c) => c.kind === "open_peer_room")).toHaveLength(0);
    const invitation = world.dms(bob.userId).at(-1) ?? "";
    expect(invitation).toContain("small peer circle (suggestion 1)");
    expect(invitation).toContain(
      "3 members who share an experience with you; 1 of you is going through grief and loss and 2 have been through grief and loss, and at least one of you offers support",
    );
    expect(invitation).toContain("meets weekly");
    expect(invitation).toContain('"accept 1"');
    for (const other of [ann, cy]) expect(invitation).not.toContain(other.userId);

    await world.say(ann.userId, "accept");
    expect(world.dms(ann.userId).at(-1)).toContain("you've said yes to the circle (suggestion 1)");
    await world.say(bob.userId, "accept 1");
    expect(world.matrix.calls.filter((c) => c.kind === "open_peer_room")).toHaveLength(0);
    await world.say(cy.userId, "accept 1");
    const [circle] = await allPairings(world.handle.db);
    expect(circle?.kind).toBe("circle");
    expect(circle?.members).toHaveLength(3);
    const opened = world.matrix.calls.filter((c) => c.kind === "open_peer_room");
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ members: expect.arrayContaining([ann.userId, bob.userId, cy.userId]) });
    for (const member of [ann, bob, cy])
      expect(world.dms(member.userId).at(-1)).toContain("The circle is going ahead with 3 members");
    // Joining is up to each: one who leaves leaves the circle, which goes on with the others.
    const roomId = world.matrix.peerRoomIds.get(circle?.peerRoomId ?? "");
    if (roomId === undefined) throw new Error("no room");
    for (const member of [ann, bob]) await world.membership(roomId, member.userId, "join");
    await world.membership(roomId, cy.userId, "leave");
    await world.advance(TICK);
    const [after] = await allPairings(world.handle.db);
    expect(after?.status).toBe("active");
    expect(after?.members.find((m) => m.memberId === cy.id)?.endedAt).not.toBeNull();
    expect(after?.members.find((m) => m.memberId === ann.id)?.endedAt).toBeNull();
    expect(await loadMatchStatus(world.handle.db, cy.id)).toMatchObject({ looking: true });
  });

  it("answers, ends, looks and reports for the web, queuing its messages in the same transaction", async () => {
    const ana = await world.member("ana", GRIEF_PAST);
    const ben = await world.member("ben", GRIEF_NOW);
    const cat = await world.member("cat", {
      ...GRIEF_NOW,
      availability: { days: ["sun"], times: ["morning"] },
    });
    await world.advance(TICK);
    const [view] = await listSuggestionsFor(world.handle.db, world.flow, ana.id);
    if (view === undefined) throw new Error("no suggestion");
    expect(view.reasons).toContain("They are going through grief and loss");
    expect(
      (
        await answerSuggestion(
          world.handle.db,
          world.flow,
          world.peerRooms,
          cat.id,
          view.id,
          "accept",
          world.now(),
        )
      ).ok,
    ).toBe(false);
    expect(
      (
        await answerSuggestion(
          world.handle.db,
          world.flow,
          world.peerRooms,
          ana.id,
          view.id,
          "accept",
          world.now(),
        )
      ).ok,
    ).toBe(true);
    const both = await answerSuggestion(
      world.handle.db,
      world.flow,
      world.peerRooms,
      ben.id,
      view.id,
      "accept",
      world.now(),
    );
    expect(both.ok && both.value.state).toBe("opened");
    await world.advance(TICK);
    expect(world.matrix.calls.filter((c) => c.kind === "open_peer_room")).toHaveLength(1);
    expect(world.dms(ana.userId).at(-1)).toContain("You both said yes");

    const pairingId = both.ok ? (both.value.pairingId ?? "") : "";
    const ended = await endPairing(
      world.handle.db,
      world.flow,
      ana.id,
      pairingId,
      { outcome: "helped", note: "" },
      world.now(),
    );
    expect(ended.ok).toBe(true);
    await world.advance(TICK);
    expect(world.dms(ben.userId).at(-1)).toContain("Pairing 1 has ended");

    const report = await waitingReport(world.handle.db, world.flow, world.now());
    const catLine = report.find((r) => r.userId === cat.userId);
    expect(catLine).toMatchObject({ own: null, possible: 0, ruledOut: { "no-shared-hours": 2 } });
    await setLooking(world.handle.db, cat.id, false, world.now());
    expect(
      (await waitingReport(world.handle.db, world.flow, world.now())).map((r) => r.userId),
    ).not.toContain(cat.userId);
    expect(await loadMatchStatus(world.handle.db, cat.id)).toMatchObject({
      looking: false,
      waitingSince: null,
    });
  });
});
