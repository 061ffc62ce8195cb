import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDue } from "../../bot/scheduler/schedule-store.ts";
import { migrationProvider } from "../../schema/migrations/index.ts";
import { connectDatabase, migrateToLatest, type DatabaseHandle } from "../../schema/index.ts";
import { storeBackends } from "../support/database.ts";

const backends = storeBackends("kindred-queue-");

describe.each(backends)("migration 0010 (the schedule queue) on %s", (_name, open) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const database = await open();
    dispose = () => database.dispose();
    handle = connectDatabase(database.location);
    const migrator = new Migrator({ db: handle.db, provider: migrationProvider(handle.dialect) });
    const before = await migrator.migrateTo("0009-recognition");
    if (before.error !== undefined) throw before.error;
    await sql`insert into schedules (id, kind, subject, days, local_time, timezone, next_at, updated_at) values
      ('on', 'checkin', 'm1', 'daily', '09:00', 'UTC', '2026-12-02T09:00:00.000Z', '2026-12-01T00:00:00.000Z'),
      ('off', 'checkin', 'm2', 'daily', '10:00', 'UTC', null, '2026-12-01T00:00:00.000Z')`.execute(handle.db);
    const migrated = await migrateToLatest(handle);
    if (!migrated.ok) throw new Error(migrated.message);
  });
  afterAll(async () => {
    await handle.close();
    await dispose();
  });

  it("keeps each schedule's next occurrence, and an off schedule off", async () => {
    const queue = await handle.db.selectFrom("schedule_queue").selectAll().execute();
    expect(queue).toEqual([{ next_at: "2026-12-02T09:00:00.000Z", schedule_id: "on", version: 0 }]);
    const flags = await handle.db.selectFrom("schedules").select(["id", "enabled"]).orderBy("id").execute();
    expect(flags).toEqual([
      { id: "off", enabled: 0 },
      { id: "on", enabled: 1 },
    ]);
    const due = await handle.db
      .transaction()
      .execute((trx) => claimDue(trx, new Date("2026-12-02T09:00:01Z"), 1_000));
    expect(due.map((d) => d.key)).toEqual(["2026-12-02/09:00/on"]);
  });
});
