export type LogFields = Readonly<Record<string, unknown>>;

/** Passed down from the composition root; nothing in Kindred logs through a module-level singleton. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
