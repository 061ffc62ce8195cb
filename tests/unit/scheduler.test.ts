import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { wallClock, zonedInstant } from "../../bot/scheduler/local-time.ts";
import {
  latestOccurrence,
  occurrenceAfter,
  WEEKDAYS,
  type Recurrence,
} from "../../bot/scheduler/recurrence.ts";
import { pruneOccurrences } from "../../bot/scheduler/tick.ts";
import { BOT, testPeerRoomSettings } from "../support/harness.ts";
import {
  claimDue,
  findSchedule,
  moveSchedulesToZone,
  saveSchedule,
  turnScheduleOff,
} from "../../bot/scheduler/schedule-store.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "../support/database.ts";

const daily = (time: string, timezone: string): Recurrence => ({ days: new Set(WEEKDAYS), time, timezone });
const at = (iso: string) => new Date(iso);

describe("local time across daylight-saving changes", () => {
  it("maps London's skipped 01:30 to the moment the clocks jump, and its repeated 01:30 to the first", () => {
    expect(zonedInstant("2026-03-29", 90, "Europe/London").toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(zonedInstant("2026-10-25", 90, "Europe/London").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedInstant("2026-07-01", 19 * 60, "Europe/London").toISOString()).toBe(
      "2026-07-01T18:00:00.000Z",
    );
    expect(wallClock(at("2026-10-25T01:30:00Z"), "Europe/London")).toEqual({
      date: "2026-10-25",
      minutes: 90,
    });
  });

  it("does the same in Sydney, whose clocks change in April and October", () => {
    expect(zonedInstant("2026-10-04", 150, "Australia/Sydney").toISOString()).toBe(
      "2026-10-03T16:00:00.000Z",
    );
    expect(zonedInstant("2026-04-05", 150, "Australia/Sydney").toISOString()).toBe(
      "2026-04-04T15:30:00.000Z",
    );
  });

  it("keeps São Paulo (no DST since 2019) at UTC−3", () => {
    expect(zonedInstant("2026-11-01", 8 * 60 + 30, "America/Sao_Paulo").toISOString()).toBe(
      "2026-11-01T11:30:00.000Z",
    );
  });

  it("gives a skipped or repeated local time exactly one occurrence that day", () => {
    for (const [recurrence, start, end] of [
      [daily("02:30", "Australia/Sydney"), "2026-10-02T00:00:00Z", "2026-10-06T00:00:00Z"],
      [daily("02:30", "Australia/Sydney"), "2026-04-03T00:00:00Z", "2026-04-07T00:00:00Z"],
      [daily("01:30", "Europe/London"), "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"],
      [daily("01:30", "Europe/London"), "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z"],
    ] as const) {
      const dates: string[] = [];
      let cursor = at(start);
      for (;;) {
        const next = occurrenceAfter(recurrence, cursor);
        if (next.at >= at(end)) break;
        dates.push(next.localDate);
        cursor = next.at;
      }
      expect(new Set(dates).size).toBe(dates.length);
      expect(dates.length).toBeGreaterThanOrEqual(3);
    }
  });

  it("honours chosen weekdays", () => {
    const recurrence: Recurrence = {
      days: new Set(["mon", "fri"]),
      time: "08:30",
      timezone: "Europe/London",
    };
    // 2026-12-01 is a Tuesday.
    expect(occurrenceAfter(recurrence, at("2026-12-01T12:00:00Z")).localDate).toBe("2026-12-04");
    expect(latestOccurrence(recurrence, at("2026-12-01T12:00:00Z"))?.localDate).toBe("2026-11-30");
  });
});

describe("the durable scheduler (fake clock, real SQLite)", () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await memoryDatabase();
  });
  afterEach(async () => {
    await handle.close();
  });

  async function tick(now: string) {
    return handle.db.transaction().execute((trx) => claimDue(trx, at(now), 500));
  }

  it("claims each occurrence once, at its time, and moves to the next one", async () => {
    await saveSchedule(
      handle.db,
      { id: "s1", kind: "checkin", subject: "m1", recurrence: daily("19:00", "Europe/London") },
      at("2026-12-01T10:00:00Z"),
    );
    expect(await tick("2026-12-01T18:59:59Z")).toEqual([]);
    const due = await tick("2026-12-01T19:00:01Z");
    expect(due.map((d) => d.key)).toEqual(["2026-12-01/19:00/s1"]);
    expect(await tick("2026-12-01T19:00:02Z")).toEqual([]);
    expect((await findSchedule(handle.db, "s1", at("2026-12-01T19:00:02Z")))?.nextAt).toEqual(
      at("2026-12-02T19:00:00Z"),
    );
  });

  it("after a 6-hour gap sends only the latest missed occurrence", async () => {
    const hourly: Recurrence = daily("09:00", "Europe/London");
    await saveSchedule(
      handle.db,
      { id: "h", kind: "checkin", subject: "m", recurrence: hourly },
      at("2026-12-01T00:00:00Z"),
    );
    await saveSchedule(
      handle.db,
      { id: "e", kind: "checkin", subject: "m2", recurrence: daily("12:00", "Europe/London") },
      at("2026-12-01T00:00:00Z"),
    );
    // Down from 08:00 to 14:00 UTC: both fell due in the gap; each is sent once.
    const due = await tick("2026-12-01T14:00:00Z");
    expect(due.map((d) => d.key).sort()).toEqual(["2026-12-01/09:00/h", "2026-12-01/12:00/e"]);
    // A gap of days: only the latest day's occurrence.
    const later = await tick("2026-12-04T13:00:00Z");
    expect(later.map((d) => d.key).sort()).toEqual(["2026-12-04/09:00/h", "2026-12-04/12:00/e"]);
  });

  it("follows edits, off, and a timezone move without sending a day twice", async () => {
    const base = { id: "s", kind: "checkin", subject: "m" };
    await saveSchedule(
      handle.db,
      { ...base, recurrence: daily("19:00", "Europe/London") },
      at("2026-12-01T10:00:00Z"),
    );
    await saveSchedule(
      handle.db,
      { ...base, recurrence: { days: new Set(["wed"]), time: "08:30", timezone: "Europe/London" } },
      at("2026-12-01T11:00:00Z"),
    );
    expect((await findSchedule(handle.db, "s", at("2026-12-01T11:00:00Z")))?.nextAt).toEqual(
      at("2026-12-02T08:30:00Z"),
    );
    await turnScheduleOff(handle.db, "s", at("2026-12-01T12:00:00Z"));
    expect(await tick("2026-12-09T09:00:00Z")).toEqual([]);

    await saveSchedule(
      handle.db,
      { ...base, recurrence: daily("19:00", "Europe/London") },
      at("2026-12-10T10:00:00Z"),
    );
    expect((await tick("2026-12-10T19:00:00Z")).map((d) => d.key)).toEqual(["2026-12-10/19:00/s"]);
    // Moving west after today's was sent: New York's 19:00 on the same local date is not sent again.
    await moveSchedulesToZone(handle.db, "m", "America/New_York", at("2026-12-10T19:30:00Z"));
    expect((await findSchedule(handle.db, "s", at("2026-12-10T19:30:00Z")))?.nextAt).toEqual(
      at("2026-12-11T00:00:00Z"),
    );
    expect(await tick("2026-12-11T00:00:01Z")).toEqual([]);
    expect((await tick("2026-12-12T00:00:01Z")).map((d) => d.key)).toEqual(["2026-12-11/19:00/s"]);
  });

  it("sends a Sydney 02:30 once on the day the clocks spring forward, and once when they fall back", async () => {
    await saveSchedule(
      handle.db,
      { id: "syd", kind: "checkin", subject: "m", recurrence: daily("02:30", "Australia/Sydney") },
      at("2026-10-02T00:00:00Z"),
    );
    const keys: string[] = [];
    for (let minute = 0; minute < 3 * 24 * 60; minute += 15) {
      const now = new Date(at("2026-10-02T00:00:00Z").getTime() + minute * 60_000);
      keys.push(...(await tick(now.toISOString())).map((d) => `${d.key}@${d.occurrence.at.toISOString()}`));
    }
    expect(keys).toEqual([
      "2026-10-03/02:30/syd@2026-10-02T16:30:00.000Z",
      "2026-10-04/02:30/syd@2026-10-03T16:00:00.000Z",
      "2026-10-05/02:30/syd@2026-10-04T15:30:00.000Z",
    ]);
  });

  it("sends a London 01:30 once on the night the clocks go back", async () => {
    await saveSchedule(
      handle.db,
      { id: "ldn", kind: "checkin", subject: "m", recurrence: daily("01:30", "Europe/London") },
      at("2026-10-24T12:00:00Z"),
    );
    const keys: string[] = [];
    for (let minute = 0; minute < 2 * 24 * 60; minute += 10) {
      const now = new Date(at("2026-10-24T12:00:00Z").getTime() + minute * 60_000);
      keys.push(...(await tick(now.toISOString())).map((d) => d.key));
    }
    expect(keys).toEqual(["2026-10-25/01:30/ldn", "2026-10-26/01:30/ldn"]);
  });

  it("forgets claimed keys after eight days", async () => {
    await saveSchedule(
      handle.db,
      { id: "p", kind: "checkin", subject: "m", recurrence: daily("09:00", "UTC") },
      at("2026-12-01T00:00:00Z"),
    );
    await tick("2026-12-01T09:00:00Z");
    await tick("2026-12-05T09:00:00Z");
    const bot = { userId: BOT, community: { name: "Test" }, peerRooms: testPeerRoomSettings() };
    await pruneOccurrences.run(handle.db, bot, at("2026-12-10T12:00:00Z"));
    expect(await handle.db.selectFrom("schedule_occurrences").select("key").execute()).toEqual([
      { key: "2026-12-05/09:00/p" },
    ]);
  });
});
