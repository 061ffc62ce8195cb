import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import { findMember, type MemberId } from "../onboarding/members-store.ts";
import type { ScheduleHandler } from "../scheduler/tick.ts";
import { loadProgress } from "./progress-data.ts";
import { progressText } from "./progress-summary.ts";
import { WEEKLY_SUMMARY_KIND, weeklySummaryWanted } from "./summary-store.ts";

/**
 * The weekly summary DM, on the durable scheduler (bot/scheduler/): its occurrence is claimed by idempotency key in
 * the transaction that queues this message, so each week's summary goes once; after downtime only the latest.
 */
export const weeklySummaryHandler: ScheduleHandler = {
  kind: WEEKLY_SUMMARY_KIND,
  async onDue(db, bot, due, now): Promise<Effect[]> {
    const memberId = due.subject as MemberId;
    const member = await findMember(db, memberId);
    if (bot.cipher === undefined || member === undefined || !(await weeklySummaryWanted(db, memberId)))
      return [];
    const data = await loadProgress(db, bot.cipher, memberId, now, due.recurrence.timezone);
    return [
      {
        kind: "direct",
        userId: member.userId as UserId,
        body: `${progressText({ ...data, now })}\n\n(Your weekly summary. "summary weekly off" stops it.)`,
        sensitive: true,
      },
    ];
  },
};
