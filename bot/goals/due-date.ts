import { err, ok, type Result } from "../result.ts";
import {
  addDays,
  daysBetween,
  describeDate,
  isLocalDate,
  WEEKDAYS,
  weekdayOf,
  type LocalDate,
} from "./local-date.ts";

export type DueDateError = "bad_date" | "past_date" | "too_far";

/** Due dates more than this far ahead are almost certainly typos (2062 for 2026). */
const MAX_DAYS_AHEAD = 5 * 366;

const DATE_LIKE = /^(\d|today\b|tomorrow\b|next\b|in\s+\d|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$)/i;

/**
 * Splits "walk to the park by friday" into the goal and its due-date words. A trailing "by …" that does not
 * look like a date ("get by with less") stays part of the goal.
 */
export function splitDueDate(text: string): { readonly goal: string; readonly due: string | undefined } {
  const match = /^(.*\S\s+|)by\s+(\S.*)$/is.exec(text.trim());
  if (match === null || !DATE_LIKE.test(match[2] ?? "")) return { goal: text.trim(), due: undefined };
  return { goal: (match[1] ?? "").trim(), due: (match[2] ?? "").trim() };
}

/** Reads "2026-12-20", "today", "tomorrow", "friday" / "fri" / "next friday" (the next one after today), "in 3 days/weeks". */
export function parseDueDate(words: string, today: LocalDate): Result<LocalDate, DueDateError> {
  const text = words.trim().toLowerCase().replace(/\.$/, "");
  const date = readDate(text, today);
  if (date === undefined)
    return err(
      "bad_date",
      `I couldn't read "${words.slice(0, 40)}" as a date. Try a date like 2026-12-20, a weekday like "friday", "tomorrow" or "in 2 weeks".`,
    );
  if (date < today)
    return err("past_date", `${describeDate(date)} has already passed. Pick a date from today on.`);
  if (daysBetween(today, date) > MAX_DAYS_AHEAD)
    return err("too_far", `${describeDate(date)} is more than five years away. Is there a typo in the year?`);
  return ok(date);
}

function readDate(text: string, today: LocalDate): LocalDate | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isLocalDate(text) ? text : undefined;
  if (text === "today") return today;
  if (text === "tomorrow") return addDays(today, 1);
  const later = /^in\s+(\d{1,3})\s+(day|days|week|weeks)$/.exec(text);
  if (later !== null) return addDays(today, Number(later[1]) * (later[2]?.startsWith("week") ? 7 : 1));
  const day = text.replace(/^next\s+/, "");
  const index = WEEKDAYS.findIndex((name) => name === day || (day.length >= 3 && name.startsWith(day)));
  if (index < 0) return undefined;
  const ahead = (index - weekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}
