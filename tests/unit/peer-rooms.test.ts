import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import type { InboundEvent } from "../../bot/events.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { requestPeerRoom } from "../../bot/peer-rooms/open.ts";
import { loadPeerRoom, peerMembers } from "../../bot/peer-rooms/store.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "../support/database.ts";
import { FakeMatrix } from "../support/fake-matrix.ts";
import { BOT, recordingLogger, testPeerRoomSettings } from "../support/harness.ts";

const ANA = "@ana:community.test" as UserId;
const BEN = "@ben:partner.test" as UserId;
const CAL = "@cal:community.test" as UserId;
let sequence = 0;

function membership(roomId: RoomId, target: UserId, value: "join" | "leave"): InboundEvent {
  return {
    kind: "membership",
    eventId: `$m${++sequence}` as EventId,
    roomId,
    sender: target,
    target,
    membership: value,
    isDirect: false,
    originServerTs: 1,
  };
}

describe("peer rooms, with a fake homeserver and a fake clock", () => {
  let handle: DatabaseHandle;
  let matrix: FakeMatrix;
  let processor: EventProcessor;
  let clock: number;
  const settings = testPeerRoomSettings();

  beforeEach(async () => {
    handle = await memoryDatabase();
    matrix = new FakeMatrix();
    clock = Date.parse("2026-11-27T10:00:00Z");
    processor = startEventProcessor({
      db: handle.db,
      ports: matrix,
      bot: { userId: BOT, community: { name: "Test Community" }, peerRooms: settings },
      logger: recordingLogger(),
      now: () => new Date(clock),
      retry: { baseMs: 5, maxMs: 20 },
    });
  });
  afterEach(async () => {
    await processor.stop();
    await handle.close();
  });

  async function open(
    members: UserId[],
    purpose = "You both care for a parent.",
  ): Promise<{ id: string; roomId: RoomId }> {
    const requested = await requestPeerRoom(handle.db, settings, { members, purpose }, new Date(clock));
    if (!requested.ok) throw new Error(requested.message);
    await processor.idle();
    const roomId = matrix.peerRoomIds.get(requested.value);
    if (roomId === undefined) throw new Error("the room was not opened");
    return { id: requested.value, roomId };
  }

  async function deliver(event: InboundEvent): Promise<void> {
    await acceptTransaction(handle.db, {
      homeserverInstance: "i",
      txnId: `t${++sequence}`,
      events: [event],
      receivedAt: new Date(clock),
    });
    processor.wake();
    await processor.idle();
  }

  it("refuses fewer than 2, more than 8, or repeated members", async () => {
    const now = new Date(clock);
    expect(await requestPeerRoom(handle.db, settings, { members: [ANA], purpose: "" }, now)).toMatchObject({
      ok: false,
    });
    expect(
      await requestPeerRoom(handle.db, settings, { members: [ANA, ANA], purpose: "" }, now),
    ).toMatchObject({ ok: false });
    const nine = Array.from({ length: 9 }, (_, i) => `@p${i}:community.test` as UserId);
    expect(await requestPeerRoom(handle.db, settings, { members: nine, purpose: "" }, now)).toMatchObject({
      ok: false,
    });
  });

  it("keeps the purpose sealed and welcomes each peer with it on joining", async () => {
    const { id, roomId } = await open([ANA, BEN]);
    const row = await handle.db
      .selectFrom("peer_rooms")
      .select("purpose_sealed")
      .where("id", "=", id)
      .executeTakeFirst();
    expect(row?.purpose_sealed).toMatch(/^sealed:/);
    await deliver(membership(roomId, ANA, "join"));
    await deliver(membership(roomId, BEN, "join"));
    const welcomes = matrix.notices().filter((body) => body.startsWith("Welcome,"));
    expect(welcomes).toHaveLength(2);
    expect(welcomes[0]).toContain("You both care for a parent.");
    expect(welcomes[1]).toContain("Welcome, ben.");
    expect(await peerMembers(handle.db, id)).toEqual([
      { userId: ANA, state: "joined" },
      { userId: BEN, state: "joined" },
    ]);
  });

  it("closes a pair when one declines, and says so kindly", async () => {
    const { id, roomId } = await open([ANA, BEN]);
    await deliver(membership(roomId, ANA, "join"));
    await deliver(membership(roomId, BEN, "leave"));
    expect((await loadPeerRoom(handle.db, id))?.status).toBe("closed");
    expect(matrix.notices().at(-1)).toContain("won't be joining this time");
  });

  it("keeps a circle open while two or more remain", async () => {
    const { id, roomId } = await open([ANA, BEN, CAL]);
    await deliver(membership(roomId, ANA, "join"));
    await deliver(membership(roomId, BEN, "join"));
    await deliver(membership(roomId, CAL, "leave"));
    expect((await loadPeerRoom(handle.db, id))?.status).toBe("open");
    await deliver(membership(roomId, BEN, "leave"));
    expect((await loadPeerRoom(handle.db, id))?.status).toBe("closed");
    expect(matrix.notices().at(-1)).toContain("now closed");
  });

  it("fails the pairing when a member cannot be invited, and tells the other one", async () => {
    matrix.unreachable.add(BEN);
    const { id, roomId } = await open([ANA, BEN]);
    const room = await loadPeerRoom(handle.db, id);
    expect(room?.status).toBe("failed");
    expect(room?.reason).toContain(BEN);
    const told = matrix.calls.find((c) => c.kind === "direct");
    expect(told).toMatchObject({ kind: "direct", userId: ANA });
    expect(matrix.calls).toContainEqual({ kind: "leave", roomId });
  });

  it("reminds an unanswered invite once, then expires it and closes the pair", async () => {
    const { id, roomId } = await open([ANA, BEN]);
    await deliver(membership(roomId, ANA, "join"));
    for (const minutes of [1.5, 1.6, 1.7]) {
      clock = Date.parse("2026-11-27T10:00:00Z") + minutes * 60_000;
      processor.wake();
      await processor.idle();
    }
    expect(matrix.calls.filter((c) => c.kind === "direct" && c.userId === BEN)).toHaveLength(1);
    clock = Date.parse("2026-11-27T10:00:00Z") + 2.5 * 60_000;
    processor.wake();
    await processor.idle();
    expect(await peerMembers(handle.db, id)).toContainEqual({ userId: BEN, state: "expired" });
    expect((await loadPeerRoom(handle.db, id))?.status).toBe("closed");
    expect(matrix.calls).toContainEqual({
      kind: "remove_member",
      roomId,
      userId: BEN,
      reason: "invite expired",
    });
    expect(matrix.notices().at(-1)).toContain("didn't accept the invite in time");
  });
});
