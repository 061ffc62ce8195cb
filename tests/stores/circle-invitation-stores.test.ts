import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { answerCircleInvitation } from "../../bot/match-flow/circle-invitations.ts";
import {
  circleInvitationsOf,
  circleInvitees,
  circleResting,
  closeCircleInvitation,
  insertCircleInvitation,
  loadCircleInvitation,
  lockCircleInvitation,
  overdueCircleInvitations,
  recordCircleAnswer,
} from "../../bot/match-flow/circle-invitations-store.ts";
import { allPairings } from "../../bot/match-flow/pairings-store.ts";
import { communityWording, MATCH_FLOW_DEFAULTS } from "../../bot/match-flow/settings.ts";
import { insertSuggestion, suggestionNumbers } from "../../bot/match-flow/suggestions-store.ts";
import { DEFAULT_MODEL } from "../../bot/matching/score-model.ts";
import { deleteAccount, exportMemberData } from "../../bot/onboarding/account.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, type MemberId } from "../../bot/onboarding/members-store.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";

const T0 = new Date("2026-05-01T10:00:00Z");
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const backends = storeBackends("kindred-circles-");

describe.each(backends)("circle invitations (migration 0011) on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let cipher: MemberCipher;
  const member = async (name: string): Promise<MemberId> =>
    (await findOrCreateMember(handle.db, `@${name}:hs` as UserId, T0)).id;
  const circleOf = async (names: readonly string[], hours = 48) => {
    const ids = [];
    for (const name of names) ids.push(await member(name));
    const invitation = await insertCircleInvitation(
      handle.db,
      cipher,
      {
        experience: "grief",
        members: ids.map((id, i) => ({ id, stage: i === 1 ? "now" : "past", supporter: i === 0 })),
        expiresAt: later(hours),
      },
      T0,
      await suggestionNumbers(handle.db),
    );
    return { invitation, ids };
  };

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
  });
  afterAll(async () => {
    await close();
  });

  it("stores an invitation sealed, numbered after each member's suggestions", async () => {
    const a = await member("na");
    const b = await member("nb");
    await insertSuggestion(
      handle.db,
      cipher,
      {
        kind: "pair",
        members: [a, b],
        score: 1,
        features: DEFAULT_MODEL.weights,
        reasons: [],
        expiresAt: later(1),
      },
      T0,
    );
    const { invitation, ids } = await circleOf(["na", "nb", "nc"]);
    const numberOf = (id: MemberId) => invitation.members.find((m) => m.memberId === id)?.number;
    expect(numberOf(a)).toBe(2);
    expect(numberOf(b)).toBe(2);
    expect(numberOf(ids[2] as MemberId)).toBe(1);
    // The next suggestion of each goes on from the circle's number.
    expect((await suggestionNumbers(handle.db))(a)).toBe(3);
    expect(await loadCircleInvitation(handle.db, cipher, invitation.id)).toEqual(invitation);
    expect(invitation).toMatchObject({ state: "invited", experience: "grief", version: 0, pairingId: null });
    expect(invitation.members.find((m) => m.memberId === ids[1])).toMatchObject({
      stage: "now",
      supporter: false,
      answer: null,
    });
    const raw = JSON.stringify([
      await handle.db.selectFrom("circle_invitations").selectAll().execute(),
      await handle.db.selectFrom("circle_invitation_members").selectAll().execute(),
    ]);
    expect(raw).not.toContain("grief");
    expect(raw).not.toContain("past");
    expect((await circleInvitationsOf(handle.db, cipher, a, ["invited"])).map((i) => i.id)).toEqual([
      invitation.id,
    ]);
  });

  it("answers by compare-and-set, locks while open, closes once, and knows who is busy or resting", async () => {
    const { invitation, ids } = await circleOf(["ca", "cb", "cc"], 1);
    const [a, b, c] = ids as [MemberId, MemberId, MemberId];
    for (const id of ids) expect((await circleInvitees(handle.db)).has(id)).toBe(true);
    expect(await recordCircleAnswer(handle.db, invitation.id, a, null, "accepted", later(0.5))).toBe(true);
    expect(await recordCircleAnswer(handle.db, invitation.id, a, null, "accepted", later(0.5))).toBe(false);
    expect(await recordCircleAnswer(handle.db, invitation.id, b, null, "declined", later(0.5))).toBe(true);
    const busy = await circleInvitees(handle.db);
    expect([busy.has(a), busy.has(b), busy.has(c)]).toEqual([true, false, true]);
    expect((await circleResting(handle.db, T0)).has(b)).toBe(true);
    expect(await lockCircleInvitation(handle.db, invitation.id)).toBe(true);
    expect((await loadCircleInvitation(handle.db, cipher, invitation.id))?.version).toBe(1);
    expect((await overdueCircleInvitations(handle.db, cipher, later(2))).map((i) => i.id)).toContain(
      invitation.id,
    );
    expect(
      await closeCircleInvitation(
        handle.db,
        invitation.id,
        { state: "closed", outcome: "too_few" },
        later(2),
      ),
    ).toBe(true);
    expect(
      await closeCircleInvitation(
        handle.db,
        invitation.id,
        { state: "closed", outcome: "too_few" },
        later(2),
      ),
    ).toBe(false);
    expect(await lockCircleInvitation(handle.db, invitation.id)).toBe(false);
    const after = await circleInvitees(handle.db);
    expect(ids.some((id) => after.has(id))).toBe(false);
    // c never answered a circle that closed: resting too; a, who said yes, is not.
    const resting = await circleResting(handle.db, T0);
    expect([resting.has(a), resting.has(b), resting.has(c)]).toEqual([false, true, true]);
    expect((await circleResting(handle.db, later(3))).has(c)).toBe(false);
  });

  it("opens one room when the last two answers arrive at the same time", async () => {
    const { invitation, ids } = await circleOf(["ra", "rb", "rc"]);
    const [a, b, c] = ids as [MemberId, MemberId, MemberId];
    const flow = { ...MATCH_FLOW_DEFAULTS, cipher, wording: communityWording([]) };
    const rooms = { seal: (text: string) => cipher.seal(text) };
    expect((await answerCircleInvitation(handle.db, flow, rooms, a, invitation.id, "accept", T0)).ok).toBe(
      true,
    );
    const answers = await Promise.all([
      answerCircleInvitation(handle.db, flow, rooms, b, invitation.id, "accept", later(1)),
      answerCircleInvitation(handle.db, flow, rooms, c, invitation.id, "accept", later(1)),
    ]);
    expect(answers.map((r) => r.ok && r.value.state).sort()).toEqual(["invited", "opened"]);
    const stored = await loadCircleInvitation(handle.db, cipher, invitation.id);
    expect(stored?.state).toBe("opened");
    const circles = (await allPairings(handle.db)).filter((p) => p.id === stored?.pairingId);
    expect(circles).toHaveLength(1);
    expect(circles[0]?.members.map((m) => m.memberId).sort()).toEqual([...ids].sort());
  });

  it("exports a member's part in circle invitations, and erases it with the account", async () => {
    const { invitation } = await circleOf(["gone-circle", "stays-1", "stays-2"]);
    const gone = await findOrCreateMember(handle.db, "@gone-circle:hs" as UserId, T0);
    const exported = await exportMemberData(handle.db, cipher, gone, T0);
    expect(exported.matching.circleInvitations).toEqual([
      {
        number: 1,
        experience: "grief",
        stage: "past",
        size: 3,
        state: "invited",
        answer: null,
        createdAt: T0.toISOString(),
      },
    ]);
    await deleteAccount({ db: handle.db, now: () => later(2), wakeOutbox: () => undefined }, gone);
    const left = await handle.db
      .selectFrom("circle_invitation_members")
      .selectAll()
      .where("member_id", "=", gone.id)
      .execute();
    expect(left).toEqual([]);
    expect((await loadCircleInvitation(handle.db, cipher, invitation.id))?.members).toHaveLength(2);
  });
});
