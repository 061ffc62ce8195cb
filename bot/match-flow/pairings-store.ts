import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, PairingFeedback, PairingKind, PairingStatus } from "../../schema/index.ts";
import { featuresFrom, FEATURES, type Features } from "../matching/score-model.ts";
import type { PairingOutcome, PastPairing } from "../matching/types.ts";
import type { MemberCipher } from "../onboarding/member-cipher.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export interface PairingMember {
  readonly memberId: MemberId;
  readonly endedAt: Date | null;
  readonly outcome: PairingFeedback | null;
  readonly againAt: Date | null;
}

export interface Pairing {
  readonly id: string;
  readonly kind: PairingKind;
  readonly peerRoomId: string;
  readonly suggestionId: string | null;
  readonly features: Features | null;
  readonly status: PairingStatus;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly members: readonly PairingMember[];
}

export interface NewPairing {
  readonly kind: PairingKind;
  readonly peerRoomId: string;
  readonly members: readonly MemberId[];
  readonly suggestionId?: string;
  readonly features?: Features;
}

export async function insertPairing(db: Kysely<Database>, pairing: NewPairing, now: Date): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("pairings")
    .values({
      id,
      kind: pairing.kind,
      peer_room_id: pairing.peerRoomId,
      suggestion_id: pairing.suggestionId ?? null,
      features_json: pairing.features === undefined ? null : JSON.stringify(pairing.features),
      status: "active",
      started_at: now.toISOString(),
      ended_at: null,
      learned_at: null,
    })
    .execute();
  await db
    .insertInto("pairing_members")
    .values(
      pairing.members.map((memberId) => ({
        pairing_id: id,
        member_id: memberId,
        ended_at: null,
        outcome: null,
        feedback_note_sealed: null,
        again_at: null,
      })),
    )
    .execute();
  return id;
}

function parseFeatures(json: string | null): Features | null {
  if (json === null) return null;
  const stored = JSON.parse(json) as Record<string, number>;
  return featuresFrom(FEATURES.map((name) => stored[name] ?? 0));
}

async function withMembers(db: Kysely<Database>, rows: readonly Database["pairings"][]): Promise<Pairing[]> {
  if (rows.length === 0) return [];
  const memberRows = await db
    .selectFrom("pairing_members")
    .select(["pairing_id", "member_id", "ended_at", "outcome", "again_at"])
    .where(
      "pairing_id",
      "in",
      rows.map((row) => row.id),
    )
    .orderBy("member_id")
    .execute();
  const byPairing = new Map<string, PairingMember[]>();
  for (const row of memberRows) {
    const list = byPairing.get(row.pairing_id) ?? [];
    list.push({
      memberId: row.member_id as MemberId,
      endedAt: row.ended_at === null ? null : new Date(row.ended_at),
      outcome: row.outcome,
      againAt: row.again_at === null ? null : new Date(row.again_at),
    });
    byPairing.set(row.pairing_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    peerRoomId: row.peer_room_id,
    suggestionId: row.suggestion_id,
    features: parseFeatures(row.features_json),
    status: row.status,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    members: byPairing.get(row.id) ?? [],
  }));
}

export async function loadPairing(db: Kysely<Database>, id: string): Promise<Pairing | undefined> {
  const rows = await db.selectFrom("pairings").selectAll().where("id", "=", id).execute();
  return (await withMembers(db, rows))[0];
}

/** A member's pairings, newest first; `status` narrows them. */
export async function pairingsOf(
  db: Kysely<Database>,
  memberId: MemberId,
  status?: PairingStatus,
): Promise<Pairing[]> {
  let query = db
    .selectFrom("pairings")
    .selectAll()
    .where(
      "id",
      "in",
      db.selectFrom("pairing_members").select("pairing_id").where("member_id", "=", memberId),
    );
  if (status !== undefined) query = query.where("status", "=", status);
  const rows = await query.orderBy("started_at", "desc").orderBy("id").execute();
  return withMembers(db, rows);
}

export async function allPairings(db: Kysely<Database>, status?: PairingStatus): Promise<Pairing[]> {
  let query = db.selectFrom("pairings").selectAll();
  if (status !== undefined) query = query.where("status", "=", status);
  return withMembers(db, await query.orderBy("started_at").orderBy("id").execute());
}

/** Active pairings whose peer room closed or failed: the run ends them. */
export async function pairingsWithClosedRooms(db: Kysely<Database>): Promise<Pairing[]> {
  const rows = await db
    .selectFrom("pairings")
    .selectAll("pairings")
    .innerJoin("peer_rooms", "peer_rooms.id", "pairings.peer_room_id")
    .where("pairings.status", "=", "active")
    .where("peer_rooms.status", "in", ["closed", "failed"])
    .orderBy("pairings.started_at")
    .execute();
  return withMembers(db, rows);
}

/** Members of open pairings who declined, left, let the invite expire or could not be invited to its room. */
export async function departedParts(
  db: Kysely<Database>,
): Promise<{ readonly pairingId: string; readonly memberId: MemberId; readonly left: boolean }[]> {
  const rows = await db
    .selectFrom("pairing_members as pm")
    .innerJoin("pairings as p", "p.id", "pm.pairing_id")
    .innerJoin("members as m", "m.id", "pm.member_id")
    .innerJoin("peer_room_members as r", (join) =>
      join.onRef("r.peer_room_id", "=", "p.peer_room_id").onRef("r.user_id", "=", "m.user_id"),
    )
    .select(["pm.pairing_id", "pm.member_id", "r.state"])
    .where("p.status", "=", "active")
    .where("pm.ended_at", "is", null)
    .where("r.state", "in", ["declined", "left", "expired", "failed"])
    .orderBy("pm.pairing_id")
    .orderBy("pm.member_id")
    .execute();
  return rows.map((row) => ({
    pairingId: row.pairing_id,
    memberId: row.member_id as MemberId,
    left: row.state === "left",
  }));
}

export async function endPairingRow(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("pairings")
    .set({ status: "ended", ended_at: now.toISOString() })
    .where("id", "=", id)
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the member's part ended (once; the first time counts). */
export async function endMemberPart(
  db: Kysely<Database>,
  pairingId: string,
  memberId: MemberId,
  now: Date,
): Promise<void> {
  await db
    .updateTable("pairing_members")
    .set({ ended_at: now.toISOString() })
    .where("pairing_id", "=", pairingId)
    .where("member_id", "=", memberId)
    .where("ended_at", "is", null)
    .execute();
}

/** The member's private feedback on a pairing; the note is sealed. A later answer replaces an earlier one. */
export async function recordFeedback(
  db: Kysely<Database>,
  cipher: MemberCipher,
  pairingId: string,
  memberId: MemberId,
  feedback: { readonly outcome: PairingFeedback; readonly note: string },
  now: Date,
): Promise<void> {
  await db
    .updateTable("pairing_members")
    .set({
      outcome: feedback.outcome,
      feedback_note_sealed: feedback.note === "" ? null : cipher.seal(feedback.note),
    })
    .where("pairing_id", "=", pairingId)
    .where("member_id", "=", memberId)
    .execute();
  await endMemberPart(db, pairingId, memberId, now);
  // Changed feedback is learned again at the next run.
  await db.updateTable("pairings").set({ learned_at: null }).where("id", "=", pairingId).execute();
}

export async function feedbackNote(
  db: Kysely<Database>,
  cipher: MemberCipher,
  pairingId: string,
  memberId: MemberId,
): Promise<string | null> {
  const row = await db
    .selectFrom("pairing_members")
    .select("feedback_note_sealed")
    .where("pairing_id", "=", pairingId)
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.feedback_note_sealed == null ? null : cipher.open(row.feedback_note_sealed);
}

export async function markAgain(
  db: Kysely<Database>,
  pairingId: string,
  memberId: MemberId,
  again: boolean,
  now: Date,
): Promise<void> {
  await db
    .updateTable("pairing_members")
    .set({ again_at: again ? now.toISOString() : null })
    .where("pairing_id", "=", pairingId)
    .where("member_id", "=", memberId)
    .execute();
}

/** What the matching engine makes of a pairing: any "not helped" is a bad ending, any "helped" a good one. */
export function outcomeOf(pairing: Pairing): PairingOutcome {
  if (pairing.status === "active") return "active";
  const outcomes = pairing.members.map((m) => m.outcome);
  if (outcomes.includes("not_helped")) return "ended-badly";
  if (outcomes.includes("helped")) return "ended-well";
  return "ended-neutral";
}

/** Every two-member combination of a pairing (a circle of 4 has 6), with the pairing's outcome. */
export function pastPairingsOf(pairing: Pairing): PastPairing[] {
  const outcome = outcomeOf(pairing);
  const ids = pairing.members.map((m) => m.memberId).sort();
  const pairs: PastPairing[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i];
      const b = ids[j];
      if (a !== undefined && b !== undefined) pairs.push({ members: [a, b], outcome });
    }
  return pairs;
}
