import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { RecognisedRole } from "./thresholds.ts";

// Granting, revoking and listing roles are match-flow's store functions; these two are recognition's own.
export { grantRole, heldRoles, revokeRole, type MemberRole as HeldRole } from "../match-flow/roles-store.ts";

/** Points an attestation-sourced role at a newer attestation of the same issuer. */
export async function updateRoleAttestation(
  db: Kysely<Database>,
  memberId: MemberId,
  role: RecognisedRole,
  attestationId: string,
): Promise<void> {
  await db
    .updateTable("member_roles")
    .set({ attestation_id: attestationId })
    .where("member_id", "=", memberId)
    .where("role", "=", role)
    .where("source", "=", "attestation")
    .where("revoked_at", "is", null)
    .execute();
}

/** Members holding a role this community recognised itself (evidence or a moderator), for attestations. */
export async function membersWithOwnRoles(db: Kysely<Database>): Promise<MemberId[]> {
  const rows = await db
    .selectFrom("member_roles")
    .select("member_id")
    .distinct()
    .where("source", "in", ["evidence", "moderator"])
    .where("revoked_at", "is", null)
    .execute();
  return rows.map((r) => r.member_id as MemberId);
}
