import { checkinHandler } from "./checkins/due-checkins.ts";
import { roomPromptHandler } from "./checkins/room-prompts.ts";
import { weeklySummaryHandler } from "./progress/weekly-summary.ts";
import type { ScheduleHandler } from "./scheduler/tick.ts";

/** What each kind of schedule does when due. Each area adds its own here (reminders, weekly summaries…). */
export const SCHEDULE_HANDLERS: readonly ScheduleHandler[] = [
  checkinHandler,
  roomPromptHandler,
  weeklySummaryHandler,
];
