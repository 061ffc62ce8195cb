import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { IssuedAttestation } from "../attestations/attestation-store.ts";
import type { Attestation } from "../attestations/format.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { heldRoles, type HeldRole } from "./roles-store.ts";

/** Every member's held roles and publishing consent, in two queries. */
export async function sweepFacts(db: Kysely<Database>): Promise<{
  roles: Map<MemberId, HeldRole[]>;
  consents: Map<MemberId, boolean>;
}> {
  const roles = new Map<MemberId, HeldRole[]>();
  for (const role of await heldRoles(db))
    roles.set(role.memberId, [...(roles.get(role.memberId) ?? []), role]);
  const consents = new Map<MemberId, boolean>();
  for (const row of await db.selectFrom("recognition_consents").select(["member_id", "publish"]).execute())
    consents.set(row.member_id as MemberId, row.publish === 1);
  return { roles, consents };
}

/** Every attestation still standing (not withdrawn), by the member it is about, newest first. */
export async function standingByMember(db: Kysely<Database>): Promise<Map<MemberId, IssuedAttestation[]>> {
  const rows = await db
    .selectFrom("attestations as a")
    .innerJoin("members as m", "m.user_id", "a.subject")
    .select(["m.id as member_id", "a.signed_json", "a.key_id", "a.published_at"])
    .where("a.withdrawn_at", "is", null)
    .orderBy("a.issued_at", "desc")
    .execute();
  const standing = new Map<MemberId, IssuedAttestation[]>();
  for (const row of rows) {
    const issued: IssuedAttestation = {
      // Stored as signed by this community; not an untrusted boundary.
      attestation: JSON.parse(row.signed_json) as Attestation,
      keyId: row.key_id,
      withdrawnAt: null,
      publishedAt: row.published_at === null ? null : new Date(row.published_at),
    };
    const memberId = row.member_id as MemberId;
    standing.set(memberId, [...(standing.get(memberId) ?? []), issued]);
  }
  return standing;
}
