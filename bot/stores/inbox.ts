import type { Kysely } from "kysely";
import type { Database, InboxStatus } from "../../schema/index.ts";
import type { InboundEvent } from "../events.ts";

export interface PendingEvent {
  readonly seq: number;
  readonly event: InboundEvent;
}

export async function pendingEvents(db: Kysely<Database>, limit: number): Promise<PendingEvent[]> {
  const rows = await db
    .selectFrom("inbox")
    .select(["seq", "event_json"])
    .where("status", "=", "pending")
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    // Written by acceptTransaction from an already decoded event, so the shape is ours.
    row.event_json === null ? [] : [{ seq: row.seq, event: JSON.parse(row.event_json) as InboundEvent }],
  );
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
