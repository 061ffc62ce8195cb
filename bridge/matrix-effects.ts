import type { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { AttestationPublisher, AttestationReader } from "../bot/attestations/attestation-room.ts";
import type { Attestation } from "../bot/attestations/format.ts";
import type { IssuerRoomContents } from "../bot/attestations/attestation-room.ts";
import type {
  DirectQuestion,
  EffectPorts,
  MatrixFailure,
  MatrixOutcome,
  PeerRoomOpening,
} from "../bot/capabilities.ts";
import { loadPeerRoom, setPeerRoomStatus } from "../bot/peer-rooms/store.ts";
import type { EventId, RoomId, UserId } from "../bot/ids.ts";
import { err, ok, type Result } from "../bot/result.ts";
import { findDirectRoomOf, recordDirectRoom } from "../bot/stores/direct-rooms.ts";
import type { EncryptedBot, MemberState } from "./e2ee/encrypted-bot.ts";
import { attempt } from "./matrix-errors.ts";
import { ENCRYPTION_STATE, peerRoomCreation, spaceParent } from "./room-templates.ts";

export interface CommunitySpace {
  /** The community's public attestation room, and the way into other communities' rooms. */
  readonly attestationRoom: Pick<AttestationPublisher, "publishAttestation" | "publishWithdrawal"> &
    AttestationReader;
  readonly spaceId: string;
  readonly serverName: string;
  readonly communityName: string;
}

/** The bot's Matrix effects, performed as its appservice user. */
export class MatrixEffects implements EffectPorts {
  /** Rooms known to be encrypted (encryption cannot be turned off, so the answer never changes). */
  private readonly encryptedRooms = new Set<string>();

  constructor(
    private readonly client: MatrixClient,
    private readonly db: Kysely<Database>,
    private readonly encryption: EncryptedBot,
    private readonly space: CommunitySpace,
  ) {}

  publishAttestation(attestation: Attestation): Promise<MatrixOutcome> {
    return this.space.attestationRoom.publishAttestation(attestation);
  }

  publishWithdrawal(attestationId: string, withdrawnAt: Date): Promise<MatrixOutcome> {
    return this.space.attestationRoom.publishWithdrawal(attestationId, withdrawnAt);
  }

  readIssuerRoom(issuer: string): Promise<Result<IssuerRoomContents, MatrixFailure>> {
    return this.space.attestationRoom.readIssuerRoom(issuer);
  }

  async joinRoom(roomId: RoomId): Promise<MatrixOutcome> {
    const outcome = await attempt(() => this.client.joinRoom(roomId));
    return outcome.ok ? ok(undefined) : outcome;
  }

  async leaveRoom(roomId: RoomId): Promise<MatrixOutcome> {
    const outcome = await attempt(() => this.client.leaveRoom(roomId));
    // Already gone is what we wanted.
    return outcome.ok || outcome.error === "not_found" ? ok(undefined) : outcome;
  }

  async sendNotice(roomId: RoomId, body: string, idempotencyKey: string): Promise<MatrixOutcome> {
    const sent = await this.sendNoticeEvent(roomId, body, idempotencyKey);
    return sent.ok ? ok(undefined) : sent;
  }

  /** Sends a notice (encrypted in an encrypted room) and answers its event ID. */
  private async sendNoticeEvent(
    roomId: RoomId,
    body: string,
    idempotencyKey: string,
  ): Promise<Result<string, MatrixFailure>> {
    const encrypted = await this.isEncrypted(roomId);
    if (!encrypted.ok) return encrypted;
    if (encrypted.value) {
      const members = await this.currentMembers(roomId);
      if (!members.ok) return members;
      return this.encryption.sendEncryptedMessage(
        roomId,
        { msgtype: "m.notice", body },
        idempotencyKey,
        members.value,
      );
    }
    return this.sendPlain(roomId, "m.room.message", { msgtype: "m.notice", body }, idempotencyKey);
  }

  private async sendPlain(
    roomId: RoomId,
    type: string,
    content: Record<string, unknown>,
    txnId: string,
  ): Promise<Result<string, MatrixFailure>> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${encodeURIComponent(txnId)}`;
    const outcome = await attempt(
      () => this.client.doRequest("PUT", path, null, content) as Promise<{ event_id?: unknown }>,
    );
    if (!outcome.ok) return outcome;
    const eventId = outcome.value.event_id;
    return typeof eventId === "string" ? ok(eventId) : err("rejected", "the homeserver returned no event_id");
  }

  /**
   * The question, then one reaction per choice on it. Reactions go unencrypted, as matrix-js-sdk and Element send
   * them (a reaction's relation is visible to the server anyway); txnIds derive from the effect's, so a retry after
   * a crash repeats none of them.
   */
  async askDirect(
    userId: UserId,
    body: string,
    choices: readonly string[],
    idempotencyKey: string,
  ): Promise<Result<DirectQuestion, MatrixFailure>> {
    const known = await findDirectRoomOf(this.db, userId);
    const roomId = known?.roomId ?? (await this.openDirectRoom(userId));
    if (typeof roomId !== "string") return roomId;
    const sent = await this.sendNoticeEvent(roomId, body, idempotencyKey);
    if (!sent.ok) return sent;
    for (const [index, key] of choices.entries()) {
      const reacted = await this.sendPlain(
        roomId,
        "m.reaction",
        { "m.relates_to": { rel_type: "m.annotation", event_id: sent.value, key } },
        `${idempotencyKey}/choice-${index}`,
      );
      if (!reacted.ok) return reacted;
    }
    return ok({ roomId, eventId: sent.value as EventId });
  }

  /** Who is joined or invited, as the homeserver sees it now. */
  private async currentMembers(roomId: RoomId): Promise<Result<Map<string, MemberState>, MatrixFailure>> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`;
    const answer = await attempt(() => this.client.doRequest("GET", path) as Promise<{ chunk?: unknown }>);
    if (!answer.ok) return answer;
    const members = new Map<string, MemberState>();
    for (const event of Array.isArray(answer.value.chunk)
      ? (answer.value.chunk as Record<string, unknown>[])
      : []) {
      const { state_key: userId, content } = event as {
        state_key?: unknown;
        content?: { membership?: unknown };
      };
      const membership = content?.membership;
      if (typeof userId === "string" && (membership === "join" || membership === "invite"))
        members.set(userId, { membership, event });
    }
    return ok(members);
  }

  private async isEncrypted(roomId: RoomId): Promise<Result<boolean, MatrixFailure>> {
    if (this.encryptedRooms.has(roomId)) return { ok: true, value: true };
    const state = await attempt(
      () => this.client.getRoomStateEvent(roomId, "m.room.encryption", "") as Promise<unknown>,
    );
    if (state.ok) {
      this.encryptedRooms.add(roomId);
      return { ok: true, value: true };
    }
    return state.error === "not_found" ? { ok: true, value: false } : state;
  }

  async sendDirect(userId: UserId, body: string, idempotencyKey: string): Promise<MatrixOutcome> {
    const known = await findDirectRoomOf(this.db, userId);
    const roomId = known?.roomId ?? (await this.openDirectRoom(userId));
    if (typeof roomId !== "string") return roomId;
    return this.sendNotice(roomId, body, idempotencyKey);
  }

  /** Creates the DM, then invites: a failed invite leaves no half-made DM behind. */
  private async openDirectRoom(userId: UserId): Promise<RoomId | Exclude<MatrixOutcome, { ok: true }>> {
    const created = await attempt(
      () =>
        this.client.createRoom({
          preset: "trusted_private_chat",
          is_direct: true,
          initial_state: [ENCRYPTION_STATE, spaceParent(this.space.spaceId, this.space.serverName)],
        }) as Promise<string>,
    );
    if (!created.ok) return created;
    const roomId = created.value as RoomId;
    await this.addToSpace(roomId);
    const invited = await attempt(() =>
      this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, null, {
        user_id: userId,
        is_direct: true,
      }),
    );
    if (!invited.ok) {
      await attempt(() => this.client.leaveRoom(roomId));
      return invited;
    }
    await recordDirectRoom(this.db, { roomId, member: userId }, new Date());
    return roomId;
  }

  async removeMember(roomId: RoomId, userId: UserId, reason: string): Promise<MatrixOutcome> {
    const outcome = await attempt(() => this.client.kickUser(userId, roomId, reason));
    // Someone already gone needs no removing.
    return outcome.ok || outcome.error === "forbidden" || outcome.error === "not_found"
      ? ok(undefined)
      : outcome;
  }

  async openPeerRoom(
    peerRoomId: string,
    members: readonly UserId[],
  ): Promise<Result<PeerRoomOpening, MatrixFailure>> {
    const record = await loadPeerRoom(this.db, peerRoomId);
    if (record === undefined) return { ok: false, error: "rejected", message: `no peer room ${peerRoomId}` };
    let roomId = record.roomId;
    // Only a room resumed after a crash can already hold some of the members.
    let present = new Map<string, MemberState>();
    if (roomId === null) {
      const options = peerRoomCreation({
        peerRoomId,
        name: `${this.space.communityName}: peer room`,
        spaceId: this.space.spaceId,
        serverName: this.space.serverName,
      });
      const created = await attempt(() => this.client.createRoom(options) as Promise<string>);
      if (!created.ok) return created;
      roomId = created.value as RoomId;
      // Remember the room at once, so a retry after a crash finishes this room instead of making another.
      await setPeerRoomStatus(this.db, peerRoomId, { status: "opening", roomId }, new Date());
    } else {
      const members = await this.currentMembers(roomId);
      if (!members.ok) return members;
      present = members.value;
    }
    const room = roomId;
    // Invites (on several homeservers) and the space listing do not depend on each other: run them together.
    const [outcomes] = await Promise.all([
      Promise.all(
        members.map((userId) =>
          present.has(userId) ? Promise.resolve(undefined) : this.invite(room, userId),
        ),
      ),
      this.addToSpace(room),
    ]);
    const invited: UserId[] = [];
    const failed: { userId: UserId; reason: string }[] = [];
    members.forEach((userId, i) => {
      const reason = outcomes[i];
      if (reason === undefined) invited.push(userId);
      else failed.push({ userId, reason });
    });
    return ok({ roomId: room, invited, failed });
  }

  /** Invites one member; returns why not, if the homeserver refused. */
  private async invite(roomId: RoomId, userId: UserId): Promise<string | undefined> {
    // Synapse accepts an invite for a local user who does not exist; asking for the profile first tells.
    const profile = await attempt(() => this.client.getUserProfile(userId) as Promise<unknown>);
    if (!profile.ok && profile.error === "not_found") return `no such user (${profile.message})`;
    const outcome = await attempt(() => this.client.inviteUser(userId, roomId));
    return outcome.ok ? undefined : outcome.message;
  }

  /** Best effort: a room missing from the space is untidy, not broken. */
  private async addToSpace(roomId: RoomId): Promise<void> {
    await attempt(() =>
      this.client.sendStateEvent(this.space.spaceId, "m.space.child", roomId, {
        via: [this.space.serverName],
      }),
    );
  }
}
