export { connectDatabase, type DatabaseHandle } from "./connect.ts";
export type { DialectKind } from "./dialect.ts";
export { migrateToLatest, type MigrationOutcome } from "./migrate.ts";
export type * from "./tables.ts";
