import { z } from "zod";
import { parseUserId, type UserId } from "../ids.ts";
import { err, ok, type Result } from "../result.ts";

/** Every name Kindred's attestation protocol puts on the wire starts with this (docs/PROTOCOL.md). */
export const PROTOCOL_PREFIX = "org.kindred.attestation";
export const ATTESTATION_FORMAT = `${PROTOCOL_PREFIX}.v1` as const;
export const KEY_SET_FORMAT = `${PROTOCOL_PREFIX}.keys.v1` as const;
/** State event (state key `""`) holding the community's public keys. */
export const KEYS_EVENT_TYPE = `${PROTOCOL_PREFIX}.keys` as const;
/** State event per attestation (state key = attestation ID). */
export const ATTESTATION_EVENT_TYPE = `${PROTOCOL_PREFIX}.issued` as const;
/** Local part of the public attestation room's alias, inside the appservice's exclusive `#kindred_` namespace. */
export const ROOM_ALIAS_LOCALPART = "kindred_attestations";

export const ROLES = ["peer_supporter", "mentor"] as const;
export type Role = (typeof ROLES)[number];

// Hostname, IPv4 or [IPv6], with an optional port (spec "Server Name").
const SERVER_NAME = /^(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(:[0-9]{1,5})?$/;
export const serverNameSchema = z.string().regex(SERVER_NAME, "expected a Matrix server name");
const userIdSchema = z
  .string()
  .regex(/^@[^:]+:.+$/, "expected a Matrix user ID")
  .refine((text) => parseUserId(text) !== undefined, "expected a Matrix user ID")
  .transform((text) => text as UserId);
/** Milliseconds since the Unix epoch, like `origin_server_ts`: canonical JSON has no dates, and no floats. */
const timestamp = z.int().min(0);
const count = z.int().min(0).max(1_000_000);

/**
 * Contribution only, and nothing else can be said: the object is strict, every field is a number, a boolean or
 * a fixed word, so no experience, mood or other health information fits anywhere in it.
 */
export const claimsSchema = z
  .strictObject({
    role: z.enum(ROLES).describe("The role the community recognises: peer supporter or mentor."),
    support_pairings_completed: count.describe("Support pairings both peers ended, with feedback."),
    circles_hosted: count.describe("Peer-support circles the member hosted."),
    peer_feedback_percent: z
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe(
        "Share of peer feedback that was positive, as a whole percentage; absent until there is any.",
      ),
    training_completed: z
      .boolean()
      .describe("Whether a moderator recorded the community's training as completed."),
  })
  .describe("Contribution only. No other claim can be made: unknown fields are refused.");
export type Claims = z.infer<typeof claimsSchema>;

export const ATTESTATION_ID = /^[A-Za-z0-9_-]{16,64}$/;

const signaturesSchema = z.record(z.string(), z.record(z.string(), z.string()));

export const attestationSchema = z
  .strictObject({
    format: z.literal(ATTESTATION_FORMAT),
    id: z
      .string()
      .regex(ATTESTATION_ID, "expected 16–64 characters of base64url")
      .describe("Unique ID (128 random bits, base64url); also the state key of its event."),
    issuer: serverNameSchema.describe("Server name of the issuing community."),
    subject: userIdSchema.describe("Matrix user ID of the member the attestation is about."),
    claims: claimsSchema,
    issued_at: timestamp.describe("Issuance, in milliseconds since the Unix epoch."),
    expires_at: timestamp.describe("Expiry, in milliseconds since the Unix epoch."),
    signatures: signaturesSchema.describe(
      'Matrix signed JSON: {issuer: {"ed25519:<key ID>": unpadded base64}}.',
    ),
    unsigned: z.record(z.string(), z.unknown()).optional().describe("Not signed; ignored by verifiers."),
  })
  .describe("A Kindred attestation (Matrix signed JSON, canonical JSON rules).");
export type Attestation = z.infer<typeof attestationSchema>;

const publicKeySchema = z.strictObject({
  key: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=?$/, "expected a 32-byte key in base64")
    .describe("The Ed25519 public key, unpadded base64."),
  created_at: timestamp.describe("When the key started signing (ms since the epoch)."),
  retired_at: timestamp
    .optional()
    .describe("When the key was rotated out; it still verifies what it signed until then."),
  revoked_from: timestamp
    .optional()
    .describe(
      "Attestations claiming issuance at or after this instant are refused (the key may have leaked).",
    ),
});
export type PublishedKey = z.infer<typeof publicKeySchema>;

export const keySetSchema = z
  .strictObject({
    format: z.literal(KEY_SET_FORMAT),
    issuer: serverNameSchema.describe("Server name of the community whose keys these are."),
    keys: z.record(z.string().regex(/^ed25519:[A-Za-z0-9_]+$/, "expected ed25519:<key ID>"), publicKeySchema),
  })
  .describe("Every signing key a community has had, so old attestations keep verifying.");
export type KeySet = z.infer<typeof keySetSchema>;

export type DecodeFailure = "malformed";

export function decodeAttestation(raw: unknown): Result<Attestation, DecodeFailure> {
  return decodeWith(attestationSchema, raw, "attestation");
}

export function decodeKeySet(raw: unknown): Result<KeySet, DecodeFailure> {
  return decodeWith(keySetSchema, raw, "key set");
}

function decodeWith<T>(schema: z.ZodType<T>, raw: unknown, what: string): Result<T, DecodeFailure> {
  const decoded = schema.safeParse(raw);
  if (decoded.success) return ok(decoded.data);
  const issue = decoded.error.issues[0];
  const at = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  const why =
    issue?.code === "unrecognized_keys"
      ? `unknown field ${issue.keys.join(", ")} (nothing but the protocol's fields may be claimed)`
      : (issue?.message ?? "invalid");
  return err("malformed", `not a valid ${what}${at}: ${why}`);
}
