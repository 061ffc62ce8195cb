import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import { findMember, type MemberId } from "../onboarding/members-store.ts";
import type { DueOccurrence } from "../scheduler/schedule-store.ts";
import type { ScheduleHandler } from "../scheduler/tick.ts";
import { CHECKIN_KIND } from "./checkin-schedule.ts";
import { createCheckin } from "./checkins-store.ts";
import { driftNotice, missedInARow } from "./drift.ts";
import { MOOD_CHOICES } from "./settings.ts";

export const CHECKIN_QUESTION = [
  "How are you today?",
  "Tap 1️⃣ (very low) to 5️⃣ (very good), or reply with a number and, if you like, a few words.",
].join("\n");

/** A member's check-in fell due: record it, and ask in their DM (after a gentle note if they seem adrift). */
export const checkinHandler: ScheduleHandler = {
  kind: CHECKIN_KIND,
  async onDue(db: Kysely<Database>, bot: BotIdentity, due: DueOccurrence, now: Date): Promise<Effect[]> {
    if (bot.checkins === undefined) return [];
    const member = await findMember(db, due.subject as MemberId);
    if (member === undefined) return [];
    const drift = (await missedInARow(db, member.id))
      ? await driftNotice(db, bot.checkins, member, "missed_checkins", now)
      : [];
    await createCheckin(db, { id: due.key, memberId: member.id, localDate: due.occurrence.localDate }, now);
    return [
      ...drift,
      {
        kind: "ask_direct",
        userId: member.userId,
        questionId: due.key,
        body: CHECKIN_QUESTION,
        choices: MOOD_CHOICES,
      },
    ];
  },
};
