import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { RoomId, UserId } from "../ids.ts";

export interface DirectRoom {
  readonly roomId: RoomId;
  readonly member: UserId;
}

export async function recordDirectRoom(db: Kysely<Database>, room: DirectRoom, at: Date): Promise<void> {
  await db
    .insertInto("direct_rooms")
    .values({ room_id: room.roomId, user_id: room.member, created_at: at.toISOString() })
    .onConflict((oc) => oc.column("room_id").doUpdateSet({ user_id: room.member }))
    .execute();
}

export async function findDirectRoom(db: Kysely<Database>, roomId: RoomId): Promise<DirectRoom | undefined> {
  const row = await db
    .selectFrom("direct_rooms")
    .select(["room_id", "user_id"])
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  return row && { roomId: row.room_id as RoomId, member: row.user_id as UserId };
}

export async function forgetDirectRoom(db: Kysely<Database>, roomId: RoomId): Promise<void> {
  await db.deleteFrom("direct_rooms").where("room_id", "=", roomId).execute();
}

/** The member's most recent DM with the bot, if any. */
export async function findDirectRoomOf(
  db: Kysely<Database>,
  member: UserId,
): Promise<DirectRoom | undefined> {
  const row = await db
    .selectFrom("direct_rooms")
    .select(["room_id", "user_id"])
    .where("user_id", "=", member)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && { roomId: row.room_id as RoomId, member: row.user_id as UserId };
}
