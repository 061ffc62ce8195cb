import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";

export const CODE_VALIDITY_MS = 15 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

export type CodeFailure = "no_code" | "expired" | "wrong_code" | "too_many_attempts";

const hashOf = (id: string, code: string): Buffer => createHash("sha256").update(`${id}\0${code}`).digest();

/** Makes a fresh 8-digit code for this Matrix ID (older unused ones stop working); returns it and its ID. */
export async function issueSigninCode(
  db: Kysely<Database>,
  userId: UserId,
  now: Date,
): Promise<{ id: string; code: string }> {
  const id = randomBytes(12).toString("base64url");
  const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
  await db.transaction().execute(async (trx) => {
    // Codes a day past their expiry have no use left, not even for counting attempts.
    await trx
      .deleteFrom("signin_codes")
      .where("expires_at", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString())
      .execute();
    await trx
      .updateTable("signin_codes")
      .set({ used_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .execute();
    await trx
      .insertInto("signin_codes")
      .values({
        id,
        user_id: userId,
        code_hash: hashOf(id, code).toString("base64url"),
        attempts: 0,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CODE_VALIDITY_MS).toISOString(),
        used_at: null,
      })
      .execute();
  });
  return { id, code };
}

/** Spends the member's live code if `code` matches (returns its ID); every try counts against the limit. */
export async function redeemSigninCode(
  db: Kysely<Database>,
  userId: UserId,
  code: string,
  now: Date,
): Promise<Result<string, CodeFailure>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("signin_codes")
      .selectAll()
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return err("no_code", "no unused code for this Matrix ID");
    if (new Date(row.expires_at) <= now) return err("expired", "the code has expired");
    if (row.attempts >= MAX_CODE_ATTEMPTS) return err("too_many_attempts", "too many wrong codes");
    const matches = timingSafeEqual(hashOf(row.id, code), Buffer.from(row.code_hash, "base64url"));
    await trx
      .updateTable("signin_codes")
      .set(matches ? { used_at: now.toISOString() } : { attempts: row.attempts + 1 })
      .where("id", "=", row.id)
      .execute();
    if (matches) return ok(row.id);
    return row.attempts + 1 >= MAX_CODE_ATTEMPTS
      ? err("too_many_attempts", "too many wrong codes")
      : err("wrong_code", "the code does not match");
  });
}

export async function forgetSigninCodes(db: Kysely<Database>, userId: UserId): Promise<void> {
  await db.deleteFrom("signin_codes").where("user_id", "=", userId).execute();
}
