import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { RoomId } from "../ids.ts";
import type { Member } from "../onboarding/members-store.ts";

/** At the member's request only: a short note in each open peer room they are in, and nothing about why. */
export async function tellPeers(db: Kysely<Database>, member: Member, replyTo: RoomId): Promise<Effect[]> {
  const rooms = await db
    .selectFrom("peer_room_members")
    .innerJoin("peer_rooms", "peer_rooms.id", "peer_room_members.peer_room_id")
    .select("peer_rooms.room_id")
    .where("peer_room_members.user_id", "=", member.userId)
    .where("peer_room_members.state", "=", "joined")
    .where("peer_rooms.status", "=", "open")
    .execute();
  const roomIds = rooms.flatMap((row) => (row.room_id === null ? [] : [row.room_id as RoomId]));
  if (roomIds.length === 0)
    return [
      {
        kind: "notice",
        roomId: replyTo,
        body: "You are not in a peer room at the moment, so there is nobody I can tell yet.",
      },
    ];
  return [
    ...roomIds.map((roomId): Effect => ({
      kind: "notice",
      roomId,
      body: `${member.userId} would welcome a message from you when you have a moment.`,
    })),
    { kind: "notice", roomId: replyTo, body: "Done: I let your peer know you would welcome a message." },
  ];
}
