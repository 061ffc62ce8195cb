import { sql, type Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import {
  latestOccurrence,
  occurrenceAfter,
  WEEKDAYS,
  type Occurrence,
  type Recurrence,
  type Weekday,
} from "./recurrence.ts";

export interface Schedule {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly recurrence: Recurrence;
  /** Undefined when the schedule is off. */
  readonly nextAt: Date | undefined;
}

/** An occurrence claimed by a tick: handled exactly once, in the transaction that claimed it. */
export interface DueOccurrence {
  readonly scheduleId: string;
  readonly kind: string;
  readonly subject: string;
  readonly recurrence: Recurrence;
  /** The idempotency key: schedule + local date + slot. */
  readonly key: string;
  readonly occurrence: Occurrence;
}

type ScheduleRow = Database["schedules"];

/** Milliseconds a claim spent in each of its statements, summed over calls (the bench reads them). */
export interface ClaimPhases {
  query: number;
  advance: number;
  keys: number;
}

function timed<T>(phases: ClaimPhases | undefined, phase: keyof ClaimPhases, started: number, value: T): T {
  if (phases !== undefined) phases[phase] += performance.now() - started;
  return value;
}

export function encodeDays(days: ReadonlySet<Weekday>): string {
  return days.size === 7 ? "daily" : WEEKDAYS.filter((day) => days.has(day)).join(",");
}

export function decodeDays(days: string): ReadonlySet<Weekday> {
  if (days === "daily") return new Set(WEEKDAYS);
  return new Set(WEEKDAYS.filter((day) => days.split(",").includes(day)));
}

function recurrenceOf(row: Pick<ScheduleRow, "days" | "local_time" | "timezone">): Recurrence {
  return { days: decodeDays(row.days), time: row.local_time, timezone: row.timezone };
}

/**
 * Date and slot first: a tick's keys then share a few prefixes, so their inserts land on a few index pages
 * instead of one random page each (this is most of a tick's write cost over a million schedules).
 */
export function occurrenceKey(scheduleId: string, occurrence: Occurrence): string {
  return `${occurrence.localDate}/${occurrence.slot}/${scheduleId}`;
}

/** Creates or changes a schedule (on); its next occurrence is the first one after `now`. */
export async function saveSchedule(
  db: Kysely<Database>,
  schedule: {
    readonly id: string;
    readonly kind: string;
    readonly subject: string;
    readonly recurrence: Recurrence;
  },
  now: Date,
): Promise<Date> {
  const next = occurrenceAfter(schedule.recurrence, now).at;
  const row = {
    kind: schedule.kind,
    subject: schedule.subject,
    days: encodeDays(schedule.recurrence.days),
    local_time: schedule.recurrence.time,
    timezone: schedule.recurrence.timezone,
    next_at: next.toISOString(),
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("schedules")
    .values({ id: schedule.id, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
  return next;
}

export async function turnScheduleOff(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db
    .updateTable("schedules")
    .set({ next_at: null, updated_at: now.toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function findSchedule(db: Kysely<Database>, id: string): Promise<Schedule | undefined> {
  const row = await db.selectFrom("schedules").selectAll().where("id", "=", id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    recurrence: recurrenceOf(row),
    nextAt: row.next_at === null ? undefined : new Date(row.next_at),
  };
}

/** A member moved: their schedules follow the new zone, and the next occurrence moves with them. */
export async function moveSchedulesToZone(
  db: Kysely<Database>,
  subject: string,
  timezone: string,
  now: Date,
): Promise<void> {
  const rows = await db.selectFrom("schedules").selectAll().where("subject", "=", subject).execute();
  for (const row of rows) {
    if (row.timezone === timezone) continue;
    const recurrence = { ...recurrenceOf(row), timezone };
    const next = row.next_at === null ? null : occurrenceAfter(recurrence, now).at.toISOString();
    await db
      .updateTable("schedules")
      .set({ timezone, next_at: next, updated_at: now.toISOString() })
      .where("id", "=", row.id)
      .execute();
  }
}

/**
 * Finds and claims due occurrences with one indexed range query and one conditional batch update: each schedule's latest
 * occurrence at or before `now` is claimed (earlier missed ones are skipped, so downtime sends no burst) and its
 * next occurrence computed in its own zone. An occurrence whose key was claimed before (say, a zone change moved
 * the schedule back onto a day already sent) is dropped. Run inside the transaction that queues the effects.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: Date,
  limit: number,
  phases?: ClaimPhases,
): Promise<DueOccurrence[]> {
  let started = performance.now();
  const rows = await db
    .selectFrom("schedules")
    .select(["id", "kind", "subject", "days", "local_time", "timezone", "next_at"])
    .where("next_at", "<=", now.toISOString())
    .orderBy("next_at")
    .limit(limit)
    .execute();
  timed(phases, "query", started, rows);
  if (rows.length === 0) return [];

  const claimed: DueOccurrence[] = [];
  const advances: { id: string; next: string; seen: string }[] = [];
  for (const row of rows) {
    const recurrence = recurrenceOf(row);
    advances.push({
      id: row.id,
      next: occurrenceAfter(recurrence, now).at.toISOString(),
      seen: row.next_at ?? "",
    });
    const occurrence = latestOccurrence(recurrence, now);
    if (occurrence === undefined) continue;
    claimed.push({
      scheduleId: row.id,
      kind: row.kind,
      subject: row.subject,
      recurrence,
      key: occurrenceKey(row.id, occurrence),
      occurrence,
    });
  }

  // One conditional statement for the whole batch: a row is ours only if its next_at is still the one we read, so
  // a concurrent tick (PostgreSQL re-checks the condition after waiting on its row lock) cannot claim it too.
  started = performance.now();
  const values = sql.join(advances.map(({ id, next, seen }) => sql`(${id}, ${next}, ${seen})`));
  const advanced = await sql<{
    id: string;
  }>`update schedules set next_at = v.column2, updated_at = ${now.toISOString()}
    from (values ${values}) as v where schedules.id = v.column1 and schedules.next_at = v.column3
    returning schedules.id`.execute(db);
  timed(phases, "advance", started, advanced);
  const ours = new Set(advanced.rows.map((row) => row.id));
  const mine = claimed.filter((due) => ours.has(due.scheduleId));

  if (mine.length === 0) return [];
  started = performance.now();
  const fresh = await db
    .insertInto("schedule_occurrences")
    .values(
      mine.map((due) => ({
        key: due.key,
        schedule_id: due.scheduleId,
        due_at: due.occurrence.at.toISOString(),
        claimed_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .execute();
  timed(phases, "keys", started, fresh);
  const freshKeys = new Set(fresh.map((row) => row.key));
  return mine.filter((due) => freshKeys.has(due.key));
}
