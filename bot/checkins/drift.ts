import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import { consentsOf } from "../onboarding/consents-store.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { recentCheckins } from "./checkins-store.ts";
import type { Mood } from "./moods-store.ts";
import { DRIFT_CONSENT, type CheckinSettings } from "./settings.ts";

export type DriftReason = "missed_checkins" | "mood_drop";

const WEEK_MS = 7 * 86_400_000;
/** At most one notice a week, however the drift goes on. */
const QUIET_AFTER_NOTICE_MS = WEEK_MS;
export const MISSED_IN_A_ROW = 3;

/** The last three check-ins sent before `now` all went unanswered. */
export async function missedInARow(db: Kysely<Database>, memberId: MemberId): Promise<boolean> {
  const recent = await recentCheckins(db, memberId, MISSED_IN_A_ROW);
  return recent.length === MISSED_IN_A_ROW && recent.every((checkin) => checkin.answeredAt === undefined);
}

/** The latest mood is two or more points below the first one of the week before it. */
export function moodDropped(moods: readonly Mood[], now: Date): boolean {
  const week = moods.filter((mood) => now.getTime() - mood.at.getTime() <= WEEK_MS);
  const first = week[0];
  const latest = week[week.length - 1];
  return first !== undefined && latest !== undefined && first.score - latest.score >= 2;
}

/** Whether this member agreed to be told when things seem to drift. */
export async function agreedToDriftNotices(db: Kysely<Database>, memberId: MemberId): Promise<boolean> {
  return (await consentsOf(db, memberId)).some(
    (given) => given.id === DRIFT_CONSENT.id && given.version === DRIFT_CONSENT.version,
  );
}

export async function withdrawDriftConsent(db: Kysely<Database>, memberId: MemberId): Promise<void> {
  await db
    .deleteFrom("consents")
    .where("member_id", "=", memberId)
    .where("consent_id", "=", DRIFT_CONSENT.id)
    .execute();
}

/**
 * One gentle, private message — resources and the offer to tell their peer, never a diagnosis — if the member
 * agreed to such notes and had none in the past week.
 */
export async function driftNotice(
  db: Kysely<Database>,
  settings: CheckinSettings,
  member: { readonly id: MemberId; readonly userId: UserId },
  reason: DriftReason,
  now: Date,
): Promise<Effect[]> {
  if (!(await agreedToDriftNotices(db, member.id))) return [];
  const last = await db
    .selectFrom("drift_notices")
    .select("notified_at")
    .where("member_id", "=", member.id)
    .executeTakeFirst();
  if (last !== undefined && now.getTime() - Date.parse(last.notified_at) < QUIET_AFTER_NOTICE_MS) return [];
  const row = { reason, notified_at: now.toISOString() };
  await db
    .insertInto("drift_notices")
    .values({ member_id: member.id, ...row })
    .onConflict((oc) => oc.column("member_id").doUpdateSet(row))
    .execute();
  // About the member's moods: the outbox keeps no copy once it is delivered.
  return [{ kind: "direct", userId: member.userId, body: driftText(settings, reason), sensitive: true }];
}

export function driftText(settings: CheckinSettings, reason: DriftReason): string {
  const opening =
    reason === "missed_checkins"
      ? "Hi — I noticed the last few check-ins went unanswered. That's completely okay, and there's nothing you need to explain."
      : "Hi — your last few check-ins sounded a little harder than the week before. Thank you for telling me how you are.";
  const resources = settings.crisisResources.map(
    (resource) =>
      `• ${resource.name}: ${resource.contact}${resource.url === null ? "" : ` (${resource.url})`}`,
  );
  return [
    opening,
    "",
    "If things feel heavy, you don't have to carry them alone. If you are in danger or need to talk to someone now:",
    ...resources,
    "",
    'If you\'d like, I can let your peer know you would welcome a message: reply "checkin tell peer".',
    'This is just a friendly note, not an assessment. To stop these notes, reply "checkin notice off".',
  ].join("\n");
}
