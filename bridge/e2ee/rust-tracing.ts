import { LoggerLevel, Tracing } from "@matrix-org/matrix-sdk-crypto-wasm";

/**
 * matrix-js-sdk switches the Rust crypto's tracing to Debug on every `initRustCrypto`, which floods stdout.
 * Call this after initialisation: warnings and errors still show.
 */
export function quietRustTracing(): void {
  new Tracing(LoggerLevel.Warn).turnOn();
}
