import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import { enqueueEffects } from "../stores/outbox.ts";
import type { PeerRoomSettings } from "./settings.ts";
import { insertPeerRoom } from "./store.ts";

export interface PeerRoomRequest {
  /** 2 for a pair, 3–8 for a circle; on any homeserver. */
  readonly members: readonly UserId[];
  /** Why they were brought together, shown only inside the encrypted room (stored sealed). */
  readonly purpose: string;
}

export type PeerRoomRequestError = "invalid_members";

/** Records the peer room and queues its opening; the event processor does the rest (call its `wake()`). */
export async function requestPeerRoom(
  db: Kysely<Database>,
  settings: Pick<PeerRoomSettings, "seal">,
  request: PeerRoomRequest,
  now: Date,
): Promise<Result<string, PeerRoomRequestError>> {
  return db.transaction().execute(async (trx) => {
    const recorded = await recordPeerRoom(trx, settings, request, now);
    if (!recorded.ok) return recorded;
    await enqueueEffects(trx, `peer-room:${recorded.value.id}`, [recorded.value.effect], now);
    return ok(recorded.value.id);
  });
}

/**
 * The same inside a transaction the caller already holds (a command or duty): records the room and returns the
 * effect that opens it, for the caller to queue with its other effects.
 */
export async function recordPeerRoom(
  db: Kysely<Database>,
  settings: Pick<PeerRoomSettings, "seal">,
  request: PeerRoomRequest,
  now: Date,
): Promise<Result<{ readonly id: string; readonly effect: Effect }, PeerRoomRequestError>> {
  const members = [...new Set(request.members)];
  if (members.length !== request.members.length) return err("invalid_members", "a member is listed twice");
  if (members.length < 2 || members.length > 8)
    return err("invalid_members", "a peer room has 2 to 8 members");
  const id = randomUUID();
  await insertPeerRoom(
    db,
    {
      id,
      kind: members.length === 2 ? "pair" : "circle",
      members,
      purposeSealed: request.purpose === "" ? null : settings.seal(request.purpose),
    },
    now,
  );
  return ok({ id, effect: { kind: "open_peer_room", peerRoomId: id, members } });
}
