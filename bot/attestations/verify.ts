import type { Sodium } from "../crypto/sodium.ts";
import { err, ok, type Result } from "../result.ts";
import { decodeAttestation, type Attestation, type KeySet } from "./format.ts";
import { verificationKey, type VerificationKey } from "./key-set.ts";
import { signingKeyIdsOf, verifyJsonSignature, type JsonObject } from "./signed-json.ts";

export type VerifyFailure =
  | "malformed"
  | "not_canonical"
  | "wrong_issuer"
  | "not_signed"
  | "unknown_key"
  | "bad_signature"
  | "key_revoked"
  | "key_not_valid_then"
  | "expired"
  | "not_yet_valid"
  | "wrong_subject";

export interface VerifyOptions {
  readonly now: Date;
  /** Who presents the attestation (or whose it is looked up as): refuses one replayed for someone else. */
  readonly subject?: string;
}

export interface VerifiedAttestation {
  readonly attestation: Attestation;
  readonly key: VerificationKey;
}

/** Clocks differ between homeservers; an issuance this far ahead of ours is still believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Checks an attestation against its issuer's published keys. The first failure found is the verdict; its
 * message says what is wrong in words an operator can act on.
 */
export function verifyAttestation(
  sodium: Sodium,
  input: unknown,
  keySet: KeySet,
  options: VerifyOptions,
): Result<VerifiedAttestation, VerifyFailure> {
  const decoded = decodeAttestation(input);
  if (!decoded.ok) return decoded;
  const attestation = decoded.value;
  const { issuer } = attestation;
  if (issuer !== keySet.issuer)
    return err("wrong_issuer", `issued by ${issuer}, but the keys given are ${keySet.issuer}'s`);

  const keyIds = signingKeyIdsOf(input as JsonObject, issuer);
  if (keyIds.length === 0) return err("not_signed", `no ed25519 signature by the issuer ${issuer}`);
  const key = keyIds.map((id) => verificationKey(keySet, id)).find((k) => k !== undefined);
  if (key === undefined)
    return err(
      "unknown_key",
      `signed with ${keyIds.map((id) => `ed25519:${id}`).join(", ")}, which ${issuer} does not publish`,
    );
  const signature = verifyJsonSignature(sodium, input as JsonObject, issuer, key.keyId, key.publicKey);
  if (!signature.ok)
    return signature.error === "bad_signature" || signature.error === "not_signed"
      ? err("bad_signature", signature.message)
      : err("not_canonical", signature.message);

  const issuedAt = attestation.issued_at;
  if (key.revokedFrom !== undefined && issuedAt >= key.revokedFrom)
    return err(
      "key_revoked",
      `key ed25519:${key.keyId} was revoked from ${iso(key.revokedFrom)}; this claims issuance at ${iso(issuedAt)}`,
    );
  if (issuedAt < key.createdAt || (key.retiredAt !== undefined && issuedAt > key.retiredAt))
    return err(
      "key_not_valid_then",
      `key ed25519:${key.keyId} did not sign for ${issuer} at ${iso(issuedAt)} (in use ${iso(key.createdAt)} to ${key.retiredAt === undefined ? "now" : iso(key.retiredAt)})`,
    );
  const now = options.now.getTime();
  if (attestation.expires_at <= issuedAt)
    return err("malformed", "the attestation expires before it was issued");
  if (now >= attestation.expires_at) return err("expired", `expired on ${iso(attestation.expires_at)}`);
  if (issuedAt > now + CLOCK_SKEW_MS) return err("not_yet_valid", `issued in the future (${iso(issuedAt)})`);
  if (options.subject !== undefined && attestation.subject !== options.subject)
    return err(
      "wrong_subject",
      `this attestation is about ${attestation.subject}, not ${options.subject} (replayed for someone else)`,
    );
  return ok({ attestation, key });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
