import { describe, expect, it } from "vitest";
import { scoreOfKey } from "../../bot/checkins/answers.ts";
import { decodeEvent } from "../../bridge/decode-event.ts";

const reaction = (content: unknown) => ({
  type: "m.reaction",
  event_id: "$r1",
  room_id: "!dm:hs",
  sender: "@ana:hs",
  origin_server_ts: 1,
  content,
});

describe("decoding reactions", () => {
  it("decodes an annotation into a reaction on an event", () => {
    expect(
      decodeEvent(reaction({ "m.relates_to": { rel_type: "m.annotation", event_id: "$q", key: "3️⃣" } })),
    ).toEqual({
      ok: true,
      value: {
        kind: "reaction",
        eventId: "$r1",
        roomId: "!dm:hs",
        sender: "@ana:hs",
        originServerTs: 1,
        relatesTo: "$q",
        key: "3️⃣",
      },
    });
  });

  it("ignores reactions that are not annotations", () => {
    expect(decodeEvent(reaction({ "m.relates_to": { rel_type: "m.thread", event_id: "$q" } }))).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it("reads keycaps with or without the variation selector, and plain digits", () => {
    expect(["1️⃣", "2\u20E3", "5", " 4️⃣ "].map(scoreOfKey)).toEqual([1, 2, 5, 4]);
    expect(["6️⃣", "👍", "0", "12"].map(scoreOfKey)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
