import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UserId } from "../../bot/ids.ts";
import {
  circleInvitationsOf,
  insertCircleInvitation,
} from "../../bot/match-flow/circle-invitations-store.ts";
import { answerCircleInvitation } from "../../bot/match-flow/index.ts";
import { suggestionNumbers } from "../../bot/match-flow/suggestions-store.ts";
import { findMemberByUserId, type Member } from "../../bot/onboarding/members-store.ts";
import type { TestVisitor } from "../support/web-harness.ts";
import { matchingHarness, SUPPORTER, type MatchingHarness } from "../support/web-matching.ts";
import { consentingMember, GOOD_PROFILE } from "../support/web-members.ts";

const ANN = "@ann:hs.test";

describe("My matches: circle invitations (routes)", () => {
  let h: MatchingHarness;
  let ann: TestVisitor;
  let annMember: Member;
  let others: Member[];
  let invitationId: string;
  beforeEach(async () => {
    h = await matchingHarness([ANN]);
    ann = await consentingMember(h, ANN);
    await ann.post("/profile", GOOD_PROFILE);
    const found = await findMemberByUserId(h.database.db, ANN as UserId);
    if (found === undefined) throw new Error("ann was not stored");
    annMember = found;
    others = [await h.onboarded("@bob:hs.test", SUPPORTER), await h.onboarded("@cy:hs.test", SUPPORTER)];
    const invitation = await insertCircleInvitation(
      h.database.db,
      h.cipher,
      {
        experience: "caregiving",
        members: [
          { id: annMember.id, stage: "now", supporter: true },
          ...others.map((m) => ({ id: m.id, stage: "past" as const, supporter: true })),
        ],
        expiresAt: new Date(h.clock.now.getTime() + 48 * 3_600_000),
      },
      h.clock.now,
      await suggestionNumbers(h.database.db),
    );
    invitationId = invitation.id;
  });
  afterEach(() => h.close());

  const page = async (query = "") => (await ann.get(`/matches${query}`)).text();

  it("shows the circle in words with join and decline forms, naming nobody", async () => {
    const html = await page();
    expect(html).toContain('<h2 id="circles">Peer circles</h2>');
    expect(html).toContain("Suggestion 1: a peer circle");
    expect(html).toContain(
      "3 members who share an experience with you; 1 of you is going through caring for someone and 2 have been through caring for someone, and at least one of you offers support",
    );
    expect(html).toContain("meets weekly");
    expect(html).toContain(`action="/matches/circles/${invitationId}"`);
    expect(html).toContain('aria-label="Join the circle of suggestion 1"');
    expect(html).toContain('aria-label="No, thank you, not the circle of suggestion 1"');
    expect(html).not.toContain("@bob:hs.test");
    // Why no one-to-one suggestion comes meanwhile, beside "Finding peers".
    expect(html).toContain("While a peer circle waits for your answer");
  });

  it("accepts, then shows the room on its way once the others accept", async () => {
    const accepted = await ann.post(`/matches/circles/${invitationId}`, { answer: "accept" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe("/matches?circle=accepted");
    const waiting = await page("?circle=accepted");
    expect(waiting).toContain("You said yes to the circle.");
    expect(waiting).toContain("You said yes. The room opens once the others have answered.");
    expect(waiting).not.toContain('value="accept"');
    const { flow, peerRooms } = h.matching;
    for (const m of others)
      await answerCircleInvitation(h.database.db, flow, peerRooms, m.id, invitationId, "accept", h.clock.now);
    const opened = await page();
    expect(opened).toContain("Pairing 1");
    expect(opened).toContain("Peer circle");
    expect(opened).not.toContain("Suggestion 1: a peer circle");
  });

  it("declines: the invitation leaves the page and the member keeps their place", async () => {
    const declined = await ann.post(`/matches/circles/${invitationId}`, { answer: "decline" });
    expect(declined.headers.get("location")).toBe("/matches?circle=declined");
    const html = await page("?circle=declined");
    expect(html).toContain("Declined. You keep your place");
    expect(html).not.toContain("Suggestion 1: a peer circle");
    const after = await page();
    expect(after.includes('id="circles"')).toBe(false);
    expect(after).not.toContain("While a peer circle waits for your answer");
    const [stored] = await circleInvitationsOf(h.database.db, h.cipher, annMember.id);
    // Ann's "no" left too few: the invitation closed for everyone.
    expect(stored).toMatchObject({ state: "closed", outcome: "too_few" });
  });

  it.each([
    ["an unknown invitation", "/matches/circles/nope", { answer: "accept" }, 404, "not yours"],
    ["an unknown answer", `/matches/circles/ID`, { answer: "maybe" }, 404, "not yours"],
  ])("refuses %s with a clear message", async (_case, path, fields, status, message) => {
    const response = await ann.post(path.replace("ID", invitationId), fields);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(message);
    expect((await circleInvitationsOf(h.database.db, h.cipher, annMember.id))[0]?.state).toBe("invited");
  });

  it("tells operators who waits because they are invited to a circle", async () => {
    const html = await (await ann.get("/operator")).text();
    expect(html).toContain("Invited to a peer circle, waiting for its members to answer");
    await ann.post(`/matches/circles/${invitationId}`, { answer: "decline" });
    expect(await (await ann.get("/operator")).text()).not.toContain("Invited to a peer circle");
  });

  it("refuses an answer given twice with 409", async () => {
    await ann.post(`/matches/circles/${invitationId}`, { answer: "decline" });
    const again = await ann.post(`/matches/circles/${invitationId}`, { answer: "accept" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already been answered or decided");
  });
});
