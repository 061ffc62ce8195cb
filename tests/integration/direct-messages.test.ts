import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { requestDirectMessage } from "../../bot/direct-messages.ts";
import type { UserId } from "../../bot/ids.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  newMember,
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";

const HELP_MARKER = "Commands you can send me";

describe("a member talks to the bot in a DM (real Synapse)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;

  printLogsOfFailedTests(() => kindred);

  beforeAll(async () => {
    kindred = await startTestKindred(matrix);
  });
  afterAll(async () => {
    await kindred.running.stop();
  });

  it("answers help to a member of its own homeserver (hs1)", async () => {
    const alice = await newMember(matrix.hs1, "alice");
    const room = await alice.createDirectRoom(kindred.botUserId);
    await alice.waitForMembership(room, kindred.botUserId, "join");
    await alice.waitForNotice(room, kindred.botUserId, 'Send "help"');
    await alice.sendText(room, "help");
    const reply = await alice.waitForNotice(room, kindred.botUserId, HELP_MARKER);
    expect(reply.content["msgtype"]).toBe("m.notice");
    expect(String(reply.content["body"])).toContain("Integration Community");
  });

  it("answers help to a member of another homeserver (hs2), over federation", async () => {
    const bob = await newMember(matrix.hs2, "bob");
    expect(bob.userId.endsWith(`:${matrix.hs2.serverName}`)).toBe(true);
    const room = await bob.createDirectRoom(kindred.botUserId);
    await bob.waitForMembership(room, kindred.botUserId, "join", 90_000);
    await bob.sendText(room, "help");
    await bob.waitForNotice(room, kindred.botUserId, HELP_MARKER, 90_000);
  });

  it("answers ping, and tells a member kindly when it does not know a word", async () => {
    const carol = await newMember(matrix.hs1, "carol");
    const room = await carol.createDirectRoom(kindred.botUserId);
    await carol.waitForMembership(room, kindred.botUserId, "join");
    await carol.sendText(room, "ping");
    await carol.waitForNotice(room, kindred.botUserId, "Pong!");
    await carol.sendText(room, "hello");
    await carol.waitForNotice(room, kindred.botUserId, 'I don\'t know "hello"');
  });

  it("leaves the DM when the member leaves it", async () => {
    const dave = await newMember(matrix.hs1, "dave");
    const room = await dave.createDirectRoom(kindred.botUserId);
    await dave.waitForMembership(room, kindred.botUserId, "join");
    await dave.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/leave`, {});
    // Dave can no longer see the room; the homeserver's admin API can.
    const admin = await newMember(matrix.hs1, "admin", { admin: true });
    const joined = async (): Promise<string[]> =>
      (
        await admin.request<{ members: string[] }>(
          "GET",
          `/_synapse/admin/v1/rooms/${encodeURIComponent(room)}/members`,
        )
      ).members;
    await expect.poll(joined, { timeout: 30_000, interval: 250 }).toEqual([]);
  });

  it("opens an encrypted DM itself to tell a member something, over federation, once per request", async () => {
    const frank = await CryptoMember.create(matrix.hs2, "frank");
    try {
      const request = {
        to: frank.userId as UserId,
        body: "Welcome to the community, Frank.",
        idempotencyKey: `welcome:${frank.userId}`,
      };
      await requestDirectMessage(kindred.running.database.db, request, new Date());
      await requestDirectMessage(kindred.running.database.db, request, new Date());
      kindred.running.appservice.processor.wake();
      const room = await frank.acceptInviteFrom(kindred.botUserId, 90_000);
      const welcome = await frank.waitForMessage(room, kindred.botUserId, "Welcome to the community", 90_000);
      expect(welcome.wasEncrypted).toBe(true);
      await frank.sendText(room, "ping");
      const pong = await frank.waitForMessage(room, kindred.botUserId, "Pong!", 90_000);
      expect(pong.wasEncrypted).toBe(true);
      expect(frank.messages.filter((m) => m.body.startsWith("Welcome to the community"))).toHaveLength(1);
    } finally {
      frank.stop();
    }
  });
});
