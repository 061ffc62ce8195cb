/**
 * Wall-clock arithmetic in IANA timezones with the platform's Intl data (no library): what a UTC instant reads
 * on the clocks of a zone, and which instant a local date and time mean there, across DST gaps and overlaps.
 */

export interface WallClock {
  /** YYYY-MM-DD */
  readonly date: string;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timezone, format);
  }
  return format;
}

/** The zone's clock at `instantMs`, as milliseconds of a fictitious UTC clock showing the same digits. */
function localMs(instantMs: number, timezone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(instantMs))
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function offsetMs(instantMs: number, timezone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return localMs(whole, timezone) - whole;
}

export function wallClock(instant: Date, timezone: string): WallClock {
  const local = localMs(instant.getTime(), timezone);
  const midnight = Math.floor(local / 86_400_000) * 86_400_000;
  return {
    date: new Date(midnight).toISOString().slice(0, 10),
    minutes: Math.floor((local - midnight) / 60_000),
  };
}

const HOUR = 3_600_000;

/**
 * The instant a local date and time mean in `timezone`. In an overlap (clocks going back) the earlier of the two;
 * in a gap (clocks going forward) the first valid local time after it, i.e. the moment the clocks jump.
 */
export function zonedInstant(date: string, minutes: number, timezone: string): Date {
  const local = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const candidates = new Set([
    local - offsetMs(local - 36 * HOUR, timezone),
    local - offsetMs(local + 36 * HOUR, timezone),
  ]);
  const valid = [...candidates].filter((instant) => localMs(instant, timezone) === local);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // A gap: the transition lies between the two candidates; find its minute.
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  const after = offsetMs(high, timezone);
  while (high - low > 60_000) {
    const middle = Math.floor((low + high) / 120_000) * 60_000;
    if (offsetMs(middle, timezone) === after) high = middle;
    else low = middle;
  }
  return new Date(high);
}

export function isTimezone(timezone: string): boolean {
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}
