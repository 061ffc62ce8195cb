import type SqliteDatabase from "better-sqlite3";
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from "kysely";

const MAX_STATEMENTS = 500; // SQL texts differ only by query shape, so a busy app uses a few dozen

/**
 * The SQLite file as Kysely sees it, with each statement prepared once per SQL text: Kysely's driver calls
 * `prepare` for every query, and preparing costs more than running a small indexed query. SQLite recompiles a
 * prepared statement itself when the schema changes. A statement still being iterated (a streamed query) is
 * busy, so that SQL text gets a fresh one meanwhile. Least recently used statements are dropped past the cap.
 */
export function withStatementCache(
  file: SqliteDatabase.Database,
  max: number = MAX_STATEMENTS,
): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) {
        statements.delete(sql); // re-insert: Map order is recency order
        statements.set(sql, cached);
        return cached;
      }
      const statement = file.prepare(sql);
      if (cached === undefined) {
        statements.set(sql, statement);
        const oldest = statements.keys().next();
        if (statements.size > max && oldest.done !== true) statements.delete(oldest.value);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      file.close();
    },
  };
}
