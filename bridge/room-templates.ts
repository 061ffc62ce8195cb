/** The state every room the bot creates starts with. Nothing health-related ever goes into state: it is not encrypted. */

export const ENCRYPTION_STATE = {
  type: "m.room.encryption",
  state_key: "",
  content: { algorithm: "m.megolm.v1.aes-sha2" },
};

export interface InitialState {
  readonly type: string;
  readonly state_key: string;
  readonly content: Record<string, unknown>;
}

export function spaceParent(spaceId: string, serverName: string): InitialState {
  return { type: "m.space.parent", state_key: spaceId, content: { via: [serverName], canonical: true } };
}

// Call signalling and call membership must stay open to every peer, so voice and video work from any client.
const CALL_EVENTS = [
  "m.call.invite",
  "m.call.candidates",
  "m.call.answer",
  "m.call.hangup",
  "m.call.reject",
  "m.call.select_answer",
  "m.call.negotiate",
  "m.call.sdp_stream_metadata_changed",
  "m.call.member",
  "org.matrix.msc3401.call.member",
  "m.rtc.member",
  "im.vector.modular.widgets",
  "io.element.widgets.layout",
];

/**
 * Peers are equal (all at 0) and may talk, react and call; only the bot (the creator: privileged in room version
 * 12, 100 before) may invite, remove, rename, or touch encryption, history and join rules — so nobody can turn
 * encryption off or open the room up.
 */
export function peerRoomCreation(options: {
  peerRoomId: string;
  name: string;
  spaceId: string;
  serverName: string;
}): Record<string, unknown> {
  return {
    preset: "private_chat",
    visibility: "private",
    name: options.name,
    creation_content: { "org.kindred.peer_room": options.peerRoomId },
    initial_state: [
      ENCRYPTION_STATE,
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
      spaceParent(options.spaceId, options.serverName),
    ],
    power_level_content_override: {
      users_default: 0,
      events_default: 0,
      state_default: 100,
      invite: 100,
      kick: 100,
      ban: 100,
      redact: 50,
      events: {
        "m.room.encryption": 100,
        "m.room.power_levels": 100,
        "m.room.history_visibility": 100,
        "m.room.join_rules": 100,
        "m.room.guest_access": 100,
        "m.room.tombstone": 100,
        "m.room.server_acl": 100,
        "m.room.name": 100,
        "m.room.topic": 100,
        "m.room.avatar": 100,
        "m.reaction": 0,
        "m.room.redaction": 0,
        ...Object.fromEntries(CALL_EVENTS.map((type) => [type, 0])),
      },
    },
  };
}

export function spaceCreation(name: string, topic: string): Record<string, unknown> {
  return {
    preset: "private_chat",
    visibility: "private",
    name,
    topic,
    creation_content: { type: "m.space" },
    initial_state: [{ type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } }],
    power_level_content_override: { events_default: 100, state_default: 100, invite: 100 },
  };
}
