import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../bot/events.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { findDirectRoom, forgetDirectRoom, recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import { completeEvent, countInbox, pendingEvents } from "../../bot/stores/inbox.ts";
import {
  enqueueEffects,
  markEffectDone,
  pendingEffects,
  scheduleEffectRetry,
} from "../../bot/stores/outbox.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../schema/index.ts";
import { freshPostgresDatabase } from "../support/database.ts";

const ROOM = "!room:hs" as RoomId;
const ALICE = "@alice:hs" as UserId;

function message(id: string): InboundEvent {
  return {
    kind: "text",
    eventId: id as EventId,
    roomId: ROOM,
    sender: ALICE,
    msgtype: "m.text",
    body: "hi",
    originServerTs: 1,
  };
}

interface Backend {
  open(): Promise<{ location: string; dispose(): Promise<void> }>;
}

const backends: [string, Backend][] = [
  [
    "SQLite (a file, WAL)",
    {
      open: () => {
        const location = join(mkdtempSync(join(tmpdir(), "kindred-store-")), "kindred.sqlite");
        return Promise.resolve({ location, dispose: () => Promise.resolve() });
      },
    },
  ],
  [
    "PostgreSQL",
    {
      async open() {
        const database = await freshPostgresDatabase();
        return { location: database.url, dispose: () => database.drop() };
      },
    },
  ],
];

describe.each(backends)("the stores on %s", (_name, backend) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    handle = connectDatabase(opened.location);
  });
  afterAll(async () => {
    await handle.close();
    await dispose();
  });

  it("migrates an empty database up, and a second run has nothing to do", async () => {
    const first = await migrateToLatest(handle);
    expect(first.ok && first.applied[0]).toBe("0001-foundation");
    expect(await migrateToLatest(handle)).toEqual({ ok: true, applied: [] });
  });

  it("records a txnId once per homeserver instance", async () => {
    const txn = {
      homeserverInstance: "A",
      txnId: "1",
      events: [message("$e1"), message("$e2")],
      receivedAt: new Date(),
    };
    expect(await acceptTransaction(handle.db, txn)).toEqual({ duplicate: false, stored: 2 });
    expect(await acceptTransaction(handle.db, txn)).toEqual({ duplicate: true, stored: 0 });
    // A homeserver on a fresh database counts from 1 again: a new instance, a new scope.
    const fresh = { ...txn, homeserverInstance: "B", events: [message("$e3")] };
    expect(await acceptTransaction(handle.db, fresh)).toEqual({ duplicate: false, stored: 1 });
  });

  it("hands out pending events in arrival order and erases them when complete", async () => {
    const pending = await pendingEvents(handle.db, 10, new Date());
    expect(pending.map((p) => p.event.eventId)).toEqual(["$e1", "$e2", "$e3"]);
    for (const p of pending)
      await completeEvent(handle.db, p.seq, { status: "done", error: null, at: new Date() });
    expect(await countInbox(handle.db, "pending")).toBe(0);
    expect(await countInbox(handle.db, "done")).toBe(3);
  });

  it("enqueues effects once per cause and tracks retries", async () => {
    const now = new Date();
    const effects = [
      { kind: "join" as const, roomId: ROOM },
      { kind: "notice" as const, roomId: ROOM, body: "hello" },
    ];
    await enqueueEffects(handle.db, "$e1", effects, now);
    await enqueueEffects(handle.db, "$e1", effects, now);
    const pending = await pendingEffects(handle.db, 10);
    expect(pending.map((p) => p.effectId)).toEqual(["$e1/0", "$e1/1"]);
    const [first, second] = pending;
    if (first === undefined || second === undefined) throw new Error("expected two effects");
    await scheduleEffectRetry(handle.db, first.seq, "down", new Date(now.getTime() + 1000));
    await markEffectDone(handle.db, second.seq, now);
    const after = await pendingEffects(handle.db, 10);
    expect(after).toEqual([
      expect.objectContaining({
        effectId: "$e1/0",
        attempts: 1,
        nextAttemptAt: new Date(now.getTime() + 1000),
      }),
    ]);
  });

  it("remembers and forgets direct rooms", async () => {
    await recordDirectRoom(handle.db, { roomId: ROOM, member: ALICE }, new Date());
    expect(await findDirectRoom(handle.db, ROOM)).toEqual({ roomId: ROOM, member: ALICE });
    await forgetDirectRoom(handle.db, ROOM);
    expect(await findDirectRoom(handle.db, ROOM)).toBeUndefined();
  });
});
