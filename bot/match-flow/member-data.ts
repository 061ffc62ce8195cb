import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { circleInvitationsOf } from "./circle-invitations-store.ts";
import { heldRoles } from "./roles-store.ts";
import { loadMatchStatus } from "./status-store.ts";
import { suggestionsOf } from "./suggestions-store.ts";

/**
 * The member's matching data for "My data": status, blocks, suggestions, circle invitations (their own part),
 * pairings with their own feedback.
 */
export async function exportMatchingData(db: Kysely<Database>, cipher: MemberCipher, memberId: MemberId) {
  const blocked = await db
    .selectFrom("match_blocks")
    .leftJoin("members", "members.id", "match_blocks.blocked_id")
    .select(["members.user_id", "match_blocks.created_at"])
    .where("match_blocks.member_id", "=", memberId)
    .execute();
  const parts = await db
    .selectFrom("pairing_members as m")
    .innerJoin("pairings as p", "p.id", "m.pairing_id")
    .select([
      "p.kind",
      "p.status",
      "p.started_at",
      "p.ended_at",
      "m.outcome",
      "m.feedback_note_sealed",
      "m.again_at",
    ])
    .where("m.member_id", "=", memberId)
    .orderBy("p.started_at")
    .execute();
  const status = await loadMatchStatus(db, memberId);
  return {
    status:
      status === undefined ? null : { ...status, waitingSince: status.waitingSince?.toISOString() ?? null },
    roles: (await heldRoles(db, memberId)).map((r) => ({
      role: r.role,
      source: r.source,
      capacity: r.capacity,
    })),
    blocked: blocked.map((b) => ({ userId: b.user_id, since: b.created_at })),
    suggestions: (await suggestionsOf(db, cipher, memberId)).map((s) => ({
      number: s.numbers[s.members.indexOf(memberId)] ?? 0,
      kind: s.kind,
      state: s.state,
      reasons: s.reasons,
      createdAt: s.createdAt.toISOString(),
    })),
    circleInvitations: (await circleInvitationsOf(db, cipher, memberId)).flatMap((c) => {
      const mine = c.members.find((m) => m.memberId === memberId);
      if (mine === undefined) return [];
      return [
        {
          number: mine.number,
          experience: c.experience,
          stage: mine.stage,
          size: c.members.length,
          state: c.state,
          answer: mine.answer,
          createdAt: c.createdAt.toISOString(),
        },
      ];
    }),
    pairings: parts.map((p) => ({
      kind: p.kind,
      status: p.status,
      startedAt: p.started_at,
      endedAt: p.ended_at,
      feedback: p.outcome,
      note: p.feedback_note_sealed === null ? null : cipher.open(p.feedback_note_sealed),
      askedAgainAt: p.again_at,
    })),
  };
}

export type MatchingExport = Awaited<ReturnType<typeof exportMatchingData>>;

/** Erases the member's matching data (account deletion); blocks others set on them go too. */
export async function eraseMatchingData(db: Kysely<Database>, memberId: MemberId): Promise<void> {
  await db.deleteFrom("pairing_members").where("member_id", "=", memberId).execute();
  await db.deleteFrom("circle_invitation_members").where("member_id", "=", memberId).execute();
  await db
    .deleteFrom("suggestions")
    .where((eb) => eb.or([eb("member_a", "=", memberId), eb("member_b", "=", memberId)]))
    .execute();
  await db
    .deleteFrom("match_blocks")
    .where((eb) => eb.or([eb("member_id", "=", memberId), eb("blocked_id", "=", memberId)]))
    .execute();
  await db.deleteFrom("match_status").where("member_id", "=", memberId).execute();
  await db.deleteFrom("member_roles").where("member_id", "=", memberId).execute();
}
