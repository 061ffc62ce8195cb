import { LogLevel, LogService, type ILogger } from "@vector-im/matrix-bot-sdk";
import type { Logger } from "../bot/logger.ts";

/**
 * matrix-bot-sdk logs through a process-wide service; route it into Kindred's logger at debug level,
 * since Kindred reports every failure it cares about itself (as values, with context).
 */
export function routeSdkLogs(logger: Logger): void {
  const forward = (module: string, ...parts: unknown[]): void =>
    logger.debug(`matrix-bot-sdk ${module}`, {
      detail: parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" "),
    });
  const sdkLogger: ILogger = { trace: forward, debug: forward, info: forward, warn: forward, error: forward };
  LogService.setLogger(sdkLogger);
  LogService.setLevel(LogLevel.DEBUG);
  LogService.muteModule("MatrixHttpClient");
}
