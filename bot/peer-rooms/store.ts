import type { Kysely } from "kysely";
import type { Database, PeerMemberState, PeerRoomKind, PeerRoomStatus } from "../../schema/index.ts";
import type { RoomId, UserId } from "../ids.ts";

export interface PeerRoom {
  readonly id: string;
  readonly purposeSealed: string | null;
  readonly kind: PeerRoomKind;
  readonly status: PeerRoomStatus;
  readonly roomId: RoomId | null;
  readonly reason: string | null;
}

export interface PeerMember {
  readonly userId: UserId;
  readonly state: PeerMemberState;
}

export async function insertPeerRoom(
  db: Kysely<Database>,
  room: { id: string; kind: PeerRoomKind; members: readonly UserId[]; purposeSealed: string | null },
  at: Date,
): Promise<void> {
  const now = at.toISOString();
  await db
    .insertInto("peer_rooms")
    .values({
      id: room.id,
      kind: room.kind,
      status: "opening",
      room_id: null,
      purpose_sealed: room.purposeSealed,
      reason: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("peer_room_members")
    .values(
      room.members.map((userId) => ({
        peer_room_id: room.id,
        user_id: userId,
        state: "pending" as const,
        invited_at: null,
        reminded_at: null,
        joined_at: null,
        left_at: null,
        reason: null,
      })),
    )
    .execute();
}

interface PeerRoomRow {
  id: string;
  kind: PeerRoomKind;
  status: PeerRoomStatus;
  room_id: string | null;
  purpose_sealed: string | null;
  reason: string | null;
}

function toPeerRoom(row: PeerRoomRow): PeerRoom {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    roomId: row.room_id as RoomId | null,
    purposeSealed: row.purpose_sealed,
    reason: row.reason,
  };
}

const PEER_ROOM_COLUMNS = ["id", "kind", "status", "room_id", "purpose_sealed", "reason"] as const;

export async function loadPeerRoom(db: Kysely<Database>, id: string): Promise<PeerRoom | undefined> {
  const row = await db
    .selectFrom("peer_rooms")
    .select(PEER_ROOM_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toPeerRoom(row);
}

export async function findPeerRoomByRoomId(
  db: Kysely<Database>,
  roomId: RoomId,
): Promise<PeerRoom | undefined> {
  const row = await db
    .selectFrom("peer_rooms")
    .select(PEER_ROOM_COLUMNS)
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  return row && toPeerRoom(row);
}

export async function peerMembers(db: Kysely<Database>, id: string): Promise<PeerMember[]> {
  const rows = await db
    .selectFrom("peer_room_members")
    .select(["user_id", "state"])
    .where("peer_room_id", "=", id)
    .orderBy("user_id")
    .execute();
  return rows.map((row) => ({ userId: row.user_id as UserId, state: row.state }));
}

export async function setPeerRoomStatus(
  db: Kysely<Database>,
  id: string,
  change: { status: PeerRoomStatus; reason?: string; roomId?: RoomId },
  at: Date,
): Promise<void> {
  await db
    .updateTable("peer_rooms")
    .set({
      status: change.status,
      updated_at: at.toISOString(),
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...(change.roomId === undefined ? {} : { room_id: change.roomId }),
    })
    .where("id", "=", id)
    .execute();
}

export async function setMemberState(
  db: Kysely<Database>,
  id: string,
  userId: UserId,
  state: PeerMemberState,
  at: Date,
  reason?: string,
): Promise<void> {
  const time = at.toISOString();
  await db
    .updateTable("peer_room_members")
    .set({
      state,
      ...(state === "invited" ? { invited_at: time } : {}),
      ...(state === "joined" ? { joined_at: time } : {}),
      ...(state === "left" || state === "declined" || state === "expired" ? { left_at: time } : {}),
      ...(reason === undefined ? {} : { reason }),
    })
    .where("peer_room_id", "=", id)
    .where("user_id", "=", userId)
    .execute();
}

export async function markReminded(
  db: Kysely<Database>,
  id: string,
  userId: UserId,
  at: Date,
): Promise<void> {
  await db
    .updateTable("peer_room_members")
    .set({ reminded_at: at.toISOString() })
    .where("peer_room_id", "=", id)
    .where("user_id", "=", userId)
    .execute();
}

export interface StaleInvite {
  readonly peerRoomId: string;
  readonly roomId: RoomId;
  readonly userId: UserId;
  readonly reminded: boolean;
}

/** Invites to open peer rooms sent before `before` and still not answered. */
export async function staleInvites(db: Kysely<Database>, before: Date): Promise<StaleInvite[]> {
  const rows = await db
    .selectFrom("peer_room_members as m")
    .innerJoin("peer_rooms as r", "r.id", "m.peer_room_id")
    .select(["m.peer_room_id", "r.room_id", "m.user_id", "m.reminded_at"])
    .where("m.state", "=", "invited")
    .where("r.status", "=", "open")
    .where("m.invited_at", "<", before.toISOString())
    .execute();
  return rows.flatMap((row) =>
    row.room_id === null
      ? []
      : [
          {
            peerRoomId: row.peer_room_id,
            roomId: row.room_id as RoomId,
            userId: row.user_id as UserId,
            reminded: row.reminded_at !== null,
          },
        ],
  );
}
