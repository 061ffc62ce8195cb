import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { allPairings } from "../../bot/match-flow/pairings-store.ts";
import { completeOnboarding } from "../../bot/onboarding/account.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember } from "../../bot/onboarding/members-store.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import { saveProfile } from "../../bot/onboarding/profiles-store.ts";
import { loadPeerRoom, peerMembers } from "../../bot/peer-rooms/store.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";

const BEEN_THROUGH: Profile = {
  experiences: [{ id: "grief", stage: "past" }],
  role: "offering",
  strengths: "Listening",
  supportWanted: "",
  languages: ["en"],
  timezone: "Europe/London",
  availability: { days: ["mon", "wed", "fri"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  note: "",
};
const GOING_THROUGH: Profile = {
  ...BEEN_THROUGH,
  experiences: [{ id: "grief", stage: "now" }],
  role: "seeking",
  timezone: "Europe/Paris",
};

describe("matching two real members on two homeservers (real Synapse, encrypted DMs)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;
  let alice: CryptoMember;
  let bob: CryptoMember;
  const dm = new Map<CryptoMember, string>();

  printLogsOfFailedTests(() => kindred);

  beforeAll(async () => {
    kindred = await startTestKindred(matrix);
    [alice, bob] = await Promise.all([
      CryptoMember.create(matrix.hs1, "alice"),
      CryptoMember.create(matrix.hs2, "bob"),
    ]);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await kindred.running.stop();
  });

  it("suggests them to each other by encrypted DM once their profiles are saved", async () => {
    for (const member of [alice, bob]) {
      const room = await member.createEncryptedDirectRoom(kindred.botUserId);
      await member.waitForJoin(room, kindred.botUserId, 90_000);
      dm.set(member, room);
    }
    const db = kindred.running.database.db;
    const cipher = memberCipher((await loadSodium()).sodium, kindred.config.masterKey);
    const deps = { db, now: () => new Date(), wakeOutbox: () => kindred.running.appservice.processor.wake() };
    for (const [member, profile] of [
      [alice, BEEN_THROUGH],
      [bob, GOING_THROUGH],
    ] as const) {
      const record = await findOrCreateMember(db, member.userId as UserId, new Date());
      await saveProfile(db, cipher, record.id, profile, new Date());
      await completeOnboarding(deps, record, "Welcome to the community!");
    }
    const [toAlice, toBob] = await Promise.all([
      alice.waitForMessage(dm.get(alice) ?? "", kindred.botUserId, "I've found a peer", 90_000),
      bob.waitForMessage(dm.get(bob) ?? "", kindred.botUserId, "I've found a peer", 90_000),
    ]);
    expect(toAlice.wasEncrypted).toBe(true);
    expect(toBob.wasEncrypted).toBe(true);
    expect(toAlice.body).toContain("They are going through grief and loss, which you have been through");
    expect(toBob.body).toContain("They have been through grief and loss");
    expect(toBob.body).toContain('"accept 1"');
    expect(toAlice.body).not.toContain(bob.userId);
  });

  it("opens an encrypted peer room and invites both once both accept by DM", async () => {
    await alice.sendText(dm.get(alice) ?? "", "accept");
    await alice.waitForMessage(
      dm.get(alice) ?? "",
      kindred.botUserId,
      "as soon as the other member accepts",
      90_000,
    );
    await bob.sendText(dm.get(bob) ?? "", "accept 1");
    await bob.waitForMessage(dm.get(bob) ?? "", kindred.botUserId, "You both said yes", 90_000);
    const [aliceRoom, bobRoom] = await Promise.all([
      alice.acceptInviteFrom(kindred.botUserId, 90_000),
      bob.acceptInviteFrom(kindred.botUserId, 90_000),
    ]);
    expect(aliceRoom).toBe(bobRoom);
    const welcome = await bob.waitForMessage(bobRoom, kindred.botUserId, "Why you're here", 90_000);
    expect(welcome.wasEncrypted).toBe(true);
    expect(welcome.body).toContain("One of you has been through grief and loss");

    const db = kindred.running.database.db;
    const [pairing] = await allPairings(db);
    expect(pairing).toMatchObject({ kind: "pair", status: "active" });
    const room = await loadPeerRoom(db, pairing?.peerRoomId ?? "");
    expect(room?.roomId).toBe(aliceRoom);
    await expect
      .poll(async () => (await peerMembers(db, pairing?.peerRoomId ?? "")).map((m) => m.state), {
        timeout: 90_000,
      })
      .toEqual(["joined", "joined"]);
  });

  it("ends the pairing when a peer leaves, and asks privately how it went", async () => {
    const db = kindred.running.database.db;
    const [pairing] = await allPairings(db);
    const room = await loadPeerRoom(db, pairing?.peerRoomId ?? "");
    await bob.client.leave(room?.roomId ?? "");
    const question = await alice.waitForMessage(
      dm.get(alice) ?? "",
      kindred.botUserId,
      "Pairing 1 has ended",
      90_000,
    );
    expect(question.wasEncrypted).toBe(true);
    await alice.sendText(dm.get(alice) ?? "", "helped thank you");
    await alice.waitForMessage(dm.get(alice) ?? "", kindred.botUserId, "Thank you for telling me", 90_000);
    const [ended] = await allPairings(db);
    expect(ended?.status).toBe("ended");
    expect(ended?.members.map((m) => m.outcome)).toContain("helped");
  });
});
