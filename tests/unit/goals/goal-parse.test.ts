import { describe, expect, it } from "vitest";
import { parseDueDate, splitDueDate } from "../../../bot/goals/due-date.ts";
import { GOAL_LIMITS, parseGoalCommand } from "../../../bot/goals/goal-parse.ts";
import { isoWeek, localTime } from "../../../bot/goals/local-date.ts";

const TODAY = "2026-12-01"; // a Tuesday

describe("goal command parsing", () => {
  it.each([
    ["", { kind: "help" }],
    ["help", { kind: "help" }],
    ["list", { kind: "list" }],
    ["LIST", { kind: "list" }],
    ["add Walk to the park", { kind: "add", text: "Walk to the park", due: undefined }],
    ["add walk by friday", { kind: "add", text: "walk", due: "friday" }],
    ["add call mum by 2026-12-20", { kind: "add", text: "call mum", due: "2026-12-20" }],
    ["add get by with less", { kind: "add", text: "get by with less", due: undefined }],
    ["add stand by a friend by tomorrow", { kind: "add", text: "stand by a friend", due: "tomorrow" }],
    ["done 2", { kind: "done", goal: 2 }],
    ["undo 2", { kind: "undo", goal: 2 }],
    ["remove 3", { kind: "remove", goal: 3 }],
    ["delete 3", { kind: "remove", goal: 3 }],
    ["step 1 buy shoes", { kind: "step", goal: 1, text: "buy shoes" }],
    ["step done 1.2", { kind: "step_done", goal: 1, step: 2 }],
    ["smart", { kind: "smart" }],
  ])("reads %j", (args, expected) => {
    expect(parseGoalCommand(args)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["add", "What is the goal?"],
    ["add   by friday", "What is the goal?"],
    [`add ${"x".repeat(GOAL_LIMITS.text + 1)}`, "please keep it under 300"],
    ["list everything", '"goal list" takes nothing after it.'],
    ["done", "Which goal?"],
    ["done two", '"two" is not a goal number.'],
    ["done 0", '"0" is not a goal number.'],
    ["done -1", '"-1" is not a goal number.'],
    ["done 1.5", '"1.5" is not a goal number.'],
    ["remove", "Which goal?"],
    ["step", "Which goal?"],
    ["step x buy shoes", '"x" is not a goal number.'],
    ["step 1", "What is the step?"],
    ["step done", "Say which step, as goal.step"],
    ["step done 1", "Say which step, as goal.step"],
    ["step done a.b", "Say which step, as goal.step"],
    ["smart now please", 'Send "goal smart" on its own'],
    ["fly", 'I don\'t know "goal fly".'],
  ])("answers %j with a clear message and the usage", (args, problem) => {
    const parsed = parseGoalCommand(args);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(problem);
    expect(parsed.message).toContain("goal add <what you want to do>");
  });
});

describe("due dates", () => {
  it.each([
    ["2026-12-20", "2026-12-20"],
    ["today", "2026-12-01"],
    ["tomorrow", "2026-12-02"],
    ["friday", "2026-12-04"],
    ["Fri", "2026-12-04"],
    ["next friday", "2026-12-04"],
    ["tuesday", "2026-12-08"], // today is a Tuesday: the next one
    ["in 3 days", "2026-12-04"],
    ["in 2 weeks", "2026-12-15"],
  ])("reads %j", (words, date) => {
    expect(parseDueDate(words, TODAY)).toEqual({ ok: true, value: date });
  });

  it.each([
    ["2026-02-30", "bad_date", "couldn't read"],
    ["20/12/2026", "bad_date", "couldn't read"],
    ["someday", "bad_date", "couldn't read"],
    ["2026-11-30", "past_date", "has already passed"],
    ["2036-01-01", "too_far", "more than five years away"],
  ])("refuses %j kindly", (words, error, message) => {
    const parsed = parseDueDate(words, TODAY);
    expect(parsed).toMatchObject({ ok: false, error });
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it("keeps a trailing 'by' that is not a date in the goal", () => {
    expect(splitDueDate("be kind by default")).toEqual({ goal: "be kind by default", due: undefined });
    expect(splitDueDate("finish by 12/20")).toEqual({ goal: "finish", due: "12/20" }); // date-like: parsed, then refused
  });

  it("knows the local date and ISO week in a member's zone", () => {
    const at = new Date("2026-12-31T23:30:00Z");
    expect(localTime(at, "Europe/Paris")).toEqual({ date: "2027-01-01", hour: 0, weekday: 4 });
    expect(localTime(at, "America/New_York").date).toBe("2026-12-31");
    expect(localTime(at, "Not/AZone").date).toBe("2026-12-31");
    expect(isoWeek("2026-12-31")).toBe("2026-W53");
    expect(isoWeek("2027-01-03")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeek("2026-12-06")).toBe("2026-W49");
  });
});
