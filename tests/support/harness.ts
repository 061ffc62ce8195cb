import type { Hono } from "hono";
import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import { makeUserId, type UserId } from "../../bot/ids.ts";
import type { Logger } from "../../bot/logger.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import { appserviceRoutes } from "../../bridge/appservice-routes.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "./database.ts";
import { FakeMatrix } from "./fake-matrix.ts";

export const HS_TOKEN = "hs-token-for-tests-0123456789";
export const BOT = makeUserId("kindred", "community.test");
export const ALICE = makeUserId("alice", "community.test");

export interface LogRecord {
  level: string;
  message: string;
  fields: Readonly<Record<string, unknown>> | undefined;
}

export function recordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    records.push({ level, message, fields });
  };
  return { records, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface Harness {
  app: Hono;
  matrix: FakeMatrix;
  database: DatabaseHandle;
  processor: EventProcessor;
  logger: ReturnType<typeof recordingLogger>;
  bot: UserId;
  /** PUTs a transaction with the right token; returns the HTTP status. */
  deliver(txnId: string, events: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** The real transaction endpoint, store and processor, with a fake homeserver for effects. */
export async function appserviceHarness(): Promise<Harness> {
  const database = await memoryDatabase();
  const matrix = new FakeMatrix();
  const logger = recordingLogger();
  const processor = startEventProcessor({
    db: database.db,
    ports: matrix,
    bot: { userId: BOT, community: { name: "Test Community" } },
    logger,
    retry: { baseMs: 5, maxMs: 20 },
  });
  const app = appserviceRoutes({
    hsToken: HS_TOKEN,
    logger,
    sink: {
      async accept(txnId, events) {
        const accepted = await acceptTransaction(database.db, {
          homeserverInstance: "hs-instance-1",
          txnId,
          events,
          receivedAt: new Date(),
        });
        processor.wake();
        return accepted;
      },
    },
  });
  return {
    app,
    matrix,
    database,
    processor,
    logger,
    bot: BOT,
    async deliver(txnId, events) {
      const response = await app.request(`/_matrix/app/v1/transactions/${txnId}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${HS_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ events }),
      });
      return response.status;
    },
    async close() {
      await processor.stop();
      await database.close();
    },
  };
}
