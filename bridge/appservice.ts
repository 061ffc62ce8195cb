import { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { CheckinSettings } from "../bot/checkins/settings.ts";
import type { Community } from "../bot/commands.ts";
import type { Effect } from "../bot/effects.ts";
import { startEventProcessor, type EventProcessor } from "../bot/event-processor.ts";
import { makeUserId, type UserId } from "../bot/ids.ts";
import type { Logger } from "../bot/logger.ts";
import { acceptTransaction } from "../bot/stores/transactions.ts";
import { appserviceRoutes } from "./appservice-routes.ts";
import {
  homeserverInstance,
  pingFromHomeserver,
  registerBotUser,
  setDisplayName,
  waitForHomeserver,
} from "./homeserver-setup.ts";
import { listen } from "./http-listener.ts";
import type { Sodium } from "../bot/crypto/sodium.ts";
import { EncryptedBot } from "./e2ee/encrypted-bot.ts";
import { requestPeerRoom, type PeerRoomRequest, type PeerRoomRequestError } from "../bot/peer-rooms/open.ts";
import type { MatchFlowSettings } from "../bot/match-flow/settings.ts";
import type { PeerRoomSettings } from "../bot/peer-rooms/settings.ts";
import type { Result } from "../bot/result.ts";
import { ensureCommunitySpace } from "./community-space.ts";
import type { RecognitionSettings } from "../bot/recognition/settings.ts";
import { MatrixAttestationRoom } from "./attestation-room.ts";
import { MatrixEffects } from "./matrix-effects.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { routeSdkLogs } from "./sdk-logging.ts";

export interface AppserviceOptions {
  readonly homeserverUrl: string;
  readonly serverName: string;
  readonly registration: {
    readonly id: string;
    readonly asToken: string;
    readonly hsToken: string;
    readonly senderLocalpart: string;
  };
  readonly botLocalpart: string;
  readonly bind: string;
  readonly port: number;
  readonly botDisplayName: string;
  readonly dataDir: string;
  readonly sodium: Sodium;
  readonly masterKey: Uint8Array;
  readonly community: Community & { readonly purpose: string };
  readonly peerRooms: PeerRoomSettings;
  /** Matching's settings; without them the bot does not match (tests of other areas). */
  readonly matching?: MatchFlowSettings;
  readonly checkins?: CheckinSettings;
  /** Test hook: called right after a duty's transaction committed. */
  readonly afterDutyCommit?: (duty: string, effects: readonly Effect[]) => void;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** Evidence-based roles, consent and attestations from other communities (absent: recognition is off). */
  readonly recognition?: RecognitionSettings;
}

export interface RunningAppservice {
  readonly botUserId: UserId;
  readonly port: number;
  readonly processor: EventProcessor;
  readonly encryption: EncryptedBot;
  /** Opens a peer room for these members (the use case bot/ offers, woken at once). */
  requestPeerRoom(request: PeerRoomRequest): Promise<Result<string, PeerRoomRequestError>>;
  stop(): Promise<void>;
}

/** Connects to the homeserver as its appservice, then listens for transactions and works through them. */
export async function startAppservice(options: AppserviceOptions): Promise<RunningAppservice> {
  const { db, logger, registration } = options;
  routeSdkLogs(logger);
  const client = new MatrixClient(options.homeserverUrl, registration.asToken);
  const botUserId = makeUserId(options.botLocalpart, options.serverName);

  await waitForHomeserver(client, logger);
  await registerBotUser(client, options.botLocalpart);
  client.impersonateUserId(botUserId); // everything below acts as the bot, not the registration's silent sender
  await setDisplayName(client, options.botDisplayName, logger);
  const instance = await homeserverInstance(client, botUserId);
  const encryption = await EncryptedBot.start({
    homeserverUrl: options.homeserverUrl,
    botUserId,
    asToken: registration.asToken,
    db,
    dataDir: options.dataDir,
    sodium: options.sodium,
    masterKey: options.masterKey,
    logger,
  });

  const processor = startEventProcessor({
    db,
    ports: new MatrixEffects(client, db, encryption, {
      spaceId: await ensureCommunitySpace(client, db, options.community, logger),
      serverName: options.serverName,
      communityName: options.community.name,
      attestationRoom: new MatrixAttestationRoom({
        homeserverUrl: options.homeserverUrl,
        asToken: registration.asToken,
        serverName: options.serverName,
        communityName: options.community.name,
      }),
    }),
    decryptor: encryption,
    bot: {
      userId: botUserId,
      community: options.community,
      peerRooms: options.peerRooms,
      cipher: memberCipher(options.sodium, options.masterKey),
      ...(options.matching === undefined ? {} : { matching: options.matching }),
      ...(options.checkins === undefined ? {} : { checkins: options.checkins }),
      ...(options.recognition === undefined ? {} : { recognition: options.recognition }),
    },
    ...(options.afterDutyCommit === undefined ? {} : { afterDutyCommit: options.afterDutyCommit }),
    logger,
  });
  const routes = appserviceRoutes({
    hsToken: registration.hsToken,
    logger,
    sink: {
      async accept(txnId, events) {
        const accepted = await acceptTransaction(db, {
          homeserverInstance: instance,
          txnId,
          events,
          receivedAt: new Date(),
        });
        if (accepted.stored > 0) processor.wake();
        return accepted;
      },
    },
  });
  let listening;
  try {
    listening = await listen(routes, options.bind, options.port);
  } catch (error) {
    await processor.stop();
    await encryption.stop();
    throw error;
  }
  logger.info("appservice listening", { bind: options.bind, port: listening.port, bot: botUserId });
  await pingFromHomeserver(client, registration.id, logger);

  return {
    botUserId,
    port: listening.port,
    processor,
    encryption,
    async requestPeerRoom(request) {
      const requested = await requestPeerRoom(db, options.peerRooms, request, new Date());
      if (requested.ok) processor.wake();
      return requested;
    },
    async stop() {
      await listening.close();
      await processor.stop();
      await encryption.stop();
    },
  };
}
