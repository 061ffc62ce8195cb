import { decodeBase64 } from "./base64.ts";
import { KEY_SET_FORMAT, type KeySet, type PublishedKey } from "./format.ts";
import { algorithmKeyId, PUBLIC_KEY_BYTES } from "./signed-json.ts";
import type { SigningKeyInfo } from "./signing-keys.ts";

/** The community's public keys as published: every key it ever had, so old attestations keep verifying. */
export function keySetOf(issuer: string, keys: readonly SigningKeyInfo[]): KeySet {
  const published: Record<string, PublishedKey> = {};
  for (const key of keys) {
    published[algorithmKeyId(key.keyId)] = {
      key: key.publicKey,
      created_at: key.createdAt.getTime(),
      ...(key.retiredAt === null ? {} : { retired_at: key.retiredAt.getTime() }),
      ...(key.revokedFrom === null ? {} : { revoked_from: key.revokedFrom.getTime() }),
    };
  }
  return { format: KEY_SET_FORMAT, issuer, keys: published };
}

export interface VerificationKey {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly createdAt: number;
  readonly retiredAt: number | undefined;
  readonly revokedFrom: number | undefined;
}

/** A published key ready to verify with; `undefined` when the key set does not list it (or lists garbage). */
export function verificationKey(keySet: KeySet, keyId: string): VerificationKey | undefined {
  const published = keySet.keys[algorithmKeyId(keyId)];
  if (published === undefined) return undefined;
  const publicKey = decodeBase64(published.key, PUBLIC_KEY_BYTES);
  if (publicKey === undefined) return undefined;
  return {
    keyId,
    publicKey,
    createdAt: published.created_at,
    retiredAt: published.retired_at,
    revokedFrom: published.revoked_from,
  };
}
