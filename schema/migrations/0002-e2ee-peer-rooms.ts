import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/** The bot's E2EE device, postponed events, the community space and peer rooms. Frozen once landed. */
export function e2eePeerRooms(dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // An encrypted event whose keys have not arrived yet waits, without holding up the others.
      await db.schema
        .alterTable("inbox")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable("inbox").addColumn("next_attempt_at", "text").execute();

      await db.schema
        .createTable("bot_device")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("access_token_sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("settings")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("peer_rooms")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("room_id", "text", (c) => c.unique())
        .addColumn("purpose_sealed", "text")
        .addColumn("reason", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("peer_room_members")
        .addColumn("peer_room_id", "text", (c) => c.notNull().references("peer_rooms.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("invited_at", "text")
        .addColumn("reminded_at", "text")
        .addColumn("joined_at", "text")
        .addColumn("left_at", "text")
        .addColumn("reason", "text")
        .addPrimaryKeyConstraint("peer_room_members_pk", ["peer_room_id", "user_id"])
        .execute();
      await db.schema
        .createIndex("peer_room_members_user")
        .on("peer_room_members")
        .column("user_id")
        .execute();
      void dialect; // no dialect-specific columns here
    },
  };
}
