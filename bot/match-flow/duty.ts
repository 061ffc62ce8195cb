import type { Duty } from "../duties.ts";
import { isPreparedRun, matchingTick, prepareMatchingRun } from "./run.ts";

/**
 * Matching's time-based work: every few seconds it expires overdue suggestions and ends pairings whose room
 * closed; a full run happens every `matching.every_minutes`, or at the next tick after a member asked for one
 * or saved their profile. The run's reading and planning happen in `prepare`, outside the transaction.
 */
export const matchingDuty: Duty = {
  name: "matching",
  everyMs: 5_000,
  async prepare(db, bot, now) {
    return bot.matching === undefined ? undefined : prepareMatchingRun(db, bot.matching, now);
  },
  async run(db, bot, now, prepared) {
    if (bot.matching === undefined) return [];
    // Without a prepared run only the every-tick part happens: a run is never prepared inside the transaction.
    const run = isPreparedRun(prepared) ? prepared : null;
    return (await matchingTick(db, bot.matching, bot.peerRooms, now, run)).effects;
  },
};
