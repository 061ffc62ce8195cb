import type {
  AttestationPublisher,
  AttestationReader,
  IssuerRoomContents,
} from "../../bot/attestations/attestation-room.ts";
import type { Attestation, KeySet } from "../../bot/attestations/format.ts";
import type { MatrixFailure, MatrixOutcome } from "../../bot/capabilities.ts";
import type { RoomId } from "../../bot/ids.ts";
import { err, ok, type Result } from "../../bot/result.ts";

/** Every community's attestation room, in memory: what one publishes, all read. */
export class FakeAttestationRooms {
  readonly rooms = new Map<string, { keySet: unknown; attestations: Map<string, unknown> }>();
  /** Failures to return, oldest first, before calls succeed again. */
  readonly failures: MatrixFailure[] = [];

  publisherFor(issuer: string): AttestationPublisher {
    const room = (): { keySet: unknown; attestations: Map<string, unknown> } => {
      const existing = this.rooms.get(issuer);
      if (existing !== undefined) return existing;
      const created = { keySet: undefined, attestations: new Map<string, unknown>() };
      this.rooms.set(issuer, created);
      return created;
    };
    return {
      publishKeySet: (keySet: KeySet) => this.answer(() => (room().keySet = structuredClone(keySet))),
      publishAttestation: (attestation: Attestation) =>
        this.answer(() => room().attestations.set(attestation.id, structuredClone(attestation))),
      publishWithdrawal: (id: string, at: Date) =>
        this.answer(() => room().attestations.set(id, { withdrawn_at: at.getTime() })),
    };
  }

  readonly reader: AttestationReader = {
    readIssuerRoom: (issuer: string): Promise<Result<IssuerRoomContents, MatrixFailure>> => {
      const failure = this.failures.shift();
      if (failure !== undefined) return Promise.resolve(err(failure, `fake ${failure}`));
      const room = this.rooms.get(issuer);
      if (room === undefined) return Promise.resolve(err("not_found", `no room for ${issuer}`));
      return Promise.resolve(
        ok({ roomId: `!${issuer}` as RoomId, keySet: room.keySet, attestations: new Map(room.attestations) }),
      );
    },
  };

  private answer(effect: () => unknown): Promise<MatrixOutcome> {
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.resolve(err(failure, `fake ${failure}`));
    effect();
    return Promise.resolve(ok(undefined));
  }
}
