import { describe, expect, it } from "vitest";
import { decodeEvent } from "../../bridge/decode-event.ts";
import { rawMemberEvent, rawTextEvent } from "../support/events.ts";

describe("decoding events at the boundary", () => {
  it("decodes a text message", () => {
    const raw = rawTextEvent("!r:hs", "@a:hs:8448", "hello");
    expect(decodeEvent(raw)).toEqual({
      ok: true,
      value: expect.objectContaining({
        kind: "text",
        sender: "@a:hs:8448",
        body: "hello",
        msgtype: "m.text",
      }),
    });
  });

  it("decodes a DM invite", () => {
    const decoded = decodeEvent(rawMemberEvent("!r:hs", "@a:hs", "@bot:hs", "invite", true));
    expect(decoded).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: "membership", target: "@bot:hs", isDirect: true }),
    });
  });

  it("ignores event types and message types the bot does not read, without storing them", () => {
    expect(decodeEvent({ ...rawTextEvent("!r:hs", "@a:hs", ""), type: "m.reaction" })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      decodeEvent({
        ...rawTextEvent("!r:hs", "@a:hs", ""),
        content: { msgtype: "m.image", url: "mxc://x/y" },
      }),
    ).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it.each([
    ["no event ID", { ...rawTextEvent("!r:hs", "@a:hs", "x"), event_id: undefined }],
    ["a sender that is not a user ID", rawTextEvent("!r:hs", "alice", "x")],
    [
      "a body that is not text",
      { ...rawTextEvent("!r:hs", "@a:hs", "x"), content: { msgtype: "m.text", body: 3 } },
    ],
    ["an unknown membership", rawMemberEvent("!r:hs", "@a:hs", "@b:hs", "dancing")],
    ["not an object", "just a string"],
  ])("refuses an event with %s", (_case, raw) => {
    expect(decodeEvent(raw)).toMatchObject({ ok: false, error: "malformed" });
  });
});
