import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/** Frozen once landed: later changes go into a new migration. */
export function foundation(dialect: DialectKind): Migration {
  const sequence = dialect === "postgres" ? "serial" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("appservice_transactions")
        .addColumn("homeserver_instance", "text", (c) => c.notNull())
        .addColumn("txn_id", "text", (c) => c.notNull())
        .addColumn("event_count", "integer", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("appservice_transactions_pk", ["homeserver_instance", "txn_id"])
        .execute();

      await db.schema
        .createTable("inbox")
        .addColumn("seq", sequence, (c) =>
          dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("event_id", "text", (c) => c.notNull().unique())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("event_json", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("handled_at", "text")
        .addColumn("error", "text")
        .execute();
      await db.schema.createIndex("inbox_pending").on("inbox").columns(["status", "seq"]).execute();

      await db.schema
        .createTable("outbox")
        .addColumn("seq", sequence, (c) =>
          dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("effect_id", "text", (c) => c.notNull().unique())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("payload_json", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("done_at", "text")
        .execute();
      await db.schema.createIndex("outbox_pending").on("outbox").columns(["status", "seq"]).execute();

      await db.schema
        .createTable("direct_rooms")
        .addColumn("room_id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("direct_rooms_user").on("direct_rooms").column("user_id").execute();
    },
  };
}
