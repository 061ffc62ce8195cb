import { randomFillSync } from "node:crypto";
import type { Sodium } from "../crypto/sodium.ts";
import type { UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";
import { ATTESTATION_FORMAT, claimsSchema, type Attestation, type Claims } from "./format.ts";
import { algorithmKeyId, signPayload, signingPayload, type Ed25519SigningKey } from "./signed-json.ts";

export interface AttestationDraft {
  /** The community's server name. */
  readonly issuer: string;
  readonly subject: UserId;
  readonly claims: Claims;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Random when absent; fixed only for test vectors. */
  readonly id?: string;
}

export type IssueFailure = "invalid_claims" | "not_canonical";

/** Builds and signs an attestation. Claims are checked again here: a float or an unknown claim never gets signed. */
export function signAttestation(
  sodium: Sodium,
  key: Ed25519SigningKey,
  draft: AttestationDraft,
): Result<Attestation, IssueFailure> {
  const claims = claimsSchema.safeParse(draft.claims);
  if (!claims.success)
    return err("invalid_claims", `claims refused: ${claims.error.issues[0]?.message ?? "invalid"}`);
  // One object, signed then completed in place: issuing in bulk allocates little (bench/attest.ts).
  const attestation: Attestation = {
    format: ATTESTATION_FORMAT,
    id: draft.id ?? newAttestationId(),
    issuer: draft.issuer,
    subject: draft.subject,
    claims: claims.data,
    issued_at: draft.issuedAt.getTime(),
    expires_at: draft.expiresAt.getTime(),
    signatures: {},
  };
  const payload = signingPayload(attestation);
  if (!payload.ok) return err("not_canonical", payload.message);
  attestation.signatures[draft.issuer] = {
    [algorithmKeyId(key.keyId)]: signPayload(sodium, payload.value, key),
  };
  return ok(attestation);
}

// Random bytes drawn in blocks: one CSPRNG call per 256 IDs instead of one each (libsodium's randombytes_buf
// costs more than the signature itself in WASM, ~70 µs a call).
const ID_BYTES = 16;
const pool = Buffer.alloc(ID_BYTES * 256);
let poolOffset = pool.length;

/** 128 random bits, base64url: unique without coordination, usable as a state key and in URLs. */
export function newAttestationId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += ID_BYTES;
  return pool.toString("base64url", poolOffset - ID_BYTES, poolOffset);
}
