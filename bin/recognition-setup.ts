import { deriveKey } from "../bot/crypto/master-key.ts";
import type { Sodium } from "../bot/crypto/sodium.ts";
import type { RecognitionSettings } from "../bot/recognition/settings.ts";
import type { KindredConfig } from "./config.ts";

/** Recognition's settings from the config: thresholds, the signing-key vault, trusted issuers. */
export function recognitionSettings(config: KindredConfig, sodium: Sodium): RecognitionSettings {
  return {
    issuer: config.homeserver.serverName,
    thresholds: config.recognition.thresholds,
    vault: { sodium, sealingKey: deriveKey(sodium, config.masterKey, "signing-keys") },
    validityMs: config.attestations.validityDays * 86_400_000,
    trustedIssuers: config.attestations.trustedIssuers,
    recheckAfterMs: config.recognition.recheckAfterMs,
  };
}
