import type { MatrixFailure } from "../capabilities.ts";
import type { Sodium } from "../crypto/sodium.ts";
import { err, ok, type Result } from "../result.ts";
import type { AttestationReader, IssuerRoomContents } from "./attestation-room.ts";
import { decodeKeySet, serverNameSchema, type KeySet } from "./format.ts";
import { signingPayload, type JsonObject } from "./signed-json.ts";
import {
  verifyAttestation,
  type VerifiedAttestation,
  type VerifyFailure,
  type VerifyOptions,
} from "./verify.ts";

export type ReadFailure = MatrixFailure | "no_key_set";

export interface IssuerVerdict {
  readonly attestationId: string;
  readonly result: Result<VerifiedAttestation, VerifyFailure>;
}

/** Every attestation the issuer's room publishes (about `options.subject`, if given), each with its verdict. */
export async function attestationsFromIssuer(
  reader: AttestationReader,
  sodium: Sodium,
  issuer: string,
  options: VerifyOptions,
): Promise<Result<IssuerVerdict[], ReadFailure>> {
  const room = await readWithKeys(reader, issuer);
  if (!room.ok) return room;
  const verdicts: IssuerVerdict[] = [];
  for (const [attestationId, content] of room.value.contents.attestations) {
    if (isWithdrawal(content)) continue;
    // About someone else: not this reader's business, whether it verifies or not.
    if (options.subject !== undefined && claimedSubject(content) !== options.subject) continue;
    const result = verifyAttestation(sodium, content, room.value.keySet, { now: options.now });
    verdicts.push({ attestationId, result });
  }
  return ok(verdicts);
}

export type OnlineFailure = VerifyFailure | ReadFailure | "withdrawn" | "not_published";

/**
 * Verifies an attestation someone presents against what its issuer publishes now: the current keys (so a key
 * revoked since is seen) and the room's copy (so a withdrawal is seen).
 */
export async function verifyOnline(
  reader: AttestationReader,
  sodium: Sodium,
  input: unknown,
  options: VerifyOptions,
): Promise<Result<VerifiedAttestation, OnlineFailure>> {
  const issuer = serverNameSchema.safeParse((input as { issuer?: unknown } | null)?.issuer);
  if (!issuer.success) return err("malformed", "not an attestation: no valid issuer");
  const room = await readWithKeys(reader, issuer.data);
  if (!room.ok) return room;
  const verified = verifyAttestation(sodium, input, room.value.keySet, options);
  if (!verified.ok) return verified;
  const { id } = verified.value.attestation;
  const published = room.value.contents.attestations.get(id);
  if (published === undefined)
    return err("not_published", `${issuer.data} does not publish attestation ${id} (any more)`);
  if (isWithdrawal(published)) return err("withdrawn", `${issuer.data} has withdrawn attestation ${id}`);
  if (!sameSignedContent(published, input))
    return err("not_published", `${issuer.data} publishes a different attestation under ${id}`);
  return verified;
}

async function readWithKeys(
  reader: AttestationReader,
  issuer: string,
): Promise<Result<{ contents: IssuerRoomContents; keySet: KeySet }, ReadFailure>> {
  const contents = await reader.readIssuerRoom(issuer);
  if (!contents.ok) return contents;
  const keySet = decodeKeySet(contents.value.keySet);
  if (!keySet.ok)
    return err("no_key_set", `${issuer}'s attestation room has no valid key set: ${keySet.message}`);
  if (keySet.value.issuer !== issuer)
    return err("no_key_set", `${issuer}'s attestation room publishes keys for ${keySet.value.issuer}`);
  return ok({ contents: contents.value, keySet: keySet.value });
}

function claimedSubject(content: unknown): unknown {
  return typeof content === "object" && content !== null && "subject" in content
    ? content.subject
    : undefined;
}

function isWithdrawal(content: unknown): boolean {
  return typeof content === "object" && content !== null && "withdrawn_at" in content;
}

/** Same signed content (`unsigned` and extra signatures may differ). */
function sameSignedContent(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return false;
  const [x, y] = [signingPayload(a as JsonObject), signingPayload(b as JsonObject)];
  return x.ok && y.ok && x.value === y.value;
}
