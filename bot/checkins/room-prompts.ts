import { sql, type Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Duty } from "../duties.ts";
import type { RoomId } from "../ids.ts";
import { loadPeerRoom } from "../peer-rooms/store.ts";
import { saveSchedule, turnScheduleOff } from "../scheduler/schedule-store.ts";
import type { ScheduleHandler } from "../scheduler/tick.ts";

export const ROOM_PROMPT_KIND = "room_prompt";
const PREFIX = `${ROOM_PROMPT_KIND}:`;

/** Every open peer room and circle gets the weekly prompt on the community's schedule, once per room per week. */
export const roomPromptSchedules: Duty = {
  name: "room-prompt-schedules",
  everyMs: 60_000,
  async run(db, bot, now) {
    const prompt = bot.checkins?.weeklyPrompt;
    if (prompt === undefined || prompt === null) return [];
    const rows = await db
      .selectFrom("peer_rooms")
      .leftJoin("schedules", (join) => join.on("schedules.id", "=", sql<string>`${PREFIX} || peer_rooms.id`))
      .select("peer_rooms.id")
      .where("peer_rooms.status", "=", "open")
      .where("schedules.id", "is", null)
      .limit(1_000)
      .execute();
    for (const row of rows)
      await saveSchedule(
        db,
        { id: `${PREFIX}${row.id}`, kind: ROOM_PROMPT_KIND, subject: row.id, recurrence: prompt.recurrence },
        now,
      );
    return [];
  },
};

export const roomPromptHandler: ScheduleHandler = {
  kind: ROOM_PROMPT_KIND,
  async onDue(db: Kysely<Database>, bot, due, now) {
    const prompt = bot.checkins?.weeklyPrompt;
    const room = await loadPeerRoom(db, due.subject);
    if (prompt === undefined || prompt === null || room?.status !== "open" || room.roomId === null) {
      await turnScheduleOff(db, due.scheduleId, now);
      return [];
    }
    return [{ kind: "notice", roomId: room.roomId as RoomId, body: prompt.text }];
  },
};
