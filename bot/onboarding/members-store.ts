import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";

export type MemberId = string & { readonly __brand: "MemberId" };

export interface Member {
  readonly id: MemberId;
  readonly userId: UserId;
  readonly createdAt: Date;
  readonly onboardedAt: Date | null;
}

type MemberRow = Database["members"];

export function toMember(row: MemberRow): Member {
  return {
    id: row.id as MemberId,
    userId: row.user_id as UserId,
    createdAt: new Date(row.created_at),
    onboardedAt: row.onboarded_at === null ? null : new Date(row.onboarded_at),
  };
}

/** The member with this Matrix ID, created on first sign-in. */
export async function findOrCreateMember(db: Kysely<Database>, userId: UserId, now: Date): Promise<Member> {
  await db
    .insertInto("members")
    .values({
      id: randomBytes(12).toString("base64url"),
      user_id: userId,
      created_at: now.toISOString(),
      onboarded_at: null,
    })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  const row = await db
    .selectFrom("members")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return toMember(row);
}

export async function findMember(db: Kysely<Database>, id: MemberId): Promise<Member | undefined> {
  const row = await db.selectFrom("members").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toMember(row);
}

export async function findMemberByUserId(db: Kysely<Database>, userId: UserId): Promise<Member | undefined> {
  const row = await db.selectFrom("members").selectAll().where("user_id", "=", userId).executeTakeFirst();
  return row && toMember(row);
}

/** Returns true only the first time, so the welcome is sent once. */
export async function markOnboarded(db: Kysely<Database>, id: MemberId, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable("members")
    .set({ onboarded_at: now.toISOString() })
    .where("id", "=", id)
    .where("onboarded_at", "is", null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}
