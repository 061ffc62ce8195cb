import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { addBlock, allBlocks, blocksBy } from "../../bot/match-flow/blocks-store.ts";
import {
  allPairings,
  endPairingRow,
  feedbackNote,
  insertPairing,
  markAgain,
  outcomeOf,
  pairingsOf,
  pairingsWithClosedRooms,
  pastPairingsOf,
  recordFeedback,
} from "../../bot/match-flow/pairings-store.ts";
import { grantRole, heldRoles, mentorCapacities, revokeRole } from "../../bot/match-flow/roles-store.ts";
import {
  allMatchStatuses,
  loadMatchStatus,
  saveMatchStatus,
  statusOrDefault,
} from "../../bot/match-flow/status-store.ts";
import {
  insertSuggestion,
  loadSuggestion,
  overdueSuggestions,
  PENDING_STATES,
  refusedPairs,
  suggestionsOf,
  updateSuggestion,
} from "../../bot/match-flow/suggestions-store.ts";
import { DEFAULT_MODEL } from "../../bot/matching/score-model.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { answerSuggestion } from "../../bot/match-flow/answer.ts";
import { communityWording, MATCH_FLOW_DEFAULTS } from "../../bot/match-flow/settings.ts";
import { deleteAccount, exportMemberData } from "../../bot/onboarding/account.ts";
import { findOrCreateMember, type MemberId } from "../../bot/onboarding/members-store.ts";
import { insertPeerRoom, setPeerRoomStatus } from "../../bot/peer-rooms/store.ts";
import { type DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";

const T0 = new Date("2026-05-01T10:00:00Z");
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const FEATURES = { ...DEFAULT_MODEL.weights, beenThrough: 1, channels: 0.5 };

const backends = storeBackends("kindred-match-");

describe.each(backends)("the matching stores on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let cipher: MemberCipher;
  const member = async (name: string): Promise<MemberId> =>
    (await findOrCreateMember(handle.db, `@${name}:hs` as UserId, T0)).id;

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
  });
  afterAll(async () => {
    await close();
  });

  it("keeps roles per source; the mentor capacity is the largest held", async () => {
    const mentor = await member("mentor");
    await grantRole(handle.db, { memberId: mentor, role: "mentor", source: "moderator", capacity: 2 }, T0);
    await grantRole(
      handle.db,
      {
        memberId: mentor,
        role: "mentor",
        source: "attestation",
        issuer: "other.org",
        attestationId: "att-1",
        capacity: 4,
      },
      T0,
    );
    expect((await mentorCapacities(handle.db)).get(mentor)).toBe(4);
    await revokeRole(handle.db, mentor, "mentor", "attestation", later(1));
    expect((await mentorCapacities(handle.db)).get(mentor)).toBe(2);
    expect(await heldRoles(handle.db, mentor)).toEqual([
      {
        memberId: mentor,
        role: "mentor",
        source: "moderator",
        issuer: null,
        attestationId: null,
        capacity: 2,
        grantedAt: T0,
      },
    ]);
  });

  it("stores the match status; without one a member looks since onboarding", async () => {
    const a = await member("status");
    expect(statusOrDefault(await loadMatchStatus(handle.db, a), T0)).toEqual({
      paused: false,
      looking: true,
      waitingSince: T0,
    });
    await saveMatchStatus(handle.db, a, { paused: true, looking: true, waitingSince: later(1) }, later(1));
    await saveMatchStatus(handle.db, a, { paused: false, looking: false, waitingSince: null }, later(2));
    expect(await loadMatchStatus(handle.db, a)).toEqual({
      paused: false,
      looking: false,
      waitingSince: null,
    });
    expect((await allMatchStatuses(handle.db)).get(a)).toEqual({
      paused: false,
      looking: false,
      waitingSince: null,
    });
  });

  it("keeps blocks once", async () => {
    const a = await member("blocker");
    const b = await member("blocked");
    await addBlock(handle.db, a, b, T0);
    await addBlock(handle.db, a, b, later(1));
    expect(await blocksBy(handle.db, a)).toEqual([b]);
    expect((await allBlocks(handle.db)).filter((x) => x.by === a)).toEqual([{ by: a, blocked: b }]);
  });

  it("stores suggestions with sealed reasons, per-member numbers and compare-and-set answers", async () => {
    const a = await member("sa");
    const b = await member("sb");
    const reasons = [{ kind: "experience" as const, experience: "grief", stages: ["past", "now"] as const }];
    const first = await insertSuggestion(
      handle.db,
      cipher,
      { kind: "pair", members: [b, a], score: 3.5, features: FEATURES, reasons, expiresAt: later(48) },
      T0,
    );
    expect(first.members).toEqual([a, b].sort());
    expect(first.numbers).toEqual([1, 1]);
    const raw = JSON.stringify(await handle.db.selectFrom("suggestions").selectAll().execute());
    expect(raw).not.toContain("grief");
    expect(await loadSuggestion(handle.db, cipher, first.id)).toEqual(first);
    expect(first.reasons).toEqual(reasons);
    expect(first.features).toEqual(FEATURES);

    const c = await member("sc");
    const second = await insertSuggestion(
      handle.db,
      cipher,
      { kind: "mentor", members: [a, c], score: 1, features: FEATURES, reasons: [], expiresAt: later(1) },
      T0,
    );
    expect(second.numbers[second.members.indexOf(a)]).toBe(2);
    expect(second.numbers[second.members.indexOf(c)]).toBe(1);

    const acceptedBy = [first.members[0]];
    expect(await updateSuggestion(handle.db, first, { state: "suggested", acceptedBy }, later(1))).toBe(true);
    // The same answer again, from the state read before: refused, nothing changes.
    expect(await updateSuggestion(handle.db, first, { state: "suggested", acceptedBy }, later(1))).toBe(
      false,
    );
    const now = await loadSuggestion(handle.db, cipher, first.id);
    expect(now?.acceptedBy).toEqual(acceptedBy);
    const pending = await suggestionsOf(handle.db, cipher, a, PENDING_STATES);
    expect(pending.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
    expect((await overdueSuggestions(handle.db, cipher, later(2))).map((s) => s.id)).toEqual([second.id]);
    if (now === undefined) throw new Error("missing");
    expect(await updateSuggestion(handle.db, now, { state: "declined", declinedBy: b }, later(3))).toBe(true);
    expect(await refusedPairs(handle.db, T0)).toContainEqual(first.members);
  });

  it("records pairings, feedback with a sealed note, 'again', and what matching makes of them", async () => {
    const a = await member("pa");
    const b = await member("pb");
    await insertPeerRoom(
      handle.db,
      { id: "room-1", kind: "pair", members: ["@pa:hs" as UserId, "@pb:hs" as UserId], purposeSealed: null },
      T0,
    );
    const id = await insertPairing(
      handle.db,
      { kind: "pair", peerRoomId: "room-1", members: [a, b], features: FEATURES },
      T0,
    );
    expect(await pairingsWithClosedRooms(handle.db)).toEqual([]);
    await setPeerRoomStatus(handle.db, "room-1", { status: "closed" }, later(1));
    expect((await pairingsWithClosedRooms(handle.db)).map((p) => p.id)).toEqual([id]);
    expect(await endPairingRow(handle.db, id, later(2))).toBe(true);
    expect(await endPairingRow(handle.db, id, later(3))).toBe(false);
    await recordFeedback(handle.db, cipher, id, a, { outcome: "helped", note: "PRIVATE-NOTE-42" }, later(2));
    await markAgain(handle.db, id, a, true, later(2));
    const [pairing] = await pairingsOf(handle.db, a);
    expect(pairing?.status).toBe("ended");
    expect(pairing?.features).toEqual(FEATURES);
    expect(pairing?.members.find((m) => m.memberId === a)).toEqual({
      memberId: a,
      endedAt: later(2),
      outcome: "helped",
      againAt: later(2),
    });
    if (pairing === undefined) throw new Error("missing");
    expect(outcomeOf(pairing)).toBe("ended-well");
    expect(await feedbackNote(handle.db, cipher, id, a)).toBe("PRIVATE-NOTE-42");
    const raw = JSON.stringify(await handle.db.selectFrom("pairing_members").selectAll().execute());
    expect(raw).not.toContain("PRIVATE-NOTE-42");
    await recordFeedback(handle.db, cipher, id, b, { outcome: "not_helped", note: "" }, later(3));
    const ended = (await allPairings(handle.db, "ended")).find((p) => p.id === id);
    if (ended === undefined) throw new Error("missing");
    expect(pastPairingsOf(ended)).toEqual([{ members: [a, b].sort(), outcome: "ended-badly" }]);
  });

  it("exports a member's matching data opened, and erases it with the account", async () => {
    const gone = await findOrCreateMember(handle.db, "@gone-match:hs" as UserId, T0);
    const peer = await member("stays");
    await saveMatchStatus(handle.db, gone.id, { paused: true, looking: true, waitingSince: T0 }, T0);
    await grantRole(handle.db, { memberId: gone.id, role: "mentor", source: "moderator", capacity: 1 }, T0);
    await addBlock(handle.db, gone.id, peer, T0);
    await addBlock(handle.db, peer, gone.id, T0);
    await insertSuggestion(
      handle.db,
      cipher,
      {
        kind: "pair",
        members: [gone.id, peer],
        score: 1,
        features: FEATURES,
        reasons: [],
        expiresAt: later(1),
      },
      T0,
    );
    await insertPeerRoom(
      handle.db,
      {
        id: "room-gone",
        kind: "pair",
        members: ["@gone-match:hs" as UserId, "@stays:hs" as UserId],
        purposeSealed: null,
      },
      T0,
    );
    const pairingId = await insertPairing(
      handle.db,
      { kind: "pair", peerRoomId: "room-gone", members: [gone.id, peer] },
      T0,
    );
    await recordFeedback(
      handle.db,
      cipher,
      pairingId,
      gone.id,
      { outcome: "neutral", note: "MY-NOTE" },
      later(1),
    );

    const exported = await exportMemberData(handle.db, cipher, gone, T0);
    expect(exported.matching).toMatchObject({
      status: { paused: true, looking: true, waitingSince: T0.toISOString() },
      roles: [{ role: "mentor", source: "moderator", capacity: 1 }],
      blocked: [{ userId: "@stays:hs" }],
      suggestions: [{ number: 1, kind: "pair", state: "suggested" }],
      pairings: [{ kind: "pair", feedback: "neutral", note: "MY-NOTE" }],
    });

    await deleteAccount({ db: handle.db, now: () => later(2), wakeOutbox: () => undefined }, gone);
    for (const [table, column] of [
      ["match_status", "member_id"],
      ["member_roles", "member_id"],
      ["match_blocks", "member_id"],
      ["match_blocks", "blocked_id"],
      ["pairing_members", "member_id"],
      ["suggestions", "member_a"],
      ["suggestions", "member_b"],
    ] as const) {
      const rows = await handle.db.selectFrom(table).selectAll().where(column, "=", gone.id).execute();
      expect(rows, `${table}.${column}`).toEqual([]);
    }
  });

  it("opens one room when the same acceptance arrives twice at once (a double submit)", async () => {
    const a = await findOrCreateMember(handle.db, "@race-a:hs" as UserId, T0);
    const b = await findOrCreateMember(handle.db, "@race-b:hs" as UserId, T0);
    const flow = { ...MATCH_FLOW_DEFAULTS, cipher, wording: communityWording([]) };
    const rooms = { seal: (text: string) => cipher.seal(text) };
    const suggestion = await insertSuggestion(
      handle.db,
      cipher,
      {
        kind: "pair",
        members: [a.id, b.id],
        score: 1,
        features: FEATURES,
        reasons: [],
        expiresAt: later(48),
      },
      T0,
    );
    expect((await answerSuggestion(handle.db, flow, rooms, a.id, suggestion.id, "accept", T0)).ok).toBe(true);
    const answers = await Promise.all([
      answerSuggestion(handle.db, flow, rooms, b.id, suggestion.id, "accept", later(1)),
      answerSuggestion(handle.db, flow, rooms, b.id, suggestion.id, "accept", later(1)),
    ]);
    expect(answers.filter((answer) => answer.ok && answer.value.state === "opened")).toHaveLength(1);
    const pairings = (await allPairings(handle.db)).filter((p) => p.suggestionId === suggestion.id);
    expect(pairings).toHaveLength(1);
    expect((await loadSuggestion(handle.db, cipher, suggestion.id))?.pairingId).toBe(pairings[0]?.id);
    const opening = await handle.db
      .selectFrom("outbox")
      .select("effect_id")
      .where("kind", "=", "open_peer_room")
      .execute();
    expect(
      opening.filter((row) => row.effect_id.startsWith(`suggestion-answer:${suggestion.id}:`)),
    ).toHaveLength(1);
  });
});
