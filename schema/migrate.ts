import { Migrator } from "kysely";
import type { DatabaseHandle } from "./connect.ts";
import { migrationProvider } from "./migrations/index.ts";

export type MigrationOutcome =
  { ok: true; applied: string[] } | { ok: false; failed: string; message: string };

/** Runs every pending migration; never throws (Kysely's Migrator returns its errors). */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
  const { error, results = [] } = await migrator.migrateToLatest();
  const applied = results.filter((r) => r.status === "Success").map((r) => r.migrationName);
  if (error === undefined) return { ok: true, applied };
  const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)";
  return { ok: false, failed, message: error instanceof Error ? error.message : String(error) };
}
