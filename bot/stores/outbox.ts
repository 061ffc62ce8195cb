import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";

export interface PendingEffect {
  readonly seq: number;
  readonly effectId: string;
  readonly effect: Effect;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
}

/** Effect IDs derive from the causing event, so re-handling that event cannot enqueue them twice. */
export async function enqueueEffects(
  db: Kysely<Database>,
  causeId: string,
  effects: readonly Effect[],
  now: Date,
): Promise<void> {
  for (const [index, effect] of effects.entries()) {
    await db
      .insertInto("outbox")
      .values({
        effect_id: `${causeId}/${index}`,
        kind: effect.kind,
        payload_json: JSON.stringify(effect),
        status: "pending",
        attempts: 0,
        last_error: null,
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
        done_at: null,
      })
      .onConflict((oc) => oc.column("effect_id").doNothing())
      .execute();
  }
}

export async function pendingEffects(db: Kysely<Database>, limit: number): Promise<PendingEffect[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(["seq", "effect_id", "payload_json", "attempts", "next_attempt_at"])
    .where("status", "=", "pending")
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    effectId: row.effect_id,
    // Written by enqueueEffects from a typed Effect.
    effect: JSON.parse(row.payload_json) as Effect,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
  }));
}

// Still a well-formed notice, so the outbox can read the row; it was delivered already.
const ERASED_SENSITIVE = JSON.stringify({ kind: "notice", roomId: "(erased)", body: "(erased)" });

/** A member's own words (`sensitive`) keep no text for audit once their effect is done or has failed. */
function withoutSensitiveText(eb: ExpressionBuilder<Database, "outbox">) {
  return eb
    .case()
    .when("payload_json", "like", '%"sensitive":true%')
    .then(ERASED_SENSITIVE)
    .else(eb.ref("payload_json"))
    .end();
}

export async function markEffectDone(db: Kysely<Database>, seq: number, at: Date): Promise<void> {
  await db
    .updateTable("outbox")
    .set((eb) => ({ status: "done", done_at: at.toISOString(), payload_json: withoutSensitiveText(eb) }))
    .where("seq", "=", seq)
    .execute();
}

export async function markEffectFailed(
  db: Kysely<Database>,
  seq: number,
  error: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable("outbox")
    .set((eb) => ({
      status: "failed",
      last_error: error,
      done_at: at.toISOString(),
      attempts: eb("attempts", "+", 1),
      payload_json: withoutSensitiveText(eb),
    }))
    .where("seq", "=", seq)
    .execute();
}

export async function scheduleEffectRetry(
  db: Kysely<Database>,
  seq: number,
  error: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable("outbox")
    .set((eb) => ({ last_error: error, next_attempt_at: at.toISOString(), attempts: eb("attempts", "+", 1) }))
    .where("seq", "=", seq)
    .execute();
}
