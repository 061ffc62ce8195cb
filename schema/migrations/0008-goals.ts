import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * Goals and action plans, SMART drafts and weekly-summary choices (issue 6). Frozen once landed: later changes go
 * into a new migration. Goal and step texts are the member's own words about their life: sealed (`v1.…`).
 */
export function goals(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("goals")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        // "dm" for a personal goal, else the peer room's Matrix room ID (visible to the peers there).
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("text_sealed", "text", (c) => c.notNull())
        .addColumn("plan_sealed", "text")
        .addColumn("due_date", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("done_at", "text")
        .addColumn("reminded_at", "text")
        .addUniqueConstraint("goals_number", ["member_id", "scope", "number"])
        .execute();
      await db.schema.createIndex("goals_scope").on("goals").columns(["scope", "member_id"]).execute();
      await db.schema.createIndex("goals_due").on("goals").columns(["due_date", "reminded_at"]).execute();

      await db.schema
        .createTable("goal_steps")
        .addColumn("goal_id", "text", (c) => c.notNull().references("goals.id").onDelete("cascade"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("text_sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("done_at", "text")
        .addPrimaryKeyConstraint("goal_steps_pk", ["goal_id", "number"])
        .execute();

      await db.schema
        .createTable("goal_drafts")
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("answers_sealed", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("goal_drafts_pk", ["member_id", "scope"])
        .execute();

      await db.schema
        .createTable("progress_summaries")
        .addColumn("member_id", "text", (c) => c.primaryKey().references("members.id").onDelete("cascade"))
        .addColumn("weekly", "integer", (c) => c.notNull())
        // The ISO week (e.g. "2026-W49", in the member's zone) whose summary was last sent: sent once per week.
        .addColumn("last_week", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
    },
  };
}
