import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { memberTimeZone } from "../goals/member-zone.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { saveSchedule, turnScheduleOff } from "../scheduler/schedule-store.ts";

export const WEEKLY_SUMMARY_KIND = "weekly_summary";

/** Sunday 18:00 in the member's zone: the end of their week. */
export const WEEKLY_SUMMARY_RECURRENCE = { days: new Set(["sun"] as const), time: "18:00" } as const;

export const weeklySummaryScheduleId = (memberId: MemberId): string => `${WEEKLY_SUMMARY_KIND}:${memberId}`;

export async function weeklySummaryWanted(db: Kysely<Database>, memberId: MemberId): Promise<boolean> {
  const row = await db
    .selectFrom("progress_summaries")
    .select("weekly")
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.weekly === 1;
}

/** Records the member's choice and turns their weekly schedule on (in their profile's zone) or off. */
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
  const id = weeklySummaryScheduleId(memberId);
  if (!wanted) return turnScheduleOff(db, id, now);
  const timezone = await memberTimeZone(db, memberId);
  await saveSchedule(
    db,
    {
      id,
      kind: WEEKLY_SUMMARY_KIND,
      subject: memberId,
      recurrence: { ...WEEKLY_SUMMARY_RECURRENCE, timezone },
    },
    now,
  );
}
