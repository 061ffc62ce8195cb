import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import { eraseCheckinData, listMoods, type Mood } from "../checkins/moods-store.ts";
import { requestDirectMessage } from "../direct-messages.ts";
import { eraseMatchingData, exportMatchingData, type MatchingExport } from "../match-flow/member-data.ts";
import { deleteGoalsOf, listGoals, type Goal } from "../goals/goal-store.ts";
import { weeklySummaryWanted } from "../progress/summary-store.ts";
import type { RoomId } from "../ids.ts";
import {
  eraseRecognitionData,
  exportRecognitionData,
  type RecognitionExport,
} from "../recognition/member-data.ts";
import { enqueueEffects } from "../stores/outbox.ts";
import { consentsOf } from "./consents-store.ts";
import type { MemberCipher } from "./member-cipher.ts";
import { markOnboarded, type Member } from "./members-store.ts";
import { eraseMessagesTo } from "./outbox-erasure.ts";
import { loadProfile } from "./profiles-store.ts";
import type { OpenedProfile } from "./profile.ts";

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
  readonly profile: OpenedProfile | null;
  readonly directRooms: readonly string[];
  readonly matching: MatchingExport;
  readonly moods: readonly Mood[];
  readonly goals: readonly Goal[];
  readonly weeklySummary: boolean;
  readonly recognition: RecognitionExport;
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
    matching: await exportMatchingData(db, cipher, member.id),
    moods: await listMoods(db, cipher, member.id, new Date(0)),
    goals: await listGoals(db, cipher, { memberId: member.id }),
    weeklySummary: await weeklySummaryWanted(db, member.id),
    recognition: await exportRecognitionData(db, member),
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
    await eraseMatchingData(trx, member.id);
    await eraseCheckinData(trx, member.id);
    await deleteGoalsOf(trx, member.id);
    await enqueueEffects(
      trx,
      `account-deleted:${member.id}:attestations`,
      await eraseRecognitionData(trx, member, now),
      now,
    );
    await trx.deleteFrom("profiles").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("consents").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("web_sessions").where("member_id", "=", member.id).execute();
    await trx.deleteFrom("signin_codes").where("user_id", "=", member.userId).execute();
    await trx.deleteFrom("members").where("id", "=", member.id).execute();
  });
  deps.wakeOutbox();
}
