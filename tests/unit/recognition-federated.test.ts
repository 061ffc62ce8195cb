import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keySetOf } from "../../bot/attestations/key-set.ts";
import { listSigningKeys, revokeSigningKey } from "../../bot/attestations/signing-keys.ts";
import type { Effect, IssuerRead } from "../../bot/effects.ts";
import type { UserId } from "../../bot/ids.ts";
import { findMemberByUserId, type Member } from "../../bot/onboarding/members-store.ts";
import { answerOffers, consentOff, consentOn } from "../../bot/recognition/commands.ts";
import { onAttestationsRead } from "../../bot/recognition/federated.ts";
import { offersOf } from "../../bot/recognition/offers-store.ts";
import { reconcileAll } from "../../bot/recognition/progression.ts";
import { heldRoles } from "../../bot/recognition/roles-store.ts";
import { recordTraining } from "../../bot/recognition/training-store.ts";
import { FakeAttestationRooms } from "../support/fake-attestation-room.ts";
import { endedPairing, testCommunity, type TestCommunity, present } from "../support/recognition-fixtures.ts";

const ISSUER = "carers.example";
const ALICE = "@alice:carers.example" as UserId;

describe("a mentor from a trusted community is recognised elsewhere without starting over", () => {
  let issuing: TestCommunity;
  let partner: TestCommunity;
  let rooms: FakeAttestationRooms;
  let alice: Member;
  const at = (day: number): Date => new Date(Date.UTC(2026, 3, day));

  /** Delivers what the issuer decided to publish into its (fake) room, as the outbox would. */
  const publish = async (effects: readonly Effect[]) => {
    const publisher = rooms.publisherFor(ISSUER);
    await publisher.publishKeySet(keySetOf(ISSUER, await listSigningKeys(issuing.db)));
    for (const effect of effects) {
      if (effect.kind === "publish_attestation") await publisher.publishAttestation(effect.attestation);
      if (effect.kind === "publish_withdrawal")
        await publisher.publishWithdrawal(effect.attestationId, new Date(effect.withdrawnAt));
    }
  };
  const partnerReads = async (day: number, issuer = ISSUER): Promise<Effect[]> => {
    const read: IssuerRead = { issuer, contents: await rooms.reader.readIssuerRoom(issuer) };
    return onAttestationsRead(partner.db, partner.bot, ALICE, [read], at(day));
  };
  const partnerRoles = async () => {
    const member = await findMemberByUserId(partner.db, ALICE);
    return member === undefined
      ? []
      : (await heldRoles(partner.db, member.id)).map((r) => [r.role, r.source, r.issuer]);
  };

  beforeEach(async () => {
    issuing = await testCommunity(ISSUER);
    partner = await testCommunity("partner.example", { trustedIssuers: [ISSUER] });
    rooms = new FakeAttestationRooms();
    alice = await issuing.member(ALICE);
    const peers = await Promise.all([1, 2, 3, 4].map((n) => issuing.member(`@p${n}:carers.example`)));
    for (const peer of peers)
      await endedPairing(issuing.db, "pair", [
        [alice, "helped"],
        [peer, "helped"],
      ]);
    await endedPairing(issuing.db, "circle", [
      [alice, "helped"],
      [present(peers[0]), "helped"],
    ]);
    await recordTraining(issuing.db, alice.id, "Mentoring", "operator", at(1));
    await publish(await reconcileAll(issuing.db, issuing.bot, at(1)));
    await publish(await consentOn({ db: issuing.db, bot: issuing.bot, now: at(2) }, alice));
  });
  afterEach(async () => {
    await issuing.database.close();
    await partner.database.close();
  });

  it("verifies, offers the role once, and grants it with its issuer when accepted", async () => {
    const offered = await partnerReads(3);
    expect(offered).toEqual([
      {
        kind: "direct",
        userId: ALICE,
        body: expect.stringContaining(`${ISSUER} recognises you as a mentor`),
      },
    ]);
    expect(await partnerReads(4)).toEqual([]); // offered once
    const member = await findMemberByUserId(partner.db, ALICE);
    if (member === undefined) throw new Error("the partner should know Alice now");
    expect(await answerOffers(partner.db, member, "accept", at(5))).toContain("recognised by carers.example");
    expect(await partnerRoles()).toEqual([["mentor", "attestation", ISSUER]]);
    expect(await partnerReads(6)).toEqual([]); // still valid: nothing changes
  });

  it("ends the role kindly once the issuer withdraws (the member withdrew consent)", async () => {
    await partnerReads(3);
    const member = await findMemberByUserId(partner.db, ALICE);
    await answerOffers(partner.db, present(member), "accept", at(4));
    await publish(await consentOff({ db: issuing.db, now: at(5) }, alice));
    const ended = await partnerReads(6);
    expect(ended).toEqual([{ kind: "direct", userId: ALICE, body: expect.stringContaining("has ended") }]);
    expect(await partnerRoles()).toEqual([]);
  });

  it("ends the role when the issuer revokes the key that signed it", async () => {
    await partnerReads(3);
    const member = await findMemberByUserId(partner.db, ALICE);
    await answerOffers(partner.db, present(member), "accept", at(4));
    const keyId = present((await listSigningKeys(issuing.db))[0]).keyId;
    await revokeSigningKey(issuing.db, issuing.settings.vault, { keyId, from: at(1), now: at(5) });
    await publish([]);
    expect(await partnerReads(6)).toHaveLength(1);
    expect(await partnerRoles()).toEqual([]);
    // The issuer's next sweep replaces the attestation with one signed by its new key; it is offered again.
    const reissued = await reconcileAll(issuing.db, issuing.bot, at(7));
    expect(reissued.map((e) => e.kind)).toEqual(["publish_attestation", "publish_withdrawal"]);
    await publish(reissued);
    expect(await partnerReads(8)).toEqual([
      { kind: "direct", userId: ALICE, body: expect.stringContaining("recognises you as a mentor") },
    ]);
  });

  it("changes nothing when the issuer cannot be read, and ignores issuers it does not trust", async () => {
    await partnerReads(3);
    await answerOffers(partner.db, present(await findMemberByUserId(partner.db, ALICE)), "accept", at(4));
    rooms.failures.push("unavailable");
    expect(await partnerReads(5)).toEqual([]);
    expect(await partnerRoles()).toEqual([["mentor", "attestation", ISSUER]]);
    expect(
      await onAttestationsRead(
        partner.db,
        partner.bot,
        ALICE,
        [{ issuer: "elsewhere.example", contents: await rooms.reader.readIssuerRoom(ISSUER) }],
        at(6),
      ),
    ).toEqual([]);
  });

  it("a declined offer is not made again; an open offer disappears with its attestation", async () => {
    await partnerReads(3);
    const member = present(await findMemberByUserId(partner.db, ALICE));
    await answerOffers(partner.db, member, "decline", at(4));
    expect(await partnerReads(5)).toEqual([]);
    expect((await offersOf(partner.db, member.id)).map((o) => o.status)).toEqual(["declined"]);
  });
});
