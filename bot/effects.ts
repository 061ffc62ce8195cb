import type { EffectPorts, MatrixOutcome } from "./capabilities.ts";
import type { RoomId } from "./ids.ts";

/** A Matrix effect a handler decided on; stored in the outbox in the same database transaction. */
export type Effect =
  | { readonly kind: "join"; readonly roomId: RoomId }
  | { readonly kind: "leave"; readonly roomId: RoomId }
  | { readonly kind: "notice"; readonly roomId: RoomId; readonly body: string };

export function performEffect(ports: EffectPorts, effect: Effect, effectId: string): Promise<MatrixOutcome> {
  switch (effect.kind) {
    case "join":
      return ports.joinRoom(effect.roomId);
    case "leave":
      return ports.leaveRoom(effect.roomId);
    case "notice":
      return ports.sendNotice(effect.roomId, effect.body, effectId);
  }
}
