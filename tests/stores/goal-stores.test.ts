import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import {
  addGoal,
  addStep,
  deleteGoalsOf,
  listGoals,
  removeGoal,
  setGoalDone,
  setStepDone,
} from "../../bot/goals/goal-store.ts";
import { remindDueGoals } from "../../bot/goals/reminders.ts";
import {
  setWeeklySummary,
  weeklySummaryScheduleId,
  weeklySummaryWanted,
} from "../../bot/progress/summary-store.ts";
import { findSchedule } from "../../bot/scheduler/schedule-store.ts";
import { answerSmart, startSmart, type SmartContext } from "../../bot/goals/smart.ts";
import type { RoomId, UserId } from "../../bot/ids.ts";
import { deleteAccount, exportMemberData } from "../../bot/onboarding/account.ts";
import { memberCipher, type MemberCipher } from "../../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, type Member } from "../../bot/onboarding/members-store.ts";
import { enqueueEffects, markEffectDone, pendingEffects } from "../../bot/stores/outbox.ts";
import { type DatabaseHandle } from "../../schema/index.ts";
import { openMigratedStore, storeBackends } from "../support/database.ts";

const T0 = new Date("2026-12-01T10:00:00Z");
const ROOM = "!peer:community.test" as RoomId;

const backends = storeBackends("kindred-goals-");

describe.each(backends)("the goal stores on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let close: () => Promise<void>;
  let cipher: MemberCipher;
  let ann: Member;
  let ben: Member;

  beforeAll(async () => {
    ({ handle, close } = await openMigratedStore(open));
    cipher = memberCipher((await loadSodium()).sodium, new Uint8Array(randomBytes(32)));
    ann = await findOrCreateMember(handle.db, "@ann:hs" as UserId, T0);
    ben = await findOrCreateMember(handle.db, "@ben:hs2" as UserId, T0);
  });
  afterAll(async () => {
    await close();
  });

  it("numbers goals per member and scope, keeps numbers while listed, and keeps steps in order", async () => {
    const db = handle.db;
    const first = await addGoal(
      db,
      cipher,
      { memberId: ann.id, scope: "dm", text: "Walk", dueDate: "2026-12-04" },
      T0,
    );
    expect(first).toMatchObject({ ok: true, value: { number: 1 } });
    await addGoal(db, cipher, { memberId: ann.id, scope: "dm", text: "Read", dueDate: null }, T0);
    await addGoal(db, cipher, { memberId: ann.id, scope: ROOM, text: "Shared walk", dueDate: null }, T0);
    await addGoal(db, cipher, { memberId: ben.id, scope: ROOM, text: "Cook", dueDate: null }, T0);
    const ref = { memberId: ann.id, scope: "dm" as const, number: 1 };
    expect(await addStep(db, cipher, ref, "shoes", T0)).toEqual({ ok: true, value: 1 });
    expect(await addStep(db, cipher, ref, "route", T0)).toEqual({ ok: true, value: 2 });
    expect(await setStepDone(db, ref, 2, T0)).toEqual({ ok: true, value: true });
    expect(await setStepDone(db, ref, 3, T0)).toMatchObject({ ok: false, error: "no_step" });
    expect(await setGoalDone(db, { ...ref, number: 2 }, T0)).toEqual({ ok: true, value: true });
    expect(await setGoalDone(db, { ...ref, number: 9 }, T0)).toMatchObject({ ok: false, error: "no_goal" });

    const mine = await listGoals(db, cipher, { memberId: ann.id, scope: "dm" });
    expect(mine.map((g) => [g.number, g.text, g.dueDate, g.doneAt])).toEqual([
      [1, "Walk", "2026-12-04", null],
      [2, "Read", null, T0],
    ]);
    expect(mine[0]?.steps.map((s) => [s.number, s.text, s.doneAt])).toEqual([
      [1, "shoes", null],
      [2, "route", T0],
    ]);
    const room = await listGoals(db, cipher, { scope: ROOM });
    expect(room.map((g) => [g.owner, g.number, g.text])).toEqual([
      ["@ann:hs", 1, "Shared walk"],
      ["@ben:hs2", 1, "Cook"],
    ]);

    expect(await removeGoal(db, { ...ref, number: 2 })).toEqual({ ok: true, value: undefined });
    const after = await addGoal(
      db,
      cipher,
      { memberId: ann.id, scope: "dm", text: "Next", dueDate: null },
      T0,
    );
    expect(after).toMatchObject({ value: { number: 2 } }); // 1 kept its number; the freed top one is reused
  });

  it("keeps SMART drafts per member and scope, sealed, until the goal is made", async () => {
    const context: SmartContext = {
      db: handle.db,
      cipher,
      memberId: ben.id,
      scope: "dm",
      today: "2026-12-01",
      now: T0,
      answerWord: "smart",
    };
    await startSmart(context);
    for (const answer of ["Cook twice", "a meal a week", "skip", "saves money"])
      await answerSmart(context, answer);
    expect(await answerSmart(context, "2026-12-24")).toEqual({
      kind: "create",
      goal: {
        text: "Cook twice",
        plan: { measurable: "a meal a week", achievable: null, relevant: "saves money" },
        dueDate: "2026-12-24",
      },
    });
    expect(await handle.db.selectFrom("goal_drafts").selectAll().execute()).toEqual([]);
  });

  it("claims each due reminder once", async () => {
    const at = new Date("2026-12-03T10:00:00Z");
    const first = await handle.db.transaction().execute((trx) => remindDueGoals(trx, cipher, at));
    expect(first.map((e) => e.kind === "direct" && e.userId)).toEqual(["@ann:hs"]);
    expect(await remindDueGoals(handle.db, cipher, at)).toEqual([]);
  });

  it("erases a sensitive message's text from the outbox once it is delivered, and keeps other texts", async () => {
    await enqueueEffects(
      handle.db,
      "$goal-answer",
      [
        { kind: "notice", roomId: ROOM, body: "Goal 1 added: PRIVATE-GOAL-55", sensitive: true },
        { kind: "notice", roomId: ROOM, body: "Pong!" },
      ],
      T0,
    );
    for (const pending of await pendingEffects(handle.db, 10))
      await markEffectDone(handle.db, pending.seq, T0);
    const rows = await handle.db
      .selectFrom("outbox")
      .select(["effect_id", "status", "payload_json"])
      .execute();
    const byId = new Map(rows.map((row) => [row.effect_id, row]));
    expect(byId.get("$goal-answer/0")?.status).toBe("done");
    expect(byId.get("$goal-answer/0")?.payload_json).not.toContain("PRIVATE-GOAL-55");
    expect(byId.get("$goal-answer/1")?.payload_json).toContain("Pong!");
  });

  it("keeps the weekly summary choice and its Sunday 18:00 schedule in the member's zone", async () => {
    await setWeeklySummary(handle.db, ben.id, true, T0);
    expect(await weeklySummaryWanted(handle.db, ben.id)).toBe(true);
    const schedule = await findSchedule(handle.db, weeklySummaryScheduleId(ben.id), T0);
    expect(schedule?.nextAt).toEqual(new Date("2026-12-06T18:00:00Z")); // no profile: UTC
    await setWeeklySummary(handle.db, ben.id, false, T0);
    expect(await weeklySummaryWanted(handle.db, ben.id)).toBe(false);
    expect((await findSchedule(handle.db, weeklySummaryScheduleId(ben.id), T0))?.nextAt).toBeUndefined();
  });

  it("exports a member's goals and erases them with the account", async () => {
    const exported = await exportMemberData(handle.db, cipher, ann, T0);
    expect(exported.goals.map((g) => g.text)).toEqual(["Shared walk", "Walk", "Next"]);
    expect(exported.weeklySummary).toBe(false);
    await deleteAccount({ db: handle.db, now: () => T0, wakeOutbox: () => undefined }, ann);
    expect(await listGoals(handle.db, cipher, { memberId: ann.id })).toEqual([]);
    expect(await listGoals(handle.db, cipher, { scope: ROOM })).toHaveLength(1); // Ben's stays
    await deleteGoalsOf(handle.db, ben.id);
    expect(await handle.db.selectFrom("goal_steps").selectAll().execute()).toEqual([]);
  });
});
