import type { KeyVault } from "../attestations/signing-keys.ts";
import type { RoleThresholds } from "./thresholds.ts";

/** What recognition needs, decoded once from config (bin/recognition-setup.ts) and carried by `BotIdentity`. */
export interface RecognitionSettings {
  /** The community's server name: the issuer of what it signs. */
  readonly issuer: string;
  readonly thresholds: RoleThresholds;
  /** Opens the current signing key (and its sodium) to sign attestations. */
  readonly vault: KeyVault;
  readonly validityMs: number;
  /** Other communities whose attestations this one accepts. */
  readonly trustedIssuers: readonly string[];
  /** A member's attestations from trusted issuers are read again after this long. */
  readonly recheckAfterMs: number;
}
