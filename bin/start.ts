import { mkdirSync } from "node:fs";
import type { Logger } from "../bot/logger.ts";
import { startAppservice, type RunningAppservice } from "../bridge/appservice.ts";
import { listen } from "../bridge/http-listener.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../schema/index.ts";
import { createWebApp } from "../web/app.tsx";
import type { KindredConfig } from "./config.ts";

export interface RunningKindred {
  readonly appservice: RunningAppservice;
  readonly database: DatabaseHandle;
  readonly webUrl: string;
  stop(): Promise<void>;
}

/** The composition root: everything Kindred runs, built from one decoded config. */
export async function startKindred(config: KindredConfig, logger: Logger): Promise<RunningKindred> {
  mkdirSync(config.dataDir, { recursive: true });
  const database = connectDatabase(config.databaseUrl);
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const migrated = await migrateToLatest(database);
    if (!migrated.ok) throw new Error(`database migration ${migrated.failed} failed: ${migrated.message}`);
    if (migrated.applied.length > 0)
      logger.info("database migrated", { applied: migrated.applied.join(",") });

    const appservice = await startAppservice({
      homeserverUrl: config.homeserver.url,
      serverName: config.homeserver.serverName,
      registration: config.appservice,
      bind: config.appservice.bind,
      port: config.appservice.port,
      botDisplayName: config.botDisplayName,
      community: config.community,
      db: database.db,
      logger,
    });
    cleanups.push(() => appservice.stop());

    const web = await listen(
      createWebApp({ community: config.community, botUserId: appservice.botUserId }),
      config.web.bind,
      config.web.port,
    );
    cleanups.push(() => web.close());
    logger.info("web listening", { url: config.web.publicUrl });
    return { appservice, database, webUrl: config.web.publicUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
