/** Calendar dates as YYYY-MM-DD text, and what the clock says in a member's timezone. */
export type LocalDate = string;

export interface LocalTime {
  readonly date: LocalDate;
  readonly hour: number;
  /** 0 = Monday … 6 = Sunday (ISO order). */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The date and hour at `at` in `timeZone` (an IANA name; an unknown one reads as UTC). */
export function localTime(at: Date, timeZone: string): LocalTime {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(at);
  } catch {
    parts = formatter("UTC").formatToParts(at);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  const date = `${part("year")}-${part("month")}-${part("day")}`;
  return { date, hour: Number(part("hour")), weekday: weekdayOf(date) };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A profile's timezone if it is one this runtime knows; UTC for none or an unknown one. */
export function zoneOrUtc(timeZone: string | null | undefined): string {
  return timeZone !== null && timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : "UTC";
}

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function weekdayOf(date: LocalDate): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The ISO-8601 week of a date, e.g. "2026-W49". */
export function isoWeek(date: LocalDate): string {
  const thursday = addDays(date, 3 - weekdayOf(date)); // the week belongs to the year of its Thursday
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Friday 11 Dec 2026": unambiguous in every locale's reading order. */
export function describeDate(date: LocalDate): string {
  const [year, month, day] = date.split("-");
  return `${WEEKDAY_NAMES[weekdayOf(date)] ?? ""} ${Number(day)} ${MONTH_NAMES[Number(month) - 1] ?? ""} ${year ?? ""}`;
}

export const WEEKDAYS = WEEKDAY_NAMES.map((name) => name.toLowerCase());
