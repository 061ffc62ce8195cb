import type { IDBFactory } from "fake-indexeddb";
import * as sdk from "matrix-js-sdk";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import { quietRustTracing } from "./rust-tracing.ts";

export interface CryptoClientOptions {
  readonly homeserverUrl: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly accessToken: string;
  readonly storeKey: Uint8Array;
  readonly factory: IDBFactory;
  readonly fetchFn: typeof fetch;
  readonly logger: SdkLogger;
}

// The Rust crypto opens its IndexedDB through the global factory, once, during initialisation. Each bot gets its
// own factory, installed for the length of that initialisation (one at a time), so two Kindreds in one process
// (as in tests) never share a store.
let initialising: Promise<unknown> = Promise.resolve();

/** A matrix-js-sdk client for the bot's device, with Rust crypto, syncing only what E2EE needs. */
export async function startCryptoClient(options: CryptoClientOptions): Promise<sdk.MatrixClient> {
  const client = sdk.createClient({
    baseUrl: options.homeserverUrl,
    userId: options.userId,
    deviceId: options.deviceId,
    accessToken: options.accessToken,
    fetchFn: options.fetchFn,
    logger: options.logger,
  });
  const init = initialising.then(async () => {
    const global = globalThis as { indexedDB: IDBFactory };
    const previous = global.indexedDB;
    global.indexedDB = options.factory;
    try {
      await client.initRustCrypto({ storageKey: options.storeKey });
      quietRustTracing();
    } finally {
      global.indexedDB = previous;
    }
  });
  initialising = init.catch(() => undefined);
  await init;

  // Messages reach Kindred through appservice transactions; the sync loop is for keys, devices and membership.
  const filter = new sdk.Filter(options.userId);
  filter.setDefinition({
    presence: { types: [] },
    account_data: { types: [] },
    room: {
      ephemeral: { types: [] },
      account_data: { types: [] },
      // Filtering message types out of the timeline made Synapse's `state_after` miss membership changes that
      // arrived beside them (seen with 1.163), so the timeline stays whole; initialSyncLimit keeps it short.
      timeline: { limit: 20 },
    },
  });
  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: sdk.SyncState): void => {
      if (state === sdk.SyncState.Prepared || state === sdk.SyncState.Syncing) {
        client.off(sdk.ClientEvent.Sync, onSync);
        resolve();
      }
    };
    client.on(sdk.ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 0, filter, lazyLoadMembers: false });
  await prepared;
  return client;
}
