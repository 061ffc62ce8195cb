import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Duty } from "../duties.ts";
import type { Effect } from "../effects.ts";
import type { BotIdentity } from "../handle-event.ts";
import { claimDue, type DueOccurrence } from "./schedule-store.ts";

/** What happens when one kind of schedule falls due; runs in the transaction that claimed the occurrence. */
export interface ScheduleHandler {
  readonly kind: string;
  onDue(db: Kysely<Database>, bot: BotIdentity, due: DueOccurrence, now: Date): Promise<Effect[]>;
}

/** Claims at most this many occurrences a tick; more wait for the next tick (a second later). */
export const CLAIMS_PER_TICK = 1_000;

/**
 * The scheduler as a duty: each tick claims what fell due and hands each occurrence to its kind's handler, all in
 * the duty's one transaction with the effects they return — claimed, marked done and queued together, or not at all.
 */
export function scheduleDuty(handlers: readonly ScheduleHandler[], everyMs = 1_000): Duty {
  const byKind = new Map(handlers.map((handler) => [handler.kind, handler]));
  return {
    name: "schedule",
    everyMs,
    async run(db, bot, now) {
      const effects: Effect[] = [];
      for (const due of await claimDue(db, now, CLAIMS_PER_TICK)) {
        const handler = byKind.get(due.kind);
        if (handler !== undefined) effects.push(...(await handler.onDue(db, bot, due, now)));
      }
      return effects;
    },
  };
}
