import type { EventId, RoomId, UserId } from "./ids.ts";

/** The Matrix events the bot acts on, decoded at the boundary. Everything else is never stored. */
export type InboundEvent = TextMessage | MembershipChange | Reaction | EncryptedEvent;

interface EventBase {
  readonly eventId: EventId;
  readonly roomId: RoomId;
  readonly sender: UserId;
  readonly originServerTs: number;
}

export interface TextMessage extends EventBase {
  readonly kind: "text";
  readonly msgtype: "m.text" | "m.notice" | "m.emote";
  readonly body: string;
}

/** An `m.reaction` (annotation) on an event, e.g. a tap on a check-in's 1️⃣…5️⃣. */
export interface Reaction extends EventBase {
  readonly kind: "reaction";
  readonly relatesTo: EventId;
  readonly key: string;
}

export type Membership = "invite" | "join" | "leave" | "ban" | "knock";

export interface MembershipChange extends EventBase {
  readonly kind: "membership";
  readonly target: UserId;
  readonly membership: Membership;
  /** The inviter marked the room as a direct message (`is_direct` in the invite). */
  readonly isDirect: boolean;
}

/**
 * An end-to-end-encrypted event, kept as the homeserver sent it (ciphertext only) until the bot's device decrypts
 * it; the plaintext is handled in memory and never stored.
 */
export interface EncryptedEvent extends EventBase {
  readonly kind: "encrypted";
  readonly raw: Readonly<Record<string, unknown>>;
}
