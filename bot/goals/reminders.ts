import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import { addDays, describeDate, localTime, zoneOrUtc } from "./local-date.ts";

/** Reminders go from this local hour on the day before the due date (nobody wants one at 3 a.m.). */
export const REMINDER_HOUR = 9;

/**
 * Gentle DMs the day before a goal is due, once per goal. Runs in the duty's transaction: a goal is claimed
 * (`reminded_at` set where it was null) in the same commit as the message it queues, so a crash before the
 * commit redoes both and one after it redoes neither. After downtime a reminder still goes on the due day
 * itself; later than that it would only nag.
 */
export async function remindDueGoals(
  db: Kysely<Database>,
  cipher: MemberCipher,
  now: Date,
): Promise<Effect[]> {
  const utcToday = now.toISOString().slice(0, 10);
  // Every zone's "tomorrow" and "today" lie within a day of UTC's.
  const candidates = await db
    .selectFrom("goals")
    .innerJoin("members", "members.id", "goals.member_id")
    .leftJoin("profiles", "profiles.member_id", "goals.member_id")
    .select([
      "goals.id",
      "goals.number",
      "goals.scope",
      "goals.text_sealed",
      "goals.due_date",
      "goals.created_at",
    ])
    .select(["members.user_id", "profiles.timezone"])
    .where("goals.done_at", "is", null)
    .where("goals.reminded_at", "is", null)
    .where("goals.due_date", ">=", addDays(utcToday, -1))
    .where("goals.due_date", "<=", addDays(utcToday, 2))
    .orderBy("goals.due_date")
    .execute();
  const effects: Effect[] = [];
  for (const goal of candidates) {
    const due = goal.due_date;
    if (due === null) continue;
    const zone = zoneOrUtc(goal.timezone);
    const local = localTime(now, zone);
    const dayBefore = addDays(due, -1);
    const timely = (local.date === dayBefore && local.hour >= REMINDER_HOUR) || local.date === due;
    // A goal set for tomorrow needs no reminder of itself.
    if (!timely || localTime(new Date(goal.created_at), zone).date >= dayBefore) continue;
    const claimed = await db
      .updateTable("goals")
      .set({ reminded_at: now.toISOString() })
      .where("id", "=", goal.id)
      .where("reminded_at", "is", null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) continue;
    effects.push({
      kind: "direct",
      userId: goal.user_id as UserId,
      body: reminderText(
        cipher.open(goal.text_sealed),
        goal.number,
        due,
        local.date === due,
        goal.scope !== "dm",
      ),
      sensitive: true,
    });
  }
  return effects;
}

export function reminderText(
  text: string,
  number: number,
  due: string,
  today: boolean,
  shared: boolean,
): string {
  const when = today ? `today (${describeDate(due)})` : `tomorrow (${describeDate(due)})`;
  const where = shared
    ? ` in your peer room, where "!kindred goal done ${number}"`
    : `: "goal done ${number}"`;
  return [
    `A gentle reminder: your goal "${text}" is due ${when}.`,
    `However far you got is worth something. When it's done, tell me${where} marks it.`,
    "If the plan needs changing, that's fine too: goals are there to help you, not to judge you.",
  ].join("\n");
}
