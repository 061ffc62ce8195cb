import type { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { EffectPorts, MatrixOutcome } from "../bot/capabilities.ts";
import type { RoomId } from "../bot/ids.ts";
import { ok } from "../bot/result.ts";
import { attempt } from "./matrix-errors.ts";

/** The bot's Matrix effects, performed as its appservice user. */
export class MatrixEffects implements EffectPorts {
  constructor(private readonly client: MatrixClient) {}

  async joinRoom(roomId: RoomId): Promise<MatrixOutcome> {
    const outcome = await attempt(() => this.client.joinRoom(roomId));
    return outcome.ok ? ok(undefined) : outcome;
  }

  async leaveRoom(roomId: RoomId): Promise<MatrixOutcome> {
    const outcome = await attempt(() => this.client.leaveRoom(roomId));
    // Already gone is what we wanted.
    return outcome.ok || outcome.error === "not_found" ? ok(undefined) : outcome;
  }

  async sendNotice(roomId: RoomId, body: string, idempotencyKey: string): Promise<MatrixOutcome> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(idempotencyKey)}`;
    const outcome = await attempt(() =>
      this.client.doRequest("PUT", path, null, { msgtype: "m.notice", body }),
    );
    return outcome.ok ? ok(undefined) : outcome;
  }
}
