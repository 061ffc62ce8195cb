import type { IssuerRoomContents } from "./attestations/attestation-room.ts";
import type { Attestation } from "./attestations/format.ts";
import type { DirectQuestion, EffectPorts, MatrixFailure, PeerRoomOpening } from "./capabilities.ts";
import { ok, type Result } from "./result.ts";
import type { RoomId, UserId } from "./ids.ts";

/** A Matrix effect a handler decided on; stored in the outbox in the same database transaction. */
export type Effect =
  | { readonly kind: "join"; readonly roomId: RoomId }
  | { readonly kind: "leave"; readonly roomId: RoomId }
  /** `sensitive`: the text holds a member's own words (goals, moods…); the outbox erases it once delivered. */
  | { readonly kind: "notice"; readonly roomId: RoomId; readonly body: string; readonly sensitive?: true }
  /** A message to a member in their DM with the bot, opening one if there is none yet. */
  | { readonly kind: "direct"; readonly userId: UserId; readonly body: string; readonly sensitive?: true }
  /** Puts a signed attestation into the community's public attestation room. */
  | { readonly kind: "publish_attestation"; readonly attestation: Attestation }
  /** Replaces a published attestation by its withdrawal (ISO time). */
  | { readonly kind: "publish_withdrawal"; readonly attestationId: string; readonly withdrawnAt: string }
  /** Reads what these issuers publish (their attestation rooms, over federation) to check a member's. */
  | { readonly kind: "read_attestations"; readonly userId: UserId; readonly issuers: readonly string[] }
  /** Creates (or finishes creating) a peer room and invites its members; its outcome feeds back to the domain. */
  | { readonly kind: "open_peer_room"; readonly peerRoomId: string; readonly members: readonly UserId[] }
  /** A question in the member's DM with tappable reaction choices (check-ins); its event ID feeds back. */
  | {
      readonly kind: "ask_direct";
      readonly userId: UserId;
      readonly questionId: string;
      readonly body: string;
      readonly choices: readonly string[];
    }
  /** Takes back an invite or removes a member (expired invites). */
  | {
      readonly kind: "remove_member";
      readonly roomId: RoomId;
      readonly userId: UserId;
      readonly reason: string;
    };

/** What an effect learned that the domain must record (most effects learn nothing). */
export type EffectReport =
  | {
      readonly kind: "peer_room_opened";
      readonly peerRoomId: string;
      readonly opening: PeerRoomOpening;
    }
  | { readonly kind: "direct_question_sent"; readonly questionId: string; readonly question: DirectQuestion }
  | { readonly kind: "attestation_published"; readonly attestationId: string; readonly withdrawn: boolean }
  | { readonly kind: "attestations_read"; readonly userId: UserId; readonly rooms: readonly IssuerRead[] };

/** One issuer's attestation room as read, or why it could not be. */
export interface IssuerRead {
  readonly issuer: string;
  readonly contents: Result<IssuerRoomContents, MatrixFailure>;
}

/** Effects sharing a key are delivered in order; a postponed one holds back the rest of its key. */
export function orderingKey(effect: Effect): string {
  switch (effect.kind) {
    case "direct":
    case "ask_direct":
      return effect.userId;
    case "open_peer_room":
      return `peer-room:${effect.peerRoomId}`;
    case "publish_attestation":
    case "publish_withdrawal":
      return "attestation-room";
    case "read_attestations":
      return `attestations-of:${effect.userId}`;
    default:
      return effect.roomId;
  }
}

export async function performEffect(
  ports: EffectPorts,
  effect: Effect,
  effectId: string,
): Promise<Result<EffectReport | undefined, MatrixFailure>> {
  switch (effect.kind) {
    case "join":
      return plain(await ports.joinRoom(effect.roomId));
    case "leave":
      return plain(await ports.leaveRoom(effect.roomId));
    case "notice":
      return plain(await ports.sendNotice(effect.roomId, effect.body, effectId));
    case "direct":
      return plain(await ports.sendDirect(effect.userId, effect.body, effectId));
    case "ask_direct": {
      const asked = await ports.askDirect(effect.userId, effect.body, effect.choices, effectId);
      return asked.ok
        ? ok({ kind: "direct_question_sent", questionId: effect.questionId, question: asked.value })
        : asked;
    }
    case "publish_attestation": {
      const published = await ports.publishAttestation(effect.attestation);
      return published.ok
        ? ok({ kind: "attestation_published", attestationId: effect.attestation.id, withdrawn: false })
        : published;
    }
    case "publish_withdrawal": {
      const at = new Date(effect.withdrawnAt);
      const published = await ports.publishWithdrawal(effect.attestationId, at);
      return published.ok
        ? ok({ kind: "attestation_published", attestationId: effect.attestationId, withdrawn: true })
        : published;
    }
    case "read_attestations": {
      const rooms: IssuerRead[] = [];
      for (const issuer of effect.issuers)
        rooms.push({ issuer, contents: await ports.readIssuerRoom(issuer) });
      return ok({ kind: "attestations_read", userId: effect.userId, rooms });
    }
    case "remove_member":
      return plain(await ports.removeMember(effect.roomId, effect.userId, effect.reason));
    case "open_peer_room": {
      const opened = await ports.openPeerRoom(effect.peerRoomId, effect.members);
      return opened.ok
        ? ok({ kind: "peer_room_opened", peerRoomId: effect.peerRoomId, opening: opened.value })
        : opened;
    }
  }
}

function plain(outcome: Result<void, MatrixFailure>): Result<undefined, MatrixFailure> {
  return outcome.ok ? ok(undefined) : outcome;
}
