import { wallClock, zonedInstant } from "./local-time.ts";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local time on chosen weekdays (every day when `days` holds all seven) in a member's or room's timezone. */
export interface Recurrence {
  readonly days: ReadonlySet<Weekday>;
  /** `HH:MM` */
  readonly time: string;
  readonly timezone: string;
}

export interface Occurrence {
  readonly at: Date;
  readonly localDate: string;
  /** The nominal local time, part of the idempotency key (it stays `02:30` on a day the clocks skip it). */
  readonly slot: string;
}

export function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

const DAY_MS = 86_400_000;
/** Local dates as day numbers (days since 1970-01-01, a Thursday) keep the loops below free of string work. */
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateStrings = new Map<number, string>();
function dateOf(day: number): string {
  let date = dateStrings.get(day);
  if (date === undefined) {
    if (dateStrings.size > 10_000) dateStrings.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dateStrings.set(day, date);
  }
  return date;
}

// A tick computes the same few (zone, date, time) triples for many schedules: remember them.
const instants = new Map<string, Date>();
function occurrenceOn(recurrence: Recurrence, day: number): Occurrence | undefined {
  const weekday = WEEKDAYS[(day + 4) % 7];
  if (weekday === undefined || !recurrence.days.has(weekday)) return undefined;
  const key = `${recurrence.timezone}|${day}|${recurrence.time}`;
  let at = instants.get(key);
  const localDate = dateOf(day);
  if (at === undefined) {
    if (instants.size > 50_000) instants.clear();
    at = zonedInstant(localDate, minutesOf(recurrence.time), recurrence.timezone);
    instants.set(key, at);
  }
  return { at, localDate, slot: recurrence.time };
}

// Every schedule in a tick asks for the local date of the same instant in one of a few zones.
const todays = new Map<string, number>();
function localDay(instant: Date, timezone: string): number {
  // Zone offsets are whole minutes, so the local date is the same throughout a UTC minute.
  const key = `${timezone}|${Math.floor(instant.getTime() / 60_000)}`;
  let day = todays.get(key);
  if (day === undefined) {
    if (todays.size > 10_000) todays.clear();
    day = dayNumber(wallClock(instant, timezone).date);
    todays.set(key, day);
  }
  return day;
}

/** The first occurrence strictly after `after`. */
export function occurrenceAfter(recurrence: Recurrence, after: Date): Occurrence {
  const today = localDay(after, recurrence.timezone);
  for (let offset = -1; offset <= 8; offset += 1) {
    const occurrence = occurrenceOn(recurrence, today + offset);
    if (occurrence !== undefined && occurrence.at.getTime() > after.getTime()) return occurrence;
  }
  throw new Error(`a recurrence with no days: ${JSON.stringify([...recurrence.days])}`);
}

/** The latest occurrence at or before `now` (the one to send after downtime), if any in the past week. */
export function latestOccurrence(recurrence: Recurrence, now: Date): Occurrence | undefined {
  const today = localDay(now, recurrence.timezone);
  for (let offset = 1; offset >= -8; offset -= 1) {
    const occurrence = occurrenceOn(recurrence, today + offset);
    if (occurrence !== undefined && occurrence.at.getTime() <= now.getTime()) return occurrence;
  }
  return undefined;
}
