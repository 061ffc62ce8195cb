import { MatrixClient } from "@vector-im/matrix-bot-sdk";
import type { Kysely } from "kysely";
import type { Database } from "../schema/index.ts";
import type { Community } from "../bot/commands.ts";
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
import { MatrixEffects } from "./matrix-effects.ts";
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
  readonly bind: string;
  readonly port: number;
  readonly botDisplayName: string;
  readonly community: Community;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
}

export interface RunningAppservice {
  readonly botUserId: UserId;
  readonly port: number;
  readonly processor: EventProcessor;
  stop(): Promise<void>;
}

/** Connects to the homeserver as its appservice, then listens for transactions and works through them. */
export async function startAppservice(options: AppserviceOptions): Promise<RunningAppservice> {
  const { db, logger, registration } = options;
  routeSdkLogs(logger);
  const client = new MatrixClient(options.homeserverUrl, registration.asToken);
  const botUserId = makeUserId(registration.senderLocalpart, options.serverName);

  await waitForHomeserver(client, logger);
  await registerBotUser(client, registration.senderLocalpart);
  await setDisplayName(client, options.botDisplayName, logger);
  const instance = await homeserverInstance(client, botUserId);

  const processor = startEventProcessor({
    db,
    ports: new MatrixEffects(client, db),
    bot: { userId: botUserId, community: options.community },
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
    throw error;
  }
  logger.info("appservice listening", { bind: options.bind, port: listening.port, bot: botUserId });
  await pingFromHomeserver(client, registration.id, logger);

  return {
    botUserId,
    port: listening.port,
    processor,
    async stop() {
      await listening.close();
      await processor.stop();
    },
  };
}
