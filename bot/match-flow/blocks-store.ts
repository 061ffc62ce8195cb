import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Block } from "../matching/types.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** `by` is never matched with `blocked` again (either way). Blocking twice is the same as once. */
export async function addBlock(
  db: Kysely<Database>,
  by: MemberId,
  blocked: MemberId,
  now: Date,
): Promise<void> {
  await db
    .insertInto("match_blocks")
    .values({ member_id: by, blocked_id: blocked, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["member_id", "blocked_id"]).doNothing())
    .execute();
}

export async function allBlocks(db: Kysely<Database>): Promise<Block[]> {
  const rows = await db
    .selectFrom("match_blocks")
    .select(["member_id", "blocked_id"])
    .orderBy("member_id")
    .orderBy("blocked_id")
    .execute();
  return rows.map((row) => ({ by: row.member_id as MemberId, blocked: row.blocked_id as MemberId }));
}

export async function blocksBy(db: Kysely<Database>, memberId: MemberId): Promise<MemberId[]> {
  const rows = await db
    .selectFrom("match_blocks")
    .select("blocked_id")
    .where("member_id", "=", memberId)
    .orderBy("blocked_id")
    .execute();
  return rows.map((row) => row.blocked_id as MemberId);
}

/** Whether either of the two has blocked the other. */
export async function blockedEitherWay(db: Kysely<Database>, a: MemberId, b: MemberId): Promise<boolean> {
  const row = await db
    .selectFrom("match_blocks")
    .select("member_id")
    .where((eb) =>
      eb.or([
        eb.and([eb("member_id", "=", a), eb("blocked_id", "=", b)]),
        eb.and([eb("member_id", "=", b), eb("blocked_id", "=", a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
