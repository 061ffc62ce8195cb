import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PathLimits, PathSearch } from "./augmenting-paths.ts";
import type { CandidateIndex } from "./candidate-index.ts";
import type { CandidateSearch, SearchLimits } from "./candidate-search.ts";
import { chunksOf, DONE, FAILED, finishAbandoned, newLinkJob, takeChunks, type LinkJob } from "./link-job.ts";
import type { MatchGraph } from "./match-graph.ts";
import type { MemberTable } from "./member-table.ts";
import { newPathsJob, P_DONE, P_FAILED, P_PROGRESS, P_ROUNDS } from "./paths-job.ts";
import type { ScoreModel } from "./score-model.ts";
import { shareTable } from "./shared-table.ts";
import { sharedInts } from "./typed-arrays.ts";

/**
 * One helper thread per process, started on first need and kept (unref'd, so it never holds the process open):
 * a full run at 100,000 members links for most of a second, and this machine has two cores. The main thread never
 * waits for the helper to start: it takes chunks from the first moment, and a helper that is not ready simply
 * takes none. A helper that fails or stalls is replaced at the next run, and its chunks are linked here.
 */
let helper: Worker | undefined;
/** Set by the helper once it listens for jobs (a shared word: this thread may be blocked when it happens). */
let helperUp: Int32Array = new Int32Array(1);
let failures = 0;
const MAX_FAILURES = 3;
/** No chunk finished for this long while the helper held one: it is stuck or gone. */
const STALL_MS = 3000;

/** What the last parallel link did, for tests and the benchmark. */
export interface LinkReport {
  readonly chunks: number;
  readonly byHelper: number;
  readonly recovered: number;
}
let lastReport: LinkReport | undefined;
export const lastLinkReport = (): LinkReport | undefined => lastReport;
/** Where the last full run on two threads searched its paths. */
let lastPaths: "helper" | "here" | undefined;
export const lastPathsSearch = (): "helper" | "here" | undefined => lastPaths;

function entry(): { tsx: string | null; worker: string } {
  const here = import.meta.url;
  const typescript = here.endsWith(".ts");
  const worker = new URL(typescript ? "./link-worker.ts" : "./link-worker.js", here).href;
  if (!typescript) return { tsx: null, worker };
  // Run from TypeScript sources (tsx, vitest): the helper registers tsx's ESM hooks before loading its entry,
  // because Node 20 does not pass a parent's loader hooks on to worker threads.
  const packageJson = createRequire(here).resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(packageJson, "utf8")) as { exports: Record<string, unknown> })
    .exports["./esm/api"] as { import: { default: string } };
  return { tsx: pathToFileURL(join(dirname(packageJson), exports.import.default)).href, worker };
}

const BOOT = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx !== null) (await import(workerData.tsx)).register();
  await import(workerData.worker);
  Atomics.store(new Int32Array(workerData.up), 0, 1);
})().catch((error) => { console.error("kindred matching helper thread could not start:", error); process.exit(1); });
`;

/** Starts the helper if none runs (cheap to call often); false once helpers have failed too often. */
export function startLinkHelper(): boolean {
  if (helper !== undefined) return true;
  if (failures >= MAX_FAILURES) return false;
  let started: Worker;
  try {
    const up = new SharedArrayBuffer(4);
    started = new Worker(BOOT, { eval: true, workerData: { ...entry(), up }, execArgv: [] });
    helperUp = new Int32Array(up);
  } catch (error) {
    // No thread (tsx not found, threads refused): every run links on this thread, as below 20,000 members.
    failures = MAX_FAILURES;
    console.error("kindred matching helper thread not started:", error);
    return false;
  }
  started.unref();
  // A thread that dies by itself (an uncaught error, or it could not load) counts as a failure; one stopped here
  // (stopLinkHelper) was already counted or is a test's.
  const lost = (): void => {
    if (helper !== started) return;
    helper = undefined;
    failures++;
  };
  started.on("error", lost);
  started.on("exit", lost);
  helper = started;
  return true;
}

/** Stops the helper (tests; a process that exits needs no call). */
export async function stopLinkHelper(): Promise<void> {
  const stopping = helper;
  helper = undefined;
  await stopping?.terminate();
}

/** Waits for the helper to move `control[at]` on from `seen`; true if it did not within STALL_MS. */
function stalledAt(control: Int32Array, at: number, seen: number): boolean {
  return Atomics.wait(control, at, seen, STALL_MS) === "timed-out" && Atomics.load(control, at) === seen;
}

/** A helper that failed or stalled counts as a failure and is replaced at the next run. */
function giveUpOnHelper(): void {
  failures++;
  void stopLinkHelper();
}

/** About this many chunks per job: small enough to share out evenly, large enough that taking one costs nothing. */
const CHUNKS = 64;
const MIN_CHUNK = 64;

/**
 * Every pool member's best partners, linked on this thread and the helper's; undefined when no helper can run
 * (the caller then links on this thread alone).
 */
export function linkWithHelper(
  table: MemberTable,
  index: CandidateIndex,
  pool: readonly number[],
  model: ScoreModel,
  limits: SearchLimits,
  search: CandidateSearch,
): LinkJob | undefined {
  if (!startLinkHelper()) return undefined;
  const chunk = Math.max(MIN_CHUNK, Math.ceil(pool.length / CHUNKS));
  const job = newLinkJob(shareTable(table, index.pack()), pool, model, limits, chunk);
  runLinkJob(job, search);
  return job;
}

/**
 * Hands the job to the helper and takes chunks here too, then waits for the helper's last chunk; links here what
 * a failed or stalled helper left. Exported for tests, which hand it jobs the helper cannot do.
 */
export function runLinkJob(job: LinkJob, search: CandidateSearch): LinkReport {
  helper?.postMessage(job);
  const mine = takeChunks(job, search, false);
  const chunks = chunksOf(job);
  let recovered = 0;
  let stalled = false;
  for (let done = Atomics.load(job.control, DONE); done < chunks; done = Atomics.load(job.control, DONE)) {
    if (Atomics.load(job.control, FAILED) === 1 || stalled) {
      recovered = chunks - Atomics.load(job.control, DONE);
      finishAbandoned(job, search);
      giveUpOnHelper();
      break;
    }
    stalled = stalledAt(job.control, DONE, done);
  }
  lastReport = { chunks, byHelper: chunks - mine - recovered, recovered };
  return lastReport;
}

/**
 * A full run's path search on the helper thread, over shared copies of the assignment, while this thread words
 * (`word`) the pairs greedy matched, most of which the paths keep (at 100,000 members: 33,000 of 56,000); then
 * the assignment the helper found is taken back into `graph`, and `search` goes on numbering its rounds after the
 * helper's. False (the graph as greedy left it, some pairs perhaps worded) when no helper runs, or it failed or
 * stalled: the caller then searches here. Wording more (the pairs the paths add, as they come) was tried: the
 * allocation slowed the helper's search more than it saved.
 */
export function pathsWithHelper(
  graph: MatchGraph,
  search: PathSearch,
  roots: readonly number[],
  limits: PathLimits,
  word: (edge: number) => void,
): boolean {
  lastPaths = "here";
  // A helper still starting would leave this thread waiting on a search it could run itself.
  if (helper === undefined || Atomics.load(helperUp, 0) !== 1) return false;
  const job = newPathsJob(graph.forHelper(), sharedInts(roots), limits);
  helper.postMessage(job);
  const control = job.control;
  // This thread's graph keeps greedy's assignment meanwhile: the helper changes copies.
  for (let edge = 0, worded = 0; edge < graph.edgeCount; edge++) {
    if (graph.matched[edge] !== 1) continue;
    word(edge);
    if (++worded % 64 === 0 && Atomics.load(control, P_DONE) === 1) break;
  }
  for (;;) {
    if (Atomics.load(control, P_DONE) === 1) break;
    const seen = Atomics.load(control, P_PROGRESS);
    const stalled = Atomics.load(control, P_FAILED) !== 1 && stalledAt(control, P_PROGRESS, seen);
    if (Atomics.load(control, P_FAILED) === 1 || stalled) {
      giveUpOnHelper();
      return false;
    }
  }
  graph.adoptAssignment(job.graph);
  search.continueAfter(Atomics.load(control, P_ROUNDS));
  lastPaths = "helper";
  return true;
}
