import { createRequire } from "node:module";
import type SodiumModule from "libsodium-wrappers";

// libsodium-wrappers' ESM build imports a file its package does not ship (0.7.x); its CommonJS build is sound.
const sodium = createRequire(import.meta.url)("libsodium-wrappers") as typeof SodiumModule;

export type Sodium = typeof SodiumModule;

export interface LoadedSodium {
  readonly sodium: Sodium;
  /**
   * libsodium-wrappers silently falls back to an asm.js build (16–27× slower) when WebAssembly fails to load.
   * The fallback module is a fresh object without the WASM module's `useBackupModule` hook, which tells them apart.
   */
  readonly usingWasm: boolean;
}

export async function loadSodium(): Promise<LoadedSodium> {
  await sodium.ready;
  const inner = (sodium as unknown as { libsodium?: { useBackupModule?: unknown } }).libsodium;
  return { sodium, usingWasm: typeof inner?.useBackupModule === "function" };
}
