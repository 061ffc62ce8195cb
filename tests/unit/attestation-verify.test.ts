import { describe, expect, it } from "vitest";
import { encodeUnpaddedBase64 } from "../../bot/attestations/base64.ts";
import { KEY_SET_FORMAT, type Attestation, type KeySet } from "../../bot/attestations/format.ts";
import { signAttestation, type AttestationDraft } from "../../bot/attestations/issue.ts";
import { signJson } from "../../bot/attestations/signed-json.ts";
import { verifyAttestation } from "../../bot/attestations/verify.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";

const ISSUER = "carers.example";
const ALICE = "@alice:carers.example" as UserId;
const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T12:00:00Z");

describe("verifying attestations: every forgery fails with its reason", async () => {
  const { sodium } = await loadSodium();
  const keyPair = (byte: number) => sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(byte));
  const community = keyPair(1);
  const stranger = keyPair(2);
  const successor = keyPair(3);
  const key = { keyId: "k1", secretKey: community.privateKey };

  const keySet = (keys: KeySet["keys"] = {}): KeySet => ({
    format: KEY_SET_FORMAT,
    issuer: ISSUER,
    keys: { "ed25519:k1": { key: encodeUnpaddedBase64(community.publicKey), created_at: T0 - DAY }, ...keys },
  });
  const draft: AttestationDraft = {
    issuer: ISSUER,
    subject: ALICE,
    claims: {
      role: "mentor",
      support_pairings_completed: 14,
      circles_hosted: 3,
      peer_feedback_percent: 96,
      training_completed: true,
    },
    issuedAt: new Date(T0),
    expiresAt: new Date(T0 + 365 * DAY),
  };
  const issue = (overrides: Partial<AttestationDraft> = {}, signingKey = key): Attestation => {
    const signed = signAttestation(sodium, signingKey, { ...draft, ...overrides });
    if (!signed.ok) throw new Error(signed.message);
    return signed.value;
  };
  const now = { now: new Date(T0 + DAY) };
  const verdict = (input: unknown, keys = keySet(), options: { now: Date; subject?: string } = now) => {
    const result = verifyAttestation(sodium, input, keys, options);
    return result.ok ? "valid" : `${result.error}: ${result.message}`;
  };

  it("accepts a genuine attestation, and survives a JSON round trip", () => {
    const attestation = issue();
    expect(verdict(attestation)).toBe("valid");
    expect(verdict(JSON.parse(JSON.stringify(attestation)))).toBe("valid");
    expect(verdict(attestation, keySet(), { ...now, subject: ALICE })).toBe("valid");
  });

  it("refuses a changed claim", () => {
    const attestation = issue();
    const forged = { ...attestation, claims: { ...attestation.claims, role: "mentor", circles_hosted: 30 } };
    expect(verdict(forged)).toMatch(
      /^bad_signature: the signature by carers.example with ed25519:k1 does not match/,
    );
  });

  it("refuses a changed subject", () => {
    expect(verdict({ ...issue(), subject: "@mallory:evil.example" })).toMatch(/^bad_signature/);
  });

  it("refuses a signature by another key under the community's key ID", () => {
    const forged = issue({}, { keyId: "k1", secretKey: stranger.privateKey });
    expect(verdict(forged)).toMatch(/^bad_signature/);
  });

  it("refuses a key ID the issuer does not publish", () => {
    const forged = issue({}, { keyId: "mallory", secretKey: stranger.privateKey });
    expect(verdict(forged)).toBe(
      "unknown_key: signed with ed25519:mallory, which carers.example does not publish",
    );
  });

  it("refuses an attestation without the issuer's signature", () => {
    const { signatures: _, ...bare } = issue();
    expect(verdict({ ...bare, signatures: {} })).toMatch(/^not_signed/);
    expect(verdict({ ...bare, signatures: { "evil.example": { "ed25519:k1": "AAAA" } } })).toMatch(
      /^not_signed/,
    );
  });

  it("refuses an expired attestation", () => {
    const attestation = issue({ expiresAt: new Date(T0 + DAY / 2) });
    expect(verdict(attestation)).toBe("expired: expired on 2026-03-02T00:00:00.000Z");
  });

  it("refuses one issued after its key was revoked, and keeps those issued before", () => {
    const revoked = keySet({
      "ed25519:k1": {
        key: encodeUnpaddedBase64(community.publicKey),
        created_at: T0 - DAY,
        revoked_from: T0 - 60_000,
      },
    });
    expect(verdict(issue(), revoked)).toBe(
      "key_revoked: key ed25519:k1 was revoked from 2026-03-01T11:59:00.000Z; this claims issuance at 2026-03-01T12:00:00.000Z",
    );
    expect(verdict(issue({ issuedAt: new Date(T0 - 120_000) }), revoked)).toBe("valid");
  });

  it("refuses an attestation replayed for another subject", () => {
    expect(verdict(issue(), keySet(), { ...now, subject: "@bob:partner.example" })).toBe(
      "wrong_subject: this attestation is about @alice:carers.example, not @bob:partner.example (replayed for someone else)",
    );
  });

  it("still accepts what a rotated-out (not revoked) key signed", () => {
    const attestation = issue();
    const rotated = keySet({
      "ed25519:k1": {
        key: encodeUnpaddedBase64(community.publicKey),
        created_at: T0 - DAY,
        retired_at: T0 + 1000,
      },
      "ed25519:k2": { key: encodeUnpaddedBase64(successor.publicKey), created_at: T0 + 1000 },
    });
    expect(verdict(attestation, rotated)).toBe("valid");
    // …but not something it claims to have signed after it was retired.
    expect(verdict(issue({ issuedAt: new Date(T0 + 2000) }), rotated)).toMatch(/^key_not_valid_then/);
  });

  it("refuses keys of another issuer, and an attestation naming another issuer", () => {
    expect(verdict(issue(), { ...keySet(), issuer: "other.example" })).toMatch(/^wrong_issuer/);
    expect(verdict(issue({ issuer: "other.example" }))).toMatch(/^wrong_issuer/);
  });

  it("refuses any claim beyond contribution, even when properly signed", () => {
    const attestation = issue();
    const { signatures: _, ...content } = attestation;
    const healthy = signJson(
      sodium,
      { ...content, claims: { ...content.claims, diagnosis: "depression" } },
      ISSUER,
      key,
    );
    expect(healthy.ok && verdict(healthy.value)).toBe(
      "malformed: not a valid attestation at claims: unknown field diagnosis (nothing but the protocol's fields may be claimed)",
    );
    const extraField = signJson(sodium, { ...content, mood: "low" }, ISSUER, key);
    expect(extraField.ok && verdict(extraField.value)).toMatch(/^malformed: .*unknown field mood/);
    expect(verdict({ ...attestation, claims: { ...attestation.claims, role: "therapist" } })).toMatch(
      /^malformed: .*claims.role/,
    );
  });

  it("never signs a claim that is not contribution, or a fractional percentage", () => {
    const claims = { ...draft.claims, peer_feedback_percent: 96.5 };
    expect(signAttestation(sodium, key, { ...draft, claims })).toMatchObject({
      ok: false,
      error: "invalid_claims",
    });
    const smuggled = { ...draft.claims, notes: "anxious" } as typeof draft.claims;
    expect(signAttestation(sodium, key, { ...draft, claims: smuggled })).toMatchObject({
      ok: false,
      error: "invalid_claims",
    });
  });

  it("refuses one issued in the future, or expiring before its issuance", () => {
    expect(verdict(issue({ issuedAt: new Date(T0 + 2 * DAY) }))).toMatch(/^not_yet_valid/);
    expect(verdict(issue({ expiresAt: new Date(T0 - 1) }))).toMatch(
      /^malformed: the attestation expires before/,
    );
  });

  it("refuses what is not an attestation at all", () => {
    expect(verdict(null)).toMatch(/^malformed/);
    expect(verdict("{}")).toMatch(/^malformed/);
    expect(verdict({ ...issue(), format: "org.kindred.attestation.v0" })).toMatch(/^malformed: .* at format/);
  });
});
