import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { RecognisedRole } from "./thresholds.ts";

/** True only the first time for this member and role: each step of progression is announced once, ever. */
export async function announceOnce(
  db: Kysely<Database>,
  memberId: MemberId,
  role: RecognisedRole,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto("role_announcements")
    .values({ member_id: memberId, role, announced_at: at.toISOString() })
    .onConflict((oc) => oc.columns(["member_id", "role"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}
