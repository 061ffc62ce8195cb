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

async function enqueue(db: Kysely<Database>, scheduleId: string, next: Date, version: number): Promise<void> {
  await db
    .insertInto("schedule_queue")
    .values({ next_at: next.toISOString(), schedule_id: scheduleId, version })
    .onConflict((oc) => oc.columns(["next_at", "schedule_id"]).doUpdateSet({ version }))
    .execute();
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
    enabled: 1,
    updated_at: now.toISOString(),
  };
  const saved = await db
    .insertInto("schedules")
    .values({ id: schedule.id, ...row, version: 0 })
    .onConflict((oc) =>
      oc.column("id").doUpdateSet((eb) => ({ ...row, version: eb("schedules.version", "+", 1) })),
    )
    .returning("version")
    .executeTakeFirstOrThrow();
  await enqueue(db, schedule.id, next, saved.version);
  return next;
}

/** Off: the version moves on, so the queued occurrence is dropped when it comes due. */
export async function turnScheduleOff(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db
    .updateTable("schedules")
    .set((eb) => ({ enabled: 0, version: eb("version", "+", 1), updated_at: now.toISOString() }))
    .where("id", "=", id)
    .execute();
}

/** `nextAt` is the first occurrence after `now` (what is queued, unless one is due this very second). */
export async function findSchedule(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<Schedule | undefined> {
  const row = await db.selectFrom("schedules").selectAll().where("id", "=", id).executeTakeFirst();
  if (row === undefined) return undefined;
  const recurrence = recurrenceOf(row);
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    recurrence,
    nextAt: row.enabled === 1 ? occurrenceAfter(recurrence, now).at : undefined,
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
    const moved = await db
      .updateTable("schedules")
      .set((eb) => ({ timezone, version: eb("version", "+", 1), updated_at: now.toISOString() }))
      .where("id", "=", row.id)
      .returning("version")
      .executeTakeFirstOrThrow();
    if (row.enabled === 1)
      await enqueue(db, row.id, occurrenceAfter({ ...recurrenceOf(row), timezone }, now).at, moved.version);
  }
}

/**
 * Finds and claims due occurrences with one range scan of the queue's primary key, one conditional batch delete
 * and one batch insert of the next occurrences: each schedule's latest occurrence at or before `now` is claimed
 * (earlier missed ones are skipped, so downtime sends no burst) and its next occurrence computed in its own zone.
 * Stale rows (an older version, or a deleted schedule) are deleted unclaimed. An occurrence whose key was claimed
 * before (say, a zone change moved the schedule back onto a day already sent) is dropped. Run inside the
 * transaction that queues the effects.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: Date,
  limit: number,
  phases?: ClaimPhases,
): Promise<DueOccurrence[]> {
  let started = performance.now();
  const rows = await db
    .selectFrom("schedule_queue as q")
    .leftJoin("schedules as s", "s.id", "q.schedule_id")
    .select(["q.next_at", "q.schedule_id", "q.version", "s.version as current", "s.enabled"])
    .select(["s.kind", "s.subject", "s.days", "s.local_time", "s.timezone"])
    .where("q.next_at", "<=", now.toISOString())
    .orderBy("q.next_at")
    .orderBy("q.schedule_id")
    .limit(limit)
    .execute();
  timed(phases, "query", started, rows);
  if (rows.length === 0) return [];

  const claimed: (DueOccurrence & { readonly queued: string; readonly version: number })[] = [];
  for (const row of rows) {
    const { kind, subject, days, local_time, timezone } = row;
    if (row.current !== row.version || row.enabled !== 1) continue;
    if (kind === null || subject === null || days === null || local_time === null || timezone === null)
      continue;
    const recurrence = recurrenceOf({ days, local_time, timezone });
    const occurrence = latestOccurrence(recurrence, now);
    if (occurrence === undefined) continue;
    claimed.push({
      scheduleId: row.schedule_id,
      kind,
      subject,
      recurrence,
      key: occurrenceKey(row.schedule_id, occurrence),
      occurrence,
      queued: row.next_at,
      version: row.version,
    });
  }

  // The rows are ours only if this statement deletes them: a concurrent tick (PostgreSQL re-checks after waiting
  // on the row lock) finds them gone and claims nothing.
  started = performance.now();
  const seen = sql.join(rows.map((row) => sql`(${row.next_at}, ${row.schedule_id})`));
  const taken = await sql<{ next_at: string; schedule_id: string }>`delete from schedule_queue
    where next_at <= ${now.toISOString()} and (next_at, schedule_id) in (values ${seen})
    returning next_at, schedule_id`.execute(db);
  const ours = new Set(taken.rows.map((row) => `${row.next_at} ${row.schedule_id}`));
  const mine = claimed.filter((due) => ours.has(`${due.queued} ${due.scheduleId}`));
  if (mine.length > 0)
    await db
      .insertInto("schedule_queue")
      .values(
        mine.map((due) => ({
          next_at: occurrenceAfter(due.recurrence, now).at.toISOString(),
          schedule_id: due.scheduleId,
          version: due.version,
        })),
      )
      .onConflict((oc) => oc.columns(["next_at", "schedule_id"]).doNothing())
      .execute();
  timed(phases, "advance", started, taken);

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
  return mine
    .filter((due) => freshKeys.has(due.key))
    .map(({ scheduleId, kind, subject, recurrence, key, occurrence }) => ({
      scheduleId,
      kind,
      subject,
      recurrence,
      key,
      occurrence,
    }));
}
