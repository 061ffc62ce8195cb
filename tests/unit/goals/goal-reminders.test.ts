import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goalReminders } from "../../../bot/duties.ts";
import { startEventProcessor } from "../../../bot/event-processor.ts";
import { remindDueGoals } from "../../../bot/goals/reminders.ts";
import type { RoomId, UserId } from "../../../bot/ids.ts";
import { findOrCreateMember } from "../../../bot/onboarding/members-store.ts";
import { saveProfile } from "../../../bot/onboarding/profiles-store.ts";
import { enqueueEffects } from "../../../bot/stores/outbox.ts";
import { FakeMatrix } from "../../support/fake-matrix.ts";
import { goalBot, PARIS, type GoalBot } from "../../support/goal-bot.ts";
import { recordingLogger } from "../../support/harness.ts";

const ANN = "@ann:community.test" as UserId;

describe("goal reminders (fake clock)", () => {
  let b: GoalBot;
  let dm: RoomId;
  const remind = (at: string) =>
    b.database.db.transaction().execute((trx) => remindDueGoals(trx, b.cipher, new Date(at)));

  beforeEach(async () => {
    b = await goalBot(new Date("2026-12-01T10:00:00Z")); // Tuesday
    dm = await b.directRoom(ANN);
    const ann = await findOrCreateMember(b.database.db, ANN, b.clock.now);
    await saveProfile(b.database.db, b.cipher, ann.id, PARIS, b.clock.now);
    await b.say(ANN, dm, "goal add Walk to the park by friday"); // due 2026-12-04
  });
  afterEach(() => b.close());

  it("reminds once, from 09:00 in the member's zone on the day before", async () => {
    expect(await remind("2026-12-02T23:30:00Z")).toEqual([]); // Paris: Thursday 00:30
    expect(await remind("2026-12-03T07:59:00Z")).toEqual([]); // Paris: 08:59
    const sent = await remind("2026-12-03T08:00:00Z"); // Paris: 09:00
    expect(sent).toEqual([
      {
        kind: "direct",
        userId: ANN,
        body: expect.stringContaining(
          'A gentle reminder: your goal "Walk to the park" is due tomorrow (Friday 4 Dec 2026).',
        ) as string,
        sensitive: true,
      },
    ]);
    expect(await remind("2026-12-03T08:01:00Z")).toEqual([]);
    expect(await remind("2026-12-04T08:00:00Z")).toEqual([]);
  });

  it("after downtime over the whole day before, still reminds on the due day, never after", async () => {
    const [late] = await remind("2026-12-04T06:00:00Z");
    expect(late?.kind === "direct" && late.body).toContain("is due today (Friday 4 Dec 2026)");
    await b.say(ANN, dm, "goal add Call my sister by 2026-12-05");
    expect(await remind("2026-12-06T10:00:00Z")).toEqual([]);
  });

  it("does not remind of a goal that is done, or one set the day before it is due", async () => {
    await b.say(ANN, dm, "goal done 1");
    b.clock.now = new Date("2026-12-03T10:00:00Z");
    await b.say(ANN, dm, "goal add Sleep early by tomorrow");
    expect(await remind("2026-12-03T10:00:00Z")).toEqual([]);
    expect(await remind("2026-12-04T10:00:00Z")).toEqual([]);
  });

  it("a crash before the duty's commit takes the claim back: the reminder goes on the next run", async () => {
    await expect(
      b.database.db.transaction().execute(async (trx) => {
        expect(await remindDueGoals(trx, b.cipher, new Date("2026-12-03T09:00:00Z"))).toHaveLength(1);
        throw new Error("simulated crash before the commit");
      }),
    ).rejects.toThrow("simulated crash");
    expect(await remind("2026-12-03T09:01:00Z")).toHaveLength(1);
  });

  it("a crash after the commit, before sending: the restarted processor sends it exactly once", async () => {
    const at = new Date("2026-12-03T09:00:00Z");
    // What the processor's duty step commits, then the process dies before delivering.
    await b.database.db.transaction().execute(async (trx) => {
      const effects = await goalReminders.run(trx, b.bot, at);
      await enqueueEffects(trx, `duty:${goalReminders.name}:${at.toISOString()}`, effects, at);
    });
    const matrix = new FakeMatrix();
    for (let restart = 0; restart < 2; restart += 1) {
      const processor = startEventProcessor({
        db: b.database.db,
        ports: matrix,
        bot: b.bot,
        logger: recordingLogger(),
        now: () => new Date(at.getTime() + 60_000 * (restart + 1)),
        duties: [goalReminders],
      });
      await processor.idle();
      await processor.stop();
    }
    const reminders = matrix.calls.filter((call) => call.kind === "direct");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      userId: ANN,
      body: expect.stringContaining("Walk to the park") as string,
    });
  });
});
