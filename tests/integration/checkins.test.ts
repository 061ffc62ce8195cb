import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sdk from "matrix-js-sdk";
import { afterAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../bin/config.ts";
import { listMoods } from "../../bot/checkins/moods-store.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findMemberByUserId } from "../../bot/onboarding/members-store.ts";
import { connectDatabase } from "../../schema/index.ts";
import { QUESTION, upcomingMinute } from "../support/checkin-times.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import { KindredProcess } from "../support/kindred-process.ts";
import { writeTestConfig } from "../support/kindred-under-test.ts";

describe("check-ins on real Synapse, through a crash between claim and send", () => {
  const matrix = inject("matrix");
  let kindred: KindredProcess | undefined;
  let member: CryptoMember | undefined;
  afterAll(async () => {
    member?.stop();
    await kindred?.stop();
  });

  it("a member on hs2 gets exactly one check-in after the process died right after claiming it, answers with a tap, and the mood is stored", async () => {
    const config = await writeTestConfig(matrix, {
      dataDir: mkdtempSync(join(tmpdir(), "kindred-checkins-")),
      config: { web: { bind: "127.0.0.1", port: 0 } },
    });
    kindred = KindredProcess.start(config, { KINDRED_TEST_EXIT_AFTER_CLAIM: "1" });
    await kindred.waitForLine(/web listening/, 120_000);

    member = await CryptoMember.create(matrix.hs2, "hana");
    const bot = `@kindred:${matrix.hs1.serverName}`;
    const room = await member.createEncryptedDirectRoom(bot);
    await member.waitForJoin(room, bot, 90_000);
    const due = upcomingMinute(20_000);
    await member.sendText(room, `checkin daily ${due.time}`);
    await member.waitForMessage(room, bot, `every day at ${due.time} (UTC)`, 90_000);

    // The tick claims the check-in and commits; the hook then kills the process before anything is sent.
    expect(await kindred.exited()).toBe(137);
    expect(kindred.lines.join("\n")).toMatch(/exiting right after a scheduler claim committed/);
    expect(member.messages.filter((m) => m.body.includes(QUESTION))).toEqual([]);

    kindred = KindredProcess.start(config);
    const question = await member.waitForMessage(room, bot, QUESTION, 120_000);
    expect(question.wasEncrypted).toBe(true);
    // The bot offers the scale as reactions on its own question.
    const botReactions = (): string[] =>
      (member?.client.getRoom(room)?.getLiveTimeline().getEvents() ?? [])
        .filter((e) => e.getType() === "m.reaction" && e.getSender() === bot)
        .map((e) => String(e.getContent()["m.relates_to"]?.key));
    await member.until("the bot's five keycaps", () => botReactions().length === 5, 60_000);
    expect(botReactions()).toEqual(["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]);

    await member.client.sendEvent(room, sdk.EventType.Reaction, {
      "m.relates_to": { rel_type: sdk.RelationType.Annotation, event_id: question.eventId, key: "4️⃣" },
    });
    await member.waitForMessage(room, bot, "I noted 4 of 5", 90_000);
    await member.sendText(room, "ping");
    await member.waitForMessage(room, bot, "Pong!", 90_000);
    expect(member.messages.filter((m) => m.body.includes(QUESTION))).toHaveLength(1);

    const loaded = loadConfig(config);
    if (!loaded.ok) throw new Error(loaded.message);
    const database = connectDatabase(loaded.value.databaseUrl);
    try {
      const cipher = memberCipher((await loadSodium()).sodium, loaded.value.masterKey);
      const stored = await findMemberByUserId(database.db, member.userId as UserId);
      if (stored === undefined) throw new Error("the member was not recorded");
      expect(await listMoods(database.db, cipher, stored.id, new Date(0))).toMatchObject([
        { score: 4, note: null, localDate: due.at.toISOString().slice(0, 10) },
      ]);
      const occurrences = await database.db.selectFrom("schedule_occurrences").selectAll().execute();
      expect(occurrences).toHaveLength(1);
    } finally {
      await database.close();
    }
    expect(await kindred.stop()).toBe(0);
    kindred = undefined;
  }, 300_000);
});
