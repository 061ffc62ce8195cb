import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export interface TrainingRecord {
  readonly course: string;
  /** A moderator's Matrix ID, or "operator" (command line). */
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

/** A course name as a moderator types it: one line, short, no markup. */
export const COURSE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .,'()&/-]{0,79}$/u;

/** Returns false when this course was already recorded for the member (recording is idempotent). */
export async function recordTraining(
  db: Kysely<Database>,
  memberId: MemberId,
  course: string,
  recordedBy: string,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto("training_records")
    .values({ member_id: memberId, course, recorded_by: recordedBy, recorded_at: at.toISOString() })
    .onConflict((oc) => oc.columns(["member_id", "course"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function trainingOf(db: Kysely<Database>, memberId: MemberId): Promise<TrainingRecord[]> {
  const rows = await db
    .selectFrom("training_records")
    .selectAll()
    .where("member_id", "=", memberId)
    .orderBy("recorded_at")
    .execute();
  return rows.map((r) => ({
    course: r.course,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at),
  }));
}
