/**
 * `npm run bench:match-flow [members]`: the matching flow on a stored community (SQLite file, sealed profiles, as
 * `kindred start` keeps them), 10,000 members by default. It times a run after 10 newcomers saved their profile,
 * with the engine kept from the last run (what the flow does) against the same run with the engine built afresh
 * (what it did before; the baseline, in the same process), and reports how long the run held a transaction and
 * the longest the event loop was blocked, since that is what the bot and the web wait for. Last line: JSON.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { UserId } from "../bot/ids.ts";
import { loadSodium } from "../bot/crypto/sodium.ts";
import { dropLiveEngine } from "../bot/match-flow/live-matcher.ts";
import { requestMatchingRun } from "../bot/match-flow/looking.ts";
import { matchingTick, prepareMatchingRun } from "../bot/match-flow/run.ts";
import { communityWording, MATCH_FLOW_DEFAULTS, type MatchFlowSettings } from "../bot/match-flow/settings.ts";
import type { CommunityProfile } from "../bot/onboarding/community.ts";
import { memberCipher } from "../bot/onboarding/member-cipher.ts";
import { findOrCreateMember, markOnboarded } from "../bot/onboarding/members-store.ts";
import { saveProfile } from "../bot/onboarding/profiles-store.ts";
import { seedMembers } from "../bin/seed-profiles.ts";
import { connectDatabase, migrateToLatest } from "../schema/index.ts";

const size = Number(process.argv[2] ?? 10_000);
const NEWCOMERS = 10;
const community: CommunityProfile = {
  name: "Bench",
  purpose: "",
  values: [],
  guidelines: [],
  crisisResources: {},
  consents: [],
  experiences: Array.from({ length: 40 }, (_, i) => ({ id: `experience-${i}`, label: `Experience ${i}` })),
  languages: ["en", "fr", "de", "es", "pt", "it", "nl", "pl"].map((id) => ({ id, label: id })),
  supportTags: [],
};

const dir = mkdtempSync(join(tmpdir(), "kindred-bench-flow-"));
const handle = connectDatabase(join(dir, "kindred.sqlite"));
const migrated = await migrateToLatest(handle);
if (!migrated.ok) throw new Error(migrated.message);
const { db } = handle;
const { sodium } = await loadSodium();
const flow: MatchFlowSettings = {
  ...MATCH_FLOW_DEFAULTS,
  cipher: memberCipher(sodium, new Uint8Array(32).fill(7)),
  wording: communityWording(community.experiences),
};
const peerRooms = { seal: (text: string) => text };
const profiles = seedMembers(community, size + 4 * NEWCOMERS, 2026).map((m) => m.profile);
let clock = Date.parse("2026-12-01T12:00:00Z");
const tick = (): Date => new Date((clock += 1_000));

async function addMembers(from: number, count: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = from; i < from + count; i++) {
      const profile = profiles[i];
      if (profile === undefined) throw new Error("not enough profiles");
      const now = tick();
      const member = await findOrCreateMember(trx, `@member${i}:bench.test` as UserId, now);
      await saveProfile(trx, flow.cipher, member.id, profile, now);
      await markOnboarded(trx, member.id, now);
    }
  });
}

interface RunFigures {
  readonly prepareMs: number;
  readonly transactionMs: number;
  readonly blockedMs: number;
  readonly suggested: number;
  readonly mode: string;
}

/** One run as the processor makes it: prepare outside any transaction, then offer inside one. */
async function run(): Promise<RunFigures> {
  const now = tick();
  await requestMatchingRun(db, now);
  // The longest the event loop went without running a 1 ms timer: how long a web request could have waited.
  let blockedMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    blockedMs = Math.max(blockedMs, t - last);
    last = t;
  }, 1);
  const start = performance.now();
  const prepared = await prepareMatchingRun(db, flow, now);
  const prepareMs = performance.now() - start;
  if (prepared === undefined) throw new Error("no run was due");
  const committing = performance.now();
  const { summary } = await db
    .transaction()
    .execute((trx) => matchingTick(trx, flow, peerRooms, tick(), prepared));
  const transactionMs = performance.now() - committing;
  await new Promise((resolve) => setTimeout(resolve, 2));
  clearInterval(timer);
  return {
    prepareMs,
    transactionMs,
    blockedMs,
    suggested: summary.suggested,
    mode: prepared.engine.mode,
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
const show = (label: string, f: RunFigures): void =>
  console.log(
    `${label.padEnd(34)} prepare ${round(f.prepareMs)} ms, transaction ${round(f.transactionMs)} ms, ` +
      `event loop blocked at most ${round(f.blockedMs)} ms, ${f.suggested} suggested (${f.mode})`,
  );

const seeding = performance.now();
await addMembers(0, size);
console.log(`${size} members stored in ${Math.round(performance.now() - seeding)} ms`);
// The first runs after a start open every profile and offer the backlog, at most 1,000 offers per transaction.
let first = await run();
show("first run (every profile opened)", first);
for (let n = 2; first.suggested >= 1_000; n++) show(`backlog run ${n}`, (first = await run()));
show("then a run with nothing changed", await run());

// Same change, twice each way, alternating, so the machine's load falls on both alike.
const kept: RunFigures[] = [];
const rebuilt: RunFigures[] = [];
for (let round = 0; round < 4; round++) {
  await addMembers(size + round * NEWCOMERS, NEWCOMERS);
  const keep = round % 2 === 0;
  if (!keep) dropLiveEngine(flow);
  const figures = await run();
  (keep ? kept : rebuilt).push(figures);
  show(`${NEWCOMERS} newcomers, engine ${keep ? "kept" : "rebuilt"}`, figures);
}
const best = (list: RunFigures[], key: keyof RunFigures): number =>
  Math.min(...list.map((f) => Number(f[key])));
const runMs = best(kept, "prepareMs") + best(kept, "transactionMs");
const baselineMs = best(rebuilt, "prepareMs") + best(rebuilt, "transactionMs");
await handle.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: "match-flow",
    members: size,
    newcomers: NEWCOMERS,
    run_ms: round(runMs),
    baseline_ms: round(baselineMs),
    ratio: Math.round((runMs / baselineMs) * 1000) / 1000,
    transaction_ms: round(best(kept, "transactionMs")),
    blocked_ms: round(best(kept, "blockedMs")),
    baseline_blocked_ms: round(best(rebuilt, "blockedMs")),
  }),
);
