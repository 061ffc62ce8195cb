import { HOURS_PER_WEEK } from "./weekly-hours.ts";

/** Onboarding asks for days and times of day in the member's own zone; matching needs UTC hours. */
export type Day = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export type TimeOfDay = "morning" | "afternoon" | "evening" | "night";

const DAY_INDEX: Readonly<Record<Day, number>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** Local hours of each time of day; night runs past midnight into the next day. */
const TIME_HOURS: Readonly<Record<TimeOfDay, readonly [number, number]>> = {
  morning: [6, 12],
  afternoon: [12, 17],
  evening: [17, 22],
  night: [22, 26],
};

/** Building a formatter is most of the cost of an offset (Intl loads the zone's rules): one per zone. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in minutes at `at` (so daylight saving is the one in force then). */
export function utcOffsetMinutes(timezone: string, at: Date): number {
  let format = offsetFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" });
    offsetFormats.set(timezone, format);
  }
  const name = format.formatToParts(at).find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * UTC hour slots for local days × times of day. Half-hour zones are rounded down to the hour, which can count
 * at most half an hour of overlap that is not there.
 */
export function utcHoursFromLocal(
  days: readonly Day[],
  times: readonly TimeOfDay[],
  timezone: string,
  at: Date,
): number[] {
  return utcHoursAtOffset(days, times, Math.floor(utcOffsetMinutes(timezone, at) / 60));
}

/** The same for a zone whose offset (in whole hours, rounded down) is already known. */
export function utcHoursAtOffset(
  days: readonly Day[],
  times: readonly TimeOfDay[],
  offsetHours: number,
): number[] {
  const hours = new Set<number>();
  for (const day of days) {
    for (const time of times) {
      const [from, to] = TIME_HOURS[time];
      for (let local = from; local < to; local++) {
        const utc = DAY_INDEX[day] * 24 + local - offsetHours;
        hours.add(((utc % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK);
      }
    }
  }
  return [...hours].sort((a, b) => a - b);
}
