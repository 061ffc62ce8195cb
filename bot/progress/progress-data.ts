import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { listMoods } from "../checkins/moods-store.ts";
import { listGoals, type Goal } from "../goals/goal-store.ts";
import { addDays, localTime, type LocalDate } from "../goals/local-date.ts";
import { memberTimeZone } from "../goals/member-zone.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { MoodPoint } from "./progress-summary.ts";

export const CHART_DAYS = 28;

export interface ProgressData {
  readonly today: LocalDate;
  /** The first day of the chart: four weeks ending today. */
  readonly from: LocalDate;
  readonly moods: readonly MoodPoint[];
  readonly goals: readonly Goal[];
}

/** A member's moods of the last weeks (read through the check-ins area's `listMoods`) and all their goals. */
export async function loadProgress(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  now: Date,
  zone?: string,
): Promise<ProgressData> {
  const today = localTime(now, zone ?? (await memberTimeZone(db, memberId))).date;
  // Five weeks back covers four ISO weeks and the chart's 28 days in every zone.
  const moods = await listMoods(db, cipher, memberId, new Date(now.getTime() - 35 * 86_400_000));
  const from = addDays(today, -(CHART_DAYS - 1));
  return { today, from, moods, goals: await listGoals(db, cipher, { memberId }) };
}
