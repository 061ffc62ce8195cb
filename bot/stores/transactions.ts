import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { InboundEvent } from "../events.ts";

export interface IncomingTransaction {
  /** Identifies the homeserver's database: Synapse restarts its txnId counter on a fresh one (and on SQLite, at restart). */
  readonly homeserverInstance: string;
  readonly txnId: string;
  readonly events: readonly InboundEvent[];
  readonly receivedAt: Date;
}

export interface AcceptedTransaction {
  readonly duplicate: boolean;
  /** Events new to the inbox (an event already stored by another transaction is not stored twice). */
  readonly stored: number;
}

/** Records the txnId and inboxes its events atomically: once this returns, answering 200 loses nothing. */
export async function acceptTransaction(
  db: Kysely<Database>,
  txn: IncomingTransaction,
): Promise<AcceptedTransaction> {
  const receivedAt = txn.receivedAt.toISOString();
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .insertInto("appservice_transactions")
      .values({
        homeserver_instance: txn.homeserverInstance,
        txn_id: txn.txnId,
        event_count: txn.events.length,
        received_at: receivedAt,
      })
      .onConflict((oc) => oc.columns(["homeserver_instance", "txn_id"]).doNothing())
      .executeTakeFirst();
    const duplicate = Number(recorded.numInsertedOrUpdatedRows ?? 0) === 0;
    // Still look at a seen txnId's events: Synapse on SQLite numbers from 1 again after a restart (its counter is
    // the highest pending txn), so a reused txnId can carry new events. Event IDs keep a resend from counting twice.
    let stored = 0;
    for (const event of txn.events) {
      const inserted = await trx
        .insertInto("inbox")
        .values({
          event_id: event.eventId,
          room_id: event.roomId,
          event_type: event.kind,
          event_json: JSON.stringify(event),
          status: "pending",
          received_at: receivedAt,
          handled_at: null,
          error: null,
        })
        .onConflict((oc) => oc.column("event_id").doNothing())
        .executeTakeFirst();
      stored += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    return { duplicate, stored };
  });
}
