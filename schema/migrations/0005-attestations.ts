import type { Kysely, Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/** Signing keys and issued attestations (issue 7). Frozen once landed: later changes go into a new migration. */
export function attestations(_dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("signing_keys")
        .addColumn("key_id", "text", (c) => c.primaryKey())
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("sealed_seed", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("retired_at", "text")
        .addColumn("revoked_from", "text")
        .addColumn("revoked_at", "text")
        .execute();
      // Two processes starting at once must not both create a current key: the second insert fails.
      await db.schema
        .createIndex("signing_keys_one_current")
        .unique()
        .on("signing_keys")
        .column("status")
        .where("status", "=", "current")
        .execute();

      await db.schema
        .createTable("attestations")
        .addColumn("attestation_id", "text", (c) => c.primaryKey())
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull().references("signing_keys.key_id"))
        .addColumn("issued_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("signed_json", "text", (c) => c.notNull())
        .addColumn("withdrawn_at", "text")
        .addColumn("published_at", "text")
        .execute();
      await db.schema.createIndex("attestations_subject").on("attestations").column("subject").execute();
      await db.schema
        .createIndex("attestations_unpublished")
        .on("attestations")
        .column("published_at")
        .execute();
    },
  };
}
