import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { UserId } from "../../bot/ids.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";

describe("goals shared in an encrypted peer room across homeservers (real Synapse, real Rust crypto)", () => {
  const matrix = inject("matrix");
  let kindred: KindredUnderTest;
  let alice: CryptoMember;
  let bob: CryptoMember;
  let room: string;
  const goal = `Walk to the park every morning ${randomBytes(3).toString("hex")}`;

  printLogsOfFailedTests(() => kindred);

  beforeAll(async () => {
    kindred = await startTestKindred(matrix);
    [alice, bob] = await Promise.all([
      CryptoMember.create(matrix.hs1, "goal-alice"),
      CryptoMember.create(matrix.hs2, "goal-bob"),
    ]);
    const requested = await kindred.running.appservice.requestPeerRoom({
      members: [alice.userId as UserId, bob.userId as UserId],
      purpose: "You both care for a parent.",
    });
    if (!requested.ok) throw new Error(requested.message);
    const [aliceRoom, bobRoom] = await Promise.all([
      alice.acceptInviteFrom(kindred.botUserId, 90_000),
      bob.acceptInviteFrom(kindred.botUserId, 90_000),
    ]);
    expect(aliceRoom).toBe(bobRoom);
    room = aliceRoom;
    // Both are in and have the room keys once each has decrypted their own welcome.
    await alice.waitForMessage(room, kindred.botUserId, "Welcome", 90_000);
    await bob.waitForMessage(room, kindred.botUserId, "Welcome", 90_000);
  });
  afterAll(async () => {
    alice.stop();
    bob.stop();
    await kindred.running.stop();
  });

  it("a goal one peer (hs1) adds is listed for the other (hs2); the bot's answers decrypt for both", async () => {
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await alice.sendText(room, `!kindred goal add ${goal} by ${due}`);
    const added = await bob.waitForMessage(room, kindred.botUserId, `goal 1 added: ${goal}`, 90_000);
    expect(added.wasEncrypted).toBe(true);
    expect(added.body).toContain(`${alice.userId}'s goal 1 added`);

    await bob.sendText(room, "!kindred goal list");
    for (const member of [bob, alice]) {
      const list = await member.waitForMessage(room, kindred.botUserId, "Goals in this room:", 90_000);
      expect(list.wasEncrypted).toBe(true);
      expect(list.body).toContain(`${alice.userId}:\n  1. ${goal} (by `);
    }

    // At rest, Kindred keeps only the sealed text.
    const rows = await kindred.running.database.db.selectFrom("goals").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.scope).toBe(room);
    expect(JSON.stringify(rows)).not.toContain(goal);
    // …and the bot's delivered answers, which quoted the goal, keep no text in the outbox.
    await expect
      .poll(async () => {
        const outbox = await kindred.running.database.db
          .selectFrom("outbox")
          .select("payload_json")
          .execute();
        return JSON.stringify(outbox).includes(goal);
      })
      .toBe(false);
  });

  it("a personal goal made in an encrypted DM stays personal; progress answers in the DM", async () => {
    const personal = `Sleep before midnight ${randomBytes(3).toString("hex")}`;
    const dm = await bob.createEncryptedDirectRoom(kindred.botUserId);
    await bob.waitForJoin(dm, kindred.botUserId, 90_000);
    await bob.sendText(dm, `goal add ${personal}`);
    expect(
      (await bob.waitForMessage(dm, kindred.botUserId, `Goal 1 added: ${personal}`, 90_000)).wasEncrypted,
    ).toBe(true);
    await bob.sendText(dm, "progress");
    const progress = await bob.waitForMessage(
      dm,
      kindred.botUserId,
      "Your progress over the last 4 weeks",
      90_000,
    );
    expect(progress.wasEncrypted).toBe(true);
    expect(progress.body).toContain("Goals: 0 done, 1 open.");

    await alice.sendText(room, "!kindred goal list");
    const lists = () =>
      alice.messages.filter(
        (m) =>
          m.roomId === room && m.sender === kindred.botUserId && m.body.startsWith("Goals in this room:"),
      );
    await alice.until("a second room list", () => lists().length >= 2, 90_000);
    expect(lists().at(-1)?.body).not.toContain(personal);
  });
});
