import type { LogFields, Logger } from "../bot/logger.ts";

const ORDER = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof ORDER;

/** One line per record on stderr: time, level, message, then key=value fields. */
export function consoleLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const emit =
    (at: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (ORDER[at] < ORDER[level]) return;
      const extra =
        fields === undefined
          ? ""
          : Object.entries(fields)
              .map(([k, v]) => ` ${k}=${format(v)}`)
              .join("");
      write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${extra}\n`);
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

function format(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text !== undefined && /[\s"=]/.test(text) ? JSON.stringify(text) : String(text);
}

/**
 * matrix-js-sdk and the Rust crypto narrate every step on the console. Kindred reports what matters through its own
 * logger (on stderr), so the console's chatter goes to that logger's debug level instead of flooding the output.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const toDebug = (...parts: unknown[]): void =>
    logger.debug(
      parts
        .map((p) => (p instanceof Error ? p.message : String(p)))
        .join(" ")
        .slice(0, 2000),
    );
  for (const method of ["log", "info", "debug", "trace", "warn", "error"] as const) console[method] = toDebug;
}
