import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import type { RecognisedRole } from "./thresholds.ts";

// Granting, revoking and listing roles are match-flow's store functions; this one is recognition's own.
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
