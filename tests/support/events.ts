import { randomBytes } from "node:crypto";

/** Raw Matrix events as a homeserver would put them in a transaction. */
export function rawTextEvent(
  roomId: string,
  sender: string,
  body: string,
  msgtype = "m.text",
): Record<string, unknown> {
  return {
    type: "m.room.message",
    event_id: `$${randomBytes(12).toString("base64url")}`,
    room_id: roomId,
    sender,
    origin_server_ts: Date.now(),
    content: { msgtype, body },
  };
}

export function rawMemberEvent(
  roomId: string,
  sender: string,
  target: string,
  membership: string,
  isDirect = false,
): Record<string, unknown> {
  return {
    type: "m.room.member",
    event_id: `$${randomBytes(12).toString("base64url")}`,
    room_id: roomId,
    sender,
    state_key: target,
    origin_server_ts: Date.now(),
    content: isDirect ? { membership, is_direct: true } : { membership },
  };
}
