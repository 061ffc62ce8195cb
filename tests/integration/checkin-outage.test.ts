import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { registrationYaml } from "../../bin/registration.ts";
import {
  ensureSynapse,
  freePort,
  startHomeserver,
  type HomeserverOptions,
  type RunningHomeserver,
} from "../../tools/local-matrix/index.ts";
import { QUESTION, upcomingMinute } from "../support/checkin-times.ts";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";
import type { HomeserverInfo } from "../support/matrix-member.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const OUTAGE_MS = 60_000;

/**
 * Kindred's homeserver goes down for a minute while check-ins fall due. Stopping the shared hs1 would break the
 * other files' Kindreds, so this file runs its own homeserver (with its own appservice slot).
 */
describe("check-ins while the homeserver is down for a minute (real Synapse, own homeserver)", () => {
  const matrix = inject("matrix");
  let homeserver: RunningHomeserver | undefined;
  let kindred: KindredUnderTest | undefined;
  const members: CryptoMember[] = [];
  printLogsOfFailedTests(() => kindred);
  afterAll(async () => {
    for (const member of members) member.stop();
    await kindred?.running.stop();
    await homeserver?.stop();
  });

  it("delivers every check-in that fell due during the outage, once each", async () => {
    const python = await ensureSynapse(REPO);
    const dir = mkdtempSync(join(tmpdir(), "kindred-outage-hs-"));
    const [federationPort, clientPort, appservicePort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const registrationFile = join(dir, "registration.yaml");
    writeFileSync(
      registrationFile,
      registrationYaml({
        url: `http://127.0.0.1:${appservicePort}`,
        serverName: `localhost:${federationPort}`,
      }),
    );
    const options: HomeserverOptions = {
      name: "hs-outage",
      dataDir: join(dir, "hs"),
      federationPort,
      clientPort,
      appserviceRegistrationFiles: [registrationFile],
    };
    homeserver = await startHomeserver(python, options);
    const info: HomeserverInfo = {
      name: "hs-outage",
      serverName: homeserver.serverName,
      clientUrl: homeserver.clientUrl,
      sharedSecret: homeserver.sharedSecret,
      databasePath: homeserver.databasePath,
    };
    kindred = await startTestKindred({
      ...matrix,
      hs1: info,
      appservices: { ...matrix.appservices, hs1: { registrationFile, port: appservicePort } },
    });
    const bot = kindred.botUserId;

    const rooms: string[] = [];
    for (const name of ["ida", "jon"]) {
      const member = await CryptoMember.create(info, name);
      members.push(member);
      const room = await member.createEncryptedDirectRoom(bot);
      await member.waitForJoin(room, bot, 90_000);
      rooms.push(room);
    }
    const due = upcomingMinute(30_000);
    for (const [i, member] of members.entries()) {
      const room = rooms[i] ?? "";
      await member.sendText(room, `checkin daily ${due.time}`);
      await member.waitForMessage(room, bot, `every day at ${due.time}`, 90_000);
    }

    await homeserver.stop();
    const stoppedAt = Date.now();
    const db = kindred.running.database.db;
    // Both check-ins are claimed (and their questions queued) while the homeserver is away.
    for (const deadline = due.at.getTime() + 60_000; ;) {
      const claimed = await db.selectFrom("schedule_occurrences").select("key").execute();
      if (claimed.length === 2) break;
      if (Date.now() > deadline) throw new Error(`only ${claimed.length} check-ins were claimed`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Down for at least a minute, and until a delivery has failed for it: the first attempt may itself take a while
    // (the E2EE client waits for the room, and retries its own sends), so wait for the log line, with a deadline.
    const logs = kindred.logs;
    const failedDelivery = () => logs.records.some((r) => r.message.startsWith("homeserver unavailable"));
    while (
      Date.now() - stoppedAt < OUTAGE_MS ||
      (!failedDelivery() && Date.now() - stoppedAt < 3 * OUTAGE_MS)
    )
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(failedDelivery()).toBe(true);
    homeserver = await startHomeserver(python, options);

    for (const [i, member] of members.entries()) {
      const room = rooms[i] ?? "";
      await member.waitForMessage(room, bot, QUESTION, 180_000);
      await member.sendText(room, "ping");
      await member.waitForMessage(room, bot, "Pong!", 90_000);
      expect(member.messages.filter((m) => m.roomId === room && m.body.includes(QUESTION))).toHaveLength(1);
    }
  }, 480_000);
});
