import type { Hono } from "hono";
import { startEventProcessor, type EventProcessor } from "../../bot/event-processor.ts";
import { makeUserId, type UserId } from "../../bot/ids.ts";
import type { Logger } from "../../bot/logger.ts";
import { DEFAULT_STARTERS, type PeerRoomSettings } from "../../bot/peer-rooms/settings.ts";
import { acceptTransaction } from "../../bot/stores/transactions.ts";
import { appserviceRoutes } from "../../bridge/appservice-routes.ts";
import type { DatabaseHandle } from "../../schema/index.ts";
import { memoryDatabase } from "./database.ts";
import { FakeMatrix } from "./fake-matrix.ts";

export const HS_TOKEN = "hs-token-for-tests-0123456789";
export const BOT = makeUserId("kindred", "community.test");
export const ALICE = makeUserId("alice", "community.test");

/** Peer-room settings for unit tests: "sealing" is reversible tagging, so tests can see it happened. */
export function testPeerRoomSettings(overrides: Partial<PeerRoomSettings> = {}): PeerRoomSettings {
  return {
    texts: {
      communityName: "Test Community",
      guidelinesUrl: "https://community.test/guidelines",
      starters: DEFAULT_STARTERS,
    },
    inviteReminderAfterMs: 60_000,
    inviteExpiryAfterMs: 120_000,
    seal: (text) => `sealed:${Buffer.from(text).toString("base64")}`,
    open: (sealed) =>
      sealed.startsWith("sealed:") ? Buffer.from(sealed.slice(7), "base64").toString() : undefined,
    ...overrides,
  };
}

export interface LogRecord {
  level: string;
  message: string;
  fields: Readonly<Record<string, unknown>> | undefined;
}

/** Keeps every record for assertions; with `echo`, also prints them (set KINDRED_TEST_LOGS=1 when debugging). */
export function recordingLogger(echo?: string): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    records.push({ level, message, fields });
    if (echo !== undefined)
      process.stderr.write(`${echo} ${level} ${message} ${JSON.stringify(fields ?? {})}\n`);
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
    bot: { userId: BOT, community: { name: "Test Community" }, peerRooms: testPeerRoomSettings() },
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
