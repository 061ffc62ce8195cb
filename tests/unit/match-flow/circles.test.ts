import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UserId } from "../../../bot/ids.ts";
import { grantRole, listCircleInvitationsFor, waitingReport } from "../../../bot/match-flow/index.ts";
import { circleInvitationsOf, circleInvitees } from "../../../bot/match-flow/circle-invitations-store.ts";
import { allPairings } from "../../../bot/match-flow/pairings-store.ts";
import { readCommunity } from "../../../bot/match-flow/population.ts";
import { matchingTick } from "../../../bot/match-flow/run.ts";
import { loadMatchStatus } from "../../../bot/match-flow/status-store.ts";
import {
  insertSuggestion,
  PENDING_STATES,
  suggestionsIn,
  updateSuggestion,
} from "../../../bot/match-flow/suggestions-store.ts";
import { DEFAULT_MODEL } from "../../../bot/matching/score-model.ts";
import type { Stage } from "../../../bot/matching/types.ts";
import type { MemberId } from "../../../bot/onboarding/members-store.ts";
import type { Profile } from "../../../bot/onboarding/profile.ts";
import { GRIEF_NOW, GRIEF_PAST, matchWorld, type MatchWorld } from "../../support/match-flow-world.ts";

const HOUR = 3_600_000;
const TICK = 6_000;
const RUN = 5 * 60_000 + TICK;

/** A member open to groups, sharing grief; "offering" members never make a 1:1 pair among themselves. */
const profile = (stage: Stage, role: Profile["role"] = "offering"): Profile => ({
  ...GRIEF_PAST,
  role,
  experiences: [{ id: "grief", stage }],
});

interface Someone {
  readonly id: MemberId;
  readonly userId: UserId;
}

describe("peer circles ask first: accept, decline, expiry", () => {
  let world: MatchWorld;
  beforeEach(async () => {
    world = await matchWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  /** Members who waited past the circle wait; the next run suggests them a circle. */
  async function waiting(...stages: [string, Stage, Profile["role"]?][]): Promise<Someone[]> {
    const members: Someone[] = [];
    for (const [name, stage, role] of stages)
      members.push(await world.member(name, profile(stage, role), 25 * HOUR));
    return members;
  }
  const opened = () => world.matrix.calls.filter((c) => c.kind === "open_peer_room");
  const lastDm = (m: Someone) => world.dms(m.userId).at(-1) ?? "";
  const waitingSince = async (m: Someone) => (await loadMatchStatus(world.handle.db, m.id))?.waitingSince;
  const invitations = (m: Someone) => circleInvitationsOf(world.handle.db, world.flow.cipher, m.id);

  it("opens with the rest when one declines, if three with a supporter and both stages remain", async () => {
    const [ann, bob, cy, dee] = await waiting(
      ["ann", "past"],
      ["bob", "now"],
      ["cy", "past"],
      ["dee", "now"],
    );
    if (ann === undefined || bob === undefined || cy === undefined || dee === undefined)
      throw new Error("setup");
    await world.advance(RUN);
    expect(lastDm(dee)).toContain("4 members who share an experience with you");
    const deeSince = await waitingSince(dee);
    await world.say(dee.userId, "decline");
    expect(lastDm(dee)).toContain("you won't be in that circle (suggestion 1). You keep your place");
    // Free again at once, and in the queue where they were.
    expect(await circleInvitees(world.handle.db)).toEqual(new Set([ann.id, bob.id, cy.id]));
    expect(await waitingSince(dee)).toEqual(deeSince);
    for (const m of [ann, bob]) await world.say(m.userId, "accept");
    expect(opened()).toHaveLength(0);
    await world.say(cy.userId, "accept");
    expect(opened()).toHaveLength(1);
    expect(opened()[0]).toMatchObject({
      members: expect.arrayContaining([ann.userId, bob.userId, cy.userId]),
    });
    expect(opened()[0]).not.toMatchObject({ members: expect.arrayContaining([dee.userId]) });
    const [circle] = await allPairings(world.handle.db);
    expect(circle?.members.map((m) => m.memberId).sort()).toEqual([ann.id, bob.id, cy.id].sort());
    expect(lastDm(ann)).toContain("going ahead with 3 members");
    expect(lastDm(dee)).toContain("you won't be in that circle"); // told once, not again
    expect(await waitingSince(ann)).toBeNull();
    expect(await waitingSince(dee)).toEqual(deeSince);
    expect((await invitations(dee)).map((i) => i.state)).toEqual(["opened"]);
  });

  it("closes at once when too few can still say yes: nobody gets a room, everyone keeps their place", async () => {
    const members = await waiting(["ann", "past"], ["bob", "now"], ["cy", "past"]);
    const [ann, bob, cy] = members;
    if (ann === undefined || bob === undefined || cy === undefined) throw new Error("setup");
    await world.advance(RUN);
    const before = await Promise.all(members.map(waitingSince));
    await world.say(ann.userId, "accept");
    await world.say(bob.userId, "decline 1");
    expect(opened()).toHaveLength(0);
    expect(await allPairings(world.handle.db)).toEqual([]);
    expect(lastDm(ann)).toContain(
      "The circle won't go ahead this time (suggestion 1): not enough members could join. That's okay, nobody is at fault. You stay first in line",
    );
    expect(lastDm(cy)).toContain("won't go ahead, and your answer isn't needed any more");
    expect(await Promise.all(members.map(waitingSince))).toEqual(before);
    expect(await circleInvitees(world.handle.db)).toEqual(new Set());
    await world.say(cy.userId, "accept 1");
    expect(lastDm(cy)).toContain("has already been answered or decided");
    // Two are left who may sit in a circle (bob declined, so rests): no new invitation.
    const sent = world.matrix.calls.length;
    await world.advance(RUN);
    expect(world.matrix.calls.slice(sent).filter((c) => c.kind === "direct")).toEqual([]);
  });

  it("at the deadline, opens with those who said yes when they are enough, and tells the silent kindly", async () => {
    const [ann, bob, cy, dee] = await waiting(
      ["ann", "past"],
      ["bob", "now"],
      ["cy", "past"],
      ["dee", "now"],
    );
    if (ann === undefined || bob === undefined || cy === undefined || dee === undefined)
      throw new Error("setup");
    await world.advance(RUN);
    for (const m of [ann, bob, cy]) await world.say(m.userId, "accept");
    expect(opened()).toHaveLength(0); // dee has not answered yet
    await world.advance(world.flow.suggestionTtlMs);
    expect(opened()).toHaveLength(1);
    expect(opened()[0]).toMatchObject({
      members: expect.arrayContaining([ann.userId, bob.userId, cy.userId]),
    });
    expect(lastDm(bob)).toContain("going ahead with 3 members");
    expect(lastDm(dee)).toContain("went ahead with the members who said yes, as it wasn't answered in time");
    await world.say(dee.userId, "accept 1");
    expect(lastDm(dee)).toContain("has already been answered or decided");
    expect(opened()).toHaveLength(1);
  });

  it("at the deadline with fewer than three yeses, tells everyone and opens nothing", async () => {
    const members = await waiting(["ann", "past"], ["bob", "now"], ["cy", "past"]);
    const [ann, bob, cy] = members;
    if (ann === undefined || bob === undefined || cy === undefined) throw new Error("setup");
    await world.advance(RUN);
    const before = await Promise.all(members.map(waitingSince));
    for (const m of [ann, bob]) await world.say(m.userId, "accept");
    await world.advance(world.flow.suggestionTtlMs);
    expect(opened()).toHaveLength(0);
    for (const m of [ann, bob]) expect(lastDm(m)).toContain("not enough members could join");
    expect(lastDm(cy)).toContain("won't go ahead, and your answer isn't needed any more");
    expect(await Promise.all(members.map(waitingSince))).toEqual(before);
    expect((await invitations(ann)).map((i) => [i.state, i.outcome])).toEqual([["closed", "too_few"]]);
  });

  it("does not open without a supporter: those who said yes stay first in line", async () => {
    // One supporter and three seekers who declined each other one to one (so no pair is suggested) may still
    // sit in a circle together.
    const members = await waiting(
      ["sam", "past", "offering"],
      ["ann", "now", "seeking"],
      ["bob", "now", "seeking"],
      ["cy", "past", "seeking"],
    );
    const [sam, ann, bob, cy] = members;
    if (sam === undefined || ann === undefined || bob === undefined || cy === undefined)
      throw new Error("setup");
    for (const [i, a] of members.entries())
      for (const b of members.slice(i + 1)) {
        const s = await insertSuggestion(
          world.handle.db,
          world.flow.cipher,
          {
            kind: "pair",
            members: [a.id, b.id],
            score: 1,
            features: DEFAULT_MODEL.weights,
            reasons: [],
            expiresAt: world.now(),
          },
          world.now(),
        );
        await updateSuggestion(world.handle.db, s, { state: "declined", declinedBy: a.id }, world.now());
      }
    await world.advance(RUN);
    // Three declined suggestions each came first: the circle is each one's suggestion 4.
    expect(lastDm(ann)).toContain("small peer circle (suggestion 4)");
    for (const m of [ann, bob, cy]) await world.say(m.userId, "accept 4");
    await world.say(sam.userId, "decline 4");
    expect(opened()).toHaveLength(0);
    for (const m of [ann, bob, cy])
      expect(lastDm(m)).toContain(
        "the members who offer support couldn't join. That's okay, nobody is at fault. You stay first in line",
      );
    expect((await invitations(ann)).map((i) => i.outcome)).toEqual(["no_supporter"]);
  });

  it("keeps invitees busy: not suggested to others, in no other circle; one who declines is free again", async () => {
    const [ann, bob, cy, dee] = await waiting(
      ["ann", "past"],
      ["bob", "now"],
      ["cy", "past"],
      ["dee", "now"],
    );
    if (ann === undefined || bob === undefined || cy === undefined || dee === undefined)
      throw new Error("setup");
    await world.advance(RUN);
    // A newcomer seeking support who would make a pair with ann or cy (each has room for one peer).
    const ed = await world.member("ed", GRIEF_NOW);
    await world.advance(TICK);
    expect(await suggestionsIn(world.handle.db, world.flow.cipher, PENDING_STATES)).toEqual([]);
    const community = await readCommunity(world.handle.db, world.flow, world.now());
    const annAsCandidate = community.peers.members.find((c) => c.id === ann.id);
    expect(annAsCandidate?.load).toBe(annAsCandidate?.capacity);
    expect(
      (await waitingReport(world.handle.db, world.flow, world.now())).find((r) => r.userId === ann.userId),
    ).toMatchObject({ own: "no-capacity", invitedToCircle: true });
    // Declining frees ann (the other three still make a circle, and stay busy): the next run suggests her to ed.
    await world.say(ann.userId, "decline");
    await world.advance(RUN);
    expect(await circleInvitees(world.handle.db)).toEqual(new Set([bob.id, cy.id, dee.id]));
    const pending = await suggestionsIn(world.handle.db, world.flow.cipher, PENDING_STATES);
    expect(pending.map((s) => [...s.members].sort())).toEqual([[ann.id, ed.id].sort()]);
    // ann's numbers go on from the circle's: her pair suggestion is number 2.
    expect(pending[0]?.numbers[pending[0].members.indexOf(ann.id)]).toBe(2);
  });

  it("numbers a circle after the member's suggestions, so accept N is never ambiguous", async () => {
    const mia = await world.member(
      "mia",
      {
        ...GRIEF_PAST,
        experiences: [{ id: "caregiving", stage: "past" }],
        channels: { modes: ["text"], settings: ["one_to_one"] },
      },
      10 * 7 * 24 * HOUR,
    );
    await grantRole(
      world.handle.db,
      { memberId: mia.id, role: "mentor", source: "moderator", capacity: 1 },
      world.now(),
    );
    const members = await waiting(["ann", "past"], ["bob", "now"], ["cy", "past"]);
    await world.advance(RUN);
    // The newcomers all joined a day ago: one of them is offered mia as a mentor (number 1), then the circle.
    const withMentor = (
      await Promise.all(
        members.map(async (m) => ({
          m,
          mentor: (await suggestionsIn(world.handle.db, world.flow.cipher, ["suggested"])).some((s) =>
            s.members.includes(m.id),
          ),
        })),
      )
    ).find((x) => x.mentor)?.m;
    if (withMentor === undefined) throw new Error("no mentor was offered");
    const [circle] = await listCircleInvitationsFor(world.handle.db, world.flow, withMentor.id);
    expect(circle?.number).toBe(2);
    expect(lastDm(withMentor)).toContain("small peer circle (suggestion 2)");
    await world.say(withMentor.userId, "accept");
    expect(lastDm(withMentor)).toContain('You have 2 suggestions; say which one, e.g. "accept');
    await world.say(withMentor.userId, "suggestions");
    expect(lastDm(withMentor)).toMatch(
      /^1\. .*\n2\. A peer circle: 3 members who share an experience with you/,
    );
    await world.say(withMentor.userId, "decline 1");
    expect(lastDm(withMentor)).toContain("suggestion 1 is closed");
    expect(
      (await listCircleInvitationsFor(world.handle.db, world.flow, withMentor.id))[0]?.answer,
    ).toBeNull();
    await world.say(withMentor.userId, "accept 2");
    expect(lastDm(withMentor)).toContain("you've said yes to the circle (suggestion 2)");
    await world.say(withMentor.userId, "accept 2");
    expect(lastDm(withMentor)).toContain("You've already said yes to the circle (suggestion 2)");
    await world.say(withMentor.userId, "suggestions");
    expect(lastDm(withMentor)).toContain("You accepted; waiting for the others.");
  });

  it("leaves nothing behind when a tick that invites or decides is interrupted", async () => {
    const [ann, bob, cy] = await waiting(["ann", "past"], ["bob", "now"], ["cy", "past"]);
    if (ann === undefined || bob === undefined || cy === undefined) throw new Error("setup");
    const interrupted = (at: Date) =>
      world.handle.db.transaction().execute(async (trx) => {
        const { effects } = await matchingTick(trx, world.flow, world.peerRooms, at);
        expect(effects.length).toBeGreaterThan(0);
        throw new Error("the process died here");
      });
    // The scheduled run is due a few minutes on.
    await expect(interrupted(new Date(world.now().getTime() + RUN))).rejects.toThrow("the process died here");
    expect(await world.handle.db.selectFrom("circle_invitations").selectAll().execute()).toEqual([]);
    expect(await world.handle.db.selectFrom("circle_invitation_members").selectAll().execute()).toEqual([]);
    await world.advance(RUN);
    expect(world.dms(ann.userId).filter((d) => d.includes("small peer circle"))).toHaveLength(1);
    for (const m of [ann, bob, cy]) await world.say(m.userId, "accept 1");
    expect(opened()).toHaveLength(1);
    expect(await allPairings(world.handle.db)).toHaveLength(1);
  });

  it("decides at the deadline once, even if the tick deciding it was interrupted", async () => {
    const [ann, bob, cy, dee] = await waiting(
      ["ann", "past"],
      ["bob", "now"],
      ["cy", "past"],
      ["dee", "now"],
    );
    if (ann === undefined || bob === undefined || cy === undefined || dee === undefined)
      throw new Error("setup");
    await world.advance(RUN);
    for (const m of [ann, bob, cy]) await world.say(m.userId, "accept 1");
    const late = new Date(world.now().getTime() + world.flow.suggestionTtlMs);
    await expect(
      world.handle.db.transaction().execute(async (trx) => {
        await matchingTick(trx, world.flow, world.peerRooms, late);
        throw new Error("the process died here");
      }),
    ).rejects.toThrow("the process died here");
    expect((await invitations(ann)).map((i) => i.state)).toEqual(["invited"]);
    expect(await allPairings(world.handle.db)).toEqual([]);
    await world.advance(world.flow.suggestionTtlMs);
    await world.advance(TICK);
    expect(opened()).toHaveLength(1);
    expect(await allPairings(world.handle.db)).toHaveLength(1);
    expect(world.dms(ann.userId).filter((d) => d.includes("going ahead"))).toHaveLength(1);
    expect(world.dms(dee.userId).filter((d) => d.includes("went ahead"))).toHaveLength(1);
  });

  it("opens once, exactly, when the last answers arrive and the tick runs", async () => {
    const [ann, bob, cy] = await waiting(["ann", "past"], ["bob", "now"], ["cy", "past"]);
    if (ann === undefined || bob === undefined || cy === undefined) throw new Error("setup");
    await world.advance(RUN);
    for (const m of [ann, bob, cy]) await world.say(m.userId, "accept 1");
    await world.advance(world.flow.suggestionTtlMs);
    expect(opened()).toHaveLength(1);
    expect(await allPairings(world.handle.db)).toHaveLength(1);
    expect(world.dms(ann.userId).filter((d) => d.includes("going ahead"))).toHaveLength(1);
  });
});
