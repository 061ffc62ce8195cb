import type { Claims } from "./format.ts";
import type { SigningKeyInfo } from "./signing-keys.ts";
import type { VerifiedAttestation } from "./verify.ts";

const ROLE_NAMES = { peer_supporter: "peer supporter", mentor: "mentor" } as const;

/** Claims in words, for operators and members. */
export function describeClaims(claims: Claims): string {
  return [
    ROLE_NAMES[claims.role],
    `${claims.support_pairings_completed} completed support pairing${claims.support_pairings_completed === 1 ? "" : "s"}`,
    `${claims.circles_hosted} circle${claims.circles_hosted === 1 ? "" : "s"} hosted`,
    claims.peer_feedback_percent === undefined
      ? "no peer feedback yet"
      : `${claims.peer_feedback_percent}% positive peer feedback`,
    claims.training_completed ? "training completed" : "training not completed",
  ].join("; ");
}

/** The lines `kindred verify` prints under a VALID verdict. */
export function describeVerified(verified: VerifiedAttestation): string[] {
  const { attestation, key } = verified;
  const keyState = key.retiredAt === undefined ? "current key" : "rotated-out key, valid for what it signed";
  return [
    `  attestation ${attestation.id}`,
    `  issuer      ${attestation.issuer} (ed25519:${key.keyId}, ${keyState})`,
    `  subject     ${attestation.subject}`,
    `  claims      ${describeClaims(attestation.claims)}`,
    `  issued      ${new Date(attestation.issued_at).toISOString()}, expires ${new Date(attestation.expires_at).toISOString()}`,
  ];
}

/** One line per key for `kindred keys show`. */
export function describeKey(key: SigningKeyInfo): string {
  const state = [
    key.current ? "current (signs new attestations)" : `retired ${key.retiredAt?.toISOString() ?? "?"}`,
    ...(key.revokedFrom === null ? [] : [`REVOKED from ${key.revokedFrom.toISOString()}`]),
  ].join(", ");
  return `ed25519:${key.keyId}  ${key.publicKey}  created ${key.createdAt.toISOString()}  ${state}`;
}
