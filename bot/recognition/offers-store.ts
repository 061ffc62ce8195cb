import type { Kysely } from "kysely";
import type { AttestationOfferStatus, Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { RecognisedRole } from "./thresholds.ts";

export interface AttestationOffer {
  readonly memberId: MemberId;
  readonly issuer: string;
  readonly role: RecognisedRole;
  readonly attestationId: string;
  readonly status: AttestationOfferStatus;
  readonly offeredAt: Date;
}

/** Returns false when this attestation was offered before (whatever the member decided). */
export async function recordOffer(
  db: Kysely<Database>,
  offer: Omit<AttestationOffer, "status" | "offeredAt">,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto("attestation_offers")
    .values({
      member_id: offer.memberId,
      issuer: offer.issuer,
      role: offer.role,
      attestation_id: offer.attestationId,
      status: "offered",
      offered_at: at.toISOString(),
      decided_at: null,
    })
    .onConflict((oc) => oc.columns(["member_id", "issuer", "attestation_id"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function offersOf(
  db: Kysely<Database>,
  memberId: MemberId,
  status?: AttestationOfferStatus,
): Promise<AttestationOffer[]> {
  let query = db.selectFrom("attestation_offers").selectAll().where("member_id", "=", memberId);
  if (status !== undefined) query = query.where("status", "=", status);
  const rows = await query.orderBy("offered_at").execute();
  return rows.map((r) => ({
    memberId: r.member_id as MemberId,
    issuer: r.issuer,
    role: r.role as RecognisedRole,
    attestationId: r.attestation_id,
    status: r.status,
    offeredAt: new Date(r.offered_at),
  }));
}

export async function decideOffer(
  db: Kysely<Database>,
  offer: Pick<AttestationOffer, "memberId" | "issuer" | "attestationId">,
  status: Exclude<AttestationOfferStatus, "offered">,
  at: Date,
): Promise<void> {
  await db
    .updateTable("attestation_offers")
    .set({ status, decided_at: at.toISOString() })
    .where("member_id", "=", offer.memberId)
    .where("issuer", "=", offer.issuer)
    .where("attestation_id", "=", offer.attestationId)
    .where("status", "=", "offered")
    .execute();
}

/** Users to read attestations of: never checked, or checked longer ago than `staleBefore`. */
export async function usersDueForCheck(
  db: Kysely<Database>,
  staleBefore: Date,
  limit: number,
): Promise<UserId[]> {
  const known = db
    .selectFrom("direct_rooms")
    .select("user_id")
    .union(db.selectFrom("members").select("user_id"));
  const rows = await db
    .selectFrom(known.as("u"))
    .leftJoin("attestation_checks as c", "c.user_id", "u.user_id")
    .select("u.user_id")
    .where((eb) =>
      eb.or([eb("c.checked_at", "is", null), eb("c.checked_at", "<", staleBefore.toISOString())]),
    )
    .orderBy("u.user_id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id as UserId);
}

export async function markChecked(db: Kysely<Database>, userId: UserId, at: Date): Promise<void> {
  await db
    .insertInto("attestation_checks")
    .values({ user_id: userId, checked_at: at.toISOString() })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ checked_at: at.toISOString() }))
    .execute();
}
