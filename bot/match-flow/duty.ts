import type { Duty } from "../duties.ts";
import { matchingTick } from "./run.ts";

/**
 * Matching's time-based work: every few seconds it expires overdue suggestions and ends pairings whose room
 * closed; a full run happens every `matching.every_minutes`, or at the next tick after a member asked for one.
 */
export const matchingDuty: Duty = {
  name: "matching",
  everyMs: 5_000,
  async run(db, bot, now) {
    if (bot.matching === undefined) return [];
    return (await matchingTick(db, bot.matching, bot.peerRooms, now)).effects;
  },
};
