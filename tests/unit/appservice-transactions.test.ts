import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countInbox } from "../../bot/stores/inbox.ts";
import { rawMemberEvent, rawTextEvent } from "../support/events.ts";
import { ALICE, HS_TOKEN, appserviceHarness, type Harness } from "../support/harness.ts";

const DM = "!dm:community.test";

describe("the transaction endpoint", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await appserviceHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function openDm(): Promise<void> {
    expect(await h.deliver("open", [rawMemberEvent(DM, ALICE, h.bot, "invite", true)])).toBe(200);
    await h.processor.idle();
  }

  it("refuses a missing token with 401 and a wrong one with 403, storing nothing", async () => {
    const body = JSON.stringify({ events: [rawTextEvent(DM, ALICE, "help")] });
    const missing = await h.app.request("/_matrix/app/v1/transactions/1", { method: "PUT", body });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ errcode: "M_UNAUTHORIZED" });
    const wrong = await h.app.request("/_matrix/app/v1/transactions/1", {
      method: "PUT",
      body,
      headers: { authorization: `Bearer ${HS_TOKEN}x` },
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ errcode: "M_FORBIDDEN" });
    expect(await countInbox(h.database.db, "pending")).toBe(0);
  });

  it("joins a DM it is invited to and greets the member", async () => {
    await openDm();
    expect(h.matrix.calls.map((c) => c.kind)).toEqual(["join", "notice"]);
  });

  it("declines an invite to a room that is not a DM", async () => {
    await h.deliver("1", [rawMemberEvent("!group:community.test", ALICE, h.bot, "invite")]);
    await h.processor.idle();
    expect(h.matrix.calls).toEqual([{ kind: "leave", roomId: "!group:community.test" }]);
  });

  it("gives a transaction delivered twice one effect", async () => {
    await openDm();
    const help = rawTextEvent(DM, ALICE, "help");
    expect(await h.deliver("7", [help])).toBe(200);
    expect(await h.deliver("7", [help])).toBe(200);
    // The same event inside a different transaction (a homeserver resend after a crash) is not handled twice either.
    expect(await h.deliver("8", [help])).toBe(200);
    await h.processor.idle();
    expect(h.matrix.notices().filter((body) => body.includes("Commands you can send me"))).toHaveLength(1);
  });

  it("skips a malformed event and still handles the rest of the batch", async () => {
    await openDm();
    const malformed = { type: "m.room.message", event_id: "$broken", content: { body: 42 } };
    const status = await h.deliver("9", [malformed, rawTextEvent(DM, ALICE, "ping"), "not an event"]);
    expect(status).toBe(200);
    await h.processor.idle();
    expect(h.matrix.notices()).toContain("Pong! I'm here and listening.");
    expect(h.logger.records.filter((r) => r.message === "skipped a malformed event")).toHaveLength(2);
  });

  it("answers 400 to a body that is not a transaction, so nothing half-read is acknowledged", async () => {
    const response = await h.app.request("/_matrix/app/v1/transactions/10", {
      method: "PUT",
      body: "{not json",
      headers: { authorization: `Bearer ${HS_TOKEN}` },
    });
    expect(response.status).toBe(400);
  });

  it("answers the homeserver's ping", async () => {
    const response = await h.app.request("/_matrix/app/v1/ping", {
      method: "POST",
      body: "{}",
      headers: { authorization: `Bearer ${HS_TOKEN}` },
    });
    expect(response.status).toBe(200);
  });

  it("replies to commands only in DMs, or after the prefix elsewhere", async () => {
    await openDm();
    await h.deliver("11", [
      rawTextEvent("!other:community.test", ALICE, "help"),
      rawTextEvent("!other:community.test", ALICE, "!kindred ping"),
      rawTextEvent(DM, ALICE, "a notice from another bot", "m.notice"),
    ]);
    await h.processor.idle();
    const replies = h.matrix.calls.filter((c) => c.kind === "notice" && c.roomId === "!other:community.test");
    expect(replies).toHaveLength(1);
    expect(h.matrix.notices()).toHaveLength(2); // greeting + pong
  });
});
