import { sql, type Kysely, type Migration } from "kysely";
import type { DialectKind } from "../dialect.ts";

/**
 * The scheduler's due times move from `schedules.next_at` into `schedule_queue`, clustered by (next_at, schedule):
 * a tick's claimed rows and their next occurrences (about a day later, same minute) are each contiguous, so a tick
 * writes a few pages instead of one page of `schedules` per claimed row. An edit bumps `schedules.version` and
 * queues a row with the new version; rows of an older version are dropped when they come due (no per-schedule
 * index on the queue, which a tick would have to rewrite at scattered places). Existing next occurrences are kept.
 */
export function scheduleQueue(dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("schedules")
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable("schedules")
        .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update schedules set enabled = 1 where next_at is not null`.execute(db);
      const clustered = dialect === "sqlite" ? sql` without rowid` : sql``;
      await sql`create table schedule_queue (next_at text not null, schedule_id text not null,
        version integer not null, primary key (next_at, schedule_id))${clustered}`.execute(db);
      await sql`insert into schedule_queue (next_at, schedule_id, version)
        select next_at, id, 0 from schedules where next_at is not null order by next_at, id`.execute(db);
      await db.schema.dropIndex("schedules_due").execute();
      await db.schema.alterTable("schedules").dropColumn("next_at").execute();
    },
  };
}
