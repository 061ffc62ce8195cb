import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export async function weeklySummaryWanted(db: Kysely<Database>, memberId: MemberId): Promise<boolean> {
  const row = await db
    .selectFrom("progress_summaries")
    .select("weekly")
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.weekly === 1;
}

export async function setWeeklySummary(
  db: Kysely<Database>,
  memberId: MemberId,
  wanted: boolean,
  now: Date,
): Promise<void> {
  const weekly = wanted ? 1 : 0;
  await db
    .insertInto("progress_summaries")
    .values({ member_id: memberId, weekly, last_week: null, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("member_id").doUpdateSet({ weekly, updated_at: now.toISOString() }))
    .execute();
}

export interface SummaryRecipient {
  readonly memberId: MemberId;
  readonly userId: string;
  readonly timezone: string | null;
  readonly lastWeek: string | null;
}

export async function summaryRecipients(db: Kysely<Database>): Promise<SummaryRecipient[]> {
  const rows = await db
    .selectFrom("progress_summaries")
    .innerJoin("members", "members.id", "progress_summaries.member_id")
    .leftJoin("profiles", "profiles.member_id", "progress_summaries.member_id")
    .select([
      "progress_summaries.member_id",
      "progress_summaries.last_week",
      "members.user_id",
      "profiles.timezone",
    ])
    .where("progress_summaries.weekly", "=", 1)
    .execute();
  return rows.map((row) => ({
    memberId: row.member_id as MemberId,
    userId: row.user_id,
    timezone: row.timezone,
    lastWeek: row.last_week,
  }));
}

/** Claims this week's summary for the member: true once per week, in the transaction that queues the DM. */
export async function claimWeeklySummary(
  db: Kysely<Database>,
  memberId: MemberId,
  week: string,
  now: Date,
): Promise<boolean> {
  const claimed = await db
    .updateTable("progress_summaries")
    .set({ last_week: week, updated_at: now.toISOString() })
    .where("member_id", "=", memberId)
    .where("weekly", "=", 1)
    .where((eb) => eb.or([eb("last_week", "is", null), eb("last_week", "<>", week)]))
    .executeTakeFirst();
  return claimed.numUpdatedRows === 1n;
}
