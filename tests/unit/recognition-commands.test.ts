import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseCommand } from "../../bot/commands.ts";
import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import type { EventId, RoomId } from "../../bot/ids.ts";
import type { Member } from "../../bot/onboarding/members-store.ts";
import { recognitionCommand, thanksCommand } from "../../bot/recognition/commands.ts";
import { thankYouCount } from "../../bot/recognition/thanks-store.ts";
import { enqueueEffects } from "../../bot/stores/outbox.ts";
import { FakeMatrix } from "../support/fake-matrix.ts";
import { recordingLogger } from "../support/harness.ts";
import { endedPairing, testCommunity, type TestCommunity, present } from "../support/recognition-fixtures.ts";

const DM = "!dm:carers.example" as RoomId;

describe("recognition commands", () => {
  let community: TestCommunity;
  let matrix: FakeMatrix;
  let processor: EventProcessor;
  let alice: Member;
  let bo: Member;
  const now = new Date("2026-03-05T00:00:00Z");

  beforeEach(async () => {
    community = await testCommunity("carers.example");
    matrix = new FakeMatrix();
    matrix.issuer = "carers.example";
    processor = startEventProcessor({
      db: community.db,
      ports: matrix,
      bot: community.bot,
      logger: recordingLogger(),
      duties: [],
    });
    alice = await community.member("@alice:carers.example");
    bo = await community.member("@bo:partner.example");
  });
  afterEach(async () => {
    await processor.stop();
    await community.database.close();
  });

  /** Runs a command as Alice would send it in her DM, and queues its effects like the event processor. */
  const send = async (body: string, sender = alice) => {
    const command = present(parseCommand(body, true));
    const spec = present([recognitionCommand, thanksCommand].find((s) => s.words.includes(command.word)));
    const effects = await spec.run(
      {
        db: community.db,
        bot: community.bot,
        event: {
          kind: "text",
          eventId: `$${Math.random()}` as EventId,
          roomId: DM,
          sender: sender.userId,
          originServerTs: now.getTime(),
          body,
          msgtype: "m.text",
        },
        inDirectRoom: true,
        now,
      },
      command,
    );
    await enqueueEffects(community.db, `test:${Math.random()}`, effects, now);
    await processor.idle();
    return effects;
  };

  it("a thank-you reaches the peer, is counted once, and its words are not kept", async () => {
    await endedPairing(
      community.db,
      "pair",
      [
        [alice, "helped"],
        [bo, "helped"],
      ],
      new Date("2026-03-01T00:00:00Z"),
    );
    const effects = await send("thanks you were so patient with me");
    expect(effects.map((e) => e.kind)).toEqual(["direct", "notice"]);
    expect(matrix.calls).toContainEqual(
      expect.objectContaining({
        kind: "direct",
        userId: bo.userId,
        body: expect.stringContaining("“you were so patient with me”"),
      }),
    );
    expect(await thankYouCount(community.db, bo.id)).toBe(1);
    const outbox = await community.db
      .selectFrom("outbox")
      .select(["kind", "payload_json", "status"])
      .execute();
    expect(outbox.map((r) => r.payload_json).join("\n")).not.toContain("patient");
    expect(outbox.every((r) => r.status === "done")).toBe(true);

    const again = await send("thanks");
    expect(again).toEqual([
      expect.objectContaining({ kind: "notice", body: expect.stringContaining("no ended conversation") }),
    ]);
    expect(await thankYouCount(community.db, bo.id)).toBe(1);
  });

  it("a thank-you the homeserver refuses is erased too", async () => {
    await endedPairing(community.db, "pair", [
      [alice, "helped"],
      [bo, "helped"],
    ]);
    matrix.failures.push("forbidden");
    await send("thanks for listening");
    const outbox = await community.db.selectFrom("outbox").select(["payload_json", "status"]).execute();
    expect(outbox.map((r) => r.status)).toContain("failed");
    expect(outbox.map((r) => r.payload_json).join("\n")).not.toContain("listening");
  });

  it("refuses a long thank-you, and says so when there is nothing to thank for", async () => {
    expect(await send(`thanks ${"x".repeat(300)}`)).toEqual([
      expect.objectContaining({ body: expect.stringContaining("under 280") }),
    ]);
    expect(await send("thanks")).toEqual([
      expect.objectContaining({ body: expect.stringContaining("no ended conversation") }),
    ]);
  });

  it("recognition on publishes nothing until there is a role; off answers kindly; status lists badges", async () => {
    const on = await send("recognition on");
    expect(on.map((e) => e.kind)).toEqual(["notice"]);
    const status = await send("recognition");
    expect(status[0]).toMatchObject({ body: expect.stringContaining("no role yet") });
    expect(status[0]).toMatchObject({ body: expect.stringContaining("Published for other communities") });
    const off = await send("recognition off");
    expect(off[0]).toMatchObject({ body: expect.stringContaining("withdrawn") });
    expect(await send("recognition accept")).toEqual([
      expect.objectContaining({ body: "There is no role waiting for your answer." }),
    ]);
    expect(await send("recognition check")).toEqual([
      expect.objectContaining({ body: expect.stringContaining("does not list any partner communities") }),
    ]);
  });
});
