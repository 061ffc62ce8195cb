import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listMoods } from "../../bot/checkins/moods-store.ts";
import { DRIFT_CONSENT, type CheckinSettings } from "../../bot/checkins/settings.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import type { InboundEvent } from "../../bot/events.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { recordConsents } from "../../bot/onboarding/consents-store.ts";
import { memberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, type Member } from "../../bot/onboarding/members-store.ts";
import type { Profile } from "../../bot/onboarding/profile.ts";
import { saveProfile } from "../../bot/onboarding/profiles-store.ts";
import { findSchedule } from "../../bot/scheduler/schedule-store.ts";
import { recordDirectRoom } from "../../bot/stores/direct-rooms.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "../support/database.ts";
import { FakeMatrix } from "../support/fake-matrix.ts";
import { BOT, recordingLogger, testPeerRoomSettings } from "../support/harness.ts";

const ANA = "@ana:partner.test" as UserId;
const DM = "!dm-ana:community.test" as RoomId;
let sequence = 0;

const PROFILE: Profile = {
  experiences: [{ id: "caregiving", stage: "now" }],
  role: "seeking",
  strengths: "",
  supportWanted: "",
  languages: ["en"],
  timezone: "Europe/London",
  availability: { days: ["mon"], times: ["evening"] },
  channels: { modes: ["text"], settings: ["one_to_one"] },
  capacity: 1,
  filters: { ageBands: [], genders: [], stage: null },
  note: "",
};

describe("check-ins, with a fake homeserver and a fake clock", () => {
  let handle: DatabaseHandle;
  let matrix: FakeMatrix;
  let processor: EventProcessor;
  let clock: number;
  let settings: CheckinSettings;
  let ana: Member;

  beforeEach(async () => {
    handle = await memoryDatabase();
    matrix = new FakeMatrix();
    clock = Date.parse("2026-12-01T10:00:00Z");
    const cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
    settings = {
      cipher,
      crisisResources: [{ name: "Samaritans", contact: "Call 116 123", url: null }],
      weeklyPrompt: {
        text: "One win, one hard thing.",
        recurrence: { days: new Set(["mon"]), time: "18:00", timezone: "UTC" },
      },
      pageUrl: "https://community.test/check-ins",
    };
    ana = await findOrCreateMember(handle.db, ANA, new Date(clock));
    await saveProfile(handle.db, cipher, ana.id, { ...PROFILE, timezone: "Europe/London" }, new Date(clock));
    await recordDirectRoom(handle.db, { roomId: DM, member: ANA }, new Date(clock));
    processor = start();
  });

  function start(): EventProcessor {
    return startEventProcessor({
      db: handle.db,
      ports: matrix,
      bot: {
        userId: BOT,
        community: { name: "Test Community" },
        peerRooms: testPeerRoomSettings(),
        checkins: settings,
      },
      logger: recordingLogger(),
      now: () => new Date(clock),
      retry: { baseMs: 1, maxMs: 2 },
    });
  }
  afterEach(async () => {
    await processor.stop();
    await handle.close();
  });

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
  const base = () => ({
    eventId: `$e${++sequence}` as EventId,
    roomId: DM,
    sender: ANA,
    originServerTs: clock,
  });
  const say = (body: string) => deliver({ kind: "text", ...base(), msgtype: "m.text", body });
  const react = (relatesTo: string, key: string) =>
    deliver({ kind: "reaction", ...base(), relatesTo: relatesTo as EventId, key });
  async function at(iso: string): Promise<void> {
    clock = Date.parse(iso);
    await processor.idle();
    await processor.idle();
  }
  const questions = () => matrix.calls.flatMap((call) => (call.kind === "ask_direct" ? [call] : []));
  const directs = () => matrix.calls.flatMap((call) => (call.kind === "direct" ? [call.body] : []));

  it("sets a schedule by command, asks at the local time, and stores a tapped answer sealed", async () => {
    await say("checkin daily 19:00");
    expect(matrix.notices().at(-1)).toMatch(/every day at 19:00 \(Europe\/London\)\. Next: 2026-12-01/);
    await say("checkin");
    expect(matrix.notices().at(-1)).toMatch(/^Check-ins: every day at 19:00/);

    await at("2026-12-01T18:59:00Z");
    expect(questions()).toEqual([]);
    await at("2026-12-01T19:00:01Z");
    expect(questions()).toHaveLength(1);
    const question = questions()[0];
    expect(question?.body).toMatch(/^How are you today\?/);
    expect(question?.choices).toEqual(["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]);

    await react(`$question-${question?.key ?? ""}`, "4️⃣");
    await react("$some-other-event", "1️⃣");
    expect(await listMoods(handle.db, settings.cipher, ana.id, new Date(0))).toMatchObject([
      { score: 4, localDate: "2026-12-01", note: null },
    ]);
    // A later answer to the same check-in replaces the earlier one.
    await say("2 - a rough evening after all");
    expect(await listMoods(handle.db, settings.cipher, ana.id, new Date(0))).toMatchObject([
      { score: 2, note: "a rough evening after all" },
    ]);
    const raw = JSON.stringify(await handle.db.selectFrom("moods").selectAll().execute());
    expect(raw).not.toContain("rough evening");

    await at("2026-12-01T19:30:00Z");
    expect(questions()).toHaveLength(1);
  });

  it("after six hours down sends one check-in, and delivers it once through homeserver outages", async () => {
    await say("checkin mon,tue,wed 12:00");
    await processor.stop();
    // Down from 10:00 to 16:00; the homeserver then refuses twice before the question gets through.
    clock = Date.parse("2026-12-01T16:00:00Z");
    matrix.failures.push("unavailable", "unavailable");
    processor = start();
    await processor.idle();
    for (let i = 0; i < 20 && questions().length === 0; i += 1) await at(new Date(clock + 10).toISOString());
    expect(questions().map((q) => q.body.slice(0, 18))).toEqual(["How are you today?"]);
    await at("2026-12-01T17:00:00Z");
    expect(questions()).toHaveLength(1);
    expect((await findSchedule(handle.db, `checkin:${ana.id}`, new Date(clock)))?.nextAt).toEqual(
      new Date("2026-12-02T12:00:00Z"),
    );
  });

  it("moves the next check-in when the member's timezone changes, and turns off", async () => {
    await say("checkin daily 08:30");
    expect((await findSchedule(handle.db, `checkin:${ana.id}`, new Date(clock)))?.nextAt).toEqual(
      new Date("2026-12-02T08:30:00Z"),
    );
    await saveProfile(
      handle.db,
      settings.cipher,
      ana.id,
      { ...PROFILE, timezone: "America/Sao_Paulo" },
      new Date(clock),
    );
    expect((await findSchedule(handle.db, `checkin:${ana.id}`, new Date(clock)))?.nextAt).toEqual(
      new Date("2026-12-01T11:30:00Z"),
    );
    await say("checkin off");
    expect(matrix.notices().at(-1)).toBe("Check-ins are off.");
    await at("2026-12-02T12:00:00Z");
    expect(questions()).toEqual([]);
    await say("checkin sometimes 25:00");
    expect(matrix.notices().at(-1)).toMatch(/^Sorry, I could not read that: "25:00" is not a time/);
  });

  it("after three missed check-ins sends one gentle note, only with consent, and not again the next day", async () => {
    await say("checkin daily 19:00");
    for (const day of ["01", "02", "03", "04"]) await at(`2026-12-${day}T19:00:01Z`);
    expect(questions()).toHaveLength(4);
    expect(directs()).toEqual([]); // no consent: no note

    await recordConsents(handle.db, ana.id, [DRIFT_CONSENT], new Date(clock));
    await at("2026-12-05T19:00:01Z");
    expect(directs()).toHaveLength(1);
    expect(directs()[0]).toMatch(/Samaritans: Call 116 123/);
    expect(directs()[0]).toMatch(/checkin tell peer/);
    expect(directs()[0]).not.toMatch(/depress|diagnos|disorder/i);
    await at("2026-12-06T19:00:01Z");
    expect(directs()).toHaveLength(1);
  });

  it("notices a drop of two points over a week", async () => {
    await say("checkin notice on");
    await say("5");
    clock += 3 * 86_400_000;
    await say("4");
    expect(directs()).toEqual([]);
    clock += 2 * 86_400_000;
    await say("3 tired");
    expect(directs()).toHaveLength(1);
    expect(directs()[0]).toMatch(/a little harder than the week before/);
    clock += 86_400_000;
    await say("2");
    expect(directs()).toHaveLength(1);
  });

  it("posts the weekly prompt in each open peer room once a week", async () => {
    const now = new Date(clock).toISOString();
    await handle.db
      .insertInto("peer_rooms")
      .values({
        id: "p1",
        kind: "pair",
        status: "open",
        room_id: "!peer:community.test",
        purpose_sealed: null,
        reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await at("2026-12-01T10:01:10Z");
    for (let hour = 0; hour < 14 * 24; hour += 6)
      await at(new Date(Date.parse("2026-12-01T12:00:00Z") + hour * 3_600_000).toISOString());
    const prompts = matrix.calls.filter(
      (call) => call.kind === "notice" && call.body === "One win, one hard thing.",
    );
    expect(prompts).toHaveLength(2);
  });
});
