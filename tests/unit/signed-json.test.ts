import { describe, expect, it } from "vitest";
import { decodeBase64, encodeUnpaddedBase64 } from "../../bot/attestations/base64.ts";
import { signJson, signingKeyIdsOf, verifyJsonSignature } from "../../bot/attestations/signed-json.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";

// The spec's test key (appendices, "Cryptographic test vectors"): server name "domain", key ID "ed25519:1".
const SPEC_SEED = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

describe("signed JSON (Matrix spec appendix)", async () => {
  const { sodium } = await loadSodium();
  const seed = decodeBase64(SPEC_SEED, 32);
  if (seed === undefined) throw new Error("the spec seed must decode leniently");
  const pair = sodium.crypto_sign_seed_keypair(seed);
  const key = { keyId: "1", secretKey: pair.privateKey };

  it("derives the spec's public key from its seed (whose trailing bits are not zero)", () => {
    expect(encodeUnpaddedBase64(pair.publicKey)).toBe("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI");
    expect(() => sodium.from_base64(SPEC_SEED, sodium.base64_variants.ORIGINAL_NO_PADDING)).toThrow();
  });

  it("reproduces the spec's signature of an empty object", () => {
    const signed = signJson(sodium, {}, "domain", key);
    expect(signed).toEqual({
      ok: true,
      value: {
        signatures: {
          domain: {
            "ed25519:1":
              "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ",
          },
        },
      },
    });
  });

  it("reproduces the spec's signature of a simple object", () => {
    const signed = signJson(sodium, { one: 1, two: "Two" }, "domain", key);
    expect(signed).toEqual({
      ok: true,
      value: {
        one: 1,
        two: "Two",
        signatures: {
          domain: {
            "ed25519:1":
              "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw",
          },
        },
      },
    });
  });

  it("leaves `unsigned` and existing signatures out of what it signs, and keeps them", () => {
    const first = signJson(sodium, { one: 1, two: "Two" }, "domain", key);
    if (!first.ok) throw new Error(first.message);
    const withExtras = {
      ...first.value,
      unsigned: { age_ts: 1000000 },
      signatures: { ...first.value.signatures, "other.example": { "ed25519:x": "AAAA" } },
    };
    const again = signJson(sodium, withExtras, "domain", key);
    expect(again.ok && again.value.signatures["domain"]).toEqual(first.value.signatures["domain"]);
    expect(again.ok && again.value.signatures["other.example"]).toEqual({ "ed25519:x": "AAAA" });
    expect(again.ok && again.value.unsigned).toEqual({ age_ts: 1000000 });
    expect(verifyJsonSignature(sodium, withExtras, "domain", "1", pair.publicKey)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(signingKeyIdsOf(withExtras, "domain")).toEqual(["1"]);
  });

  it("refuses a changed object, a missing signature and a signature that is not base64", () => {
    const signed = signJson(sodium, { one: 1, two: "Two" }, "domain", key);
    if (!signed.ok) throw new Error(signed.message);
    expect(
      verifyJsonSignature(sodium, { ...signed.value, two: "Three" }, "domain", "1", pair.publicKey),
    ).toMatchObject({
      ok: false,
      error: "bad_signature",
    });
    expect(verifyJsonSignature(sodium, signed.value, "domain", "2", pair.publicKey)).toMatchObject({
      ok: false,
      error: "not_signed",
    });
    const garbled = { ...signed.value, signatures: { domain: { "ed25519:1": "not*base64" } } };
    expect(verifyJsonSignature(sodium, garbled, "domain", "1", pair.publicKey)).toMatchObject({
      ok: false,
      error: "bad_signature",
    });
  });

  it("signs a parsed __proto__ key like any other key", () => {
    const parsed = JSON.parse('{"__proto__":{"a":1},"b":2}') as Record<string, unknown>;
    const signed = signJson(sodium, parsed, "domain", key);
    if (!signed.ok) throw new Error(signed.message);
    const stripped = JSON.parse('{"b":2}') as Record<string, unknown>;
    const moved = { ...stripped, signatures: signed.value.signatures };
    expect(verifyJsonSignature(sodium, moved, "domain", "1", pair.publicKey)).toMatchObject({
      ok: false,
      error: "bad_signature",
    });
  });

  it("refuses to sign floats", () => {
    expect(signJson(sodium, { score: 0.5 }, "domain", key)).toMatchObject({ ok: false, error: "float" });
  });
});
