import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  answerSuggestion,
  listSuggestionsFor,
  matchStatusOf,
  setPaused,
} from "../../bot/match-flow/index.ts";
import { findMemberByUserId, type Member } from "../../bot/onboarding/members-store.ts";
import type { UserId } from "../../bot/ids.ts";
import { readSetting } from "../../bot/stores/settings.ts";
import type { TestVisitor } from "../support/web-harness.ts";
import { matchingHarness, SUPPORTER, type MatchingHarness } from "../support/web-matching.ts";
import { consentingMember, GOOD_PROFILE } from "../support/web-members.ts";

const ANN = "@ann:hs.test";
const BOB = "@bob:hs.test";
/** Ann without partner filters (the supporter says nothing about age), so the two can be matched. */
interface BadRequest {
  readonly path: string;
  readonly fields: Record<string, string>;
  readonly noCsrf?: boolean;
}

const ANN_PROFILE = { ...GOOD_PROFILE, filter_age: [], filter_stage: "any" };

describe("My matches (routes)", () => {
  let h: MatchingHarness;
  let ann: TestVisitor;
  let bob: Member;
  beforeEach(async () => {
    h = await matchingHarness();
    ann = await consentingMember(h, ANN);
    expect((await ann.post("/profile", ANN_PROFILE)).headers.get("location")).toBe("/done");
    bob = await h.onboarded(BOB, SUPPORTER);
  });
  afterEach(() => h.close());

  const annMember = async () => {
    const member = await findMemberByUserId(h.database.db, ANN as UserId);
    if (member === undefined) throw new Error("ann was not stored");
    return member;
  };
  const page = async () => (await ann.get("/matches")).text();
  const suggestionId = async () => {
    const [s] = await listSuggestionsFor(h.database.db, h.matching.flow, (await annMember()).id);
    if (s === undefined) throw new Error("no suggestion");
    return s.id;
  };

  it("is linked from the navigation and the done page, and needs a signed-in member", async () => {
    expect(await (await ann.get("/done")).text()).toContain('href="/matches"');
    expect(await page()).toContain('<a href="/matches">My matches</a>');
    const visitor = h.visitor();
    expect((await visitor.get("/matches")).headers.get("location")).toBe("/sign-in");
  });

  it("asks for a matching run when a profile is saved, so a newcomer need not wait for the schedule", async () => {
    expect(await readSetting(h.database.db, "matching.run_requested")).toBe(h.clock.now.toISOString());
  });

  it("shows a suggestion with its reasons in plain words and accept/decline forms, without the peer's ID", async () => {
    expect(await page()).toContain("No suggestions right now");
    await h.runMatching();
    const html = await page();
    expect(html).toContain("Suggestion 1");
    expect(html).toContain(
      "They have been through caring for someone and know what you are going through; they can help with coping with isolation",
    );
    expect(html).toMatch(/<form method="post" action="\/matches\/suggestions\/[^"]+" class="actions">/);
    expect(html).toContain('<input type="hidden" name="_csrf"');
    expect(html).toContain('aria-label="Accept suggestion 1"');
    expect(html).not.toContain(BOB);
    expect(html).not.toContain(SUPPORTER.note);
    expect(html).not.toContain(SUPPORTER.strengths); // the peer's own words stay private
  });

  it("accepts, then shows the pairing once the peer accepts too, and ends it with private feedback", async () => {
    await h.runMatching();
    const id = await suggestionId();
    const accepted = await ann.post(`/matches/suggestions/${id}`, { answer: "accept" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe("/matches?done=accepted");
    expect(h.outbox.wakes).toBeGreaterThan(1);
    const waiting = await (await ann.get("/matches?done=accepted")).text();
    expect(waiting).toContain("You accepted. The room opens as soon as they accept too.");
    expect(waiting).not.toContain('value="accept"');

    const both = await answerSuggestion(
      h.database.db,
      h.matching.flow,
      h.matching.peerRooms,
      bob.id,
      id,
      "accept",
      h.clock.now,
    );
    expect(both.ok && both.value.state).toBe("opened");
    const paired = await page();
    expect(paired).toContain("Pairing 1");
    expect(paired).toContain(`With ${BOB}`);
    expect(paired).toContain("<summary>End this pairing</summary>");

    const pairingId = /action="\/matches\/pairings\/([^/]+)\/end"/.exec(paired)?.[1] ?? "";
    const ended = await ann.post(`/matches/pairings/${pairingId}/end`, {
      outcome: "helped",
      note: "ANN-FEEDBACK-NOTE",
    });
    expect(ended.headers.get("location")).toBe("/matches?done=ended");
    const after = await (await ann.get("/matches?done=ended")).text();
    expect(after).toContain("Past peers");
    expect(after).toContain("Thank you for your feedback.");
    const stored = await h.database.db.selectFrom("pairing_members").selectAll().execute();
    expect(stored.find((m) => m.member_id === (bob.id as string))?.outcome).toBeNull();
    expect(stored.find((m) => m.member_id !== (bob.id as string))?.outcome).toBe("helped");
    expect(JSON.stringify(stored)).not.toContain("ANN-FEEDBACK-NOTE"); // sealed
  });

  it("declines", async () => {
    await h.runMatching();
    const declined = await ann.post(`/matches/suggestions/${await suggestionId()}`, { answer: "decline" });
    expect(declined.headers.get("location")).toBe("/matches?done=declined");
    expect(await page()).toContain("No suggestions right now");
  });

  it("pauses, resumes and looks again", async () => {
    const id = (await annMember()).id;
    expect((await ann.post("/matches/looking", { action: "pause" })).headers.get("location")).toBe(
      "/matches?done=paused",
    );
    expect((await matchStatusOf(h.database.db, id)).paused).toBe(true);
    expect(await page()).toContain('value="resume"');
    await ann.post("/matches/looking", { action: "resume" });
    expect((await matchStatusOf(h.database.db, id)).paused).toBe(false);
    expect(await page()).toContain('value="pause"');
  });

  const bad: [string, BadRequest, number, string][] = [
    [
      "no CSRF token",
      { path: "/matches/looking", fields: { action: "pause" }, noCsrf: true },
      403,
      "expired",
    ],
    [
      "an unknown suggestion",
      { path: "/matches/suggestions/nope", fields: { answer: "accept" } },
      404,
      "not yours",
    ],
    [
      "an unknown answer",
      { path: "/matches/suggestions/nope", fields: { answer: "maybe" } },
      404,
      "not yours",
    ],
    ["an unknown toggle", { path: "/matches/looking", fields: { action: "explode" } }, 404, "not yours"],
    ["an unknown pairing", { path: "/matches/pairings/nope/end", fields: {} }, 404, "not yours"],
    [
      "an unknown outcome",
      { path: "/matches/pairings/nope/end", fields: { outcome: "great" } },
      400,
      "Choose how it went",
    ],
    [
      "a note without an outcome",
      { path: "/matches/pairings/nope/end", fields: { note: "hm" } },
      400,
      "Choose how it went",
    ],
    [
      "feedback without an outcome",
      { path: "/matches/pairings/nope/feedback", fields: {} },
      400,
      "Choose how it went",
    ],
    [
      "an oversized note",
      { path: "/matches/pairings/nope/end", fields: { outcome: "helped", note: "x".repeat(2001) } },
      400,
      "too long",
    ],
  ];
  it.each(bad)(
    "refuses %s with a clear message and changes nothing",
    async (_case, request, status, message) => {
      await h.runMatching();
      const response = await ann.post(
        request.path,
        request.fields,
        request.noCsrf === true ? { csrf: null } : {},
      );
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(message);
      expect(await listSuggestionsFor(h.database.db, h.matching.flow, (await annMember()).id)).toHaveLength(
        1,
      );
      expect((await matchStatusOf(h.database.db, (await annMember()).id)).paused).toBe(false);
    },
  );

  it("refuses an answer to someone else's suggestion, and a second answer", async () => {
    await h.runMatching();
    const id = await suggestionId();
    const carol = await consentingMember(h, "@carol:hs.test");
    const foreign = await carol.post(`/matches/suggestions/${id}`, { answer: "decline" });
    expect(foreign.status).toBe(404);
    await ann.post(`/matches/suggestions/${id}`, { answer: "decline" });
    const again = await ann.post(`/matches/suggestions/${id}`, { answer: "accept" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already been answered");
  });
});

describe("the operator dashboard (routes)", () => {
  let h: MatchingHarness;
  beforeEach(async () => {
    h = await matchingHarness(["@olga:hs.test"]);
    await h.onboarded(BOB, { ...SUPPORTER, languages: ["fr"] });
    await h.onboarded("@cleo:hs.test", {
      ...SUPPORTER,
      role: "seeking",
      experiences: [{ id: "grief", stage: "now" }],
    });
    await h.onboarded("@erin:hs.test", {
      ...SUPPORTER,
      experiences: [{ id: "grief", stage: "past" }],
      availability: { days: ["mon"], times: ["morning"] },
    });
    const dora = await h.onboarded("@dora:hs.test", SUPPORTER);
    await setPaused(h.database.db, dora.id, true, h.clock.now);
  });
  afterEach(() => h.close());

  it("is refused to members who are not operators, with a clear page", async () => {
    const visitor = await consentingMember(h, ANN);
    const response = await visitor.get("/operator");
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("For operators only");
    expect(html).toContain(`You are signed in as ${ANN}, who is not one of them.`);
    expect(html).not.toContain(BOB);
    expect((await h.visitor().get("/operator")).headers.get("location")).toBe("/sign-in");
  });

  it("shows operators who is waiting, for how long and why, with counts, and no profile data", async () => {
    const olga = await consentingMember(h, "@olga:hs.test");
    h.clock.now = new Date(h.clock.now.getTime() + 3 * 3_600_000);
    const html = await (await olga.get("/operator")).text();
    expect(html).toContain("3 waiting; 0 of them have a suggestion waiting for an answer.");
    expect(html).toContain("1 ruled out: less than an hour a week in common");
    expect(html).toContain("<td>Others ruled out mostly by less than an hour a week in common</td>");
    expect(html).not.toContain("@dora:hs.test"); // paused: not waiting
    expect(html).toContain(BOB);
    expect(html).toContain("@cleo:hs.test");
    expect(html).toContain(">3 h</time>");
    expect(html).toContain("Nobody shares an experience and a language with them");
    expect(html).toMatch(/<td>Nobody shares an experience and a language with them<\/td><td>1<\/td>/);
    expect(html).toContain('<th scope="col">Members</th>');
    expect(html).not.toContain(SUPPORTER.strengths);
    expect(html).not.toContain(SUPPORTER.note);
    expect(html).not.toContain("caregiving");
    expect(await (await olga.get("/matches")).text()).toContain('href="/operator"');
  });
});
