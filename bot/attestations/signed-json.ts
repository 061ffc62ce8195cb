import type { Sodium } from "../crypto/sodium.ts";
import { err, ok, type Result } from "../result.ts";
import { decodeBase64, encodeUnpaddedBase64 } from "./base64.ts";
import { canonicalJson, type CanonicalJsonFailure } from "./canonical-json.ts";

/**
 * Signed JSON as in the Matrix spec (appendices, "Signing JSON"): the signature covers the canonical JSON of the
 * object without `signatures` and `unsigned`, and goes to `signatures[entity]["ed25519:" + keyId]` as unpadded
 * base64.
 */
export type JsonObject = { readonly [key: string]: unknown };

export type Signatures = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface Ed25519SigningKey {
  /** The key's version, without the `ed25519:` algorithm prefix. */
  readonly keyId: string;
  /** libsodium's 64-byte secret key (seed ‖ public key). */
  readonly secretKey: Uint8Array;
}

export const SIGNATURE_BYTES = 64;
export const PUBLIC_KEY_BYTES = 32;

export function algorithmKeyId(keyId: string): string {
  return `ed25519:${keyId}`;
}

const UNSIGNED_KEYS = ["signatures", "unsigned"] as const;

/** The exact text a signature covers. */
export function signingPayload(object: JsonObject): Result<string, CanonicalJsonFailure> {
  return canonicalJson(object, UNSIGNED_KEYS);
}

/** Returns a copy of `object` with the entity's signature added beside any signatures it already had. */
export function signJson<T extends JsonObject>(
  sodium: Sodium,
  object: T,
  entity: string,
  key: Ed25519SigningKey,
): Result<T & { readonly signatures: Signatures }, CanonicalJsonFailure> {
  const payload = signingPayload(object);
  if (!payload.ok) return payload;
  const signature = signPayload(sodium, payload.value, key);
  const existing = signaturesOf(object);
  const signatures = {
    ...existing,
    [entity]: { ...existing[entity], [algorithmKeyId(key.keyId)]: signature },
  };
  return ok({ ...object, signatures });
}

/** The signature, unpadded base64, over a signing payload (see `signingPayload`). */
export function signPayload(sodium: Sodium, payload: string, key: Ed25519SigningKey): string {
  return encodeUnpaddedBase64(sodium.crypto_sign_detached(payload, key.secretKey));
}

export type SignatureFailure = CanonicalJsonFailure | "not_signed" | "bad_signature";

/** Checks the entity's signature under `ed25519:<keyId>` against a public key. */
export function verifyJsonSignature(
  sodium: Sodium,
  object: JsonObject,
  entity: string,
  keyId: string,
  publicKey: Uint8Array,
): Result<void, SignatureFailure> {
  const name = algorithmKeyId(keyId);
  const text = signaturesOf(object)[entity]?.[name];
  if (text === undefined) return err("not_signed", `no signature by ${entity} with ${name}`);
  const signature = decodeBase64(text, SIGNATURE_BYTES);
  if (signature === undefined)
    return err("bad_signature", `the signature by ${entity} with ${name} is not 64 bytes of base64`);
  const payload = signingPayload(object);
  if (!payload.ok) return payload;
  return sodium.crypto_sign_verify_detached(signature, payload.value, publicKey)
    ? ok(undefined)
    : err(
        "bad_signature",
        `the signature by ${entity} with ${name} does not match the content (altered, or signed by another key)`,
      );
}

/** The `ed25519:` key IDs (without prefix) an entity signed with; other algorithms are ignored. */
export function signingKeyIdsOf(object: JsonObject, entity: string): string[] {
  return Object.keys(signaturesOf(object)[entity] ?? {})
    .filter((name) => name.startsWith("ed25519:"))
    .map((name) => name.slice("ed25519:".length));
}

/** Reads `signatures` defensively: anything that is not an object of objects of strings counts as absent. */
function signaturesOf(object: JsonObject): Record<string, Record<string, string>> {
  const raw = object["signatures"];
  const out: Record<string, Record<string, string>> = {};
  if (!isRecord(raw)) return out;
  for (const [entity, byKey] of Object.entries(raw)) {
    if (!isRecord(byKey)) continue;
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(byKey)) if (typeof value === "string") strings[name] = value;
    out[entity] = strings;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
