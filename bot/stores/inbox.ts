import type { Kysely } from "kysely";
import type { Database, InboxStatus } from "../../schema/index.ts";
import type { InboundEvent } from "../events.ts";

export interface PendingEvent {
  readonly seq: number;
  readonly event: InboundEvent;
  readonly attempts: number;
}

/** Pending events due now, in arrival order (a postponed one waits for its `next_attempt_at`). */
export async function pendingEvents(db: Kysely<Database>, limit: number, now: Date): Promise<PendingEvent[]> {
  const rows = await db
    .selectFrom("inbox")
    .select(["seq", "event_json", "attempts"])
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now.toISOString())]))
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    // Written by acceptTransaction from an already decoded event, so the shape is ours.
    row.event_json === null
      ? []
      : [{ seq: row.seq, event: JSON.parse(row.event_json) as InboundEvent, attempts: row.attempts }],
  );
}

/** When the earliest postponed event falls due, if any. */
export async function nextPostponedEvent(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await db
    .selectFrom("inbox")
    .select((eb) => eb.fn.min("next_attempt_at").as("next"))
    .where("status", "=", "pending")
    .executeTakeFirst();
  return typeof row?.next === "string" ? new Date(row.next) : undefined;
}

export async function postponeEvent(
  db: Kysely<Database>,
  seq: number,
  until: Date,
  reason: string,
): Promise<void> {
  await db
    .updateTable("inbox")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: until.toISOString(), error: reason }))
    .where("seq", "=", seq)
    .execute();
}

/** Marks an event handled and erases its content: the bot keeps what it did, never what was said. */
export async function completeEvent(
  db: Kysely<Database>,
  seq: number,
  outcome: { status: Exclude<InboxStatus, "pending">; error: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable("inbox")
    .set({
      status: outcome.status,
      error: outcome.error,
      handled_at: outcome.at.toISOString(),
      event_json: null,
    })
    .where("seq", "=", seq)
    .execute();
}

export async function countInbox(db: Kysely<Database>, status: InboxStatus): Promise<number> {
  const row = await db
    .selectFrom("inbox")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("status", "=", status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
