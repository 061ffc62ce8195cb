import type { MatrixFailure, MatrixOutcome } from "../capabilities.ts";
import type { RoomId } from "../ids.ts";
import type { Result } from "../result.ts";
import type { Attestation, KeySet } from "./format.ts";

/**
 * The community's public attestation room (world-readable, federated): the key set in one state event, each
 * attestation in its own. `bridge/` implements these; tests fake them.
 */
export interface AttestationPublisher {
  /** Creates the room on first use; replaces the key set state event. */
  publishKeySet(keySet: KeySet): Promise<MatrixOutcome>;
  publishAttestation(attestation: Attestation): Promise<MatrixOutcome>;
  /** Replaces the attestation's state event with a bare withdrawal that no longer names the member. */
  publishWithdrawal(attestationId: string, withdrawnAt: Date): Promise<MatrixOutcome>;
}

/** What another community's attestation room holds, undecoded: only events by the room's creator, on its server. */
export interface IssuerRoomContents {
  readonly roomId: RoomId;
  readonly keySet: unknown;
  /** Attestation state events' contents by state key (the attestation ID). */
  readonly attestations: ReadonlyMap<string, unknown>;
}

export interface AttestationReader {
  /** Finds the issuer's room by its alias, joins it over federation if need be, and reads its state. */
  readIssuerRoom(issuer: string): Promise<Result<IssuerRoomContents, MatrixFailure>>;
}
