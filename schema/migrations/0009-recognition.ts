import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * Recognition (issue 7): consent to publish attestations, training recorded by moderators, progression
 * announcements (once per role), thank-yous (counted; their text is never stored), and what this community
 * learned from other communities' attestations (checks and role offers). Frozen once landed.
 */
export function recognition(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("recognition_consents")
        .addColumn("member_id", "text", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
        .addColumn("publish", "integer", (c) => c.notNull())
        .addColumn("changed_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("training_records")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("course", "text", (c) => c.notNull())
        .addColumn("recorded_by", "text", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("training_records_pk", ["member_id", "course"])
        .execute();

      await db.schema
        .createTable("role_announcements")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("announced_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("role_announcements_pk", ["member_id", "role"])
        .execute();

      await db.schema
        .createTable("thank_yous")
        .addColumn("pairing_id", "text", (c) => c.notNull())
        .addColumn("from_member_id", "text", (c) => c.notNull())
        .addColumn("to_member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("sent_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("thank_yous_pk", ["pairing_id", "from_member_id", "to_member_id"])
        .execute();
      await db.schema.createIndex("thank_yous_to").on("thank_yous").column("to_member_id").execute();

      await db.schema
        .createTable("attestation_checks")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("checked_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("attestation_offers")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("issuer", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("attestation_id", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("offered_at", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .addPrimaryKeyConstraint("attestation_offers_pk", ["member_id", "issuer", "attestation_id"])
        .execute();
    },
  };
}
