import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseCheckinData, listMoods, recordMood } from "../../bot/checkins/moods-store.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember } from "../../bot/onboarding/members-store.ts";
import { WEEKDAYS } from "../../bot/scheduler/recurrence.ts";
import { claimDue, saveSchedule } from "../../bot/scheduler/schedule-store.ts";
import { type DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";

const T0 = new Date("2026-05-01T10:00:00Z");
const later = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const backends = storeBackends("kindred-moods-");

describe.each(backends)("the moods store on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let cipher: MemberCipher;

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
  });
  afterAll(async () => {
    await close();
  });

  it("stores moods sealed, lists them oldest first since a date, and keeps only the latest per check-in", async () => {
    const member = await findOrCreateMember(handle.db, "@m:hs" as UserId, T0);
    const base = { memberId: member.id, source: "reaction" as const };
    await recordMood(handle.db, cipher, {
      ...base,
      at: later(0),
      localDate: "2026-05-01",
      score: 2,
      note: null,
      checkinId: "c1",
    });
    await recordMood(handle.db, cipher, {
      ...base,
      at: later(1),
      localDate: "2026-05-01",
      score: 4,
      note: "PRIVATE-NOTE-91",
      checkinId: "c1",
    });
    await recordMood(handle.db, cipher, {
      ...base,
      source: "web",
      at: later(30),
      localDate: "2026-05-02",
      score: 5,
      note: null,
      checkinId: null,
    });
    expect(await listMoods(handle.db, cipher, member.id, T0)).toEqual([
      { at: later(1), localDate: "2026-05-01", score: 4, note: "PRIVATE-NOTE-91" },
      { at: later(30), localDate: "2026-05-02", score: 5, note: null },
    ]);
    expect(await listMoods(handle.db, cipher, member.id, later(2))).toHaveLength(1);
    const raw = JSON.stringify(await handle.db.selectFrom("moods").selectAll().execute());
    expect(raw).not.toContain("PRIVATE-NOTE-91");

    await eraseCheckinData(handle.db, member.id);
    expect(await listMoods(handle.db, cipher, member.id, T0)).toEqual([]);
  });

  it("claims due schedules once, even with two ticks at the same moment", async () => {
    const recurrence = { days: new Set(WEEKDAYS), time: "09:00", timezone: "Europe/London" };
    for (let i = 0; i < 50; i += 1)
      await saveSchedule(handle.db, { id: `c${i}`, kind: "checkin", subject: `m${i}`, recurrence }, T0);
    const tick = () => handle.db.transaction().execute((trx) => claimDue(trx, later(24), 1_000));
    const [first, second] = await Promise.all([tick(), tick()]);
    const keys = [...(first ?? []), ...(second ?? [])].map((due) => due.key);
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
    expect(keys).toContain("2026-05-02/09:00/c7");
    expect(await tick()).toEqual([]);
    const next = await handle.db.selectFrom("schedule_queue").select("next_at").distinct().execute();
    expect(next).toEqual([{ next_at: "2026-05-03T08:00:00.000Z" }]);
  });

  it("inboxes new events that come under a txnId seen before (Synapse on SQLite counts from 1 after a restart)", async () => {
    const event = (id: string) => ({
      kind: "text" as const,
      eventId: id as EventId,
      roomId: "!dm:hs" as RoomId,
      sender: "@m:hs" as UserId,
      originServerTs: 1,
      msgtype: "m.text" as const,
      body: "ping",
    });
    const txn = { homeserverInstance: "I", txnId: "1", receivedAt: T0 };
    expect(await acceptTransaction(handle.db, { ...txn, events: [event("$before")] })).toEqual({
      duplicate: false,
      stored: 1,
    });
    expect(await acceptTransaction(handle.db, { ...txn, events: [event("$before")] })).toEqual({
      duplicate: true,
      stored: 0,
    });
    expect(await acceptTransaction(handle.db, { ...txn, events: [event("$after-restart")] })).toEqual({
      duplicate: true,
      stored: 1,
    });
  });
});
