/** Branded Matrix identifiers: past the boundary, IDs are never bare strings. */
export type UserId = string & { readonly __brand: "UserId" };
export type RoomId = string & { readonly __brand: "RoomId" };
export type EventId = string & { readonly __brand: "EventId" };

// The spec caps identifiers at 255 bytes; the server part may carry a port, so split at the first ':'.
const MAX_ID_LENGTH = 255;

export function parseUserId(value: string): UserId | undefined {
  if (value.length > MAX_ID_LENGTH || !value.startsWith("@")) return undefined;
  const colon = value.indexOf(":");
  if (colon < 2 || colon === value.length - 1) return undefined;
  return value as UserId;
}

export function parseRoomId(value: string): RoomId | undefined {
  // Room versions 12+ have IDs without a server part, so only the sigil and length are certain.
  if (value.length > MAX_ID_LENGTH || !value.startsWith("!") || value.length < 2) return undefined;
  return value as RoomId;
}

export function parseEventId(value: string): EventId | undefined {
  if (value.length > MAX_ID_LENGTH || !value.startsWith("$") || value.length < 2) return undefined;
  return value as EventId;
}

export function serverNameOf(userId: UserId): string {
  return userId.slice(userId.indexOf(":") + 1);
}

export function localpartOf(userId: UserId): string {
  return userId.slice(1, userId.indexOf(":"));
}

export function makeUserId(localpart: string, serverName: string): UserId {
  const id = parseUserId(`@${localpart}:${serverName}`);
  if (id === undefined) throw new Error(`not a valid Matrix user ID: @${localpart}:${serverName}`);
  return id;
}
