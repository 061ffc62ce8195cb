import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";

// Still a well-formed `direct` effect, so the outbox can read the row; it is never delivered.
const ERASED = JSON.stringify({ kind: "direct", userId: "(erased)", body: "(erased)" });

/**
 * The outbox keeps delivered messages for audit. Sign-in codes and messages to a deleted member must not
 * outlive their use, so their text is erased; one not yet delivered is dropped.
 */
async function eraseEffects(
  db: Kysely<Database>,
  effectIds: readonly string[],
  reason: string,
): Promise<void> {
  if (effectIds.length === 0) return;
  await db
    .updateTable("outbox")
    .set({ status: "failed", last_error: reason })
    .where("effect_id", "in", effectIds)
    .where("status", "=", "pending")
    .execute();
  await db.updateTable("outbox").set({ payload_json: ERASED }).where("effect_id", "in", effectIds).execute();
}

export async function eraseSigninCodeMessages(
  db: Kysely<Database>,
  codeIds: readonly string[],
): Promise<void> {
  await eraseEffects(
    db,
    codeIds.map((id) => `signin-code:${id}/0`),
    "erased: sign-in code replaced or used",
  );
}

/** Every message the bot was asked to send this member. */
export async function eraseMessagesTo(db: Kysely<Database>, userId: UserId): Promise<void> {
  const rows = await db
    .selectFrom("outbox")
    .select(["effect_id", "payload_json"])
    .where("kind", "=", "direct")
    .execute();
  const mine = rows.filter((row) => {
    const payload: unknown = JSON.parse(row.payload_json);
    return (
      typeof payload === "object" && payload !== null && "userId" in payload && payload.userId === userId
    );
  });
  await eraseEffects(
    db,
    mine.map((row) => row.effect_id),
    "erased: account deleted",
  );
}
