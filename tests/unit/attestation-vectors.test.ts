import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { attestationSchema, keySetSchema, type KeySet } from "../../bot/attestations/format.ts";
import { signAttestation, type AttestationDraft } from "../../bot/attestations/issue.ts";
import { signJson, signingPayload } from "../../bot/attestations/signed-json.ts";
import { verifyAttestation } from "../../bot/attestations/verify.ts";
import { decodeBase64, encodeUnpaddedBase64 } from "../../bot/attestations/base64.ts";
import { loadSodium } from "../../bot/crypto/sodium.ts";
import type { UserId } from "../../bot/ids.ts";

const PROTOCOL = readFileSync(join(import.meta.dirname, "..", "..", "docs", "PROTOCOL.md"), "utf8");

/** The fenced block right after `<!-- pinned: name -->` in docs/PROTOCOL.md. */
function pinned(name: string): string {
  const match = new RegExp(`<!-- pinned: ${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\\n\\s*\`\`\``).exec(
    PROTOCOL,
  );
  if (match?.[1] === undefined) throw new Error(`docs/PROTOCOL.md has no pinned block ${name}`);
  return match[1].trim();
}

const SEED = "Kindred attestation test vector!";
const PUBLIC_KEY = "tmZoQigW++Sgd9q1WS7H0D7D55a+vfTuXeB9BdQMly4";
const ISSUED = new Date("2026-03-01T12:00:00Z");
const EXPIRES = new Date("2027-03-01T12:00:00Z");
const NOW = { now: new Date("2026-06-01T00:00:00Z") };

const VECTORS: { draft: Omit<AttestationDraft, "issuer" | "issuedAt" | "expiresAt">; signature: string }[] = [
  {
    draft: {
      id: "KindredTestVector0001",
      subject: "@alice:partner.example" as UserId,
      claims: {
        role: "mentor",
        support_pairings_completed: 25,
        circles_hosted: 4,
        peer_feedback_percent: 97,
        training_completed: true,
      },
    },
    signature: "P65Iqh9ct3eN+9f6Ek5nY5voqqPlaTwt9PMiFaRpw1KeW+7mreYehfEeXGg2N63/fLIJ0jeTg1AJiqiEG+wpCA",
  },
  {
    draft: {
      id: "KindredTestVector0002",
      subject: "@bob:carers.example" as UserId,
      claims: {
        role: "peer_supporter",
        support_pairings_completed: 3,
        circles_hosted: 0,
        training_completed: true,
      },
    },
    signature: "fpD5e1Gnm97MKmuVpAnAQxDytA3Rz2IA4JxYPeAMe+i9AuwYdThdJh47vnYTeGR+y+jtG9UDRJRVwYaXpACuDg",
  },
];

describe("Kindred's attestation test vectors (docs/PROTOCOL.md)", async () => {
  const { sodium } = await loadSodium();
  const pair = sodium.crypto_sign_seed_keypair(new TextEncoder().encode(SEED));
  const key = { keyId: "k20260301_5eed01", secretKey: pair.privateKey };
  const keySet = JSON.parse(pinned("vector:key-set")) as KeySet;
  const vector = (i: 0 | 1) => {
    const v = VECTORS[i];
    if (v === undefined) throw new Error(`no vector ${i}`);
    const signed = signAttestation(sodium, key, {
      ...v.draft,
      issuer: "carers.example",
      issuedAt: ISSUED,
      expiresAt: EXPIRES,
    });
    if (!signed.ok) throw new Error(signed.message);
    return signed.value;
  };

  it("derives the documented public key from the documented seed", () => {
    expect(encodeUnpaddedBase64(pair.publicKey)).toBe(PUBLIC_KEY);
    expect(Buffer.from(SEED).toString("base64")).toBe("S2luZHJlZCBhdHRlc3RhdGlvbiB0ZXN0IHZlY3RvciE=");
    expect(keySetSchema.safeParse(keySet).success).toBe(true);
  });

  it.each([0, 1] as const)("vector %i signs exactly the documented bytes, with the pinned signature", (i) => {
    const attestation = vector(i);
    expect(signingPayload(attestation)).toEqual({ ok: true, value: pinned(`payload:${i + 1}`) });
    expect(attestation.signatures).toEqual({
      "carers.example": { "ed25519:k20260301_5eed01": VECTORS[i]?.signature },
    });
    expect(PROTOCOL).toContain(VECTORS[i]?.signature);
    expect(verifyAttestation(sodium, attestation, keySet, NOW).ok).toBe(true);
  });

  it("the attestation example at the top of the protocol is vector 1", () => {
    const example = /## Attestation\s*```json\n([\s\S]*?)\n```/.exec(PROTOCOL)?.[1];
    expect(JSON.parse(example ?? "null")).toEqual(vector(0));
  });

  it("the documented forgeries fail with the documented verdicts", () => {
    const genuine = vector(0);
    const { signatures: _, ...content } = genuine;
    const spec = sodium.crypto_sign_seed_keypair(
      decodeBase64("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1", 32) ?? new Uint8Array(),
    );
    const resign = (object: object, keyId: string, secretKey: Uint8Array) => {
      const signed = signJson(sodium, object as Record<string, unknown>, "carers.example", {
        keyId,
        secretKey,
      });
      if (!signed.ok) throw new Error(signed.message);
      return signed.value;
    };
    const revokedKeys: KeySet = {
      ...keySet,
      keys: {
        ...keySet.keys,
        "ed25519:k20260301_5eed01": {
          key: PUBLIC_KEY,
          created_at: 1772323200000,
          revoked_from: 1772366400000,
        },
      },
    };
    const verdict = (input: unknown, keys = keySet, options: { now: Date; subject?: string } = NOW) => {
      const result = verifyAttestation(sodium, input, keys, options);
      return result.ok ? "valid" : result.error;
    };
    expect(verdict({ ...genuine, claims: { ...genuine.claims, circles_hosted: 40 } })).toBe("bad_signature");
    expect(verdict({ ...genuine, subject: "@mallory:evil.example" })).toBe("bad_signature");
    expect(verdict(genuine, keySet, { ...NOW, subject: "@bob:carers.example" })).toBe("wrong_subject");
    expect(verdict(resign(content, "k20260301_5eed01", spec.privateKey))).toBe("bad_signature");
    expect(verdict(resign(content, "mallory", spec.privateKey))).toBe("unknown_key");
    expect(verdict(genuine, keySet, { now: EXPIRES })).toBe("expired");
    expect(verdict(genuine, revokedKeys)).toBe("key_revoked");
    expect(
      verdict(
        resign(
          { ...content, claims: { ...content.claims, diagnosis: "x" } },
          "k20260301_5eed01",
          pair.privateKey,
        ),
      ),
    ).toBe("malformed");
  });

  it("the documented JSON schemas are the decoders' own", () => {
    expect(JSON.parse(pinned("schema:attestation"))).toEqual(
      z.toJSONSchema(attestationSchema, { io: "input" }),
    );
    expect(JSON.parse(pinned("schema:key-set"))).toEqual(z.toJSONSchema(keySetSchema, { io: "input" }));
  });
});
