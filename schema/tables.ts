import type { Generated, Insertable, Selectable } from "kysely";

/** Timestamps are ISO-8601 strings in UTC: the same text on SQLite and PostgreSQL. */
export type Timestamp = string;

/** One row per appservice transaction accepted, scoped to the homeserver instance that numbered it. */
export interface AppserviceTransactionTable {
  homeserver_instance: string;
  txn_id: string;
  event_count: number;
  received_at: Timestamp;
}

export type InboxStatus = "pending" | "done" | "failed";

/** Events waiting for their handler. Content is erased once handled: only the effect's record remains. */
export interface InboxTable {
  seq: Generated<number>;
  event_id: string;
  room_id: string;
  event_type: string;
  event_json: string | null;
  status: InboxStatus;
  received_at: Timestamp;
  handled_at: Timestamp | null;
  error: string | null;
}

export type OutboxStatus = "pending" | "done" | "failed";

/** Matrix effects decided by a handler, delivered (idempotently, by effect_id) after their decision committed. */
export interface OutboxTable {
  seq: Generated<number>;
  effect_id: string;
  kind: string;
  payload_json: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

/** Rooms a member opened with the bot as a direct message. */
export interface DirectRoomTable {
  room_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface Database {
  appservice_transactions: AppserviceTransactionTable;
  inbox: InboxTable;
  outbox: OutboxTable;
  direct_rooms: DirectRoomTable;
}

export type InboxRow = Selectable<InboxTable>;
export type NewInboxRow = Insertable<InboxTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type DirectRoomRow = Selectable<DirectRoomTable>;
