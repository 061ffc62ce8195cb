import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";

// Homeservers issue OpenID tokens for an hour; a spent one need not be remembered much longer.
const REMEMBER_MS = 2 * 60 * 60 * 1000;

/** Records an OpenID token as used; false if it was presented before (tokens are bearer tokens: use once). */
export async function spendOpenIdToken(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  await db
    .deleteFrom("openid_tokens_used")
    .where("used_at", "<", new Date(now.getTime() - REMEMBER_MS).toISOString())
    .execute();
  const inserted = await db
    .insertInto("openid_tokens_used")
    .values({
      token_hash: createHash("sha256").update(token).digest("base64url"),
      used_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column("token_hash").doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}
