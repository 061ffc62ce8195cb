import type { EffectPorts, MatrixFailure, MatrixOutcome } from "../../bot/capabilities.ts";
import type { RoomId, UserId } from "../../bot/ids.ts";
import { err, ok } from "../../bot/result.ts";

export type FakeCall =
  | { kind: "join"; roomId: RoomId }
  | { kind: "leave"; roomId: RoomId }
  | { kind: "notice"; roomId: RoomId; body: string; key: string }
  | { kind: "direct"; userId: UserId; body: string; key: string };

/** A hand-written fake homeserver for the bot's effects: records calls, can be told to fail. */
export class FakeMatrix implements EffectPorts {
  readonly calls: FakeCall[] = [];
  /** Failures to return, oldest first, before calls succeed again. */
  readonly failures: MatrixFailure[] = [];
  private readonly seenKeys = new Set<string>();

  joinRoom(roomId: RoomId): Promise<MatrixOutcome> {
    return this.answer({ kind: "join", roomId });
  }

  leaveRoom(roomId: RoomId): Promise<MatrixOutcome> {
    return this.answer({ kind: "leave", roomId });
  }

  sendNotice(roomId: RoomId, body: string, key: string): Promise<MatrixOutcome> {
    // Like Synapse, a repeated transaction ID is acknowledged without a second message.
    if (this.seenKeys.has(key)) return Promise.resolve(ok(undefined));
    return this.answer({ kind: "notice", roomId, body, key }).then((outcome) => {
      if (outcome.ok) this.seenKeys.add(key);
      return outcome;
    });
  }

  sendDirect(userId: UserId, body: string, key: string): Promise<MatrixOutcome> {
    if (this.seenKeys.has(key)) return Promise.resolve(ok(undefined));
    return this.answer({ kind: "direct", userId, body, key }).then((outcome) => {
      if (outcome.ok) this.seenKeys.add(key);
      return outcome;
    });
  }

  notices(): string[] {
    return this.calls.flatMap((call) => (call.kind === "notice" ? [call.body] : []));
  }

  private answer(call: FakeCall): Promise<MatrixOutcome> {
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.resolve(err(failure, `fake ${failure}`));
    this.calls.push(call);
    return Promise.resolve(ok(undefined));
  }
}
