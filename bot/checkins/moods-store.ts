import type { Kysely } from "kysely";
import type { Database, MoodSource } from "../../schema/index.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export type MoodScore = 1 | 2 | 3 | 4 | 5;

export interface Mood {
  readonly at: Date;
  readonly localDate: string;
  readonly score: MoodScore;
  readonly note: string | null;
}

export interface NewMood {
  readonly memberId: MemberId;
  readonly at: Date;
  readonly localDate: string;
  readonly score: MoodScore;
  readonly note: string | null;
  readonly source: MoodSource;
  /** The check-in answered; its earlier answer, if any, is replaced (only the latest counts). */
  readonly checkinId: string | null;
}

export function isMoodScore(value: number): value is MoodScore {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

export async function recordMood(db: Kysely<Database>, cipher: MemberCipher, mood: NewMood): Promise<void> {
  if (mood.checkinId !== null)
    await db
      .deleteFrom("moods")
      .where("member_id", "=", mood.memberId)
      .where("checkin_id", "=", mood.checkinId)
      .execute();
  await db
    .insertInto("moods")
    .values({
      member_id: mood.memberId,
      recorded_at: mood.at.toISOString(),
      local_date: mood.localDate,
      score_sealed: cipher.seal(String(mood.score)),
      note_sealed: mood.note === null ? null : cipher.seal(mood.note),
      source: mood.source,
      checkin_id: mood.checkinId,
    })
    .execute();
}

/** The member's moods recorded at or after `since`, oldest first, opened. */
export async function listMoods(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  since: Date,
): Promise<Mood[]> {
  const rows = await db
    .selectFrom("moods")
    .select(["recorded_at", "local_date", "score_sealed", "note_sealed"])
    .where("member_id", "=", memberId)
    .where("recorded_at", ">=", since.toISOString())
    .orderBy("recorded_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => {
    const score = Number(cipher.open(row.score_sealed));
    // Written by recordMood from a MoodScore: anything else is corruption, a bug.
    if (!isMoodScore(score)) throw new Error("a stored mood score is out of range");
    return {
      at: new Date(row.recorded_at),
      localDate: row.local_date,
      score,
      note: row.note_sealed === null ? null : cipher.open(row.note_sealed),
    };
  });
}

/** Everything of a member's check-ins and moods goes when the account is deleted. */
export async function eraseCheckinData(db: Kysely<Database>, memberId: MemberId): Promise<void> {
  await db.deleteFrom("moods").where("member_id", "=", memberId).execute();
  await db.deleteFrom("checkins").where("member_id", "=", memberId).execute();
  await db.deleteFrom("drift_notices").where("member_id", "=", memberId).execute();
  const scheduleIds = db.selectFrom("schedules").select("id").where("subject", "=", memberId);
  await db.deleteFrom("schedule_occurrences").where("schedule_id", "in", scheduleIds).execute();
  await db.deleteFrom("schedules").where("subject", "=", memberId).execute();
}
