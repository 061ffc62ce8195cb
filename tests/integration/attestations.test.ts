import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { issueAttestation, publishKeys, withdraw } from "../../bot/attestations/issuing.ts";
import { attestationsFromIssuer, verifyOnline } from "../../bot/attestations/reading.ts";
import { revokeSigningKey } from "../../bot/attestations/signing-keys.ts";
import type { Attestation } from "../../bot/attestations/format.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";
import { verifyCommand } from "../../bin/attestation-commands.ts";
import { newMember, startTestKindred, type KindredUnderTest } from "../support/kindred-under-test.ts";

const CLAIMS = {
  role: "mentor",
  support_pairings_completed: 25,
  circles_hosted: 4,
  peer_feedback_percent: 97,
  training_completed: true,
} as const;
const FEDERATION_MS = 60_000;

describe("attestations travel between two communities over federation (real Synapse)", async () => {
  const matrix = inject("matrix");
  const { sodium } = await loadSodium();
  let hs1: KindredUnderTest;
  let hs2: KindredUnderTest;
  let alice: UserId;

  beforeAll(async () => {
    hs1 = await startTestKindred(matrix);
    hs2 = await startTestKindred(matrix, {
      on: "hs2",
      config: { attestations: { trusted_issuers: [matrix.hs1.serverName] } },
    });
    alice = (await newMember(matrix.hs1, "alice")).userId as UserId;
  });
  afterAll(async () => {
    await hs2?.running.stop();
    await hs1?.running.stop();
  });

  const issue = async (): Promise<Attestation> => {
    const issued = await issueAttestation(
      hs1.running.attestations.issuing,
      { subject: alice, claims: CLAIMS, validForMs: 365 * 86_400_000 },
      new Date(),
    );
    if (!issued.ok) throw new Error(issued.message);
    return issued.value;
  };
  /** hs2's verdict on an attestation, as it reads hs1's room now. */
  const verdictOnHs2 = async (attestation: Attestation): Promise<string> => {
    const result = await verifyOnline(hs2.running.attestations.reader, sodium, attestation, {
      now: new Date(),
      subject: alice,
    });
    return result.ok ? "valid" : result.error;
  };

  it("hs1 issues and publishes; hs2 reads it over federation, verifies it and accepts it", async () => {
    const attestation = await issue();
    // hs2 may already be in hs1's room (another test file joined it): then the new state arrives by federation.
    const found = () =>
      attestationsFromIssuer(hs2.running.attestations.reader, sodium, matrix.hs1.serverName, {
        now: new Date(),
        subject: alice,
      });
    await expect
      .poll(found, { timeout: FEDERATION_MS, interval: 250 })
      .toMatchObject({ ok: true, value: [{ attestationId: attestation.id, result: { ok: true } }] });
    expect(await verdictOnHs2(attestation)).toBe("valid");

    const lines: string[] = [];
    const code = await verifyCommand([alice, "--config", hs2.config.file], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    expect(lines.join("\n")).toContain(`${matrix.hs1.serverName}, attestation ${attestation.id}:\nVALID`);
    expect(code).toBe(0);
  });

  it("the room is world-readable and nobody but its creator can write to it", async () => {
    const mallory = await newMember(matrix.hs1, "mallory");
    const alias = encodeURIComponent(`#kindred_attestations:${matrix.hs1.serverName}`);
    const { room_id: roomId } = await mallory.request<{ room_id: string }>(
      "POST",
      `/_matrix/client/v3/join/${alias}`,
      {},
    );
    const room = encodeURIComponent(roomId);
    const visibility = await mallory.request(
      "GET",
      `/_matrix/client/v3/rooms/${room}/state/m.room.history_visibility/`,
    );
    expect(visibility).toEqual({ history_visibility: "world_readable" });
    await expect(
      mallory.request("PUT", `/_matrix/client/v3/rooms/${room}/state/org.kindred.attestation.keys/`, {
        format: "forged",
      }),
    ).rejects.toThrow(/403/);
    // Nobody else on the server can take an alias in Kindred's namespace.
    await expect(
      mallory.request(
        "PUT",
        `/_matrix/client/v3/directory/room/${encodeURIComponent(`#kindred_fake:${matrix.hs1.serverName}`)}`,
        {
          room_id: roomId,
        },
      ),
    ).rejects.toThrow(/M_EXCLUSIVE|400/);
  });

  it("after hs1 withdraws an attestation, hs2 rejects it", async () => {
    const attestation = await issue();
    await expect
      .poll(() => verdictOnHs2(attestation), { timeout: FEDERATION_MS, interval: 250 })
      .toBe("valid");
    expect(await withdraw(hs1.running.attestations.issuing, attestation.id, new Date())).toEqual({
      ok: true,
      value: undefined,
    });
    await expect
      .poll(() => verdictOnHs2(attestation), { timeout: FEDERATION_MS, interval: 250 })
      .toBe("withdrawn");
  });

  it("after hs1 revokes the key that signed it, hs2 rejects it", async () => {
    const attestation = await issue();
    await expect
      .poll(() => verdictOnHs2(attestation), { timeout: FEDERATION_MS, interval: 250 })
      .toBe("valid");
    const { issuing, vault } = hs1.running.attestations;
    const keyId =
      Object.keys(attestation.signatures[matrix.hs1.serverName] ?? {})[0]?.replace("ed25519:", "") ?? "";
    const revoked = await revokeSigningKey(issuing.db, vault, {
      keyId,
      from: new Date(attestation.issued_at),
      now: new Date(),
    });
    expect(revoked.ok).toBe(true);
    expect((await publishKeys(issuing)).ok).toBe(true);
    await expect
      .poll(() => verdictOnHs2(attestation), { timeout: FEDERATION_MS, interval: 250 })
      .toBe("key_revoked");
    // What hs1 issues now, with its new key, is accepted.
    const fresh = await issue();
    await expect.poll(() => verdictOnHs2(fresh), { timeout: FEDERATION_MS, interval: 250 }).toBe("valid");
  });
});
