import type { Kysely } from "kysely";
import type { Database, MoodSource } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { Reaction } from "../events.ts";
import type { BotIdentity } from "../handle-event.ts";
import type { RoomId } from "../ids.ts";
import { findMemberByUserId, type Member } from "../onboarding/members-store.ts";
import { wallClock } from "../scheduler/local-time.ts";
import { memberTimezone } from "./checkin-schedule.ts";
import { findCheckinByEvent, markAnswered, recentCheckins, type Checkin } from "./checkins-store.ts";
import { driftNotice, moodDropped } from "./drift.ts";
import { listMoods, recordMood, type MoodScore } from "./moods-store.ts";
import type { CheckinSettings } from "./settings.ts";

/** A check-in answered by a number reply counts for the latest check-in if it was sent within this long. */
const REPLY_WINDOW_MS = 36 * 3_600_000;

/** "3️⃣", "3⃣" (no variation selector) or a plain digit. */
export function scoreOfKey(key: string): MoodScore | undefined {
  const match = /^([1-5])\uFE0F?\u20E3?$/u.exec(key.trim());
  return match === null ? undefined : (Number(match[1]) as MoodScore);
}

/** A tap on one of the check-in's keycaps, by the member it was sent to. */
export async function onReaction(
  db: Kysely<Database>,
  bot: BotIdentity,
  event: Reaction,
  now: Date,
): Promise<Effect[]> {
  if (bot.checkins === undefined) return [];
  const score = scoreOfKey(event.key);
  if (score === undefined) return [];
  const checkin = await findCheckinByEvent(db, event.relatesTo);
  if (checkin === undefined) return [];
  const member = await findMemberByUserId(db, event.sender);
  if (member?.id !== checkin.memberId) return [];
  return answer(
    db,
    bot.checkins,
    member,
    { score, note: null, source: "reaction", checkin },
    event.roomId,
    now,
  );
}

/** A reply like "4" or "2 rough night" in the member's DM. */
export async function answerByReply(
  db: Kysely<Database>,
  settings: CheckinSettings,
  member: Member,
  reply: { readonly score: MoodScore; readonly note: string | null },
  roomId: RoomId,
  now: Date,
): Promise<Effect[]> {
  const [latest] = await recentCheckins(db, member.id, 1);
  const checkin =
    latest !== undefined && now.getTime() - latest.sentAt.getTime() <= REPLY_WINDOW_MS ? latest : null;
  return answer(db, settings, member, { ...reply, source: "reply", checkin }, roomId, now);
}

async function answer(
  db: Kysely<Database>,
  settings: CheckinSettings,
  member: Member,
  given: {
    readonly score: MoodScore;
    readonly note: string | null;
    readonly source: MoodSource;
    readonly checkin: Checkin | null;
  },
  roomId: RoomId,
  now: Date,
): Promise<Effect[]> {
  const timezone = (await memberTimezone(db, member.id)) ?? "UTC";
  await recordMood(db, settings.cipher, {
    memberId: member.id,
    at: now,
    localDate: given.checkin?.localDate ?? wallClock(now, timezone).date,
    score: given.score,
    note: given.note,
    source: given.source,
    checkinId: given.checkin?.id ?? null,
  });
  if (given.checkin !== null) await markAnswered(db, given.checkin.id, now);
  const thanks: Effect = {
    kind: "notice",
    roomId,
    body: `Thank you — I noted ${given.score} of 5${given.note === null ? "" : " and your note"}. Only you can see it.`,
  };
  const moods = await listMoods(db, settings.cipher, member.id, new Date(now.getTime() - 8 * 86_400_000));
  const drift = moodDropped(moods, now) ? await driftNotice(db, settings, member, "mood_drop", now) : [];
  return [thanks, ...drift];
}
