import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import type { Logger } from "../../bot/logger.ts";

/**
 * matrix-js-sdk logs every encryption step; Kindred keeps its warnings and errors (at debug level, since the
 * outcomes that matter come back as values) and drops the rest.
 */
export function sdkLogger(logger: Logger, prefix = "matrix-js-sdk"): SdkLogger {
  const text = (parts: unknown[]): string =>
    parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" ");
  const quiet = (): void => undefined;
  return {
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (...parts: unknown[]) => logger.debug(`${prefix}: ${text(parts)}`),
    error: (...parts: unknown[]) => logger.debug(`${prefix}: ${text(parts)}`),
    getChild: (namespace: string) => sdkLogger(logger, `${prefix} ${namespace}`),
  };
}
