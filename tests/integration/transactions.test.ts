import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TestMember } from "../support/matrix-member.ts";
import { newMember, startTestKindred, type KindredUnderTest } from "../support/kindred-under-test.ts";
import { rawTextEvent } from "../support/events.ts";

const PONG = "Pong!";

describe("Kindred's transaction endpoint, between real Synapse and a real DM", () => {
  const matrix = inject("matrix");
  const dataDir = mkdtempSync(join(tmpdir(), "kindred-txn-"));
  let kindred: KindredUnderTest;
  let member: TestMember;
  let room: string;

  const endpoint = (txnId: string): string =>
    `http://127.0.0.1:${matrix.appservices.hs1.port}/_matrix/app/v1/transactions/${encodeURIComponent(txnId)}`;
  const put = (txnId: string, events: unknown[], token: string | null = kindred.config.appservice.hsToken) =>
    fetch(endpoint(txnId), {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ events }),
    });
  const pongs = (): number =>
    member.seen.filter(
      (e) =>
        e.roomId === room && e.sender === kindred.botUserId && String(e.content["body"]).startsWith(PONG),
    ).length;

  /** Sends a real message and waits for its answer, so everything queued before it has been delivered. */
  async function barrier(): Promise<void> {
    const word = `word${randomBytes(3).toString("hex")}`;
    await member.sendText(room, word);
    await member.waitForNotice(room, kindred.botUserId, `"${word}"`);
  }

  beforeAll(async () => {
    kindred = await startTestKindred(matrix, { dataDir });
    member = await newMember(matrix.hs1, "txn");
    room = await member.createDirectRoom(kindred.botUserId);
    await member.waitForMembership(room, kindred.botUserId, "join");
  });
  afterAll(async () => {
    await kindred.running.stop();
  });

  it("refuses a missing token (401) and a wrong one (403)", async () => {
    const ping = rawTextEvent(room, member.userId, "ping");
    expect((await put("no-token", [ping], null)).status).toBe(401);
    expect((await put("wrong-token", [ping], "not-the-hs-token-at-all")).status).toBe(403);
    await barrier();
    expect(pongs()).toBe(0);
  });

  it("gives the same txnId delivered twice one effect", async () => {
    const ping = rawTextEvent(room, member.userId, "ping");
    const txnId = `redelivered-${randomBytes(4).toString("hex")}`;
    expect((await put(txnId, [ping])).status).toBe(200);
    expect((await put(txnId, [ping])).status).toBe(200);
    await member.waitForNotice(room, kindred.botUserId, PONG);
    await barrier();
    expect(pongs()).toBe(1);
  });

  it("still handles the other events of a transaction holding a malformed one", async () => {
    const malformed = {
      type: "m.room.message",
      room_id: room,
      sender: member.userId,
      content: { msgtype: "m.text", body: 7 },
    };
    const response = await put(`mixed-${randomBytes(4).toString("hex")}`, [
      malformed,
      rawTextEvent(room, member.userId, "ping"),
    ]);
    expect(response.status).toBe(200);
    await barrier();
    expect(pongs()).toBe(2);
    expect(kindred.logs.records.some((r) => r.message === "skipped a malformed event")).toBe(true);
  });

  it("answers a message sent while it was stopped, once it is back", async () => {
    await kindred.running.stop();
    await member.sendText(room, "ping");
    kindred = await startTestKindred(matrix, { dataDir });
    await member.waitUntil("the pong to a ping sent while Kindred was stopped", () => pongs() >= 3);
    await barrier();
    expect(pongs()).toBe(3);
  });
});
