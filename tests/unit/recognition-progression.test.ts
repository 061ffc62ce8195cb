import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attestationsOf } from "../../bot/attestations/attestation-store.ts";
import { keySetOf } from "../../bot/attestations/key-set.ts";
import { listSigningKeys } from "../../bot/attestations/signing-keys.ts";
import { verifyAttestation } from "../../bot/attestations/verify.ts";
import type { Effect } from "../../bot/effects.ts";
import type { Member } from "../../bot/onboarding/members-store.ts";
import { consentOff, consentOn } from "../../bot/recognition/commands.ts";
import { reconcileAll } from "../../bot/recognition/progression.ts";
import { heldRoles } from "../../bot/recognition/roles-store.ts";
import { earnedRole, feedbackPercent, type Evidence } from "../../bot/recognition/thresholds.ts";
import { recordTraining } from "../../bot/recognition/training-store.ts";
import {
  endedPairing,
  testCommunity,
  TEST_THRESHOLDS,
  type TestCommunity,
  present,
} from "../support/recognition-fixtures.ts";

const NONE: Evidence = {
  pairingsCompleted: 0,
  circlesHeld: 0,
  positiveFeedback: 0,
  feedbackGiven: 0,
  trainingCourses: [],
};

describe("evidence thresholds", () => {
  it("newcomer → peer supporter → mentor, each step needing all of its thresholds", () => {
    expect(earnedRole(NONE, TEST_THRESHOLDS)).toBeUndefined();
    expect(earnedRole({ ...NONE, pairingsCompleted: 2 }, TEST_THRESHOLDS)).toBe("peer_supporter");
    const almostMentor: Evidence = {
      pairingsCompleted: 4,
      circlesHeld: 1,
      positiveFeedback: 3,
      feedbackGiven: 4,
      trainingCourses: [],
    };
    expect(earnedRole(almostMentor, TEST_THRESHOLDS)).toBe("peer_supporter"); // no training
    expect(earnedRole({ ...almostMentor, trainingCourses: ["Listening"] }, TEST_THRESHOLDS)).toBe("mentor");
    expect(
      earnedRole({ ...almostMentor, positiveFeedback: 2, trainingCourses: ["Listening"] }, TEST_THRESHOLDS),
    ).toBe(
      "peer_supporter", // 50 % < 75 %
    );
    expect(
      earnedRole({ ...almostMentor, circlesHeld: 0, trainingCourses: ["Listening"] }, TEST_THRESHOLDS),
    ).toBe("peer_supporter");
  });

  it("a mentor threshold below the peer supporter's cannot skip the first step", () => {
    const odd = {
      ...TEST_THRESHOLDS,
      mentor: { pairings: 1, circles: 0, positiveFeedbackPercent: 0, training: false },
    };
    expect(earnedRole({ ...NONE, pairingsCompleted: 1 }, odd)).toBeUndefined();
  });

  it("feedback is a whole percentage, absent before any", () => {
    expect(feedbackPercent(NONE)).toBeUndefined();
    expect(feedbackPercent({ ...NONE, positiveFeedback: 2, feedbackGiven: 3 })).toBe(66);
  });
});

describe("progression from evidence", () => {
  let community: TestCommunity;
  let alice: Member;
  let peers: Member[];
  const at = (day: number): Date => new Date(Date.UTC(2026, 3, day));
  const directs = (effects: readonly Effect[]) => effects.filter((e) => e.kind === "direct");

  beforeEach(async () => {
    community = await testCommunity("carers.example");
    alice = await community.member("@alice:carers.example");
    peers = await Promise.all([1, 2, 3, 4].map((n) => community.member(`@peer${n}:partner.example`)));
  });
  afterEach(() => community.database.close());

  const pairWith = (peer: Member, theirs: "helped" | "neutral" | null = "helped") =>
    endedPairing(community.db, "pair", [
      [alice, "helped"],
      [peer, theirs],
    ]);

  it("counts only pairings both peers ended with feedback, and circles held", async () => {
    await pairWith(present(peers[0]));
    await pairWith(present(peers[1]), null); // the peer gave no feedback: not completed
    await endedPairing(community.db, "circle", [
      [alice, "helped"],
      [present(peers[2]), "helped"],
      [present(peers[3]), "neutral"],
    ]);
    const { evidenceOf } = await import("../../bot/recognition/evidence.ts");
    expect(await evidenceOf(community.db, alice.id)).toEqual({
      pairingsCompleted: 1,
      circlesHeld: 1,
      positiveFeedback: 2,
      feedbackGiven: 3,
      trainingCourses: [],
    });
  });

  it("grants peer supporter, then mentor, announcing each step kindly by DM exactly once", async () => {
    expect(await reconcileAll(community.db, community.bot, at(1))).toEqual([]);
    await pairWith(present(peers[0]));
    await pairWith(present(peers[1]));
    const first = directs(await reconcileAll(community.db, community.bot, at(2)));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ userId: alice.userId, body: expect.stringContaining("peer supporter") });
    expect(first[0]).toMatchObject({ body: expect.stringContaining("Thank you") });
    expect(directs(await reconcileAll(community.db, community.bot, at(3)))).toEqual([]); // once

    await pairWith(present(peers[2]));
    await pairWith(present(peers[3]), "neutral"); // 3 of 4 helped = 75 %
    await endedPairing(community.db, "circle", [
      [alice, "helped"],
      [present(peers[0]), "helped"],
      [present(peers[1]), "helped"],
    ]);
    expect(directs(await reconcileAll(community.db, community.bot, at(4)))).toEqual([]); // no training yet
    await recordTraining(community.db, alice.id, "Peer listening", "@mod:carers.example", at(4));
    const second = directs(await reconcileAll(community.db, community.bot, at(5)));
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ body: expect.stringContaining("mentor") });
    expect(directs(await reconcileAll(community.db, community.bot, at(6)))).toEqual([]);
    expect((await heldRoles(community.db, alice.id)).map((r) => [r.role, r.source])).toEqual(
      expect.arrayContaining([
        ["peer_supporter", "evidence"],
        ["mentor", "evidence"],
      ]),
    );
  });

  it("publishes nothing without consent; consent issues a verifiable attestation; a new role supersedes it; withdrawal unpublishes", async () => {
    await pairWith(present(peers[0]));
    await pairWith(present(peers[1]));
    const granted = await reconcileAll(community.db, community.bot, at(2));
    expect(granted.filter((e) => e.kind === "publish_attestation")).toEqual([]);
    expect(await attestationsOf(community.db, alice.userId)).toEqual([]);

    const on = await consentOn({ db: community.db, bot: community.bot, now: at(3) }, alice);
    expect(on).toHaveLength(1);
    const published = on[0];
    if (published?.kind !== "publish_attestation") throw new Error("expected a publication");
    expect(published.attestation.claims).toEqual({
      role: "peer_supporter",
      support_pairings_completed: 2,
      circles_hosted: 0,
      peer_feedback_percent: 100,
      training_completed: false,
    });
    const keySet = keySetOf("carers.example", await listSigningKeys(community.db));
    expect(
      verifyAttestation(community.settings.vault.sodium, published.attestation, keySet, {
        now: at(4),
        subject: alice.userId,
      }).ok,
    ).toBe(true);
    expect(await reconcileAll(community.db, community.bot, at(4))).toEqual([]); // standing: nothing to do

    await pairWith(present(peers[2]));
    await pairWith(present(peers[3]));
    await endedPairing(community.db, "circle", [
      [alice, "helped"],
      [present(peers[0]), "helped"],
    ]);
    await recordTraining(community.db, alice.id, "Peer listening", "operator", at(5));
    const promoted = await reconcileAll(community.db, community.bot, at(6));
    expect(promoted.map((e) => e.kind)).toEqual(["direct", "publish_attestation", "publish_withdrawal"]);
    expect(promoted[2]).toMatchObject({ attestationId: published.attestation.id });

    // Shortly before it expires, the standing attestation is renewed (and the old one withdrawn).
    const nearExpiry = new Date(at(6).getTime() + community.settings.validityMs * 0.95);
    expect((await reconcileAll(community.db, community.bot, nearExpiry)).map((e) => e.kind)).toEqual([
      "publish_attestation",
      "publish_withdrawal",
    ]);

    const off = await consentOff({ db: community.db, now: at(7) }, alice);
    expect(off.map((e) => e.kind)).toEqual(["publish_withdrawal"]);
    expect((await attestationsOf(community.db, alice.userId)).every((a) => a.withdrawnAt !== null)).toBe(
      true,
    );
    expect(await reconcileAll(community.db, community.bot, at(8))).toEqual([]); // stays withdrawn
  });
});
