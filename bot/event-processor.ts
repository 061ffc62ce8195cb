import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { EffectPorts } from "./capabilities.ts";
import { orderingKey, performEffect } from "./effects.ts";
import { handleEvent, type BotIdentity } from "./handle-event.ts";
import type { Logger } from "./logger.ts";
import { completeEvent, pendingEvents } from "./stores/inbox.ts";
import {
  enqueueEffects,
  markEffectDone,
  markEffectFailed,
  pendingEffects,
  scheduleEffectRetry,
} from "./stores/outbox.ts";

export interface EventProcessorDeps {
  readonly db: Kysely<Database>;
  readonly ports: EffectPorts;
  readonly bot: BotIdentity;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Retries of an unavailable homeserver back off from `baseMs` up to `maxMs`, forever: nothing is dropped. */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
}

export interface EventProcessor {
  /** New events were inboxed: look now rather than at the next timer. */
  wake(): void;
  /** Resolves once nothing is pending that is due now (for tests and orderly shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const BATCH = 50;
const IDLE_POLL_MS = 5_000;

/** Handles inboxed events one by one (exactly once each), then delivers the effects they decided on. */
export function startEventProcessor(deps: EventProcessorDeps): EventProcessor {
  const { db, ports, bot, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const retry = deps.retry ?? { baseMs: 1_000, maxMs: 60_000 };
  let stopping = false;
  let wakeUp: () => void = () => undefined;
  let woken = false;
  let idleWaiters: (() => void)[] = [];

  async function handlePendingEvents(): Promise<boolean> {
    const batch = await pendingEvents(db, BATCH);
    for (const { seq, event } of batch) {
      try {
        await db.transaction().execute(async (trx) => {
          const at = now();
          const effects = await handleEvent(trx, bot, event, at);
          await enqueueEffects(trx, event.eventId, effects, at);
          await completeEvent(trx, seq, { status: "done", error: null, at });
        });
      } catch (error) {
        const message = describe(error);
        logger.error("event handler failed; the event is skipped", {
          eventId: event.eventId,
          error: message,
        });
        await completeEvent(db, seq, { status: "failed", error: message.slice(0, 500), at: now() });
      }
    }
    return batch.length > 0;
  }

  /** Returns whether it did anything and when the earliest postponed effect falls due. */
  async function deliverDueEffects(): Promise<{ worked: boolean; nextDue: number | undefined }> {
    const blocked = new Set<string>(); // keep each room's (or member's) effects in order behind a postponed one
    let worked = false;
    let nextDue: number | undefined;
    for (const pending of await pendingEffects(db, 100)) {
      const key = orderingKey(pending.effect);
      if (blocked.has(key)) continue;
      if (pending.nextAttemptAt.getTime() > now().getTime()) {
        blocked.add(key);
        nextDue = Math.min(nextDue ?? Infinity, pending.nextAttemptAt.getTime());
        continue;
      }
      worked = true;
      const outcome = await performEffect(ports, pending.effect, pending.effectId).catch((error: unknown) => {
        logger.error("effect threw instead of returning a result", {
          effectId: pending.effectId,
          error: describe(error),
        });
        return { ok: false as const, error: "rejected" as const, message: describe(error) };
      });
      if (outcome.ok) {
        await markEffectDone(db, pending.seq, now());
      } else if (outcome.error === "unavailable") {
        const delay = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(pending.attempts, 20));
        logger.warn("homeserver unavailable; effect will be retried", {
          effectId: pending.effectId,
          retryInMs: delay,
          reason: outcome.message,
        });
        await scheduleEffectRetry(db, pending.seq, outcome.message, new Date(now().getTime() + delay));
        blocked.add(key);
      } else {
        logger.warn("effect refused by the homeserver", {
          effectId: pending.effectId,
          reason: outcome.message,
        });
        await markEffectFailed(db, pending.seq, `${outcome.error}: ${outcome.message}`, now());
      }
    }
    return { worked, nextDue };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = () => undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      woken = false;
      let wait = IDLE_POLL_MS;
      try {
        const handled = await handlePendingEvents();
        const delivery = await deliverDueEffects();
        if (handled || delivery.worked) continue;
        if (delivery.nextDue !== undefined)
          wait = Math.max(10, Math.min(wait, delivery.nextDue - now().getTime()));
      } catch (error) {
        logger.error("event processing step failed; retrying", { error: describe(error) });
        wait = retry.baseMs;
      }
      if (woken || stopping) continue;
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
      await sleep(wait);
    }
    for (const resolve of idleWaiters) resolve();
  }

  const running = loop();
  return {
    wake() {
      woken = true;
      wakeUp();
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        woken = true;
        wakeUp();
      });
    },
    async stop() {
      stopping = true;
      wakeUp();
      await running;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
