import { findAttestation } from "../bot/attestations/attestation-store.ts";
import { describeVerified } from "../bot/attestations/describe.ts";
import { decodeKeySet } from "../bot/attestations/format.ts";
import { keySetOf } from "../bot/attestations/key-set.ts";
import { attestationsFromIssuer, verifyOnline } from "../bot/attestations/reading.ts";
import { listSigningKeys } from "../bot/attestations/signing-keys.ts";
import { verifyAttestation, type VerifiedAttestation } from "../bot/attestations/verify.ts";
import { err, type Result } from "../bot/result.ts";
import { readJson, type CommandContext } from "./attestation-commands.ts";

export interface VerifyFileRequest {
  readonly file: string;
  /** A key set given on the command line; otherwise our own keys, or the issuer's room for other issuers. */
  readonly keysJson: unknown;
  readonly subject: string | undefined;
  readonly now: Date;
}

/** Verifies one attestation from a file and prints the verdict with its reasons. */
export async function verifyFile(context: CommandContext, request: VerifyFileRequest): Promise<number> {
  const { config, wiring, io } = context;
  const own = config.homeserver.serverName;
  const read = readJson(request.file);
  if (!read.ok) return verdict(context, err("malformed", `${request.file} is not JSON: ${read.message}`));
  const input = read.value;
  const options = {
    now: request.now,
    ...(request.subject === undefined ? {} : { subject: request.subject }),
  };
  const issuer = (input as { issuer?: unknown } | null)?.issuer;

  if (request.keysJson !== undefined) {
    const keySet = decodeKeySet(request.keysJson);
    if (!keySet.ok) {
      io.err(`kindred: the --keys file is not a key set: ${keySet.message}`);
      return 2;
    }
    return verdict(context, verifyAttestation(wiring.vault.sodium, input, keySet.value, options));
  }
  if (issuer === own) {
    const keySet = keySetOf(own, await listSigningKeys(wiring.issuing.db));
    const result = verifyAttestation(wiring.vault.sodium, input, keySet, options);
    if (result.ok) {
      const stored = await findAttestation(wiring.issuing.db, result.value.attestation.id);
      if (stored?.withdrawnAt != null)
        return verdict(context, err("withdrawn", `withdrawn on ${stored.withdrawnAt.toISOString()}`));
    }
    return verdict(context, result);
  }
  io.out(`Checking with ${typeof issuer === "string" ? issuer : "the issuer"} over Matrix…`);
  return verdict(context, await verifyOnline(wiring.reader, wiring.vault.sodium, input, options));
}

/** Looks up a member's attestations in our own room and every trusted issuer's, and verifies each. */
export async function verifyUser(context: CommandContext, user: string, now: Date): Promise<number> {
  const { config, wiring, io } = context;
  const issuers = [...new Set([config.homeserver.serverName, ...wiring.trustedIssuers])];
  let valid = 0;
  for (const issuer of issuers) {
    const found = await attestationsFromIssuer(wiring.reader, wiring.vault.sodium, issuer, {
      now,
      subject: user,
    });
    if (!found.ok) {
      io.out(`${issuer}: could not read its attestations (${found.error}): ${found.message}`);
      continue;
    }
    if (found.value.length === 0) io.out(`${issuer}: no attestations about ${user}`);
    for (const { attestationId, result } of found.value) {
      io.out(`${issuer}, attestation ${attestationId}:`);
      if (verdict(context, result) === 0) valid++;
    }
  }
  return valid > 0 ? 0 : 1;
}

function verdict(context: CommandContext, result: Result<VerifiedAttestation, string>): number {
  const { io, config, wiring } = context;
  if (!result.ok) {
    io.out(`INVALID (${result.error}): ${result.message}`);
    return 1;
  }
  const { issuer } = result.value.attestation;
  const trusted = issuer === config.homeserver.serverName || wiring.trustedIssuers.includes(issuer);
  io.out(
    trusted
      ? "VALID"
      : `VALID signature, but UNTRUSTED: ${issuer} is not in this community's attestations.trusted_issuers`,
  );
  for (const line of describeVerified(result.value)) io.out(line);
  return trusted ? 0 : 1;
}
