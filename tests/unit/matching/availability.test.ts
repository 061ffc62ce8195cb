import { describe, expect, it } from "vitest";
import { utcHoursFromLocal, utcOffsetMinutes } from "../../../bot/matching/local-availability.ts";
import {
  dailyPhase,
  hoursFromIntervals,
  sharedHourCount,
  sharedHours,
} from "../../../bot/matching/weekly-hours.ts";

const SUMMER = new Date("2025-06-01T12:00:00Z");
const WINTER = new Date("2025-01-15T12:00:00Z");

describe("weekly availability in UTC hours", () => {
  it("converts local days and times of day to UTC hours, with the daylight saving in force", () => {
    expect(utcOffsetMinutes("Europe/Paris", SUMMER)).toBe(120);
    expect(utcOffsetMinutes("Europe/Paris", WINTER)).toBe(60);
    expect(utcHoursFromLocal(["mon"], ["evening"], "Europe/Paris", SUMMER)).toEqual([15, 16, 17, 18, 19]);
    expect(utcHoursFromLocal(["mon"], ["evening"], "Europe/Paris", WINTER)).toEqual([16, 17, 18, 19, 20]);
  });

  it("wraps round the end of the week", () => {
    // Sunday night in New York (UTC−4 in June) is early Monday in UTC: the start of the week.
    expect(utcHoursFromLocal(["sun"], ["night"], "America/New_York", SUMMER)).toEqual([2, 3, 4, 5]);
    expect(hoursFromIntervals([{ start: 166, end: 2 }])).toEqual([0, 1, 166, 167]);
  });

  it("counts shared hours and places a member's day", () => {
    expect(sharedHours([1, 2, 3, 3, 200], [3, 2, 2, 9])).toEqual([2, 3]);
    expect(sharedHourCount([1, 2, 3, 3, 200], [3, 2, 2, 9, 200, -1])).toBe(2);
    expect(sharedHourCount([], [3])).toBe(0);
    expect(dailyPhase([20, 44, 68])).toBeCloseTo(20, 9);
    expect(dailyPhase([23, 1])).toBeCloseTo(0, 9);
  });
});
