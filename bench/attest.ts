/**
 * `npm run bench:attest`: signs and verifies 100,000 attestations the way Kindred does (claims check, canonical
 * JSON, Ed25519, base64, decoding and every verification rule), next to raw libsodium on the very same bytes in
 * the same run. The overhead is raw ops/s ÷ Kindred ops/s (target ≤ 1.5); both are per second of CPU time, so
 * other processes on the machine do not skew them. The last line is one JSON object.
 */
import { encodeUnpaddedBase64 } from "../bot/attestations/base64.ts";
import { KEY_SET_FORMAT, type Attestation, type KeySet } from "../bot/attestations/format.ts";
import { signAttestation, type AttestationDraft } from "../bot/attestations/issue.ts";
import { signingPayload } from "../bot/attestations/signed-json.ts";
import { verifyAttestation } from "../bot/attestations/verify.ts";
import { loadSodium } from "../bot/crypto/sodium.ts";
import type { UserId } from "../bot/ids.ts";

const COUNT = 100_000;
/** Kindred and raw libsodium take turns in small rounds, so a busy moment on the machine hits both alike. */
const ROUNDS = 100;
const ISSUER = "carers.example";
const NOW = Date.parse("2026-03-01T12:00:00Z");

const say = (line: string): void => void process.stdout.write(`${line}\n`);

const { sodium, usingWasm } = await loadSodium();
if (!usingWasm)
  say(
    "WARNING: libsodium is running on its asm.js fallback, 16–27× slower than WebAssembly: figures are not representative.",
  );
say(
  `libsodium ${sodium.sodium_version_string()} on ${usingWasm ? "WebAssembly" : "asm.js (fallback)"}, Node ${process.version}`,
);

const pair = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(7));
const key = { keyId: "bench", secretKey: pair.privateKey };
const keySet: KeySet = {
  format: KEY_SET_FORMAT,
  issuer: ISSUER,
  keys: { "ed25519:bench": { key: encodeUnpaddedBase64(pair.publicKey), created_at: NOW - 86_400_000 } },
};

const drafts: AttestationDraft[] = Array.from({ length: COUNT }, (_, i) => ({
  issuer: ISSUER,
  subject: `@member${i}:partner${i % 7}.example` as UserId,
  claims: {
    role: i % 3 === 0 ? "mentor" : "peer_supporter",
    support_pairings_completed: i % 200,
    circles_hosted: i % 17,
    ...(i % 5 === 0 ? {} : { peer_feedback_percent: 60 + (i % 41) }),
    training_completed: i % 2 === 0,
  },
  issuedAt: new Date(NOW - (i % 1000) * 1000),
  expiresAt: new Date(NOW + 365 * 86_400_000),
}));

const signed: Attestation[] = new Array<Attestation>(COUNT);
const payloads: Uint8Array[] = new Array<Uint8Array>(COUNT);
const rawSignatures: Uint8Array[] = new Array<Uint8Array>(COUNT);

function kindredSign(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const result = signAttestation(sodium, key, drafts[i] as AttestationDraft);
    if (!result.ok) throw new Error(result.message);
    signed[i] = result.value;
  }
}
function rawSign(from: number, to: number): void {
  for (let i = from; i < to; i++)
    rawSignatures[i] = sodium.crypto_sign_detached(payloads[i] as Uint8Array, pair.privateKey);
}
function kindredVerify(from: number, to: number): void {
  const options = { now: new Date(NOW) };
  for (let i = from; i < to; i++)
    if (!verifyAttestation(sodium, signed[i], keySet, options).ok)
      throw new Error(`attestation ${i} did not verify`);
}
function rawVerify(from: number, to: number): void {
  for (let i = from; i < to; i++)
    if (
      !sodium.crypto_sign_verify_detached(
        rawSignatures[i] as Uint8Array,
        payloads[i] as Uint8Array,
        pair.publicKey,
      )
    )
      throw new Error(`raw signature ${i} did not verify`);
}

/**
 * CPU time of this process (all its threads, so garbage collection counts), in ms: on a shared machine, wall time
 * also counts the time other processes held the CPU.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `ours` and `raw` alternately over the same slices; returns total CPU seconds of each. */
function race(
  ours: (from: number, to: number) => void,
  raw: (from: number, to: number) => void,
  between: (from: number, to: number) => void = () => undefined,
): [number, number] {
  let [oursMs, rawMs] = [0, 0];
  const slice = COUNT / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const [from, to] = [round * slice, (round + 1) * slice];
    let start = cpuMs();
    ours(from, to);
    oursMs += cpuMs() - start;
    between(from, to);
    start = cpuMs();
    raw(from, to);
    rawMs += cpuMs() - start;
  }
  return [oursMs / 1000, rawMs / 1000];
}

/** Raw libsodium gets exactly the bytes Kindred signed: the canonical JSON of each attestation (untimed). */
function prepareRaw(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const text = signingPayload(signed[i] as Attestation);
    if (!text.ok) throw new Error(text.message);
    payloads[i] = sodium.from_string(text.value);
  }
}

// Warm both paths up (JIT, WASM tiers) on a slice that is measured again later.
kindredSign(0, 2000);
prepareRaw(0, 2000);
rawSign(0, 2000);
kindredVerify(0, 2000);
rawVerify(0, 2000);

const [signOurs, signRaw] = race(kindredSign, rawSign, prepareRaw);
const [verifyOurs, verifyRaw] = race(kindredVerify, rawVerify);

const perSecond = (seconds: number): number => Math.round(COUNT / seconds);
const ratio = (raw: number, ours: number): number => Math.round((ours / raw) * 100) / 100;
const row = (name: string, ours: number, raw: number): string =>
  `${name.padEnd(7)} Kindred ${String(perSecond(ours)).padStart(7)}/s   raw libsodium ${String(perSecond(raw)).padStart(7)}/s   overhead ×${ratio(raw, ours).toFixed(2)} (target ≤ 1.50)`;
say(`${COUNT.toLocaleString("en")} attestations, ${ROUNDS} alternating rounds, per second of CPU time`);
say(row("sign", signOurs, signRaw));
say(row("verify", verifyOurs, verifyRaw));
say(
  JSON.stringify({
    bench: "attest",
    sign_per_s: perSecond(signOurs),
    verify_per_s: perSecond(verifyOurs),
    sign_overhead: ratio(signRaw, signOurs),
    verify_overhead: ratio(verifyRaw, verifyOurs),
  }),
);
