import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { requestDirectMessage } from "../direct-messages.ts";
import { deleteGoalsOf, listGoals, type Goal } from "../goals/goal-store.ts";
import type { RoomId } from "../ids.ts";
import { enqueueEffects } from "../stores/outbox.ts";
import { consentsOf } from "./consents-store.ts";
import type { MemberCipher } from "./member-cipher.ts";
import { markOnboarded, type Member } from "./members-store.ts";
import { eraseMessagesTo } from "./outbox-erasure.ts";
import { loadProfile } from "./profiles-store.ts";
import type { Profile } from "./profile.ts";

/** Marks onboarding complete and, the first time only, has the bot greet the member in their DM. */
export async function completeOnboarding(
  deps: { readonly db: Kysely<Database>; readonly now: () => Date; readonly wakeOutbox: () => void },
  member: Member,
  welcome: string,
): Promise<void> {
  const now = deps.now();
  if (!(await markOnboarded(deps.db, member.id, now))) return;
  await requestDirectMessage(
    deps.db,
    { to: member.userId, body: welcome, idempotencyKey: `welcome:${member.id}` },
    now,
  );
  deps.wakeOutbox();
}

export interface MemberExport {
  readonly kind: "kindred-member-export";
  readonly exportedAt: string;
  readonly member: {
    readonly userId: string;
    readonly createdAt: string;
    readonly onboardedAt: string | null;
  };
  readonly consents: readonly { readonly id: string; readonly version: string; readonly agreedAt: string }[];
  readonly profile: Profile | null;
  readonly directRooms: readonly string[];
  readonly goals: readonly Goal[];
}

/** Everything Kindred holds about a member, opened, in one JSON-ready value. */
export async function exportMemberData(
  db: Kysely<Database>,
  cipher: MemberCipher,
  member: Member,
  now: Date,
): Promise<MemberExport> {
  const rooms = await db
    .selectFrom("direct_rooms")
    .select("room_id")
    .where("user_id", "=", member.userId)
    .execute();
  return {
    kind: "kindred-member-export",
    exportedAt: now.toISOString(),
    member: {
      userId: member.userId,
      createdAt: member.createdAt.toISOString(),
      onboardedAt: member.onboardedAt?.toISOString() ?? null,
    },
    consents: (await consentsOf(db, member.id)).map((c) => ({
      id: c.id,
      version: c.version,
      agreedAt: c.agreedAt.toISOString(),
    })),
    profile: (await loadProfile(db, cipher, member.id)) ?? null,
    directRooms: rooms.map((r) => r.room_id),
    goals: await listGoals(db, cipher, { memberId: member.id }),
  };
}

/**
 * Erases the member (profile, consents, sessions, codes, messages queued to them) in one transaction and has
 * the bot leave their DMs.
 */
export async function deleteAccount(
  deps: { readonly db: Kysely<Database>; readonly now: () => Date; readonly wakeOutbox: () => void },
  member: Member,
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await eraseMessagesTo(trx, member.userId);
    const rooms = await trx
      .selectFrom("direct_rooms")
      .select("room_id")
      .where("user_id", "=", member.userId)
      .execute();
    await enqueueEffects(
      trx,
      `account-deleted:${member.id}`,
      rooms.map((r) => ({ kind: "leave" as const, roomId: r.room_id as RoomId })),
      now,
    );
    await trx.deleteFrom("direct_rooms").where("user_id", "=", member.userId).execute();
    await deleteGoalsOf(trx, member.id);
    await trx.deleteFrom("profiles").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("consents").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("web_sessions").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("signin_codes").where("user_id", "=", member.userId).execute();
    await trx.deleteFrom("members").where("id", "=", member.id).execute();
  });
  deps.wakeOutbox();
}
