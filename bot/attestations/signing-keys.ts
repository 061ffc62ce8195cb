import type { Kysely, Transaction } from "kysely";
import type { Database, SigningKeyTable } from "../../schema/index.ts";
import { open, seal } from "../crypto/secret-box.ts";
import type { Sodium } from "../crypto/sodium.ts";
import { err, ok, type Result } from "../result.ts";
import { encodeUnpaddedBase64 } from "./base64.ts";
import type { Ed25519SigningKey } from "./signed-json.ts";

/** libsodium and the subkey that seals signing seeds (`deriveKey(sodium, masterKey, "signing-keys")`). */
export interface KeyVault {
  readonly sodium: Sodium;
  readonly sealingKey: Uint8Array;
}

export interface SigningKeyInfo {
  /** Without the `ed25519:` prefix. */
  readonly keyId: string;
  /** Unpadded base64. */
  readonly publicKey: string;
  readonly current: boolean;
  readonly createdAt: Date;
  readonly retiredAt: Date | null;
  readonly revokedFrom: Date | null;
  readonly revokedAt: Date | null;
}

export async function listSigningKeys(db: Kysely<Database>): Promise<SigningKeyInfo[]> {
  const rows = await db
    .selectFrom("signing_keys")
    .selectAll()
    .orderBy("created_at")
    .orderBy("key_id")
    .execute();
  return rows.map(toInfo);
}

/** Creates the community's first signing key if it has none that can sign (first start). */
export async function ensureSigningKey(
  db: Kysely<Database>,
  vault: KeyVault,
  now: Date,
): Promise<{ keyId: string; created: boolean }> {
  const existing = await currentRow(db);
  if (existing !== undefined) return { keyId: existing.key_id, created: false };
  try {
    return { keyId: await insertKey(db, vault, now), created: true };
  } catch (error) {
    // Another process created one at the same moment; the unique index kept it to one.
    const raced = await currentRow(db);
    if (raced !== undefined) return { keyId: raced.key_id, created: false };
    throw error;
  }
}

/** Retires the current key (it keeps verifying what it signed) and makes a new one current. */
export async function rotateSigningKey(
  db: Kysely<Database>,
  vault: KeyVault,
  now: Date,
): Promise<{ retired: string | undefined; current: string }> {
  return db.transaction().execute(async (trx) => {
    const retired = await retireCurrent(trx, now);
    return { retired, current: await insertKey(trx, vault, now) };
  });
}

export type RevokeFailure = "unknown_key";

/**
 * Refuses the key for anything issued from `from` on (an earlier revocation date is kept). Revoking the current
 * key also rotates, so the community can go on issuing.
 */
export async function revokeSigningKey(
  db: Kysely<Database>,
  vault: KeyVault,
  request: { keyId: string; from: Date; now: Date },
): Promise<Result<{ replacedBy: string | undefined }, RevokeFailure>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("signing_keys")
      .selectAll()
      .where("key_id", "=", request.keyId)
      .executeTakeFirst();
    if (row === undefined) return err("unknown_key", `no signing key ${request.keyId}`);
    const from = request.from.toISOString();
    const earliest = row.revoked_from !== null && row.revoked_from < from ? row.revoked_from : from;
    await trx
      .updateTable("signing_keys")
      .set({ revoked_from: earliest, revoked_at: row.revoked_at ?? request.now.toISOString() })
      .where("key_id", "=", row.key_id)
      .execute();
    if (row.status !== "current") return ok({ replacedBy: undefined });
    await retireCurrent(trx, request.now);
    return ok({ replacedBy: await insertKey(trx, vault, request.now) });
  });
}

export type OpenKeyFailure = "no_current_key" | "corrupt";

/** The key to sign with now, unsealed; checks the seed still matches the public key on record. */
export async function openCurrentSigningKey(
  db: Kysely<Database>,
  vault: KeyVault,
): Promise<Result<Ed25519SigningKey, OpenKeyFailure>> {
  const row = await currentRow(db);
  if (row === undefined) return err("no_current_key", "the community has no current signing key");
  const seed = open(vault.sodium, vault.sealingKey, row.sealed_seed);
  if (!seed.ok) return err("corrupt", `signing key ${row.key_id} does not open: ${seed.message}`);
  const pair = vault.sodium.crypto_sign_seed_keypair(seed.value);
  if (encodeUnpaddedBase64(pair.publicKey) !== row.public_key)
    return err(
      "corrupt",
      `signing key ${row.key_id}: the sealed seed does not match the public key on record`,
    );
  return ok({ keyId: row.key_id, secretKey: pair.privateKey });
}

function currentRow(db: Kysely<Database> | Transaction<Database>) {
  return db.selectFrom("signing_keys").selectAll().where("status", "=", "current").executeTakeFirst();
}

async function retireCurrent(trx: Transaction<Database>, now: Date): Promise<string | undefined> {
  const current = await currentRow(trx);
  if (current === undefined) return undefined;
  await trx
    .updateTable("signing_keys")
    .set({ status: "retired", retired_at: now.toISOString() })
    .where("key_id", "=", current.key_id)
    .execute();
  return current.key_id;
}

async function insertKey(
  db: Kysely<Database> | Transaction<Database>,
  vault: KeyVault,
  now: Date,
): Promise<string> {
  const { sodium } = vault;
  const seed = sodium.randombytes_buf(sodium.crypto_sign_SEEDBYTES);
  const pair = sodium.crypto_sign_seed_keypair(seed);
  // Matrix key IDs are [A-Za-z0-9_]; the date helps an operator tell keys apart.
  const keyId = `k${now.toISOString().slice(0, 10).replaceAll("-", "")}_${sodium.to_hex(sodium.randombytes_buf(3))}`;
  await db
    .insertInto("signing_keys")
    .values({
      key_id: keyId,
      public_key: encodeUnpaddedBase64(pair.publicKey),
      sealed_seed: seal(sodium, vault.sealingKey, seed),
      status: "current",
      created_at: now.toISOString(),
      retired_at: null,
      revoked_from: null,
      revoked_at: null,
    })
    .execute();
  return keyId;
}

function toInfo(row: SigningKeyTable): SigningKeyInfo {
  const date = (text: string | null): Date | null => (text === null ? null : new Date(text));
  return {
    keyId: row.key_id,
    publicKey: row.public_key,
    current: row.status === "current",
    createdAt: new Date(row.created_at),
    retiredAt: date(row.retired_at),
    revokedFrom: date(row.revoked_from),
    revokedAt: date(row.revoked_at),
  };
}
