import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  answerSuggestion,
  blocksBy,
  listSuggestionsFor,
  numberedPairings,
} from "../../bot/match-flow/index.ts";
import { openPairing } from "../../bot/match-flow/open-pairing.ts";
import { findMemberByUserId, type Member } from "../../bot/onboarding/members-store.ts";
import type { UserId } from "../../bot/ids.ts";
import { readSetting } from "../../bot/stores/settings.ts";
import type { TestVisitor } from "../support/web-harness.ts";
import { matchingHarness, SUPPORTER, type MatchingHarness } from "../support/web-matching.ts";
import { consentingMember, GOOD_PROFILE, signedIn } from "../support/web-members.ts";

const ANN = "@ann:hs.test";
const BOB = "@bob:hs.test";
const CARL = "@carl:hs.test";
/** Ann without partner filters (the supporter says nothing about age), so the two can be matched. */
const ANN_PROFILE = { ...GOOD_PROFILE, filter_age: [], filter_stage: "any" };
const MINUTE = 60_000;

describe("My matches: talking again, blocking (routes, real matching ticks)", () => {
  let h: MatchingHarness;
  let ann: TestVisitor;
  let annId: Member;
  let bob: Member;
  beforeEach(async () => {
    h = await matchingHarness();
    ann = await consentingMember(h, ANN);
    expect((await ann.post("/profile", ANN_PROFILE)).headers.get("location")).toBe("/done");
    bob = await h.onboarded(BOB, SUPPORTER);
    const stored = await findMemberByUserId(h.database.db, ANN as UserId);
    if (stored === undefined) throw new Error("ann was not stored");
    annId = stored;
  });
  afterEach(() => h.close());

  /** Moves the clock on, so that a later tick runs only when asked to (or when its schedule comes). */
  const later = (ms: number) => {
    h.clock.now = new Date(h.clock.now.getTime() + ms);
  };
  const page = async (who: TestVisitor = ann) => (await who.get("/matches")).text();
  const suggestionsOf = async (member: Member) =>
    listSuggestionsFor(h.database.db, h.matching.flow, member.id);

  /** Ann and Bob are suggested, both accept; the pairing's ID. */
  async function paired(): Promise<string> {
    later(MINUTE);
    await h.runMatching();
    const [s] = await suggestionsOf(annId);
    if (s === undefined) throw new Error("no suggestion");
    await ann.post(`/matches/suggestions/${s.id}`, { answer: "accept" });
    const both = await answerSuggestion(
      h.database.db,
      h.matching.flow,
      h.matching.peerRooms,
      bob.id,
      s.id,
      "accept",
      h.clock.now,
    );
    expect(both.ok && both.value.state).toBe("opened");
    const [n] = await numberedPairings(h.database.db, annId.id);
    if (n === undefined) throw new Error("no pairing");
    return n.pairing.id;
  }

  /** …and Ann ends it on the web, with this feedback (or none). */
  async function endedPair(fields: Record<string, string> = { outcome: "helped" }): Promise<string> {
    const id = await paired();
    expect((await ann.post(`/matches/pairings/${id}/end`, fields)).headers.get("location")).toBe(
      "/matches?done=ended",
    );
    later(MINUTE);
    return id;
  }

  const againAt = async (member: Member) =>
    (
      await h.database.db
        .selectFrom("pairing_members")
        .select("again_at")
        .where("member_id", "=", member.id)
        .execute()
    ).map((row) => row.again_at);

  it("offers feedback and 'Talk with them again' on an ended pair; one side asking brings no suggestion", async () => {
    const id = await endedPair({});
    const ended = await page();
    // Private feedback was already offered on ended pairings: one form, not a second one.
    expect(ended.match(/action="\/matches\/pairings\/[^"]+\/feedback"/g)).toHaveLength(1);
    expect(ended).toContain(`<form method="post" action="/matches/pairings/${id}/again">`);
    expect(ended).toContain('aria-label="Talk with them again (pairing 1)"');
    expect(ended).toContain("They are not told that you asked unless they ask as well.");
    expect((await ann.post(`/matches/pairings/${id}/feedback`, { outcome: "neutral" })).status).toBe(303);

    const asked = await ann.post(`/matches/pairings/${id}/again`, {});
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe("/matches?done=again");
    const after = await (await ann.get("/matches?done=again")).text();
    expect(after).toContain("Noted. If they ask too, the bot suggests you to each other again.");
    expect(after).toContain("You asked to talk with them again.");
    expect(after).not.toContain(`action="/matches/pairings/${id}/again"`);
    expect((await againAt(annId)).every((at) => at === h.clock.now.toISOString())).toBe(true);

    later(10 * MINUTE); // past the schedule: a full run happens, and still nothing for one side alone
    await h.runMatching();
    expect(await suggestionsOf(annId)).toEqual([]);
  });

  it("when both ask, says so and asks for a run: the next matching tick suggests them to each other again", async () => {
    const id = await endedPair();
    const bobWeb = await signedIn(h, BOB);
    expect(await page(bobWeb)).toContain(`action="/matches/pairings/${id}/again"`);
    expect((await ann.post(`/matches/pairings/${id}/again`, {})).headers.get("location")).toBe(
      "/matches?done=again",
    );
    later(MINUTE);
    const both = await bobWeb.post(`/matches/pairings/${id}/again`, {});
    expect(both.headers.get("location")).toBe("/matches?done=againBoth");
    expect(await (await bobWeb.get("/matches?done=againBoth")).text()).toContain(
      "You both asked to talk again. The bot sends you a new suggestion shortly.",
    );
    expect(await readSetting(h.database.db, "matching.run_requested")).toBe(h.clock.now.toISOString());

    later(MINUTE); // before the schedule: the tick runs because they asked
    await h.runMatching();
    const [again] = await suggestionsOf(annId);
    expect(again?.number).toBe(2);
    expect((await suggestionsOf(bob)).map((s) => s.id)).toEqual([again?.id]);
    expect(await page()).toContain("Suggestion 2");
  });

  it("does not offer talking again after a pairing someone said did not help, and refuses it if asked", async () => {
    const id = await endedPair({ outcome: "not_helped" });
    const html = await page();
    expect(html).toContain("This pairing is not suggested again, to keep you both safe and well.");
    expect(html).not.toContain(`action="/matches/pairings/${id}/again"`);
    const forced = await ann.post(`/matches/pairings/${id}/again`, {});
    expect(forced.status).toBe(409);
    expect(await forced.text()).toContain("not suggested again, to keep you both safe");
    expect(await againAt(annId)).toEqual([null]);
  });

  it("refuses to ask again for a pairing that is still going", async () => {
    const id = await paired();
    expect(await page()).not.toContain(`action="/matches/pairings/${id}/again"`);
    const early = await ann.post(`/matches/pairings/${id}/again`, {});
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("That pairing is still going.");
    expect(await againAt(annId)).toEqual([null]);
  });

  it("blocks a past peer after a confirmation page; the matching tick then never suggests them, even when both asked", async () => {
    const id = await endedPair();
    const bobWeb = await signedIn(h, BOB);
    await ann.post(`/matches/pairings/${id}/again`, {});
    expect((await bobWeb.post(`/matches/pairings/${id}/again`, {})).headers.get("location")).toBe(
      "/matches?done=againBoth",
    );

    expect(await page()).toContain(`<a href="/matches/pairings/${id}/block">Block ${BOB}…</a>`);
    const confirm = await ann.get(`/matches/pairings/${id}/block`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("<h1>Block a peer</h1>");
    expect(html).toContain(`Pairing 1 · One to one, with ${BOB}.`);
    expect(html).toContain("They will never be suggested to you again");
    expect(html).toContain("They are not told.");
    expect(html).toContain(`<input type="hidden" name="peer" value="${BOB}"/>`);
    expect(html).toContain(`>Block ${BOB}</button>`);
    expect(html).toContain('<a class="button secondary" href="/matches">Back to My matches</a>');
    expect(html).not.toContain("Blocking does not end this pairing"); // it has ended
    expect(await blocksBy(h.database.db, annId.id)).toEqual([]); // showing the page changes nothing

    const blocked = await ann.post(`/matches/pairings/${id}/block`, { peer: BOB });
    expect(blocked.headers.get("location")).toBe("/matches?done=blocked");
    expect(await blocksBy(h.database.db, annId.id)).toEqual([bob.id]);
    const after = await (await ann.get("/matches?done=blocked")).text();
    expect(after).toContain("Done. They will never be suggested to you again. They are not told.");
    expect(after).toContain(`You blocked ${BOB}. They will never be suggested to you again.`);
    expect(after).not.toContain(`action="/matches/pairings/${id}/again"`);
    expect(after).not.toContain(`/matches/pairings/${id}/block"`);

    later(MINUTE); // the run both asked for
    await h.runMatching();
    later(10 * MINUTE); // and a scheduled one
    await h.runMatching();
    expect(await suggestionsOf(annId)).toEqual([]);
    expect(await suggestionsOf(bob)).toEqual([]);
    // Bob is not told: asking again now reads as if Ann had not asked.
    expect((await bobWeb.post(`/matches/pairings/${id}/again`, {})).headers.get("location")).toBe(
      "/matches?done=again",
    );
    expect(await page(bobWeb)).not.toContain("blocked");
  });

  it("blocks a current peer too; the pairing goes on", async () => {
    const id = await paired();
    const html = await (await ann.get(`/matches/pairings/${id}/block`)).text();
    expect(html).toContain("Blocking does not end this pairing or take anyone out of your room.");
    expect((await ann.post(`/matches/pairings/${id}/block`, {})).headers.get("location")).toBe(
      "/matches?done=blocked",
    );
    expect(await blocksBy(h.database.db, annId.id)).toEqual([bob.id]);
    const [n] = await numberedPairings(h.database.db, annId.id);
    expect(n?.pairing.status).toBe("active");
    expect(await page()).toContain("<summary>End this pairing</summary>");
  });

  it("in a circle, blocks the one member chosen, and says clearly when none or someone else was named", async () => {
    const carl = await h.onboarded(CARL, SUPPORTER);
    const opened = await openPairing(
      h.database.db,
      h.matching.peerRooms,
      {
        kind: "circle",
        members: [annId, bob, carl].map((m) => ({ id: m.id, userId: m.userId })),
        purpose: "a circle",
      },
      h.clock.now,
    );
    if (!opened.ok) throw new Error("no circle");
    const id = opened.value.pairingId;
    const html = await page();
    expect(html).toContain(`<a href="/matches/pairings/${id}/block">Block someone from this circle…</a>`);
    expect(html).not.toContain(`action="/matches/pairings/${id}/again"`);

    const confirm = await (await ann.get(`/matches/pairings/${id}/block`)).text();
    expect(confirm).toContain("<legend>Whom do you want to block?</legend>");
    expect(confirm).toContain(`<input type="radio" name="peer" value="${BOB}" required=""/>`);
    expect(confirm).toContain(`<input type="radio" name="peer" value="${CARL}" required=""/>`);

    for (const [fields, message] of [
      [{}, "Choose whom to block."],
      [{ peer: "carl" }, "Choose one of the people in this pairing."],
      [{ peer: "@dan:hs.test" }, "Choose one of the people in this pairing."],
      [{ peer: ANN }, "Choose one of the people in this pairing."],
    ] as const) {
      const refused = await ann.post(`/matches/pairings/${id}/block`, fields);
      expect(refused.status, JSON.stringify(fields)).toBe(400);
      const text = await refused.text();
      expect(text).toContain(message);
      expect(text).toContain("<legend>Whom do you want to block?</legend>"); // the choice is offered again
    }
    expect(await blocksBy(h.database.db, annId.id)).toEqual([]);

    expect((await ann.post(`/matches/pairings/${id}/block`, { peer: CARL })).status).toBe(303);
    expect(await blocksBy(h.database.db, annId.id)).toEqual([carl.id]);
    const after = await page();
    expect(after).toContain(`You blocked ${CARL}.`);
    expect(after).toContain(`/matches/pairings/${id}/block">Block someone from this circle…</a>`);
    const rest = await (await ann.get(`/matches/pairings/${id}/block`)).text();
    expect(rest).toContain(`value="${BOB}" required="" checked=""/>`);
    expect(rest).not.toContain(`value="${CARL}"`);

    const circleAgain = await ann.post(`/matches/pairings/${id}/again`, {});
    expect(circleAgain.status).toBe(409);
    expect(await circleAgain.text()).toContain("Only a one-to-one pairing can be suggested again");
  });

  it("refuses forged or missing CSRF tokens and changes nothing", async () => {
    const id = await endedPair();
    for (const csrf of [null, "forged-token"]) {
      for (const path of ["again", "block"]) {
        const response = await ann.post(`/matches/pairings/${id}/${path}`, { peer: BOB }, { csrf });
        expect(response.status, `${path} with ${String(csrf)}`).toBe(403);
        expect(await response.text()).toContain("expired");
      }
      const foreign = await ann.post(`/matches/pairings/${id}/block`, {}, { origin: "https://evil.test" });
      expect(foreign.status).toBe(403);
    }
    expect(await againAt(annId)).toEqual([null]);
    expect(await blocksBy(h.database.db, annId.id)).toEqual([]);
  });

  it("refuses a pairing that is not the member's with a clear message, and changes nothing", async () => {
    const id = await endedPair();
    const carl = await consentingMember(h, CARL);
    for (const target of [id, "no-such-pairing"]) {
      for (const request of [
        () => carl.post(`/matches/pairings/${target}/again`, {}),
        () => carl.get(`/matches/pairings/${target}/block`),
        () => carl.post(`/matches/pairings/${target}/block`, { peer: BOB }),
      ]) {
        const response = await request();
        expect(response.status).toBe(404);
        expect(await response.text()).toContain(
          "That suggestion or pairing is not yours, or no longer exists.",
        );
      }
    }
    const carlMember = await findMemberByUserId(h.database.db, CARL as UserId);
    expect(await blocksBy(h.database.db, carlMember?.id ?? annId.id)).toEqual([]);
    expect(await againAt(bob)).toEqual([null]);
  });
});
