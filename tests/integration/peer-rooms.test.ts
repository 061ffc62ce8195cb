import { randomBytes } from "node:crypto";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { UserId } from "../../bot/ids.ts";
import { loadPeerRoom, peerMembers } from "../../bot/peer-rooms/store.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";

const PURPOSE = "You have both cared for a parent with dementia.";

describe("peer rooms across homeservers (real Synapse, real Rust crypto)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;
  let alice: CryptoMember;
  let bob: CryptoMember;
  let peerRoomId: string;
  let room: string;
  const secret = `plaintext-${randomBytes(6).toString("hex")}`;

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

  it("opens a private encrypted room for a pair on two homeservers; both decrypt the welcome and each other", async () => {
    const requested = await kindred.running.appservice.requestPeerRoom({
      members: [alice.userId as UserId, bob.userId as UserId],
      purpose: PURPOSE,
    });
    if (!requested.ok) throw new Error(requested.message);
    peerRoomId = requested.value;
    const [aliceRoom, bobRoom] = await Promise.all([
      alice.acceptInviteFrom(kindred.botUserId, 90_000),
      bob.acceptInviteFrom(kindred.botUserId, 90_000),
    ]);
    expect(aliceRoom).toBe(bobRoom);
    room = aliceRoom;
    for (const member of [alice, bob]) {
      const name = member.userId.slice(1, member.userId.indexOf(":"));
      const welcome = await member.waitForMessage(room, kindred.botUserId, `Welcome, ${name}`, 90_000);
      expect(welcome.wasEncrypted).toBe(true);
      expect(welcome.body).toContain(PURPOSE);
      expect(welcome.body).toContain("guidelines");
    }
    await alice.sendText(room, secret);
    expect((await bob.waitForMessage(room, alice.userId, secret, 90_000)).wasEncrypted).toBe(true);
    await bob.sendText(room, `re: ${secret}`);
    expect((await alice.waitForMessage(room, bob.userId, `re: ${secret}`, 90_000)).wasEncrypted).toBe(true);
    expect(await peerMembers(kindred.running.database.db, peerRoomId)).toEqual(
      [alice.userId, bob.userId].sort().map((userId) => ({ userId, state: "joined" })),
    );
  });

  it("makes the room private, encrypted from its first event, with equal peers, calls allowed, inside the space", () => {
    const state = alice.client.getRoom(room)?.currentState;
    const content = (type: string, key = ""): Record<string, unknown> =>
      state?.getStateEvents(type, key)?.getContent() ?? {};
    expect(content("m.room.encryption")["algorithm"]).toBe("m.megolm.v1.aes-sha2");
    expect(content("m.room.join_rules")["join_rule"]).toBe("invite");
    expect(content("m.room.history_visibility")["history_visibility"]).toBe("joined");
    expect(content("m.room.guest_access")["guest_access"]).toBe("forbidden");
    const levels = content("m.room.power_levels") as {
      users_default?: number;
      events?: Record<string, number>;
      invite?: number;
    };
    expect(levels.users_default).toBe(0);
    expect(levels.events?.["m.room.encryption"]).toBe(100);
    expect(levels.events?.["m.call.member"]).toBe(0);
    expect(levels.events?.["im.vector.modular.widgets"]).toBe(0);
    const parents = state?.getStateEvents("m.space.parent") ?? [];
    expect(parents).toHaveLength(1);
    // Every message anyone sees here travelled encrypted.
    const messages =
      alice.client
        .getRoom(room)
        ?.getLiveTimeline()
        .getEvents()
        .filter((e) => e.getType() === "m.room.message") ?? [];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((e) => e.getWireType() === "m.room.encrypted")).toBe(true);
  });

  it("leaves only ciphertext in the homeserver's own database", () => {
    const synapse = new SqliteDatabase(matrix.hs1.databasePath, { readonly: true, fileMustExist: true });
    try {
      const leaks = synapse
        .prepare("SELECT count(*) AS n FROM event_json WHERE json LIKE ?")
        .get(`%${secret}%`) as { n: number };
      expect(leaks.n).toBe(0);
      const encrypted = synapse
        .prepare("SELECT count(*) AS n FROM events WHERE room_id = ? AND type = 'm.room.encrypted'")
        .get(room) as { n: number };
      expect(encrypted.n).toBeGreaterThanOrEqual(4); // two welcomes and two messages
      // Encrypted from the first event: encryption is set before anyone but the bot is in the room.
      const types = (
        synapse
          .prepare("SELECT type, state_key FROM events WHERE room_id = ? ORDER BY stream_ordering")
          .all(room) as {
          type: string;
          state_key: string | null;
        }[]
      ).map((e) => e.type);
      expect(types.indexOf("m.room.encryption")).toBeGreaterThan(-1);
      expect(types.indexOf("m.room.encryption")).toBeLessThan(types.indexOf("m.room.encrypted"));
      expect(types).not.toContain("m.room.message");
    } finally {
      synapse.close();
    }
  });

  it("tells the other peer kindly when one leaves, and closes the pairing", async () => {
    await bob.client.leave(room);
    await alice.waitForMessage(room, kindred.botUserId, "has left", 90_000);
    await expect
      .poll(async () => (await loadPeerRoom(kindred.running.database.db, peerRoomId))?.status)
      .toBe("closed");
  });

  it.each([
    ["a user that does not exist", (hs1: string) => `@nobody-${randomBytes(3).toString("hex")}:${hs1}`],
    ["a user on a server nobody can reach", () => "@someone:localhost:1"],
  ])("marks the pairing failed and tells the other member, for %s", async (_case, unreachableUser) => {
    const carol = await CryptoMember.create(matrix.hs1, "carol");
    const requested = await kindred.running.appservice.requestPeerRoom({
      members: [carol.userId as UserId, unreachableUser(matrix.hs1.serverName) as UserId],
      purpose: "",
    });
    if (!requested.ok) throw new Error(requested.message);
    await expect
      .poll(async () => (await loadPeerRoom(kindred.running.database.db, requested.value))?.status, {
        timeout: 90_000,
      })
      .toBe("failed");
    const failed = await loadPeerRoom(kindred.running.database.db, requested.value);
    expect(failed?.reason).toMatch(/\S+: \S+/);
    // Carol was invited to the room that is now closed, and hears why in an encrypted DM.
    const dm = await carol.acceptInviteFrom(kindred.botUserId, 90_000).then(async (first) => {
      const told = carol.messages.some((m) => m.roomId === first && m.body.includes("couldn't invite"));
      return told ? first : carol.acceptInviteFrom(kindred.botUserId, 90_000);
    });
    const notice = await carol.waitForMessage(dm, kindred.botUserId, "couldn't invite", 90_000);
    expect(notice.wasEncrypted).toBe(true);
    carol.stop();
  });
});
