import type { IssuerRoomContents } from "../../bot/attestations/attestation-room.ts";
import type { Attestation } from "../../bot/attestations/format.ts";
import type {
  DirectQuestion,
  EffectPorts,
  MatrixFailure,
  MatrixOutcome,
  PeerRoomOpening,
} from "../../bot/capabilities.ts";
import type { EventId, RoomId, UserId } from "../../bot/ids.ts";
import { err, ok, type Result } from "../../bot/result.ts";
import { FakeAttestationRooms } from "./fake-attestation-room.ts";

export type FakeCall =
  | { kind: "join"; roomId: RoomId }
  | { kind: "leave"; roomId: RoomId }
  | { kind: "notice"; roomId: RoomId; body: string; key: string }
  | { kind: "direct"; userId: UserId; body: string; key: string }
  | { kind: "open_peer_room"; peerRoomId: string; members: readonly UserId[] }
  | { kind: "remove_member"; roomId: RoomId; userId: UserId; reason: string }
  | { kind: "ask_direct"; userId: UserId; body: string; choices: readonly string[]; key: string };

/** A hand-written fake homeserver for the bot's effects: records calls, can be told to fail. */
export class FakeMatrix implements EffectPorts {
  readonly calls: FakeCall[] = [];
  /** Failures to return, oldest first, before calls succeed again. */
  readonly failures: MatrixFailure[] = [];
  private readonly seenKeys = new Set<string>();

  joinRoom(roomId: RoomId): Promise<MatrixOutcome> {
    return this.answer({ kind: "join", roomId });
  }

  leaveRoom(roomId: RoomId): Promise<MatrixOutcome> {
    return this.answer({ kind: "leave", roomId });
  }

  sendNotice(roomId: RoomId, body: string, key: string): Promise<MatrixOutcome> {
    // Like Synapse, a repeated transaction ID is acknowledged without a second message.
    if (this.seenKeys.has(key)) return Promise.resolve(ok(undefined));
    return this.answer({ kind: "notice", roomId, body, key }).then((outcome) => {
      if (outcome.ok) this.seenKeys.add(key);
      return outcome;
    });
  }

  sendDirect(userId: UserId, body: string, key: string): Promise<MatrixOutcome> {
    if (this.seenKeys.has(key)) return Promise.resolve(ok(undefined));
    return this.answer({ kind: "direct", userId, body, key }).then((outcome) => {
      if (outcome.ok) this.seenKeys.add(key);
      return outcome;
    });
  }

  /** A question's event ID is derived from its key, so a resend answers the same one, as Synapse does. */
  async askDirect(
    userId: UserId,
    body: string,
    choices: readonly string[],
    key: string,
  ): Promise<Result<DirectQuestion, MatrixFailure>> {
    const question = { roomId: `!dm-${userId}` as RoomId, eventId: `$question-${key}` as EventId };
    if (this.seenKeys.has(key)) return ok(question);
    const outcome = await this.answer({ kind: "ask_direct", userId, body, choices, key });
    if (!outcome.ok) return outcome;
    this.seenKeys.add(key);
    return ok(question);
  }

  /** Users whose invites the fake homeserver refuses (as for an unknown user or an unreachable server). */
  readonly unreachable = new Set<string>();
  /** Room IDs handed out for opened peer rooms, by peer room ID. */
  readonly peerRoomIds = new Map<string, RoomId>();

  async openPeerRoom(
    peerRoomId: string,
    members: readonly UserId[],
  ): Promise<Result<PeerRoomOpening, MatrixFailure>> {
    const outcome = await this.answer({ kind: "open_peer_room", peerRoomId, members });
    if (!outcome.ok) return outcome;
    const roomId =
      this.peerRoomIds.get(peerRoomId) ?? (`!peer${this.peerRoomIds.size + 1}:community.test` as RoomId);
    this.peerRoomIds.set(peerRoomId, roomId);
    return ok({
      roomId,
      invited: members.filter((m) => !this.unreachable.has(m)),
      failed: members
        .filter((m) => this.unreachable.has(m))
        .map((userId) => ({ userId, reason: "M_NOT_FOUND: fake" })),
    });
  }

  removeMember(roomId: RoomId, userId: UserId, reason: string): Promise<MatrixOutcome> {
    return this.answer({ kind: "remove_member", roomId, userId, reason });
  }

  /** Every community's attestation room; this fake publishes as `issuer`. */
  readonly attestationRooms = new FakeAttestationRooms();
  issuer = "community.test";

  publishAttestation(attestation: Attestation): Promise<MatrixOutcome> {
    return this.attestationRooms.publisherFor(this.issuer).publishAttestation(attestation);
  }

  publishWithdrawal(attestationId: string, withdrawnAt: Date): Promise<MatrixOutcome> {
    return this.attestationRooms.publisherFor(this.issuer).publishWithdrawal(attestationId, withdrawnAt);
  }

  readIssuerRoom(issuer: string): Promise<Result<IssuerRoomContents, MatrixFailure>> {
    return this.attestationRooms.reader.readIssuerRoom(issuer);
  }

  notices(): string[] {
    return this.calls.flatMap((call) => (call.kind === "notice" ? [call.body] : []));
  }

  private answer(call: FakeCall): Promise<MatrixOutcome> {
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.resolve(err(failure, `fake ${failure}`));
    this.calls.push(call);
    return Promise.resolve(ok(undefined));
  }
}
