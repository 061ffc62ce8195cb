import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { MemberId } from "../onboarding/members-store.ts";
import { pairingsOf, type Pairing } from "./pairings-store.ts";

export interface NumberedPairing {
  /** The member's own number for it: 1 for their first pairing, and so on (stable: pairings are kept). */
  readonly number: number;
  readonly pairing: Pairing;
}

/** The member's pairings, oldest first, numbered. */
export async function numberedPairings(db: Kysely<Database>, memberId: MemberId): Promise<NumberedPairing[]> {
  const pairings = (await pairingsOf(db, memberId)).reverse();
  return pairings.map((pairing, i) => ({ number: i + 1, pairing }));
}

export function numberOf(numbered: readonly NumberedPairing[], pairingId: string): number {
  return numbered.find((n) => n.pairing.id === pairingId)?.number ?? 0;
}
