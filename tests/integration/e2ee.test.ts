import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CryptoMember } from "../support/crypto-member.ts";
import {
  printLogsOfFailedTests,
  startTestKindred,
  type KindredUnderTest,
} from "../support/kindred-under-test.ts";

const HELP_MARKER = "Commands you can send me";

describe("the bot's E2EE device (real Synapse, real Rust crypto on both sides)", () => {
  const matrix = inject("matrix");
  const dataDir = mkdtempSync(join(tmpdir(), "kindred-e2ee-"));
  let kindred: KindredUnderTest;
  let member: CryptoMember;
  let room: string;

  printLogsOfFailedTests(() => kindred);

  beforeAll(async () => {
    kindred = await startTestKindred(matrix, { dataDir });
    member = await CryptoMember.create(matrix.hs2, "erin");
  });
  afterAll(async () => {
    member.stop();
    await kindred.running.stop();
  });

  it("answers a command sent in an encrypted DM over federation, encrypted", async () => {
    room = await member.createEncryptedDirectRoom(kindred.botUserId);
    await member.waitForJoin(room, kindred.botUserId, 90_000);
    await member.sendText(room, "help");
    const reply = await member.waitForMessage(room, kindred.botUserId, HELP_MARKER, 90_000);
    expect(reply.wasEncrypted).toBe(true);
  });

  it("has a device cross-signed by its owner, so clients excluding insecure devices still talk to it", async () => {
    const crypto = member.client.getCrypto();
    const status = await crypto?.getDeviceVerificationStatus(
      kindred.botUserId,
      kindred.running.appservice.encryption.deviceId,
    );
    expect(status?.signedByOwner).toBe(true);
  });

  it("keeps its device and keys across a restart and reads what was sent meanwhile", async () => {
    const before = {
      device: kindred.running.appservice.encryption.deviceId,
      keys: await kindred.running.appservice.encryption.identityKeys(),
    };
    await kindred.running.stop();
    await member.sendText(room, "ping");
    kindred = await startTestKindred(matrix, { dataDir });
    expect(kindred.running.appservice.encryption.deviceId).toBe(before.device);
    expect(await kindred.running.appservice.encryption.identityKeys()).toEqual(before.keys);
    const pong = await member.waitForMessage(room, kindred.botUserId, "Pong!", 90_000);
    expect(pong.wasEncrypted).toBe(true);
  });

  it("creates a new device cleanly, and says so, when its store is lost", async () => {
    const lostDevice = kindred.running.appservice.encryption.deviceId;
    await kindred.running.stop();
    const store = join(dataDir, "data", "bot-crypto-store.sealed");
    expect(existsSync(store)).toBe(true);
    rmSync(store);
    kindred = await startTestKindred(matrix, { dataDir });
    expect(kindred.running.appservice.encryption.deviceId).not.toBe(lostDevice);
    expect(
      kindred.logs.records.some(
        (r) => r.level === "warn" && r.message.startsWith("the bot's E2EE store is lost"),
      ),
    ).toBe(true);
    const crypto = member.client.getCrypto();
    const newDevice = kindred.running.appservice.encryption.deviceId;
    await expect
      .poll(
        async () => (await crypto?.getDeviceVerificationStatus(kindred.botUserId, newDevice))?.signedByOwner,
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    await member.sendText(room, "ping");
    await member.until(
      "a second pong, from the new device",
      () => member.messages.filter((m) => m.roomId === room && m.body.startsWith("Pong!")).length >= 2,
      90_000,
    );
  });
});
