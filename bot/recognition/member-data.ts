import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Effect } from "../effects.ts";
import type { Member } from "../onboarding/members-store.ts";
import { publishConsentOf } from "./consent-store.ts";
import { offersOf } from "./offers-store.ts";
import { standingAttestations, withdrawInTransaction } from "./publishing.ts";
import { thankYouCount } from "./thanks-store.ts";
import { trainingOf } from "./training-store.ts";

/** Recognition's part of "My data". */
export async function exportRecognitionData(db: Kysely<Database>, member: Member) {
  return {
    publishAttestations: (await publishConsentOf(db, member.id)) ?? null,
    training: (await trainingOf(db, member.id)).map((t) => ({
      course: t.course,
      recordedBy: t.recordedBy,
      recordedAt: t.recordedAt.toISOString(),
    })),
    thankYousReceived: await thankYouCount(db, member.id),
    roleOffers: (await offersOf(db, member.id)).map((o) => ({
      issuer: o.issuer,
      role: o.role,
      status: o.status,
      offeredAt: o.offeredAt.toISOString(),
    })),
    attestations: (
      await db
        .selectFrom("attestations")
        .select(["attestation_id", "issued_at", "withdrawn_at"])
        .where("subject", "=", member.userId)
        .orderBy("issued_at")
        .execute()
    ).map((a) => ({ id: a.attestation_id, issuedAt: a.issued_at, withdrawnAt: a.withdrawn_at })),
  };
}

export type RecognitionExport = Awaited<ReturnType<typeof exportRecognitionData>>;

/**
 * The account is deleted: every attestation about the member is withdrawn (the public room then no longer names
 * them) and recognition's rows are erased. Returns the withdrawal effects, queued with the deletion.
 */
export async function eraseRecognitionData(
  db: Kysely<Database>,
  member: Member,
  now: Date,
): Promise<Effect[]> {
  const withdrawals = await withdrawInTransaction(db, await standingAttestations(db, member.userId), now);
  await db.deleteFrom("recognition_consents").where("member_id", "=", member.id).execute();
  await db.deleteFrom("training_records").where("member_id", "=", member.id).execute();
  await db.deleteFrom("role_announcements").where("member_id", "=", member.id).execute();
  await db
    .deleteFrom("thank_yous")
    .where((eb) => eb.or([eb("to_member_id", "=", member.id), eb("from_member_id", "=", member.id)]))
    .execute();
  await db.deleteFrom("attestation_offers").where("member_id", "=", member.id).execute();
  await db.deleteFrom("attestation_checks").where("user_id", "=", member.userId).execute();
  return withdrawals;
}
