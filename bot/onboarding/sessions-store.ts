import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { toMember, type Member, type MemberId } from "./members-store.ts";

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

const hashOf = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** Starts a session; the returned token goes into the (signed) cookie, only its hash is stored. */
export async function createSession(db: Kysely<Database>, memberId: MemberId, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("web_sessions")
    .values({
      token_hash: hashOf(token),
      member_id: memberId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
    })
    .execute();
  return token;
}

export interface LiveSession {
  readonly member: Member;
  readonly expiresAt: Date;
}

/** The member a live session belongs to and when the session ends, in one query (it runs on page views). */
export async function liveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom("web_sessions")
    .innerJoin("members", "members.id", "web_sessions.member_id")
    .select([
      "members.id",
      "members.user_id",
      "members.created_at",
      "members.onboarded_at",
      "web_sessions.expires_at",
    ])
    .where("web_sessions.token_hash", "=", hashOf(token))
    .where("web_sessions.expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row && { member: toMember(row), expiresAt: new Date(row.expires_at) };
}

export async function sessionMember(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<Member | undefined> {
  return (await liveSession(db, token, now))?.member;
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("web_sessions").where("token_hash", "=", hashOf(token)).execute();
}
