import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** Whether the member lets the community publish attestations about them; undefined: never asked. */
export async function publishConsentOf(
  db: Kysely<Database>,
  memberId: MemberId,
): Promise<boolean | undefined> {
  const row = await db
    .selectFrom("recognition_consents")
    .select("publish")
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row === undefined ? undefined : row.publish === 1;
}

export async function recordPublishConsent(
  db: Kysely<Database>,
  memberId: MemberId,
  publish: boolean,
  at: Date,
): Promise<void> {
  const values = { publish: publish ? 1 : 0, changed_at: at.toISOString() };
  await db
    .insertInto("recognition_consents")
    .values({ member_id: memberId, ...values })
    .onConflict((oc) => oc.column("member_id").doUpdateSet(values))
    .execute();
}
