import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../schema/index.ts";

export const POSTGRES_ADMIN_URL =
  process.env["KINDRED_TEST_POSTGRES"] ?? "postgres://postgres@127.0.0.1:5432/test";

/** A migrated in-memory SQLite database: real SQL, real migrations, nothing on disk. */
export async function memoryDatabase(): Promise<DatabaseHandle> {
  const handle = connectDatabase(":memory:");
  const migrated = await migrateToLatest(handle);
  if (!migrated.ok) throw new Error(`migration failed: ${migrated.message}`);
  return handle;
}

/** A fresh, empty PostgreSQL database on the local server; `drop` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kindred_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export type StoreBackend = [string, () => Promise<{ location: string; dispose(): Promise<void> }>];

/** A SQLite file and a fresh PostgreSQL database, for `describe.each` in store tests. */
export function storeBackends(prefix: string): StoreBackend[] {
  return [
    [
      "SQLite (a file)",
      () =>
        Promise.resolve({
          location: join(mkdtempSync(join(tmpdir(), prefix)), "k.sqlite"),
          dispose: () => Promise.resolve(),
        }),
    ],
    [
      "PostgreSQL",
      async () => {
        const database = await freshPostgresDatabase();
        return { location: database.url, dispose: () => database.drop() };
      },
    ],
  ];
}

/** Opens one of `storeBackends` migrated to the latest schema; `close` shuts it and removes its database. */
export async function openMigratedStore(
  open: StoreBackend[1],
): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  const opened = await open();
  const handle = connectDatabase(opened.location);
  const migrated = await migrateToLatest(handle);
  if (!migrated.ok) throw new Error(migrated.message);
  return {
    handle,
    async close() {
      await handle.close();
      await opened.dispose();
    },
  };
}
