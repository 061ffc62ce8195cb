import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attestationsOf,
  findAttestation,
  markPublished,
  recordAttestation,
  unpublishedAttestations,
  withdrawAttestation,
} from "../../bot/attestations/attestation-store.ts";
import { signAttestation } from "../../bot/attestations/issue.ts";
import {
  ensureSigningKey,
  listSigningKeys,
  openCurrentSigningKey,
  revokeSigningKey,
  rotateSigningKey,
  type KeyVault,
} from "../../bot/attestations/signing-keys.ts";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { seal } from "../../bot/crypto/secret-box.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../schema/index.ts";
import { freshPostgresDatabase } from "../support/database.ts";

const ALICE = "@alice:carers.example" as UserId;
const T0 = new Date("2026-03-01T12:00:00Z");
const later = (ms: number): Date => new Date(T0.getTime() + ms);

const backends: [string, () => Promise<{ location: string; dispose(): Promise<void> }>][] = [
  [
    "SQLite (a file, WAL)",
    () => {
      const location = join(mkdtempSync(join(tmpdir(), "kindred-attest-")), "kindred.sqlite");
      return Promise.resolve({ location, dispose: () => Promise.resolve() });
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const database = await freshPostgresDatabase();
      return { location: database.url, dispose: () => database.drop() };
    },
  ],
];

describe.each(backends)("signing keys and attestations on %s", async (_name, open) => {
  const { sodium } = await loadSodium();
  const vault: KeyVault = {
    sodium,
    sealingKey: deriveKey(sodium, sodium.randombytes_buf(32), "signing-keys"),
  };
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await open();
    dispose = opened.dispose;
    handle = connectDatabase(opened.location);
    const migrated = await migrateToLatest(handle);
    expect(migrated).toMatchObject({
      ok: true,
      applied: expect.arrayContaining(["0005-attestations"]) as unknown,
    });
  });
  afterAll(async () => {
    await handle.close();
    await dispose();
  });

  it("creates one signing key on first start, sealed at rest, even when two starts race", async () => {
    const raced = await Promise.all([
      ensureSigningKey(handle.db, vault, T0),
      ensureSigningKey(handle.db, vault, T0),
    ]);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    const [first] = raced;
    expect(first?.keyId).toMatch(/^k20260301_[0-9a-f]{6}$/);
    expect(raced[1]?.keyId).toBe(first?.keyId);
    expect(await ensureSigningKey(handle.db, vault, later(1000))).toEqual({
      keyId: first?.keyId,
      created: false,
    });
    const rows = await handle.db.selectFrom("signing_keys").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sealed_seed).toMatch(/^v1\./);
    const opened = await openCurrentSigningKey(handle.db, vault);
    expect(opened.ok && encode(opened.value.secretKey.subarray(32))).toBe(rows[0]?.public_key);
  });

  it("refuses to open the key with another master key, or when its sealed seed was swapped", async () => {
    const other: KeyVault = {
      sodium,
      sealingKey: deriveKey(sodium, sodium.randombytes_buf(32), "signing-keys"),
    };
    expect(await openCurrentSigningKey(handle.db, other)).toMatchObject({ ok: false, error: "corrupt" });
    const row = await handle.db.selectFrom("signing_keys").selectAll().executeTakeFirstOrThrow();
    const swapped = seal(sodium, vault.sealingKey, sodium.randombytes_buf(32));
    await handle.db.updateTable("signing_keys").set({ sealed_seed: swapped }).execute();
    expect(await openCurrentSigningKey(handle.db, vault)).toMatchObject({
      ok: false,
      error: "corrupt",
      message: expect.stringContaining("does not match the public key") as unknown,
    });
    await handle.db.updateTable("signing_keys").set({ sealed_seed: row.sealed_seed }).execute();
    expect((await openCurrentSigningKey(handle.db, vault)).ok).toBe(true);
  });

  it("rotates: the old key is kept, retired, and a new one signs", async () => {
    const [before] = await listSigningKeys(handle.db);
    const rotated = await rotateSigningKey(handle.db, vault, later(60_000));
    expect(rotated.retired).toBe(before?.keyId);
    const keys = await listSigningKeys(handle.db);
    expect(keys).toEqual([
      expect.objectContaining({
        keyId: before?.keyId,
        current: false,
        retiredAt: later(60_000),
        revokedFrom: null,
      }),
      expect.objectContaining({ keyId: rotated.current, current: true, retiredAt: null }),
    ]);
    const opened = await openCurrentSigningKey(handle.db, vault);
    expect(opened.ok && opened.value.keyId).toBe(rotated.current);
  });

  it("revokes a key from a date, keeping the earliest date, and rotates when it was current", async () => {
    const [retired, current] = await listSigningKeys(handle.db);
    if (retired === undefined || current === undefined) throw new Error("expected two keys");
    expect(
      await revokeSigningKey(handle.db, vault, {
        keyId: retired.keyId,
        from: later(30_000),
        now: later(90_000),
      }),
    ).toEqual({
      ok: true,
      value: { replacedBy: undefined },
    });
    await revokeSigningKey(handle.db, vault, {
      keyId: retired.keyId,
      from: later(50_000),
      now: later(95_000),
    });
    const revokedCurrent = await revokeSigningKey(handle.db, vault, {
      keyId: current.keyId,
      from: later(100_000),
      now: later(100_000),
    });
    const replacement = revokedCurrent.ok ? revokedCurrent.value.replacedBy : undefined;
    expect(replacement).toBeDefined();
    expect(await listSigningKeys(handle.db)).toEqual([
      expect.objectContaining({ keyId: retired.keyId, revokedFrom: later(30_000), revokedAt: later(90_000) }),
      expect.objectContaining({ keyId: current.keyId, current: false, revokedFrom: later(100_000) }),
      expect.objectContaining({ keyId: replacement, current: true, revokedFrom: null }),
    ]);
    expect(await revokeSigningKey(handle.db, vault, { keyId: "nope", from: T0, now: T0 })).toMatchObject({
      ok: false,
      error: "unknown_key",
    });
  });

  it("records attestations, lists a member's, and tracks publication and withdrawal", async () => {
    const key = await openCurrentSigningKey(handle.db, vault);
    if (!key.ok) throw new Error(key.message);
    const issue = (at: Date) => {
      const signed = signAttestation(sodium, key.value, {
        issuer: "carers.example",
        subject: ALICE,
        claims: {
          role: "peer_supporter",
          support_pairings_completed: 5,
          circles_hosted: 0,
          training_completed: true,
        },
        issuedAt: at,
        expiresAt: later(365 * 86_400_000),
      });
      if (!signed.ok) throw new Error(signed.message);
      return signed.value;
    };
    const [older, newer] = [issue(later(200_000)), issue(later(300_000))];
    await recordAttestation(handle.db, older, key.value.keyId);
    await recordAttestation(handle.db, newer, key.value.keyId);
    expect((await attestationsOf(handle.db, ALICE)).map((a) => a.attestation)).toEqual([newer, older]);
    expect((await unpublishedAttestations(handle.db, 10)).map((a) => a.attestation.id)).toEqual([
      older.id,
      newer.id,
    ]);

    await markPublished(handle.db, older.id, { withdrawn: false }, later(400_000));
    expect((await unpublishedAttestations(handle.db, 10)).map((a) => a.attestation.id)).toEqual([newer.id]);

    expect(await withdrawAttestation(handle.db, older.id, later(500_000))).toEqual({
      ok: true,
      value: undefined,
    });
    // Publishing the issued state after the withdrawal must not hide that the withdrawal is unpublished.
    await markPublished(handle.db, older.id, { withdrawn: false }, later(600_000));
    expect(await findAttestation(handle.db, older.id)).toMatchObject({
      withdrawnAt: later(500_000),
      publishedAt: null,
    });
    await markPublished(handle.db, older.id, { withdrawn: true }, later(700_000));
    expect(await findAttestation(handle.db, older.id)).toMatchObject({ publishedAt: later(700_000) });
    expect(await withdrawAttestation(handle.db, "unknown-attestation-id", T0)).toMatchObject({
      ok: false,
      error: "unknown_attestation",
    });
  });
});

function encode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/=+$/, "");
}
