import type { Sodium } from "./sodium.ts";

/**
 * Every at-rest key derives from the one master key in config (`secrets.master_key`), one subkey per purpose,
 * so a leaked subkey opens nothing else. Never reorder or reuse these IDs: stored data depends on them.
 */
const PURPOSES = {
  "member-data": 1, // experiences, notes, filters, moods
  "crypto-store": 2, // the bot's E2EE store snapshots
  "signing-keys": 3, // the community's attestation signing keys
  "web-sessions": 4, // cookie signing
} as const;

export type KeyPurpose = keyof typeof PURPOSES;

export const MASTER_KEY_BYTES = 32;

export function deriveKey(sodium: Sodium, masterKey: Uint8Array, purpose: KeyPurpose): Uint8Array {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new Error(`master key must be ${MASTER_KEY_BYTES} bytes`);
  return sodium.crypto_kdf_derive_from_key(32, PURPOSES[purpose], "kindred_", masterKey);
}
