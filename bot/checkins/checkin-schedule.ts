import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { err, ok, type Result } from "../result.ts";
import { wallClock } from "../scheduler/local-time.ts";
import { WEEKDAYS, type Weekday } from "../scheduler/recurrence.ts";
import { encodeDays, findSchedule, saveSchedule, turnScheduleOff } from "../scheduler/schedule-store.ts";

export const CHECKIN_KIND = "checkin";

/** What a member chose: a local time on some weekdays, or nothing. */
export type CheckinChoice =
  { readonly on: true; readonly days: ReadonlySet<Weekday>; readonly time: string } | { readonly on: false };

export interface CheckinScheduleView {
  readonly choice: CheckinChoice;
  readonly timezone: string;
  readonly nextAt: Date | undefined;
}

export const checkinScheduleId = (memberId: MemberId): string => `${CHECKIN_KIND}:${memberId}`;

const TIME = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/;

export function parseTime(text: string): string | undefined {
  const match = TIME.exec(text.trim());
  if (match === null) return undefined;
  return `${(match[1] ?? "").padStart(2, "0")}:${match[2] ?? ""}`;
}

/** Decodes "daily 19:00", "weekdays 08:30", "mon,wed,fri 08:30" or "off". */
export function parseCheckinChoice(text: string): Result<CheckinChoice, "invalid"> {
  const words = text.trim().toLowerCase().split(/\s+/);
  if (words.length === 1 && words[0] === "off") return ok({ on: false });
  if (words.length !== 2) return err("invalid", "expected days and a time, or off");
  const [daysWord = "", timeWord = ""] = words;
  const time = parseTime(timeWord);
  if (time === undefined) return err("invalid", `"${timeWord.slice(0, 20)}" is not a time like 19:00`);
  const days = parseDays(daysWord);
  if (days === undefined)
    return err("invalid", `"${daysWord.slice(0, 40)}" is not daily or days like mon,wed,fri`);
  return ok({ on: true, days, time });
}

function parseDays(word: string): ReadonlySet<Weekday> | undefined {
  if (word === "daily" || word === "everyday") return new Set(WEEKDAYS);
  if (word === "weekdays") return new Set(["mon", "tue", "wed", "thu", "fri"]);
  const days = new Set<Weekday>();
  for (const part of word.split(",")) {
    const day = WEEKDAYS.find(
      (candidate) => part.startsWith(candidate) && candidate.startsWith(part.slice(0, 3)),
    );
    if (day === undefined || part.length < 3) return undefined;
    days.add(day);
  }
  return days.size > 0 ? days : undefined;
}

/** The member's zone from their profile; UTC until they set one. */
export async function memberTimezone(db: Kysely<Database>, memberId: MemberId): Promise<string | undefined> {
  const row = await db
    .selectFrom("profiles")
    .select("timezone")
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.timezone;
}

export async function setCheckinChoice(
  db: Kysely<Database>,
  memberId: MemberId,
  choice: CheckinChoice,
  now: Date,
): Promise<CheckinScheduleView> {
  const id = checkinScheduleId(memberId);
  const timezone = (await memberTimezone(db, memberId)) ?? "UTC";
  if (!choice.on) {
    await turnScheduleOff(db, id, now);
    return { choice, timezone, nextAt: undefined };
  }
  const recurrence = { days: choice.days, time: choice.time, timezone };
  const nextAt = await saveSchedule(db, { id, kind: CHECKIN_KIND, subject: memberId, recurrence }, now);
  return { choice, timezone, nextAt };
}

export async function checkinScheduleOf(
  db: Kysely<Database>,
  memberId: MemberId,
  now: Date,
): Promise<CheckinScheduleView> {
  const schedule = await findSchedule(db, checkinScheduleId(memberId), now);
  if (schedule?.nextAt === undefined)
    return {
      choice: { on: false },
      timezone: (await memberTimezone(db, memberId)) ?? "UTC",
      nextAt: undefined,
    };
  const { days, time, timezone } = schedule.recurrence;
  return { choice: { on: true, days, time }, timezone, nextAt: schedule.nextAt };
}

export function describeDays(days: ReadonlySet<Weekday>): string {
  const encoded = encodeDays(days);
  return encoded === "daily" ? "every day" : encoded.split(",").join(", ");
}

export function describeSchedule(view: CheckinScheduleView): string {
  if (!view.choice.on) return "Check-ins are off.";
  const next =
    view.nextAt === undefined
      ? ""
      : ` Next: ${wallClock(view.nextAt, view.timezone).date} at ${view.choice.time}.`;
  return `Check-ins: ${describeDays(view.choice.days)} at ${view.choice.time} (${view.timezone}).${next}`;
}
