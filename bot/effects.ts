import type { EffectPorts, MatrixOutcome } from "./capabilities.ts";
import type { RoomId, UserId } from "./ids.ts";

/** A Matrix effect a handler decided on; stored in the outbox in the same database transaction. */
export type Effect =
  | { readonly kind: "join"; readonly roomId: RoomId }
  | { readonly kind: "leave"; readonly roomId: RoomId }
  | { readonly kind: "notice"; readonly roomId: RoomId; readonly body: string }
  /** A message to a member in their DM with the bot, opening one if there is none yet. */
  | { readonly kind: "direct"; readonly userId: UserId; readonly body: string };

/** Effects sharing a key are delivered in order; a postponed one holds back the rest of its key. */
export function orderingKey(effect: Effect): string {
  return effect.kind === "direct" ? effect.userId : effect.roomId;
}

export function performEffect(ports: EffectPorts, effect: Effect, effectId: string): Promise<MatrixOutcome> {
  switch (effect.kind) {
    case "join":
      return ports.joinRoom(effect.roomId);
    case "leave":
      return ports.leaveRoom(effect.roomId);
    case "notice":
      return ports.sendNotice(effect.roomId, effect.body, effectId);
    case "direct":
      return ports.sendDirect(effect.userId, effect.body, effectId);
  }
}
