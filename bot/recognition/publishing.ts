import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import {
  attestationsOf,
  recordAttestation,
  withdrawAttestation,
  type IssuedAttestation,
} from "../attestations/attestation-store.ts";
import type { Claims } from "../attestations/format.ts";
import { signAttestation } from "../attestations/issue.ts";
import { openCurrentSigningKey } from "../attestations/signing-keys.ts";
import type { Effect } from "../effects.ts";
import type { UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import type { RecognitionSettings } from "./settings.ts";
import { feedbackPercent, type Evidence, type RecognisedRole } from "./thresholds.ts";

/** Contribution only, from evidence: the protocol's claims (docs/PROTOCOL.md). */
export function claimsFor(role: RecognisedRole, evidence: Evidence): Claims {
  const percent = feedbackPercent(evidence);
  return {
    role,
    support_pairings_completed: evidence.pairingsCompleted,
    circles_hosted: evidence.circlesHeld,
    ...(percent === undefined ? {} : { peer_feedback_percent: percent }),
    training_completed: evidence.trainingCourses.length > 0,
  };
}

/**
 * Signs and records an attestation inside the caller's transaction and returns the effect that publishes it:
 * the outbox delivers it once, and `published_at` is set when the room shows it.
 */
export async function issueInTransaction(
  db: Kysely<Database>,
  settings: RecognitionSettings,
  subject: UserId,
  claims: Claims,
  now: Date,
): Promise<Result<Effect[], "no_signing_key" | "invalid_claims" | "not_canonical">> {
  const key = await openCurrentSigningKey(db, settings.vault);
  if (!key.ok) return err("no_signing_key", key.message);
  const signed = signAttestation(settings.vault.sodium, key.value, {
    issuer: settings.issuer,
    subject,
    claims,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + settings.validityMs),
  });
  if (!signed.ok) return signed;
  await recordAttestation(db, signed.value, key.value.keyId);
  return ok([{ kind: "publish_attestation", attestation: signed.value }]);
}

/** Withdraws (unpublishes) attestations; the room replaces each by a withdrawal that no longer names the member. */
export async function withdrawInTransaction(
  db: Kysely<Database>,
  attestations: readonly IssuedAttestation[],
  now: Date,
): Promise<Effect[]> {
  const effects: Effect[] = [];
  for (const issued of attestations) {
    if (issued.withdrawnAt !== null) continue;
    await withdrawAttestation(db, issued.attestation.id, now);
    effects.push({
      kind: "publish_withdrawal",
      attestationId: issued.attestation.id,
      withdrawnAt: now.toISOString(),
    });
  }
  return effects;
}

/** Every attestation about the member still standing (not withdrawn), newest first. */
export async function standingAttestations(
  db: Kysely<Database>,
  subject: UserId,
): Promise<IssuedAttestation[]> {
  return (await attestationsOf(db, subject)).filter((a) => a.withdrawnAt === null);
}
