import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MatrixOutcome } from "../capabilities.ts";
import type { UserId } from "../ids.ts";
import type { Logger } from "../logger.ts";
import { err, ok, type Result } from "../result.ts";
import type { AttestationPublisher } from "./attestation-room.ts";
import {
  markPublished,
  recordAttestation,
  unpublishedAttestations,
  withdrawAttestation,
} from "./attestation-store.ts";
import type { Attestation, Claims } from "./format.ts";
import { signAttestation, type IssueFailure } from "./issue.ts";
import { keySetOf } from "./key-set.ts";
import {
  listSigningKeys,
  openCurrentSigningKey,
  type KeyVault,
  type OpenKeyFailure,
} from "./signing-keys.ts";

export interface IssuingContext {
  readonly db: Kysely<Database>;
  readonly vault: KeyVault;
  /** The community's server name. */
  readonly issuer: string;
  readonly publisher: AttestationPublisher;
  readonly logger: Logger;
}

export interface IssueRequest {
  readonly subject: UserId;
  readonly claims: Claims;
  readonly validForMs: number;
}

/** Signs with the current key, records, then publishes (what cannot be published now is on the next start). */
export async function issueAttestation(
  ctx: IssuingContext,
  request: IssueRequest,
  now: Date,
): Promise<Result<Attestation, IssueFailure | OpenKeyFailure>> {
  const key = await openCurrentSigningKey(ctx.db, ctx.vault);
  if (!key.ok) return key;
  const signed = signAttestation(ctx.vault.sodium, key.value, {
    issuer: ctx.issuer,
    subject: request.subject,
    claims: request.claims,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + request.validForMs),
  });
  if (!signed.ok) return signed;
  await recordAttestation(ctx.db, signed.value, key.value.keyId);
  await publishPending(ctx, now);
  return ok(signed.value);
}

/** Revokes one attestation: the member withdrew consent. */
export async function withdraw(
  ctx: IssuingContext,
  attestationId: string,
  now: Date,
): Promise<Result<void, "unknown_attestation">> {
  const withdrawn = await withdrawAttestation(ctx.db, attestationId, now);
  if (!withdrawn.ok) return withdrawn;
  await publishPending(ctx, now);
  return ok(undefined);
}

export async function publishKeys(ctx: IssuingContext): Promise<MatrixOutcome> {
  const outcome = await ctx.publisher.publishKeySet(keySetOf(ctx.issuer, await listSigningKeys(ctx.db)));
  if (!outcome.ok) ctx.logger.warn("could not publish the signing keys", { reason: outcome.message });
  return outcome;
}

/** Publishes what the room does not show yet, oldest first; stops at the first failure. */
export async function publishPending(
  ctx: IssuingContext,
  now: Date,
): Promise<Result<{ published: number }, "unpublished">> {
  let published = 0;
  for (;;) {
    const batch = await unpublishedAttestations(ctx.db, 50);
    if (batch.length === 0) return ok({ published });
    for (const issued of batch) {
      const withdrawn = issued.withdrawnAt !== null;
      const outcome = withdrawn
        ? await ctx.publisher.publishWithdrawal(issued.attestation.id, issued.withdrawnAt)
        : await ctx.publisher.publishAttestation(issued.attestation);
      if (!outcome.ok) {
        ctx.logger.warn("could not publish an attestation; will retry", {
          attestation: issued.attestation.id,
          reason: outcome.message,
        });
        return err("unpublished", outcome.message);
      }
      await markPublished(ctx.db, issued.attestation.id, { withdrawn }, now);
      published++;
    }
  }
}
