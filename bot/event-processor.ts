import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { EffectPorts, EventDecryptor } from "./capabilities.ts";
import type { Effect } from "./effects.ts";
import type { InboundEvent } from "./events.ts";
import { orderingKey, performEffect, type EffectReport } from "./effects.ts";
import { onQuestionSent } from "./checkins/checkins-store.ts";
import { onPeerRoomOpened } from "./peer-rooms/lifecycle.ts";
import { onRecognitionReport } from "./recognition/reports.ts";
import { DUTIES, type Duty } from "./duties.ts";
import { handleEvent, type BotIdentity } from "./handle-event.ts";
import type { Logger } from "./logger.ts";
import { completeEvent, nextPostponedEvent, pendingEvents, postponeEvent } from "./stores/inbox.ts";
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
  /** Absent when the bot has no E2EE device (unit tests): encrypted events are then skipped as unreadable. */
  readonly decryptor?: EventDecryptor;
  readonly bot: BotIdentity;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Time-based duties (default: every duty in `duties.ts`). */
  readonly duties?: readonly Duty[];
  /** Retries of an unavailable homeserver back off from `baseMs` up to `maxMs`, forever: nothing is dropped. */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  /** Called right after a duty's transaction committed (tests use it to crash between a claim and its send). */
  readonly afterDutyCommit?: (duty: string, effects: readonly Effect[]) => void;
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
/** Room keys normally arrive within seconds; after this many postponements (≈ 15 minutes) the event is given up. */
const MAX_DECRYPT_ATTEMPTS = 20;

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
    const batch = await pendingEvents(db, BATCH, now());
    for (const { seq, event: stored, attempts } of batch) {
      const event = await readable(seq, stored, attempts);
      if (event === "postponed") continue;
      try {
        await db.transaction().execute(async (trx) => {
          const at = now();
          const effects = event === undefined ? [] : await handleEvent(trx, bot, event, at);
          await enqueueEffects(trx, stored.eventId, effects, at);
          await completeEvent(trx, seq, { status: "done", error: null, at });
        });
      } catch (error) {
        const message = describe(error);
        logger.error("event handler failed; the event is skipped", {
          eventId: stored.eventId,
          error: message,
        });
        await completeEvent(db, seq, { status: "failed", error: message.slice(0, 500), at: now() });
      }
    }
    return batch.length > 0;
  }

  /** Decrypts an encrypted event in memory; postpones it while its room key is on its way. */
  async function readable(
    seq: number,
    event: InboundEvent,
    attempts: number,
  ): Promise<InboundEvent | undefined | "postponed"> {
    if (event.kind !== "encrypted") return event;
    if (deps.decryptor === undefined) return undefined;
    const decrypted = await deps.decryptor.decrypt(event);
    if (decrypted.ok) return decrypted.value;
    if (decrypted.error === "keys_missing" && attempts < MAX_DECRYPT_ATTEMPTS) {
      const delay = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(attempts, 20));
      await postponeEvent(db, seq, new Date(now().getTime() + delay), decrypted.message);
      return "postponed";
    }
    logger.warn("could not decrypt an event; it is skipped", {
      eventId: event.eventId,
      reason: decrypted.message,
    });
    return undefined;
  }

  /** What the domain does with what an effect learned, in the transaction that marks the effect done. */
  async function afterEffect(trx: Kysely<Database>, report: EffectReport, at: Date): Promise<Effect[]> {
    switch (report.kind) {
      case "peer_room_opened":
        return onPeerRoomOpened(trx, report.peerRoomId, report.opening, at);
      case "direct_question_sent":
        await onQuestionSent(trx, report.questionId, report.question);
        return [];
      default:
        return onRecognitionReport(trx, bot, report, at);
    }
  }

  /** Time-based duties, each at most every `everyMs`; one that throws is logged and tried again next time. */
  const duties = deps.duties ?? DUTIES;
  const lastRun = new Map<string, number>();
  /** Duties whose `prepare` is under way, and those whose result waits for its `run`. */
  const preparing = new Map<string, Promise<void>>();
  const prepared = new Map<string, unknown>();
  function startPreparing(duty: Duty, prepare: NonNullable<Duty["prepare"]>): void {
    const done = prepare
      .call(duty, db, bot, now())
      .then(
        (result) => void prepared.set(duty.name, result),
        (error: unknown) =>
          logger.error("duty failed while preparing; it runs again later", {
            duty: duty.name,
            error: describe(error),
          }),
      )
      .finally(() => {
        preparing.delete(duty.name);
        woken = true;
        wakeUp();
      });
    preparing.set(duty.name, done);
  }
  /** Runs the duty in its transaction; true when it queued effects. */
  async function runDuty(duty: Duty, result: unknown): Promise<boolean> {
    try {
      const queued = await db.transaction().execute(async (trx) => {
        const at = now();
        const effects = await duty.run(trx, bot, at, result);
        await enqueueEffects(trx, `duty:${duty.name}:${at.toISOString()}`, effects, at);
        return effects;
      });
      deps.afterDutyCommit?.(duty.name, queued);
      return queued.length > 0;
    } catch (error) {
      logger.error("duty failed; it runs again later", { duty: duty.name, error: describe(error) });
      return false;
    }
  }

  async function sweep(): Promise<boolean> {
    let worked = false;
    for (const duty of duties) {
      const started = now().getTime();
      const due = started - (lastRun.get(duty.name) ?? -Infinity) >= duty.everyMs;
      if (duty.prepare === undefined) {
        if (!due) continue;
        lastRun.set(duty.name, started);
        worked = (await runDuty(duty, undefined)) || worked;
        continue;
      }
      if (prepared.has(duty.name)) {
        const result = prepared.get(duty.name);
        prepared.delete(duty.name);
        worked = (await runDuty(duty, result)) || worked;
      }
      // One preparation at a time; the duty is due again `everyMs` after the last one started.
      if (due && !preparing.has(duty.name)) {
        lastRun.set(duty.name, started);
        startPreparing(duty, duty.prepare);
      }
    }
    return worked;
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
        const report = outcome.value;
        await db.transaction().execute(async (trx) => {
          const at = now();
          await markEffectDone(trx, pending.seq, at);
          if (report !== undefined)
            await enqueueEffects(trx, `${pending.effectId}:after`, await afterEffect(trx, report, at), at);
        });
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
        const swept = await sweep();
        const delivery = await deliverDueEffects();
        if (handled || swept || delivery.worked) continue;
        const postponed = await nextPostponedEvent(db);
        for (const due of [delivery.nextDue, postponed?.getTime()]) {
          if (due !== undefined) wait = Math.max(10, Math.min(wait, due - now().getTime()));
        }
      } catch (error) {
        logger.error("event processing step failed; retrying", { error: describe(error) });
        wait = retry.baseMs;
      }
      if (woken || stopping) continue;
      // A duty still preparing is work in progress, so not idle yet; its end wakes the loop.
      if (preparing.size === 0) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
      }
      await sleep(wait);
    }
    await Promise.all(preparing.values());
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
