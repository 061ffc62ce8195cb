import type { Kysely } from "kysely";
import type { Database, PairingKind } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import type { Features } from "../matching/score-model.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { recordPeerRoom } from "../peer-rooms/open.ts";
import type { PeerRoomSettings } from "../peer-rooms/settings.ts";
import { err, ok, type Result } from "../result.ts";
import { insertPairing } from "./pairings-store.ts";
import { loadMatchStatus, saveMatchStatus, statusOrDefault } from "./status-store.ts";

export interface PairingRequest {
  readonly kind: PairingKind;
  readonly members: readonly { readonly id: MemberId; readonly userId: UserId }[];
  /** Shown only inside the encrypted room (sealed at rest). */
  readonly purpose: string;
  readonly suggestionId?: string;
  readonly features?: Features;
}

/**
 * Records the peer room and the pairing linked to it, and returns the effect that opens the room. The members
 * stop waiting: they have peers now (a pairing that ends puts those still looking back in the queue).
 */
export async function openPairing(
  db: Kysely<Database>,
  peerRooms: Pick<PeerRoomSettings, "seal">,
  request: PairingRequest,
  now: Date,
): Promise<Result<{ readonly pairingId: string; readonly effects: Effect[] }, "invalid_members">> {
  const room = await recordPeerRoom(
    db,
    peerRooms,
    { members: request.members.map((m) => m.userId), purpose: request.purpose },
    now,
  );
  if (!room.ok) return err(room.error, room.message);
  const pairingId = await insertPairing(
    db,
    {
      kind: request.kind,
      peerRoomId: room.value.id,
      members: request.members.map((m) => m.id),
      ...(request.suggestionId === undefined ? {} : { suggestionId: request.suggestionId }),
      ...(request.features === undefined ? {} : { features: request.features }),
    },
    now,
  );
  if (request.kind !== "mentor")
    for (const member of request.members) {
      const status = statusOrDefault(await loadMatchStatus(db, member.id), now);
      await saveMatchStatus(db, member.id, { ...status, waitingSince: null }, now);
    }
  return ok({ pairingId, effects: [room.value.effect] });
}
