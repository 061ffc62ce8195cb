import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { Attestation } from "../attestations/format.ts";
import type { UserId } from "../ids.ts";
import { findMemberByUserId } from "../onboarding/members-store.ts";
import { publishConsentOf } from "./consent-store.ts";
import { standingAttestations } from "./publishing.ts";

/** What may be served about a member: only with their consent now, not withdrawn, not expired; newest first. */
export async function publishedAttestationsOf(
  db: Kysely<Database>,
  userId: UserId,
  now: Date,
): Promise<Attestation[]> {
  const member = await findMemberByUserId(db, userId);
  if (member === undefined || (await publishConsentOf(db, member.id)) !== true) return [];
  return (await standingAttestations(db, userId))
    .map((issued) => issued.attestation)
    .filter((attestation) => attestation.expires_at > now.getTime());
}
