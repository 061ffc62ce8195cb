import "fake-indexeddb/auto";
import { join } from "node:path";
import { IDBFactory } from "fake-indexeddb";
import * as sdk from "matrix-js-sdk";
import type { RoomMessageEventContent } from "matrix-js-sdk/lib/@types/events.js";
import type { Kysely } from "kysely";
import type { Database } from "../../schema/index.ts";
import type { DecryptFailure, EventDecryptor, MatrixFailure, MatrixOutcome } from "../../bot/capabilities.ts";
import { deriveKey } from "../../bot/crypto/master-key.ts";
import { openText, sealText } from "../../bot/crypto/secret-box.ts";
import type { Sodium } from "../../bot/crypto/sodium.ts";
import type { EncryptedEvent, InboundEvent } from "../../bot/events.ts";
import type { RoomId, UserId } from "../../bot/ids.ts";
import type { Logger } from "../../bot/logger.ts";
import { err, ok, type Result } from "../../bot/result.ts";
import { loadBotDevice, saveBotDevice } from "../../bot/stores/bot-device.ts";
import { decodeEvent } from "../decode-event.ts";
import { toMatrixFailure } from "../matrix-errors.ts";
import { loginNewDevice } from "./device-login.ts";
import { restoreDatabases } from "./idb-snapshot.ts";
import { sdkLogger } from "./sdk-logger.ts";
import { CleanStopMarker, SealedStoreFile, StoreSnapshots } from "./store-file.ts";
import { startCryptoClient } from "./start-crypto-client.ts";

/** A member as the homeserver lists them: their membership and the state event that says so. */
export interface MemberState {
  readonly membership: "join" | "invite";
  readonly event: Readonly<Record<string, unknown>>;
}

export interface EncryptedBotOptions {
  readonly homeserverUrl: string;
  readonly botUserId: UserId;
  readonly asToken: string;
  readonly db: Kysely<Database>;
  readonly dataDir: string;
  readonly sodium: Sodium;
  readonly masterKey: Uint8Array;
  readonly logger: Logger;
  readonly snapshotEveryMs?: number;
}

const CROSS_SIGNING_UPLOAD = /\/_matrix\/client\/[^/]+\/keys\/device_signing\/upload/;
const SYNC = /\/_matrix\/client\/[^/]+\/sync\?/;
const PERSIST_FIRST =
  /\/_matrix\/client\/[^/]+\/(keys\/(upload|device_signing\/upload|signatures\/upload)|sendToDevice\/|rooms\/[^/]+\/send\/|sync\?(.*&)?since=)/;

/**
 * The bot's end-to-end-encryption device: matrix-js-sdk's Rust crypto (WASM) over an in-memory IndexedDB that is
 * snapshotted, sealed, to the data directory before every key upload, periodically and on stop.
 */
export class EncryptedBot implements EventDecryptor {
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly client: sdk.MatrixClient,
    readonly deviceId: string,
    private readonly snapshots: StoreSnapshots,
    private readonly logger: Logger,
    private readonly cleanStop: CleanStopMarker,
  ) {}

  /**
   * After a crash the restored store may be a moment behind what was sent: its outbound group sessions could then
   * reuse ratchet positions members already saw. Discarding them makes the next message start fresh sessions.
   */
  private async rotateOutboundSessions(): Promise<void> {
    const crypto = this.client.getCrypto();
    const rooms = this.client.getRooms().filter((room) => room.hasEncryptionStateEvent());
    for (const room of rooms) await crypto?.forceDiscardSession(room.roomId);
    this.logger.warn("the bot stopped uncleanly last time: starting fresh encryption sessions", {
      rooms: rooms.length,
    });
  }

  static async start(options: EncryptedBotOptions): Promise<EncryptedBot> {
    const { sodium, logger, botUserId } = options;
    const storeKey = deriveKey(sodium, options.masterKey, "crypto-store");
    const file = new SealedStoreFile(join(options.dataDir, "bot-crypto-store.sealed"), sodium, storeKey);
    const cleanStop = new CleanStopMarker(join(options.dataDir, "bot-crypto-store.clean-stop"));
    const factory = new IDBFactory();
    const known = await loadBotDevice(options.db, botUserId);
    const snapshot = file.read();
    const token = known === undefined ? undefined : openText(sodium, storeKey, known.accessTokenSealed);

    let device: { deviceId: string; accessToken: string };
    const restored = known !== undefined && token?.ok === true && snapshot.ok;
    if (known !== undefined && token?.ok === true && snapshot.ok) {
      await restoreDatabases(factory, snapshot.value);
      device = { deviceId: known.deviceId, accessToken: token.value };
    } else {
      if (known !== undefined) {
        const reason = snapshot.ok ? "its access token cannot be opened" : snapshot.message;
        logger.warn(
          "the bot's E2EE store is lost; creating a new device (members' clients will see a new device)",
          {
            oldDevice: known.deviceId,
            reason,
          },
        );
      }
      device = await loginNewDevice(options.homeserverUrl, options.asToken, botUserId);
      await saveBotDevice(
        options.db,
        {
          userId: botUserId,
          deviceId: device.deviceId,
          accessTokenSealed: sealText(sodium, storeKey, device.accessToken),
        },
        new Date(),
      );
    }

    const snapshots = new StoreSnapshots(factory, file, logger);
    const fetchFn: typeof fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      // Persist before anything leaves that depends on the store's latest state, so a crash can never leave the
      // server holding what the store forgot: one-time keys before their upload, Olm and Megolm ratchets before
      // ciphertext is sent, and to-device keys received before the next /sync acknowledges (deletes) them.
      if (PERSIST_FIRST.test(url)) await snapshots.persist();
      // With MSC4222's `state_after` (which matrix-js-sdk 37 always asks for), Synapse 1.163 sometimes left a
      // member's join out, and the bot's device then never learned it: classic `state` + `timeline` is reliable.
      if (SYNC.test(url)) {
        const classic = new URL(url);
        classic.searchParams.delete("org.matrix.msc4222.use_state_after");
        return fetch(classic, init);
      }
      // Replacing cross-signing keys needs interactive auth, which a bot cannot do; Synapse skips it for a request
      // made by the appservice itself (MSC4190), so that one upload goes with the as_token on the bot's behalf.
      if (CROSS_SIGNING_UPLOAD.test(url)) {
        const asBot = new URL(url);
        asBot.searchParams.set("user_id", botUserId);
        const headers = new Headers(init?.headers);
        headers.set("authorization", `Bearer ${options.asToken}`);
        return fetch(asBot, { ...init, headers });
      }
      return fetch(input, init);
    };
    const client = await startCryptoClient({
      homeserverUrl: options.homeserverUrl,
      userId: botUserId,
      deviceId: device.deviceId,
      accessToken: device.accessToken,
      storeKey,
      factory,
      fetchFn,
      logger: sdkLogger(logger),
    });
    const bot = new EncryptedBot(client, device.deviceId, snapshots, logger, cleanStop);
    if (restored && !cleanStop.wasClean()) await bot.rotateOutboundSessions();
    cleanStop.clear();
    await snapshots.persist();
    await bot.ensureCrossSigning();
    bot.timer = setInterval(() => void snapshots.persist(), options.snapshotEveryMs ?? 30_000);
    bot.timer.unref();
    logger.info("bot E2EE device ready", {
      device: device.deviceId,
      restored: snapshot.ok && known !== undefined,
    });
    return bot;
  }

  /** Cross-signs the bot's device, so clients that exclude unverified devices still talk to it. */
  private async ensureCrossSigning(): Promise<void> {
    const crypto = this.client.getCrypto();
    if (crypto === undefined || (await crypto.isCrossSigningReady())) return;
    try {
      await crypto.bootstrapCrossSigning({
        // Not ready means this device lacks the private keys (a new device): make a new identity for the bot.
        setupNewCrossSigning: true,
        authUploadDeviceSigningKeys: async (makeRequest) => {
          await makeRequest({});
        },
      });
      await this.snapshots.persist();
    } catch (error) {
      this.logger.warn("could not bootstrap cross-signing for the bot's device", { error: String(error) });
    }
  }

  async identityKeys(): Promise<{ ed25519: string; curve25519: string }> {
    const keys = await this.client.getCrypto()?.getOwnDeviceKeys();
    if (keys === undefined) throw new Error("the bot's crypto is not running");
    return keys;
  }

  async decrypt(event: EncryptedEvent): Promise<Result<InboundEvent | undefined, DecryptFailure>> {
    const matrixEvent = new sdk.MatrixEvent(event.raw as Partial<sdk.IEvent>);
    await this.client.decryptEventIfNeeded(matrixEvent);
    if (matrixEvent.isDecryptionFailure()) {
      return err(
        "keys_missing",
        `cannot decrypt yet: ${matrixEvent.decryptionFailureReason ?? "unknown reason"}`,
      );
    }
    const decoded = decodeEvent({
      ...event.raw,
      type: matrixEvent.getType(),
      content: matrixEvent.getContent(),
    });
    return decoded.ok ? ok(decoded.value) : err("undecryptable", decoded.message);
  }

  /**
   * Waits until the bot's device knows every member the homeserver lists — a room key is shared only with members
   * the device knows of, so sending earlier would leave a newcomer unable to read. If its sync stays behind (seen
   * with Synapse 1.163: a join missing from the device's sync), the homeserver's own member events are applied.
   */
  async waitForRoom(
    roomId: RoomId,
    members: ReadonlyMap<string, MemberState>,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const patchAfter = Date.now() + 3_000;
    const behind = (): [string, MemberState][] => {
      const room = this.client.getRoom(roomId);
      return [...members].filter(([userId, { membership }]) => {
        const known = room?.getMember(userId)?.membership;
        // The device may already be ahead (someone joined since the homeserver answered): that is fine too.
        return !(known === membership || (membership === "invite" && known === "join"));
      });
    };
    for (;;) {
      const room = this.client.getRoom(roomId);
      const missing = behind();
      if (room?.getMyMembership() === "join" && missing.length === 0) return true;
      if (Date.now() > deadline) return false;
      if (room?.getMyMembership() === "join" && Date.now() > patchAfter) {
        this.logger.debug("the bot's device is behind the homeserver on a room; applying its member events", {
          room: roomId,
          members: missing.map(([userId]) => userId).join(","),
        });
        room.currentState.setStateEvents(
          missing.map(([, state]) => new sdk.MatrixEvent(state.event as Partial<sdk.IEvent>)),
        );
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends encrypted; `txnId` makes a resend after a crash the same message, not a second one. */
  async sendEncrypted(
    roomId: RoomId,
    content: { msgtype: "m.notice" | "m.text"; body: string },
    txnId: string,
    members: ReadonlyMap<string, MemberState>,
  ): Promise<MatrixOutcome> {
    const sent = await this.sendEncryptedMessage(roomId, content, txnId, members);
    return sent.ok ? ok(undefined) : sent;
  }

  /** As `sendEncrypted`, answering the event ID (the same one again when the txnId was sent before). */
  async sendEncryptedMessage(
    roomId: RoomId,
    content: { msgtype: "m.notice" | "m.text"; body: string },
    txnId: string,
    members: ReadonlyMap<string, MemberState>,
  ): Promise<Result<string, MatrixFailure>> {
    if (!(await this.waitForRoom(roomId, members, 30_000))) {
      return err("unavailable", `the bot's device has not synced ${roomId} and its members yet`);
    }
    try {
      const message: RoomMessageEventContent = {
        msgtype: content.msgtype === "m.notice" ? sdk.MsgType.Notice : sdk.MsgType.Text,
        body: content.body,
      };
      const sent = await this.client.sendEvent(roomId, sdk.EventType.RoomMessage, message, txnId);
      return ok(sent.event_id);
    } catch (error) {
      return toMatrixFailure(error);
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.client.stopClient();
    await this.snapshots.persist();
    this.cleanStop.mark();
  }
}
