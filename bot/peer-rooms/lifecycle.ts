import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { PeerRoomOpening } from "../capabilities.ts";
import type { Effect } from "../effects.ts";
import type { MembershipChange } from "../events.ts";
import type { UserId } from "../ids.ts";
import {
  couldNotReach,
  inviteExpired,
  inviteReminder,
  peerDeclined,
  peerLeft,
  shortName,
  welcome,
} from "./messages.ts";
import type { PeerRoomSettings } from "./settings.ts";
import {
  findPeerRoomByRoomId,
  loadPeerRoom,
  markReminded,
  peerMembers,
  setMemberState,
  setPeerRoomStatus,
  staleInvites,
  type PeerMember,
  type PeerRoom,
} from "./store.ts";

const STILL_IN = new Set(["pending", "invited", "joined"]);

/** Records who could be invited; a pair (or a circle left with fewer than two) that lost someone is closed. */
export async function onPeerRoomOpened(
  db: Kysely<Database>,
  peerRoomId: string,
  opening: PeerRoomOpening,
  now: Date,
): Promise<Effect[]> {
  await setPeerRoomStatus(db, peerRoomId, { status: "open", roomId: opening.roomId }, now);
  for (const userId of opening.invited) await setMemberState(db, peerRoomId, userId, "invited", now);
  for (const { userId, reason } of opening.failed)
    await setMemberState(db, peerRoomId, userId, "failed", now, reason);
  if (opening.failed.length === 0) return [];
  const reachable = opening.invited;
  if (reachable.length >= 2) return [];
  const reason = opening.failed.map((f) => `${f.userId}: ${f.reason}`).join("; ");
  await setPeerRoomStatus(db, peerRoomId, { status: "failed", reason }, now);
  const names = opening.failed.map((f) => shortName(f.userId));
  return [
    ...reachable.map((userId): Effect => ({ kind: "direct", userId, body: couldNotReach(names) })),
    ...reachable.map((userId): Effect => ({
      kind: "remove_member",
      roomId: opening.roomId,
      userId,
      reason: "peer room closed",
    })),
    { kind: "leave", roomId: opening.roomId },
  ];
}

/** Joins, declines and leaves in a peer room; `undefined` if the room is not one. */
export async function onPeerMembership(
  db: Kysely<Database>,
  settings: PeerRoomSettings,
  event: MembershipChange,
  now: Date,
): Promise<Effect[] | undefined> {
  const room = await findPeerRoomByRoomId(db, event.roomId);
  if (room === undefined) return undefined;
  const members = await peerMembers(db, room.id);
  const member = members.find((m) => m.userId === event.target);
  if (member === undefined || room.status !== "open") return [];
  if (event.membership === "join" && member.state !== "joined") {
    await setMemberState(db, room.id, member.userId, "joined", now);
    const purpose = room.purposeSealed === null ? "" : (settings.open(room.purposeSealed) ?? "");
    return [
      {
        kind: "notice",
        roomId: event.roomId,
        body: welcome(settings.texts, shortName(member.userId), purpose),
      },
    ];
  }
  if (event.membership !== "leave" && event.membership !== "ban") return [];
  if (member.state !== "invited" && member.state !== "joined") return [];
  const declined = member.state === "invited";
  await setMemberState(db, room.id, member.userId, declined ? "declined" : "left", now);
  return departed(db, room, members, member, now, (closing) =>
    (declined ? peerDeclined : peerLeft)(shortName(member.userId), closing),
  );
}

/** Reminds once, then expires, invites nobody answered. */
export async function sweepInvites(
  db: Kysely<Database>,
  settings: PeerRoomSettings,
  now: Date,
): Promise<Effect[]> {
  const effects: Effect[] = [];
  const expiryCutoff = new Date(now.getTime() - settings.inviteExpiryAfterMs);
  for (const stale of await staleInvites(db, new Date(now.getTime() - settings.inviteReminderAfterMs))) {
    const room = await loadPeerRoom(db, stale.peerRoomId);
    if (room === undefined) continue;
    const members = await peerMembers(db, room.id);
    const invitedAt = await db
      .selectFrom("peer_room_members")
      .select("invited_at")
      .where("peer_room_id", "=", room.id)
      .where("user_id", "=", stale.userId)
      .executeTakeFirst();
    const expired = invitedAt?.invited_at != null && invitedAt.invited_at < expiryCutoff.toISOString();
    if (expired) {
      await setMemberState(db, room.id, stale.userId, "expired", now);
      const member = { userId: stale.userId, state: "expired" as const };
      effects.push({
        kind: "remove_member",
        roomId: stale.roomId,
        userId: stale.userId,
        reason: "invite expired",
      });
      effects.push(
        ...(await departed(db, room, members, member, now, (closing) =>
          inviteExpired(shortName(stale.userId), closing),
        )),
      );
    } else if (!stale.reminded) {
      await markReminded(db, room.id, stale.userId, now);
      effects.push({
        kind: "direct",
        userId: stale.userId,
        body: inviteReminder(settings.texts.communityName),
      });
    }
  }
  return effects;
}

/** After someone is gone: tell the others kindly; close the room if fewer than two remain. */
async function departed(
  db: Kysely<Database>,
  room: PeerRoom,
  before: readonly PeerMember[],
  gone: PeerMember,
  now: Date,
  say: (closing: boolean) => string,
): Promise<Effect[]> {
  const remaining: UserId[] = before
    .filter((m) => m.userId !== gone.userId && STILL_IN.has(m.state))
    .map((m) => m.userId);
  const closing = remaining.length < 2;
  if (closing)
    await setPeerRoomStatus(db, room.id, { status: "closed", reason: `${gone.userId} ${gone.state}` }, now);
  if (room.roomId === null) return [];
  return [{ kind: "notice", roomId: room.roomId, body: say(closing) }];
}
