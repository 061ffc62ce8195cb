import { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type {
  AttestationPublisher,
  AttestationReader,
  IssuerRoomContents,
} from "../bot/attestations/attestation-room.ts";
import {
  ATTESTATION_EVENT_TYPE,
  KEYS_EVENT_TYPE,
  ROOM_ALIAS_LOCALPART,
  type Attestation,
  type KeySet,
} from "../bot/attestations/format.ts";
import type { MatrixFailure, MatrixOutcome } from "../bot/capabilities.ts";
import { parseRoomId, parseUserId, serverNameOf, type RoomId } from "../bot/ids.ts";
import { err, ok, type Result } from "../bot/result.ts";
import { attempt } from "./matrix-errors.ts";

export interface AttestationRoomOptions {
  readonly homeserverUrl: string;
  /** Acts as the appservice's sender user, which owns the room. */
  readonly asToken: string;
  readonly serverName: string;
  readonly communityName: string;
}

/**
 * The community's public attestation room, `#kindred_attestations:<server>` (inside the appservice's exclusive
 * alias namespace, so nobody else can take the alias): world-readable, federated, and only its creator may
 * change anything in it. Other communities' rooms are read by joining them over federation.
 */
export class MatrixAttestationRoom implements AttestationPublisher, AttestationReader {
  private readonly client: MatrixClient;
  private ownRoom: RoomId | undefined;
  private readonly joined = new Map<string, RoomId>();

  constructor(private readonly options: AttestationRoomOptions) {
    this.client = new MatrixClient(options.homeserverUrl, options.asToken);
  }

  publishKeySet(keySet: KeySet): Promise<MatrixOutcome> {
    return this.putState(KEYS_EVENT_TYPE, "", keySet);
  }

  publishAttestation(attestation: Attestation): Promise<MatrixOutcome> {
    return this.putState(ATTESTATION_EVENT_TYPE, attestation.id, attestation);
  }

  publishWithdrawal(attestationId: string, withdrawnAt: Date): Promise<MatrixOutcome> {
    return this.putState(ATTESTATION_EVENT_TYPE, attestationId, { withdrawn_at: withdrawnAt.getTime() });
  }

  async readIssuerRoom(issuer: string): Promise<Result<IssuerRoomContents, MatrixFailure>> {
    const roomId = await this.joinIssuerRoom(issuer);
    if (!roomId.ok) return roomId;
    const state = await attempt(
      () =>
        this.client.doRequest(
          "GET",
          `/_matrix/client/v3/rooms/${encodeURIComponent(roomId.value)}/state`,
        ) as Promise<unknown[]>,
    );
    if (!state.ok) return state;
    return contentsOf(roomId.value, issuer, Array.isArray(state.value) ? state.value : []);
  }

  private async putState(type: string, stateKey: string, content: object): Promise<MatrixOutcome> {
    const roomId = await this.ensureOwnRoom();
    if (!roomId.ok) return roomId;
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId.value)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
    const outcome = await attempt(() => this.client.doRequest("PUT", path, null, content));
    return outcome.ok ? ok(undefined) : outcome;
  }

  private async ensureOwnRoom(): Promise<Result<RoomId, MatrixFailure>> {
    if (this.ownRoom !== undefined) return ok(this.ownRoom);
    const alias = aliasOf(this.options.serverName);
    let found = await this.resolve(alias);
    if (!found.ok && found.error === "not_found") {
      const created = await attempt(() => this.client.createRoom(roomSettings(this.options.communityName)));
      // M_ROOM_IN_USE: another process created it first; use theirs.
      found = created.ok ? ok(created.value as RoomId) : await this.resolve(alias);
    }
    if (found.ok) this.ownRoom = found.value;
    return found;
  }

  private async joinIssuerRoom(issuer: string): Promise<Result<RoomId, MatrixFailure>> {
    if (issuer === this.options.serverName) return this.ensureOwnRoom();
    const known = this.joined.get(issuer);
    if (known !== undefined) return ok(known);
    const alias = aliasOf(issuer);
    const joined = await attempt(
      () =>
        this.client.doRequest(
          "POST",
          `/_matrix/client/v3/join/${encodeURIComponent(alias)}`,
          null,
          {},
        ) as Promise<{
          room_id?: unknown;
        }>,
    );
    if (!joined.ok) return joined;
    const roomId = parseRoomId(String(joined.value.room_id));
    if (roomId === undefined) return err("rejected", `joining ${alias} returned no room ID`);
    this.joined.set(issuer, roomId);
    return ok(roomId);
  }

  private async resolve(alias: string): Promise<Result<RoomId, MatrixFailure>> {
    const path = `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`;
    const answer = await attempt(() => this.client.doRequest("GET", path) as Promise<{ room_id?: unknown }>);
    if (!answer.ok) return answer;
    const roomId = parseRoomId(String(answer.value.room_id));
    return roomId === undefined ? err("rejected", `${alias} resolves to no room`) : ok(roomId);
  }
}

export function aliasOf(serverName: string): string {
  return `#${ROOM_ALIAS_LOCALPART}:${serverName}`;
}

function roomSettings(communityName: string): Record<string, unknown> {
  return {
    preset: "public_chat",
    visibility: "private", // not listed in the room directory; found by its alias
    room_alias_name: ROOM_ALIAS_LOCALPART,
    name: `${communityName}: attestations`,
    topic: "Signed attestations of members' contributions, for other communities to verify. Read-only.",
    creation_content: { "m.federate": true },
    initial_state: [
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "world_readable" } },
    ],
    // Only the creator (power 100) may send anything; everyone else may only join and read.
    power_level_content_override: {
      events_default: 100,
      state_default: 100,
      invite: 100,
      kick: 100,
      ban: 100,
      redact: 100,
      users_default: 0,
    },
  };
}

interface StateEvent {
  type?: unknown;
  state_key?: unknown;
  sender?: unknown;
  content?: unknown;
}

/** Keeps only what the room's creator sent, and only if the creator is a user of the issuer's server. */
function contentsOf(
  roomId: RoomId,
  issuer: string,
  events: readonly unknown[],
): Result<IssuerRoomContents, MatrixFailure> {
  const state = events.filter((e): e is StateEvent => typeof e === "object" && e !== null);
  const create = state.find((e) => e.type === "m.room.create" && e.state_key === "");
  const creator = typeof create?.sender === "string" ? parseUserId(create.sender) : undefined;
  if (creator === undefined || serverNameOf(creator) !== issuer)
    return err("forbidden", `the room ${aliasOf(issuer)} was not created by a user of ${issuer}`);
  const byCreator = state.filter((e) => e.sender === creator && typeof e.state_key === "string");
  const attestations = new Map<string, unknown>();
  for (const event of byCreator)
    if (event.type === ATTESTATION_EVENT_TYPE) attestations.set(event.state_key as string, event.content);
  return ok({
    roomId,
    keySet: byCreator.find((e) => e.type === KEYS_EVENT_TYPE && e.state_key === "")?.content,
    attestations,
  });
}
