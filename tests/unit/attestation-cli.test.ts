import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAttestation, withdrawAttestation } from "../../bot/attestations/attestation-store.ts";
import { encodeUnpaddedBase64 } from "../../bot/attestations/base64.ts";
import { KEY_SET_FORMAT, type Attestation } from "../../bot/attestations/format.ts";
import { signAttestation } from "../../bot/attestations/issue.ts";
import { openCurrentSigningKey } from "../../bot/attestations/signing-keys.ts";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { keysCommand, verifyCommand, type CommandIo } from "../../bin/attestation-commands.ts";
import { loadConfig, type KindredConfig } from "../../bin/config.ts";
import { connectDatabase } from "../../schema/index.ts";
import { VALID_CONFIG, writeConfig } from "../support/config-files.ts";

const SERVER = VALID_CONFIG.homeserver.server_name;
const ALICE = `@alice:${SERVER}` as UserId;
const CLAIMS = {
  role: "mentor",
  support_pairings_completed: 14,
  circles_hosted: 3,
  training_completed: true,
} as const;

function capture(): CommandIo & { lines: string[]; errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    text: () => lines.join("\n"),
  };
}

describe("kindred keys and kindred verify", async () => {
  const { sodium } = await loadSodium();
  // A homeserver nobody listens on: publishing is attempted, fails fast, and is reported.
  const file = writeConfig({
    ...VALID_CONFIG,
    homeserver: { url: "http://127.0.0.1:9", server_name: SERVER },
  });
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(loaded.message);
  const config: KindredConfig = loaded.value;
  const dir = join(file, "..");
  const run = async (command: typeof keysCommand, ...args: string[]) => {
    const io = capture();
    const code = await command([...args, "--config", file], io);
    return { code, out: io.text(), errors: io.errors };
  };
  const vault = { sodium, sealingKey: deriveKey(sodium, config.masterKey, "signing-keys") };
  const database = () => connectDatabase(config.databaseUrl);

  /** Signs with the community's current key, as issuance will, and writes the attestation to a file. */
  async function issueToFile(
    name: string,
    at: Date,
    record = false,
  ): Promise<{ path: string; attestation: Attestation }> {
    const handle = database();
    try {
      const key = await openCurrentSigningKey(handle.db, vault);
      if (!key.ok) throw new Error(key.message);
      const signed = signAttestation(sodium, key.value, {
        issuer: SERVER,
        subject: ALICE,
        claims: CLAIMS,
        issuedAt: at,
        expiresAt: new Date(at.getTime() + 365 * 86_400_000),
      });
      if (!signed.ok) throw new Error(signed.message);
      if (record) await recordAttestation(handle.db, signed.value, key.value.keyId);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(signed.value));
      return { path, attestation: signed.value };
    } finally {
      await handle.close();
    }
  }

  let genuine: { path: string; attestation: Attestation };

  beforeAll(async () => {
    const first = await run(keysCommand, "rotate");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Rotated: ed25519:k\d{8}_[0-9a-f]{6} now signs; there was no key before\./);
    genuine = await issueToFile("genuine.json", new Date());
  });
  afterAll(() => undefined);

  it("shows the keys, and says when publishing must wait for the next start", async () => {
    const shown = await run(keysCommand, "show");
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(
      new RegExp(
        `^Attestation signing keys of ${SERVER}:\\n  ed25519:k\\d{8}_\\w+  \\S{43}  created \\S+  current`,
      ),
    );
    const rotated = await run(keysCommand, "rotate");
    expect(rotated.out).toContain("is retired and still verifies what it signed.");
    expect(rotated.out).toContain("Not published yet (");
    expect(rotated.out).toContain("Kindred publishes the key set when it next starts.");
  });

  it("prints the public key set as JSON, with nothing secret in it", async () => {
    const shown = await run(keysCommand, "show", "--json");
    const keySet = JSON.parse(shown.out) as { format: string; issuer: string; keys: Record<string, object> };
    expect(keySet).toMatchObject({ format: KEY_SET_FORMAT, issuer: SERVER });
    expect(Object.values(keySet.keys)).toEqual([
      {
        key: expect.any(String) as unknown,
        created_at: expect.any(Number) as unknown,
        retired_at: expect.any(Number) as unknown,
      },
      { key: expect.any(String) as unknown, created_at: expect.any(Number) as unknown },
    ]);
    expect(shown.out).not.toContain("v1.");
  });

  it("verifies an attestation it issued, even after rotation, and prints what it says", async () => {
    const verified = await run(verifyCommand, genuine.path, "--offline");
    expect(verified.code).toBe(0);
    expect(verified.out).toContain("VALID\n");
    expect(verified.out).toContain("rotated-out key, valid for what it signed");
    expect(verified.out).toContain(`subject     ${ALICE}`);
    expect(verified.out).toContain(
      "mentor; 14 completed support pairings; 3 circles hosted; no peer feedback yet; training completed",
    );
  });

  it("prints INVALID with the reason for a forgery, a replay, and an expired attestation", async () => {
    const forged = join(dir, "forged.json");
    writeFileSync(
      forged,
      JSON.stringify({ ...genuine.attestation, claims: { ...CLAIMS, circles_hosted: 40 } }),
    );
    expect(await run(verifyCommand, forged)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(bad_signature\)/) as unknown,
    });
    expect(await run(verifyCommand, genuine.path, "--subject", "@bob:partner.example")).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(wrong_subject\)/) as unknown,
    });
    expect(await run(verifyCommand, genuine.path, "--at", "2099-01-01")).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(expired\)/) as unknown,
    });
    writeFileSync(join(dir, "broken.json"), "{not json");
    expect(await run(verifyCommand, join(dir, "broken.json"))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(malformed\): .*broken.json is not JSON/) as unknown,
    });
  });

  it("refuses an attestation its member withdrew", async () => {
    const issued = await issueToFile("withdrawn.json", new Date(), true);
    const handle = database();
    await withdrawAttestation(handle.db, issued.attestation.id, new Date());
    await handle.close();
    expect(await run(verifyCommand, issued.path)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(withdrawn\)/) as unknown,
    });
  });

  it("revokes a key from a date: what it signed before still verifies, what it signed after does not", async () => {
    const t = Date.now();
    const before = await issueToFile("before.json", new Date(t));
    const after = await issueToFile("after.json", new Date(t + 2));
    const keyId = Object.keys(after.attestation.signatures[SERVER] ?? {})[0];
    const from = new Date(t + 1).toISOString();
    const revoked = await run(keysCommand, "revoke", String(keyId), "--from", from, "--offline");
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(
      `Revoked ${String(keyId)}: attestations it signed from ${from} on no longer verify.`,
    );
    expect(revoked.out).toMatch(/It was the current key: ed25519:\w+ now signs\./);
    expect(revoked.out).not.toContain("published");
    expect(await run(verifyCommand, after.path)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^INVALID \(key_revoked\)/) as unknown,
    });
    expect((await run(verifyCommand, before.path)).code).toBe(0);
    expect(await run(keysCommand, "revoke", "ed25519:nope")).toMatchObject({
      code: 1,
      errors: ["kindred: no signing key nope (see kindred keys show)"],
    });
  });

  it("checks another community's attestation against a key set, and trusts only configured issuers", async () => {
    const partner = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(9));
    const signed = signAttestation(
      sodium,
      { keyId: "p1", secretKey: partner.privateKey },
      {
        issuer: "partner.example",
        subject: "@carol:partner.example" as UserId,
        claims: CLAIMS,
        issuedAt: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    );
    const attestationFile = join(dir, "partner.json");
    writeFileSync(attestationFile, JSON.stringify(signed.ok && signed.value));
    const keysFile = join(dir, "partner-keys.json");
    writeFileSync(
      keysFile,
      JSON.stringify({
        format: KEY_SET_FORMAT,
        issuer: "partner.example",
        keys: {
          "ed25519:p1": { key: encodeUnpaddedBase64(partner.publicKey), created_at: Date.now() - 86_400_000 },
        },
      }),
    );
    const untrusted = await run(verifyCommand, attestationFile, "--keys", keysFile);
    expect(untrusted).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^VALID signature, but UNTRUSTED: partner.example/) as unknown,
    });

    const trustingFile = writeConfig({
      ...VALID_CONFIG,
      data_dir: join(dir, "data"),
      attestations: { trusted_issuers: ["partner.example"] },
    });
    const io = capture();
    expect(await verifyCommand([attestationFile, "--keys", keysFile, "--config", trustingFile], io)).toBe(0);
    expect(io.lines[0]).toBe("VALID");
  });

  it("exits 2 on usage errors", async () => {
    expect((await run(keysCommand, "burn")).code).toBe(2);
    expect((await run(keysCommand, "revoke")).code).toBe(2);
    expect((await run(keysCommand, "show", "--bogus")).code).toBe(2);
    expect((await run(verifyCommand)).code).toBe(2);
    expect((await run(verifyCommand, genuine.path, "--keys", join(dir, "missing.json"))).code).toBe(2);
  });

  it("prints one clear line and exits 2 when the config is wrong, like start", () => {
    const bad = writeConfig({ ...VALID_CONFIG, attestations: { trusted_issuers: "everyone" } });
    const cli = join(import.meta.dirname, "..", "..", "bin", "kindred.ts");
    const tsx = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");
    for (const args of [
      ["keys", "show"],
      ["verify", genuine.path],
    ]) {
      const result = spawnSync(tsx, [cli, ...args, "--config", bad], { encoding: "utf8", timeout: 60_000 });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(/^kindred: config error in .*: attestations.trusted_issuers: /) as unknown,
      ]);
    }
  });
});
