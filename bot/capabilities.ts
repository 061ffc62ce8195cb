import type { RoomId, UserId } from "./ids.ts";
import type { Result } from "./result.ts";

/**
 * What can go wrong when Kindred asks its homeserver for something.
 * `unavailable`: the homeserver or a remote one is down or overloaded, worth retrying;
 * the others are answers that retrying will not change.
 */
export type MatrixFailure = "unavailable" | "forbidden" | "not_found" | "rejected";

export type MatrixOutcome = Result<void, MatrixFailure>;

/** One tiny interface per Matrix effect; `bridge/` implements them, tests fake them. */
export interface RoomJoiner {
  joinRoom(roomId: RoomId): Promise<MatrixOutcome>;
}

export interface RoomLeaver {
  leaveRoom(roomId: RoomId): Promise<MatrixOutcome>;
}

export interface NoticeSender {
  /** `idempotencyKey` becomes the Matrix transaction ID, so a resend after a crash is not a second message. */
  sendNotice(roomId: RoomId, body: string, idempotencyKey: string): Promise<MatrixOutcome>;
}

export interface DirectMessenger {
  /** Sends to the member's DM with the bot, creating that DM (and remembering it) when there is none. */
  sendDirect(userId: UserId, body: string, idempotencyKey: string): Promise<MatrixOutcome>;
}

export type EffectPorts = RoomJoiner & RoomLeaver & NoticeSender & DirectMessenger;
