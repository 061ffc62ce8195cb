import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { DirectQuestion } from "../capabilities.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export interface Checkin {
  readonly id: string;
  readonly memberId: MemberId;
  readonly localDate: string;
  readonly sentAt: Date;
  readonly answeredAt: Date | undefined;
}

type CheckinRow = Database["checkins"];

function toCheckin(
  row: Pick<CheckinRow, "id" | "member_id" | "local_date" | "sent_at" | "answered_at">,
): Checkin {
  return {
    id: row.id,
    memberId: row.member_id as MemberId,
    localDate: row.local_date,
    sentAt: new Date(row.sent_at),
    answeredAt: row.answered_at === null ? undefined : new Date(row.answered_at),
  };
}

export async function createCheckin(
  db: Kysely<Database>,
  checkin: { readonly id: string; readonly memberId: MemberId; readonly localDate: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto("checkins")
    .values({
      id: checkin.id,
      member_id: checkin.memberId,
      local_date: checkin.localDate,
      sent_at: now.toISOString(),
      room_id: null,
      event_id: null,
      answered_at: null,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/** The question reached the member's DM: its event ID is what their reaction will point at. */
export async function onQuestionSent(
  db: Kysely<Database>,
  checkinId: string,
  question: DirectQuestion,
): Promise<void> {
  await db
    .updateTable("checkins")
    .set({ room_id: question.roomId, event_id: question.eventId })
    .where("id", "=", checkinId)
    .execute();
}

export async function findCheckinByEvent(
  db: Kysely<Database>,
  eventId: string,
): Promise<Checkin | undefined> {
  const row = await db.selectFrom("checkins").selectAll().where("event_id", "=", eventId).executeTakeFirst();
  return row && toCheckin(row);
}

/** The member's check-ins, most recent first. */
export async function recentCheckins(
  db: Kysely<Database>,
  memberId: MemberId,
  limit: number,
): Promise<Checkin[]> {
  const rows = await db
    .selectFrom("checkins")
    .selectAll()
    .where("member_id", "=", memberId)
    .orderBy("sent_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toCheckin);
}

export async function markAnswered(db: Kysely<Database>, checkinId: string, at: Date): Promise<void> {
  await db
    .updateTable("checkins")
    .set({ answered_at: at.toISOString() })
    .where("id", "=", checkinId)
    .execute();
}
