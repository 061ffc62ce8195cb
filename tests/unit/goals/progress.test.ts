import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordMood } from "../../../bot/checkins/moods-store.ts";
import { addDays } from "../../../bot/goals/local-date.ts";
import type { RoomId, UserId } from "../../../bot/ids.ts";
import { findOrCreateMember, type Member } from "../../../bot/onboarding/members-store.ts";
import { saveProfile } from "../../../bot/onboarding/profiles-store.ts";
import {
  moodTrend,
  progressText,
  weeklyMoods,
  type MoodPoint,
} from "../../../bot/progress/progress-summary.ts";
import { weeklySummaryHandler } from "../../../bot/progress/weekly-summary.ts";
import { scheduleDuty } from "../../../bot/scheduler/tick.ts";
import { goalBot, PARIS, type GoalBot } from "../../support/goal-bot.ts";

const ANN = "@ann:community.test" as UserId;
const TODAY = "2026-12-01"; // a Tuesday

function moodsOver(scores: readonly (number | null)[], lastDay = TODAY): MoodPoint[] {
  return scores.flatMap((score, i) =>
    score === null
      ? []
      : [{ localDate: addDays(lastDay, i - scores.length + 1), score: score as MoodPoint["score"] }],
  );
}

describe("the progress summary", () => {
  it("says kindly that there is nothing yet", () => {
    expect(progressText({ moods: [], goals: [], today: TODAY, now: new Date(`${TODAY}T10:00:00Z`) })).toBe(
      [
        "Your progress over the last 4 weeks:",
        "Mood: no check-in answers yet. Once you answer a few, you'll see how your weeks go.",
        'Goals: none yet. "goal add …" or "goal smart" starts one.',
      ].join("\n"),
    );
  });

  it("averages moods by ISO week, keeps empty weeks, and reads the trend between the last two answered weeks", () => {
    // Monday 2026-11-09 … Tuesday 2026-12-01: two days of the week of 16 Nov have no answers.
    const moods = [
      ...moodsOver([2, 2, 3], "2026-11-11"),
      ...moodsOver([4, 4], "2026-11-24"),
      ...moodsOver([2, 3], TODAY),
    ];
    const weeks = weeklyMoods(moods, TODAY);
    expect(weeks.map((w) => [w.start, w.average, w.count])).toEqual([
      ["2026-11-09", 7 / 3, 3],
      ["2026-11-16", null, 0],
      ["2026-11-23", 4, 2],
      ["2026-11-30", 2.5, 2],
    ]);
    expect(moodTrend(weeks)).toBe("down");
    expect(moodTrend(weeklyMoods(moodsOver([3, 3]), TODAY))).toBe("unknown");
    expect(moodTrend(weeklyMoods([...moodsOver([3], "2026-11-24"), ...moodsOver([3])], TODAY))).toBe(
      "steady",
    );
    expect(moodTrend(weeklyMoods([...moodsOver([2], "2026-11-24"), ...moodsOver([4])], TODAY))).toBe("up");
    const text = progressText({ moods, goals: [], today: TODAY, now: new Date(`${TODAY}T10:00:00Z`) });
    expect(text).toContain("Mood (1–5, weekly average, oldest first): 2.3 → – → 4.0 → 2.5 from 7 answers.");
    expect(text).toContain("This week is a little lower than the week before. Harder weeks happen");
    expect(text).not.toMatch(/depress|diagnos|symptom/i);
  });
});

describe("progress and summary commands", () => {
  let b: GoalBot;
  let dm: RoomId;
  let ann: Member;
  beforeEach(async () => {
    b = await goalBot(new Date("2026-12-01T10:00:00Z"));
    dm = await b.directRoom(ANN);
    ann = await findOrCreateMember(b.database.db, ANN, b.clock.now);
    await saveProfile(b.database.db, b.cipher, ann.id, PARIS, b.clock.now);
  });
  afterEach(() => b.close());

  const mood = (at: string, localDate: string, score: 1 | 2 | 3 | 4 | 5) =>
    recordMood(b.database.db, b.cipher, {
      memberId: ann.id,
      at: new Date(at),
      localDate,
      score,
      note: null,
      source: "reply",
      checkinId: null,
    });

  it("sums up moods (through listMoods), goals and steps in the DM only", async () => {
    await mood("2026-11-24T18:00:00Z", "2026-11-24", 2);
    await mood("2026-11-30T18:00:00Z", "2026-11-30", 4);
    await b.say(ANN, dm, "goal add Walk");
    await b.say(ANN, dm, "goal add Call my sister");
    await b.say(ANN, dm, "goal step 1 shoes");
    await b.say(ANN, dm, "goal step 1 route");
    await b.say(ANN, dm, "goal step done 1.1");
    await b.say(ANN, dm, "goal done 2");
    const text = await b.say(ANN, dm, "progress");
    expect(text).toContain("Mood (1–5, weekly average, oldest first): – → – → 2.0 → 4.0 from 2 answers.");
    expect(text).toContain("This week is a little brighter than the week before.");
    expect(text).toContain("Goals: 1 done, 1 of them this week, 1 open.");
    expect(text).toContain("Steps: 1 of 2 done.");
    const room = await b.peerRoom([ANN]);
    expect(await b.say(ANN, room, "!kindred progress")).toBe(
      "Your progress is private, so I only talk about it in your DM with me.",
    );
    expect(await b.say(ANN, dm, "progress please")).toBe('Send "progress" on its own for your summary.');
  });

  it("switches the weekly summary on and off, and answers anything else clearly", async () => {
    expect(await b.say(ANN, dm, "summary")).toContain("Weekly summary: off.");
    expect(await b.say(ANN, dm, "summary weekly on")).toContain("every Sunday evening");
    expect(await b.say(ANN, dm, "summary weekly")).toContain("Weekly summary: on.");
    for (const wrong of ["summary weekly maybe", "summary monthly on", "summary weekly on now", "summary on"])
      expect(await b.say(ANN, dm, wrong), wrong).toContain("I didn't understand that.");
    expect(await b.say(ANN, dm, "summary weekly off")).toContain("no more weekly summaries");
    expect(await b.say(ANN, dm, "summary")).toContain("Weekly summary: off.");
  });

  describe("the weekly summary DM (on the durable scheduler, fake clock, Europe/Paris)", () => {
    const tick = scheduleDuty([weeklySummaryHandler]);
    const run = (at: string) =>
      b.database.db.transaction().execute((trx) => tick.run(trx, b.bot, new Date(at)));

    it("goes once a week from Sunday 18:00 local time, and only to members who asked", async () => {
      expect(await run("2026-12-06T17:00:00Z")).toEqual([]); // nobody opted in
      await b.say(ANN, dm, "summary weekly on");
      expect(await run("2026-12-06T16:59:00Z")).toEqual([]); // Paris 17:59
      const [sent] = await run("2026-12-06T17:00:00Z"); // Paris 18:00
      expect(sent).toMatchObject({ kind: "direct", userId: ANN, sensitive: true });
      expect(sent?.kind === "direct" && sent.body).toContain("Your progress over the last 4 weeks:");
      expect(sent?.kind === "direct" && sent.body).toContain('"summary weekly off" stops it.');
      expect(await run("2026-12-06T17:01:00Z")).toEqual([]);
      expect(await run("2026-12-07T09:00:00Z")).toEqual([]);
      expect(await run("2026-12-13T17:00:00Z")).toHaveLength(1); // the next Sunday
      await b.say(ANN, dm, "summary weekly off");
      expect(await run("2026-12-20T17:00:00Z")).toEqual([]);
    });

    it("after downtime sends only the latest missed summary, once", async () => {
      await b.say(ANN, dm, "summary weekly on");
      expect(await run("2026-12-16T10:00:00Z")).toHaveLength(1); // down over two Sundays: one summary
      expect(await run("2026-12-16T10:01:00Z")).toEqual([]);
    });

    it("follows the member to a new timezone", async () => {
      await b.say(ANN, dm, "summary weekly on");
      await saveProfile(
        b.database.db,
        b.cipher,
        ann.id,
        { ...PARIS, timezone: "America/New_York" },
        b.clock.now,
      );
      expect(await run("2026-12-06T17:00:00Z")).toEqual([]); // 12:00 in New York
      expect(await run("2026-12-06T23:00:00Z")).toHaveLength(1); // 18:00 there
    });

    it("a crash before the tick's commit takes the claim back: the summary goes on the next tick, once", async () => {
      await b.say(ANN, dm, "summary weekly on");
      await expect(
        b.database.db.transaction().execute(async (trx) => {
          expect(await tick.run(trx, b.bot, new Date("2026-12-06T17:00:00Z"))).toHaveLength(1);
          throw new Error("simulated crash before the commit");
        }),
      ).rejects.toThrow("simulated crash");
      expect(await run("2026-12-06T17:05:00Z")).toHaveLength(1);
      expect(await run("2026-12-06T17:06:00Z")).toEqual([]);
    });
  });
});
