import type { Kysely } from "kysely";
import type { AttestationTable, Database } from "../../schema/index.ts";
import type { UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import type { Attestation } from "./format.ts";

export interface IssuedAttestation {
  readonly attestation: Attestation;
  readonly keyId: string;
  readonly withdrawnAt: Date | null;
  /** Null while the room does not yet show the current state (issued, or withdrawn). */
  readonly publishedAt: Date | null;
}

export async function recordAttestation(
  db: Kysely<Database>,
  attestation: Attestation,
  keyId: string,
): Promise<void> {
  await db
    .insertInto("attestations")
    .values({
      attestation_id: attestation.id,
      subject: attestation.subject,
      key_id: keyId,
      issued_at: new Date(attestation.issued_at).toISOString(),
      expires_at: new Date(attestation.expires_at).toISOString(),
      signed_json: JSON.stringify(attestation),
      withdrawn_at: null,
      published_at: null,
    })
    .execute();
}

export async function findAttestation(
  db: Kysely<Database>,
  id: string,
): Promise<IssuedAttestation | undefined> {
  const row = await db
    .selectFrom("attestations")
    .selectAll()
    .where("attestation_id", "=", id)
    .executeTakeFirst();
  return row && toIssued(row);
}

/** A member's attestations, newest first. */
export async function attestationsOf(db: Kysely<Database>, subject: UserId): Promise<IssuedAttestation[]> {
  const rows = await db
    .selectFrom("attestations")
    .selectAll()
    .where("subject", "=", subject)
    .orderBy("issued_at", "desc")
    .execute();
  return rows.map(toIssued);
}

/** The member withdrew consent (or a moderator revoked it): the room must show the withdrawal next. */
export async function withdrawAttestation(
  db: Kysely<Database>,
  id: string,
  at: Date,
): Promise<Result<void, "unknown_attestation">> {
  const updated = await db
    .updateTable("attestations")
    .set({ withdrawn_at: at.toISOString(), published_at: null })
    .where("attestation_id", "=", id)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return ok(undefined);
  return (await findAttestation(db, id)) === undefined
    ? err("unknown_attestation", `no attestation ${id} was issued here`)
    : ok(undefined);
}

export async function unpublishedAttestations(
  db: Kysely<Database>,
  limit: number,
): Promise<IssuedAttestation[]> {
  const rows = await db
    .selectFrom("attestations")
    .selectAll()
    .where("published_at", "is", null)
    .orderBy("issued_at")
    .limit(limit)
    .execute();
  return rows.map(toIssued);
}

/** Only if nothing changed since `expected` (a withdrawal in between must still be published). */
export async function markPublished(
  db: Kysely<Database>,
  id: string,
  expected: { withdrawn: boolean },
  at: Date,
): Promise<void> {
  await db
    .updateTable("attestations")
    .set({ published_at: at.toISOString() })
    .where("attestation_id", "=", id)
    .where("withdrawn_at", expected.withdrawn ? "is not" : "is", null)
    .execute();
}

function toIssued(row: AttestationTable): IssuedAttestation {
  return {
    // Stored as signed by this community; parsing our own column is not an untrusted boundary.
    attestation: JSON.parse(row.signed_json) as Attestation,
    keyId: row.key_id,
    withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at),
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
  };
}
