import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type {
  CircleAnswer,
  CircleInvitationOutcome,
  CircleInvitationState,
  Database,
} from "../../schema/index.ts";
import type { Stage } from "../matching/types.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** One invited member's part: their number for the invitation, their stage and role, and their answer. */
export interface InvitedMember {
  readonly memberId: MemberId;
  /** Their short number ("accept 4"), from the same sequence as their suggestions' numbers. */
  readonly number: number;
  readonly stage: Stage;
  /** Offers support (the profile's role is not "seeking"). */
  readonly supporter: boolean;
  readonly answer: CircleAnswer | null;
  readonly answeredAt: Date | null;
}

/** A stored circle invitation, opened; `members` in member ID order. */
export interface StoredCircleInvitation {
  readonly id: string;
  readonly state: CircleInvitationState;
  /** The experience the circle shares (a taxonomy ID). */
  readonly experience: string;
  readonly version: number;
  readonly outcome: CircleInvitationOutcome | null;
  readonly pairingId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly decidedAt: Date | null;
  readonly members: readonly InvitedMember[];
}

export interface NewCircleInvitation {
  readonly experience: string;
  readonly members: readonly {
    readonly id: MemberId;
    readonly stage: Stage;
    readonly supporter: boolean;
  }[];
  readonly expiresAt: Date;
}

type InvitationRow = Database["circle_invitations"];
type MemberRow = Database["circle_invitation_members"];

function toInvitation(
  row: InvitationRow,
  members: readonly MemberRow[],
  cipher: MemberCipher,
): StoredCircleInvitation {
  return {
    id: row.id,
    state: row.state,
    experience: cipher.open(row.experience_sealed),
    version: Number(row.version),
    outcome: row.outcome,
    pairingId: row.pairing_id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    members: members
      .filter((m) => m.invitation_id === row.id)
      .map((m) => {
        const part = JSON.parse(cipher.open(m.part_sealed)) as { stage: Stage; supporter: boolean };
        return {
          memberId: m.member_id as MemberId,
          number: Number(m.number),
          stage: part.stage,
          supporter: part.supporter,
          answer: m.answer,
          answeredAt: m.answered_at === null ? null : new Date(m.answered_at),
        };
      })
      .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0)),
  };
}

async function withMembers(
  db: Kysely<Database>,
  cipher: MemberCipher,
  rows: readonly InvitationRow[],
): Promise<StoredCircleInvitation[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom("circle_invitation_members")
    .selectAll()
    .where(
      "invitation_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((row) => toInvitation(row, members, cipher));
}

/** Stores an invitation and its members; `numbers` hands out each member's next short number. */
export async function insertCircleInvitation(
  db: Kysely<Database>,
  cipher: MemberCipher,
  invitation: NewCircleInvitation,
  now: Date,
  numbers: (memberId: MemberId) => number,
): Promise<StoredCircleInvitation> {
  const row: InvitationRow = {
    id: randomUUID(),
    state: "invited",
    experience_sealed: cipher.seal(invitation.experience),
    version: 0,
    outcome: null,
    pairing_id: null,
    created_at: now.toISOString(),
    expires_at: invitation.expiresAt.toISOString(),
    decided_at: null,
  };
  const members: MemberRow[] = [...invitation.members]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m) => ({
      invitation_id: row.id,
      member_id: m.id,
      number: numbers(m.id),
      part_sealed: cipher.seal(JSON.stringify({ stage: m.stage, supporter: m.supporter })),
      answer: null,
      answered_at: null,
    }));
  await db.insertInto("circle_invitations").values(row).execute();
  await db.insertInto("circle_invitation_members").values(members).execute();
  return toInvitation(row, members, cipher);
}

export async function loadCircleInvitation(
  db: Kysely<Database>,
  cipher: MemberCipher,
  id: string,
): Promise<StoredCircleInvitation | undefined> {
  const row = await db.selectFrom("circle_invitations").selectAll().where("id", "=", id).executeTakeFirst();
  return row && (await withMembers(db, cipher, [row]))[0];
}

/** A member's circle invitations, newest first; `states` narrows them (e.g. `["invited"]`). */
export async function circleInvitationsOf(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  states?: readonly CircleInvitationState[],
): Promise<StoredCircleInvitation[]> {
  let query = db
    .selectFrom("circle_invitations as i")
    .innerJoin("circle_invitation_members as m", "m.invitation_id", "i.id")
    .selectAll("i")
    .where("m.member_id", "=", memberId);
  if (states !== undefined) query = query.where("i.state", "in", states);
  const rows = await query.orderBy("i.created_at", "desc").orderBy("i.id").execute();
  return withMembers(db, cipher, rows);
}

/** Invitations still waiting for answers whose deadline has passed. */
export async function overdueCircleInvitations(
  db: Kysely<Database>,
  cipher: MemberCipher,
  now: Date,
): Promise<StoredCircleInvitation[]> {
  const rows = await db
    .selectFrom("circle_invitations")
    .selectAll()
    .where("state", "=", "invited")
    .where("expires_at", "<=", now.toISOString())
    .orderBy("expires_at")
    .orderBy("id")
    .execute();
  return withMembers(db, cipher, rows);
}

/**
 * Takes the invitation's row for this transaction by bumping its version, only while it is still open: on
 * PostgreSQL a second answer at the same time waits here until the first commits, then reads its answer, so
 * "everyone has answered" is never missed by two answers that each saw only their own. False once it closed.
 */
export async function lockCircleInvitation(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable("circle_invitations")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", id)
    .where("state", "=", "invited")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a member's answer, only if it is still `from` (compare-and-set); false when it was not. */
export async function recordCircleAnswer(
  db: Kysely<Database>,
  invitationId: string,
  memberId: MemberId,
  from: CircleAnswer | null,
  to: CircleAnswer,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("circle_invitation_members")
    .set({ answer: to, answered_at: now.toISOString() })
    .where("invitation_id", "=", invitationId)
    .where("member_id", "=", memberId)
    .where((eb) => (from === null ? eb("answer", "is", null) : eb("answer", "=", from)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Closes an open invitation (room opened, or not going ahead and why); false when it was closed already. */
export async function closeCircleInvitation(
  db: Kysely<Database>,
  id: string,
  close:
    | { readonly state: "opened"; readonly pairingId: string }
    | { readonly state: "closed"; readonly outcome: CircleInvitationOutcome },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("circle_invitations")
    .set({
      state: close.state,
      ...(close.state === "opened" ? { pairing_id: close.pairingId } : { outcome: close.outcome }),
      decided_at: now.toISOString(),
    })
    .where("id", "=", id)
    .where("state", "=", "invited")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Members busy with a circle invitation: invited and not (yet) declined. They are offered to no one else and
 * put in no other circle until it opens or closes. Those who declined are free again at once.
 */
export async function circleInvitees(db: Kysely<Database>): Promise<Set<MemberId>> {
  const rows = await db
    .selectFrom("circle_invitation_members as m")
    .innerJoin("circle_invitations as i", "i.id", "m.invitation_id")
    .select("m.member_id")
    .where("i.state", "=", "invited")
    .where((eb) => eb.or([eb("m.answer", "is", null), eb("m.answer", "=", "accepted")]))
    .execute();
  return new Set(rows.map((r) => r.member_id as MemberId));
}

/**
 * Members who declined a circle since `since`, or let one close without answering: not invited to another
 * circle for a while (the same members would otherwise be asked again at the next run). They stay in the queue
 * for a one-to-one match.
 */
export async function circleResting(db: Kysely<Database>, since: Date): Promise<Set<MemberId>> {
  const at = since.toISOString();
  const rows = await db
    .selectFrom("circle_invitation_members as m")
    .innerJoin("circle_invitations as i", "i.id", "m.invitation_id")
    .select("m.member_id")
    .where((eb) =>
      eb.or([
        eb.and([eb("m.answer", "=", "declined"), eb("m.answered_at", ">=", at)]),
        eb.and([eb("m.answer", "is", null), eb("i.state", "!=", "invited"), eb("i.decided_at", ">=", at)]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.member_id as MemberId));
}
