/**
 * bench:schedule — 1,000,000 scheduled check-ins on SQLite and PostgreSQL. Each tick finds and claims what fell
 * due (one indexed range query, next occurrences computed in each member's zone, one batch update, idempotency
 * keys inserted) in one transaction, beside a plain indexed SELECT of the same rows in the same run.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { sql, type Kysely } from "kysely";
import { occurrenceAfter, WEEKDAYS, type Recurrence } from "../bot/scheduler/recurrence.ts";
import { claimDue, encodeDays, type ClaimPhases } from "../bot/scheduler/schedule-store.ts";
import { CLAIMS_PER_TICK } from "../bot/scheduler/tick.ts";
import { connectDatabase, migrateToLatest, type Database, type DatabaseHandle } from "../schema/index.ts";

const SCHEDULES = Number(process.env["BENCH_SCHEDULES"] ?? 1_000_000);
const POSTGRES = process.env["KINDRED_TEST_POSTGRES"] ?? "postgres://postgres@127.0.0.1:5432/test";
const T0 = Date.parse("2026-12-01T00:00:00Z");
const ZONES = [
  "Europe/London",
  "Europe/Paris",
  "America/Sao_Paulo",
  "America/New_York",
  "America/Los_Angeles",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Africa/Lagos",
  "Pacific/Auckland",
  "UTC",
  "America/St_Johns",
];
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Deterministic members: a zone, a minute of the day, every day (two thirds) or on weekdays. */
function recurrenceOf(i: number): Recurrence {
  const minute = (i * 7919) % 1440;
  const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const days =
    i % 3 === 0 ? new Set(WEEKDAYS.filter((day) => day !== "sat" && day !== "sun")) : new Set(WEEKDAYS);
  return { days, time, timezone: ZONES[i % ZONES.length] ?? "UTC" };
}

/** Schedules in member order; their queue rows in due order, as migration 0010 and the ticks leave them. */
async function fill(db: Kysely<Database>, batch: number): Promise<void> {
  const start = new Date(T0);
  const queue: { next_at: string; schedule_id: string; version: number }[] = [];
  for (let from = 0; from < SCHEDULES; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(SCHEDULES, from + batch); i += 1) {
      const recurrence = recurrenceOf(i);
      rows.push({
        id: `checkin:member-${i}`,
        kind: "checkin",
        subject: `member-${i}`,
        days: encodeDays(recurrence.days),
        local_time: recurrence.time,
        timezone: recurrence.timezone,
        version: 0,
        enabled: 1,
        updated_at: start.toISOString(),
      });
      const next = occurrenceAfter(recurrence, start).at.toISOString();
      queue.push({ next_at: next, schedule_id: `checkin:member-${i}`, version: 0 });
    }
    await db.insertInto("schedules").values(rows).execute();
  }
  queue.sort((a, b) =>
    a.next_at === b.next_at ? (a.schedule_id < b.schedule_id ? -1 : 1) : a.next_at < b.next_at ? -1 : 1,
  );
  for (let from = 0; from < queue.length; from += batch)
    await db
      .insertInto("schedule_queue")
      .values(queue.slice(from, from + batch))
      .execute();
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

interface Figures {
  readonly tickMs: number;
  readonly baselineMs: number;
  readonly claimsPerSecond: number;
  readonly claimedPerTick: number;
  readonly maxTickMs: number;
  /** Median per tick of each phase; `commit` is the transaction's time outside the statements (mostly fsync). */
  readonly phases: Record<keyof ClaimPhases | "compute" | "commit", number>;
}

/**
 * Check-in times fall on the minute, so each minute's tick claims that minute's check-ins (~650 of 1M) and the
 * ticks in between find nothing. Each measured tick alternates a plain SELECT and the claim on the same due rows.
 */
async function measure(db: Kysely<Database>): Promise<Figures> {
  const plainSelect = (now: Date) =>
    db
      .selectFrom("schedule_queue as q")
      .innerJoin("schedules as s", "s.id", "q.schedule_id")
      .select(["q.next_at", "q.schedule_id", "q.version", "s.kind", "s.subject", "s.days", "s.local_time"])
      .select(["s.timezone", "s.version as current", "s.enabled"])
      .where("q.next_at", "<=", now.toISOString())
      .orderBy("q.next_at")
      .orderBy("q.schedule_id")
      .limit(CLAIMS_PER_TICK)
      .execute();
  const tick = async (nowMs: number) => {
    const now = new Date(nowMs);
    let started = performance.now();
    const seen = await plainSelect(now);
    const baseline = performance.now() - started;
    const phases: ClaimPhases = { query: 0, advance: 0, keys: 0 };
    started = performance.now();
    let inside = 0;
    const claimed = await db.transaction().execute(async (trx) => {
      const begun = performance.now();
      const due = await claimDue(trx, now, CLAIMS_PER_TICK, phases);
      inside = performance.now() - begun;
      return due;
    });
    const took = performance.now() - started;
    if (claimed.length !== seen.length) throw new Error(`claimed ${claimed.length}, expected ${seen.length}`);
    const statements = phases.query + phases.advance + phases.keys;
    return {
      baseline,
      took,
      claimed: claimed.length,
      phases: { ...phases, compute: inside - statements, commit: took - inside },
    };
  };
  let clock = T0;
  for (let i = 0; i < 5; i += 1) await tick((clock += 60_000)); // warm-up
  const ticks = [];
  for (let i = 0; i < 40; i += 1) ticks.push(await tick((clock += 60_000)));
  const claimed = ticks.reduce((sum, t) => sum + t.claimed, 0);
  const claimMs = ticks.reduce((sum, t) => sum + t.took, 0);
  return {
    tickMs: median(ticks.map((t) => t.took)),
    baselineMs: median(ticks.map((t) => t.baseline)),
    claimsPerSecond: Math.round((claimed / claimMs) * 1000),
    claimedPerTick: median(ticks.map((t) => t.claimed)),
    maxTickMs: Math.max(...ticks.map((t) => t.took)),
    phases: {
      query: median(ticks.map((t) => t.phases.query)),
      compute: median(ticks.map((t) => t.phases.compute)),
      advance: median(ticks.map((t) => t.phases.advance)),
      keys: median(ticks.map((t) => t.phases.keys)),
      commit: median(ticks.map((t) => t.phases.commit)),
    },
  };
}

async function run(name: string, handle: DatabaseHandle, batch: number): Promise<Figures> {
  const migrated = await migrateToLatest(handle);
  if (!migrated.ok) throw new Error(migrated.message);
  const started = performance.now();
  await fill(handle.db, batch);
  if (handle.dialect === "postgres") await sql`analyze schedules, schedule_queue`.execute(handle.db);
  say(
    `${name}: ${SCHEDULES.toLocaleString("en")} schedules written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const figures = await measure(handle.db);
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  say(
    `${name}: tick (a minute's check-ins: ${figures.claimedPerTick} claimed) median ${f(figures.tickMs)}, slowest ${f(figures.maxTickMs)}; plain indexed SELECT of the same rows ${f(figures.baselineMs)}; ${figures.claimsPerSecond.toLocaleString("en")} claims/s`,
  );
  const phases = Object.entries(figures.phases).map(([phase, ms]) => `${phase} ${f(ms)}`);
  say(`${name}: tick phases (medians): ${phases.join(", ")}`);
  return figures;
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const folder = mkdtempSync(join(tmpdir(), "kindred-bench-schedule-"));
const sqlite = connectDatabase(join(folder, "bench.sqlite"));
let sqliteFigures: Figures;
try {
  sqliteFigures = await run("SQLite", sqlite, 1_000);
} finally {
  await sqlite.close();
  rmSync(folder, { recursive: true, force: true });
}

const database = `kindred_bench_${randomBytes(4).toString("hex")}`;
await adminQuery(`CREATE DATABASE ${database}`);
let postgresFigures: Figures;
try {
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  const postgres = connectDatabase(url.toString());
  try {
    postgresFigures = await run("PostgreSQL", postgres, 2_000);
  } finally {
    await postgres.close();
  }
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}

const worst = sqliteFigures.tickMs > postgresFigures.tickMs ? sqliteFigures : postgresFigures;
say(
  `target: a tick ≤ 50 ms over ${SCHEDULES.toLocaleString("en")} schedules; the JSON reports the slower backend`,
);
say(
  JSON.stringify({
    bench: "schedule",
    schedules: SCHEDULES,
    tick_ms: Math.round(worst.tickMs * 100) / 100,
    baseline_ms: Math.round(worst.baselineMs * 100) / 100,
    claims_per_s: worst.claimsPerSecond,
  }),
);
