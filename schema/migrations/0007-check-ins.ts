import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * The durable scheduler (schedules + claimed occurrences), check-ins, moods and drift notices (issue 6).
 * Frozen once landed: later changes go into a new migration. Scores and notes are sealed text (`v1.…`).
 */
export function checkIns(dialect: DialectKind): Migration {
  const sequence = dialect === "postgres" ? "serial" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("schedules")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("days", "text", (c) => c.notNull())
        .addColumn("local_time", "text", (c) => c.notNull())
        .addColumn("timezone", "text", (c) => c.notNull())
        .addColumn("next_at", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      // A tick is one range scan of this index: `next_at <= now`, earliest first.
      await db.schema.createIndex("schedules_due").on("schedules").column("next_at").execute();
      await db.schema.createIndex("schedules_subject").on("schedules").columns(["kind", "subject"]).execute();

      await db.schema
        .createTable("schedule_occurrences")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("schedule_id", "text", (c) => c.notNull())
        .addColumn("due_at", "text", (c) => c.notNull())
        .addColumn("claimed_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("schedule_occurrences_schedule")
        .on("schedule_occurrences")
        .columns(["schedule_id", "due_at"])
        .execute();

      await db.schema
        .createTable("checkins")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("local_date", "text", (c) => c.notNull())
        .addColumn("sent_at", "text", (c) => c.notNull())
        .addColumn("room_id", "text")
        .addColumn("event_id", "text")
        .addColumn("answered_at", "text")
        .execute();
      await db.schema
        .createIndex("checkins_member")
        .on("checkins")
        .columns(["member_id", "sent_at"])
        .execute();
      await db.schema.createIndex("checkins_event").on("checkins").column("event_id").execute();

      await db.schema
        .createTable("moods")
        .addColumn("id", sequence, (c) =>
          dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("local_date", "text", (c) => c.notNull())
        .addColumn("score_sealed", "text", (c) => c.notNull())
        .addColumn("note_sealed", "text")
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("checkin_id", "text")
        .execute();
      await db.schema.createIndex("moods_member").on("moods").columns(["member_id", "recorded_at"]).execute();
      await db.schema.createIndex("moods_checkin").on("moods").column("checkin_id").execute();

      await db.schema
        .createTable("drift_notices")
        .addColumn("member_id", "text", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("notified_at", "text", (c) => c.notNull())
        .execute();
    },
  };
}
