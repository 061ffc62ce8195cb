import { mkdirSync } from "node:fs";
import type { Effect } from "../bot/effects.ts";
import type { Logger } from "../bot/logger.ts";
import { crisisResourcesFor } from "../bot/onboarding/community.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { startAppservice, type RunningAppservice } from "../bridge/appservice.ts";
import { listen } from "../bridge/http-listener.ts";
import { FederationOpenIdUserInfo } from "../bridge/openid-userinfo.ts";
import { deriveKey } from "../bot/crypto/master-key.ts";
import { openText, sealText } from "../bot/crypto/secret-box.ts";
import { loadSodium, type Sodium } from "../bot/crypto/sodium.ts";
import { communityWording } from "../bot/match-flow/settings.ts";
import { DEFAULT_STARTERS, type PeerRoomSettings } from "../bot/peer-rooms/settings.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../schema/index.ts";
import { createWebApp } from "../web/app.tsx";
import { startAttestations, type AttestationWiring } from "./attestation-setup.ts";
import type { KindredConfig } from "./config.ts";
import { recognitionSettings } from "./recognition-setup.ts";

export interface RunningKindred {
  readonly appservice: RunningAppservice;
  readonly database: DatabaseHandle;
  readonly webUrl: string;
  readonly attestations: AttestationWiring;
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

    const { sodium, usingWasm } = await loadSodium();
    if (!usingWasm)
      logger.error(
        "libsodium fell back to asm.js (WebAssembly failed to load): cryptography is 16–27× slower",
      );
    const peerRooms = peerRoomSettings(config, sodium);
    const cipher = memberCipher(sodium, config.masterKey);
    const matching = {
      ...config.matching,
      cipher,
      wording: communityWording(config.community.experiences, config.community.supportTags),
    };
    const appservice = await startAppservice({
      homeserverUrl: config.homeserver.url,
      serverName: config.homeserver.serverName,
      registration: config.appservice,
      botLocalpart: config.botLocalpart,
      peerRooms,
      matching,
      checkins: {
        cipher,
        crisisResources: crisisResourcesFor(config.community, undefined),
        weeklyPrompt: config.checkins.weeklyPrompt,
        pageUrl: new URL("check-ins", config.web.publicUrl).toString(),
      },
      ...exitAfterClaimHook(logger),
      dataDir: config.dataDir,
      sodium,
      masterKey: config.masterKey,
      bind: config.appservice.bind,
      port: config.appservice.port,
      botDisplayName: config.botDisplayName,
      community: config.community,
      db: database.db,
      logger,
      recognition: recognitionSettings(config, sodium),
    });
    cleanups.push(() => appservice.stop());
    const attestations = await startAttestations(config, database.db, sodium, logger);

    const web = await listen(
      createWebApp({
        db: database.db,
        community: config.community,
        botUserId: appservice.botUserId,
        publicUrl: config.web.publicUrl,
        sodium,
        masterKey: config.masterKey,
        openId: new FederationOpenIdUserInfo(config.web.openid),
        wakeOutbox: () => appservice.processor.wake(),
        logger,
        allowHttpHomeservers: config.web.openid.allowPrivateAddresses,
        operators: config.operators,
        matching: { flow: matching, peerRooms },
        recognition: recognitionSettings(config, sodium),
      }),
      config.web.bind,
      config.web.port,
    );
    cleanups.push(() => web.close());
    logger.info("web listening", { url: config.web.publicUrl });
    return { appservice, database, webUrl: config.web.publicUrl, attestations, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Test hook (`KINDRED_TEST_EXIT_AFTER_CLAIM=1`): the process exits the moment a scheduler tick that queued
 * something has committed, before anything is sent — the crash window the scheduler must survive.
 */
function exitAfterClaimHook(logger: Logger): {
  afterDutyCommit?: (duty: string, effects: readonly Effect[]) => void;
} {
  if (process.env["KINDRED_TEST_EXIT_AFTER_CLAIM"] !== "1") return {};
  return {
    afterDutyCommit(duty, effects) {
      if (duty !== "schedule" || effects.length === 0) return;
      logger.warn("KINDRED_TEST_EXIT_AFTER_CLAIM: exiting right after a scheduler claim committed");
      process.exit(137);
    },
  };
}

/** Peer-room texts and timing from config; purposes are sealed with the member-data key. */
function peerRoomSettings(config: KindredConfig, sodium: Sodium): PeerRoomSettings {
  const key = deriveKey(sodium, config.masterKey, "member-data");
  return {
    texts: {
      communityName: config.community.name,
      guidelinesUrl: config.web.publicUrl,
      starters: config.peerRooms.conversationStarters ?? DEFAULT_STARTERS,
    },
    inviteReminderAfterMs: config.peerRooms.inviteReminderAfterMs,
    inviteExpiryAfterMs: config.peerRooms.inviteExpiryAfterMs,
    seal: (text) => sealText(sodium, key, text),
    open: (sealed) => {
      const opened = openText(sodium, key, sealed);
      return opened.ok ? opened.value : undefined;
    },
  };
}
