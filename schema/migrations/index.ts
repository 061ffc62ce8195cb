import type { Migration, MigrationProvider } from "kysely";
import type { DialectKind } from "../dialect.ts";
import { foundation } from "./0001-foundation.ts";

/** Every migration, in order, from a static list (no directory scanning: bundlers and tsx agree on it). */
export function migrationProvider(dialect: DialectKind): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001-foundation": foundation(dialect),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
