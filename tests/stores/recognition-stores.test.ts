import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSigningKey } from "../../bot/attestations/signing-keys.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { findOrCreateMember, type Member } from "../../bot/onboarding/members-store.ts";
import { announceOnce } from "../../bot/recognition/announcements-store.ts";
import { publishConsentOf, recordPublishConsent } from "../../bot/recognition/consent-store.ts";
import { evidenceOf, evidenceOfAll } from "../../bot/recognition/evidence.ts";
import { eraseRecognitionData, exportRecognitionData } from "../../bot/recognition/member-data.ts";
import {
  decideOffer,
  markChecked,
  offersOf,
  recordOffer,
  usersDueForCheck,
} from "../../bot/recognition/offers-store.ts";
import { lastEndedPairing } from "../../bot/recognition/pairings-read.ts";
import { publishedAttestationsOf } from "../../bot/recognition/public-attestations.ts";
import { issueInTransaction } from "../../bot/recognition/publishing.ts";
import { pairingsThankedBy, recordThankYou, thankYouCount } from "../../bot/recognition/thanks-store.ts";
import { recordTraining, trainingOf } from "../../bot/recognition/training-store.ts";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import type { RoomId } from "../../bot/ids.ts";
import { type DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";
import { endedPairing, TEST_THRESHOLDS } from "../support/recognition-fixtures.ts";

const T0 = new Date("2026-05-01T10:00:00Z");
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

describe.each(storeBackends("kindred-recognition-"))("the recognition stores on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let ann: Member;
  let bo: Member;

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    ann = await findOrCreateMember(handle.db, "@ann:hs" as UserId, T0);
    bo = await findOrCreateMember(handle.db, "@bo:hs" as UserId, T0);
  });
  afterAll(async () => {
    await close();
  });

  it("keeps consent, training (once per course) and announcements (once per role)", async () => {
    const { db } = handle;
    expect(await publishConsentOf(db, ann.id)).toBeUndefined();
    await recordPublishConsent(db, ann.id, true, T0);
    expect(await publishConsentOf(db, ann.id)).toBe(true);
    await recordPublishConsent(db, ann.id, false, later(1));
    expect(await publishConsentOf(db, ann.id)).toBe(false);

    expect(await recordTraining(db, ann.id, "Peer listening", "@mod:hs", T0)).toBe(true);
    expect(await recordTraining(db, ann.id, "Peer listening", "@mod:hs", later(1))).toBe(false);
    expect(await trainingOf(db, ann.id)).toEqual([
      { course: "Peer listening", recordedBy: "@mod:hs", recordedAt: T0 },
    ]);

    expect(await announceOnce(db, ann.id, "mentor", T0)).toBe(true);
    expect(await announceOnce(db, ann.id, "mentor", later(1))).toBe(false);
  });

  it("reads evidence and the last ended pairing from match-flow's tables, and counts thank-yous once", async () => {
    const { db } = handle;
    const id = await endedPairing(
      db,
      "pair",
      [
        [ann, "helped"],
        [bo, "neutral"],
      ],
      later(2),
    );
    expect(await evidenceOf(db, ann.id)).toMatchObject({
      pairingsCompleted: 1,
      positiveFeedback: 0,
      feedbackGiven: 1,
    });
    expect(await evidenceOf(db, bo.id)).toMatchObject({
      pairingsCompleted: 1,
      positiveFeedback: 1,
      feedbackGiven: 1,
    });
    const everyone = await evidenceOfAll(db);
    expect(everyone.get(ann.id)).toEqual(await evidenceOf(db, ann.id));
    expect(everyone.get(bo.id)).toEqual(await evidenceOf(db, bo.id));
    expect(await lastEndedPairing(db, ann.id, T0, new Set())).toEqual({ pairingId: id, peers: [bo.id] });
    expect(await lastEndedPairing(db, ann.id, later(3), new Set())).toBeUndefined();

    expect(await recordThankYou(db, { pairingId: id, from: ann.id, to: bo.id }, later(3))).toBe(true);
    expect(await recordThankYou(db, { pairingId: id, from: ann.id, to: bo.id }, later(4))).toBe(false);
    expect(await thankYouCount(db, bo.id)).toBe(1);
    expect(await thankYouCount(db, ann.id)).toBe(0);
    expect(await pairingsThankedBy(db, ann.id)).toEqual(new Set([id]));
  });

  it("offers each attestation once and finds who is due for a check", async () => {
    const { db } = handle;
    const offer = {
      memberId: bo.id,
      issuer: "carers.example",
      role: "mentor" as const,
      attestationId: "A".repeat(22),
    };
    expect(await recordOffer(db, offer, T0)).toBe(true);
    expect(await recordOffer(db, offer, later(1))).toBe(false);
    await decideOffer(db, offer, "accepted", later(1));
    expect((await offersOf(db, bo.id)).map((o) => o.status)).toEqual(["accepted"]);
    expect(await offersOf(db, bo.id, "offered")).toEqual([]);

    await recordDirectRoom(db, { roomId: "!dm:hs" as RoomId, member: "@visitor:elsewhere" as UserId }, T0);
    expect(new Set(await usersDueForCheck(db, T0, 10))).toEqual(
      new Set(["@ann:hs", "@bo:hs", "@visitor:elsewhere"]),
    );
    await markChecked(db, "@ann:hs" as UserId, later(1));
    expect(await usersDueForCheck(db, T0, 10)).not.toContain("@ann:hs");
    expect(await usersDueForCheck(db, later(2), 10)).toContain("@ann:hs");
  });

  it("serves only consented attestations, and erasing the account withdraws them", async () => {
    const { db } = handle;
    const { sodium } = await loadSodium();
    const vault = { sodium, sealingKey: new Uint8Array(32).fill(7) };
    await ensureSigningKey(db, vault, T0);
    const settings = {
      issuer: "hs",
      thresholds: TEST_THRESHOLDS,
      vault,
      validityMs: 86_400_000,
      trustedIssuers: [],
      recheckAfterMs: 1,
    };
    const claims = {
      role: "peer_supporter",
      support_pairings_completed: 1,
      circles_hosted: 0,
      training_completed: false,
    } as const;
    const issued = await issueInTransaction(db, settings, bo.userId, claims, T0);
    expect(issued.ok).toBe(true);
    expect(await publishedAttestationsOf(db, bo.userId, later(1))).toEqual([]);
    await recordPublishConsent(db, bo.id, true, T0);
    expect(await publishedAttestationsOf(db, bo.userId, later(1))).toHaveLength(1);
    expect(await publishedAttestationsOf(db, bo.userId, later(25))).toEqual([]); // expired
    expect((await exportRecognitionData(db, bo)).attestations).toHaveLength(1);

    const withdrawals = await eraseRecognitionData(db, bo, later(2));
    expect(withdrawals.map((e) => e.kind)).toEqual(["publish_withdrawal"]);
    expect(await publishedAttestationsOf(db, bo.userId, later(3))).toEqual([]);
    expect(await thankYouCount(db, bo.id)).toBe(0);
    expect(await offersOf(db, bo.id)).toEqual([]);
  });
});
