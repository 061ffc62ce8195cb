import type { Kysely } from "kysely";
import type { Database, MemberRoleName, MemberRoleSource } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";

export interface MemberRole {
  readonly memberId: MemberId;
  readonly role: MemberRoleName;
  readonly source: MemberRoleSource;
  readonly issuer: string | null;
  readonly attestationId: string | null;
  readonly capacity: number | null;
  readonly grantedAt: Date;
}

export interface RoleGrant {
  readonly memberId: MemberId;
  readonly role: MemberRoleName;
  readonly source: MemberRoleSource;
  readonly issuer?: string;
  readonly attestationId?: string;
  readonly capacity?: number;
}

/** Grants (or grants again, clearing a revocation) a role from one source. */
export async function grantRole(db: Kysely<Database>, grant: RoleGrant, now: Date): Promise<void> {
  const values = {
    issuer: grant.issuer ?? null,
    attestation_id: grant.attestationId ?? null,
    capacity: grant.capacity ?? null,
    granted_at: now.toISOString(),
    revoked_at: null,
  };
  await db
    .insertInto("member_roles")
    .values({ member_id: grant.memberId, role: grant.role, source: grant.source, ...values })
    .onConflict((oc) => oc.columns(["member_id", "role", "source"]).doUpdateSet(values))
    .execute();
}

export async function revokeRole(
  db: Kysely<Database>,
  memberId: MemberId,
  role: MemberRoleName,
  source: MemberRoleSource,
  now: Date,
): Promise<void> {
  await db
    .updateTable("member_roles")
    .set({ revoked_at: now.toISOString() })
    .where("member_id", "=", memberId)
    .where("role", "=", role)
    .where("source", "=", source)
    .where("revoked_at", "is", null)
    .execute();
}

/** Roles held now (not revoked), every source. */
export async function heldRoles(db: Kysely<Database>, memberId?: MemberId): Promise<MemberRole[]> {
  let query = db.selectFrom("member_roles").selectAll().where("revoked_at", "is", null);
  if (memberId !== undefined) query = query.where("member_id", "=", memberId);
  const rows = await query.orderBy("member_id").orderBy("role").orderBy("source").execute();
  return rows.map((row) => ({
    memberId: row.member_id as MemberId,
    role: row.role,
    source: row.source,
    issuer: row.issuer,
    attestationId: row.attestation_id,
    capacity: row.capacity,
    grantedAt: new Date(row.granted_at),
  }));
}

/** Mentee capacity of every member holding the mentor role: the largest any source gives (1 when none says). */
export async function mentorCapacities(db: Kysely<Database>): Promise<Map<MemberId, number>> {
  const capacities = new Map<MemberId, number>();
  for (const role of await heldRoles(db)) {
    if (role.role !== "mentor") continue;
    capacities.set(role.memberId, Math.max(capacities.get(role.memberId) ?? 0, role.capacity ?? 1));
  }
  return capacities;
}
