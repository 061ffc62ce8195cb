import * as sdk from "matrix-js-sdk";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import { quietRustTracing } from "../../bridge/e2ee/rust-tracing.ts";
import { registerUser } from "../../tools/local-matrix/index.ts";
import { joinWhenInviteSettles } from "./join-retry.ts";
import type { HomeserverInfo } from "./matrix-member.ts";

export interface SeenMessage {
  readonly roomId: string;
  readonly eventId: string;
  readonly sender: string;
  readonly body: string;
  /** The event travelled as `m.room.encrypted` and this member's device decrypted it. */
  readonly wasEncrypted: boolean;
}

const quiet: SdkLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  getChild: () => quiet,
};

let counter = 0;

/** A real member with a real E2EE device: matrix-js-sdk with Rust crypto (in memory), as Element runs it. */
export class CryptoMember {
  readonly messages: SeenMessage[] = [];
  readonly invites = new Map<string, string>();

  private constructor(readonly client: sdk.MatrixClient) {
    client.on(sdk.RoomEvent.Timeline, (event, room) => void this.record(event, room?.roomId));
    client.on(sdk.RoomMemberEvent.Membership, (event, member) => {
      if (member.userId === client.getUserId() && member.membership === "invite") {
        this.invites.set(member.roomId, event.getSender() ?? "");
      }
    });
  }

  get userId(): string {
    return this.client.getUserId() ?? "";
  }

  static async create(hs: HomeserverInfo, name: string): Promise<CryptoMember> {
    const localpart = `${name}${Date.now().toString(36)}${++counter}`;
    const user = await registerUser(hs, { localpart, password: "correct horse battery staple" });
    const client = sdk.createClient({
      baseUrl: hs.clientUrl,
      userId: user.userId,
      deviceId: user.deviceId,
      accessToken: user.accessToken,
      logger: quiet,
    });
    await client.initRustCrypto({ useIndexedDB: false });
    quietRustTracing();
    const member = new CryptoMember(client);
    await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: false });
    return member;
  }

  private async record(event: sdk.MatrixEvent, roomId: string | undefined): Promise<void> {
    if (roomId === undefined) return;
    await this.client.decryptEventIfNeeded(event);
    if (event.getType() !== "m.room.message" || event.isDecryptionFailure()) return;
    const body = event.getContent()["body"];
    this.messages.push({
      roomId,
      eventId: event.getId() ?? "",
      sender: event.getSender() ?? "",
      body: typeof body === "string" ? body : "",
      wasEncrypted: event.isEncrypted(),
    });
  }

  /** An encrypted DM, as Element opens one. */
  async createEncryptedDirectRoom(invitee: string): Promise<string> {
    const { room_id } = await this.client.createRoom({
      preset: sdk.Preset.TrustedPrivateChat,
      is_direct: true,
      invite: [invitee],
      initial_state: [
        { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      ],
    });
    return room_id;
  }

  async sendText(roomId: string, body: string): Promise<void> {
    await this.until(`${roomId} to be known`, () => this.client.getRoom(roomId) !== null, 60_000);
    await this.client.sendTextMessage(roomId, body);
  }

  async waitForMessage(
    roomId: string,
    from: string,
    includes: string,
    timeoutMs = 60_000,
  ): Promise<SeenMessage> {
    const find = (): SeenMessage | undefined =>
      this.messages.find((m) => m.roomId === roomId && m.sender === from && m.body.includes(includes));
    await this.until(
      `a message from ${from} containing "${includes}"`,
      () => find() !== undefined,
      timeoutMs,
    );
    const found = find();
    if (found === undefined) throw new Error("unreachable");
    return found;
  }

  async waitForJoin(roomId: string, userId: string, timeoutMs = 60_000): Promise<void> {
    await this.until(
      `${userId} to join ${roomId}`,
      () => this.client.getRoom(roomId)?.getMember(userId)?.membership === "join",
      timeoutMs,
    );
  }

  async acceptInviteFrom(inviter: string, timeoutMs = 60_000): Promise<string> {
    const invited = (): string | undefined => [...this.invites].find(([, from]) => from === inviter)?.[0];
    await this.until(`an invite from ${inviter}`, () => invited() !== undefined, timeoutMs);
    const roomId = invited() ?? "";
    this.invites.delete(roomId);
    await joinWhenInviteSettles(() => this.client.joinRoom(roomId).then(() => undefined), timeoutMs);
    return roomId;
  }

  /** Polls a condition over state this member's sync keeps current, with a deadline (no fixed sleeps). */
  async until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${this.userId} did not see ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): void {
    this.client.stopClient();
  }
}
