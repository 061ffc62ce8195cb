import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { Effect } from "./effects.ts";
import type { BotIdentity } from "./handle-event.ts";
import { remindDueGoals } from "./goals/reminders.ts";
import { matchingDuty } from "./match-flow/duty.ts";
import { roomPromptSchedules } from "./checkins/room-prompts.ts";
import { sweepInvites } from "./peer-rooms/lifecycle.ts";
import { SCHEDULE_HANDLERS } from "./scheduled-kinds.ts";
import { pruneOccurrences, scheduleDuty } from "./scheduler/tick.ts";
import { attestationCheckDuty } from "./recognition/federated.ts";
import { progressionDuty } from "./recognition/progression.ts";

/**
 * Time-based work (invite reminders, scheduled check-ins, suggestion expiry…). The event processor runs each duty
 * at most every `everyMs`, in one database transaction with the effects it returns, so what it claimed and what
 * it sends commit together or not at all.
 *
 * A duty with slow reading or computing to do (a matching run) does it in `prepare`, which the processor starts
 * outside any transaction and does not wait for: events and other duties go on meanwhile. When it resolves, the
 * processor runs `run` with its result, in the duty's transaction; `run` must check that what `prepare` read
 * still holds before acting on it.
 */
export interface Duty {
  readonly name: string;
  readonly everyMs: number;
  prepare?(db: Kysely<Database>, bot: BotIdentity, now: Date): Promise<unknown>;
  run(db: Kysely<Database>, bot: BotIdentity, now: Date, prepared?: unknown): Promise<Effect[]>;
}

export const inviteSweep: Duty = {
  name: "peer-room-invites",
  everyMs: 2_000,
  run: (db, bot, now) => sweepInvites(db, bot.peerRooms, now),
};

/** Once per goal, the day before it is due (bot/goals/reminders.ts). */
export const goalReminders: Duty = {
  name: "goal-reminders",
  everyMs: 60_000,
  run: (db, bot, now) =>
    bot.cipher === undefined ? Promise.resolve([]) : remindDueGoals(db, bot.cipher, now),
};

/** Every duty the processor runs. Each area adds its own here. */
export const DUTIES: readonly Duty[] = [
  inviteSweep,
  matchingDuty,
  scheduleDuty(SCHEDULE_HANDLERS),
  roomPromptSchedules,
  pruneOccurrences,
  goalReminders,
  progressionDuty,
  attestationCheckDuty,
];
