import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * Circle invitations (issue 5): a peer circle is suggested to its members first, and its room opens only once
 * enough of them accepted. One row per invitation (state, expiry, the shared experience sealed, the pairing once
 * opened, a version every answer bumps) and one per invited member (their short number, shared with their
 * suggestions' numbers; their stage and role, sealed, so erasing the row erases them; their answer). Frozen once
 * landed.
 */
export function circleInvitations(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("circle_invitations")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("experience_sealed", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("pairing_id", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .execute();
      await db.schema
        .createIndex("circle_invitations_state")
        .on("circle_invitations")
        .columns(["state", "expires_at"])
        .execute();

      await db.schema
        .createTable("circle_invitation_members")
        .addColumn("invitation_id", "text", (c) =>
          c.notNull().references("circle_invitations.id").onDelete("cascade"),
        )
        .addColumn("member_id", "text", (c) => c.notNull().references("members.id").onDelete("cascade"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("part_sealed", "text", (c) => c.notNull())
        .addColumn("answer", "text")
        .addColumn("answered_at", "text")
        .addPrimaryKeyConstraint("circle_invitation_members_pk", ["invitation_id", "member_id"])
        .execute();
      await db.schema
        .createIndex("circle_invitation_members_member")
        .on("circle_invitation_members")
        .column("member_id")
        .execute();
    },
  };
}
