import type { Kysely } from "kysely";
import type { AttestationReader } from "../bot/attestations/attestation-room.ts";
import { publishKeys, publishPending, type IssuingContext } from "../bot/attestations/issuing.ts";
import { ensureSigningKey, type KeyVault } from "../bot/attestations/signing-keys.ts";
import { deriveKey } from "../bot/crypto/master-key.ts";
import type { Sodium } from "../bot/crypto/sodium.ts";
import type { Logger } from "../bot/logger.ts";
import { MatrixAttestationRoom } from "../bridge/attestation-room.ts";
import type { Database } from "../schema/index.ts";
import type { KindredConfig } from "./config.ts";

/** Everything attestations need, wired once from the config (by `start` and by the `keys`/`verify` commands). */
export interface AttestationWiring {
  readonly vault: KeyVault;
  readonly issuing: IssuingContext;
  readonly reader: AttestationReader;
  readonly trustedIssuers: readonly string[];
  readonly validityMs: number;
}

export function attestationWiring(
  config: KindredConfig,
  db: Kysely<Database>,
  sodium: Sodium,
  logger: Logger,
): AttestationWiring {
  const vault = { sodium, sealingKey: deriveKey(sodium, config.masterKey, "signing-keys") };
  const room = new MatrixAttestationRoom({
    homeserverUrl: config.homeserver.url,
    asToken: config.appservice.asToken,
    serverName: config.homeserver.serverName,
    communityName: config.community.name,
  });
  return {
    vault,
    issuing: { db, vault, issuer: config.homeserver.serverName, publisher: room, logger },
    reader: room,
    trustedIssuers: config.attestations.trustedIssuers,
    validityMs: config.attestations.validityDays * 86_400_000,
  };
}

/**
 * At start: the community's first signing key if it has none, then the key set and anything not yet published
 * into the public attestation room. A homeserver refusing is logged, not fatal: publishing is retried next time.
 */
export async function startAttestations(
  config: KindredConfig,
  db: Kysely<Database>,
  sodium: Sodium,
  logger: Logger,
): Promise<AttestationWiring> {
  const wiring = attestationWiring(config, db, sodium, logger);
  const key = await ensureSigningKey(db, wiring.vault, new Date());
  if (key.created)
    logger.info("created the community's attestation signing key", { key: `ed25519:${key.keyId}` });
  if ((await publishKeys(wiring.issuing)).ok) await publishPending(wiring.issuing, new Date());
  return wiring;
}
