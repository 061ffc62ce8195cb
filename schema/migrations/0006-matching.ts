import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * Matching (issue 5): member roles, each member's match status, blocks, suggestions, pairings and their members'
 * feedback. Frozen once landed: later changes go into a new migration. Booleans are integers (0/1) so SQLite and
 * PostgreSQL read the same; health-related columns (reasons, feedback notes) hold sealed text (`v1.…`).
 */
export function matching(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("member_roles")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("issuer", "text")
        .addColumn("attestation_id", "text")
        .addColumn("capacity", "integer")
        .addColumn("granted_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addPrimaryKeyConstraint("member_roles_pk", ["member_id", "role", "source"])
        .execute();

      await db.schema
        .createTable("match_status")
        .addColumn("member_id", "text", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
        .addColumn("paused", "integer", (c) => c.notNull())
        .addColumn("looking", "integer", (c) => c.notNull())
        .addColumn("waiting_since", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("match_blocks")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("blocked_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("match_blocks_pk", ["member_id", "blocked_id"])
        .execute();

      await db.schema
        .createTable("suggestions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("member_a", "text", (c) => c.notNull())
        .addColumn("member_b", "text", (c) => c.notNull())
        .addColumn("number_a", "integer", (c) => c.notNull())
        .addColumn("number_b", "integer", (c) => c.notNull())
        .addColumn("score", "real", (c) => c.notNull())
        .addColumn("features_json", "text", (c) => c.notNull())
        .addColumn("reasons_sealed", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("accepted_a", "integer", (c) => c.notNull())
        .addColumn("accepted_b", "integer", (c) => c.notNull())
        .addColumn("declined_by", "text")
        .addColumn("pairing_id", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .execute();
      await db.schema.createIndex("suggestions_a").on("suggestions").columns(["member_a", "state"]).execute();
      await db.schema.createIndex("suggestions_b").on("suggestions").columns(["member_b", "state"]).execute();
      await db.schema
        .createIndex("suggestions_state")
        .on("suggestions")
        .columns(["state", "expires_at"])
        .execute();

      await db.schema
        .createTable("pairings")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("peer_room_id", "text", (c) => c.notNull().references("peer_rooms.id"))
        .addColumn("suggestion_id", "text")
        .addColumn("features_json", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .addColumn("learned_at", "text")
        .execute();
      await db.schema.createIndex("pairings_status").on("pairings").column("status").execute();
      await db.schema.createIndex("pairings_peer_room").on("pairings").column("peer_room_id").execute();

      await db.schema
        .createTable("pairing_members")
        .addColumn("pairing_id", "text", (c) => c.notNull().references("pairings.id").onDelete("cascade"))
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("ended_at", "text")
        .addColumn("outcome", "text")
        .addColumn("feedback_note_sealed", "text")
        .addColumn("again_at", "text")
        .addPrimaryKeyConstraint("pairing_members_pk", ["pairing_id", "member_id"])
        .execute();
      await db.schema
        .createIndex("pairing_members_member")
        .on("pairing_members")
        .column("member_id")
        .execute();
    },
  };
}
