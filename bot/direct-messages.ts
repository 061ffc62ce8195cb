import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { UserId } from "./ids.ts";
import { enqueueEffects } from "./stores/outbox.ts";

export interface DirectMessageRequest {
  readonly to: UserId;
  readonly body: string;
  /** Names the cause (e.g. `signin-code:<id>`): asking twice with the same key sends once. */
  readonly idempotencyKey: string;
}

/**
 * Queues a message to a member's DM with the bot. It is delivered by the event processor (call its `wake()`
 * afterwards), retried while the homeserver is down, and sent once even across crashes.
 */
export async function requestDirectMessage(
  db: Kysely<Database>,
  request: DirectMessageRequest,
  now: Date,
): Promise<void> {
  await enqueueEffects(
    db,
    request.idempotencyKey,
    [{ kind: "direct", userId: request.to, body: request.body }],
    now,
  );
}
