import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * Onboarding: members, their web sessions, consents, profiles, DM sign-in codes and spent OpenID tokens.
 * Frozen once landed: later changes go into a new migration. Health-related columns hold sealed text (`v1.…`).
 */
export function onboarding(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("members")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("onboarded_at", "text")
        .execute();

      await db.schema
        .createTable("web_sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("web_sessions_member").on("web_sessions").column("member_id").execute();

      await db.schema
        .createTable("consents")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("consent_id", "text", (c) => c.notNull())
        .addColumn("version", "text", (c) => c.notNull())
        .addColumn("agreed_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("consents_pk", ["member_id", "consent_id", "version"])
        .execute();

      await db.schema
        .createTable("profiles")
        .addColumn("member_id", "text", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("languages_json", "text", (c) => c.notNull())
        .addColumn("timezone", "text", (c) => c.notNull())
        .addColumn("availability_json", "text", (c) => c.notNull())
        .addColumn("channels_json", "text", (c) => c.notNull())
        .addColumn("capacity", "integer", (c) => c.notNull())
        .addColumn("experiences_sealed", "text", (c) => c.notNull())
        .addColumn("strengths_sealed", "text", (c) => c.notNull())
        .addColumn("support_wanted_sealed", "text", (c) => c.notNull())
        .addColumn("filters_sealed", "text", (c) => c.notNull())
        .addColumn("note_sealed", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("signin_codes")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("code_hash", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .execute();
      await db.schema.createIndex("signin_codes_user").on("signin_codes").column("user_id").execute();

      await db.schema
        .createTable("openid_tokens_used")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("used_at", "text", (c) => c.notNull())
        .execute();
    },
  };
}
