import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withStatementCache } from "../../schema/sqlite-statements.ts";

interface Tables {
  notes: { id: number; text: string };
}

describe("SQLite statements prepared once per SQL text", () => {
  const file = new SqliteDatabase(":memory:");
  afterEach(() => vi.restoreAllMocks());

  it("prepares a query once, however often and with whatever values it runs", async () => {
    const prepare = vi.spyOn(file, "prepare");
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
    await db.schema.createTable("notes").addColumn("id", "integer").addColumn("text", "text").execute();
    for (let id = 1; id <= 3; id++)
      await db
        .insertInto("notes")
        .values({ id, text: `note ${id}` })
        .execute();
    const read = (id: number) => db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
    expect(await read(2)).toEqual({ id: 2, text: "note 2" });
    expect(await read(3)).toEqual({ id: 3, text: "note 3" });
    expect(await read(4)).toBeUndefined();
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([
      'create table "notes" ("id" integer, "text" text)',
      'insert into "notes" ("id", "text") values (?, ?)',
      'select * from "notes" where "id" = ?',
    ]);

    // SQLite recompiles a prepared statement when the schema changes, so `*` sees a new column.
    await db.schema.alterTable("notes").addColumn("mood", "text").execute();
    expect(await read(2)).toEqual({ id: 2, text: "note 2", mood: null });
  });

  it("gives a fresh statement for SQL whose statement is still being iterated", () => {
    const database = withStatementCache(file);
    const sql = "select value from json_each('[1,2,3]')";
    const rows = database.prepare(sql).iterate([]);
    expect(rows.next().value).toEqual({ value: 1 });
    expect(database.prepare(sql).all([])).toHaveLength(3); // would throw "busy" on the same statement
    expect([...rows]).toEqual([{ value: 2 }, { value: 3 }]);
  });

  it("keeps the most recently used statements only", () => {
    const prepare = vi.spyOn(file, "prepare");
    const database = withStatementCache(file, 2);
    for (const n of [1, 2, 1, 3, 1, 2]) database.prepare(`select ${n}`);
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual(["select 1", "select 2", "select 3", "select 2"]);
  });
});
