import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database, SuggestionKind, SuggestionStatus } from "../../schema/index.ts";
import type { Reason } from "../matching/reasons.ts";
import { featuresFrom, FEATURES, type Features } from "../matching/score-model.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";

/** A stored suggestion, opened. `members` are in ID order; index 0 or 1 is each member's "viewer" position. */
export interface StoredSuggestion {
  readonly id: string;
  readonly kind: SuggestionKind;
  readonly members: readonly [MemberId, MemberId];
  /** Each member's short number for it, in the same order as `members`. */
  readonly numbers: readonly [number, number];
  readonly score: number;
  readonly features: Features;
  readonly reasons: readonly Reason[];
  readonly state: SuggestionStatus;
  readonly acceptedBy: readonly MemberId[];
  readonly declinedBy: MemberId | null;
  readonly pairingId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly decidedAt: Date | null;
}

export interface NewSuggestion {
  readonly kind: SuggestionKind;
  readonly members: readonly [MemberId, MemberId];
  readonly score: number;
  readonly features: Features;
  readonly reasons: readonly Reason[];
  readonly expiresAt: Date;
}

/** States in which a suggestion still counts against both members' capacity. */
export const PENDING_STATES: readonly SuggestionStatus[] = ["suggested", "accepted"];

type SuggestionRow = Database["suggestions"];

function toSuggestion(row: SuggestionRow, cipher: MemberCipher): StoredSuggestion {
  const members = [row.member_a as MemberId, row.member_b as MemberId] as const;
  const stored = JSON.parse(row.features_json) as Record<string, number>;
  return {
    id: row.id,
    kind: row.kind,
    members,
    numbers: [Number(row.number_a), Number(row.number_b)],
    score: Number(row.score),
    features: featuresFrom(FEATURES.map((name) => stored[name] ?? 0)),
    reasons: JSON.parse(cipher.open(row.reasons_sealed)) as Reason[],
    state: row.state,
    acceptedBy: members.filter((_, i) => Number(i === 0 ? row.accepted_a : row.accepted_b) === 1),
    declinedBy: row.declined_by as MemberId | null,
    pairingId: row.pairing_id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
  };
}

/**
 * Hands out each member's next short number: one more than any suggestion or circle invitation they ever had
 * (one query per run), so "accept 3" names one thing.
 */
export async function suggestionNumbers(db: Kysely<Database>): Promise<(memberId: MemberId) => number> {
  const rows = await db
    .selectFrom("suggestions")
    .select(["member_a as member", sql<number>`max(number_a)`.as("top")])
    .groupBy("member_a")
    .unionAll(
      db
        .selectFrom("suggestions")
        .select(["member_b as member", sql<number>`max(number_b)`.as("top")])
        .groupBy("member_b"),
    )
    .unionAll(
      db
        .selectFrom("circle_invitation_members")
        .select(["member_id as member", sql<number>`max(number)`.as("top")])
        .groupBy("member_id"),
    )
    .execute();
  const top = new Map<string, number>();
  for (const row of rows) top.set(row.member, Math.max(top.get(row.member) ?? 0, Number(row.top)));
  return (memberId) => {
    const next = (top.get(memberId) ?? 0) + 1;
    top.set(memberId, next);
    return next;
  };
}

export async function insertSuggestion(
  db: Kysely<Database>,
  cipher: MemberCipher,
  suggestion: NewSuggestion,
  now: Date,
  numbers?: (memberId: MemberId) => number,
): Promise<StoredSuggestion> {
  const next = numbers ?? (await suggestionNumbers(db));
  const [a, b] =
    suggestion.members[0] < suggestion.members[1]
      ? suggestion.members
      : [suggestion.members[1], suggestion.members[0]];
  const row: SuggestionRow = {
    id: randomUUID(),
    kind: suggestion.kind,
    member_a: a,
    member_b: b,
    number_a: next(a),
    number_b: next(b),
    score: suggestion.score,
    features_json: JSON.stringify(suggestion.features),
    reasons_sealed: cipher.seal(JSON.stringify(suggestion.reasons)),
    state: "suggested",
    accepted_a: 0,
    accepted_b: 0,
    declined_by: null,
    pairing_id: null,
    created_at: now.toISOString(),
    expires_at: suggestion.expiresAt.toISOString(),
    decided_at: null,
  };
  await db.insertInto("suggestions").values(row).execute();
  return toSuggestion(row, cipher);
}

export async function loadSuggestion(
  db: Kysely<Database>,
  cipher: MemberCipher,
  id: string,
): Promise<StoredSuggestion | undefined> {
  const row = await db.selectFrom("suggestions").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toSuggestion(row, cipher);
}

/** A member's suggestions, newest first; `states` narrows them (e.g. PENDING_STATES). */
export async function suggestionsOf(
  db: Kysely<Database>,
  cipher: MemberCipher,
  memberId: MemberId,
  states?: readonly SuggestionStatus[],
): Promise<StoredSuggestion[]> {
  let query = db
    .selectFrom("suggestions")
    .selectAll()
    .where((eb) => eb.or([eb("member_a", "=", memberId), eb("member_b", "=", memberId)]));
  if (states !== undefined) query = query.where("state", "in", states);
  const rows = await query.orderBy("created_at", "desc").orderBy("id").execute();
  return rows.map((row) => toSuggestion(row, cipher));
}

/** Every suggestion in these states (the run reads pending ones to count load and avoid repeats). */
export async function suggestionsIn(
  db: Kysely<Database>,
  cipher: MemberCipher,
  states: readonly SuggestionStatus[],
): Promise<StoredSuggestion[]> {
  const rows = await db
    .selectFrom("suggestions")
    .selectAll()
    .where("state", "in", states)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => toSuggestion(row, cipher));
}

/** Who each pending suggestion is between, without opening its reasons (a run needs only that). */
export interface PendingPair {
  readonly kind: SuggestionKind;
  readonly members: readonly [MemberId, MemberId];
}

export async function pendingPairs(db: Kysely<Database>): Promise<PendingPair[]> {
  const rows = await db
    .selectFrom("suggestions")
    .select(["kind", "member_a", "member_b"])
    .where("state", "in", PENDING_STATES)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    members: [row.member_a as MemberId, row.member_b as MemberId],
  }));
}

/** Pairs (in ID order) with a declined suggestion, or one expired since `expiredSince`: not suggested again. */
export async function refusedPairs(
  db: Kysely<Database>,
  expiredSince: Date,
): Promise<(readonly [MemberId, MemberId])[]> {
  const rows = await db
    .selectFrom("suggestions")
    .select(["member_a", "member_b"])
    .where((eb) =>
      eb.or([
        eb("state", "=", "declined"),
        eb.and([eb("state", "=", "expired"), eb("decided_at", ">=", expiredSince.toISOString())]),
      ]),
    )
    .execute();
  return rows.map((row) => [row.member_a as MemberId, row.member_b as MemberId] as const);
}

/** Pending suggestions whose deadline has passed. */
export async function overdueSuggestions(
  db: Kysely<Database>,
  cipher: MemberCipher,
  now: Date,
): Promise<StoredSuggestion[]> {
  const rows = await db
    .selectFrom("suggestions")
    .selectAll()
    .where("state", "=", "suggested")
    .where("expires_at", "<=", now.toISOString())
    .orderBy("expires_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => toSuggestion(row, cipher));
}

export interface SuggestionUpdate {
  readonly state: SuggestionStatus;
  readonly acceptedBy?: readonly MemberId[];
  readonly declinedBy?: MemberId;
  readonly pairingId?: string;
}

/**
 * Moves a suggestion on, only if it is still in `from` (compare-and-set): returns false when another answer got
 * there first, so an answer counted twice changes nothing.
 */
export async function updateSuggestion(
  db: Kysely<Database>,
  current: StoredSuggestion,
  update: SuggestionUpdate,
  now: Date,
): Promise<boolean> {
  const accepted = update.acceptedBy ?? current.acceptedBy;
  const decided = update.state !== "suggested";
  const result = await db
    .updateTable("suggestions")
    .set({
      state: update.state,
      accepted_a: accepted.includes(current.members[0]) ? 1 : 0,
      accepted_b: accepted.includes(current.members[1]) ? 1 : 0,
      ...(update.declinedBy === undefined ? {} : { declined_by: update.declinedBy }),
      ...(update.pairingId === undefined ? {} : { pairing_id: update.pairingId }),
      ...(decided ? { decided_at: now.toISOString() } : {}),
    })
    .where("id", "=", current.id)
    .where("state", "=", current.state)
    .where("accepted_a", "=", current.acceptedBy.includes(current.members[0]) ? 1 : 0)
    .where("accepted_b", "=", current.acceptedBy.includes(current.members[1]) ? 1 : 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function linkPairing(
  db: Kysely<Database>,
  suggestionId: string,
  pairingId: string,
): Promise<void> {
  await db.updateTable("suggestions").set({ pairing_id: pairingId }).where("id", "=", suggestionId).execute();
}
