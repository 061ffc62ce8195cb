import { afterEach, describe, expect, it } from "vitest";
import type { Duty } from "../../bot/duties.ts";
import { startEventProcessor } from "../../bot/event-processor.ts";
import type { InboundEvent } from "../../bot/events.ts";
import type { EventId, RoomId } from "../../bot/ids.ts";
import { countInbox } from "../../bot/stores/inbox.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "../support/database.ts";
import { FakeMatrix } from "../support/fake-matrix.ts";
import { ALICE, BOT, recordingLogger, testPeerRoomSettings } from "../support/harness.ts";

const DM = "!dm:community.test" as RoomId;
let sequence = 0;

function invite(room: RoomId): InboundEvent {
  return {
    kind: "membership",
    eventId: `$invite${++sequence}` as EventId,
    roomId: room,
    sender: ALICE,
    target: BOT,
    membership: "invite",
    isDirect: true,
    originServerTs: 1,
  };
}

function text(room: RoomId, body: string): InboundEvent {
  return {
    kind: "text",
    eventId: `$text${++sequence}` as EventId,
    roomId: room,
    sender: ALICE,
    msgtype: "m.text",
    body,
    originServerTs: 1,
  };
}

async function inbox(handle: DatabaseHandle, events: InboundEvent[]): Promise<void> {
  await acceptTransaction(handle.db, {
    homeserverInstance: "i",
    txnId: `t${++sequence}`,
    events,
    receivedAt: new Date(),
  });
}

function processorFor(handle: DatabaseHandle, matrix: FakeMatrix, logger = recordingLogger()) {
  return startEventProcessor({
    db: handle.db,
    ports: matrix,
    bot: { userId: BOT, community: { name: "Test" }, peerRooms: testPeerRoomSettings() },
    logger,
    retry: { baseMs: 5, maxMs: 20 },
  });
}

describe("the event processor", () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it("handles events stored before a crash exactly once after the restart", async () => {
    handle = await memoryDatabase();
    await inbox(handle, [invite(DM), text(DM, "ping")]); // accepted, then the process died

    const matrix = new FakeMatrix();
    const first = processorFor(handle, matrix);
    await first.idle();
    await first.stop();
    const second = processorFor(handle, matrix); // a restart finds nothing left to do
    await second.idle();
    await second.stop();

    expect(matrix.calls.map((c) => c.kind)).toEqual(["join", "notice", "notice"]);
    expect(await countInbox(handle.db, "done")).toBe(2);
  });

  it("erases an event's content once it is handled", async () => {
    handle = await memoryDatabase();
    await inbox(handle, [invite(DM), text(DM, "ping my private words")]);
    const processor = processorFor(handle, new FakeMatrix());
    await processor.idle();
    await processor.stop();
    const rows = await handle.db.selectFrom("inbox").select("event_json").execute();
    expect(rows.every((row) => row.event_json === null)).toBe(true);
  });

  it("keeps retrying while the homeserver is unavailable, then delivers in order", async () => {
    handle = await memoryDatabase();
    const matrix = new FakeMatrix();
    matrix.failures.push("unavailable", "unavailable", "unavailable");
    const logger = recordingLogger();
    const processor = processorFor(handle, matrix, logger);
    await inbox(handle, [invite(DM), text(DM, "ping")]);
    processor.wake();
    await expect.poll(() => matrix.calls.length, { timeout: 5_000 }).toBe(3);
    await processor.stop();
    expect(matrix.calls.map((c) => c.kind)).toEqual(["join", "notice", "notice"]);
    expect(logger.records.filter((r) => r.message.startsWith("homeserver unavailable"))).toHaveLength(3);
  });

  it("records a refused effect as failed and carries on", async () => {
    handle = await memoryDatabase();
    const matrix = new FakeMatrix();
    matrix.failures.push("forbidden");
    const processor = processorFor(handle, matrix);
    await inbox(handle, [invite(DM), text(DM, "ping")]);
    await processor.idle();
    await processor.stop();
    expect(matrix.calls.map((c) => c.kind)).toEqual(["notice", "notice"]);
    const failed = await handle.db
      .selectFrom("outbox")
      .select(["kind", "last_error"])
      .where("status", "=", "failed")
      .execute();
    expect(failed).toEqual([{ kind: "join", last_error: "forbidden: fake forbidden" }]);
  });

  it("skips an event whose handler throws, logs it, and keeps working", async () => {
    handle = await memoryDatabase();
    const matrix = new FakeMatrix();
    const logger = recordingLogger();
    await inbox(handle, [invite(DM), text(DM, "ping")]);
    // A handler bug, simulated by a table the handlers need going missing.
    await handle.db.schema.alterTable("direct_rooms").renameTo("direct_rooms_gone").execute();
    const processor = processorFor(handle, matrix, logger);
    await processor.idle();
    expect(await countInbox(handle.db, "failed")).toBe(2);
    expect(logger.records.filter((r) => r.message.startsWith("event handler failed"))).toHaveLength(2);
    expect(matrix.calls).toEqual([]);

    await handle.db.schema.alterTable("direct_rooms_gone").renameTo("direct_rooms").execute();
    await inbox(handle, [text("!group:community.test" as RoomId, "!kindred ping")]);
    processor.wake();
    await processor.idle();
    await processor.stop();
    expect(matrix.notices()).toEqual(["Pong! I'm here and listening."]);
  });

  it("prepares a slow duty outside its transaction, handles events meanwhile, then runs it with the result", async () => {
    handle = await memoryDatabase();
    const matrix = new FakeMatrix();
    let release: (value: string) => void = () => undefined;
    const ran: unknown[] = [];
    const slow: Duty = {
      name: "slow",
      everyMs: 60_000,
      prepare: () => new Promise<string>((resolve) => (release = resolve)),
      run: async (_db, _bot, _now, prepared) => {
        ran.push(prepared);
        return [];
      },
    };
    const processor = startEventProcessor({
      db: handle.db,
      ports: matrix,
      bot: { userId: BOT, community: { name: "Test" }, peerRooms: testPeerRoomSettings() },
      logger: recordingLogger(),
      duties: [slow],
    });
    const idle = processor.idle();
    let idleYet = false;
    void idle.then(() => (idleYet = true));
    await inbox(handle, [invite(DM), text(DM, "ping")]);
    processor.wake();
    const deadline = Date.now() + 5_000;
    while ((await countInbox(handle.db, "done")) < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    // The events were handled and answered while the duty was still preparing; the processor is not idle.
    expect(await countInbox(handle.db, "done")).toBe(2);
    expect(ran).toEqual([]);
    expect(idleYet).toBe(false);
    release("the plan");
    await idle;
    expect(ran).toEqual(["the plan"]);
    await processor.stop();
  });
});
