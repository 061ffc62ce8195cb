import type { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { EffectPorts, MatrixOutcome } from "../bot/capabilities.ts";
import type { RoomId, UserId } from "../bot/ids.ts";
import { ok } from "../bot/result.ts";
import { findDirectRoomOf, recordDirectRoom } from "../bot/stores/direct-rooms.ts";
import { attempt } from "./matrix-errors.ts";

/** The bot's Matrix effects, performed as its appservice user. */
export class MatrixEffects implements EffectPorts {
  constructor(
    private readonly client: MatrixClient,
    private readonly db: Kysely<Database>,
  ) {}

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

  async sendDirect(userId: UserId, body: string, idempotencyKey: string): Promise<MatrixOutcome> {
    const known = await findDirectRoomOf(this.db, userId);
    const roomId = known?.roomId ?? (await this.openDirectRoom(userId));
    if (typeof roomId !== "string") return roomId;
    return this.sendNotice(roomId, body, idempotencyKey);
  }

  /** Creates the DM, then invites: a failed invite leaves no half-made DM behind. */
  private async openDirectRoom(userId: UserId): Promise<RoomId | Exclude<MatrixOutcome, { ok: true }>> {
    const created = await attempt(
      () => this.client.createRoom({ preset: "trusted_private_chat", is_direct: true }) as Promise<string>,
    );
    if (!created.ok) return created;
    const roomId = created.value as RoomId;
    const invited = await attempt(() =>
      this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, null, {
        user_id: userId,
        is_direct: true,
      }),
    );
    if (!invited.ok) {
      await attempt(() => this.client.leaveRoom(roomId));
      return invited;
    }
    await recordDirectRoom(this.db, { roomId, member: userId }, new Date());
    return roomId;
  }
}
