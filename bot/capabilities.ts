import type { AttestationPublisher, AttestationReader } from "./attestations/attestation-room.ts";
import type { EncryptedEvent, InboundEvent } from "./events.ts";
import type { EventId, RoomId, UserId } from "./ids.ts";
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

export interface PeerRoomOpening {
  readonly roomId: RoomId;
  readonly invited: readonly UserId[];
  /** Members the homeserver could not invite (no such user, server unreachable…), with its reason. */
  readonly failed: readonly { readonly userId: UserId; readonly reason: string }[];
}

export interface PeerRoomOpener {
  /**
   * Creates the private, encrypted peer room inside the community space (or finds the one already created for
   * `peerRoomId`) and invites every member not yet invited.
   */
  openPeerRoom(
    peerRoomId: string,
    members: readonly UserId[],
  ): Promise<Result<PeerRoomOpening, MatrixFailure>>;
}

export interface MemberRemover {
  removeMember(roomId: RoomId, userId: UserId, reason: string): Promise<MatrixOutcome>;
}

export interface DirectQuestion {
  readonly roomId: RoomId;
  readonly eventId: EventId;
}

export interface DirectQuestionAsker {
  /**
   * Sends a question to the member's DM with the bot (opening one if needed), then reacts to it with each of
   * `choices` so the member can answer with a tap. Resending with the same key is the same message and reactions.
   */
  askDirect(
    userId: UserId,
    body: string,
    choices: readonly string[],
    idempotencyKey: string,
  ): Promise<Result<DirectQuestion, MatrixFailure>>;
}

export type EffectPorts = RoomJoiner &
  DirectQuestionAsker &
  RoomLeaver &
  NoticeSender &
  DirectMessenger &
  PeerRoomOpener &
  MemberRemover &
  Pick<AttestationPublisher, "publishAttestation" | "publishWithdrawal"> &
  AttestationReader;

/** `keys_missing`: the room key has not reached the bot's device yet (worth waiting); `undecryptable`: it never will. */
export type DecryptFailure = "keys_missing" | "undecryptable";

export interface EventDecryptor {
  /** Decrypts and decodes; `ok(undefined)` is a well-formed event the bot does not read. Plaintext is never stored. */
  decrypt(event: EncryptedEvent): Promise<Result<InboundEvent | undefined, DecryptFailure>>;
}
