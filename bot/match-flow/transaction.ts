import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { enqueueEffects } from "../stores/outbox.ts";

/** Runs `work` in the caller's transaction if it holds one (commands, duties), else in a new one (the web). */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * For the web: runs a use case and queues the effects it decided on, in one transaction. `causeId` names the
 * request so the same request twice queues its messages once; call the event processor's `wake()` afterwards.
 */
export async function withEffects<T extends { readonly effects: readonly Effect[] }>(
  db: Kysely<Database>,
  causeId: string,
  now: Date,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const result = await work(trx);
    await enqueueEffects(trx, causeId, result.effects, now);
    return result;
  });
}

export async function userIdsOf(
  db: Kysely<Database>,
  ids: readonly MemberId[],
): Promise<Map<MemberId, UserId>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("members").select(["id", "user_id"]).where("id", "in", ids).execute();
  return new Map(rows.map((row) => [row.id as MemberId, row.user_id as UserId]));
}

/**
 * A DM about matching. Its text names experiences, stages and why two members were suggested (health-related), so
 * it is `sensitive`: the outbox keeps no copy once it is delivered.
 */
export const direct = (userId: UserId | undefined, body: string): Effect[] =>
  userId === undefined ? [] : [{ kind: "direct", userId, body, sensitive: true }];
