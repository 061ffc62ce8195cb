import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import { addDays, isoWeek, localTime, zoneOrUtc } from "../goals/local-date.ts";
import type { UserId } from "../ids.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import { loadProgress } from "./progress-data.ts";
import { progressText } from "./progress-summary.ts";
import { claimWeeklySummary, summaryRecipients } from "./summary-store.ts";

/** Sunday from 18:00 local time; after downtime, still until Monday noon (then that week is let go). */
export const SUMMARY_HOUR = 18;
const CATCH_UP_UNTIL_HOUR = 12;

/** The week whose summary is due at `now` in `zone`, if any. */
export function dueSummaryWeek(now: Date, zone: string): string | undefined {
  const local = localTime(now, zone);
  if (local.weekday === 6 && local.hour >= SUMMARY_HOUR) return isoWeek(local.date);
  if (local.weekday === 0 && local.hour < CATCH_UP_UNTIL_HOUR) return isoWeek(addDays(local.date, -1));
  return undefined;
}

/**
 * The weekly summary DMs for members who asked for them, once per ISO week: the week is claimed in the duty's
 * transaction together with the message it queues.
 */
export async function sendWeeklySummaries(
  db: Kysely<Database>,
  cipher: MemberCipher,
  now: Date,
): Promise<Effect[]> {
  const effects: Effect[] = [];
  for (const recipient of await summaryRecipients(db)) {
    const zone = zoneOrUtc(recipient.timezone);
    const week = dueSummaryWeek(now, zone);
    if (week === undefined || week === recipient.lastWeek) continue;
    if (!(await claimWeeklySummary(db, recipient.memberId, week, now))) continue;
    const data = await loadProgress(db, cipher, recipient.memberId, now, zone);
    effects.push({
      kind: "direct",
      userId: recipient.userId as UserId,
      body: `${progressText({ ...data, now })}\n\n(Your weekly summary. "summary weekly off" stops it.)`,
      sensitive: true,
    });
  }
  return effects;
}
